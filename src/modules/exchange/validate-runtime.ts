/**
 * What the generated row validators (validate-compile.ts) call: value parsers for the less common forms, the
 * semantic-tag checks that need a pattern, and the builders of error messages. Everything here is a plain
 * function shared by every schema, so the generated code holds no per-field closures; the common forms (plain
 * text, canonical dates and date-times, numbers) are checked inline by the generated code itself, and the
 * functions it calls on the way of a valid row do not allocate beyond the value they return.
 */
import { hash } from 'node:crypto';
import {
  describeReason,
  idCardProblem,
  orgCodeNormalize,
  orgCodeProblem,
  regionCodeProblem,
  regionLevel,
  usccProblem,
  validateRegionCode,
  type ValidationReason,
} from '../../lib/validators/index.ts';
import { chinaDayEnd, chinaToday, CST_OFFSET_MS } from '../../lib/time.ts';
import { sanitizeText } from './text.ts';
import type { RowError, RuleCode } from './types.ts';

/** The reserved field that marks an upsert row as a deletion of its key. */
export const DELETE_FIELD = '_delete';

const EXCERPT_CHARS = 20;
const MIN_DATE = '1900-01-01';
const MAX_DATE = '2100-12-31';
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** At most EXCERPT_CHARS characters of a value, for messages. */
export function excerpt(value: unknown): string {
  let s: string;
  if (typeof value === 'string') s = value;
  else if (typeof value === 'object' && value !== null) {
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = String(value);
    }
  } else s = String(value);
  s = sanitizeText(s);
  if (s.length <= EXCERPT_CHARS) return s;
  // A code point takes at most two UTF-16 units, so a string this long has more than EXCERPT_CHARS of them.
  const limit = EXCERPT_CHARS * 2 + 2;
  const head = Array.from(s.slice(0, limit));
  if (s.length <= limit && head.length <= EXCERPT_CHARS) return s;
  return `${head.slice(0, EXCERPT_CHARS - 1).join('')}…`;
}

/** Digits of a number written out (integer part without leading zeros, fraction without trailing zeros). */
export function digitCount(n: number): number {
  if (Number.isSafeInteger(n)) {
    // The common case, counted without writing the number out.
    let a = n < 0 ? -n : n;
    let digits = 1;
    while (a >= 10) {
      a = Math.floor(a / 10);
      digits++;
    }
    return digits;
  }
  const s = String(Math.abs(n));
  const e = s.indexOf('e');
  if (e === -1) {
    const dot = s.indexOf('.');
    if (dot === -1) return s.length;
    const intDigits = s.startsWith('0.') ? 0 : dot;
    return Math.max(1, intDigits + (s.length - dot - 1));
  }
  const mantissa = s.slice(0, e).replace('.', '');
  const exp = Number(s.slice(e + 1));
  return exp >= 0 ? Math.max(mantissa.length, exp + 1) : mantissa.length - exp - 1;
}

/** Number of Unicode code points (a surrogate pair is one). */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/** unstorableCode: a NUL character. */
export const HAS_NUL = 1;
/** unstorableCode: a lone surrogate. */
export const HAS_LONE_SURROGATE = 2;
/** unstorableCode: a character JSON writes escaped (a control character, a quote or a backslash). */
export const NEEDS_ESCAPE = 4;

/**
 * One pass over a text: whether PostgreSQL can store it (as text.ts's `unstorable`, without a regular
 * expression) and whether its JSON form needs escapes. Flags: HAS_NUL, HAS_LONE_SURROGATE (a NUL, which
 * ends the pass, wins), NEEDS_ESCAPE; 0 for plain text, whose JSON is the text between quotes.
 */
export function unstorableCode(s: string): number {
  let flags = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) {
      if (c === 0) return HAS_NUL | NEEDS_ESCAPE;
      flags |= NEEDS_ESCAPE;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++;
          continue;
        }
      }
      // A high surrogate without its low half, or a low one whose high half was not just before it.
      flags |= HAS_LONE_SURROGATE;
    }
  }
  return flags;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const ZERO = 48;

