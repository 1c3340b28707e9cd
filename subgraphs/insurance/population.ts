import { AS_OF, type RegistryPopulation } from '../../tools/demo/bulk';
import { insurance } from './index';

/**
 * The insurance registry's bulk rows (enrollments and contribution arrears) for the population generator
 * (tools/demo/population.ts), from the shared per-worker `plan` table.
 */
export const insurancePopulation: RegistryPopulation = {
  registry: insurance,
  tables: ['insurance_enrollments', 'contribution_arrears'],
  statements(p, { R, UID }) {
    return [
      `INSERT INTO insurance_enrollments (id, worker_id, scheme, employer_id, start_date, end_date)
       SELECT ${UID({ sql: 's.scheme' }, 'i')}, wid, s.scheme, ${UID('er', 'emp_idx')}, emp_start, emp_end
       FROM plan, (VALUES ('EMPLOYEES_HEALTH'), ('EMPLOYEES_PENSION'), ('EMPLOYMENT_INSURANCE')) s(scheme)
       WHERE employed AND corp AND weekly >= 30 AND ${R('ins', 'i')} < 0.9
         AND (s.scheme <> 'EMPLOYMENT_INSURANCE' OR ${R('ei', 'i')} < 0.85)`,
      `INSERT INTO insurance_enrollments (id, worker_id, scheme, employer_id, start_date, end_date)
       SELECT ${UID({ sql: 's.scheme' }, 'i')}, wid, s.scheme, NULL, g, NULL
       FROM plan, (VALUES ('NATIONAL_HEALTH'), ('NATIONAL_PENSION')) s(scheme)
       WHERE NOT (employed AND corp AND weekly >= 30) AND ${R('ins', 'i')} < 0.85`,
      `INSERT INTO contribution_arrears (id, worker_id, employer_id, scheme, since, amount, settled_on)
       SELECT ${UID('ca', 'i')}, wid, NULL, 'NATIONAL_HEALTH', date '${AS_OF}' - 100 - floor(${R('cas', 'i')} * 300)::int,
         10000 + floor(${R('caa', 'i')} * 90000)::int,
         CASE WHEN ${R('cset', 'i')} < 0.3 THEN date '${AS_OF}' - 30 END
       FROM plan WHERE ${R('ca', 'i')} < 0.04`,
      `INSERT INTO contribution_arrears (id, worker_id, employer_id, scheme, since, amount, settled_on)
       SELECT ${UID('cae', 'j')}, NULL, ${UID('er', 'j')}, 'EMPLOYEES_HEALTH', date '${AS_OF}' - 200, 500000 + j, NULL
       FROM generate_series(1, ${p.employers}) j WHERE j = 2 OR ${R('cae', 'j')} < 0.05`,
    ];
  },
};
