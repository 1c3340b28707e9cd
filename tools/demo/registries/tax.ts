/** Tax registry: assessments and payments, withholding reports, employers' tax arrears. */
import { each, type DemoRegistry } from './registry';

export const ASSESS_TAX = /* GraphQL */ `
  mutation AssessTax($input: AssessTaxInput!) {
    assessTax(input: $input) {
      id
    }
  }
`;

export const RECORD_TAX_PAYMENT = /* GraphQL */ `
  mutation RecordTaxPayment($input: RecordTaxPaymentInput!) {
    recordTaxPayment(input: $input) {
      id
    }
  }
`;

export const FILE_WITHHOLDING_REPORT = /* GraphQL */ `
  mutation FileWithholdingReport($input: FileWithholdingReportInput!) {
    fileWithholdingReport(input: $input) {
      id
    }
  }
`;

export const RECORD_EMPLOYER_TAX_ARREARS = /* GraphQL */ `
  mutation RecordEmployerTaxArrears($input: RecordEmployerTaxArrearsInput!) {
    recordEmployerTaxArrears(input: $input) {
      id
    }
  }
`;

export const SETTLE_EMPLOYER_TAX_ARREARS = /* GraphQL */ `
  mutation SettleEmployerTaxArrears($input: SettleEmployerTaxArrearsInput!) {
    settleEmployerTaxArrears(input: $input) {
      id
    }
  }
`;

export const taxDemo: DemoRegistry = {
  name: 'tax',
  phases: {
    records: ({ workers, employers }, { id, keep }) => [
      ...workers.flatMap((w) => [
        ...each(w.assessments, (a, i) => ({
          document: ASSESS_TAX,
          ref: `assessment:${w.key}:${i}`,
          input: {
            workerId: id(w.key),
            kind: a.kind,
            fiscalYear: a.fiscalYear,
            amount: a.amount,
            dueDate: a.dueDate,
            collection: a.collection,
            collectingEmployerId: a.collectingEmployer && id(a.collectingEmployer),
          },
          onId: keep(`${w.key}:assessment:${i}`),
        })),
        ...each(w.withholdingReports, (r, i) => ({
          document: FILE_WITHHOLDING_REPORT,
          ref: `withholding:${w.key}:${i}`,
          input: {
            employerId: id(r.employer),
            workerId: id(w.key),
            year: r.year,
            grossPay: r.grossPay,
            taxWithheld: r.taxWithheld,
          },
        })),
      ]),
      ...employers.flatMap((e) =>
        each(e.taxArrears, (a, i) => ({
          document: RECORD_EMPLOYER_TAX_ARREARS,
          ref: `employer-tax-arrears:${e.key}:${i}`,
          input: { employerId: id(e.key), since: a.since, amount: a.amount },
          onId: keep(`${e.key}:tax-arrears:${i}`),
        })),
      ),
    ],
    followUps: ({ workers, employers }, { id }) => [
      ...workers.flatMap((w) =>
        w.assessments.flatMap((a, i) =>
          each(a.payments, (p, j) => ({
            document: RECORD_TAX_PAYMENT,
            ref: `payment:${w.key}:${i}:${j}`,
            input: {
              assessmentId: id(`${w.key}:assessment:${i}`),
              paidOn: p.paidOn,
              amount: p.amount,
            },
          })),
        ),
      ),
      ...employers.flatMap((e) =>
        each(e.taxArrears, (a, i) =>
          a.settledOn
            ? {
                document: SETTLE_EMPLOYER_TAX_ARREARS,
                ref: `employer-tax-settle:${e.key}:${i}`,
                input: { arrearsId: id(`${e.key}:tax-arrears:${i}`), settledOn: a.settledOn },
              }
            : null,
        ),
      ),
    ],
  },
};
