/**
 * The drift test's comparison (tests/e2e/drift.e2e.test.ts): every report the monitor stored
 * against `Worker.consistency(asOf: today)` read through the gateway — status, nextReviewOn,
 * missing sources, findings' ids and evidence ids. For a report stored on an earlier day, the
 * findings are compared with the wording that only counts days masked, as nextReviewOn itself
 * compares reports (engine/review.ts).
 */
import type { CalendarDate } from '../../subgraphs/kit/dates';
import { findingId } from '../../subgraphs/consistency/identity';
import { maskDays } from '../../subgraphs/consistency/engine/review';
import type { StoredFinding, StoredReport } from '../../subgraphs/monitor/report';
import type { DriftWorld } from './drift-world';
import type { GraphQLResponse } from './graphql';
import type { Stack } from './stack';

const FRESH = `query Fresh($asOf: Date!, $after: String) {
  workers(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id consistency(asOf: $asOf) {
      status nextReviewOn missingSources
      findings {
        id ruleId severity title explanation responsibleParty affectedParty legalBasis
        recommendedAction dueBy employer { id } evidence { id source entity recordId field value }
      }
    } } }
  }
}`;

type Fact = { id: string; source: string; entity: string; recordId: string; field: string };
type Shown = Omit<StoredFinding, 'employerId' | 'evidence'> & {
  evidence: (Fact & { value: string | null })[];
};
type FreshFinding = Shown & { id: string; employer: { id: string } | null };

/** A report as compared: its findings by id, each with its evidence ids. */
export interface Compared {
  status: string;
  nextReviewOn: string | null;
  missingSources: string[];
  findings: { id: string; ruleId: string; evidence: string[] }[];
}

interface FreshPage {
  workers: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        id: string;
        consistency: Omit<Compared, 'findings'> & { findings: FreshFinding[] };
      };
    }[];
  };
}

/**
 * A finding's id as Worker.consistency computes it. For a report stored on an earlier day than
 * `today`, both sides' ids are computed with the two days and the day counts of the explanations
 * masked: the wording that only counts days changes daily without a review (nextReviewOn's own
 * definition of "the report could change", engine/review.ts), everything else must be equal.
 */
export function compared(
  workerId: string,
  report: Omit<Compared, 'findings'> & { findings: (Shown & { employerId: string | null })[] },
  days: CalendarDate[] | null,
): Compared {
  return {
    status: report.status,
    nextReviewOn: report.nextReviewOn,
    missingSources: [...report.missingSources].sort(),
    findings: report.findings
      .map((f) => ({
        id: findingId({
          ...f,
          workerId,
          explanation: days ? maskDays(f.explanation, days) : f.explanation,
        }),
        ruleId: f.ruleId,
        evidence: f.evidence.map((e) => e.id).sort(),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

interface StoredRow {
  id: string;
  cause: string;
  source: string | null;
  status: string;
  asOf: string;
  report: StoredReport;
  review: string | null;
}

const storedForm = (r: StoredRow, days: CalendarDate[] | null) =>
  compared(r.id, { ...r.report, status: r.status, nextReviewOn: r.review }, days);

/** The comparisons over one stack, on the world's today. */
export function driftCheck(stack: () => Stack, world: DriftWorld) {
  /** Every stored report. */
  async function storedRows(): Promise<Map<string, StoredRow>> {
    const rows = (await stack().monitor.db.dataSource.query(
      `SELECT worker_id::text AS id, status, report, to_char(as_of, 'YYYY-MM-DD') AS "asOf",
              to_char(next_review_on, 'YYYY-MM-DD') AS review, cause, source FROM monitored_worker`,
    )) as StoredRow[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Every stored report in the compared form, as of the day it was stored. */
  async function stored(): Promise<Map<string, Compared>> {
    const rows = await storedRows();
    return new Map([...rows].map(([id, r]) => [id, storedForm(r, null)]));
  }

  /**
   * The workers whose stored report differs from Worker.consistency(asOf: today) through the gateway
   * (or exists on one side only), among `only` when given.
   */
  async function drift(
    only?: Set<string>,
  ): Promise<{ worker: string; stored?: Compared; fresh?: Compared }[]> {
    const rows = await storedRows();
    const out: { worker: string; stored?: Compared; fresh?: Compared }[] = [];
    const seen = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse<FreshPage> = await stack().query<FreshPage>(FRESH, {
        asOf: world.today,
        after,
      });
      if (!only) expect(res.errors).toBeUndefined();
      const page = res.data!.workers;
      for (const { node } of page.edges) {
        seen.add(node.id);
        if (only && !only.has(node.id)) continue;
        const c = node.consistency;
        const findings = c.findings.map((f) => ({ ...f, employerId: f.employer?.id ?? null }));
        // The ids computed here are the ids the gateway answered.
        expect(compared(node.id, { ...c, findings }, null).findings.map((f) => f.id)).toEqual(
          c.findings.map((f) => f.id).sort(),
        );
        const row = rows.get(node.id);
        const days = row && row.asOf !== world.today ? [row.asOf, world.today] : null;
        const mine = row ? storedForm(row, days) : undefined;
        const theirs = compared(node.id, { ...c, findings }, days);
        world.size.workersChecked += 1;
        if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
          // What differs, to find the cause: the evidence on one side only, and how it was stored.
          const facts = (fs: Shown[]) =>
            fs.flatMap((f) =>
              f.evidence.map((e) => `${f.ruleId} ${e.entity}.${e.field}=${e.value}`),
            );
          const a = facts(row?.report.findings ?? []);
          const b = facts(c.findings);
          out.push({
            worker: node.id,
            stored: mine,
            fresh: theirs,
            detail: {
              asOf: row?.asOf,
              cause: row?.cause,
              source: row?.source,
              onlyStored: a.filter((x) => !b.includes(x)),
              onlyFresh: b.filter((x) => !a.includes(x)),
            },
          } as never);
        }
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    for (const id of rows.keys())
      if (!seen.has(id) && (!only || only.has(id))) out.push({ worker: id, fresh: undefined });
    world.size.checks += 1;
    return out;
  }

  return { storedRows, stored, drift };
}
