/**
 * The engine works on calendar dates only: its results must not depend on the process's time zone.
 *
 * Jest gives each test file its own copy of process.env, so assigning process.env.TZ here does not
 * reach Node's clock. Instead: (1) the results are pinned to fixed values, and CI runs the whole
 * suite under TZ=Asia/Tokyo and TZ=America/Los_Angeles, so both runs must produce them; (2) every
 * local-time Date API is trapped while the helpers and the engine run, so no code path may read
 * the local zone whatever TZ is; (3) the results are compared across process.env.TZ values anyway,
 * which also covers runners that do honour the assignment.
 */
import { evaluate } from '../../../subgraphs/consistency/engine/evaluate';
import {
  ageOn,
  endOfNextMonth,
  tenthOfNextMonth,
} from '../../../subgraphs/consistency/engine/terms';
import {
  addDays,
  addMonths,
  daysBetween,
  isActiveOn,
  isCalendarDate,
  todayInTokyo,
} from '../../../subgraphs/kit/dates';
import { statusValidity } from '../../../subgraphs/law/status';
import {
  ACME,
  BETA,
  application,
  arrears,
  assessment,
  employer,
  employment,
  enrollment,
  notification,
  permission,
  permit,
  worker,
} from './builders';

const ZONES = [
  'UTC',
  'Asia/Tokyo',
  'America/Los_Angeles',
  'Pacific/Kiritimati', // UTC+14
  'Pacific/Pago_Pago', // UTC-11
  'Australia/Lord_Howe', // half-hour DST
];

/** Dates around month ends, leap days and the DST switches of Los Angeles and Lord Howe. */
const DATES = [
  '2026-01-31',
  '2026-02-28',
  '2026-03-08',
  '2026-03-31',
  '2026-04-05',
  '2026-10-04',
  '2026-11-01',
  '2026-12-31',
  '2027-08-31',
  '2028-02-29',
];

function dateHelpers() {
  return DATES.map((d) => ({
    d,
    plus1: addDays(d, 1),
    minus1: addDays(d, -1),
    plus90: addDays(d, 90),
    months: [-3, -1, 1, 2, 3, 12].map((n) => addMonths(d, n)),
    days: daysBetween('2026-01-01', d),
    valid: isCalendarDate(d),
    tenth: tenthOfNextMonth(d),
    endNext: endOfNextMonth(d),
    age: ageOn('1956-02-29', d),
    active: [
      isActiveOn(d, d, d),
      isActiveOn(addDays(d, 1), null, d),
      isActiveOn('2020-01-01', addDays(d, -1), d),
    ],
  }));
}

/** A worker on whom many rules fire, around a special period and a month end. */
function busyWorker() {
  return worker({
    dateOfBirth: '1956-03-01',
    permits: [
      permit({
        status: 'STUDENT',
        grantedOn: '2025-12-31',
        expiresOn: '2026-12-31',
        enrolledUntil: '2026-12-15',
      }),
    ],
    applications: [application({ filedOn: '2026-12-20' })],
    permissions: [permission({ grantedOn: '2026-01-10', maxWeeklyHours: 28 })],
    employments: [
      employment({ startDate: '2026-01-31', weeklyHours: 20, jobField: 'FOOD_SERVICE' }),
      employment({
        employer: employer({ ...BETA, legalForm: 'SOLE_PROPRIETOR', employeeCount: 5 }),
        startDate: '2026-11-30',
        weeklyHours: 30,
        notifications: [notification({ filedOn: '2027-01-31', reportedStatus: 'DEPENDENT' })],
      }),
    ],
    enrollments: [
      enrollment({ scheme: 'EMPLOYMENT_INSURANCE', employerId: BETA.id, startDate: '2026-12-01' }),
    ],
    contributionArrears: [arrears({ since: '2026-11-30' })],
    assessments: [
      assessment({ dueDate: '2026-12-31', collection: 'SPECIAL', collectingEmployerId: ACME.id }),
      assessment({
        fiscalYear: 2026,
        dueDate: '2027-01-31',
        payments: [{ id: '', paidOn: '2027-02-01', amount: 120_000 }],
      }),
    ],
  });
}

const EVALUATION_DATES = [
  '2026-12-31',
  '2027-01-01',
  '2027-01-31',
  '2027-02-01',
  '2027-02-28',
  '2027-03-01',
];

