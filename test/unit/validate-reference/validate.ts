// The closure validator and identifier checks as they were before the compiled validator (kept verbatim as the
// reference the differential test and the validate bench compare against; not used by the platform).
/**
 * Validates exchange rows against a resource's catalog items: names, required items, data types, lengths and
 * semantic tags (check digits and patterns). A schema is compiled once per resource version into one closure per
 * item; `check` then does no set-up work per row.
 *
 * Values arrive as CSV text or typed JSON/Excel values and both are accepted; the typed result is canonical
 * (trimmed text, numbers as numbers, dates as YYYY-MM-DD, date-times in China time, normalized identifiers), so
 * the same record sent as CSV or JSON gets the same key and hash.
 */
import { hash } from 'node:crypto';
import {
  describeReason,
  validateIdCard,
  validateOrgCode,
  regionLevel,
  validateRegionCode,
  validateUscc,
} from './index.ts';
import { chinaDayEnd, chinaToday, CST_OFFSET_MS } from '../../../src/lib/time.ts';
import type { Item } from '../../../src/modules/catalog/index.ts';
import { sanitizeText, unstorable } from '../../../src/modules/exchange/text.ts';
import type { CheckedRow, RowError, RuleCode } from '../../../src/modules/exchange/types.ts';

export interface RecordSchema {
  /** The items, in position order. */
  items: Item[];
  /** Names of the key items, in position order. */
  keyItems: string[];
  check(values: Record<string, unknown>, row: number, opts?: { allowDelete?: boolean }): CheckedRow;
  /** The canonical key of typed data (as `check` returns it); an absent key item counts as null. */
  keyOf(data: Record<string, unknown>): string;
}

export interface SchemaOptions {
  /**
   * The reference date for "not in the future" (birth dates, ID numbers). By default today in China, which
   * follows the clock, so a schema cached across midnight stays right.
   */
  today?: Date;
}

/** The reserved field that marks an upsert row as a deletion of its key. */
export const DELETE_FIELD = '_delete';

