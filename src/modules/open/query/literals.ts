/**
 * Checks of literal values before they become parameters, so that the database never refuses one: a number
 * PostgreSQL's numeric takes, a date that exists in the calendar, a timestamp with fields in range.
 */

const NUMBER = /^[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** A decimal number that is finite as a double, does not vanish to 0, and is at most 100 characters long. */
export function isValidNumber(text: string): boolean {
  if (text.length > 100 || !NUMBER.test(text)) return false;
  const n = Number(text);
  if (!Number.isFinite(n)) return false;
  const mantissa = text.split(/[eE]/)[0] ?? '';
  return n !== 0 || !/[1-9]/.test(mantissa);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function validDay(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATETIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,6})?)?(?:Z|[+-]([0-9]{2})(?::?([0-9]{2}))?)?)?$/;

/** `YYYY-MM-DD`, a day that exists (years 1 to 9999). */
export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  return m !== null && validDay(m[1] ?? '', m[2] ?? '', m[3] ?? '');
}

/**
 * `YYYY-MM-DD`, optionally with `THH:MM[:SS[.ffffff]]` (or a space for T) and a zone `Z` or `±HH[:MM]`;
 * without a zone the database's time zone applies.
 */
export function isValidDatetime(text: string): boolean {
  const m = DATETIME.exec(text);
  if (!m || !validDay(m[1] ?? '', m[2] ?? '', m[3] ?? '')) return false;
  const [hour, minute, second, zoneHour, zoneMinute] = [m[4], m[5], m[6], m[7], m[8]].map((v) =>
    v === undefined ? 0 : Number(v),
  ) as [number, number, number, number, number];
  return hour <= 23 && minute <= 59 && second <= 59 && zoneHour <= 15 && zoneMinute <= 59;
}

/** The user's LIKE pattern for PostgreSQL: `%` and `_` stay wildcards, a backslash stands for itself. */
export function likePattern(pattern: string): string {
  return pattern.replaceAll('\\', '\\\\');
}

/** A literal substring as a LIKE pattern body: `%`, `_` and `\` each match only themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}
