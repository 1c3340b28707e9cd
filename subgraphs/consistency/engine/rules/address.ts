import type { CalendarDate } from '../../../kit/dates';
import type { AddressRegistrationFact, EmploymentFact, PermitFact } from '../facts';
import { evidence, type Evidence, type Party } from '../report';
import type { Draft, Rule } from '../rule';
import type { Situation } from '../situation';
import { addDays } from '../terms';

/** Days after moving in (or arriving) by which the address must be notified, ICRRA 19-7, 19-9. */
const NOTIFY_WITHIN_DAYS = 14;
/** Days without a notified address after which the status may be revoked, ICRRA 22-4(1)(viii), (ix). */
const REVOCATION_AFTER_DAYS = 90;

/** Registered on D: notified and moved in on or before D, and not moved out by D. */
function registeredOn(r: AddressRegistrationFact, on: CalendarDate): boolean {
  return r.notifiedOn <= on && r.movedInOn <= on && (r.movedOutOn === null || on < r.movedOutOn);
}

/** Since when the worker has had no notified address: a move out, or the arrival. */
type Gap =
  | { since: CalendarDate; kind: 'MOVED_OUT'; registration: AddressRegistrationFact }
  | { since: CalendarDate; kind: 'ARRIVAL'; permit: PermitFact };

/**
 * R of RULES.md, or null when the address rules do not apply on D: the worker holds a valid status
 * other than TEMPORARY_VISITOR and no registration is registered on D. R is the `movedOutOn` of the
 * registration with the latest `movedInOn` among those notified by D, else the `grantedOn` of the
 * worker's earliest permit.
 */
function addressGap(s: Situation): Gap | null {
  if (!s.hasValidStatus || !s.permit || s.permit.status === 'TEMPORARY_VISITOR') return null;
  const registrations = s.municipality.addressRegistrations;
  if (registrations.some((r) => registeredOn(r, s.on))) return null;
  const latest = registrations
    .filter((r) => r.notifiedOn <= s.on)
    .sort((a, b) => b.movedInOn.localeCompare(a.movedInOn) || b.id.localeCompare(a.id))[0];
  if (latest) {
    return latest.movedOutOn === null
      ? null
      : { since: latest.movedOutOn, kind: 'MOVED_OUT', registration: latest };
  }
  const earliest = [...s.residence.permits].sort(
    (a, b) => a.grantedOn.localeCompare(b.grantedOn) || a.id.localeCompare(b.id),
  )[0];
  return { since: earliest.grantedOn, kind: 'ARRIVAL', permit: earliest };
}

/** D is more than `days` days after R. */
const overdueAfter = (gap: Gap, days: number, on: CalendarDate) => on > addDays(gap.since, days);

/**
 * Who must act: for SPECIFIED_SKILLED_WORKER_I with an employment active on D that has a support
 * plan, the support provider (accompanying public procedures is a mandatory support item);
 * otherwise the worker.
 */
function responsible(s: Situation): { party: Party; employment: EmploymentFact | null } {
  if (s.permit?.status !== 'SPECIFIED_SKILLED_WORKER_I')
    return { party: 'WORKER', employment: null };
  const supported = s.activeEmployments.find((e) => e.supportPlan !== null);
  if (!supported?.supportPlan) return { party: 'WORKER', employment: null };
  return {
    party: supported.supportPlan.provider === 'SELF' ? 'EMPLOYER' : 'SUPPORT_ORGANIZATION',
    employment: supported,
  };
}

function whatHappened(gap: Gap): string {
  return gap.kind === 'MOVED_OUT'
    ? `The worker moved out of the address registered with municipality ${gap.registration.municipalityCode} on ${gap.since} and no new address has been notified`
    : `The worker's ${gap.permit.status} permit was granted on ${gap.since} and no place of residence has been notified to a municipality since`;
}

