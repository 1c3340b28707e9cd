import type { RegistryPopulation } from '../../tools/demo/bulk';
import { residence } from './index';

/**
 * The residence registry's bulk rows (workers' identity, permits, applications and work permissions) for the population generator
 * (tools/demo/population.ts), from the shared per-worker `plan` table.
 */
export const residencePopulation: RegistryPopulation = {
  registry: residence,
  tables: ['workers', 'residence_permits', 'residence_applications', 'work_permissions'],
  statements(_p, { R, UID, PICK }) {
    return [
      `INSERT INTO workers (id, full_name, nationality, date_of_birth)
       SELECT wid,
         ${PICK(['Tran', 'Nguyen', 'Le', 'Pham', 'Wang', 'Li', 'Zhang', 'Santos', 'Reyes', 'Cruz', 'Gurung', 'Tamang', 'Sari', 'Putri', 'Aung', 'Silva', 'Kim', 'Perera'], `${R('fam', 'i')}`)} || ' ' ||
         ${PICK(['Van Minh', 'Thi Lan', 'Wei', 'Mei', 'Jose', 'Maria', 'Ram', 'Sita', 'Budi', 'Dewi', 'Kyaw', 'Ana', 'Joon', 'Nimal', 'Hoa', 'Ling'], `${R('giv', 'i')}`)},
         ${PICK(['VN', 'VN', 'VN', 'CN', 'CN', 'PH', 'PH', 'NP', 'ID', 'MM', 'BR', 'KR', 'LK', 'TH'], `${R('nat', 'i')}`)},
         date '1972-01-01' + floor(${R('dob', 'i')} * 11500)::int
       FROM plan ORDER BY i`,
      `INSERT INTO residence_permits (id, worker_id, status, granted_on, expires_on, designated_fields, designated_employer_id, enrolled_until)
       SELECT ${UID('p1', 'i')}, wid, status, g, exp,
         CASE WHEN designated IS NULL THEN '{}'::text[] ELSE ARRAY[designated] END,
         CASE WHEN status = 'TECHNICAL_INTERN_TRAINING' THEN ${UID('er', 'emp_idx')} END,
         CASE WHEN status = 'STUDENT' THEN g + 730 END
       FROM plan`,
      `INSERT INTO residence_permits (id, worker_id, status, granted_on, expires_on, designated_fields)
       SELECT ${UID('p0', 'i')}, wid, CASE WHEN status = 'PERMANENT_RESIDENT' THEN 'ENGINEER_SPECIALIST_INTL_SERVICES' ELSE status END,
         g - 1095, g, CASE WHEN designated IS NULL THEN '{}'::text[] ELSE ARRAY[designated] END
       FROM plan WHERE ${R('prevpermit', 'i')} < 0.3`,
      `INSERT INTO residence_applications (id, worker_id, kind, filed_on, decided_on, outcome)
       SELECT ${UID('a', 'i')}, wid,
         CASE WHEN status = 'STUDENT' THEN 'CHANGE_OF_STATUS' ELSE 'RENEWAL' END,
         COALESCE(exp, g + 1000) - 60,
         CASE WHEN ${R('app', 'i')} < 0.05 THEN COALESCE(exp, g + 1000) - 20 END,
         CASE WHEN ${R('app', 'i')} < 0.05 THEN 'GRANTED' END
       FROM plan WHERE ${R('app', 'i')} < 0.15 AND COALESCE(exp, g + 1000) - 60 > g`,
      `INSERT INTO work_permissions (id, worker_id, granted_on, expires_on, max_weekly_hours)
       SELECT ${UID('wp', 'i')}, wid, g, COALESCE(exp, g + 730), 28
       FROM plan WHERE status IN ('STUDENT','DEPENDENT') AND ${R('perm', 'i')} < 0.85`,
    ];
  },
};
