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
 * workers of the statuses and employer asked for, `f` their current findings (monitor_finding) of
 * the rules and party asked for (worker_id, ord, rule_id, party), `sel` the workers of `w` that
 * have such a finding (all of `w` when no finding filter is given). Parameters $1–$4.
 */
export function storeFilter(filter: RiskFilter) {
  if (filter.employerId && !isUuid(filter.employerId))
    throw badInput('filter.employerId', 'Expected an employer id (UUID)');
  const ruleIds = orNull(filter.ruleIds);
  const party = filter.responsibleParty ?? null;
  return {
    ctes: `w AS (SELECT * FROM monitored_worker
                  WHERE ($1::text[] IS NULL OR status = ANY($1::text[]))
                    AND ($2::text IS NULL OR employer_ids @> ARRAY[$2::text])),
       f AS (SELECT m.worker_id, m.ord, m.rule_id, m.responsible_party AS party
               FROM monitor_finding m JOIN w ON w.worker_id = m.worker_id
              WHERE ($3::text[] IS NULL OR m.rule_id = ANY($3::text[]))
                AND ($4::text IS NULL OR m.responsible_party = $4::text)),
       sel AS (SELECT w.* FROM w
                WHERE ${ruleIds || party ? 'EXISTS (SELECT 1 FROM f WHERE f.worker_id = w.worker_id)' : 'true'})`,
    params: [orNull(filter.statuses), filter.employerId ?? null, ruleIds, party] as unknown[],
  };
}

/**
 * The finding filter of monitor_tally that counts `filter` exactly (fdim '' none, RULE one rule,
 * PARTY one party), or null when it must be counted from the stored rows (an employer, several
 * rules, a rule and a party). Statuses are a column of the tally.
 */
export function tallyFilter(filter: RiskFilter): { fdim: string; fkey: string } | null {
  const rules = [...new Set(filter.ruleIds ?? [])];
  const party = filter.responsibleParty ?? null;
  if (filter.employerId) return null;
  if (rules.length === 0) return party ? { fdim: 'PARTY', fkey: party } : { fdim: '', fkey: '' };
  return rules.length === 1 && !party ? { fdim: 'RULE', fkey: rules[0] } : null;
}
