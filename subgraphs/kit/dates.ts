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

/**
 * Days since 1970-01-01 of a calendar date, and back: integer arithmetic on the proleptic
 * Gregorian calendar (H. Hinnant's days_from_civil / civil_from_days), no Date object — the
 * engine does this for every candidate day of every worker.
 */
function dayNumber(date: CalendarDate): number {
  const y0 = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function fromDayNumber(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days);
}

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Calendar months, clamped to the month's end (2027-01-31 + 1 month = 2027-02-28). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const last = m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(Math.min(Number(date.slice(8, 10)), last), 2)}`;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(b) - dayNumber(a);
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
