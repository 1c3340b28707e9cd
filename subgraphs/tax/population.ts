import { AS_OF, type RegistryPopulation } from '../../tools/demo/bulk';
import { tax } from './index';

/**
 * The tax registry's bulk rows (assessments, payments, withholding reports and employer arrears) for the population generator
 * (tools/demo/population.ts), from the shared per-worker `plan` table.
 */
export const taxPopulation: RegistryPopulation = {
  registry: tax,
  tables: ['tax_assessments', 'tax_payments', 'withholding_reports', 'employer_tax_arrears'],
  statements(p, { R, UID }) {
    return [
      `INSERT INTO tax_assessments (id, worker_id, kind, fiscal_year, amount, due_date, collection, collecting_employer_id)
       SELECT ${UID('ta', 'i')}, wid, 'RESIDENT_TAX', 2025, 60000 + floor(${R('tam', 'i')} * 140000)::int, date '2025-06-30',
         CASE WHEN employed AND corp THEN 'SPECIAL' ELSE 'ORDINARY' END,
         CASE WHEN employed AND corp THEN ${UID('er', 'emp_idx')} END
       FROM plan WHERE g < date '2025-01-01'`,
      `INSERT INTO tax_assessments (id, worker_id, kind, fiscal_year, amount, due_date, collection)
       SELECT ${UID('tb', 'i')}, wid, 'INCOME_TAX', 2025, 20000 + floor(${R('tbm', 'i')} * 80000)::int, date '2026-03-15', 'ORDINARY'
       FROM plan WHERE ${R('tb', 'i')} < 0.2`,
      `INSERT INTO tax_payments (id, assessment_id, paid_on, amount)
       SELECT ${UID({ sql: "'pay-' || a.id" }, '1')}, a.id, a.due_date - 10,
         CASE WHEN ${R({ sql: "'pay-' || a.id" }, '0')} < 0.88 THEN a.amount ELSE greatest(1, a.amount / 2) END
       FROM tax_assessments a WHERE ${R({ sql: "'pay-' || a.id" }, '0')} < 0.95`,
      `INSERT INTO withholding_reports (id, employer_id, worker_id, year, gross_pay, tax_withheld)
       SELECT ${UID('wr', 'i')}, ${UID('er', 'emp_idx')}, wid, 2025, wage * 12, wage * 12 / 30
       FROM plan WHERE employed AND emp_start < date '2025-12-31'`,
      `INSERT INTO employer_tax_arrears (id, employer_id, since, amount, settled_on)
       SELECT ${UID('eta', 'j')}, ${UID('er', 'j')}, date '${AS_OF}' - 150, 300000 + j, NULL
       FROM generate_series(1, ${p.employers}) j WHERE j = 3 OR ${R('eta', 'j')} < 0.03`,
    ];
  },
};
