import type { SubgraphName } from '../../subgraphs/kit/config';
import type { World } from './access';
import { mutate } from './mutations';
import type { Stack } from './stack';

/** One valid input per mutation of the graph, each built fresh (with the default all-scope token). */
export function mutationInputs(
  stackOf: () => Stack,
  worldOf: () => World,
): [SubgraphName, string, () => Promise<Record<string, unknown>>][] {
  const m = (name: string, input: Record<string, unknown>) =>
    mutate(stackOf(), name, `${name[0].toUpperCase()}${name.slice(1)}Input`, input);
  const newWorker = async (permit = true) => {
    const w = await m('registerWorker', {
      fullName: 'Matrix Person',
      nationality: 'NP',
      dateOfBirth: '1998-08-08',
    });
    if (permit) {
      await m('grantResidencePermit', {
        workerId: w.id,
        status: 'STUDENT',
        grantedOn: '2025-04-01',
        expiresOn: '2027-04-01',
        enrolledUntil: '2027-03-31',
      });
    }
    return w.id;
  };
  const newEmployment = async () =>
    (
      await m('startEmployment', {
        workerId: await newWorker(),
        employerId: worldOf().employer,
        startDate: '2026-01-05',
        jobField: 'FOOD_SERVICE',
        weeklyHours: 10,
        monthlyWage: 60000,
      })
    ).id;

  /** One valid input per mutation, each built fresh. */
  const MUTATIONS: [SubgraphName, string, () => Promise<Record<string, unknown>>][] = [
    [
      'residence',
      'registerWorker',
      async () => ({ fullName: 'New Person', nationality: 'VN', dateOfBirth: '2001-01-01' }),
    ],
    [
      'residence',
      'grantResidencePermit',
      async () => ({
        workerId: await newWorker(false),
        status: 'PERMANENT_RESIDENT',
        grantedOn: '2020-01-01',
      }),
    ],
    [
      'residence',
      'fileResidenceApplication',
      async () => ({ workerId: await newWorker(), kind: 'RENEWAL', filedOn: '2026-03-01' }),
    ],
    [
      'residence',
      'decideResidenceApplication',
      async () => {
        const workerId = await newWorker();
        const a = await m('fileResidenceApplication', {
          workerId,
          kind: 'RENEWAL',
          filedOn: '2026-03-01',
        });
        return { applicationId: a.id, decidedOn: '2026-03-20', outcome: 'GRANTED' };
      },
    ],
    [
      'residence',
      'grantWorkPermission',
      async () => ({ workerId: await newWorker(), grantedOn: '2025-04-10' }),
    ],
    [
      'employment',
      'registerEmployer',
      async () => ({
        name: 'New Co',
        legalForm: 'SOLE_PROPRIETOR',
        employeeCount: 3,
        insuredHeadcount: 0,
      }),
    ],
    [
      'employment',
      'startEmployment',
      async () => ({
        workerId: await newWorker(),
        employerId: worldOf().employer,
        startDate: '2026-01-05',
        jobField: 'FOOD_SERVICE',
        weeklyHours: 10,
        monthlyWage: 60000,
      }),
    ],
    [
      'employment',
      'endEmployment',
      async () => ({ employmentId: await newEmployment(), endDate: '2026-05-31' }),
    ],
    [
      'employment',
      'fileEmploymentNotification',
      async () => ({ employmentId: await newEmployment(), kind: 'HIRE', filedOn: '2026-01-10' }),
    ],
    [
      'insurance',
      'enrollInsurance',
      async () => ({
        workerId: await newWorker(),
        scheme: 'NATIONAL_HEALTH',
        startDate: '2025-04-01',
      }),
    ],
    [
      'insurance',
      'endInsuranceEnrollment',
      async () => {
        const e = await m('enrollInsurance', {
          workerId: await newWorker(),
          scheme: 'NATIONAL_HEALTH',
          startDate: '2025-04-01',
        });
        return { enrollmentId: e.id, endDate: '2026-03-31' };
      },
    ],
    [
      'insurance',
      'recordContributionArrears',
      async () => ({
        workerId: await newWorker(),
        scheme: 'NATIONAL_PENSION',
        since: '2026-01-01',
        amount: 16980,
      }),
    ],
    [
      'insurance',
      'settleContributionArrears',
      async () => {
        const a = await m('recordContributionArrears', {
          workerId: await newWorker(),
          scheme: 'NATIONAL_PENSION',
          since: '2026-01-01',
          amount: 16980,
        });
        return { arrearsId: a.id, settledOn: '2026-04-01' };
      },
    ],
    [
      'tax',
      'assessTax',
      async () => ({
        workerId: await newWorker(),
        kind: 'INCOME_TAX',
        fiscalYear: 2025,
        amount: 20000,
        dueDate: '2026-03-15',
        collection: 'ORDINARY',
      }),
    ],
    [
      'tax',
      'recordTaxPayment',
      async () => {
        const a = await m('assessTax', {
          workerId: await newWorker(),
          kind: 'INCOME_TAX',
          fiscalYear: 2025,
          amount: 20000,
          dueDate: '2026-03-15',
          collection: 'ORDINARY',
        });
        return { assessmentId: a.id, paidOn: '2026-03-01', amount: 5000 };
      },
    ],
    [
      'tax',
      'fileWithholdingReport',
      async () => ({
        employerId: worldOf().employer,
        workerId: await newWorker(),
        year: 2025,
        grossPay: 500000,
        taxWithheld: 10000,
      }),
    ],
    [
      'tax',
      'recordEmployerTaxArrears',
      async () => ({ employerId: worldOf().employer, since: '2026-03-01', amount: 7000 }),
    ],
    [
      'tax',
      'settleEmployerTaxArrears',
      async () => {
        const a = await m('recordEmployerTaxArrears', {
          employerId: worldOf().employer,
          since: '2026-03-01',
          amount: 7000,
        });
        return { arrearsId: a.id, settledOn: '2026-04-01' };
      },
    ],
    [
      'municipality',
      'notifyAddress',
      async () => ({
        workerId: await newWorker(),
        municipalityCode: '271004',
        movedInOn: '2026-04-01',
        notifiedOn: '2026-04-03',
      }),
    ],
    [
      'municipality',
      'notifyMoveOut',
      async () => {
        const r = await m('notifyAddress', {
          workerId: await newWorker(),
          municipalityCode: '271004',
          movedInOn: '2026-04-01',
          notifiedOn: '2026-04-03',
        });
        return { registrationId: r.id, movedOutOn: '2026-05-31' };
      },
    ],
  ];

  return MUTATIONS;
}