function who(s: Situation, employment: EmploymentFact | null): string {
  if (!employment?.supportPlan) return '';
  const provider =
    employment.supportPlan.provider === 'SELF'
      ? `${employment.employer.name}, which provides the support plan itself,`
      : `${employment.supportPlan.organizationName ?? 'the registered support organization'}, which carries out the support plan for ${employment.employer.name},`;
  return ` As the worker holds ${s.permit?.status}, ${provider} must accompany the worker through the notification.`;
}

function gapEvidence(s: Situation, gap: Gap, employment: EmploymentFact | null): Evidence[] {
  const base =
    gap.kind === 'MOVED_OUT'
      ? [evidence.addressRegistration(gap.registration, 'movedOutOn', gap.since)]
      : [
          evidence.residentRecord({ id: s.facts.id }, 'addressRegistrations', 'none notified'),
          evidence.permit(gap.permit, 'grantedOn', gap.since),
        ];
  return [
    ...base,
    ...(employment?.supportPlan
      ? [evidence.employment(employment, 'supportPlan', employment.supportPlan.provider)]
      : []),
  ];
}

function addressDraft(s: Situation, gap: Gap, revocation: boolean): Draft {
  const due = addDays(gap.since, NOTIFY_WITHIN_DAYS);
  const { party, employment } = responsible(s);
  const explanation = revocation
    ? `${whatHappened(gap)} for more than ${REVOCATION_AFTER_DAYS} days (since ${gap.since}; the notification was due by ${due}). This is a ground for revoking the status of residence unless there is a justifiable reason, which the records cannot show; only a human review may act on it.`
    : `${whatHappened(gap)}: the notification was due within ${NOTIFY_WITHIN_DAYS} days, by ${due}.`;
  return {
    explanation: `${explanation}${who(s, employment)}`,
    evidence: gapEvidence(s, gap, employment),
    dueBy: revocation ? null : due,
    employerId: employment?.employer.id ?? null,
    responsibleParty: party,
  };
}

const SOURCES: Rule['sources'] = ['MUNICIPALITY', 'RESIDENCE', 'EMPLOYMENT'];

/** Who must act, as both descriptions state it. */
const ROUTING =
  'The worker must act; for SSW (i) with a support plan on an active employment, the support provider (the employer for its own plan, else the registered support organization), since accompanying public procedures is a mandatory support item.';

export const addressRules: Rule[] = [
  {
    id: 'ADDRESS_NOT_NOTIFIED',
    title: 'Place of residence not notified',
    severity: 'WARNING',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA 19-7(1), 19-9(1)',
    sources: SOURCES,
    effectiveFrom: null,
    effectiveUntil: null,
    description: `A mid- to long-term resident has had no address registered with a municipality for more than 14 days after moving out of the last notified address, or after arrival when none was ever notified. Replaced by ADDRESS_REVOCATION_GROUND after 90 days. ${ROUTING}`,
    recommendedAction:
      'Notify the new place of residence to the municipal office, with the residence card.',
    evaluate(s) {
      const gap = addressGap(s);
      if (!gap || !overdueAfter(gap, NOTIFY_WITHIN_DAYS, s.on)) return [];
      if (overdueAfter(gap, REVOCATION_AFTER_DAYS, s.on)) return [];
      return [addressDraft(s, gap, false)];
    },
  },
  {
    id: 'ADDRESS_REVOCATION_GROUND',
    title: 'No notified address for over 90 days',
    severity: 'VIOLATION',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA 22-4(1)(viii), (ix)',
    sources: SOURCES,
    effectiveFrom: null,
    effectiveUntil: null,
    description: `A mid- to long-term resident has had no address registered with a municipality for more than 90 days after moving out of the last notified address, or after arrival when none was ever notified: a ground for revoking the status unless there is a justifiable reason. Only a human review may act on it. ${ROUTING}`,
    recommendedAction:
      'Notify the place of residence to the municipal office at once and keep the reasons for the delay; the Immigration Services Bureau decides whether a justifiable reason excuses it.',
    evaluate(s) {
      const gap = addressGap(s);
      if (!gap || !overdueAfter(gap, REVOCATION_AFTER_DAYS, s.on)) return [];
      return [addressDraft(s, gap, true)];
    },
  },
];