const EXCERPT_CHARS = 20;
const FAR_FUTURE = { today: '9999-12-31' };
const MIN_DATE = '1900-01-01';
const MAX_DATE = '2100-12-31';
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

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

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Number of Unicode code points (a surrogate pair is one). */
function codePoints(s: string): number {
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

/** Today in China, recomputed when the clock passes midnight there. */
function clockToday(): () => string {
  let today = '';
  let until = 0;
  return () => {
    const now = Date.now();
    if (now >= until) {
      today = chinaToday(new Date(now));
      until = chinaDayEnd(today).getTime();
    }
    return today;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Value parsers. Each takes a present value (not null/undefined, strings non-blank after trimming) and returns
// the typed value, or FAIL.

const FAIL: unique symbol = Symbol('fail');
type Parsed = unknown;

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_TIME =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MOBILE = /^(?:\+?86[- ]?)?(1[3-9]\d{9})$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$/;
const SERVICE_NUMBER = /^[48]00-?\d{3}-?\d{4}$/;
const SHORT_NUMBER = /^(?:95\d{3,6}|1[0-2]\d{3})$/;
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const MAX_EMAIL = 254;

const TRUE_WORDS = new Set(['true', '1', '是', 'y', 'yes']);
const FALSE_WORDS = new Set(['false', '0', '否', 'n', 'no']);

/** Text: strings, or safe integers (spreadsheet cells) as their digits. */
function toText(v: unknown): string | typeof FAIL {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return FAIL;
}

function toDecimal(v: unknown): number | typeof FAIL {
  if (typeof v === 'number') return Number.isFinite(v) ? v : FAIL;
  if (typeof v === 'string' && DECIMAL.test(v)) return Number(v);
  return FAIL;
}

function toFloat(v: unknown): number | typeof FAIL {
  if (typeof v === 'number') return Number.isFinite(v) ? v : FAIL;
  if (typeof v === 'string' && FLOAT.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : FAIL;
  }
  return FAIL;
}

function toInteger(v: unknown): number | typeof FAIL {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : FAIL;
  if (typeof v === 'string' && INTEGER.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : FAIL;
  }
  return FAIL;
}

/** Digits of a number written out (integer part without leading zeros, fraction without trailing zeros). */
export function digitCount(n: number): number {
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

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

const ZERO = 48;

/** The number written by `count` ASCII digits at `at`, or -1 when one is not a digit. */
function digitsAt(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** A date from the accepted forms: its parts, '' for a form not accepted, null for a date not in the calendar. */
function parseDate(v: unknown): { y: number; m: number; d: number } | null | '' {
  let y: number;
  let m: number;
  let d: number;
  if (typeof v === 'string' && v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    // The canonical form, by far the most common: read without a regular expression.
    y = digitsAt(v, 0, 4);
    m = digitsAt(v, 5, 2);
    d = digitsAt(v, 8, 2);
    if (y < 0 || m < 0 || d < 0) return '';
  } else {
    let s: string;
    if (typeof v === 'string') s = v;
    else if (typeof v === 'number' && Number.isInteger(v) && v >= 10000000 && v <= 99999999) s = String(v);
    else return '';
    const match = DATE.exec(s) ?? COMPACT_DATE.exec(s);
    if (!match) return '';
    y = Number(match[1]);
    m = Number(match.length === 5 ? match[3] : match[2]);
    d = Number(match.length === 5 ? match[4] : match[3]);
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

// ---------------------------------------------------------------------------------------------------------
// Compilation

const TYPE_NAMES: Record<string, string> = {
  C: '字符串',
  M: '字符串（备注型）',
  N: '数值',
  Y: '金额（最多两位小数）',
  B: '数值（双精度）',
  F: '数值（浮点）',
  I: '整数',
  D: '日期（如 2024-01-31）',
  T: '日期时间（如 2024-01-31 08:30:00）',
  L: '逻辑值（是/否、true/false、1/0）',
  G: 'Base64 编码的内容',
};

/** Converts one present value; on failure pushes its errors and returns FAIL. */
type Convert = (value: unknown, row: number, errors: RowError[]) => Parsed;

interface Field {
  name: string;
  required: boolean;
  isKey: boolean;
  /** C trims its text; M keeps white space (the blank test still trims). */
  trim: boolean;
  convert: Convert;
}

function fail(errors: RowError[], row: number, field: string, code: RuleCode, message: string): typeof FAIL {
  errors.push({ row, field, code, message });
  return FAIL;
}

/** 11 digits starting 13–19: a mobile number as it is usually written, checked without the pattern. */
function isPlainMobile(s: string): boolean {
  if (s.length !== 11 || s.charCodeAt(0) !== 49) return false;
  const second = s.charCodeAt(1);
  return second >= 51 && second <= 57 && digitsAt(s, 2, 9) >= 0;
}

/** The semantic-tag check of a text value: the normalized text, or FAIL after pushing the error. */
type TagCheck = (s: string, row: number, errors: RowError[]) => string | typeof FAIL;

function tagCheck(item: Item, today: () => string): TagCheck | null {
  const name = item.name;
  const bad = (
    code: RuleCode,
    what: string,
    row: number,
    errors: RowError[],
    s: string,
    why?: string,
  ): typeof FAIL =>
    fail(errors, row, name, code, `“${name}”不是有效的${what}${why ? `：${why}` : ''}（“${excerpt(s)}”）`);
  switch (item.semanticTag) {
    case 'id_card':
      return (s, row, errors) => {
        // The validator gets a fixed far reference date (no options object per call); the birth date is compared
        // here with today's date, which is computed once a day.
        const r = validateIdCard(s, FAR_FUTURE);
        if (!r.ok) return bad('ID_CARD', '身份证号', row, errors, s, describeReason(r.reason));
        return r.birthDate <= today()
          ? r.value
          : bad('ID_CARD', '身份证号', row, errors, s, describeReason('birthdate'));
      };
    case 'uscc':
      return (s, row, errors) => {
        const r = validateUscc(s);
        return r.ok ? r.value : bad('USCC', '统一社会信用代码', row, errors, s, describeReason(r.reason));
      };
    case 'org_code':
      return (s, row, errors) => {
        const r = validateOrgCode(s);
        return r.ok ? r.value : bad('ORG_CODE', '组织机构代码', row, errors, s, describeReason(r.reason));
      };
    case 'region_code':
      return (s, row, errors) => {
        // 6 digits (GB/T 2260) down to town (9) and village (12) codes (GB/T 10114).
        if (s.length !== 6 && regionLevel(s) !== null) return s;
        const r = validateRegionCode(s.length === 6 ? s : s.slice(0, 6));
        const reason = r.ok ? '乡镇或村级代码结构不正确' : describeReason(r.reason);
        return r.ok && s.length === 6 ? r.value : bad('REGION_CODE', '行政区划代码', row, errors, s, reason);
      };
    case 'mobile':
      return (s, row, errors) => {
        if (isPlainMobile(s)) return s;
        const m = MOBILE.exec(s);
        return m ? (m[1] as string) : bad('MOBILE', '手机号', row, errors, s);
      };
    case 'phone':
      return (s, row, errors) => {
        if (isPlainMobile(s)) return s;
        const m = MOBILE.exec(s);
        if (m) return m[1] as string;
        if (LANDLINE.test(s) || SERVICE_NUMBER.test(s) || SHORT_NUMBER.test(s)) return s;
        return bad('PHONE', '电话号码', row, errors, s);
      };
    case 'email':
      return (s, row, errors) =>
        s.length <= MAX_EMAIL && EMAIL.test(s) ? s : bad('EMAIL', '电子邮箱', row, errors, s);
    default:
      return null;
  }
}

function typeError(errors: RowError[], row: number, item: Item, value: unknown): typeof FAIL {
  return fail(
    errors,
    row,
    item.name,
    'TYPE',
    `“${item.name}”应为${TYPE_NAMES[item.dataType] ?? item.dataType}，实际为“${excerpt(value)}”`,
  );
}

function compileText(item: Item, today: () => string): Convert {
  const limit = item.length;
  const tag = tagCheck(item, today);
  const name = item.name;
  return (value, row, errors) => {
    const s = toText(value);
    if (s === FAIL) return typeError(errors, row, item, value);
    // Code points never outnumber UTF-16 units, so only long strings need counting.
    if (limit !== null && s.length > limit) {
      const n = codePoints(s);
      if (n > limit) {
        return fail(
          errors,
          row,
          name,
          'LENGTH',
          `“${name}”最多 ${limit} 个字符，实际 ${n} 个（“${excerpt(s)}”）`,
        );
      }
    }
    return tag === null ? s : tag(s, row, errors);
  };
}

function compileNumber(item: Item, today: () => string): Convert {
  const type = item.dataType;
  const parse = type === 'I' ? toInteger : type === 'B' || type === 'F' ? toFloat : toDecimal;
  // Digits make sense for the decimal types; double and float values are approximate.
  const limit = type === 'N' || type === 'Y' || type === 'I' ? item.length : null;
  const currency = type === 'Y';
  // A tag on a numeric item (a mobile number declared N, say) checks the digits; the value stays a number.
  const tag = type === 'N' || type === 'I' ? tagCheck(item, today) : null;
  const name = item.name;
  return (value, row, errors) => {
    const n = parse(value);
    if (n === FAIL || (currency && Math.round(n * 100) / 100 !== n))
      return typeError(errors, row, item, value);
    if (limit !== null) {
      const digits = digitCount(n);
      if (digits > limit) {
        return fail(
          errors,
          row,
          name,
          'LENGTH',
          `“${name}”最多 ${limit} 位数字，实际 ${digits} 位（“${excerpt(value)}”）`,
        );
      }
    }
    if (tag !== null && tag(String(n), row, errors) === FAIL) return FAIL;
    return n;
  };
}

function compileDate(item: Item, today: () => string): Convert {
  const name = item.name;
  // A birth date cannot lie ahead; other dates (expiry, planned completion) may.
  const notFuture = name.includes('出生');
  return (value, row, errors) => {
    const parsed = parseDate(value);
    if (parsed === '' || parsed === null) return typeError(errors, row, item, value);
    const date =
      typeof value === 'string' && value.length === 10 && value.charCodeAt(4) === 45
        ? value
        : isoDate(parsed.y, parsed.m, parsed.d);
    if (parsed.y < MIN_YEAR || parsed.y > MAX_YEAR) {
      return fail(
        errors,
        row,
        name,
        'DATE_RANGE',
        `“${name}”的日期 ${date} 超出 ${MIN_DATE} 至 ${MAX_DATE} 的范围`,
      );
    }
    if (notFuture) {
      const t = today();
      if (date > t) return fail(errors, row, name, 'DATE_RANGE', `“${name}”的日期 ${date} 晚于今天（${t}）`);
    }
    return date;
  };
}

/**
 * 'YYYY-MM-DD HH:mm:ss' with a valid date and time in 1900–2100, as 'YYYY-MM-DDTHH:mm:ss+08:00'; null for
 * anything else (which the general parser then reads or reports).
 */
function plainDateTime(s: string): string | null {
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  ) {
    return null;
  }
  const y = digitsAt(s, 0, 4);
  const mo = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  const h = digitsAt(s, 11, 2);
  const mi = digitsAt(s, 14, 2);
  const sec = digitsAt(s, 17, 2);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
  return `${s.slice(0, 10)}T${s.slice(11)}+08:00`;
}

function compileDateTime(item: Item): Convert {
  const name = item.name;
  return (value, row, errors) => {
    // 'YYYY-MM-DD HH:mm:ss', China time: the common form, read without the regular expression.
    if (typeof value === 'string' && value.length === 19 && value.charCodeAt(10) === 32) {
      const fast = plainDateTime(value);
      if (fast !== null) return fast;
    }
    const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
    if (!m) return typeError(errors, row, item, value);
    const y = Number(m[1]);
    const mo = Number(m[3]);
    const d = Number(m[4]);
    const h = m[5] === undefined ? 0 : Number(m[5]);
    const mi = m[6] === undefined ? 0 : Number(m[6]);
    const sec = m[7] === undefined ? 0 : Number(m[7]);
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) {
      return typeError(errors, row, item, value);
    }
    const zone = m[8];
    let offsetMinutes = 480;
    if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
      const digits = zone.replace(':', '');
      const zh = Number(digits.slice(1, 3));
      const zm = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
      if (zh > 14 || zm > 59) return typeError(errors, row, item, value);
      offsetMinutes = (zone.charCodeAt(0) === 45 ? -1 : 1) * (zh * 60 + zm);
    } else if (zone !== undefined) {
      offsetMinutes = 0;
    }
    // Years below 100 would be read by Date.UTC as 19xx; they are out of range anyway.
    if (y < MIN_YEAR || y > MAX_YEAR) {
      return fail(errors, row, name, 'DATE_RANGE', `“${name}”的时间超出 ${MIN_DATE} 至 ${MAX_DATE} 的范围`);
    }
    if (offsetMinutes === 480) {
      return `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}+08:00`;
    }
    const china = new Date(Date.UTC(y, mo - 1, d, h, mi, sec) - offsetMinutes * 60000 + CST_OFFSET_MS);
    const cy = china.getUTCFullYear();
    if (cy < MIN_YEAR || cy > MAX_YEAR) {
      return fail(errors, row, name, 'DATE_RANGE', `“${name}”的时间超出 ${MIN_DATE} 至 ${MAX_DATE} 的范围`);
    }
    return (
      `${cy}-${pad2(china.getUTCMonth() + 1)}-${pad2(china.getUTCDate())}` +
      `T${pad2(china.getUTCHours())}:${pad2(china.getUTCMinutes())}:${pad2(china.getUTCSeconds())}+08:00`
    );
  };
}

function compileLogical(item: Item): Convert {
  return (value, row, errors) => {
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === 0) return value === 1;
    if (typeof value === 'string') {
      const w = value.toLowerCase();
      if (TRUE_WORDS.has(w)) return true;
      if (FALSE_WORDS.has(w)) return false;
    }
    return typeError(errors, row, item, value);
  };
}

function compileBinary(item: Item): Convert {
  return (value, row, errors) =>
    typeof value === 'string' && value.length % 4 === 0 && BASE64.test(value)
      ? value
      : typeError(errors, row, item, value);
}

function compileField(item: Item, today: () => string): Field {
  let convert: Convert;
  switch (item.dataType) {
    case 'C':
    case 'M':
      convert = compileText(item, today);
      break;
    case 'N':
    case 'Y':
    case 'B':
    case 'F':
    case 'I':
      convert = compileNumber(item, today);
      break;
    case 'D':
      convert = compileDate(item, today);
      break;
    case 'T':
      convert = compileDateTime(item);
      break;
    case 'L':
      convert = compileLogical(item);
      break;
    case 'G':
      convert = compileBinary(item);
      break;
    default:
      convert = (value, row, errors) => typeError(errors, row, item, value);
  }
  return {
    name: item.name,
    required: item.required || item.isKey,
    isKey: item.isKey,
    trim: item.dataType !== 'M',
    convert,
  };
}

function deleteFlag(v: unknown): boolean | null {
  if (v === true || v === 1) return true;
  if (v === false || v === 0 || v === null || v === undefined) return false;
  if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    if (w === 'true' || w === '1') return true;
    if (w === 'false' || w === '0' || w === '') return false;
  }
  return null;
}

/** Compiles a resource's items into a row validator. */
export function compileRecordSchema(items: Item[], options: SchemaOptions = {}): RecordSchema {
  const sorted = [...items].sort((a, b) => a.position - b.position);
  const fixed = options.today;
  const today = fixed ? () => chinaToday(fixed) : clockToday();
  const fields = sorted.map((item) => compileField(item, today));
  const index = new Map<string, number>();
  fields.forEach((f, i) => index.set(f.name, i));
  const keyIndexes = fields.flatMap((f, i) => (f.isKey ? [i] : []));
  const keyItems = keyIndexes.map((i) => (fields[i] as Field).name);
  const keyCount = keyIndexes.length;
  const hasDeleteItem = index.has(DELETE_FIELD);
  const n = fields.length;
  // Scratch state of the row being checked (`check` runs to completion before the next call): the raw values
  // by item, and the errors found.
  const slots: unknown[] = new Array<unknown>(n).fill(undefined);
  const scratch: RowError[] = [];

  const unknownField = (row: number, name: string, hint = ''): RowError => ({
    row,
    field: name.length > 100 ? excerpt(name) : sanitizeText(name),
    code: 'UNKNOWN_FIELD',
    message: `目录中没有信息项“${excerpt(name)}”${hint}`,
  });

  /**
   * Converts item i's raw value (taking it out of its slot): the typed value, undefined when absent and
   * optional, FAIL after pushing its errors.
   */
  const take = (i: number, row: number, errors: RowError[]): unknown => {
    const f = fields[i] as Field;
    let value = slots[i];
    slots[i] = undefined;
    if (typeof value === 'string') {
      // PostgreSQL stores neither a NUL character nor half of a surrogate pair; refused here, per field.
      const bad = unstorable(value);
      if (bad) {
        errors.push({
          row,
          field: f.name,
          code: 'TEXT_INVALID',
          message:
            bad === 'NUL'
              ? `“${f.name}”含有 NUL 字符（\\u0000），无法存储`
              : `“${f.name}”含有不成对的 UTF-16 代理项，不是有效的文本`,
        });
        return FAIL;
      }
      const t = value.trim();
      if (t === '') value = undefined;
      else if (f.trim) value = t;
    }
    if (value === undefined || value === null) {
      if (!f.required) return undefined;
      errors.push({ row, field: f.name, code: 'REQUIRED', message: `“${f.name}”为必填项，不能为空` });
      return FAIL;
    }
    return f.convert(value, row, errors);
  };

  const check = (
    values: Record<string, unknown>,
    row: number,
    opts?: { allowDelete?: boolean },
  ): CheckedRow => {
    const errors = scratch;
    errors.length = 0;
    let unknown: string[] | null = null;
    let deleteValue: unknown = undefined;
    for (const k in values) {
      const i = index.get(k);
      if (i !== undefined) slots[i] = values[k];
      else if (k === DELETE_FIELD && !hasDeleteItem) deleteValue = values[k];
      else (unknown ??= []).push(k);
    }

    let isDelete = false;
    if (deleteValue !== undefined) {
      if (!opts?.allowDelete) {
        errors.push(unknownField(row, DELETE_FIELD, '（删除标记只能用于增量（upsert）模式）'));
      } else {
        const flag = deleteFlag(deleteValue);
        if (flag === null) {
          errors.push({
            row,
            field: DELETE_FIELD,
            code: 'TYPE',
            message: `“${DELETE_FIELD}”应为 true 或 false，实际为“${excerpt(deleteValue)}”`,
          });
        } else isDelete = flag;
      }
    }

    const keyParts = new Array<unknown>(keyCount);
    let keyOk = true;
    if (isDelete) {
      // A deletion names its key; everything else in the row is ignored.
      for (let k = 0; k < keyCount; k++) {
        const v = take(keyIndexes[k] as number, row, errors);
        if (v === FAIL) keyOk = false;
        else keyParts[k] = v;
      }
      slots.fill(undefined);
      const key = keyOk ? JSON.stringify(keyParts) : null;
      if (errors.length > 0) return { ok: false, key, errors: errors.slice() };
      return { ok: true, key: key as string, data: null, json: null, hash: '', delete: true };
    }

    if (unknown !== null) for (const k of unknown) errors.push(unknownField(row, k));
    const data: Record<string, unknown> = {};
    let k = 0;
    for (let i = 0; i < n; i++) {
      const f = fields[i] as Field;
      const v = take(i, row, errors);
      if (f.isKey) {
        if (v === FAIL) keyOk = false;
        else keyParts[k] = v;
        k++;
      }
      if (v !== undefined && v !== FAIL) data[f.name] = v;
    }
    const key = keyOk ? JSON.stringify(keyParts) : null;
    if (errors.length > 0) return { ok: false, key, errors: errors.slice() };
    const json = JSON.stringify(data);
    return { ok: true, key: key as string, data, json, hash: hash('md5', json), delete: false };
  };

  return {
    items: sorted,
    keyItems,
    check,
    keyOf: (data) => JSON.stringify(keyItems.map((name) => data[name] ?? null)),
  };
}
