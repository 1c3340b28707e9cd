import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { RegistryContext } from '../kit/context';
import { isUuid } from '../kit/validation';
import type { StoredFinding } from './report';

export interface TransitionRow {
  id: string;
  workerId: string;
  at: Date;
  from: string | null;
  to: string;
  cause: string;
  source: string | null;
  findingsAdded: StoredFinding[];
  findingsResolved: StoredFinding[];
}

export interface MonitorStatusRow {
  evaluatedWorkers: number;
  lastSweepAt: Date | null;
}

/** Built per request: a worker's timeline in one statement per batch of workers. */
export function createLoaders(ds: DataSource) {
  return {
    history: new DataLoader<string, TransitionRow[]>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: TransitionRow[] = valid.length
        ? await ds.query(
            `SELECT id::text AS id, worker_id AS "workerId", at, from_status AS "from",
                    to_status AS "to", cause, source, findings_added AS "findingsAdded",
                    findings_resolved AS "findingsResolved"
               FROM risk_transition WHERE worker_id = ANY($1::uuid[]) ORDER BY at, id`,
            [valid],
          )
        : [];
      return ids.map((id) => rows.filter((r) => r.workerId === id));
    }),
    async status(): Promise<MonitorStatusRow> {
      const [row] = (await ds.query(
        `SELECT (SELECT count(*) FROM monitored_worker)::int AS "evaluatedWorkers",
                (SELECT max(finished_at) FROM monitor_sweep) AS "lastSweepAt"`,
      )) as MonitorStatusRow[];
      return row;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** The monitor's request context. */
export type Context = RegistryContext<Loaders>;
