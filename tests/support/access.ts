import { GATEWAY_AUDIENCE, type Agency } from '../../subgraphs/kit/auth';
import type { SubgraphName } from '../../subgraphs/kit/config';
import { testToken } from './auth';
import { mutate } from './mutations';
import type { Stack } from './stack';

const READ_ALL = 'residence:read employment:read insurance:read tax:read municipality:read';

/** A caller as the access tests use it: who, with which scopes (WORKER: self or another worker). */
export interface Role {
  name: string;
  agency: Agency;
  scope: string;
  /** For WORKER roles: whose record the token's `sub` names. */
  worker?: 'self' | 'other';
}

/** Each agency with its typical scopes, a worker on their own and on another's record, an auditor. */
export const ROLES: Role[] = [
  { name: 'RESIDENCE', agency: 'RESIDENCE', scope: 'residence:read residence:write' },
  { name: 'EMPLOYMENT', agency: 'EMPLOYMENT', scope: 'employment:read employment:write' },
  { name: 'INSURANCE', agency: 'INSURANCE', scope: 'insurance:read insurance:write' },
  { name: 'TAX', agency: 'TAX', scope: 'tax:read tax:write' },
  {
    name: 'TAX office (demo role)',
    agency: 'TAX',
    scope: 'tax:read tax:write consistency:read',
  },
  {
    name: 'MUNICIPALITY',
    agency: 'MUNICIPALITY',
    scope: 'municipality:read municipality:write consistency:read',
  },
  {
    name: 'LABOR_INSPECTION',
    agency: 'LABOR_INSPECTION',
    scope: 'employment:read consistency:read',
  },
  { name: 'SUPPORT_ORGANIZATION', agency: 'SUPPORT_ORGANIZATION', scope: 'employment:read' },
  { name: 'ANALYST', agency: 'ANALYST', scope: `${READ_ALL} consistency:read` },
  {
    name: 'WORKER (self)',
    agency: 'WORKER',
    scope: `${READ_ALL} consistency:read`,
    worker: 'self',
  },
  {
    name: 'WORKER (other)',
    agency: 'WORKER',
    scope: `${READ_ALL} consistency:read`,
    worker: 'other',
  },
  { name: 'auditor', agency: 'ANALYST', scope: 'audit:read' },
  { name: 'change follower', agency: 'ANALYST', scope: 'changes:read' },
  { name: 'statistician', agency: 'ANALYST', scope: 'statistics:read' },
];

export const role = (name: string): Role => {
  const found = ROLES.find((r) => r.name === name);
  if (!found) throw new Error(`no role ${name}`);
  return found;
};

/**
 * `authorization` for a role at the gateway (or at another `audience`, such as a registry called
 * directly), with a stated purpose unless `purpose` is ''.
 */
export async function roleHeaders(
  r: Role,
  world: Pick<World, 'worker' | 'other'>,
  purpose = 'access test',
  audience = GATEWAY_AUDIENCE,
): Promise<Record<string, string>> {
  const sub =
    r.worker === 'self' ? world.worker : r.worker === 'other' ? world.other : `test-${r.name}`;
  const token = await testToken(audience, {
    sub,
    agency: r.agency,
    scope: r.scope,
    purpose,
  });
  return { authorization: `Bearer ${token}` };
}

/** One worker with a record in every registry, another worker, and an employer with arrears. */
export interface World {
  worker: string;
  other: string;
  employer: string;
}

export async function buildWorld(stack: Stack): Promise<World> {
  const m = (name: string, type: string, input: Record<string, unknown>) =>
    mutate(stack, name, type, input);
  const employer = await m('registerEmployer', 'RegisterEmployerInput', {
    name: 'Matrix Foods KK',
    legalForm: 'CORPORATION',
    employeeCount: 40,
    insuredHeadcount: 38,
    corporateNumber: '1234567890123',
  });
  const [worker, other] = [
    await m('registerWorker', 'RegisterWorkerInput', {
      fullName: 'Nguyen Thi Lan',
      nationality: 'VN',
      dateOfBirth: '2000-02-02',
    }),
    await m('registerWorker', 'RegisterWorkerInput', {
      fullName: 'Jose Reyes',
      nationality: 'PH',
      dateOfBirth: '1995-05-05',
    }),
  ];
  for (const w of [worker, other]) {
    await m('grantResidencePermit', 'GrantResidencePermitInput', {
      workerId: w.id,
      status: 'STUDENT',
      grantedOn: '2025-04-01',
      expiresOn: '2027-04-01',
      enrolledUntil: '2027-03-31',
    });
    await m('grantWorkPermission', 'GrantWorkPermissionInput', {
      workerId: w.id,
      grantedOn: '2025-04-01',
    });
    await m('fileResidenceApplication', 'FileResidenceApplicationInput', {
      workerId: w.id,
      kind: 'RENEWAL',
      filedOn: '2026-03-01',
    });
    const job = await m('startEmployment', 'StartEmploymentInput', {
      workerId: w.id,
      employerId: employer.id,
      startDate: '2025-05-01',
      jobField: 'FOOD_SERVICE',
      weeklyHours: 20,
      monthlyWage: 100000,
    });
    await m('fileEmploymentNotification', 'FileEmploymentNotificationInput', {
      employmentId: job.id,
      kind: 'HIRE',
      filedOn: '2025-05-10',
    });
    await m('enrollInsurance', 'EnrollInsuranceInput', {
      workerId: w.id,
      scheme: 'NATIONAL_HEALTH',
      startDate: '2025-04-01',
    });
    await m('recordContributionArrears', 'RecordContributionArrearsInput', {
      workerId: w.id,
      scheme: 'NATIONAL_PENSION',
      since: '2026-01-01',
      amount: 16980,
    });
    await m('assessTax', 'AssessTaxInput', {
      workerId: w.id,
      kind: 'RESIDENT_TAX',
      fiscalYear: 2026,
      amount: 30000,
      dueDate: '2026-06-30',
      collection: 'ORDINARY',
    });
    await m('fileWithholdingReport', 'FileWithholdingReportInput', {
      employerId: employer.id,
      workerId: w.id,
      year: 2025,
      grossPay: 800000,
      taxWithheld: 20000,
    });
    await m('notifyAddress', 'NotifyAddressInput', {
      workerId: w.id,
      municipalityCode: '131041',
      movedInOn: '2025-04-01',
      notifiedOn: '2025-04-08',
    });
  }
  await m('recordContributionArrears', 'RecordContributionArrearsInput', {
    employerId: employer.id,
    scheme: 'EMPLOYEES_HEALTH',
    since: '2026-02-01',
    amount: 120000,
  });
  await m('recordEmployerTaxArrears', 'RecordEmployerTaxArrearsInput', {
    employerId: employer.id,
    since: '2026-02-01',
    amount: 50000,
  });
  return { worker: worker.id, other: other.id, employer: employer.id };
}

/** Rows per table of a subgraph's database (to prove a refused mutation wrote nothing). */
export async function tableCounts(
  stack: Stack,
  name: SubgraphName,
): Promise<Record<string, number>> {
  const ds = stack.subgraphs[name].db.dataSource;
  const tables = (await ds.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  )) as { tablename: string }[];
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row] = (await ds.query(`SELECT count(*)::int AS n FROM "${tablename}"`)) as {
      n: number;
    }[];
    counts[tablename] = row.n;
  }
  return counts;
}
