import { permitInForce } from '../../../law/status';
import type { EmploymentFact, NotificationFact } from '../facts';
import { evidence } from '../report';
import type { Draft, Rule } from '../rule';
import type { Situation } from '../situation';
import { addDays, endOfNextMonth, tenthOfNextMonth } from '../terms';

function filedBy(e: EmploymentFact, kind: NotificationFact['kind'], on: string): boolean {
  return e.notifications.some((n) => n.kind === kind && n.filedOn <= on);
}

function missingNotifications(s: Situation, e: EmploymentFact): Draft[] {
  const insured = s.insurance.enrollments.some(
    (en) =>
      en.scheme === 'EMPLOYMENT_INSURANCE' &&
      en.employerId === e.employer.id &&
      en.startDate <= s.on,
  );
  const how = insured
    ? 'the worker is enrolled in employment insurance with this employer'
    : 'the worker is not enrolled in employment insurance with this employer';
  const drafts: Draft[] = [];
  const hireDeadline = insured ? tenthOfNextMonth(e.startDate) : endOfNextMonth(e.startDate);
  if (e.startDate <= s.on && s.on > hireDeadline && !filedBy(e, 'HIRE', s.on)) {
    drafts.push({
      explanation: `${e.employer.name} hired the worker on ${e.startDate} and has not filed the foreign-employment notification (hire) with Hello Work, due by ${hireDeadline} because ${how}.`,
      evidence: [
        evidence.employment(e, 'startDate', e.startDate),
        evidence.employment(e, 'notifications', 'no HIRE'),
      ],
      dueBy: hireDeadline,
      employerId: e.employer.id,
      recommendedAction: 'File the foreign-employment notification (hire) with Hello Work now.',
    });
  }
  if (e.endDate !== null && e.endDate < s.on) {
    const deadline = insured ? addDays(e.endDate, 10) : endOfNextMonth(e.endDate);
    if (s.on > deadline && !filedBy(e, 'SEPARATION', s.on)) {
      drafts.push({
        explanation: `The employment with ${e.employer.name} ended on ${e.endDate} and no separation notification has been filed with Hello Work, due by ${deadline} because ${how}.`,
        evidence: [
          evidence.employment(e, 'endDate', e.endDate),
          evidence.employment(e, 'notifications', 'no SEPARATION'),
        ],
        dueBy: deadline,
        employerId: e.employer.id,
        recommendedAction:
          'File the foreign-employment notification (separation) with Hello Work now.',
      });
    }
  }
  return drafts;
}

export const notificationRules: Rule[] = [
  {
    id: 'EMPLOYMENT_NOT_NOTIFIED',
    title: 'Foreign-employment notification not filed',
    severity: 'VIOLATION',
    responsibleParty: 'EMPLOYER',
    affectedParty: 'AGENCY',
    legalBasis: 'Labor Policy Comprehensive Promotion Act 28',
    sources: ['EMPLOYMENT', 'INSURANCE'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'The hire or separation notification to Hello Work is missing past its deadline: the 10th of the following month (separation: 10 days) when the worker is enrolled in employment insurance with the employer, otherwise the end of the following month. A late filing clears it.',
    recommendedAction: 'File the missing foreign-employment notification with Hello Work.',
    evaluate: (s) => s.employments.flatMap((e) => missingNotifications(s, e)),
  },
  {
    id: 'NOTIFICATION_MISMATCH',
    title: 'Notification reports a different status',
    severity: 'WARNING',
    responsibleParty: 'EMPLOYER',
    affectedParty: 'AGENCY',
    legalBasis: 'Labor Policy Comprehensive Promotion Act 28 (false notification)',
    sources: ['EMPLOYMENT', 'RESIDENCE'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      "A hire notification's reported status of residence or expiry differs from the permit in force on the employment's start date.",
    recommendedAction:
      'File a corrected notification with Hello Work, checking the residence card.',
    evaluate(s) {
      return s.employments.flatMap((e) => {
        const p = permitInForce(s.residence.permits, e.startDate);
        return e.notifications
          .filter((n) => n.kind === 'HIRE' && n.filedOn <= s.on)
          .filter(
            (n) =>
              (n.reportedStatus !== null && n.reportedStatus !== p?.status) ||
              (n.reportedExpiresOn !== null && n.reportedExpiresOn !== p?.expiresOn),
          )
          .map((n) => ({
            explanation: `The hire notification ${e.employer.name} filed on ${n.filedOn} reported ${n.reportedStatus ?? 'no status'} until ${n.reportedExpiresOn ?? 'no date'}, but on ${e.startDate} the permit in force was ${p ? `${p.status} until ${p.expiresOn ?? 'no expiry'}` : 'none'}.`,
            evidence: [
              evidence.notification(n, 'reportedStatus', n.reportedStatus),
              evidence.notification(n, 'reportedExpiresOn', n.reportedExpiresOn),
              ...(p
                ? [
                    evidence.permit(p, 'status', p.status),
                    evidence.permit(p, 'expiresOn', p.expiresOn),
                  ]
                : []),
            ],
            employerId: e.employer.id,
          }));
      });
    },
  },
];
