import { requestHeaders } from '../headers';
import { loadRequests } from '../load';
import { percentile, type RunStats } from '../stats';
import { writeRequest, type WriteKind } from '../workloads';
import type { MonitorStack } from './stack';
import { RISK_DIMENSIONS } from '../../subgraphs/monitor/views/overview';

/** The population views through the gateway, each with a name for the report. */

const OVERVIEW = `query BenchRiskOverview($groupBy: RiskDimension) {
  riskOverview(groupBy: $groupBy) {
    asOf workers byStatus { status count } byRule { ruleId count }
    groups { key label byStatus { status count } byRule { ruleId count } }
  }
}`;
const FINDINGS = `query BenchFindings {
  findings(first: 50) {
    edges { cursor node { id ruleId severity dueBy worker { id } employer { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const TRANSITIONS = `query BenchTransitions($since: DateTime!) {
  riskTransitions(since: $since, first: 50) {
    edges { cursor node { worker { id } at from to cause source } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const UPCOMING = `query BenchUpcoming {
  upcomingRisks(within: 90, first: 50) {
    edges { cursor node { worker { id } on status ruleIds } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface ViewRequest {
  name: string;
  /** The p50 target in ms (c=1). */
  target: number;
  body: { query: string; variables: Record<string, unknown> };
}

export function viewRequests(now = Date.now()): ViewRequest[] {
  const since = new Date(now - 24 * 3600_000).toISOString();
  return [
    { name: 'riskOverview', target: 100, body: { query: OVERVIEW, variables: {} } },
    ...RISK_DIMENSIONS.map((d) => ({
      name: `riskOverview(groupBy: ${d})`,
      target: 100,
      body: { query: OVERVIEW, variables: { groupBy: d } },
    })),
    { name: 'findings(first: 50)', target: 50, body: { query: FINDINGS, variables: {} } },
    {
      name: 'riskTransitions(since: yesterday, first: 50)',
      target: 50,
      body: { query: TRANSITIONS, variables: { since } },
    },
    {
      name: 'upcomingRisks(within: 90, first: 50)',
      target: NaN,
      body: { query: UPCOMING, variables: {} },
    },
  ];
}

export interface ViewResult {
  name: string;
  target: number;
  concurrency: number;
  stats: RunStats & { sampleError?: string };
}

/** Each view at each concurrency through the gateway (autocannon, as the other workloads). */
export async function measureViews(
  gatewayUrl: string,
  concurrency: number[],
  seconds: number,
  log: (line: string) => void,
): Promise<ViewResult[]> {
  const out: ViewResult[] = [];
  for (const view of viewRequests()) {
    await loadRequests(gatewayUrl, () => view.body, { concurrency: 2, seconds: 1 });
    let answered = true;
    for (const c of concurrency) {
      // A view that answered nothing at c=1 (each request outlived the run) is not loaded harder.
      if (!answered) continue;
      const stats = await loadRequests(gatewayUrl, () => view.body, { concurrency: c, seconds });
      answered = stats.requests > stats.errors;
      // Nothing answered within the run: one request alone, timed to its end (up to 120 s).
      if (stats.requests === 0) Object.assign(stats, await once(gatewayUrl, view.body));
      out.push({ name: view.name, target: view.target, concurrency: c, stats });
      log(
        `  ${view.name} c=${c}: ${stats.rps.toFixed(1)} req/s, p50 ${stats.p50.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms, errors ${stats.errors}${stats.sampleError ? ` (${stats.sampleError.slice(0, 160)})` : ''}`,
      );
    }
  }
  return out;
}

/** One request's latency, as the figures of a run of one request (an error counts as such). */
async function once(url: string, body: object): Promise<RunStats & { sampleError?: string }> {
  const started = performance.now();
  const text = await fetch(url, {
    method: 'POST',
    headers: requestHeaders(),
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  }).then(
    (res) => res.text().then((t) => `${res.status === 200 ? '' : res.status}${t}`),
    (error: Error) => `"errors": ${error.message}`,
  );
  const ms = performance.now() - started;
  const failed = text.includes('"errors":');
  return {
    requests: 1,
    errors: failed ? 1 : 0,
    seconds: ms / 1000,
    rps: 1000 / ms,
    p50: ms,
    p95: ms,
    p99: ms,
    ...(failed ? { sampleError: text.slice(0, 300) } : {}),
  };
}

export interface MutationLatency {
  rate: number;
  sent: number;
  /** How long sending took (it is late when the harness itself is starved of CPU). */
  sentSeconds: number;
  errors: number;
  sampleError?: string;
  /** Mutations whose worker's stored report was seen updated (cause DATA_CHANGE) after the commit. */
  observed: number;
  p50: number;
  p95: number;
  max: number;
  /** Of those, the ones the store also recorded a transition for. */
  transitions: number;
  transitionP50: number;
  transitionP95: number;
  /** Resolution of the observation (the store is polled this often), ms. */
  pollMs: number;
}

const KINDS: WriteKind[] = ['startEmployment', 'enrollInsurance', 'assessTax'];

/**
 * `rate` mutations per second through the gateway, each on its own worker, for `seconds`; the
 * monitor's store polled every `pollMs` for each worker's report re-evaluated after its mutation
 * (cause DATA_CHANGE) and its transition. Latency: from the mutation's answer (committed) to the
 * poll that saw the stored report.
 */
export async function measureMutations(
  stack: MonitorStack,
  workers: string[],
  employers: string[],
  rate: number,
  seconds: number,
  log: (line: string) => void,
): Promise<MutationLatency> {
  const pollMs = 50;
  const count = Math.min(workers.length, Math.round(rate * seconds));
  const acked = new Map<string, number>();
  const reportSeen = new Map<string, number>();
  const transitionSeen = new Map<string, number>();
  let errors = 0;
  let sampleError: string | undefined;
  const started = Date.now();
  let sentSeconds = 0;
  const sends: Promise<void>[] = [];
  let sending = true;
  const poll = (async () => {
    while (sending || reportSeen.size < acked.size) {
      await new Promise((r) => setTimeout(r, pollMs));
      const waiting = [...acked.keys()].filter((w) => !reportSeen.has(w));
      if (waiting.length) {
        // Evaluated after the mutation was committed, every source read (not an outage's report).
        const rows = await stack.query<{ w: string; t: boolean }>(
          `SELECT m.worker_id::text AS w, EXISTS (SELECT 1 FROM risk_transition t
                   WHERE t.worker_id = m.worker_id AND t.at >= a.t) AS t
             FROM unnest($1::uuid[], $2::timestamptz[]) AS a(w, t)
             JOIN monitored_worker m ON m.worker_id = a.w
            WHERE m.evaluated_at >= a.t AND jsonb_array_length(m.report->'missingSources') = 0`,
          [waiting, waiting.map((w) => new Date(acked.get(w) as number).toISOString())],
        );
        const now = Date.now();
        for (const r of rows) {
          reportSeen.set(r.w, now);
          if (r.t) transitionSeen.set(r.w, now);
        }
      }
      if (!sending && Date.now() - started > (seconds + 120) * 1000) break;
    }
  })();
  for (let k = 0; k < count; k++) {
    const due = started + (k * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const workerId = workers[k];
    const body = writeRequest({
      kind: KINDS[k % KINDS.length],
      workerId,
      employerId: employers[k % employers.length],
      assessmentId: '',
      n: k,
    });
    sends.push(
      fetch(stack.gateway.url, {
        method: 'POST',
        headers: requestHeaders(),
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      })
        .then(async (res) => {
          const text = await res.text();
          if (res.status !== 200 || text.includes('"errors":')) throw new Error(text.slice(0, 300));
          acked.set(workerId, Date.now());
        })
        .catch((error: Error) => {
          errors += 1;
          sampleError ??= error.message;
        }),
    );
  }
  sentSeconds = (Date.now() - started) / 1000;
  await Promise.all(sends);
  sending = false;
  log(
    `  ${count} mutations sent in ${sentSeconds.toFixed(1)} s, answered in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for the store …`,
  );
  await poll;
  const lat = (seen: Map<string, number>) =>
    [...seen].map(([w, t]) => t - (acked.get(w) as number)).sort((a, b) => a - b);
  const reports = lat(reportSeen);
  const transitions = lat(transitionSeen);
  return {
    rate,
    sent: count,
    sentSeconds,
    errors,
    sampleError,
    observed: reports.length,
    p50: percentile(reports, 50),
    p95: percentile(reports, 95),
    max: reports.at(-1) ?? NaN,
    transitions: transitions.length,
    transitionP50: percentile(transitions, 50),
    transitionP95: percentile(transitions, 95),
    pollMs,
  };
}
