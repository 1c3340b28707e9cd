import { addDays, addMonths, type CalendarDate } from './dates';
import type { JobField } from '../../subgraphs/law/vocabulary';
import { WorkerBuilder, type WorkerOptions } from './builder';
import { min } from './derive';
import { SUPPORT_ORGANIZATION, type EmployerIndex } from './employers';
import type { NameBook } from './names';
import type { Random } from './random';
import type { DemoEmployment } from './types';

/** Shared state while generating workers. */
export interface Ctx {
  ref: CalendarDate;
  rng: Random;
  employers: EmployerIndex;
  names: NameBook;
  seq: number;
}

export const ENGINEER_FIELDS: JobField[] = ['ENGINEERING', 'HUMANITIES', 'INTERNATIONAL_SERVICES'];

/** `n` days before the reference date. */
export const ago = (ctx: Ctx, n: number): CalendarDate => addDays(ctx.ref, -n);
export const ahead = (ctx: Ctx, n: number): CalendarDate => addDays(ctx.ref, n);

/** A day `lo`–`hi` days after `d`, never later than yesterday. */
export function after(ctx: Ctx, d: CalendarDate, lo: number, hi: number): CalendarDate {
  return min(addDays(d, ctx.rng.int(lo, hi)), ago(ctx, 1));
}

export const years = (d: CalendarDate, n: number): CalendarDate => addMonths(d, 12 * n);

/** A new worker of one of `nationalities`, aged within `ages` on the reference date. */
export function person(
  ctx: Ctx,
  nationalities: readonly string[],
  ages: [number, number],
  story: string,
  options?: WorkerOptions,
): WorkerBuilder {
  ctx.seq += 1;
  const nationality = ctx.rng.pick(nationalities);
  const age = ctx.rng.int(ages[0], ages[1]);
  return new WorkerBuilder(
    ctx.ref,
    ctx.rng,
    ctx.employers,
    {
      key: `w${String(ctx.seq).padStart(3, '0')}`,
      fullName: ctx.names.name(nationality),
      nationality,
      dateOfBirth: addDays(years(ctx.ref, -age), -ctx.rng.int(0, 364)),
      story,
    },
    options,
  );
}

export const fullTimeWage = (ctx: Ctx, lo: number, hi: number): number =>
  ctx.rng.int(lo, hi) * 1_000;

/** Monthly pay of a part-time job at an hourly wage of 1,050–1,250 yen. */
export const partTimeWage = (ctx: Ctx, hours: number): number =>
  Math.round((hours * 4.33 * ctx.rng.int(1_050, 1_250)) / 100) * 100;

export function supportPlan(ctx: Ctx): DemoEmployment['supportPlan'] {
  return ctx.rng.chance(0.5)
    ? { provider: 'SELF', organizationName: null }
    : { provider: 'REGISTERED_SUPPORT_ORGANIZATION', organizationName: SUPPORT_ORGANIZATION };
}

/** Repeats `make` `count` times. */
export function times<T>(count: number, make: (i: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => make(i));
}
