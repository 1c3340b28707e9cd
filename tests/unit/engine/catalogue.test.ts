import { CATALOGUE, RULE_ORDER } from '../../../subgraphs/consistency/engine/catalogue';
import { evaluate } from '../../../subgraphs/consistency/engine/evaluate';
import type { Source } from '../../../subgraphs/consistency/engine/facts';
import { reportStatus, type Finding } from '../../../subgraphs/consistency/engine/report';
import {
  ACME,
  ASOF,
  arrears,
  assessment,
  compliant,
  employer,
  employment,
  notification,
  permit,
  ruleIds,
  withholding,
  worker,
} from './builders';

/** The table of RULES.md, in its order: id, severity, responsible (the "else" party), affected. */
const TABLE: [string, string, string, string][] = [
  ['UNAUTHORIZED_WORK', 'VIOLATION', 'EMPLOYER', 'WORKER'],
  ['WORK_HOURS_EXCEEDED', 'VIOLATION', 'WORKER', 'WORKER'],
  ['STUDENT_NOT_ENROLLED', 'VIOLATION', 'WORKER', 'WORKER'],
  ['ACTIVITY_OUTSIDE_STATUS', 'VIOLATION', 'EMPLOYER', 'WORKER'],
  ['RESIDENCE_EXPIRED', 'VIOLATION', 'WORKER', 'WORKER'],
  ['SPECIAL_PERIOD_ENDING', 'WARNING', 'WORKER', 'WORKER'],
  ['RESIDENCE_EXPIRING', 'WARNING', 'WORKER', 'WORKER'],
  ['EMPLOYMENT_NOT_NOTIFIED', 'VIOLATION', 'EMPLOYER', 'AGENCY'],
  ['NOTIFICATION_MISMATCH', 'WARNING', 'EMPLOYER', 'AGENCY'],
  ['SUPPORT_PLAN_MISSING', 'VIOLATION', 'EMPLOYER', 'WORKER'],
  ['SOCIAL_INSURANCE_NOT_ENROLLED', 'VIOLATION', 'EMPLOYER', 'WORKER'],
  ['NO_HEALTH_COVERAGE', 'WARNING', 'WORKER', 'WORKER'],
  ['EMPLOYMENT_INSURANCE_NOT_ENROLLED', 'VIOLATION', 'EMPLOYER', 'WORKER'],
  ['WITHHOLDING_NOT_REPORTED', 'WARNING', 'EMPLOYER', 'WORKER'],
  ['TAX_ARREARS', 'WARNING', 'WORKER', 'WORKER'],
  ['RENEWAL_AT_RISK', 'WARNING', 'WORKER', 'WORKER'],
  ['SSW_EMPLOYER_IN_ARREARS', 'WARNING', 'EMPLOYER', 'WORKER'],
  ['PERMANENT_RESIDENCE_REVIEW', 'INFO', 'WORKER', 'WORKER'],
  ['INACTIVE_AFTER_SEPARATION', 'WARNING', 'WORKER', 'WORKER'],
  ['NO_STATUS_ON_RECORD', 'WARNING', 'AGENCY', 'WORKER'],
  ['ADDRESS_NOT_NOTIFIED', 'WARNING', 'WORKER', 'WORKER'],
  ['ADDRESS_REVOCATION_GROUND', 'VIOLATION', 'WORKER', 'WORKER'],
];

