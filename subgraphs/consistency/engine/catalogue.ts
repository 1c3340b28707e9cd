import type { Rule } from './rule';
import { addressRules } from './rules/address';
import { insuranceRules } from './rules/insurance';
import { notificationRules } from './rules/notifications';
import { residenceRules } from './rules/residence';
import { taxRules } from './rules/tax';
import { workRules } from './rules/work';

const byId = new Map(
  [
    ...workRules,
    ...residenceRules,
    ...notificationRules,
    ...insuranceRules,
    ...taxRules,
    ...addressRules,
  ].map((r) => [r.id, r]),
);

/** The catalogue, in the order of ../shared/RULES.md; findings come out in this order. */
export const RULE_ORDER = [
  'UNAUTHORIZED_WORK',
  'WORK_HOURS_EXCEEDED',
  'STUDENT_NOT_ENROLLED',
  'ACTIVITY_OUTSIDE_STATUS',
  'RESIDENCE_EXPIRED',
  'SPECIAL_PERIOD_ENDING',
  'RESIDENCE_EXPIRING',
  'EMPLOYMENT_NOT_NOTIFIED',
  'NOTIFICATION_MISMATCH',
  'SUPPORT_PLAN_MISSING',
  'SOCIAL_INSURANCE_NOT_ENROLLED',
  'NO_HEALTH_COVERAGE',
  'EMPLOYMENT_INSURANCE_NOT_ENROLLED',
  'WITHHOLDING_NOT_REPORTED',
  'TAX_ARREARS',
  'RENEWAL_AT_RISK',
  'SSW_EMPLOYER_IN_ARREARS',
  'PERMANENT_RESIDENCE_REVIEW',
  'INACTIVE_AFTER_SEPARATION',
  'NO_STATUS_ON_RECORD',
  'ADDRESS_NOT_NOTIFIED',
  'ADDRESS_REVOCATION_GROUND',
] as const;
export type RuleId = (typeof RULE_ORDER)[number];

export const CATALOGUE: readonly Rule[] = RULE_ORDER.map((id) => {
  const rule = byId.get(id);
  if (!rule) throw new Error(`Rule ${id} is not implemented`);
  return rule;
});
if (byId.size !== CATALOGUE.length) throw new Error('A rule is implemented but not in RULE_ORDER');
