import type { DataSource } from 'typeorm';
import { OUTLOOK_HORIZON_DAYS } from '../../consistency/engine/outlook';
import { addDays, isCalendarDate, todayInTokyo } from '../../kit/dates';
import { badInput } from '../../kit/errors';
import { isUuid } from '../../kit/validation';
import { connection, decodeCursor, pageSize } from './page';

export interface UpcomingRow {
  workerId: string;
  on: string;
  status: string;
  ruleIds: string[];
}

/**
 * Query.upcomingRisks: the stored reports whose outlook (the first day the status worsens if no
 * fact changes, ConsistencyReport.outlook) falls on or before today + `within` days, by that day
 * then worker. `within` runs from 0 to the outlook's horizon, the furthest a report looks ahead.
 * An outlook whose day has come stays listed until the calendar re-evaluates the worker, which it
 * does at the start of the report's nextReviewOn, never later than the outlook's day.
 */
export async function upcomingRisks(
  ds: DataSource,
  args: { within: number; first?: number | null; after?: string | null },
) {
  if (!Number.isInteger(args.within) || args.within < 0 || args.within > OUTLOOK_HORIZON_DAYS)
    throw badInput('within', `within must be a number of days from 0 to ${OUTLOOK_HORIZON_DAYS}`);
  const size = pageSize(args.first);
  const [on, worker] = args.after ? decodeCursor<[unknown, unknown]>(args.after, 2) : [null, null];
  if (args.after && !(isCalendarDate(on) && typeof worker === 'string' && isUuid(worker)))
    throw badInput('after', 'Not a cursor of this list');
  const rows = (await ds.query(
    `SELECT worker_id::text AS "workerId", to_char(outlook_on, 'YYYY-MM-DD') AS "on",
            outlook_status AS status, outlook_rule_ids AS "ruleIds"
       FROM monitored_worker
      WHERE outlook_on <= $1::date
        AND ($2::date IS NULL OR (outlook_on, worker_id) > ($2::date, $3::uuid))
      ORDER BY outlook_on, worker_id LIMIT ${size + 1}`,
    [addDays(todayInTokyo(), args.within), on, worker],
  )) as UpcomingRow[];
  return connection(
    rows,
    size,
    (r) => [r.on, r.workerId],
    (r) => r,
  );
}
