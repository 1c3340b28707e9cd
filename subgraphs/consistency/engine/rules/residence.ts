import { isPending } from '../../../law/status';
import { workCategory } from '../../../law/vocabulary';
import type { ApplicationFact, PermitFact } from '../facts';
import { evidence } from '../report';
import type { Rule } from '../rule';
import { addMonths, daysBetween, extendsStay } from '../terms';

function whyNoSpecialPeriod(
  p: PermitFact & { expiresOn: string },
  apps: ApplicationFact[],
  on: string,
) {
  // An application filed before this permit was granted concerned an earlier permit.
  const ext = apps
    .filter((a) => extendsStay(a) && (a.filedOn >= p.grantedOn || isPending(a, on)))
    .sort((a, b) => a.filedOn.localeCompare(b.filedOn) || a.id.localeCompare(b.id));
  const timely = ext.filter((a) => a.filedOn <= p.expiresOn);
  if (ext.length === 0)
    return { reason: 'no renewal or change-of-status application was filed', app: null };
  if (timely.length === 0) {
    const late = ext[ext.length - 1];
    return {
      reason: `the application was filed on ${late.filedOn}, after the permit expired`,
      app: late,
    };
  }
  if (!timely.some((a) => isPending(a, on))) {
    const last = [...timely]
      .sort((a, b) => (a.decidedOn ?? '').localeCompare(b.decidedOn ?? ''))
      .pop()!;
    const decided =
      last.outcome === 'DENIED'
        ? `was denied on ${last.decidedOn}`
        : `was granted on ${last.decidedOn}, but no new permit is recorded`;
    return { reason: `the application filed on ${last.filedOn} ${decided}`, app: last };
  }
  const pending = timely.find((a) => isPending(a, on))!;
  if (daysBetween(p.grantedOn, p.expiresOn) <= 30) {
    return {
      reason: `the permit's period (${p.grantedOn} to ${p.expiresOn}) was 30 days or less, which gives no special period`,
      app: pending,
    };
  }
  return {
    reason: `the special period ended on ${addMonths(p.expiresOn, 2)}, two months after expiry, with the application filed on ${pending.filedOn} still undecided`,
    app: pending,
  };
}

