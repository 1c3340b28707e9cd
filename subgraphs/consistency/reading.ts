import type { Logger } from '../kit/logger';
import { sourceUnavailable } from '../kit/errors';
import {
  loadSupergraph,
  nestedRequirement,
  readRepresentation,
  requirementOf,
  type Defect,
} from './requirements';
import type { EmployerRepresentation, WorkerRepresentation } from './generated/facts';

/** An Employer as read for `workforceConsistency`: its employees still unread, its employments. */
export type ReadEmployer = EmployerRepresentation & {
  [K in 'employees' | 'employmentRecords']: NonNullable<EmployerRepresentation[K]>;
};

/** Reads the representations `Worker.consistency` and `Employer.workforceConsistency` receive. */
export interface RepresentationReader {
  worker(representation: unknown): WorkerRepresentation;
  employer(representation: unknown): ReadEmployer;
  employee(representation: unknown): WorkerRepresentation;
}

/**
 * The readers, derived once from the supergraph's `@requires` selections. A defect is logged with
 * its path and expected type only, never a value.
 */
export function representationReader(logger?: Logger): RepresentationReader {
  const supergraph = loadSupergraph();
  const workerReq = requirementOf(supergraph, 'Worker', 'consistency');
  const employerReq = requirementOf(supergraph, 'Employer', 'workforceConsistency');
  const employeeReq = nestedRequirement(employerReq, ['employees']);
  const report = (entity: string, defects: Defect[]) => {
    if (defects.length) {
      logger?.warn(
        { entity, defects: defects.slice(0, 20), count: defects.length },
        'malformed representation: the sources concerned are treated as missing',
      );
    }
  };
  const readWorker = (entity: string, requirement: typeof workerReq) => (rep: unknown) => {
    const { value, defects } = readRepresentation<WorkerRepresentation>(rep, requirement);
    report(entity, defects);
    if (!value) throw sourceUnavailable('RESIDENCE', 'The worker representation has no usable id');
    return value;
  };
  return {
    worker: readWorker('Worker', workerReq),
    employee: readWorker('Employer.employees', employeeReq),
    employer(rep) {
      const { value, defects } = readRepresentation<EmployerRepresentation>(
        rep,
        employerReq,
        'Worker',
      );
      report('Employer', defects);
      if (!value?.employmentRecords || !value.employees) {
        throw sourceUnavailable('EMPLOYMENT', "The employer's employments could not be read");
      }
      return { ...value, employees: value.employees, employmentRecords: value.employmentRecords };
    },
  };
}
