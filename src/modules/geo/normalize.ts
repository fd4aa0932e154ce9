/**
 * Free-text address → one canonical spelling, and the numbered parts (门牌号, 楼栋, 单元, 户室) read off it. Pure
 * functions: the standardizer (standardize.ts) matches what is left (the region and road names) against the base.
 */
import { simplify } from '../../lib/text.ts';

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
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * A Chinese numeral as a number: positional when it has 十/百/千 (十二 → 12, 一百零五 → 105), digit by digit
 * otherwise, as room numbers are read out (五零一 → 501).
 */
export function chineseNumber(text: string): number | null {
  if (!text || [...text].some((c) => CN_DIGITS[c] === undefined && CN_UNITS[c] === undefined)) return null;
  if (![...text].some((c) => CN_UNITS[c] !== undefined)) {
    return Number([...text].map((c) => CN_DIGITS[c]).join(''));
  }
  let total = 0;
  let digit: number | null = null;
  for (const c of text) {
    const unit = CN_UNITS[c];
    if (unit !== undefined) {
      total += (digit ?? 1) * unit;
      digit = null;
    } else digit = CN_DIGITS[c]!;
  }
  return total + (digit ?? 0);
}

// A numeral directly before the mark of a numbered part.
const CN_NUMERAL = /([零〇一二两三四五六七八九十百千]+)(?=号|栋|单元|室|层)/g;

/**
 * The canonical spelling: Simplified characters, half-width digits and letters (NFKC), no spaces or separators,
 * Arabic numbers in the numbered parts, one word per part (幢/座/号楼 → 栋, 单元号 → 单元, 户/房 → 室), and the
 * province and city dropped (every address of the base is in 江苏省连云港市).
 */
export function normalizeAddress(text: string): string {
  let s = simplify(text).normalize('NFKC');
  s = s.replace(/[\s\u3000,，、;；:：.。'"“”‘’()（）[\]【】]+/g, '');
  s = s.replace(/[—–－~～_]/g, '-');
  s = s.replace(/^(中华人民共和国|中国)?(江苏省?)?(连云港市?)?/, '');
  s = s.replace(/号楼|幢|座/g, '栋').replace(/单元号/g, '单元');
  s = s.replace(/([\d零〇一二两三四五六七八九十百千]+)(?:户|号房|房|号室)/g, '$1室');
  s = s.replace(CN_NUMERAL, (m) => String(chineseNumber(m) ?? m));
  // A room read out after the unit with no 室: 2单元五零一.
  s = s.replace(/单元([零〇一二两三四五六七八九十百千]+)$/, (_, m: string) => `单元${chineseNumber(m) ?? m}`);
  return s;
}

/** The numbered parts of a normalized address, and the text before them (regions and road). */
export interface AddressParts {
  head: string;
  number: number | null;
  building: number | null;
  unit: number | null;
  room: number | null;
}

/** Reads 号, 栋, 单元 and 室 off a normalized address; `12号3-2-501` is read as building 3, unit 2, room 501. */
export function splitAddress(normalized: string): AddressParts {
  const parts: AddressParts = { head: normalized, number: null, building: null, unit: null, room: null };
  const num = /(\d{1,5})号/.exec(normalized);
  // Without 号 the numbered parts start at the first 栋/单元/室 with digits, or the address has none.
  const first = num ? null : /\d+(?:栋|单元|室)/.exec(normalized);
  if (!num && !first) return parts;
  if (num) parts.number = Number(num[1]);
  const start = num ? num.index : first!.index;
  parts.head = normalized.slice(0, start);
  const tail = normalized.slice(num ? start + num[0].length : start);
  const dashed = /^(\d{1,3})-(\d{1,2})-(\d{3,4})/.exec(tail);
  if (dashed) {
    parts.building = Number(dashed[1]);
    parts.unit = Number(dashed[2]);
    parts.room = Number(dashed[3]);
    return parts;
  }
  const building = /(\d{1,3})栋/.exec(tail);
  const unit = /(\d{1,2})单元/.exec(tail);
  const room = /(\d{3,4})室/.exec(tail) ?? (unit ? /单元(\d{3,4})$/.exec(tail) : null);
  if (building) parts.building = Number(building[1]);
  if (unit) parts.unit = Number(unit[1]);
  if (room) parts.room = Number(room[1]);
  return parts;
}
