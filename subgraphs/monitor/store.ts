import type { DataSource, EntityManager } from 'typeorm';
import { outlookColumns } from './outlook';
import {
  findingKey,
  type Cause,
  type Evaluation,
  type Status,
  type StoredFinding,
  type StoredReport,
  type ReadProfile,
  type WorkerProfile,
} from './report';

/** What one evaluation of one worker found. */
export type Outcome =
  | { kind: 'evaluated'; evaluation: Evaluation }
  /** The worker could not be read at all (its registry of identity is down): INCOMPLETE. */
  | { kind: 'unavailable'; workerId: string; asOf: string; missingSources: string[] }
  /** The worker no longer exists: its stored report goes (its transitions stay). */
  | { kind: 'removed'; workerId: string };

/** Why and from what change a batch was evaluated. */
export interface Trigger {
  cause: Cause;
  /** Which registry, calendar or sweep. */
  source?: string | null;
  /** The change (feed position, job id) it answers. */
  changeRef?: string | null;
}

interface Previous {
  worker_id: string;
  status: Status;
  report: StoredReport;
  profile: WorkerProfile;
}

/** The cause recorded: a first evaluation, a source lost or restored, else the trigger's. */
function causeOf(previous: Previous | undefined, next: Evaluation, trigger: Trigger): Cause {
  if (!previous) return 'FIRST_EVALUATION';
  const before = previous.report.missingSources.length > 0;
  const after = next.report.missingSources.length > 0;
  if (!before && after) return 'SOURCE_UNAVAILABLE';
  if (before && !after) return 'SOURCE_RESTORED';
  return trigger.cause;
}

/** Findings of `a` whose identity (findingKey) is not among `b`'s. */
function minus(a: StoredFinding[], b: StoredFinding[]): StoredFinding[] {
  const keys = new Set(b.map(findingKey));
  return a.filter((f) => !keys.has(findingKey(f)));
}

const sameSources = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();

/** What was read, and what was last known where nothing arrived. */
function profileOf(read: ReadProfile, prev: Previous | undefined): WorkerProfile {
  const known = prev?.profile;
  return {
    residenceStatus: read.residenceStatus,
    nationality: read.nationality ?? known?.nationality ?? null,
    employerIds: read.employerIds ?? known?.employerIds ?? [],
    jobFields: read.jobFields ?? known?.jobFields ?? [],
    municipalityCode: read.municipalityCode ?? known?.municipalityCode ?? null,
  };
}

/**
 * A report nobody could read: INCOMPLETE, the sources that could not be read missing. The findings
 * last known stay (unconfirmed, not resolved), so nothing is recorded as cured by an outage.
 */
function unreadable(o: Extract<Outcome, { kind: 'unavailable' }>, prev: Previous): Evaluation {
  return {
    workerId: o.workerId,
    status: 'INCOMPLETE',
    asOf: o.asOf,
    nextReviewOn: null,
    report: {
      findings: prev.report.findings,
      missingSources: o.missingSources,
      unevaluatedRules: prev.report.unevaluatedRules,
    },
    // The columns the views group by keep what was last known.
    profile: prev.profile,
  };
}

/**
 * The monitor's store: every worker's current report and every change of it. A batch is written
 * in one transaction (its rows locked first, so two batches for the same worker queue), with one
 * statement for the reports and one for the transitions; re-evaluating with the same result
 * writes no transition. The reports' triggers keep the population views' tables (the flattened
 * findings, the overview's counts) in the same statement (migration PopulationStore).
 */
/** The transitions' advisory lock, in the two-integer key space (kit/changes.ts uses 4715172, 2). */
const TRANSITION_LOCK = '4715172, 3';

export class MonitorStore {
  constructor(private readonly ds: DataSource) {}

  /** Records the start of a sweep; its id. */
  async sweepStarted(): Promise<string> {
    const [row] = (await this.ds.query(
      'INSERT INTO monitor_sweep (started_at) VALUES (now()) RETURNING id::text AS id',
    )) as { id: string }[];
    return row.id;
  }

  async sweepFinished(id: string, workers: number): Promise<void> {
    await this.ds.query(
      'UPDATE monitor_sweep SET finished_at = now(), workers = $2 WHERE id = $1',
      [id, workers],
    );
  }

  /**
   * Removes the stored workers the sweep did not see and nothing evaluated since it started (they
   * no longer exist); the database's clock on both sides.
   */
  async removeUnseen(seen: string[], sweepId: string): Promise<number> {
    const [, count] = (await this.ds.query(
      `DELETE FROM monitored_worker
        WHERE evaluated_at < (SELECT started_at FROM monitor_sweep WHERE id = $2)
          AND NOT (worker_id = ANY($1::uuid[]))`,
      [seen, sweepId],
    )) as [unknown, number];
    return count;
  }

  /**
   * After a sweep has written every report: the tally vacuumed (a store just written has no page
   * marked all-visible, so riskOverview's index-only scans visit the heap for every row: 3.5 s for
   * the page of employers right after a sweep of 1,000,000), the reports and findings analyzed (a
   * table that grew from nothing has no statistics). Where the service role does not own the
   * tables PostgreSQL skips both with a warning; autovacuum does it there (migration
   * StoreMaintenance).
   */
  async settle(): Promise<void> {
    await this.ds.query('VACUUM (ANALYZE) monitor_tally');
    await this.ds.query('ANALYZE monitored_worker, monitor_finding');
  }

  async isEmpty(): Promise<boolean> {
    const rows = (await this.ds.query('SELECT 1 FROM monitored_worker LIMIT 1')) as unknown[];
    return rows.length === 0;
  }

