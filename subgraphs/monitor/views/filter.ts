import { badInput } from '../../kit/errors';
import { isUuid } from '../../kit/validation';

/** RiskFilter: which workers (status, employer) and which findings (rule, responsible party). */
export interface RiskFilter {
  ruleIds?: string[] | null;
  statuses?: string[] | null;
  responsibleParty?: string | null;
  employerId?: string | null;
}

const orNull = <T>(v: T[] | null | undefined) => (v && v.length ? v : null);

/**
 * The stored workers and findings a RiskFilter selects, as SQL common table expressions: `w` the
 * workers of the statuses and employer asked for, `f` their findings of the rules and party asked
 * for (worker_id, ord, rule_id, party, finding), `sel` the workers of `w` that have such a finding
 * (all of `w` when no finding filter is given). Parameters $1–$4; more may follow.
 */
export function storeFilter(filter: RiskFilter) {
  if (filter.employerId && !isUuid(filter.employerId))
    throw badInput('filter.employerId', 'Expected an employer id (UUID)');
  const ruleIds = orNull(filter.ruleIds);
  const party = filter.responsibleParty ?? null;
  return {
    ctes: `w AS (SELECT * FROM monitored_worker
                  WHERE ($1::text[] IS NULL OR status = ANY($1::text[]))
                    AND ($2::text IS NULL OR $2::text = ANY(employer_ids))),
       f AS (SELECT w.worker_id, x.ord, x.finding->>'ruleId' AS rule_id,
                    x.finding->>'responsibleParty' AS party, x.finding
               FROM w CROSS JOIN LATERAL jsonb_array_elements(w.report->'findings')
                    WITH ORDINALITY AS x(finding, ord)
              WHERE ($3::text[] IS NULL OR x.finding->>'ruleId' = ANY($3::text[]))
                AND ($4::text IS NULL OR x.finding->>'responsibleParty' = $4::text)),
       sel AS (SELECT w.* FROM w
                WHERE ${ruleIds || party ? 'EXISTS (SELECT 1 FROM f WHERE f.worker_id = w.worker_id)' : 'true'})`,
    params: [orNull(filter.statuses), filter.employerId ?? null, ruleIds, party] as unknown[],
  };
}
