import type { RegistryPopulation } from '../../tools/demo/bulk';
import { municipality } from './index';

/** A few local government codes (全国地方公共団体コード) workers live in. */
const CODES = ['131041', '131016', '141003', '271004', '231002', '401307', '221309', '112038'];

/**
 * The municipal resident registry's bulk rows for the population generator (tools/demo/population.ts),
 * from the shared per-worker `plan` table: a move-in a few days after the permit, one current
 * registration per worker except about 3 % (none), about 20 % with an earlier registration closed
 * by a move-out, and about 10 % notified later than 14 days after moving in.
 */
export const municipalityPopulation: RegistryPopulation = {
  registry: municipality,
  tables: ['address_registrations'],
  statements(_p, { R, UID, PICK }) {
    const earlier = `${R('ar-prev', 'i')} < 0.2`;
    const movedIn = `g + 3 + CASE WHEN ${earlier} THEN 200 ELSE 0 END`;
    return [
      `INSERT INTO address_registrations (id, worker_id, municipality_code, moved_in_on, notified_on, moved_out_on)
       SELECT ${UID('ar0', 'i')}, wid, ${PICK(CODES, R('ar0-code', 'i'))}, g + 3, g + 10, g + 203
       FROM plan WHERE ${earlier}`,
      `INSERT INTO address_registrations (id, worker_id, municipality_code, moved_in_on, notified_on, moved_out_on)
       SELECT ${UID('ar', 'i')}, wid, ${PICK(CODES, R('ar-code', 'i'))}, ${movedIn},
         ${movedIn} + CASE WHEN ${R('ar-late', 'i')} < 0.1 THEN 15 + floor(${R('ar-days', 'i')} * 120)::int
                           ELSE floor(${R('ar-days', 'i')} * 14)::int END,
         NULL
       FROM plan WHERE ${R('ar-none', 'i')} >= 0.03`,
    ];
  },
};
