import type { AddressRegistrationFact, WorkerFacts } from './engine/facts';
import type { WorkerRepresentation as GeneratedRepresentation } from './generated/facts';

/**
 * The municipal registry's facts (`fragment MunicipalityFacts`), declared by hand until
 * subgraphs/municipality/facts.graphql is composed into generated/facts.ts; the gateway sends them
 * only then, so until that day the MUNICIPALITY source reads as missing.
 */
interface MunicipalityRepresentation {
  addressRegistrations?: AddressRegistrationFact[] | null;
}

export type WorkerRepresentation = GeneratedRepresentation & MunicipalityRepresentation;

type Ref = { id: string } | null;

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/** An employer's arrears, picked from the worker-level list (null when that registry was not read). */
function arrearsOf<T extends { employer: Ref }>(
  workerLevel: T[] | null | undefined,
  employerId: string,
): Omit<T, 'employer'>[] | null {
  if (!workerLevel) return null;
  return workerLevel.filter((a) => a.employer?.id === employerId).map(({ employer: _, ...a }) => a);
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
                      contributionArrears: arrearsOf(w.employerContributionArrears, e.employer.id),
                      taxArrears: arrearsOf(w.employerTaxArrears, e.employer.id),
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
    municipality: given(w.addressRegistrations)
      ? {
          addressRegistrations: w.addressRegistrations.map((r) => ({
            id: r.id,
            municipalityCode: r.municipalityCode,
            movedInOn: r.movedInOn,
            notifiedOn: r.notifiedOn,
            movedOutOn: r.movedOutOn,
          })),
        }
      : null,
  };
}