export const residenceRules: Rule[] = [
  {
    id: 'RESIDENCE_EXPIRED',
    title: 'Residence permit expired',
    severity: 'VIOLATION',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA 24(4)(b)',
    sources: ['RESIDENCE'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'The permit in force expired before the evaluation date and no special period (ICRRA 20(6)) applies: the worker is staying beyond the authorized period.',
    recommendedAction:
      'Contact the Regional Immigration Services Bureau at once; staying past expiry is an overstay.',
    evaluate(s) {
      const p = s.permit;
      if (!p?.expiresOn || p.expiresOn >= s.on || s.validity.validity === 'SPECIAL_PERIOD')
        return [];
      const expired = { ...p, expiresOn: p.expiresOn };
      const { reason, app } = whyNoSpecialPeriod(expired, s.residence.applications, s.on);
      return [
        {
          explanation: `The ${p.status} permit granted on ${p.grantedOn} expired on ${p.expiresOn}, and no special period applies on ${s.on}: ${reason}.`,
          evidence: [
            evidence.permit(p, 'expiresOn', p.expiresOn),
            ...(app ? [evidence.application(app, 'filedOn', app.filedOn)] : []),
            ...(app?.decidedOn ? [evidence.application(app, 'outcome', app.outcome)] : []),
          ],
        },
      ];
    },
  },
  {
    id: 'SPECIAL_PERIOD_ENDING',
    title: 'Staying on the special period',
    severity: 'WARNING',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA 20(6)',
    sources: ['RESIDENCE'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'The permit has expired and the status is valid only through the special period of a timely application, which ends at the decision or two months after expiry.',
    recommendedAction:
      'Follow up with the Immigration Services Bureau so the application is decided in time.',
    evaluate(s) {
      const p = s.permit;
      if (s.validity.validity !== 'SPECIAL_PERIOD' || !p?.expiresOn) return [];
      const app = s.pendingExtension;
      const end = addMonths(p.expiresOn, 2);
      return [
        {
          explanation: `The ${p.status} permit expired on ${p.expiresOn}; the ${app?.kind ?? 'renewal'} application filed on ${app?.filedOn} is pending, so the worker may stay until the decision or ${end} at the latest.`,
          evidence: [
            evidence.permit(p, 'expiresOn', p.expiresOn),
            ...(app ? [evidence.application(app, 'filedOn', app.filedOn)] : []),
          ],
          dueBy: end,
        },
      ];
    },
  },
  {
    id: 'RESIDENCE_EXPIRING',
    title: 'Permit expiring with no renewal filed',
    severity: 'WARNING',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'practice (renewal may be filed up to 3 months before expiry)',
    sources: ['RESIDENCE'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'The permit expires within 90 days and no renewal or change-of-status application has been filed since it was granted.',
    recommendedAction: 'File a renewal or change-of-status application before the permit expires.',
    evaluate(s) {
      const p = s.permit;
      if (!p?.expiresOn || !s.expiresWithin90Days) return [];
      const filed = s.residence.applications.some(
        (a) => extendsStay(a) && p.grantedOn <= a.filedOn && a.filedOn <= s.on,
      );
      if (filed) return [];
      return [
        {
          explanation: `The ${p.status} permit expires on ${p.expiresOn}, in ${daysBetween(s.on, p.expiresOn)} days, and no renewal or change-of-status application has been filed since it was granted on ${p.grantedOn}.`,
          evidence: [
            evidence.permit(p, 'expiresOn', p.expiresOn),
            evidence.permit(p, 'grantedOn', p.grantedOn),
          ],
          dueBy: p.expiresOn,
        },
      ];
    },
  },
  {
    id: 'INACTIVE_AFTER_SEPARATION',
    title: 'Designated activity not pursued for over 3 months',
    severity: 'WARNING',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA 22-4(1)(vi)',
    sources: ['RESIDENCE', 'EMPLOYMENT'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'A holder of a work-designated status has had no employment for more than three months, counted from the later of the end of the last employment and the grant of the permit in force (the grant alone when there never was an employment): grounds for revocation.',
    recommendedAction:
      'Resume work in the designated activity or apply for a change of status; a separation must be reported to immigration within 14 days.',
    evaluate(s) {
      const p = s.permit;
      if (!p || workCategory(p.status) !== 'DESIGNATED' || !s.hasValidStatus) return [];
      if (s.activeEmployments.length > 0) return [];
      const ended = s.employments.filter(
        (e) => e.startDate <= s.on && e.endDate !== null && e.endDate < s.on,
      );
      const last = ended.sort((a, b) => (a.endDate ?? '').localeCompare(b.endDate ?? '')).pop();
      // Counted from the later of the last employment's end and the permit's grant.
      const fromEmployment = last?.endDate != null && last.endDate >= p.grantedOn ? last : null;
      const since = fromEmployment?.endDate ?? p.grantedOn;
      if (addMonths(since, 3) >= s.on) return [];
      const what = fromEmployment
        ? `the last employment, with ${fromEmployment.employer.name}, ended on ${since}`
        : last
          ? `no employment is recorded since the permit was granted on ${since} (the last one, with ${last.employer.name}, ended on ${last.endDate})`
          : `no employment is recorded since the permit was granted on ${since}`;
      return [
        {
          explanation: `The worker holds ${p.status}, which allows only the designated work, but ${what}: more than three months without the designated activity on ${s.on}.`,
          evidence: [
            fromEmployment
              ? evidence.employment(fromEmployment, 'endDate', fromEmployment.endDate)
              : evidence.permit(p, 'grantedOn', p.grantedOn),
            evidence.permit(p, 'status', p.status),
          ],
          dueBy: null,
          employerId: fromEmployment?.employer.id ?? null,
        },
      ];
    },
  },
  {
    id: 'NO_STATUS_ON_RECORD',
    title: 'No residence status on record',
    severity: 'WARNING',
    responsibleParty: 'AGENCY',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA 2-2',
    sources: ['RESIDENCE'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'The worker is registered but no residence permit was granted on or before the evaluation date: the records do not say on what status the person stays. The rules that read the permit cannot judge the stay; an active employment is still UNAUTHORIZED_WORK.',
    recommendedAction:
      "Record the worker's residence permit from the residence card, or establish on what status the person stays.",
    evaluate(s) {
      if (s.permit) return [];
      const later = [...s.residence.permits].sort(
        (a, b) => a.grantedOn.localeCompare(b.grantedOn) || a.id.localeCompare(b.id),
      )[0];
      const note = later
        ? ` The permits on record are granted after that day, the earliest on ${later.grantedOn}.`
        : '';
      return [
        {
          explanation: `The worker is registered, but no residence permit granted on or before ${s.on} is recorded, so the records do not say on what status the person stays.${note}`,
          evidence: [
            evidence.worker({ id: s.facts.id }, 'permitInForce', null),
            ...(later ? [evidence.permit(later, 'grantedOn', later.grantedOn)] : []),
          ],
          dueBy: null,
        },
      ];
    },
  },
];
