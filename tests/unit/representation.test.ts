import pino from 'pino';
import { Writable } from 'node:stream';
import { evaluate } from '../../subgraphs/consistency/engine/evaluate';
import { representationReader } from '../../subgraphs/consistency/reading';
import { toFacts } from '../../subgraphs/consistency/representation';

/**
 * The consistency subgraph reads each representation against the supergraph's `@requires`
 * selection: absent nullable fields are null, and malformed facts make their source missing.
 */
const logs: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'warn' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  }),
);
const read = representationReader(logger);
beforeEach(() => (logs.length = 0));

const ASOF = '2026-06-15';
const EMPLOYER = {
  id: 'e-1',
  name: 'Acme Foods KK',
  legalForm: 'CORPORATION',
  employeeCount: 60,
  insuredHeadcount: 55,
};
const TAX_ARREARS = { id: 'ta-1', since: '2026-01-01', amount: 400000, settledOn: null };

/**
 * A specified skilled worker (I) without a support plan, employed by an employer in tax arrears:
 * findings from every source (SUPPORT_PLAN_MISSING, SSW_EMPLOYER_IN_ARREARS, ...). Every nullable
 * field is given explicitly as null.
 */
function explicit(): Record<string, unknown> {
  return {
    __typename: 'Worker',
    id: 'w-1',
    dateOfBirth: '1998-02-03',
    residencePermits: [
      {
        id: 'p-1',
        status: 'SPECIFIED_SKILLED_WORKER_I',
        grantedOn: '2026-01-01',
        expiresOn: '2027-01-01',
        designatedFields: ['FOOD_SERVICE'],
        designatedEmployer: null,
        enrolledUntil: null,
      },
    ],
    applications: [],
    workPermissions: [],
    employmentRecords: [
      {
        id: 'em-1',
        startDate: '2026-01-05',
        endDate: null,
        jobField: 'FOOD_SERVICE',
        weeklyHours: 40,
        monthlyWage: 230000,
        supportPlan: null,
        notifications: [
          {
            id: 'n-1',
            kind: 'HIRE',
            filedOn: '2026-01-20',
            reportedStatus: null,
            reportedExpiresOn: null,
          },
        ],
        employer: EMPLOYER,
      },
    ],
    insuranceEnrollmentRecords: [
      {
        id: 'i-1',
        scheme: 'NATIONAL_HEALTH',
        employer: null,
        startDate: '2026-01-01',
        endDate: null,
      },
    ],
    contributionArrears: [],
    taxAssessments: [
      {
        id: 't-1',
        kind: 'RESIDENT_TAX',
        fiscalYear: 2026,
        amount: 10000,
        dueDate: '2026-06-30',
        collection: 'ORDINARY',
        collectingEmployer: null,
        payments: [],
      },
    ],
    withholdingReports: [],
    addressRegistrations: [
      {
        id: 'ad-1',
        municipalityCode: '232114',
        movedInOn: '2026-01-02',
        notifiedOn: '2026-01-06',
        movedOutOn: null,
      },
    ],
    employerContributionArrears: [],
    employerTaxArrears: [{ ...TAX_ARREARS, employer: { id: 'e-1' } }],
  };
}

/** The same representation with every null left out, as some planners send it. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

const reportOf = (rep: unknown) => evaluate(toFacts(read.worker(rep)), ASOF);

/** Sets `path` (dot-separated, numeric segments index arrays) in a copy of `rep`. */
function changed(path: string, value: unknown, rep = explicit()): Record<string, unknown> {
  const copy = structuredClone(rep);
  const keys = path.split('.');
  let at = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  if (value === undefined) delete at[keys[keys.length - 1]];
  else at[keys[keys.length - 1]] = value;
  return copy;
}

