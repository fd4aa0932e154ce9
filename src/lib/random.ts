/**
 * Deterministic pseudo-random numbers for the demo generators: same seed → same sequence on every platform.
 * Uses sfc32 (Chris Doty-Humphrey's Small Fast Counter, 128-bit state, passes PractRand) seeded through a
 * string hash, so seeds like 2018 and 'departments/2018' both give well-mixed states. Not for security.
 */

export type Seed = number | string;

// cyrb128-style hash: four independent 32-bit words from a string, used as the sfc32 state.
function hashSeed(key: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const TWO_32 = 4294967296;

/** Seeded PRNG with the helpers the demo generators need. */
export class Random {
  readonly seedKey: string;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: Seed) {
    this.seedKey = String(seed);
    [this.a, this.b, this.c, this.d] = hashSeed(this.seedKey);
    // Discard the first outputs: sfc32's state needs a few rounds to mix, as its author recommends.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.uint32() / TWO_32;
  }

  /** Uniform integer in [min, max], both inclusive; unbiased (rejection sampling) for ranges up to 2^32. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new RangeError(`Random.int: need integers min <= max, got ${min}, ${max}`);
    }
    const range = max - min + 1;
    if (range > TWO_32) {
      // Beyond 32 bits combine two draws into 53 bits; the remaining bias is below 2^-20 and irrelevant here.
      const x = (this.uint32() >>> 5) * 67108864 + (this.uint32() >>> 6);
      return min + Math.floor((x / 9007199254740992) * range);
    }
    const limit = TWO_32 - (TWO_32 % range);
    let u = this.uint32();
    while (u >= limit) u = this.uint32();
    return min + (u % range);
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p (clamped to [0, 1]). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Random.pick: empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A shuffled copy (Fisher–Yates); the input is left untouched. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** k distinct elements in random order (k is capped at the array length). */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, k));
  }

  /** An element chosen with probability proportional to its weight; weights must be >= 0 with a positive total. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`Random.weighted: bad weight ${w}`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError('Random.weighted: weights must have a positive total');
    let r = this.next() * total;
    for (const [value, w] of entries) {
      if (r < w) return value;
      r -= w;
    }
    // Floating-point rounding can leave r marginally above the last bucket: return the last positive entry.
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      if (entry && entry[1] > 0) return entry[0];
    }
    throw new RangeError('Random.weighted: unreachable');
  }

  /**
   * An independent generator for a named sub-task. It depends only on this generator's seed and the label, not
   * on how many numbers were drawn, so adding draws in one generator does not reshuffle another's output.
   */
  fork(label: string | number): Random {
    return new Random(`${this.seedKey}/${label}`);
  }
}
