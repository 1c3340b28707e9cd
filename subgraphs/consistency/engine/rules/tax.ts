import type { EmploymentFact, TaxAssessmentFact } from '../facts';
import { evidence, type Evidence } from '../report';
import type { Rule } from '../rule';
import type { Situation } from '../situation';
import { paidBy } from '../situation';
import { employerCollected, humanList, yearOf, yen } from '../terms';

const PERMANENT_REVIEW_FROM = '2027-04-01';

function employerName(s: Situation, id: string | null): string {
  const e = s.facts.employment?.employments.find((x) => x.employer.id === id);
  return e?.employer.name ?? 'the collecting employer';
}

/** The worker's own arrears on D, and whether every one of them is the employer's to cure. */
function workerArrears(s: Situation) {
  const tax = s.overdueTax;
  const contributions = s.contributionArrears;
  const employersToCure =
    tax.every((a) => a.collection === 'SPECIAL') &&
    contributions.every((a) => employerCollected(a.scheme));
  const evidenceList: Evidence[] = [
    ...tax.map((a) => evidence.assessment(a, 'outstandingAmount', a.amount - paidBy(a, s.on))),
    ...contributions.map((a) => evidence.contributionArrears(a, 'amount', a.amount)),
  ];
  const described = [
    ...tax.map((a) => `${a.kind} ${a.fiscalYear} overdue since ${a.dueDate}`),
    ...contributions.map((a) => `${a.scheme} contributions unpaid since ${a.since}`),
  ];
  return {
    any: tax.length + contributions.length > 0,
    employersToCure,
    evidence: evidenceList,
    described,
  };
}

function withholdingGaps(s: Situation): { employment: EmploymentFact; year: number }[] {
  const thisYear = yearOf(s.on);
  const seen = new Set<string>();
  const gaps: { employment: EmploymentFact; year: number }[] = [];
  for (const e of s.employments) {
    const last = Math.min(yearOf(e.endDate ?? s.on), thisYear - 1);
    for (let year = yearOf(e.startDate); year <= last; year++) {
      const key = `${e.employer.id}:${year}`;
      if (seen.has(key) || s.on <= `${year + 1}-01-31`) continue;
      seen.add(key);
      const filed = s.tax.withholdingReports.some(
        (w) => w.employerId === e.employer.id && w.year === year,
      );
      if (!filed) gaps.push({ employment: e, year });
    }
  }
  return gaps.sort(
    (a, b) => a.employment.employer.id.localeCompare(b.employment.employer.id) || a.year - b.year,
  );
}

const collectedBy = (a: TaxAssessmentFact) =>
  a.collection === 'SPECIAL'
    ? 'deducted from salary by the employer (special collection)'
    : 'paid by the worker (ordinary collection)';

