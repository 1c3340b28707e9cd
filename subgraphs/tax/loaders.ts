import type { RegistryContext } from '../kit/context';
import type { DataSource } from 'typeorm';
import { byIdLoader, groupLoader } from '../kit/loaders';
import {
  EmployerTaxArrearsEntity,
  TaxAssessmentEntity,
  TaxPaymentEntity,
  WithholdingReportEntity,
} from './entities';

/** Built per request: every batch is one SQL statement. */
export function createLoaders(ds: DataSource) {
  return {
    assessment: byIdLoader(ds, TaxAssessmentEntity),
    assessmentsByWorker: groupLoader(ds, TaxAssessmentEntity, 'workerId', [
      'fiscalYear',
      'dueDate',
    ]),
    paymentsByAssessment: groupLoader(ds, TaxPaymentEntity, 'assessmentId', ['paidOn']),
    reportsByWorker: groupLoader(ds, WithholdingReportEntity, 'workerId', ['year']),
    arrearsByEmployer: groupLoader(ds, EmployerTaxArrearsEntity, 'employerId', ['since']),
  };
}

type Loaders = ReturnType<typeof createLoaders>;

/** The tax registry's request context. */
export type Context = RegistryContext<Loaders>;
