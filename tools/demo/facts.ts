/** The dataset as the consistency engine's facts (for tests and for checking the demo offline). */
import type { WorkerFacts } from '../../subgraphs/consistency/engine/facts';
import type { DemoDataset, DemoWorker } from './types';

export function workerFacts(worker: DemoWorker, dataset: DemoDataset): WorkerFacts {
  const employer = (key: string) => {
    const e = dataset.employers.find((x) => x.key === key);
    if (!e) throw new Error(`Unknown employer ${key}`);
    return {
      id: e.key,
      name: e.name,
      legalForm: e.legalForm,
      employeeCount: e.employeeCount,
      insuredHeadcount: e.insuredHeadcount,
      contributionArrears: e.contributionArrears.map((a, i) => ({ id: `${e.key}:ca${i}`, ...a })),
      taxArrears: e.taxArrears.map((a, i) => ({ id: `${e.key}:ta${i}`, ...a })),
    };
  };
  const k = worker.key;
  return {
    id: k,
    residence: {
      dateOfBirth: worker.dateOfBirth,
      permits: worker.permits.map((p, i) => ({
        id: `${k}:p${i}`,
        status: p.status,
        grantedOn: p.grantedOn,
        expiresOn: p.expiresOn,
        designatedFields: p.designatedFields,
        designatedEmployerId: p.designatedEmployer,
        enrolledUntil: p.enrolledUntil,
      })),
      applications: worker.applications.map((a, i) => ({
        id: `${k}:a${i}`,
        kind: a.kind,
        filedOn: a.filedOn,
        decidedOn: a.decision?.decidedOn ?? null,
        outcome: a.decision?.outcome ?? null,
      })),
      permissions: worker.permissions.map((p, i) => ({ id: `${k}:wp${i}`, ...p })),
    },
    employment: {
      employments: worker.employments.map((e) => ({
        id: e.key,
        employer: employer(e.employer),
        startDate: e.startDate,
        endDate: e.endedOn ?? e.endDate,
        jobField: e.jobField,
        weeklyHours: e.weeklyHours,
        monthlyWage: e.monthlyWage,
        supportPlan: e.supportPlan,
        notifications: e.notifications.map((n, i) => ({ id: `${e.key}:n${i}`, ...n })),
      })),
    },
    insurance: {
      enrollments: worker.enrollments.map((n, i) => ({
        id: `${k}:en${i}`,
        scheme: n.scheme,
        employerId: n.employer,
        startDate: n.startDate,
        endDate: n.endDate,
      })),
      contributionArrears: worker.arrears.map((a, i) => ({ id: `${k}:ar${i}`, ...a })),
    },
    tax: {
      assessments: worker.assessments.map((a, i) => ({
        id: `${k}:t${i}`,
        kind: a.kind,
        fiscalYear: a.fiscalYear,
        amount: a.amount,
        dueDate: a.dueDate,
        collection: a.collection,
        collectingEmployerId: a.collectingEmployer,
        payments: a.payments.map((p, j) => ({ id: `${k}:t${i}:${j}`, ...p })),
      })),
      withholdingReports: worker.withholdingReports.map((r, i) => ({
        id: `${k}:wh${i}`,
        employerId: r.employer,
        year: r.year,
      })),
    },
    municipality: {
      addressRegistrations: (worker.registryFacts.addressRegistrations ?? []).map((r, i) => ({
        id: `${k}:ad${i}`,
        ...r,
      })),
    },
  };
}