/** The sources each rule needs, read off its "fires on D when" column. */
const NEEDS: Record<Source, string[]> = {
  RESIDENCE: [
    'UNAUTHORIZED_WORK',
    'WORK_HOURS_EXCEEDED',
    'STUDENT_NOT_ENROLLED',
    'ACTIVITY_OUTSIDE_STATUS',
    'RESIDENCE_EXPIRED',
    'SPECIAL_PERIOD_ENDING',
    'RESIDENCE_EXPIRING',
    'NOTIFICATION_MISMATCH',
    'SUPPORT_PLAN_MISSING',
    'SOCIAL_INSURANCE_NOT_ENROLLED',
    'NO_HEALTH_COVERAGE',
    'EMPLOYMENT_INSURANCE_NOT_ENROLLED',
    'RENEWAL_AT_RISK',
    'SSW_EMPLOYER_IN_ARREARS',
    'PERMANENT_RESIDENCE_REVIEW',
    'INACTIVE_AFTER_SEPARATION',
    'NO_STATUS_ON_RECORD',
    'ADDRESS_NOT_NOTIFIED',
    'ADDRESS_REVOCATION_GROUND',
  ],
  EMPLOYMENT: [
    'UNAUTHORIZED_WORK',
    'WORK_HOURS_EXCEEDED',
    'STUDENT_NOT_ENROLLED',
    'ACTIVITY_OUTSIDE_STATUS',
    'EMPLOYMENT_NOT_NOTIFIED',
    'NOTIFICATION_MISMATCH',
    'SUPPORT_PLAN_MISSING',
    'SOCIAL_INSURANCE_NOT_ENROLLED',
    'NO_HEALTH_COVERAGE',
    'EMPLOYMENT_INSURANCE_NOT_ENROLLED',
    'WITHHOLDING_NOT_REPORTED',
    'SSW_EMPLOYER_IN_ARREARS',
    'INACTIVE_AFTER_SEPARATION',
    'ADDRESS_NOT_NOTIFIED',
    'ADDRESS_REVOCATION_GROUND',
  ],
  INSURANCE: [
    'EMPLOYMENT_NOT_NOTIFIED',
    'SOCIAL_INSURANCE_NOT_ENROLLED',
    'NO_HEALTH_COVERAGE',
    'EMPLOYMENT_INSURANCE_NOT_ENROLLED',
    'RENEWAL_AT_RISK',
    'SSW_EMPLOYER_IN_ARREARS',
    'PERMANENT_RESIDENCE_REVIEW',
  ],
  TAX: [
    'WITHHOLDING_NOT_REPORTED',
    'TAX_ARREARS',
    'RENEWAL_AT_RISK',
    'SSW_EMPLOYER_IN_ARREARS',
    'PERMANENT_RESIDENCE_REVIEW',
  ],
  MUNICIPALITY: ['ADDRESS_NOT_NOTIFIED', 'ADDRESS_REVOCATION_GROUND'],
};

const finding = (severity: Finding['severity']): Finding => ({
  ruleId: 'X',
  severity,
  title: 't',
  explanation: 'e',
  responsibleParty: 'WORKER',
  affectedParty: 'WORKER',
  legalBasis: 'b',
  recommendedAction: 'a',
  dueBy: null,
  employerId: null,
  evidence: [],
});

describe('CATALOGUE', () => {
  it('has the 22 rule ids of RULES.md in table order', () => {
    expect(RULE_ORDER).toEqual(TABLE.map(([id]) => id));
    expect(CATALOGUE.map((r) => r.id)).toEqual(TABLE.map(([id]) => id));
    expect(CATALOGUE).toHaveLength(22);
  });

  it.each(TABLE)('%s: severity %s, %s → %s', (id, severity, responsible, affected) => {
    const rule = CATALOGUE.find((r) => r.id === id);
    expect(rule).toMatchObject({
      severity,
      responsibleParty: responsible,
      affectedParty: affected,
    });
    expect(rule?.title).toBeTruthy();
    expect(rule?.legalBasis).toBeTruthy();
    expect(rule?.description).toBeTruthy();
  });

  it.each(TABLE.map(([id]) => id))('%s declares exactly the sources it needs', (id) => {
    const rule = CATALOGUE.find((r) => r.id === id);
    const expected = (Object.keys(NEEDS) as Source[]).filter((s) => NEEDS[s].includes(id));
    expect([...(rule?.sources ?? [])].sort()).toEqual([...expected].sort());
  });

  it('only PERMANENT_RESIDENCE_REVIEW has an effective date (from 2027-04-01)', () => {
    const dated = CATALOGUE.filter((r) => r.effectiveFrom !== null || r.effectiveUntil !== null);
    expect(dated.map((r) => [r.id, r.effectiveFrom, r.effectiveUntil])).toEqual([
      ['PERMANENT_RESIDENCE_REVIEW', '2027-04-01', null],
    ]);
  });
});

