import type { RegistryPopulation } from '../../tools/demo/bulk';
import { employment } from './index';

/**
 * The employment registry's bulk rows (employers, employments and their notifications) for the population generator
 * (tools/demo/population.ts), from the shared per-worker `plan` table.
 */
export const employmentPopulation: RegistryPopulation = {
  registry: employment,
  tables: ['employers', 'employments', 'employment_notifications'],
  statements(p, { R, UID, PICK }) {
    return [
      `INSERT INTO employers (id, name, legal_form, employee_count, insured_headcount, corporate_number)
       SELECT ${UID('er', 'j')},
         ${PICK(['Sakura', 'Fuji', 'Kansai', 'Tohoku', 'Minato', 'Hikari', 'Aozora', 'Kizuna', 'Midori', 'Yamato'], `${R('en1', 'j')}`)} || ' ' ||
         ${PICK(['Care', 'Foods', 'Logistics', 'Construction', 'Farms', 'Hotels', 'Cleaning', 'Manufacturing', 'Systems'], `${R('en2', 'j')}`)} || ' ' || j,
         CASE WHEN lf THEN 'CORPORATION' ELSE 'SOLE_PROPRIETOR' END,
         cnt, CASE WHEN lf THEN floor(cnt * 0.9)::int ELSE 0 END,
         CASE WHEN lf THEN lpad((4000000000000 + j)::text, 13, '0') END
       FROM (SELECT j, (j <= ${p.bigEmployers} OR ${R('lf', 'j')} < 0.75) AS lf,
               CASE WHEN j <= ${p.bigEmployers} THEN 600 ELSE 3 + floor(${R('cnt', 'j')} * 120)::int END AS cnt
             FROM generate_series(1, ${p.employers}) j) e
       ORDER BY j`,
      `INSERT INTO employments (id, worker_id, employer_id, start_date, end_date, job_field, weekly_hours, monthly_wage, support_plan_provider, support_plan_organization_name)
       SELECT ${UID('m1', 'i')}, wid, ${UID('er', 'emp_idx')}, emp_start, emp_end, job_field, weekly, wage,
         CASE WHEN status <> 'SPECIFIED_SKILLED_WORKER_I' THEN NULL WHEN ${R('sp', 'i')} < 0.7 THEN 'REGISTERED_SUPPORT_ORGANIZATION' WHEN ${R('sp', 'i')} < 0.95 THEN 'SELF' END,
         CASE WHEN status = 'SPECIFIED_SKILLED_WORKER_I' AND ${R('sp', 'i')} < 0.7 THEN 'Support Org ' || (1 + floor(${R('so', 'i')} * 200)::int) END
       FROM plan WHERE employed`,
      `INSERT INTO employments (id, worker_id, employer_id, start_date, end_date, job_field, weekly_hours, monthly_wage)
       SELECT ${UID('m2', 'i')}, wid, ${UID('er', 'emp2_idx')}, emp_start + 30, NULL, 'FOOD_SERVICE', 8 + floor(${R('h2', 'i')} * 10)::int, 50000
       FROM plan WHERE has_second`,
      `INSERT INTO employments (id, worker_id, employer_id, start_date, end_date, job_field, weekly_hours, monthly_wage)
       SELECT ${UID('m0', 'i')}, wid, ${UID('er', 'emp2_idx')}, g - 700, g - 200, job_field, 40, wage - 20000
       FROM plan WHERE has_prev`,
      `INSERT INTO employment_notifications (id, employment_id, worker_id, kind, filed_on, reported_status, reported_expires_on)
       SELECT ${UID({ sql: "'n-' || e.id" }, '1')}, e.id, e.worker_id, 'HIRE', e.start_date + floor(${R('nf', 'p.i')} * 20)::int, p.status, p.exp
       FROM employments e JOIN plan p ON p.wid = e.worker_id
       WHERE ${R({ sql: "'n-' || e.id" }, '0')} < 0.9`,
      `INSERT INTO employment_notifications (id, employment_id, worker_id, kind, filed_on)
       SELECT ${UID({ sql: "'s-' || e.id" }, '1')}, e.id, e.worker_id, 'SEPARATION', e.end_date + 5
       FROM employments e WHERE e.end_date IS NOT NULL AND ${R({ sql: "'s-' || e.id" }, '0')} < 0.7`,
    ];
  },
};
