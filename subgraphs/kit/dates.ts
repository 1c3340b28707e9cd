import { GraphQLScalarType, Kind } from 'graphql';
import { ErrorCode, graphError } from './errors';

/** A calendar date, always `YYYY-MM-DD`; never a JS Date, so no time zone can shift it. */
export type CalendarDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function toUtc(date: CalendarDate): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(t: Date): CalendarDate {
  return t.toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const t = toUtc(date);
  t.setUTCDate(t.getUTCDate() + days);
  return fromUtc(t);
}

/** Calendar months, clamped to the month's end (2027-01-31 + 1 month = 2027-02-28). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0),
  ).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return fromUtc(first);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
}

/** Today in Asia/Tokyo, the default evaluation date. */
export function todayInTokyo(now: Date = new Date()): CalendarDate {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Active on D: start ≤ D and (end is null or D ≤ end). ISO strings compare as dates. */
export function isActiveOn(
  start: CalendarDate,
  end: CalendarDate | null,
  on: CalendarDate,
): boolean {
  return start <= on && (end === null || on <= end);
}

function parseDate(value: unknown): CalendarDate {
  if (!isCalendarDate(value)) {
    throw graphError(
      ErrorCode.BAD_USER_INPUT,
      `Expected a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export const DateScalar = new GraphQLScalarType<CalendarDate, CalendarDate>({
  name: 'Date',
  description: 'A calendar date, `YYYY-MM-DD` (ISO 8601), without time or time zone.',
  serialize: parseDate,
  parseValue: parseDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw graphError(ErrorCode.BAD_USER_INPUT, 'Expected a calendar date string YYYY-MM-DD');
    }
    return parseDate(ast.value);
  },
});