describe('report status', () => {
  it('orders VIOLATION > INCOMPLETE > AT_RISK > CONSISTENT, and INFO never counts', () => {
    expect(reportStatus([], [])).toBe('CONSISTENT');
    expect(reportStatus([finding('INFO')], [])).toBe('CONSISTENT');
    expect(reportStatus([finding('INFO'), finding('WARNING')], [])).toBe('AT_RISK');
    expect(reportStatus([finding('WARNING')], ['TAX'])).toBe('INCOMPLETE');
    expect(reportStatus([finding('INFO')], ['TAX'])).toBe('INCOMPLETE');
    expect(reportStatus([], ['RESIDENCE'])).toBe('INCOMPLETE');
    expect(reportStatus([finding('WARNING'), finding('VIOLATION')], ['TAX'])).toBe('VIOLATION');
    expect(reportStatus([finding('VIOLATION')], [])).toBe('VIOLATION');
  });

  it('a compliant worker is CONSISTENT with no findings and nothing missing', () => {
    const report = evaluate(compliant(), ASOF);
    expect(report).toEqual({
      asOf: ASOF,
      status: 'CONSISTENT',
      findings: [],
      missingSources: [],
      unevaluatedRules: [],
    });
  });

  it('a WARNING makes it AT_RISK; a VIOLATION wins over a WARNING', () => {
    const warning = compliant({ assessments: [assessment({ dueDate: '2026-06-14' })] });
    expect(evaluate(warning, ASOF).status).toBe('AT_RISK');
    const violation = compliant({
      assessments: [assessment({ dueDate: '2026-06-14' })],
      permits: [permit({ status: 'TEMPORARY_VISITOR', expiresOn: '2026-09-01' })],
    });
    const report = evaluate(violation, ASOF);
    expect(report.status).toBe('VIOLATION');
    expect(ruleIds(report)).toEqual(expect.arrayContaining(['UNAUTHORIZED_WORK', 'TAX_ARREARS']));
  });

  it('a missing source with only a WARNING is INCOMPLETE, with a VIOLATION is VIOLATION', () => {
    const warning = compliant({
      assessments: [assessment({ dueDate: '2026-06-14' })],
      missing: ['INSURANCE'],
    });
    expect(evaluate(warning, ASOF).status).toBe('INCOMPLETE');
    const violation = compliant({
      permits: [permit({ status: 'TEMPORARY_VISITOR', expiresOn: '2026-09-01' })],
      missing: ['TAX'],
    });
    expect(evaluate(violation, ASOF).status).toBe('VIOLATION');
  });

  it('an INFO finding alone leaves the worker CONSISTENT', () => {
    const facts = compliant({
      permits: [permit({ status: 'PERMANENT_RESIDENT', expiresOn: null })],
      contributionArrears: [arrears({ since: '2027-01-31' })],
      withholdingReports: [withholding({ year: 2025 }), withholding({ year: 2026 })],
    });
    const report = evaluate(facts, '2027-04-01');
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['PERMANENT_RESIDENCE_REVIEW', 'INFO'],
    ]);
    expect(report.status).toBe('CONSISTENT');
  });
});

