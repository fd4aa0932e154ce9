// Working days (工作日) in China's official calendar: weekends and the State Council's public holidays are off, and the
// adjusted working days (调休上班, a Saturday or Sunday worked in exchange for a longer holiday) are on. The calendar
// is the `chinese-days` package's (its data covers the years the State Council has announced; a later year falls back
// to Monday–Friday until the package is updated). Days are China Standard Time calendar days, `YYYY-MM-DD`.
import chineseDays from 'chinese-days';
import { chinaToday } from './time.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const cache = new Map<string, boolean>();

function assertDay(day: string): void {
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
    throw new RangeError(`not a day: ${day}`);
}

/** The day `n` calendar days after `day` (negative: before). */
export function addCalendarDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whether `day` is a working day: a weekday that is no public holiday, or an adjusted working weekend day. */
export function isWorkday(day: string): boolean {
  let work = cache.get(day);
  if (work === undefined) {
    assertDay(day);
    work = chineseDays.isWorkday(day);
    if (cache.size > 20_000) cache.clear();
    cache.set(day, work);
  }
  return work;
}

/**
 * The day `n` working days after `day` (n ≥ 0), not counting `day` itself (期间开始之日不计算在内): 0 answers `day`,
 * 1 the next working day after it. A statutory period of n working days from acceptance ends on
 * `addWorkdays(acceptedOn, n)`.
 */
export function addWorkdays(day: string, n: number): string {
  assertDay(day);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count of working days: ${n}`);
  let d = day;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isWorkday(d)) left--;
  }
  return d;
}

/** The working day `n` working days before `day` (n ≥ 0); 0 answers `day` itself. */
export function subtractWorkdays(day: string, n: number): string {
  assertDay(day);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count of working days: ${n}`);
  let d = day;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, -1);
    if (isWorkday(d)) left--;
  }
  return d;
}

/**
 * Working days after `from` up to and including `to` — the days in (from, to] — so that
 * `workdaysBetween(d, addWorkdays(d, n)) === n`. Negative when `to` is before `from`.
 */
export function workdaysBetween(from: string, to: string): number {
  assertDay(from);
  assertDay(to);
  if (to < from) return -workdaysBetween(to, from);
  let n = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkday(d)) n++;
  return n;
}

/** The China Standard Time day of an instant, for the functions above. */
export function workdayOf(at: Date): string {
  return chinaToday(at);
}
