/**
 * Random access to the demo records: every record is drawn from (seed, its index) alone, so record i can be
 * generated without generating records 0 … i−1, and millions of records can be streamed without being stored.
 * Also the calendar arithmetic the generators use (days since 1970-01-01, China Standard Time civil dates),
 * done with integers so a row costs no Date objects.
 */
import { Random } from '../../lib/random.ts';

const TWO_32 = 4294967296;

/** murmur3's 32-bit finalizer: a cheap, well-mixing bijection on 32-bit words. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit word derived from a label through the project's seeded PRNG. */
export function labelWord(label: string): number {
  return new Random(label).uint32();
}

/** A uniform number in [0, 1) determined by (key, index, salt): for yes/no decisions that need no stream. */
export function hash01(key: number, index: number, salt: number): number {
  return (
    mix32(mix32((key ^ index) >>> 0) + Math.imul(salt, 0x9e3779b9) + Math.floor(index / TWO_32)) / TWO_32
  );
}

/**
 * The project's Random (sfc32, with all its helpers), re-seedable per record: `reset(index, salt)` puts it in a
 * state that depends only on the generator's label, the index and the salt. One instance serves any number of
 * records, so a row costs no generator allocation.
 */
export class IndexedRandom extends Random {
  private readonly k0: number;
  private readonly k1: number;
  private readonly k2: number;
  private readonly k3: number;
  // Written by reset(); uint32() is overridden to run sfc32 on these instead of the base class's state.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(label: string) {
    super(label);
    const base = new Random(`${label}/keys`);
    this.k0 = base.uint32();
    this.k1 = base.uint32();
    this.k2 = base.uint32();
    this.k3 = base.uint32();
  }

  /** Positions the stream for record `index` (a safe non-negative integer) of sub-stream `salt`. */
  reset(index: number, salt = 0): this {
    const lo = index >>> 0;
    const hi = Math.floor(index / TWO_32) >>> 0;
    this.s0 = mix32(this.k0 ^ lo ^ Math.imul(salt, 0x27d4eb2f));
    this.s1 = mix32(this.k1 + Math.imul(lo, 0x9e3779b9) + hi);
    this.s2 = mix32(this.k2 ^ Math.imul(lo + salt, 0x85ebca6b));
    this.s3 = this.k3 ^ salt;
    for (let i = 0; i < 6; i++) this.uint32();
    return this;
  }

  override uint32(): number {
    // sfc32, as in Random; before the constructor finishes the fields are not yet set, which does no harm.
    const a = this.s0 | 0;
    const b = this.s1 | 0;
    const c = this.s2 | 0;
    const d = this.s3 | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.s3 = (d + 1) | 0;
    this.s0 = b ^ (b >>> 9);
    const c2 = (c + (c << 3)) | 0;
    this.s1 = c2;
    this.s2 = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform integer in [0, n) for n ≤ 2^32 (multiply-shift; the bias is below 2^-20 for the sizes used here). */
  below(n: number): number {
    return Math.floor((this.uint32() / TWO_32) * n);
  }

  /** A uniformly chosen element (no checks: the generators only pass non-empty tables). */
  any<T>(items: readonly T[]): T {
    return items[Math.floor((this.uint32() / TWO_32) * items.length)] as T;
  }

  /** An index drawn from a cumulative weight table (ascending, last entry = total). */
  cumulative(table: Float64Array): number {
    const r = this.next() * (table[table.length - 1] ?? 0);
    let lo = 0;
    let hi = table.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (r < (table[mid] ?? 0)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Cumulative weights of [value, weight] pairs, for IndexedRandom.cumulative. */
export function cumulativeOf(entries: ReadonlyArray<readonly [unknown, number]>): Float64Array {
  const out = new Float64Array(entries.length);
  let sum = 0;
  entries.forEach(([, w], i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

// ---- Calendar: days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's civil-date algorithms. ----

export const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3600 * 1000;

/** Days since 1970-01-01 of a civil date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const CIVIL_BASE = daysFromCivil(1900, 1, 1);
const CIVIL_SPAN = daysFromCivil(2101, 1, 1) - CIVIL_BASE;
// yyyymmdd per day of 1900–2100, filled on first use (0 = not yet computed).
const CIVIL_CACHE = new Int32Array(CIVIL_SPAN);

function civilUncached(days: number): number {
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
  return y * 10000 + m * 100 + d;
}

/** The civil date of a day number, packed as yyyymmdd. */
export function civil(days: number): number {
  const slot = days - CIVIL_BASE;
  if (slot < 0 || slot >= CIVIL_SPAN) return civilUncached(days);
  const hit = CIVIL_CACHE[slot] ?? 0;
  if (hit !== 0) return hit;
  const ymd = civilUncached(days);
  CIVIL_CACHE[slot] = ymd;
  return ymd;
}

export function yearOf(days: number): number {
  return Math.floor(civil(days) / 10000);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The same calendar day `years` later (29 February becomes 28 February in a common year). */
export function addYears(days: number, years: number): number {
  const ymd = civil(days);
  const y = Math.floor(ymd / 10000) + years;
  const m = Math.floor(ymd / 100) % 100;
  return daysFromCivil(y, m, Math.min(ymd % 100, daysInMonth(y, m)));
}

/** Whole years from `from` to `to` (an age). */
export function yearsBetween(from: number, to: number): number {
  const a = civil(from);
  const b = civil(to);
  return Math.floor((b - a) / 10000);
}

/** Whole months from `from` to `to`. */
export function monthsBetween(from: number, to: number): number {
  const a = civil(from);
  const b = civil(to);
  const months =
    (Math.floor(b / 10000) - Math.floor(a / 10000)) * 12 +
    ((Math.floor(b / 100) % 100) - (Math.floor(a / 100) % 100));
  return b % 100 < a % 100 ? months - 1 : months;
}

const DATE_BASE = CIVIL_BASE;
const DATE_SPAN = CIVIL_SPAN;
const DATE_CACHE: (string | undefined)[] = new Array<string | undefined>(DATE_SPAN);

/** 'YYYY-MM-DD' of a day number (cached for 1900–2100). */
export function dateStr(days: number): string {
  const slot = days - DATE_BASE;
  const hit = slot >= 0 && slot < DATE_SPAN ? DATE_CACHE[slot] : undefined;
  if (hit !== undefined) return hit;
  const ymd = civil(days);
  const s = `${Math.floor(ymd / 10000)}-${pad2(Math.floor(ymd / 100) % 100)}-${pad2(ymd % 100)}`;
  if (slot >= 0 && slot < DATE_SPAN) DATE_CACHE[slot] = s;
  return s;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 'YYYY-MM-DDTHH:mm:ss+08:00' for a day and a second of that day in China Standard Time. */
export function timestampStr(days: number, second: number): string {
  const s = Math.min(86_399, Math.max(0, Math.floor(second)));
  return `${dateStr(days)}T${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}+08:00`;
}

/** 'YYYYMM' of a day number. */
export function yearMonthStr(days: number): string {
  return String(Math.floor(civil(days) / 100));
}

/** The civil day (China Standard Time) of an instant. */
export function dayOfInstant(at: Date): number {
  return Math.floor((at.getTime() + CST_OFFSET_MS) / DAY_MS);
}

/** Seconds since midnight (China Standard Time) of an instant. */
export function secondOfInstant(at: Date): number {
  return Math.floor(((at.getTime() + CST_OFFSET_MS) % DAY_MS) / 1000);
}

const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/** Zero-padded decimal. */
export function padNum(n: number, width: number): string {
  if (width === 3 && n >= 0 && n < 1000) return THREE_DIGITS[n] as string;
  return String(n).padStart(width, '0');
}

/** 2-decimal rounding for money and measures, without binary noise in the printed value. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
