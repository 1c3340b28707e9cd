import type { GraphQLError } from 'graphql';
import type { z } from 'zod';
import * as employment from '../../subgraphs/employment/validation';
import * as insurance from '../../subgraphs/insurance/validation';
import { validate } from '../../subgraphs/kit/validation';
import * as residence from '../../subgraphs/residence/validation';
import * as tax from '../../subgraphs/tax/validation';

/** The input rules of RULES.md and obvious validity, as pure checks: each case names its field. */
const ID = '11111111-1111-4111-8111-111111111111';

function fieldOf(schema: z.ZodType, input: unknown): string | null {
  try {
    validate(schema, input);
    return null;
  } catch (error) {
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return (error as GraphQLError).extensions.field as string;
  }
}

const permit = { workerId: ID, grantedOn: '2026-04-01', expiresOn: '2027-04-01' };
const job = {
  workerId: ID,
  employerId: ID,
  startDate: '2026-04-01',
  jobField: 'OTHER',
  weeklyHours: 20,
  monthlyWage: 100000,
};

const cases: [string, z.ZodType, Record<string, unknown>, string | null][] = [
  [
    'a valid SSW I permit',
    residence.grantResidencePermitInput,
    { ...permit, status: 'SPECIFIED_SKILLED_WORKER_I', designatedFields: ['NURSING_CARE'] },
    null,
  ],
  [
    'SSW I with two fields',
    residence.grantResidencePermitInput,
    {
      ...permit,
      status: 'SPECIFIED_SKILLED_WORKER_I',
      designatedFields: ['NURSING_CARE', 'AGRICULTURE'],
    },
    'designatedFields',
  ],
  [
    'SSW II in nursing care',
    residence.grantResidencePermitInput,
    { ...permit, status: 'SPECIFIED_SKILLED_WORKER_II', designatedFields: ['NURSING_CARE'] },
    'designatedFields',
  ],
  [
    'SSW II in a 13th field',
    residence.grantResidencePermitInput,
    {
      ...permit,
      status: 'SPECIFIED_SKILLED_WORKER_II',
      designatedFields: ['AUTOMOBILE_TRANSPORT'],
    },
    'designatedFields',
  ],
  [
    'technical intern without employer',
    residence.grantResidencePermitInput,
    { ...permit, status: 'TECHNICAL_INTERN_TRAINING' },
    'designatedEmployerId',
  ],
  [
    'EfSD on 2027-03-31',
    residence.grantResidencePermitInput,
    {
      ...permit,
      status: 'EMPLOYMENT_FOR_SKILL_DEVELOPMENT',
      grantedOn: '2027-03-31',
      expiresOn: '2028-03-31',
    },
    'grantedOn',
  ],
  [
    'EfSD on 2027-04-01',
    residence.grantResidencePermitInput,
    {
      ...permit,
      status: 'EMPLOYMENT_FOR_SKILL_DEVELOPMENT',
      grantedOn: '2027-04-01',
      expiresOn: '2028-04-01',
    },
    null,
  ],
  [
    'no expiry for a student',
    residence.grantResidencePermitInput,
    { ...permit, status: 'STUDENT', expiresOn: null },
    'expiresOn',
  ],
  [
    'expiry on the grant day',
    residence.grantResidencePermitInput,
    { ...permit, status: 'STUDENT', expiresOn: '2026-04-01' },
    'expiresOn',
  ],
  [
    'a permanent resident without expiry',
    residence.grantResidencePermitInput,
    { ...permit, status: 'PERMANENT_RESIDENT', expiresOn: null },
    null,
  ],
  [
    'an unknown country',
    residence.registerWorkerInput,
    { fullName: 'A B', nationality: 'XX', dateOfBirth: '1990-01-01' },
    'nationality',
  ],
  [
    '29 February of a common year',
    residence.registerWorkerInput,
    { fullName: 'A B', nationality: 'VN', dateOfBirth: '2001-02-29' },
    'dateOfBirth',
  ],
  [
    '169 hours a week',
    employment.startEmploymentInput,
    { ...job, weeklyHours: 169 },
    'weeklyHours',
  ],
  ['a negative wage', employment.startEmploymentInput, { ...job, monthlyWage: -1 }, 'monthlyWage'],
  [
    'an end before the start',
    employment.startEmploymentInput,
    { ...job, endDate: '2026-03-31' },
    'endDate',
  ],
  [
    'a 12-digit corporate number',
    employment.registerEmployerInput,
    {
      name: 'X',
      legalForm: 'CORPORATION',
      employeeCount: 1,
      insuredHeadcount: 1,
      corporateNumber: '123456789012',
    },
    'corporateNumber',
  ],
  [
    'employees’ health without employer',
    insurance.enrollInsuranceInput,
    { workerId: ID, scheme: 'EMPLOYEES_HEALTH', startDate: '2026-04-01' },
    'employerId',
  ],
  [
    'national health with an employer',
    insurance.enrollInsuranceInput,
    { workerId: ID, scheme: 'NATIONAL_HEALTH', employerId: ID, startDate: '2026-04-01' },
    'employerId',
  ],
  [
    'arrears of both a worker and an employer',
    insurance.recordContributionArrearsInput,
    { workerId: ID, employerId: ID, scheme: 'EMPLOYEES_HEALTH', since: '2026-01-01', amount: 1 },
    'workerId',
  ],
  [
    'special collection without employer',
    tax.assessTaxInput,
    {
      workerId: ID,
      kind: 'RESIDENT_TAX',
      fiscalYear: 2026,
      amount: 1000,
      dueDate: '2026-06-30',
      collection: 'SPECIAL',
    },
    'collectingEmployerId',
  ],
  [
    'ordinary collection',
    tax.assessTaxInput,
    {
      workerId: ID,
      kind: 'RESIDENT_TAX',
      fiscalYear: 2026,
      amount: 1000,
      dueDate: '2026-06-30',
      collection: 'ORDINARY',
    },
    null,
  ],
  [
    'fractional yen',
    tax.recordTaxPaymentInput,
    { assessmentId: ID, paidOn: '2026-06-30', amount: 10.5 },
    'amount',
  ],
];

describe('input rules', () => {
  it.each(cases)('%s', (_name, schema, input, field) => {
    expect(fieldOf(schema, input)).toBe(field);
  });
});
