/**
 * Administrative division codes, GB/T 2260 (6 digits: province 2 + prefecture 2 + county 2), extended by
 * GB/T 10114 with 3 digits for a town (乡镇/街道) and 3 more for a village (村/社区).
 */

export type RegionError = 'length' | 'format' | 'province' | 'structure';
export type RegionLevel = 'province' | 'prefecture' | 'county' | 'town' | 'village';

export interface RegionCodeInfo {
  ok: true;
  value: string;
  level: 'province' | 'prefecture' | 'county';
  provinceCode: string;
}
export type RegionCodeResult = RegionCodeInfo | { ok: false; reason: RegionError };

/** The 34 province-level prefixes of GB/T 2260 (including 71 Taiwan, 81 Hong Kong, 82 Macao). */
// prettier-ignore
export const PROVINCE_PREFIXES: readonly string[] = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42',
  '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
];

// Indexed by the two-digit prefix as a number, so the hot path is two char codes and one array read.
const PROVINCE_TABLE: readonly boolean[] = (() => {
  const table = new Array<boolean>(100).fill(false);
  for (const p of PROVINCE_PREFIXES) table[Number(p)] = true;
  return table;
})();

const ZERO = 48;

function isDigitsAt(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return false;
  }
  return true;
}

function isZerosAt(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) !== ZERO) return false;
  return true;
}

/**
 * Checks the 6 digits at `offset` (already known to be digits) as a region code; returns the problem or null.
 * Shared with the ID card validator so it does not have to slice the string.
 */
export function regionCodeProblemAt(s: string, offset: number): 'province' | 'structure' | null {
  const province = (s.charCodeAt(offset) - ZERO) * 10 + (s.charCodeAt(offset + 1) - ZERO);
  if (!PROVINCE_TABLE[province]) return 'province';
  // A county-level part under a "00" prefecture does not exist: every county hangs off a prefecture code
  // (municipalities use 01/02, province-administered counties use 90).
  if (isZerosAt(s, offset + 2, offset + 4) && !isZerosAt(s, offset + 4, offset + 6)) return 'structure';
  return null;
}

function sixDigitLevel(s: string): 'province' | 'prefecture' | 'county' {
  if (isZerosAt(s, 2, 6)) return 'province';
  if (isZerosAt(s, 4, 6)) return 'prefecture';
  return 'county';
}

/** Validates a 6-digit GB/T 2260 region code (structure and a real province prefix). */
export function validateRegionCode(input: unknown): RegionCodeResult {
  if (typeof input !== 'string') return { ok: false, reason: 'format' };
  if (input.length !== 6) return { ok: false, reason: 'length' };
  if (!isDigitsAt(input, 0, 6)) return { ok: false, reason: 'format' };
  const problem = regionCodeProblemAt(input, 0);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, value: input, level: sixDigitLevel(input), provinceCode: input.slice(0, 2) };
}

/**
 * Level of a 6-, 9- or 12-digit region code, or null when the code is not well formed.
 * 9- and 12-digit codes need a valid non-province 6-digit prefix and non-zero town/village sequences; the zero-padded
 * 12-digit form used by statistics tables (e.g. 320700000000) is deliberately not accepted.
 */
export function regionLevel(code: string): RegionLevel | null {
  if (typeof code !== 'string') return null;
  const n = code.length;
  if ((n !== 6 && n !== 9 && n !== 12) || !isDigitsAt(code, 0, n)) return null;
  if (regionCodeProblemAt(code, 0)) return null;
  if (n === 6) return sixDigitLevel(code);
  // Towns sit under a county, or under a prefecture that has no counties (e.g. 东莞 441900), never a province.
  if (isZerosAt(code, 2, 6) || isZerosAt(code, 6, 9)) return null;
  if (n === 9) return 'town';
  if (isZerosAt(code, 9, 12)) return null;
  return 'village';
}

/** Code of the enclosing division (village → town → county → prefecture → province), null at the top or if invalid. */
export function parentRegionCode(code: string): string | null {
  const level = regionLevel(code);
  switch (level) {
    case null:
    case 'province':
      return null;
    case 'prefecture':
      return `${code.slice(0, 2)}0000`;
    case 'county':
      return `${code.slice(0, 4)}00`;
    case 'town':
      return code.slice(0, 6);
    case 'village':
      return code.slice(0, 9);
  }
}
