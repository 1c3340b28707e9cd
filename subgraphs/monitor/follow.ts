import type { DataSource } from 'typeorm';
import type { SubgraphName } from '../kit/config';
import type { Logger } from '../kit/logger';
import type { EvaluationQueue } from '../kit/queue';
import { jobCause } from './calendar';
import { changedParties, type FeedChange } from './fanout';
import { GatewayClient } from './gateway';

/**
 * A follower of one registry's change feed (`Query.changes`, read directly on the registry with
 * changes:read): every page of changes becomes jobs on the queue (a WORKER change: that worker; an
 * EMPLOYER change of the employer's own facts: every worker whose stored report or employments name
 * the employer, fanout.ts), cause
 * DATA_CHANGE, source the registry. A page's jobs and the cursor after it are written in one
 * transaction on the monitor's database, where the queue lives (PostgreSQL): both or neither, and
 * only if no other process moved the cursor meanwhile, so two monitors on one database enqueue
 * each change once. On PGlite the queue is a second database: the jobs are enqueued first, the
 * cursor stored after (at least once: a page enqueued twice is deduplicated or evaluated again, to
 * the same result; docs/MONITOR_QUEUE.md).
 */
export const FOLLOW_PAGE = 500;

const CHANGES = `query MonitorChanges($after: String, $first: Int!) {
  changes(after: $after, first: $first) {
    pageInfo { hasNextPage endCursor }
    edges { node { kind id operation } }
  }
}`;

interface ChangePage {
  changes: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: FeedChange }[];
  };
}

export interface FollowerDeps {
  ds: DataSource;
  queue: EvaluationQueue;
  registry: SubgraphName;
  url: string;
  token: () => Promise<string>;
}

export class Follower {
  private readonly client: GatewayClient;
  private failing = false;

  constructor(private readonly deps: FollowerDeps) {
    this.client = new GatewayClient(deps.url, deps.token, 30_000);
  }

  /** The registry whose feed this follows. */
  get registry(): SubgraphName {
    return this.deps.registry;
  }

  private async page(after: string | null, first: number): Promise<ChangePage['changes']> {
    const answer = await this.client.request<ChangePage>(CHANGES, { after, first });
    if (!answer.data?.changes)
      throw new Error(
        `${this.deps.registry}: no changes page (${answer.errors[0]?.message ?? ''})`,
      );
    return answer.data.changes;
  }

  /**
   * One round: from the feed's end on the first start, then the changes after the cursor. A feed
   * that cannot be read is logged once (and once more when it answers again), retried each round.
   */
  async round(logger?: Logger): Promise<number> {
    const registry = this.deps.registry;
    try {
      await this.startAtEnd();
      const taken = await this.poll();
      if (this.failing) logger?.info({ registry }, 'change feed readable again');
      this.failing = false;
      return taken;
    } catch (error) {
      if (!this.failing)
        logger?.warn(
          { registry, reason: (error as Error).message },
          'change feed not readable; retrying every round',
        );
      this.failing = true;
      return 0;
    }
  }

  /** The stored cursor; undefined when this registry was never followed. */
  async cursor(): Promise<string | null | undefined> {
    const rows = (await this.deps.ds.query(
      'SELECT cursor FROM monitor_feed_cursor WHERE registry = $1',
      [this.deps.registry],
    )) as { cursor: string | null }[];
    return rows.length ? rows[0].cursor : undefined;
  }

  /**
   * On the first start only: stores the current end of the feed without enqueueing (the first
   * sweep evaluates everyone), so the monitor follows what changes after it.
   */
  async startAtEnd(): Promise<void> {
    if ((await this.cursor()) !== undefined) return;
    let after: string | null = null;
    for (;;) {
      const page = await this.page(after, 1000);
      after = page.pageInfo.endCursor ?? after;
      if (!page.pageInfo.hasNextPage) break;
    }
    await this.deps.ds.query(
      `INSERT INTO monitor_feed_cursor (registry, cursor) VALUES ($1, $2)
       ON CONFLICT (registry) DO NOTHING`,
      [this.deps.registry, after],
    );
  }

  /** Reads and enqueues the changes after the stored cursor; the number of changes taken. */
  async poll(): Promise<number> {
    let taken = 0;
    for (;;) {
      const from = (await this.cursor()) ?? null;
      const page = await this.page(from, FOLLOW_PAGE);
      const end = page.pageInfo.endCursor;
      if (!end) return taken;
      const nodes = page.edges.map((e) => e.node);
      const moved = await this.deps.ds.transaction(async (m) => {
        const [row] = (await m.query(
          'SELECT cursor FROM monitor_feed_cursor WHERE registry = $1 FOR UPDATE',
          [this.deps.registry],
        )) as { cursor: string | null }[];
        if (row && row.cursor !== from) return false; // another process took this page
        const workers = await this.workersOf(m, nodes);
        const queue = this.deps.queue;
        await queue.enqueueEvaluations(
          workers,
          { cause: jobCause('DATA_CHANGE', this.deps.registry.toUpperCase()) },
          queue.transactional ? m : undefined,
        );
        await m.query(
          `INSERT INTO monitor_feed_cursor (registry, cursor, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (registry) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
          [this.deps.registry, end],
        );
        return true;
      });
      if (moved) taken += nodes.length;
      if (moved && !page.pageInfo.hasNextPage) return taken;
    }
  }

  /** The workers a page of changes concerns: each WORKER, and the employees its employers reach. */
  private async workersOf(
    m: { query(sql: string, params?: unknown[]): Promise<unknown> },
    nodes: FeedChange[],
  ): Promise<string[]> {
    const { workers, employers } = changedParties(nodes);
    if (employers.length) {
      const rows = (await m.query(
        `SELECT worker_id::text AS id FROM monitored_worker
          WHERE employer_ids && $1::text[]
             OR EXISTS (SELECT 1 FROM jsonb_array_elements(report->'findings') f
                         WHERE f->>'employerId' = ANY($1::text[]))`,
        [employers],
      )) as { id: string }[];
      workers.push(...rows.map((r) => r.id));
    }
    return [...new Set(workers)];
  }
}