function results() {
  return {
    helpers: dateHelpers(),
    tokyo: [
      todayInTokyo(new Date('2026-12-31T14:59:59Z')),
      todayInTokyo(new Date('2026-12-31T15:00:00Z')),
      todayInTokyo(new Date('2026-03-08T10:00:00Z')),
    ],
    validity: EVALUATION_DATES.map((d) =>
      statusValidity(
        { id: 'p', status: 'STUDENT', grantedOn: '2025-12-31', expiresOn: '2026-12-31' },
        [{ kind: 'RENEWAL', filedOn: '2026-12-20', decidedOn: null }],
        d,
      ),
    ),
    reports: EVALUATION_DATES.map((d) => evaluate(busyWorker(), d)),
  };
}

/** Pinned values, checked by hand: [d, d+1, d−1, d+90, addMonths(d, −3|−1|1|2|3|12), days since 2026-01-01, tenth, end of next month, age of someone born 1956-02-29, reached on 28 February]. */
const HELPERS = [
  [
    '2026-01-31',
    '2026-02-01',
    '2026-01-30',
    '2026-05-01',
    ['2025-10-31', '2025-12-31', '2026-02-28', '2026-03-31', '2026-04-30', '2027-01-31'],
    30,
    '2026-02-10',
    '2026-02-28',
    69,
  ],
  [
    '2026-02-28',
    '2026-03-01',
    '2026-02-27',
    '2026-05-29',
    ['2025-11-28', '2026-01-28', '2026-03-28', '2026-04-28', '2026-05-28', '2027-02-28'],
    58,
    '2026-03-10',
    '2026-03-31',
    70,
  ],
  [
    '2026-03-08',
    '2026-03-09',
    '2026-03-07',
    '2026-06-06',
    ['2025-12-08', '2026-02-08', '2026-04-08', '2026-05-08', '2026-06-08', '2027-03-08'],
    66,
    '2026-04-10',
    '2026-04-30',
    70,
  ],
  [
    '2026-03-31',
    '2026-04-01',
    '2026-03-30',
    '2026-06-29',
    ['2025-12-31', '2026-02-28', '2026-04-30', '2026-05-31', '2026-06-30', '2027-03-31'],
    89,
    '2026-04-10',
    '2026-04-30',
    70,
  ],
  [
    '2026-04-05',
    '2026-04-06',
    '2026-04-04',
    '2026-07-04',
    ['2026-01-05', '2026-03-05', '2026-05-05', '2026-06-05', '2026-07-05', '2027-04-05'],
    94,
    '2026-05-10',
    '2026-05-31',
    70,
  ],
  [
    '2026-10-04',
    '2026-10-05',
    '2026-10-03',
    '2027-01-02',
    ['2026-07-04', '2026-09-04', '2026-11-04', '2026-12-04', '2027-01-04', '2027-10-04'],
    276,
    '2026-11-10',
    '2026-11-30',
    70,
  ],
  [
    '2026-11-01',
    '2026-11-02',
    '2026-10-31',
    '2027-01-30',
    ['2026-08-01', '2026-10-01', '2026-12-01', '2027-01-01', '2027-02-01', '2027-11-01'],
    304,
    '2026-12-10',
    '2026-12-31',
    70,
  ],
  [
    '2026-12-31',
    '2027-01-01',
    '2026-12-30',
    '2027-03-31',
    ['2026-09-30', '2026-11-30', '2027-01-31', '2027-02-28', '2027-03-31', '2027-12-31'],
    364,
    '2027-01-10',
    '2027-01-31',
    70,
  ],
  [
    '2027-08-31',
    '2027-09-01',
    '2027-08-30',
    '2027-11-29',
    ['2027-05-31', '2027-07-31', '2027-09-30', '2027-10-31', '2027-11-30', '2028-08-31'],
    607,
    '2027-09-10',
    '2027-09-30',
    71,
  ],
  [
    '2028-02-29',
    '2028-03-01',
    '2028-02-28',
    '2028-05-29',
    ['2027-11-29', '2028-01-29', '2028-03-29', '2028-04-29', '2028-05-29', '2029-02-28'],
    789,
    '2028-03-10',
    '2028-03-31',
    72,
  ],
];

