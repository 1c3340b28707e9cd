/** Residence registry: workers, residence permits and applications, work permissions. */
import { each, type DemoRegistry } from './registry';

export const REGISTER_WORKER = /* GraphQL */ `
  mutation RegisterWorker($input: RegisterWorkerInput!) {
    registerWorker(input: $input) {
      id
    }
  }
`;

export const GRANT_RESIDENCE_PERMIT = /* GraphQL */ `
  mutation GrantResidencePermit($input: GrantResidencePermitInput!) {
    grantResidencePermit(input: $input) {
      id
    }
  }
`;

export const FILE_RESIDENCE_APPLICATION = /* GraphQL */ `
  mutation FileResidenceApplication($input: FileResidenceApplicationInput!) {
    fileResidenceApplication(input: $input) {
      id
    }
  }
`;

export const DECIDE_RESIDENCE_APPLICATION = /* GraphQL */ `
  mutation DecideResidenceApplication($input: DecideResidenceApplicationInput!) {
    decideResidenceApplication(input: $input) {
      id
    }
  }
`;

export const GRANT_WORK_PERMISSION = /* GraphQL */ `
  mutation GrantWorkPermission($input: GrantWorkPermissionInput!) {
    grantWorkPermission(input: $input) {
      id
    }
  }
`;

export const residenceDemo: DemoRegistry = {
  name: 'residence',
  phases: {
    identities: ({ workers }, { keep }) =>
      each(workers, (w) => ({
        document: REGISTER_WORKER,
        ref: `worker:${w.key}`,
        input: { fullName: w.fullName, nationality: w.nationality, dateOfBirth: w.dateOfBirth },
        onId: keep(w.key),
      })),
    records: ({ workers }, { id, keep }) =>
      workers.flatMap((w) => [
        ...each(w.permits, (p, i) => ({
          document: GRANT_RESIDENCE_PERMIT,
          ref: `permit:${w.key}:${i}`,
          input: {
            workerId: id(w.key),
            status: p.status,
            grantedOn: p.grantedOn,
            expiresOn: p.expiresOn,
            designatedFields: p.designatedFields.length > 0 ? p.designatedFields : null,
            designatedEmployerId: p.designatedEmployer && id(p.designatedEmployer),
            enrolledUntil: p.enrolledUntil,
          },
        })),
        ...each(w.applications, (a, i) => ({
          document: FILE_RESIDENCE_APPLICATION,
          ref: `application:${w.key}:${i}`,
          input: { workerId: id(w.key), kind: a.kind, filedOn: a.filedOn },
          onId: keep(`${w.key}:application:${i}`),
        })),
      ]),
    followUps: ({ workers }, { id }) =>
      workers.flatMap((w) => [
        // Work permissions need the permits (status in force) from the previous phase.
        ...each(w.permissions, (p, i) => ({
          document: GRANT_WORK_PERMISSION,
          ref: `permission:${w.key}:${i}`,
          input: {
            workerId: id(w.key),
            grantedOn: p.grantedOn,
            expiresOn: p.expiresOn,
            maxWeeklyHours: p.maxWeeklyHours,
          },
        })),
        ...each(w.applications, (a, i) =>
          a.decision
            ? {
                document: DECIDE_RESIDENCE_APPLICATION,
                ref: `decision:${w.key}:${i}`,
                input: { applicationId: id(`${w.key}:application:${i}`), ...a.decision },
              }
            : null,
        ),
      ]),
  },
};