/** The number written by `count` ASCII digits at `at`, or -1 when one is not a digit. */
export function digitsAt(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Today in China as 'YYYY-MM-DD' and as the number YYYYMMDD; a clock's is recomputed past midnight there. */
export interface Today {
  text(): string;
  number(): number;
}

export function todayOf(fixed: Date | undefined): Today {
  if (fixed) {
    const text = chinaToday(fixed);
    const number = Number(text.replaceAll('-', ''));
    return { text: () => text, number: () => number };
  }
  let text = '';
  let number = 0;
  let until = 0;
  const tick = () => {
    const now = Date.now();
    if (now >= until) {
      text = chinaToday(new Date(now));
      number = Number(text.replaceAll('-', ''));
      until = chinaDayEnd(text).getTime();
    }
  };
  return {
    text: () => {
      tick();
      return text;
    },
    number: () => {
      tick();
      return number;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Parsers for the forms the generated code does not read inline.

export const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
export const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
export const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_TIME =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
export const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MOBILE = /^(?:\+?86[- ]?)?(1[3-9]\d{9})$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$/;
const SERVICE_NUMBER = /^[48]00-?\d{3}-?\d{4}$/;
const SHORT_NUMBER = /^(?:95\d{3,6}|1[0-2]\d{3})$/;
export const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
export const MAX_EMAIL = 254;

const TRUE_WORDS = new Set(['true', '1', '是', 'y', 'yes']);
const FALSE_WORDS = new Set(['false', '0', '否', 'n', 'no']);

/**
 * A date in a form other than the canonical 'YYYY-MM-DD' (which the generated code reads itself): slashes,
 * one-digit months and days, 'YYYYMMDD' as text or number. The canonical text, or null when the value is not
 * such a date or not one in the calendar.
 */
export function otherDate(v: unknown): string | null {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' && Number.isInteger(v) && v >= 10000000 && v <= 99999999) s = String(v);
  else return null;
  const match = DATE.exec(s) ?? COMPACT_DATE.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match.length === 5 ? match[3] : match[2]);
  const d = Number(match.length === 5 ? match[4] : match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** The year of a canonical date text (which may have fewer than four year digits, as otherDate writes them). */
export function yearOf(date: string): number {
  return Number(date.slice(0, date.length - 6));
}

/** `dateTime`'s answer for a value that is no date-time. */
export const NOT_DATE_TIME = 0;
/** `dateTime`'s answer for a date-time outside 1900–2100. */
export const DATE_TIME_RANGE = 1;

/** Whether the parts make a time of a calendar day of 1900–2100. */
function plainPartsOk(y: number, mo: number, d: number, h: number, mi: number, sec: number): boolean {
  return (
    y >= MIN_YEAR &&
    y <= MAX_YEAR &&
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, mo) &&
    h >= 0 &&
    h <= 23 &&
    mi >= 0 &&
    mi <= 59 &&
    sec >= 0 &&
    sec <= 59
  );
}

/** 'YYYY-MM-DD?HH:mm:ss' at the start of s, with separators and digits in place and a valid time in range. */
function plainAt(s: string): boolean {
  return (
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 &&
    plainPartsOk(
      digitsAt(s, 0, 4),
      digitsAt(s, 5, 2),
      digitsAt(s, 8, 2),
      digitsAt(s, 11, 2),
      digitsAt(s, 14, 2),
      digitsAt(s, 17, 2),
    )
  );
}

/** '+08:00' at index 19. */
function chinaZoneAt19(s: string): boolean {
  return (
    s.charCodeAt(19) === 43 &&
    s.charCodeAt(20) === 48 &&
    s.charCodeAt(21) === 56 &&
    s.charCodeAt(22) === 58 &&
    s.charCodeAt(23) === 48 &&
    s.charCodeAt(24) === 48
  );
}

/**
 * A date-time in China time as 'YYYY-MM-DDTHH:mm:ss+08:00', or NOT_DATE_TIME or DATE_TIME_RANGE. The canonical
 * form itself comes back unchanged (no new string) and 'YYYY-MM-DD HH:mm:ss' is read without the pattern.
 */
export function dateTime(value: unknown): string | typeof NOT_DATE_TIME | typeof DATE_TIME_RANGE {
  if (typeof value !== 'string') return NOT_DATE_TIME;
  if (value.length === 25 && value.charCodeAt(10) === 84 && chinaZoneAt19(value) && plainAt(value))
    return value;
  if (value.length === 19 && value.charCodeAt(10) === 32 && plainAt(value)) {
    return `${value.slice(0, 10)}T${value.slice(11)}+08:00`;
  }
  const m = DATE_TIME.exec(value);
  if (!m) return NOT_DATE_TIME;
  const y = Number(m[1]);
  const mo = Number(m[3]);
  const d = Number(m[4]);
  const h = m[5] === undefined ? 0 : Number(m[5]);
  const mi = m[6] === undefined ? 0 : Number(m[6]);
  const sec = m[7] === undefined ? 0 : Number(m[7]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) {
    return NOT_DATE_TIME;
  }
  const zone = m[8];
  let offsetMinutes = 480;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const zh = Number(digits.slice(1, 3));
    const zm = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
    if (zh > 14 || zm > 59) return NOT_DATE_TIME;
    offsetMinutes = (zone.charCodeAt(0) === 45 ? -1 : 1) * (zh * 60 + zm);
  } else if (zone !== undefined) {
    offsetMinutes = 0;
  }
  // Years below 100 would be read by Date.UTC as 19xx; they are out of range anyway.
  if (y < MIN_YEAR || y > MAX_YEAR) return DATE_TIME_RANGE;
  if (offsetMinutes === 480) {
    return `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}+08:00`;
  }
  const china = new Date(Date.UTC(y, mo - 1, d, h, mi, sec) - offsetMinutes * 60000 + CST_OFFSET_MS);
  const cy = china.getUTCFullYear();
  if (cy < MIN_YEAR || cy > MAX_YEAR) return DATE_TIME_RANGE;
  return (
    `${cy}-${pad2(china.getUTCMonth() + 1)}-${pad2(china.getUTCDate())}` +
    `T${pad2(china.getUTCHours())}:${pad2(china.getUTCMinutes())}:${pad2(china.getUTCSeconds())}+08:00`
  );
}

/** A logical value other than a boolean: 1/0 and the words; null when it is none. */
export function logical(value: unknown): boolean | null {
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const w = value.toLowerCase();
    if (TRUE_WORDS.has(w)) return true;
    if (FALSE_WORDS.has(w)) return false;
  }
  return null;
}

/** The `_delete` flag: true, false, or null for a value that is neither. */
export function deleteFlag(v: unknown): boolean | null {
  if (v === true || v === 1) return true;
  if (v === false || v === 0 || v === null || v === undefined) return false;
  if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    if (w === 'true' || w === '1') return true;
    if (w === 'false' || w === '0' || w === '') return false;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Semantic tags that the generated code delegates.

/** 11 digits starting 13–19: a mobile number as it is usually written, checked without the pattern. */
function isPlainMobile(s: string): boolean {
  if (s.length !== 11 || s.charCodeAt(0) !== 49) return false;
  const second = s.charCodeAt(1);
  return second >= 51 && second <= 57 && digitsAt(s, 2, 9) >= 0;
}

/** A mobile number's 11 digits, or null. */
export function mobile(s: string): string | null {
  if (isPlainMobile(s)) return s;
  const m = MOBILE.exec(s);
  return m ? (m[1] as string) : null;
}

/** A phone number (mobile numbers as their 11 digits), or null. */
export function phone(s: string): string | null {
  if (isPlainMobile(s)) return s;
  const m = MOBILE.exec(s);
  if (m) return m[1] as string;
  return LANDLINE.test(s) || SERVICE_NUMBER.test(s) || SHORT_NUMBER.test(s) ? s : null;
}

/** Whether a region code (6 digits, or 9 and 12 for towns and villages) is valid. */
export function regionOk(s: string): boolean {
  return s.length === 6 ? regionCodeProblem(s) === null : regionLevel(s) !== null;
}

/** Why a region code regionOk refused is not valid. */
function regionReason(s: string): string {
  const r = validateRegionCode(s.length === 6 ? s : s.slice(0, 6));
  return r.ok ? '乡镇或村级代码结构不正确' : describeReason(r.reason);
}

/** ASCII text upper-cased, the same string when it has no lower-case letter. */
export function upperAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.toUpperCase();
  }
  return s;
}

export { idCardProblem, orgCodeNormalize, orgCodeProblem, usccProblem };

// ---------------------------------------------------------------------------------------------------------
// Errors

/** Appends an error to a row's list, creating the list with its first error. */
export function push(
  errors: RowError[] | null,
  row: number,
  field: string,
  code: RuleCode,
  message: string,
): RowError[] {
  const e: RowError = { row, field, code, message };
  if (errors === null) return [e];
  errors.push(e);
  return errors;
}

/** Appends a built error to a row's list, creating the list with its first error. */
export function pushError(errors: RowError[] | null, e: RowError): RowError[] {
  if (errors === null) return [e];
  errors.push(e);
  return errors;
}

export function unknownField(row: number, name: string, hint = ''): RowError {
  return {
    row,
    field: name.length > 100 ? excerpt(name) : sanitizeText(name),
    code: 'UNKNOWN_FIELD',
    message: `目录中没有信息项“${excerpt(name)}”${hint}`,
  };
}

export function deleteTypeError(row: number, value: unknown): RowError {
  return {
    row,
    field: DELETE_FIELD,
    code: 'TYPE',
    message: `“${DELETE_FIELD}”应为 true 或 false，实际为“${excerpt(value)}”`,
  };
}

export function tagMessage(name: string, what: string, s: string, why: string | null): string {
  return `“${name}”不是有效的${what}${why ? `：${why}` : ''}（“${excerpt(s)}”）`;
}

export function reasonMessage(name: string, what: string, s: string, reason: ValidationReason): string {
  return tagMessage(name, what, s, describeReason(reason));
}

export function regionMessage(name: string, s: string): string {
  return tagMessage(name, '行政区划代码', s, regionReason(s));
}

export function textLengthMessage(name: string, limit: number, n: number, s: string): string {
  return `“${name}”最多 ${limit} 个字符，实际 ${n} 个（“${excerpt(s)}”）`;
}

export function digitsLengthMessage(name: string, limit: number, n: number, value: unknown): string {
  return `“${name}”最多 ${limit} 位数字，实际 ${n} 位（“${excerpt(value)}”）`;
}

export function dateRangeMessage(name: string, date: string): string {
  return `“${name}”的日期 ${date} 超出 ${MIN_DATE} 至 ${MAX_DATE} 的范围`;
}

export function futureDateMessage(name: string, date: string, today: string): string {
  return `“${name}”的日期 ${date} 晚于今天（${today}）`;
}

export function dateTimeRangeMessage(name: string): string {
  return `“${name}”的时间超出 ${MIN_DATE} 至 ${MAX_DATE} 的范围`;
}

/** JSON of a decimal: as JSON.stringify writes it (a decimal text too long for a double is Infinity → null). */
export function decimalJson(n: number): string {
  return n - n === 0 ? `${n}` : 'null';
}

export function md5(text: string): string {
  return hash('md5', text);
}