/** Pinned findings of busyWorker(): ruleId, responsible, dueBy, employer. */
const common = ['WORK_HOURS_EXCEEDED WORKER - -', 'STUDENT_NOT_ENROLLED WORKER - -'];
const SUMMARIES: Record<string, string[]> = {
  '2026-12-31': [
    ...common,
    'EMPLOYMENT_NOT_NOTIFIED EMPLOYER 2026-02-28 employer-acme',
    'EMPLOYMENT_NOT_NOTIFIED EMPLOYER 2026-12-10 employer-beta',
    'SOCIAL_INSURANCE_NOT_ENROLLED EMPLOYER 2026-12-05 employer-beta',
    'RENEWAL_AT_RISK WORKER 2026-12-31 -',
  ],
  '2027-01-01': [
    ...common,
    'SPECIAL_PERIOD_ENDING WORKER 2027-02-28 -',
    'EMPLOYMENT_NOT_NOTIFIED EMPLOYER 2026-02-28 employer-acme',
    'EMPLOYMENT_NOT_NOTIFIED EMPLOYER 2026-12-10 employer-beta',
    'SOCIAL_INSURANCE_NOT_ENROLLED EMPLOYER 2026-12-05 employer-beta',
    'TAX_ARREARS EMPLOYER - employer-acme',
    'RENEWAL_AT_RISK WORKER 2026-12-31 -',
  ],
  '2027-01-31': [
    ...common,
    'SPECIAL_PERIOD_ENDING WORKER 2027-02-28 -',
    'EMPLOYMENT_NOT_NOTIFIED EMPLOYER 2026-02-28 employer-acme',
    'NOTIFICATION_MISMATCH EMPLOYER - employer-beta',
    'SOCIAL_INSURANCE_NOT_ENROLLED EMPLOYER 2026-12-05 employer-beta',
    'TAX_ARREARS EMPLOYER - employer-acme',
    'RENEWAL_AT_RISK WORKER 2026-12-31 -',
  ],
  '2027-02-01': [
    ...common,
    'SPECIAL_PERIOD_ENDING WORKER 2027-02-28 -',
    'EMPLOYMENT_NOT_NOTIFIED EMPLOYER 2026-02-28 employer-acme',
    'NOTIFICATION_MISMATCH EMPLOYER - employer-beta',
    'SOCIAL_INSURANCE_NOT_ENROLLED EMPLOYER 2026-12-05 employer-beta',
    'WITHHOLDING_NOT_REPORTED EMPLOYER 2027-01-31 employer-acme',
    'WITHHOLDING_NOT_REPORTED EMPLOYER 2027-01-31 employer-beta',
    'TAX_ARREARS EMPLOYER - employer-acme',
    'RENEWAL_AT_RISK WORKER 2026-12-31 -',
  ],
  '2027-03-01': [
    'UNAUTHORIZED_WORK EMPLOYER - employer-acme',
    'UNAUTHORIZED_WORK EMPLOYER - employer-beta',
    ...common,
    'RESIDENCE_EXPIRED WORKER - -',
    'EMPLOYMENT_NOT_NOTIFIED EMPLOYER 2026-02-28 employer-acme',
    'NOTIFICATION_MISMATCH EMPLOYER - employer-beta',
    'SOCIAL_INSURANCE_NOT_ENROLLED EMPLOYER 2026-12-05 employer-beta',
    'WITHHOLDING_NOT_REPORTED EMPLOYER 2027-01-31 employer-acme',
    'WITHHOLDING_NOT_REPORTED EMPLOYER 2027-01-31 employer-beta',
    'TAX_ARREARS EMPLOYER - employer-acme',
    'RENEWAL_AT_RISK WORKER 2026-12-31 -',
  ],
};
SUMMARIES['2027-02-28'] = SUMMARIES['2027-02-01'];

const LOCAL_TIME_METHODS = [
  'getFullYear',
  'getMonth',
  'getDate',
  'getDay',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
  'getTimezoneOffset',
  'setFullYear',
  'setMonth',
  'setDate',
  'setHours',
  'setMinutes',
  'setSeconds',
  'setMilliseconds',
  'toString',
  'toDateString',
  'toTimeString',
  'toLocaleString',
  'toLocaleDateString',
  'toLocaleTimeString',
] as const;