  async save(outcomes: Outcome[], trigger: Trigger): Promise<{ transitions: number }> {
    if (outcomes.length === 0) return { transitions: 0 };
    return this.ds.transaction((m) => this.saveIn(m, outcomes, trigger));
  }

  private async saveIn(m: EntityManager, outcomes: Outcome[], trigger: Trigger) {
    const ids = outcomes.map((o) => (o.kind === 'evaluated' ? o.evaluation.workerId : o.workerId));
    const previous = new Map(
      (
        (await m.query(
          `SELECT worker_id, status, report, json_build_object('residenceStatus', residence_status,
                'nationality', nationality, 'employerIds', employer_ids, 'jobFields', job_fields,
                'municipalityCode', municipality_code) AS profile
           FROM monitored_worker
          WHERE worker_id = ANY($1::uuid[]) ORDER BY worker_id FOR UPDATE`,
          [ids],
        )) as Previous[]
      ).map((p) => [p.worker_id, p]),
    );
    const removed = outcomes.flatMap((o) => (o.kind === 'removed' ? [o.workerId] : []));
    const rows: Record<string, unknown>[] = [];
    const transitions: Record<string, unknown>[] = [];
    for (const o of outcomes) {
      if (o.kind === 'removed') continue;
      const prev = previous.get(o.kind === 'evaluated' ? o.evaluation.workerId : o.workerId);
      // A worker never evaluated and now unreadable: nothing known, nothing to mark.
      const next = o.kind === 'evaluated' ? o.evaluation : prev ? unreadable(o, prev) : null;
      if (!next) continue;
      const cause = causeOf(prev, next, trigger);
      const before = prev?.report.findings ?? [];
      const added = minus(next.report.findings, before);
      const resolved = minus(before, next.report.findings);
      const changed =
        !prev ||
        prev.status !== next.status ||
        added.length > 0 ||
        resolved.length > 0 ||
        !sameSources(prev.report.missingSources, next.report.missingSources);
      if (changed)
        transitions.push({
          worker_id: next.workerId,
          from_status: prev?.status ?? null,
          to_status: next.status,
          cause,
          source: trigger.source ?? null,
          findings_added: added,
          findings_resolved: resolved,
        });
      const profile = profileOf(next.profile, prev);
      rows.push({
        worker_id: next.workerId,
        status: next.status,
        report: next.report,
        next_review_on: next.nextReviewOn,
        as_of: next.asOf,
        cause,
        source: trigger.source ?? null,
        change_ref: trigger.changeRef ?? null,
        residence_status: profile.residenceStatus,
        nationality: profile.nationality,
        employer_ids: profile.employerIds,
        job_fields: profile.jobFields,
        municipality_code: profile.municipalityCode,
        // A report nobody could read keeps no outlook: the stored one would be stale.
        ...outlookColumns(o.kind === 'evaluated' ? o.evaluation.outlook : null),
      });
    }
    if (rows.length)
      await m.query(
        `INSERT INTO monitored_worker (worker_id, status, report, next_review_on, as_of,
           evaluated_at, cause, source, change_ref, residence_status, nationality, employer_ids,
           job_fields, municipality_code, outlook_on, outlook_status, outlook_rule_ids)
         SELECT worker_id, status, report, next_review_on, as_of, now(), cause, source, change_ref,
                residence_status, nationality, employer_ids, job_fields, municipality_code,
                outlook_on, outlook_status, outlook_rule_ids
           FROM jsonb_to_recordset($1::jsonb) AS r(worker_id uuid, status text, report jsonb,
                next_review_on date, as_of date, cause text, source text, change_ref text,
                residence_status text, nationality text,
                employer_ids text[], job_fields text[], municipality_code text,
                outlook_on date, outlook_status text, outlook_rule_ids text[])
         ON CONFLICT (worker_id) DO UPDATE SET status = EXCLUDED.status, report = EXCLUDED.report,
           next_review_on = EXCLUDED.next_review_on, as_of = EXCLUDED.as_of,
           evaluated_at = EXCLUDED.evaluated_at, cause = EXCLUDED.cause, source = EXCLUDED.source,
           change_ref = EXCLUDED.change_ref,
           residence_status = EXCLUDED.residence_status, nationality = EXCLUDED.nationality,
           employer_ids = EXCLUDED.employer_ids, job_fields = EXCLUDED.job_fields,
           municipality_code = EXCLUDED.municipality_code, outlook_on = EXCLUDED.outlook_on,
           outlook_status = EXCLUDED.outlook_status, outlook_rule_ids = EXCLUDED.outlook_rule_ids`,
        [JSON.stringify(rows)],
      );
    // After the upsert: its triggers wait for no row once they hold the tally's lock (migration
    // PopulationStore), and the rows removed are locked already.
    if (removed.length)
      await m.query('DELETE FROM monitored_worker WHERE worker_id = ANY($1::uuid[])', [removed]);
    if (transitions.length) {
      // The feed is read by (at, id) from a cursor: a transition must never commit behind one a
      // reader has already passed. Written last, under a transaction-level lock held until the
      // commit, stamped with the clock once the lock is held: (at, id) order is commit order (as
      // the registries' outbox, kit/changes.ts).
      await m.query(`SELECT pg_advisory_xact_lock(${TRANSITION_LOCK})`);
      await m.query(
        `INSERT INTO risk_transition (worker_id, at, from_status, to_status, cause, source,
           findings_added, findings_resolved)
         SELECT worker_id, clock_timestamp(), from_status, to_status, cause, source, findings_added,
                findings_resolved
           FROM jsonb_to_recordset($1::jsonb) AS r(worker_id uuid, from_status text,
                to_status text, cause text, source text, findings_added jsonb,
                findings_resolved jsonb)`,
        [JSON.stringify(transitions)],
      );
    }
    return { transitions: transitions.length };
  }
}
