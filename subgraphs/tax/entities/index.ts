import { EmployerTaxArrearsEntity } from './EmployerTaxArrears';
import { TaxAssessmentEntity } from './TaxAssessment';
import { TaxPaymentEntity } from './TaxPayment';
import { WithholdingReportEntity } from './WithholdingReport';

export { EmployerTaxArrearsEntity, TaxAssessmentEntity, TaxPaymentEntity, WithholdingReportEntity };
export const entities = [
  TaxAssessmentEntity,
  TaxPaymentEntity,
  WithholdingReportEntity,
  EmployerTaxArrearsEntity,
];