describe('missing sources', () => {
  it.each(['RESIDENCE', 'EMPLOYMENT', 'INSURANCE', 'TAX', 'MUNICIPALITY'] as Source[])(
    'a missing %s source lists itself and exactly the rules that need it',
    (source) => {
      const report = evaluate(compliant({ missing: [source] }), ASOF);
      expect(report.missingSources).toEqual([source]);
      expect(report.unevaluatedRules).toEqual(
        RULE_ORDER.filter((id) => NEEDS[source].includes(id)),
      );
      expect(report.status).toBe('INCOMPLETE');
      expect(report.findings).toEqual([]);
    },
  );

  it('several missing sources are listed in the fixed order, rules once each', () => {
    const report = evaluate(compliant({ missing: ['TAX', 'RESIDENCE'] }), ASOF);
    expect(report.missingSources).toEqual(['RESIDENCE', 'TAX']);
    expect(report.unevaluatedRules).toEqual(
      RULE_ORDER.filter((id) => NEEDS.RESIDENCE.includes(id) || NEEDS.TAX.includes(id)),
    );
    expect(report.status).toBe('INCOMPLETE');
  });

  it("an employer's unreadable arrears make its registry missing", () => {
    const unreadable = employer({ contributionArrears: null, taxArrears: null });
    const report = evaluate(
      compliant({
        employments: [employment({ employer: unreadable, notifications: [notification()] })],
      }),
      ASOF,
    );
    expect(report.missingSources).toEqual(['INSURANCE', 'TAX']);
    expect(report.unevaluatedRules).toEqual(
      RULE_ORDER.filter((id) => NEEDS.INSURANCE.includes(id) || NEEDS.TAX.includes(id)),
    );
    expect(report.status).toBe('INCOMPLETE');
  });

  it('is never CONSISTENT when a source is missing, even with nothing to report', () => {
    for (const source of [
      'RESIDENCE',
      'EMPLOYMENT',
      'INSURANCE',
      'TAX',
      'MUNICIPALITY',
    ] as Source[]) {
      expect(evaluate(compliant({ missing: [source] }), ASOF).status).not.toBe('CONSISTENT');
    }
  });

  it('still evaluates the rules whose sources are present', () => {
    const report = evaluate(
      compliant({ missing: ['EMPLOYMENT'], assessments: [assessment({ dueDate: '2026-06-14' })] }),
      ASOF,
    );
    expect(ruleIds(report)).toEqual(['TAX_ARREARS']);
    expect(report.status).toBe('INCOMPLETE');
  });
});

describe('determinism', () => {
  const messy = () =>
    worker({
      permits: [
        permit({
          status: 'STUDENT',
          grantedOn: '2024-04-01',
          expiresOn: '2026-04-30',
          enrolledUntil: '2026-03-31',
        }),
      ],
      employments: [
        employment({
          employer: employer({ id: 'employer-zeta', name: 'Zeta KK' }),
          startDate: '2025-09-01',
          weeklyHours: 20,
        }),
        employment({ startDate: '2025-06-01', weeklyHours: 15 }),
      ],
      assessments: [
        assessment({ dueDate: '2026-03-31', collection: 'SPECIAL', collectingEmployerId: ACME.id }),
        assessment({ fiscalYear: 2024, dueDate: '2025-05-31' }),
      ],
      contributionArrears: [arrears()],
    });

  it('gives the same report for the same input, twice', () => {
    const a = evaluate(messy(), ASOF);
    const b = evaluate(messy(), ASOF);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.findings.length).toBeGreaterThan(5);
  });

  it('returns findings in catalogue order', () => {
    const order = evaluate(messy(), ASOF).findings.map((f) =>
      RULE_ORDER.indexOf(f.ruleId as never),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('does not depend on the order the registries list the facts in', () => {
    const facts = messy();
    const reversed = {
      ...facts,
      employment: { employments: [...(facts.employment?.employments ?? [])].reverse() },
      tax: facts.tax && { ...facts.tax, assessments: [...facts.tax.assessments].reverse() },
    };
    expect(evaluate(reversed, ASOF)).toEqual(evaluate(facts, ASOF));
  });

  it('does not mutate its input', () => {
    const facts = messy();
    const copy = JSON.parse(JSON.stringify(facts)) as unknown;
    evaluate(facts, ASOF);
    expect(facts).toEqual(copy);
  });
});
