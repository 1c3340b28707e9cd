import type {
  ApplicationFact,
  ArrearsFact,
  EmployerTaxArrearsFact,
  EmploymentFact,
  InsuranceScheme,
  NotificationFact,
  PermissionFact,
  TaxAssessmentFact,
  WorkerFacts,
} from './engine/facts';
import type { JobField, ResidenceStatus } from '../law/vocabulary';

type Ref = { id: string } | null;

/**
 * A Worker as `requirements.ts` reads it from the gateway's representation: the `@requires`
 * selection of schema/consistency.graphql, checked against the supergraph's types (absent nullable
 * fields are null). A source's fields are null when that source could not be read or was malformed.
 */
export interface WorkerRepresentation {
  id: string;
  dateOfBirth?: string | null;
  residencePermits?:
    | {
        id: string;
        status: ResidenceStatus;
        grantedOn: string;
        expiresOn: string | null;
        designatedFields: JobField[];
        designatedEmployer: Ref;
        enrolledUntil: string | null;
      }[]
    | null;
  applications?: ApplicationFact[] | null;
  workPermissions?: PermissionFact[] | null;
  employmentRecords?:
    | (Omit<EmploymentFact, 'employer' | 'notifications'> & {
        notifications: NotificationFact[] | null;
        employer: {
          id: string;
          name: string;
          legalForm: 'CORPORATION' | 'SOLE_PROPRIETOR';
          employeeCount: number;
          insuredHeadcount: number;
          /** Only in the workforce view's selection (the worker view has employerContributionArrears). */
          contributionArrears?: ArrearsFact[] | null;
          taxArrears?: EmployerTaxArrearsFact[] | null;
        } | null;
      })[]
    | null;
  insuranceEnrollmentRecords?:
    | {
        id: string;
        scheme: InsuranceScheme;
        employer: Ref;
        startDate: string;
        endDate: string | null;
      }[]
    | null;
  contributionArrears?: ArrearsFact[] | null;
  taxAssessments?:
    (Omit<TaxAssessmentFact, 'collectingEmployerId'> & { collectingEmployer: Ref })[] | null;
  withholdingReports?: { id: string; year: number; employer: Ref }[] | null;
  /** The arrears of the worker's employers, each naming its employer (the worker view). */
  employerContributionArrears?: (ArrearsFact & { employer: Ref })[] | null;
  employerTaxArrears?: (EmployerTaxArrearsFact & { employer: Ref })[] | null;
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/**
 * An employer's arrears: nested under the employer when the selection has them there, else picked
 * from the worker-level list (null when that registry could not be read).
 */
function arrearsOf<T extends { id: string }>(
  nested: T[] | null | undefined,
  workerLevel: (T & { employer: Ref })[] | null | undefined,
  employerId: string,
): T[] | null {
  if (nested !== undefined) return nested;
  if (!workerLevel) return null;
  return workerLevel
    .filter((a) => a.employer?.id === employerId)
    .map(({ employer: _, ...a }) => a as unknown as T);
}

/** Turns the federated representation into the engine's facts, a source per registry. */
export function toFacts(w: WorkerRepresentation): WorkerFacts {
  const residenceRead =
    given(w.dateOfBirth) &&
    given(w.residencePermits) &&
    given(w.applications) &&
    given(w.workPermissions);
  return {
    id: w.id,
    residence: residenceRead
      ? {
          dateOfBirth: w.dateOfBirth as string,
          permits: (w.residencePermits ?? []).map((p) => ({
            id: p.id,
            status: p.status,
            grantedOn: p.grantedOn,
            expiresOn: p.expiresOn,
            designatedFields: p.designatedFields,
            designatedEmployerId: p.designatedEmployer?.id ?? null,
            enrolledUntil: p.enrolledUntil,
          })),
          applications: w.applications ?? [],
          permissions: w.workPermissions ?? [],
        }
      : null,
    employment: given(w.employmentRecords)
      ? {
          employments: w.employmentRecords.flatMap((e) =>
            e.employer
              ? [
                  {
                    ...e,
                    notifications: e.notifications ?? [],
                    employer: {
                      ...e.employer,
                      contributionArrears: arrearsOf(
                        e.employer.contributionArrears,
                        w.employerContributionArrears,
                        e.employer.id,
                      ),
                      taxArrears: arrearsOf(
                        e.employer.taxArrears,
                        w.employerTaxArrears,
                        e.employer.id,
                      ),
                    },
                  },
                ]
              : [],
          ),
        }
      : null,
    insurance:
      given(w.insuranceEnrollmentRecords) && given(w.contributionArrears)
        ? {
            enrollments: w.insuranceEnrollmentRecords.map((e) => ({
              id: e.id,
              scheme: e.scheme,
              employerId: e.employer?.id ?? null,
              startDate: e.startDate,
              endDate: e.endDate,
            })),
            contributionArrears: w.contributionArrears,
          }
        : null,
    tax:
      given(w.taxAssessments) && given(w.withholdingReports)
        ? {
            assessments: w.taxAssessments.map(({ collectingEmployer, ...a }) => ({
              ...a,
              collectingEmployerId: collectingEmployer?.id ?? null,
            })),
            withholdingReports: w.withholdingReports.flatMap((r) =>
              r.employer ? [{ id: r.id, year: r.year, employerId: r.employer.id }] : [],
            ),
          }
        : null,
  };
}