export const taxRules: Rule[] = [
  {
    id: 'WITHHOLDING_NOT_REPORTED',
    title: 'Withholding report missing',
    severity: 'WARNING',
    responsibleParty: 'EMPLOYER',
    affectedParty: 'WORKER',
    legalBasis: 'Income Tax Act 183, 226',
    sources: ['EMPLOYMENT', 'TAX'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'For each past calendar year in which an employment was active, the employer has filed no withholding report for the worker after 31 January of the following year. One finding per employer and year.',
    recommendedAction: 'File the withholding report (源泉徴収票) and payment summary for the year.',
    evaluate(s) {
      return withholdingGaps(s).map(({ employment: e, year }) => ({
        explanation: `${e.employer.name} employed the worker in ${year} but has filed no withholding report for that year, due by ${year + 1}-01-31.`,
        evidence: [
          evidence.employment(e, 'startDate', e.startDate),
          evidence.employment(e, 'endDate', e.endDate),
        ],
        dueBy: `${year + 1}-01-31`,
        employerId: e.employer.id,
      }));
    },
  },
  {
    id: 'TAX_ARREARS',
    title: 'Tax overdue',
    severity: 'WARNING',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'Local Tax Act 321-3, 321-4',
    sources: ['TAX'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'A tax assessment is past its due date and not fully paid. The employer is responsible when it collects the tax from salary (SPECIAL collection), otherwise the worker. One finding per assessment.',
    recommendedAction: 'Pay the outstanding tax or agree an instalment plan with the municipality.',
    evaluate(s) {
      return s.overdueTax.map((a) => {
        const outstanding = a.amount - paidBy(a, s.on);
        const special = a.collection === 'SPECIAL';
        return {
          explanation: `${a.kind} for fiscal year ${a.fiscalYear} (${yen(a.amount)}, due ${a.dueDate}) has ${yen(outstanding)} unpaid on ${s.on}; it is ${collectedBy(a)}.`,
          evidence: [
            evidence.assessment(a, 'dueDate', a.dueDate),
            evidence.assessment(a, 'outstandingAmount', outstanding),
            evidence.assessment(a, 'collection', a.collection),
          ],
          dueBy: null,
          employerId: special ? a.collectingEmployerId : null,
          responsibleParty: special ? ('EMPLOYER' as const) : ('WORKER' as const),
          recommendedAction: special
            ? `${employerName(s, a.collectingEmployerId)} must pay over the resident tax it collects from salary.`
            : 'Pay the outstanding tax at the municipal office or agree an instalment plan.',
        };
      });
    },
  },
  {
    id: 'RENEWAL_AT_RISK',
    title: 'Renewal at risk from arrears',
    severity: 'WARNING',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'Renewal guidelines: tax and social insurance certificates',
    sources: ['RESIDENCE', 'TAX', 'INSURANCE'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'The permit expires within 90 days or a renewal is pending while the worker is in tax or insurance arrears, which the renewal examines. The employer is responsible when every arrears is its own (special tax collection; employees’ health, pension and employment insurance contributions, which the employer collects).',
    recommendedAction:
      'Clear the arrears and obtain tax and insurance payment certificates before the renewal is examined.',
    evaluate(s) {
      const p = s.permit;
      const pending = s.pendingExtension;
      if (!p || !(s.expiresWithin90Days || pending)) return [];
      const arrears = workerArrears(s);
      if (!arrears.any) return [];
      const when = pending
        ? `a ${pending.kind} application filed on ${pending.filedOn} is pending`
        : `the permit expires on ${p.expiresOn}`;
      return [
        {
          explanation: `${when[0].toUpperCase()}${when.slice(1)}, and a renewal examines tax and insurance payments, but on ${s.on} there ${arrears.described.length === 1 ? 'is' : 'are'} ${humanList(arrears.described)}.`,
          evidence: [evidence.permit(p, 'expiresOn', p.expiresOn), ...arrears.evidence],
          dueBy: p.expiresOn,
          responsibleParty: arrears.employersToCure ? ('EMPLOYER' as const) : ('WORKER' as const),
        },
      ];
    },
  },
  {
    id: 'SSW_EMPLOYER_IN_ARREARS',
    title: 'Specified Skilled Worker employer in arrears',
    severity: 'WARNING',
    responsibleParty: 'EMPLOYER',
    affectedParty: 'WORKER',
    legalBasis: 'SSW standards ordinance; ISA 2025 guidance',
    sources: ['RESIDENCE', 'EMPLOYMENT', 'INSURANCE', 'TAX'],
    effectiveFrom: null,
    effectiveUntil: null,
    description:
      'An employer of a Specified Skilled Worker is in tax or social insurance arrears, which breaches the standards an SSW employer must meet and endangers the worker’s renewal. One finding per employment.',
    recommendedAction:
      'The employer clears its tax and insurance arrears; the worker may consider a change of employer.',
    evaluate(s) {
      const p = s.permit;
      if (!p || !s.hasValidStatus) return [];
      if (p.status !== 'SPECIFIED_SKILLED_WORKER_I' && p.status !== 'SPECIFIED_SKILLED_WORKER_II')
        return [];
      return s.activeEmployments.flatMap((e) => {
        const { contributions, tax } = s.employerInArrears(e.employer);
        if (contributions.length + tax.length === 0) return [];
        const what = [
          ...contributions.map(
            (a) => `${a.scheme} contributions of ${yen(a.amount)} since ${a.since}`,
          ),
          ...tax.map((a) => `tax of ${yen(a.amount)} since ${a.since}`),
        ];
        return [
          {
            explanation: `${e.employer.name}, which employs the worker under ${p.status}, is in arrears on ${s.on}: ${humanList(what)}.`,
            evidence: [
              ...contributions.map((a) => evidence.contributionArrears(a, 'since', a.since)),
              ...tax.map((a) => evidence.employerTaxArrears(a, 'since', a.since)),
            ],
            employerId: e.employer.id,
          },
        ];
      });
    },
  },
  {
    id: 'PERMANENT_RESIDENCE_REVIEW',
    title: 'Permanent resident in arrears: human review',
    severity: 'INFO',
    responsibleParty: 'WORKER',
    affectedParty: 'WORKER',
    legalBasis: 'ICRRA 22-4 (2024 amendment)',
    sources: ['RESIDENCE', 'TAX', 'INSURANCE'],
    effectiveFrom: PERMANENT_REVIEW_FROM,
    effectiveUntil: null,
    description:
      'From 2027-04-01 permanent residence can be revoked for wilful non-payment of taxes or contributions. Records cannot show wilfulness: this only flags arrears for a human review.',
    recommendedAction:
      'A caseworker reviews the circumstances with the person; no action may be taken on this record alone.',
    evaluate(s) {
      if (s.on < PERMANENT_REVIEW_FROM || s.permit?.status !== 'PERMANENT_RESIDENT') return [];
      const arrears = workerArrears(s);
      if (!arrears.any) return [];
      return [
        {
          explanation: `The permanent resident has ${humanList(arrears.described)} on ${s.on}. Wilfulness cannot be inferred from records; only a human review may act on this.`,
          evidence: arrears.evidence,
        },
      ];
    },
  },
];
