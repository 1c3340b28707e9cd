import { z } from 'zod';
import { isCalendarDate } from './dates';
import { badInput } from './errors';

/** Parses a mutation input; the first problem becomes BAD_USER_INPUT naming its field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.map(String).join('.') || 'input';
  throw badInput(field, `${field}: ${issue.message}`);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export const schemas = {
  id: z.string().min(1, 'is required'),
  date: z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD'),
  yen: z.number().int('must be a whole number of yen').min(0, 'must not be negative'),
  hours: z.number().min(0, 'must be between 0 and 168').max(168, 'must be between 0 and 168'),
  year: z
    .number()
    .int('must be a year')
    .min(1900, 'must be a year from 1900')
    .max(2200, 'must be a year up to 2200'),
  idempotencyKey: z.string().min(1).max(200).nullish(),
  text: (max = 200) =>
    z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`),
};

/** Adds an issue on `field` when an end date precedes its start date. */
export function endNotBeforeStart(
  start: string | null | undefined,
  end: string | null | undefined,
  ctx: z.RefinementCtx,
  field: string,
  startName: string,
): void {
  if (start && end && end < start) {
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: `must not be before ${startName} (${start})`,
    });
  }
}
