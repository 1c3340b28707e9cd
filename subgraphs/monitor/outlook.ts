import type { EntityManager } from 'typeorm';
import type { Outcome } from './store';

/**
 * Writes each stored report's outlook, in the transaction that stored the reports (after them):
 * the one read with an evaluated report, none for a report nobody could read (its stored outlook
 * would be stale). One statement per batch.
 */
export async function saveOutlooks(m: EntityManager, outcomes: Outcome[]): Promise<void> {
  const rows = outcomes.flatMap((o) => {
    if (o.kind === 'removed') return [];
    const outlook = o.kind === 'evaluated' ? (o.evaluation.outlook ?? null) : null;
    const workerId = o.kind === 'evaluated' ? o.evaluation.workerId : o.workerId;
    return [
      {
        worker_id: workerId,
        day: outlook?.on ?? null,
        status: outlook?.status ?? null,
        rule_ids: outlook?.ruleIds ?? null,
      },
    ];
  });
  if (rows.length === 0) return;
  await m.query(
    `UPDATE monitored_worker w
        SET outlook_on = r.day, outlook_status = r.status, outlook_rule_ids = r.rule_ids
       FROM jsonb_to_recordset($1::jsonb) AS r(worker_id uuid, day date, status text, rule_ids text[])
      WHERE w.worker_id = r.worker_id`,
    [JSON.stringify(rows)],
  );
}
