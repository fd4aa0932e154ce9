/**
 * Source records as the matcher compares them. Departments write the same person differently: Traditional
 * characters, full-width digits, a legacy 15-digit 身份证号, dates as 1990年3月5日 or 19900305, addresses with or
 * without the province and city, 十二号 for 12号. Each field is brought to one form here, once per record, so the
 * comparisons in compare.ts are cheap and the same in batch and incremental runs.
 */
import { pinyin } from 'pinyin-pro';
import { simplify } from '../../../lib/text.ts';
import { idCardCheckDigit, idCardProblem } from '../../../lib/validators/idcard.ts';

/** The fields a person record may carry, as a source writes them (every one optional). */
export interface PersonFields {
  姓名?: string | null | undefined;
  身份证号?: string | null | undefined;
  出生日期?: string | null | undefined;
  性别?: string | null | undefined;
  住址?: string | null | undefined;
  手机号码?: string | null | undefined;
}

/** A person record in comparable form; null where the source had nothing usable. */
export interface NormalizedPerson {
  name: string | null;
  /** Toneless pinyin syllables of the name, space-separated: 张伟 and 章玮 both give "zhang wei". */
  namePinyin: string | null;
  /** An 18-character ID number (a 15-digit one upgraded); null when missing or unusable. */
  idNumber: string | null;
  /** How the ID number was: '18' valid, '15' upgraded from a legacy number, 'bad' failed its check, null missing. */
  idForm: '18' | '15' | 'bad' | null;
  /** The raw 18 characters of a number that failed its check (typos are still compared, at a lower weight). */
  idRaw: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  /** Address without province/city prefixes, punctuation and spaces, digits as digits. */
  address: string | null;
  /** 11-digit mobile number. */
  phone: string | null;
}

const FULL_WIDTH_START = 0xff01;
const FULL_WIDTH_END = 0xff5e;

/** Full-width ASCII (０-９, Ａ-Ｚ, ＃ …) to half-width, ideographic space to space. */
export function halfWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= FULL_WIDTH_START && c <= FULL_WIDTH_END) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

let traditional: Set<number> | undefined;

/**
 * Simplified text, converting only when a character has a Simplified form: most source text is Simplified
 * already, and the converter costs more than the rest of normalizing a record. The set of converting characters
 * is built once from the converter itself (the CJK block, one character at a time).
 */
function toSimplified(s: string): string {
  if (traditional === undefined) {
    traditional = new Set();
    for (let c = 0x4e00; c <= 0x9fff; c++) {
      const ch = String.fromCharCode(c);
      if (simplify(ch) !== ch) traditional.add(c);
    }
  }
  for (let i = 0; i < s.length; i++) if (traditional.has(s.charCodeAt(i))) return simplify(s);
  return s;
}

const NAME_NOISE = /[\s·•.\-_()（）]/g;

/** A personal name: Simplified, no spaces or middle dots, upper-case Latin letters. */
export function normalizeName(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const s = toSimplified(halfWidth(raw)).replace(NAME_NOISE, '').toUpperCase();
  return s.length > 0 ? s : null;
}

const pinyinCache = new Map<string, string>();

/** Toneless pinyin of a (normalized) name, surnames read as surnames (曾 → zeng, 单 → shan). */
export function namePinyin(name: string): string {
  let hit = pinyinCache.get(name);
  if (hit === undefined) {
    hit = pinyin(name, { toneType: 'none', surname: 'head', nonZh: 'consecutive' }).toLowerCase();
    if (pinyinCache.size > 200_000) pinyinCache.clear();
    pinyinCache.set(name, hit);
  }
  return hit;
}

/** The 18-digit number a legacy 15-digit one stands for (born in the 1900s, the check digit computed). */
export function upgradeIdNumber(n15: string): string | null {
  if (!/^\d{15}$/.test(n15)) return null;
  const first17 = `${n15.slice(0, 6)}19${n15.slice(6)}`;
  const check = idCardCheckDigit(first17);
  return check === null ? null : first17 + check;
}

// A date every source's ID numbers can be compared against; birth dates after it are refused by idCardProblem.
const FAR_FUTURE = 99991231;

