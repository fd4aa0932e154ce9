/**
 * Comparison vectors (Fellegi–Sunter): for a pair of records, each field agrees at a level — exact, close in a
 * named way, or not at all — or is missing on one side. Levels are ordered best first; level 0 is "disagrees".
 * What each level means is in FIELD_LEVELS, so an explanation can say it in words.
 */
import type { NormalizedPerson } from './normalize.ts';

export const FIELDS = ['idNumber', 'name', 'birthDate', 'sex', 'address', 'phone'] as const;
export type Field = (typeof FIELDS)[number];

/** Per field, the labels of its levels, index = level (0 = disagrees). */
export const FIELD_LEVELS: Record<Field, readonly string[]> = {
  idNumber: [
    'different',
    'one character or one swap apart',
    'same number (a 15-digit one upgraded)',
    'same number',
  ],
  name: ['different', 'one character apart', 'same pinyin (homophone)', 'same name'],
  birthDate: ['different', 'month and day swapped', 'same date'],
  sex: ['different', 'same'],
  address: ['different', 'similar', 'nearly the same', 'same'],
  phone: ['different', 'one digit apart', 'same'],
};

/** One pair's comparison: a level per field, null where either side has no value. */
export type Comparison = Record<Field, number | null>;

/** Positions where two equal-length strings differ, up to `limit + 1`. */
function hamming(a: string, b: string, limit: number): number {
  let d = 0;
  for (let i = 0; i < a.length && d <= limit; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) d++;
  return d;
}

/** Whether b is a with two adjacent characters swapped. */
function adjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i >= a.length - 1) return false;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Levenshtein distance, stopping early once it passes `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
  if (s.length === 1) out.add(s);
  return out;
}

/** Jaccard similarity of the character bigrams of two strings. */
export function bigramSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return common / (x.size + y.size - common);
}

function compareId(a: NormalizedPerson, b: NormalizedPerson): number | null {
  const x = a.idNumber ?? a.idRaw;
  const y = b.idNumber ?? b.idRaw;
  if (x === null || y === null) return null;
  if (x === y) return a.idForm === '15' || b.idForm === '15' ? 2 : 3;
  if (hamming(x, y, 1) <= 1 || adjacentSwap(x, y)) return 1;
  return 0;
}

function compareName(a: NormalizedPerson, b: NormalizedPerson): number | null {
  if (a.name === null || b.name === null) return null;
  if (a.name === b.name) return 3;
  if (a.namePinyin !== null && a.namePinyin === b.namePinyin) return 2;
  return editDistance(a.name, b.name, 1) <= 1 ? 1 : 0;
}

function compareBirth(a: NormalizedPerson, b: NormalizedPerson): number | null {
  const x = a.birthDate;
  const y = b.birthDate;
  if (x === null || y === null) return null;
  if (x === y) return 2;
  // 1990-03-05 against 1990-05-03: the month and day written the other way round. A date one digit apart is not
  // a level of its own: among people of the same name and year it is common, so it would link strangers.
  const swapped =
    x.slice(0, 4) === y.slice(0, 4) && x.slice(5, 7) === y.slice(8, 10) && x.slice(8, 10) === y.slice(5, 7);
  return swapped ? 1 : 0;
}

function compareAddress(a: NormalizedPerson, b: NormalizedPerson): number | null {
  if (a.address === null || b.address === null) return null;
  if (a.address === b.address) return 3;
  const s = bigramSimilarity(a.address, b.address);
  return s >= 0.8 ? 2 : s >= 0.5 ? 1 : 0;
}

function comparePhone(a: NormalizedPerson, b: NormalizedPerson): number | null {
  if (a.phone === null || b.phone === null) return null;
  if (a.phone === b.phone) return 2;
  return hamming(a.phone, b.phone, 1) <= 1 ? 1 : 0;
}

/** The comparison vector of two records. */
export function compare(a: NormalizedPerson, b: NormalizedPerson): Comparison {
  return {
    idNumber: compareId(a, b),
    name: compareName(a, b),
    birthDate: compareBirth(a, b),
    sex: a.sex === null || b.sex === null ? null : a.sex === b.sex ? 1 : 0,
    address: compareAddress(a, b),
    phone: comparePhone(a, b),
  };
}