describe('reading a Worker representation against the @requires selection', () => {
  const whole = reportOf(explicit());

  it('evaluates a complete representation with every source', () => {
    expect(whole.missingSources).toEqual([]);
    expect(whole.status).toBe('VIOLATION');
    expect(whole.findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(['SUPPORT_PLAN_MISSING', 'SSW_EMPLOYER_IN_ARREARS']),
    );
  });

  it('gives the same report when null fields are omitted', () => {
    expect(reportOf(withoutNulls(explicit()))).toEqual(whole);
    expect(logs).toEqual([]);
  });

  it('treats a nullable list given as null (a registry that did not answer) as a missing source', () => {
    const r = reportOf(changed('taxAssessments', null));
    expect(r.missingSources).toEqual(['TAX']);
    expect(r.unevaluatedRules).toEqual(expect.arrayContaining(['TAX_ARREARS']));
    expect(logs).toEqual([]);
  });

  const malformed: [string, string, unknown, string][] = [
    ['a required list missing', 'residencePermits', undefined, 'RESIDENCE'],
    ['a required scalar missing', 'dateOfBirth', undefined, 'RESIDENCE'],
    ['a number as a string', 'employmentRecords.0.weeklyHours', '40', 'EMPLOYMENT'],
    [
      'an unknown enum value',
      'residencePermits.0.status',
      'SPECIFIED_SKILLED_WORKER_III',
      'RESIDENCE',
    ],
    ['a date that is no calendar date', 'taxAssessments.0.dueDate', '2026-02-30', 'TAX'],
    ['an object where a list belongs', 'contributionArrears', {}, 'INSURANCE'],
    [
      'a required list inside an item',
      'employmentRecords.0.notifications',
      undefined,
      'EMPLOYMENT',
    ],
    ["the employer's arrears malformed", 'employerTaxArrears.0.amount', 'lots', 'TAX'],
    ['an unknown insurance scheme', 'insuranceEnrollmentRecords.0.scheme', 'PRIVATE', 'INSURANCE'],
  ];

  it.each(malformed)(
    'treats %s as that source missing, never a guess',
    (_, path, value, source) => {
      const r = reportOf(changed(path, value));
      expect(r.missingSources).toEqual([source]);
      expect(r.status).not.toBe('CONSISTENT');
      // No finding of a rule reading the malformed source: those rules are unevaluated instead.
      const unevaluated = new Set(r.unevaluatedRules);
      expect(unevaluated.size).toBeGreaterThan(0);
      expect(r.findings.filter((f) => unevaluated.has(f.ruleId))).toEqual([]);
      expect(r.findings).toEqual(whole.findings.filter((f) => !unevaluated.has(f.ruleId)));
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({
        entity: 'Worker',
        defects: [{ source, path: path.replace(/\.(\d+)/g, '[$1]') }],
      });
    },
  );

  it('logs where and what type, never the value', () => {
    reportOf(changed('employmentRecords.0.employer.name', 424242));
    expect(JSON.stringify(logs)).not.toContain('424242');
    expect(logs[0].defects).toEqual([
      { source: 'EMPLOYMENT', path: 'employmentRecords[0].employer.name', expected: 'String!' },
    ]);
  });

  it("maps the municipal registry's address registrations, and none as that source missing", () => {
    const rep = explicit() as { addressRegistrations: unknown[] };
    const facts = toFacts({
      ...read.worker(rep),
      addressRegistrations: rep.addressRegistrations,
    } as never);
    expect(facts.municipality).toEqual({ addressRegistrations: rep.addressRegistrations });
    expect(toFacts({ ...read.worker(rep), addressRegistrations: null }).municipality).toBeNull();
  });

  it('refuses a representation without its key', () => {
    expect(() => read.worker({ __typename: 'Worker' })).toThrow(/no usable id/);
  });
});

describe('reading an Employer representation for workforceConsistency', () => {
  const employer = (worker: Record<string, unknown>) => ({
    __typename: 'Employer',
    id: 'e-1',
    employees: [worker],
    employmentRecords: [{ id: 'em-1', startDate: '2026-01-05', worker: { id: worker.id } }],
  });

  it('reads each employee on its own, with omitted nulls', () => {
    const e = read.employer(withoutNulls(employer(explicit())) as object);
    expect(e.employmentRecords[0].endDate).toBeNull();
    const r = evaluate(toFacts(read.employee(e.employees[0])), ASOF);
    expect(r).toEqual(whole());
  });

  it("makes one employee's malformed source missing for that employee only", () => {
    const e = read.employer(employer(changed('workPermissions', 'none')));
    const r = evaluate(toFacts(read.employee(e.employees[0])), ASOF);
    expect(r.missingSources).toEqual(['RESIDENCE']);
  });

  it('refuses to count a workforce whose employments could not be read', () => {
    expect(() => read.employer({ __typename: 'Employer', id: 'e-1' })).toThrow(/employments/);
  });

  function whole() {
    return reportOf(explicit());
  }
});