/** An ID number in comparable form, and how it came. */
export function normalizeIdNumber(
  raw: string | null | undefined,
): Pick<NormalizedPerson, 'idNumber' | 'idForm' | 'idRaw'> {
  if (typeof raw !== 'string') return { idNumber: null, idForm: null, idRaw: null };
  const s = halfWidth(raw).replace(/\s/g, '').toUpperCase();
  if (s.length === 0) return { idNumber: null, idForm: null, idRaw: null };
  if (s.length === 15) {
    const up = upgradeIdNumber(s);
    if (up !== null && idCardProblem(up, FAR_FUTURE) === null)
      return { idNumber: up, idForm: '15', idRaw: null };
    return { idNumber: null, idForm: 'bad', idRaw: up };
  }
  if (s.length === 18 && idCardProblem(s, FAR_FUTURE) === null)
    return { idNumber: s, idForm: '18', idRaw: null };
  return { idNumber: null, idForm: 'bad', idRaw: s.length === 18 ? s : null };
}

const DATE_FORMS = [/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/, /^(\d{4})(\d{2})(\d{2})$/];

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1880 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** YYYY-MM-DD from the usual written forms; null when it is not a real date. */
export function normalizeDate(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const s = halfWidth(raw).trim().replace(/T.*$/, '');
  for (const form of DATE_FORMS) {
    const m = form.exec(s);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validDate(y, mo, d)) return null;
    return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return null;
}

/** 男/女 and the codes sources use for them (GB/T 2261.1: 1 male, 2 female). */
export function normalizeSex(raw: string | null | undefined): 'M' | 'F' | null {
  if (typeof raw !== 'string') return null;
  const s = halfWidth(raw).trim().toUpperCase();
  if (s === '男' || s === '1' || s === 'M' || s === 'MALE' || s === '男性') return 'M';
  if (s === '女' || s === '2' || s === 'F' || s === 'FEMALE' || s === '女性') return 'F';
  return null;
}

/** An 11-digit mobile number, without +86 / 0086 or separators. */
export function normalizePhone(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let digits = halfWidth(raw).replace(/[^\d]/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  else if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  return /^1\d{10}$/.test(digits) ? digits : null;
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** A Chinese numeral up to 9999 (十二 → 12, 一百零五 → 105, 二〇一 → 201), or null. */
export function chineseNumber(s: string): number | null {
  if (s.length === 0) return null;
  if (![...s].some((c) => c === '十' || c === '百' || c === '千')) {
    // Digit by digit: 二〇一 → 201.
    let n = 0;
    for (const c of s) {
      const d = CN_DIGITS[c];
      if (d === undefined) return null;
      n = n * 10 + d;
    }
    return n;
  }
  let total = 0;
  let current = 0;
  for (const c of s) {
    const d = CN_DIGITS[c];
    if (d !== undefined) current = d;
    else if (c === '十' || c === '百' || c === '千') {
      const unit = c === '十' ? 10 : c === '百' ? 100 : 1000;
      total += (current === 0 ? 1 : current) * unit;
      current = 0;
    } else return null;
  }
  return total + current;
}

const CITY_PREFIX = /^(中国)?(江苏省?)?(连云港市?)?/;
const CN_NUMERAL_BEFORE_UNIT = /([零〇一二两三四五六七八九十百千]+)(?=[号栋幢楼单元室层户])/g;
const ADDRESS_NOISE = /[\s,，。、;；:：()（）\-—_#]/g;

/** An address in comparable form: no province or city prefix, Simplified, digits, one word per unit. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let s = toSimplified(halfWidth(raw)).replace(ADDRESS_NOISE, '');
  s = s.replace(CITY_PREFIX, '');
  s = s.replace(CN_NUMERAL_BEFORE_UNIT, (m) => String(chineseNumber(m) ?? m));
  s = s
    .replace(/(\d+)(号楼|幢|座)/g, '$1栋')
    .replace(/(\d+)单元号?/g, '$1单元')
    .replace(/(\d+)(户|号房)$/g, '$1室');
  return s.length > 0 ? s : null;
}

/** Every field of a record in comparable form. */
export function normalizePerson(f: PersonFields): NormalizedPerson {
  const name = normalizeName(f.姓名);
  const id = normalizeIdNumber(f.身份证号);
  return {
    name,
    namePinyin: name === null ? null : namePinyin(name),
    ...id,
    birthDate: normalizeDate(f.出生日期),
    sex: normalizeSex(f.性别),
    address: normalizeAddress(f.住址),
    phone: normalizePhone(f.手机号码),
  };
}
