import { workCategory } from '../../../law/vocabulary';
import type { EmploymentFact } from '../facts';
import { evidence } from '../report';
import type { Rule } from '../rule';
import type { Situation } from '../situation';
import { humanList } from '../terms';

function whyNotAuthorized(s: Situation): string | null {
  const p = s.permit;
  if (!p) return 'the worker holds no status of residence';
  if (!s.hasValidStatus)
    return `the ${p.status} permit expired on ${p.expiresOn} and no special period applies`;
  const category = workCategory(p.status);
  if (category === 'NONE') return `the ${p.status} status allows no work`;
  if (category === 'PERMISSION_REQUIRED' && !s.activePermission) {
    return `the ${p.status} status allows work only with a permission to engage in activity other than that permitted, and none is active`;
  }
  return null;
}

const employed = (e: EmploymentFact) =>
  `${e.employer.name} has employed the worker since ${e.startDate} (${e.jobField})`;

export const workRules: Rule[] = [
  {
    id: 'UNAUTHORIZED_WORK',
    title: 'Work without authorization',
    severity: 'VIOLATION',
    responsibleParty: 'EMPLOYER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA 19(1), 73-2',
    sources: ['RESIDENCE', 'EMPLOYMENT'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'An employment is active while the worker has no valid status, a status that allows no work, or a permission-required status without an active work permission. One finding per employment.',
    recommendedAction:
      'Stop the work until a valid status or work permission is granted; employing a person not authorized to work is an offence of the employer (ICRRA 73-2).',
    evaluate(s) {
      const reason = whyNotAuthorized(s);
      if (!reason) return [];
      return s.activeEmployments.map((e) => ({
        explanation: `${employed(e)}, but on ${s.on} ${reason}.`,
        evidence: [
          evidence.employment(e, 'startDate', e.startDate),
          ...(s.permit ? [evidence.permit(s.permit, 'status', s.permit.status)] : []),
          ...(s.permit && !s.hasValidStatus
            ? [evidence.permit(s.permit, 'expiresOn', s.permit.expiresOn)]
            : []),
        ],
        employerId: e.employer.id,
      }));
    },
  },
  {
    id: 'WORK_HOURS_EXCEEDED',
    title: 'Weekly hours above the permission limit',
    severity: 'VIOLATION',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA-ER 19(5)',
    sources: ['RESIDENCE', 'EMPLOYMENT'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'A student or dependent with a work permission works more weekly hours, summed over all employers, than the permission allows (28 unless stated; exactly the limit is allowed).',
    recommendedAction:
      'Reduce the weekly hours so that all employments together stay within the limit.',
    evaluate(s) {
      const p = s.permit;
      const permission = s.activePermission;
      if (!p || workCategory(p.status) !== 'PERMISSION_REQUIRED' || !permission) return [];
      const active = s.activeEmployments;
      const total = active.reduce((sum, e) => sum + e.weeklyHours, 0);
      if (total <= permission.maxWeeklyHours) return [];
      const employers = new Set(active.map((e) => e.employer.id)).size;
      return [
        {
          explanation: `Weekly hours across ${employers} employer${employers === 1 ? '' : 's'} total ${total}, above the ${permission.maxWeeklyHours}-hour limit of the permission granted on ${permission.grantedOn} (${humanList(active.map((e) => `${e.employer.name} ${e.weeklyHours} h`))}).`,
          evidence: [
            ...active.map((e) => evidence.employment(e, 'weeklyHours', e.weeklyHours)),
            evidence.permission(permission, 'maxWeeklyHours', permission.maxWeeklyHours),
          ],
        },
      ];
    },
  },
  {
    id: 'STUDENT_NOT_ENROLLED',
    title: 'Student working after enrolment ended',
    severity: 'VIOLATION',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA-ER 19(5)',
    sources: ['RESIDENCE', 'EMPLOYMENT'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'A STUDENT whose enrolment has ended is still employed; the work permission presupposes enrolment.',
    recommendedAction:
      'Stop the part-time work and report the end of enrolment; change status or prepare to leave.',
    evaluate(s) {
      const p = s.permit;
      if (p?.status !== 'STUDENT' || !p.enrolledUntil || p.enrolledUntil >= s.on) return [];
      const active = s.activeEmployments;
      if (active.length === 0) return [];
      return [
        {
          explanation: `Enrolment ended on ${p.enrolledUntil}, yet on ${s.on} the worker is employed by ${humanList(active.map((e) => e.employer.name))}.`,
          evidence: [
            evidence.permit(p, 'enrolledUntil', p.enrolledUntil),
            ...active.map((e) => evidence.employment(e, 'startDate', e.startDate)),
          ],
        },
      ];
    },
  },
  {
    id: 'ACTIVITY_OUTSIDE_STATUS',
    title: 'Work outside the designated activity',
    severity: 'VIOLATION',
    responsibleParty: 'EMPLOYER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA 19(1), Annexed Table I',
    sources: ['RESIDENCE', 'EMPLOYMENT'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'A holder of a work-designated status works in a field the permit does not designate, or for an employer other than the one it names. One finding per employment.',
    recommendedAction:
      'Assign the worker only to the designated field and employer, or the worker applies for a change of status before continuing.',
    evaluate(s) {
      const p = s.permit;
      if (!p || workCategory(p.status) !== 'DESIGNATED') return [];
      return s.activeEmployments.flatMap((e) => {
        const wrongField =
          p.designatedFields.length > 0 && !p.designatedFields.includes(e.jobField);
        const wrongEmployer =
          p.designatedEmployerId !== null && p.designatedEmployerId !== e.employer.id;
        if (!wrongField && !wrongEmployer) return [];
        const problems = [
          ...(wrongField
            ? [
                `the job's field ${e.jobField} is not among the designated ${p.designatedFields.join(', ')}`,
              ]
            : []),
          ...(wrongEmployer ? ['the permit designates another employer'] : []),
        ];
        return [
          {
            explanation: `${employed(e)} under a ${p.status} permit, but ${humanList(problems)}.`,
            evidence: [
              ...(wrongField
                ? [
                    evidence.employment(e, 'jobField', e.jobField),
                    evidence.permit(p, 'designatedFields', p.designatedFields),
                  ]
                : []),
              ...(wrongEmployer
                ? [
                    evidence.employment(e, 'employerId', e.employer.id),
                    evidence.permit(p, 'designatedEmployerId', p.designatedEmployerId),
                  ]
                : []),
            ],
            employerId: e.employer.id,
          },
        ];
      });
    },
  },
  {
    id: 'SUPPORT_PLAN_MISSING',
    title: 'Specified Skilled Worker (i) without a support plan',
    severity: 'VIOLATION',
    responsibleParty: 'EMPLOYER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA 2-5, 19-23',
    sources: ['RESIDENCE', 'EMPLOYMENT'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'A Specified Skilled Worker (i) is employed without a support plan, carried out by the employer itself or by a registered support organization. One finding per employment.',
    recommendedAction:
      'Draw up a support plan or entrust a registered support organization, and notify the Immigration Services Agency.',
    evaluate(s) {
      const p = s.permit;
      if (p?.status !== 'SPECIFIED_SKILLED_WORKER_I' || !s.hasValidStatus) return [];
      return s.activeEmployments
        .filter((e) => e.supportPlan === null)
        .map((e) => ({
          explanation: `${employed(e)} as a Specified Skilled Worker (i) without a support plan, neither its own nor through a registered support organization.`,
          evidence: [
            evidence.employment(e, 'supportPlan', null),
            evidence.permit(p, 'status', p.status),
          ],
          employerId: e.employer.id,
        }));
    },
  },
];