/** Runs `fn` with every local-time Date API (and local-time parsing/construction) throwing. */
function withoutLocalTime<T>(fn: () => T): T {
  const RealDate = globalThis.Date;
  const proto = RealDate.prototype as unknown as Record<string, unknown>;
  const saved = LOCAL_TIME_METHODS.map((name) => [name, proto[name]] as const);
  const local = (what: string) => () => {
    throw new Error(`local time used: ${what}`);
  };
  const localString = (v: unknown) =>
    typeof v === 'string' && /T\d\d:\d\d/.test(v) && !/(Z|[+-]\d\d:?\d\d)$/.test(v);
  const TrappedDate = new Proxy(RealDate, {
    construct(target, args: unknown[]) {
      if (args.length > 1) local('new Date(y, m, d, ...)')();
      if (localString(args[0])) local(`new Date(${String(args[0])})`)();
      return new target(...(args as []));
    },
    apply: local('Date() as a function'),
    get(target, key, receiver) {
      if (key === 'parse') {
        return (v: string) => (localString(v) ? local(`Date.parse(${v})`)() : target.parse(v));
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const RealDateTimeFormat = Intl.DateTimeFormat;
  const TrappedDateTimeFormat = new Proxy(RealDateTimeFormat, {
    construct(target, args: unknown[]) {
      const options = args[1] as Intl.DateTimeFormatOptions | undefined;
      if (!options?.timeZone) local('Intl.DateTimeFormat without timeZone')();
      return new target(...(args as []));
    },
  });
  for (const name of LOCAL_TIME_METHODS) proto[name] = local(`Date.prototype.${name}`);
  globalThis.Date = TrappedDate;
  Intl.DateTimeFormat = TrappedDateTimeFormat;
  try {
    return fn();
  } finally {
    globalThis.Date = RealDate;
    Intl.DateTimeFormat = RealDateTimeFormat;
    for (const [name, method] of saved) proto[name] = method;
  }
}

const summary = (report: ReturnType<typeof evaluate>) =>
  report.findings.map((f) =>
    [f.ruleId, f.responsibleParty, f.dueBy ?? '-', f.employerId ?? '-'].join(' '),
  );

describe('time zone independence', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('the date helpers give the pinned values', () => {
    expect(
      dateHelpers().map((h) => [
        h.d,
        h.plus1,
        h.minus1,
        h.plus90,
        h.months,
        h.days,
        h.tenth,
        h.endNext,
        h.age,
      ]),
    ).toEqual(HELPERS);
    expect(dateHelpers().every((h) => h.valid)).toBe(true);
    expect(dateHelpers().map((h) => h.active)).toEqual(DATES.map(() => [true, false, false]));
    expect([
      todayInTokyo(new Date('2026-12-31T14:59:59Z')),
      todayInTokyo(new Date('2026-12-31T15:00:00Z')),
    ]).toEqual(['2026-12-31', '2027-01-01']);
  });

  it('one evaluation gives the pinned findings', () => {
    for (const d of EVALUATION_DATES) {
      expect({ d, findings: summary(evaluate(busyWorker(), d)) }).toEqual({
        d,
        findings: SUMMARIES[d],
      });
    }
    const expired = evaluate(busyWorker(), '2027-03-01').findings.find(
      (f) => f.ruleId === 'RESIDENCE_EXPIRED',
    );
    expect(expired?.explanation).toContain('special period ended on 2027-02-28');
  });

  it('neither the helpers nor the engine touch local time', () => {
    expect(() => withoutLocalTime(() => new Date(2026, 0, 1))).toThrow('local time used');
    expect(() => withoutLocalTime(() => new Date(0).getDate())).toThrow('local time used');
    expect(() => withoutLocalTime(() => new Date('2026-01-01T00:00:00'))).toThrow(
      'local time used',
    );
    expect(() => withoutLocalTime(() => new Intl.DateTimeFormat('en-CA').format(0))).toThrow(
      'local time used',
    );
    const trapped = withoutLocalTime(() => JSON.stringify(results()));
    expect(trapped).toBe(JSON.stringify(results()));
  });

  it('gives identical results whatever process.env.TZ says', () => {
    process.env.TZ = 'UTC';
    const baseline = JSON.stringify(results());
    for (const zone of ZONES) {
      process.env.TZ = zone;
      expect({ zone, results: JSON.stringify(results()) }).toEqual({ zone, results: baseline });
    }
  });
});
