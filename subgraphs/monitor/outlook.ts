import type { StoredOutlook } from './report';

/**
 * A stored report's outlook columns (ConsistencyReport.outlook: the first day its status worsens
 * if no fact changes, that status, the new rules), written by the report's own upsert.
 */
export function outlookColumns(outlook: StoredOutlook | null | undefined): {
  outlook_on: string | null;
  outlook_status: string | null;
  outlook_rule_ids: string[] | null;
} {
  return {
    outlook_on: outlook?.on ?? null,
    outlook_status: outlook?.status ?? null,
    outlook_rule_ids: outlook?.ruleIds ?? null,
  };
}
