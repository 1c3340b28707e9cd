import type { DataSource } from 'typeorm';
import { todayInTokyo, type CalendarDate } from '../kit/dates';
import type { EvaluationQueue } from '../kit/queue';

/**
 * The monitor's calendar: a report's nextReviewOn (the first day its findings may change with no
 * change of data) becomes a CALENDAR re-evaluation at the start of that day in Asia/Tokyo. "Today"
 * comes from an injectable clock, so a test can move the date forward.
 */
export type Today = () => CalendarDate;

/** MONITOR_TODAY when set (tests), else today in Asia/Tokyo. */
export const clockOf = (fixed: CalendarDate | null | undefined): Today =>
  fixed ? () => fixed : () => todayInTokyo();

/** Midnight at the start of `date` in Asia/Tokyo (UTC+9, no daylight saving time). */
export const startOfTokyoDay = (date: CalendarDate): Date => new Date(`${date}T00:00:00+09:00`);

/** Encodes a job's cause and source in the queue's one `cause` field ("DATA_CHANGE:tax"). */
export const jobCause = (cause: string, source?: string | null): string =>
  source ? `${cause}:${source}` : cause;

export function parseJobCause(value: string): { cause: string; source: string | null } {
  const k = value.indexOf(':');
  return k < 0
    ? { cause: value, source: null }
    : { cause: value.slice(0, k), source: value.slice(k + 1) };
}

/**
 * When a review on `day` runs: at the start of that day in Tokyo, or now when the monitor's clock
 * already reads that day or later (a batch evaluated as of yesterday and stored after the day's
 * due reviews were taken; a clock moved forward, whose days the queue's real time has not reached).
 */
export const reviewRunAt = (day: CalendarDate, today: CalendarDate): Date | undefined =>
  day <= today ? undefined : startOfTokyoDay(day);

/** Schedules a CALENDAR re-evaluation for each of these workers whose stored report has a review date. */
export async function scheduleReviews(
  ds: DataSource,
  queue: EvaluationQueue,
  workerIds: readonly string[],
  today: CalendarDate,
): Promise<void> {
  if (workerIds.length === 0) return;
  const rows = (await ds.query(
    `SELECT worker_id, to_char(next_review_on, 'YYYY-MM-DD') AS day FROM monitored_worker
      WHERE worker_id = ANY($1::uuid[]) AND next_review_on IS NOT NULL`,
    [workerIds],
  )) as { worker_id: string; day: string }[];
  const byDay = new Map<string, string[]>();
  for (const r of rows) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r.worker_id]);
  for (const [day, ids] of byDay)
    await queue.enqueueEvaluations(ids, {
      cause: jobCause('CALENDAR', 'calendar'),
      runAt: reviewRunAt(day, today),
    });
}

/**
 * Once per day of `today` (across every monitor process: the day taken is stored, its row locked),
 * enqueues now every worker whose review date has come and whose report is older than it: what
 * the scheduled jobs do at the start of the day, and a catch-up for one missed (the clock moved,
 * the queue lost). Returns how many were enqueued.
 */
export async function enqueueDueReviews(
  ds: DataSource,
  queue: EvaluationQueue,
  today: CalendarDate,
): Promise<number> {
  return ds.transaction(async (m) => {
    await m.query(
      `INSERT INTO monitor_feed_cursor (registry, cursor) VALUES ('calendar', NULL)
       ON CONFLICT (registry) DO NOTHING`,
    );
    const [row] = (await m.query(
      `SELECT cursor FROM monitor_feed_cursor WHERE registry = 'calendar' FOR UPDATE`,
    )) as { cursor: string | null }[];
    if (row.cursor === today) return 0;
    const due = (await m.query(
      `SELECT worker_id FROM monitored_worker
        WHERE next_review_on <= $1::date AND as_of < next_review_on`,
      [today],
    )) as { worker_id: string }[];
    // With the day taken, in the same transaction when the queue is in this database.
    await queue.enqueueEvaluations(
      due.map((r) => r.worker_id),
      { cause: jobCause('CALENDAR', 'calendar') },
      queue.transactional ? m : undefined,
    );
    await m.query(
      `UPDATE monitor_feed_cursor SET cursor = $1, updated_at = now() WHERE registry = 'calendar'`,
      [today],
    );
    return due.length;
  });
}
