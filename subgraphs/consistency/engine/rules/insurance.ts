import {
  coveredBySocialInsurance,
  employmentInsuranceHours,
  obligedEmployer,
} from '../../../law/coverage';
import type { EmploymentFact } from '../facts';
import { evidence } from '../report';
import type { Rule } from '../rule';
import type { Situation } from '../situation';
import { addDays, ageOn, daysBetween, humanList, tenthOfNextMonth, yen } from '../terms';

function covered(s: Situation, e: EmploymentFact): boolean {
  return coveredBySocialInsurance(
    { ...e, insuredHeadcount: e.employer.insuredHeadcount, status: s.permit?.status },
    s.on,
  );
}

/** The employee schemes each active, covered employment lacks on D (SOCIAL_INSURANCE_NOT_ENROLLED). */
export function socialInsuranceGaps(
  s: Situation,
): { employment: EmploymentFact; missing: string[] }[] {
  const under70 = ageOn(s.residence.dateOfBirth, s.on) < 70;
  return s.activeEmployments
    .filter((e) => s.on > addDays(e.startDate, 5) && obligedEmployer(e.employer) && covered(s, e))
    .map((e) => ({
      employment: e,
      missing: ['EMPLOYEES_HEALTH', ...(under70 ? ['EMPLOYEES_PENSION'] : [])].filter(
        (scheme) => !s.enrolledOn(scheme, e.employer.id),
      ),
    }))
    .filter((gap) => gap.missing.length > 0);
}

export const insuranceRules: Rule[] = [
  {
    id: 'SOCIAL_INSURANCE_NOT_ENROLLED',
    title: 'Not enrolled in employees’ health or pension insurance',
    severity: 'VIOLATION',
    responsibleParty: 'EMPLOYER',
    affectedParty: 'WORKER',
    legalBasis: "Health Insurance Act 3; Employees' Pension Insurance Act 6, 12",
    sources: ['EMPLOYMENT', 'INSURANCE', 'RESIDENCE'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      "An obliged employer (a corporation, or a sole proprietor with 5+ employees) has not enrolled a covered worker (30+ h/week; or 20+ h, 88,000+ yen a month, insured headcount at least T(D), not a student) in employees' health insurance, or employees' pension under 70 (an age is reached on the day before the birthday), more than 5 days after hire. T(D) = 51; 36 from 2027-10-01; 21 from 2029-10-01; 11 from 2032-10-01; 0 from 2035-10-01.",
    recommendedAction:
      'Enroll the worker (acquisition notification to the Japan Pension Service) retroactively to the hire date.',
    evaluate(s) {
      return socialInsuranceGaps(s).map(({ employment: e, missing }) => ({
        explanation: `${e.employer.name} (${e.employer.legalForm}, ${e.employer.employeeCount} employees, ${e.employer.insuredHeadcount} insured) has employed the worker since ${e.startDate} at ${e.weeklyHours} h/week and ${yen(e.monthlyWage)} a month, which requires ${humanList(missing)}, but no such enrollment with this employer is active on ${s.on}.`,
        evidence: [
          evidence.employment(e, 'weeklyHours', e.weeklyHours),
          evidence.employment(e, 'monthlyWage', e.monthlyWage),
          evidence.employer(e.employer, 'legalForm', e.employer.legalForm),
          evidence.employer(e.employer, 'insuredHeadcount', e.employer.insuredHeadcount),
          ...missing.map((scheme) => evidence.missingEnrollment(e, 'missingScheme', scheme)),
        ],
        dueBy: addDays(e.startDate, 5),
        employerId: e.employer.id,
        recommendedAction: `Enroll the worker in ${humanList(missing)} with ${e.employer.name}, retroactively to ${e.startDate}.`,
      }));
    },
  },
  {
    id: 'NO_HEALTH_COVERAGE',
    title: 'No health insurance',
    severity: 'WARNING',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'National Health Insurance Act',
    sources: ['RESIDENCE', 'INSURANCE', 'EMPLOYMENT'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      "A resident with a valid status (not a temporary visitor) has had no employees' or national health insurance for more than 14 days after the permit was granted, and no employer is responsible for it (otherwise SOCIAL_INSURANCE_NOT_ENROLLED says so).",
    recommendedAction: 'Enroll in National Health Insurance at the municipal office.',
    evaluate(s) {
      const p = s.permit;
      if (!p || !s.hasValidStatus || p.status === 'TEMPORARY_VISITOR') return [];
      if (s.on <= addDays(p.grantedOn, 14)) return [];
      if (s.enrolledOn('EMPLOYEES_HEALTH', null) || s.enrolledOn('NATIONAL_HEALTH', null))
        return [];
      if (socialInsuranceGaps(s).length > 0) return [];
      return [
        {
          explanation: `No employees' or national health insurance enrollment is active on ${s.on}, ${daysBetween(p.grantedOn, s.on)} days after the ${p.status} permit was granted on ${p.grantedOn}.`,
          evidence: [evidence.permit(p, 'grantedOn', p.grantedOn)],
          dueBy: null,
        },
      ];
    },
  },
  {
    id: 'EMPLOYMENT_INSURANCE_NOT_ENROLLED',
    title: 'Not enrolled in employment insurance',
    severity: 'VIOLATION',
    responsibleParty: 'EMPLOYER',
    affectedParty: 'WORKER',
    legalBasis: 'Employment Insurance Act',
    sources: ['EMPLOYMENT', 'INSURANCE', 'RESIDENCE'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'An employment of 20+ hours a week (10+ from 2028-10-01), expected to last 31 days or more, of a worker who is not a student, has no employment-insurance enrollment with the employer after the 10th of the month following hire.',
    recommendedAction: 'File the employment-insurance qualification notification with Hello Work.',
    evaluate(s) {
      const hours = employmentInsuranceHours(s.on);
      if (s.permit?.status === 'STUDENT') return [];
      return s.activeEmployments
        .filter(
          (e) =>
            e.weeklyHours >= hours &&
            (e.endDate === null || daysBetween(e.startDate, e.endDate) >= 30) &&
            s.on > tenthOfNextMonth(e.startDate) &&
            !s.enrolledOn('EMPLOYMENT_INSURANCE', e.employer.id),
        )
        .map((e) => ({
          explanation: `${e.employer.name} has employed the worker since ${e.startDate} at ${e.weeklyHours} h/week (threshold ${hours} h on ${s.on}) ${e.endDate ? `until ${e.endDate}` : 'with no end date'}, but no employment-insurance enrollment with it is active; it was due by ${tenthOfNextMonth(e.startDate)}.`,
          evidence: [
            evidence.employment(e, 'weeklyHours', e.weeklyHours),
            evidence.employment(e, 'startDate', e.startDate),
            evidence.employment(e, 'endDate', e.endDate),
          ],
          dueBy: tenthOfNextMonth(e.startDate),
          employerId: e.employer.id,
        }));
    },
  },
];
