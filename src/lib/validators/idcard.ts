/**
 * 公民身份号码, GB 11643-1999: 6-digit region + 8-digit birth date + 3-digit sequence (odd = male) + check
 * character (ISO 7064 MOD 11-2).
 */
import { regionCodeProblemAt } from './region.ts';

export type IdCardError = 'length' | 'format' | 'region' | 'birthdate' | 'checksum';
export type Sex = 'male' | 'female';

export interface IdCardInfo {
  ok: true;
  /** Normalized number (lowercase x upper-cased). */
  value: string;
  birthDate: string;
  sex: Sex;
  regionCode: string;
}
export type IdCardResult = IdCardInfo | { ok: false; reason: IdCardError };

export interface IdCardOptions {
  /** Reference date 'YYYY-MM-DD' for the not-in-the-future rule; defaults to today in China Standard Time. */
  today?: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const ZERO = 48;
const UPPER_X = 88;
const LOWER_X = 120;
const MIN_BIRTH = 19000101;
// Residents' dates are civil dates in China, so "today" must not depend on the server's time zone.
const CST_OFFSET_MS = 8 * 3600 * 1000;

function digitsAt(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (s.charCodeAt(i) - ZERO);
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A reference date 'YYYY-MM-DD' as the number YYYYMMDD (NaN when malformed); today in China when absent. */
export function idCardTodayNumber(today: string | undefined): number {
  if (today !== undefined) return Number(today.replaceAll('-', ''));
  const d = new Date(Date.now() + CST_OFFSET_MS);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

// Sum of weighted digits mod 11 over the first 17 characters, which the caller has checked are digits.
function checkCharFor(s: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - ZERO) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

function allDigits(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return false;
  }
  return true;
}

/** Check character ('0'–'9' or 'X') for the first 17 digits of an ID number, or null if they are not 17 digits. */
export function idCardCheckDigit(first17: string): string | null {
  if (typeof first17 !== 'string' || first17.length !== 17 || !allDigits(first17, 17)) return null;
  return checkCharFor(first17);
}

/** The check character's code (digit or 'X') for the first 17 characters, which the caller has checked are digits. */
function checkCodeFor(s: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - ZERO) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charCodeAt(sum % 11);
}

/** Birth date digits of a well-formed number as YYYYMMDD. */
function birthNumber(s: string): number {
  return digitsAt(s, 6, 14);
}

/**
 * Why an ID number is not valid, or null when it is; `today` is the reference date as the number YYYYMMDD.
 * Allocation-free, for validators that check millions of rows: no result object, no normalized copy (a valid
 * number's normalized form differs from the input only by a lowercase final x).
 */
export function idCardProblem(input: string, today: number): IdCardError | null {
  if (input.length !== 18) return 'length';
  if (!allDigits(input, 17)) return 'format';
  let last = input.charCodeAt(17);
  if (last === LOWER_X) last = UPPER_X;
  else if (!(last >= ZERO && last <= ZERO + 9) && last !== UPPER_X) return 'format';

  if (checkCodeFor(input) !== last) return 'checksum';
  if (regionCodeProblemAt(input, 0)) return 'region';

  const year = digitsAt(input, 6, 10);
  const month = digitsAt(input, 10, 12);
  const day = digitsAt(input, 12, 14);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'birthdate';
  const birth = birthNumber(input);
  // Written as !(<=) so a malformed `today` (NaN) rejects rather than silently accepting any date.
  if (birth < MIN_BIRTH || !(birth <= today)) return 'birthdate';
  return null;
}

/**
 * Validates an 18-character ID number. The checksum is tested before region and birth date so that a single
 * mistyped character, the common error, is always reported as 'checksum' whichever field it hit.
 */
export function validateIdCard(input: unknown, options: IdCardOptions = {}): IdCardResult {
  if (typeof input !== 'string') return { ok: false, reason: 'format' };
  const reason = idCardProblem(input, idCardTodayNumber(options.today));
  if (reason !== null) return { ok: false, reason };
  const value = input.charCodeAt(17) === LOWER_X ? `${input.slice(0, 17)}X` : input;
  return {
    ok: true,
    value,
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    sex: (value.charCodeAt(16) - ZERO) % 2 === 1 ? 'male' : 'female',
    regionCode: value.slice(0, 6),
  };
}

export interface MakeIdCardInput {
  /** 6-digit GB/T 2260 code. */
  regionCode: string;
  /** 'YYYY-MM-DD'. */
  birthDate: string;
  /** 0–999; odd means male, even female. */
  sequence: number;
}

/**
 * Builds a valid ID number. This is a generator for code-supplied parameters, so unlike the validators it
 * throws a RangeError when the parameters cannot give a valid number.
 */
export function makeIdCard({ regionCode, birthDate, sequence }: MakeIdCardInput): string {
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`makeIdCard: sequence must be an integer 0–999, got ${sequence}`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) {
    throw new RangeError(`makeIdCard: birthDate must be YYYY-MM-DD, got ${birthDate}`);
  }
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  const check = idCardCheckDigit(first17);
  // "Not in the future" is a property of when a number is checked, not of the number; a far reference date
  // keeps generators independent of the clock, so only region and calendar validity are enforced here.
  const result = check === null ? null : validateIdCard(first17 + check, { today: '9999-12-31' });
  if (!result?.ok) {
    throw new RangeError(
      `makeIdCard: cannot build a valid number from ${regionCode}/${birthDate} (${result?.reason ?? 'format'})`,
    );
  }
  return result.value;
}
