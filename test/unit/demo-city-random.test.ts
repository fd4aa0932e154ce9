import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Random } from '../../src/lib/random.ts';

const draw = (rng: Random, n: number) => Array.from({ length: n }, () => rng.uint32());

describe('Random', () => {
  it('repeats the same sequence for the same seed and differs across seeds', () => {
    expect(draw(new Random(2018), 100)).toEqual(draw(new Random(2018), 100));
    expect(draw(new Random('2018'), 100)).toEqual(draw(new Random(2018), 100));
    expect(draw(new Random(2018), 100)).not.toEqual(draw(new Random(2019), 100));
  });

  it('pins the sequence for seed 2018 so generated demo data stays stable across versions', () => {
    // Golden values: a change to the seeding or the algorithm changes every demo data set, so it must be deliberate.
    expect(draw(new Random(2018), 3)).toEqual([3297817956, 1968604712, 2121023200]);
    expect(new Random(2018).int(1, 100)).toBe(57);
  });

  it('next() is in [0, 1) and int() in [min, max]', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 5000 }),
        (s, a, w) => {
          const rng = new Random(s);
          for (let i = 0; i < 50; i++) {
            const x = rng.next();
            expect(x >= 0 && x < 1).toBe(true);
            const n = rng.int(a, a + w);
            expect(Number.isInteger(n) && n >= a && n <= a + w).toBe(true);
          }
        },
      ),
    );
    const rng = new Random(1);
    const big = rng.int(0, Number.MAX_SAFE_INTEGER);
    expect(Number.isSafeInteger(big)).toBe(true);
    expect(() => rng.int(2, 1)).toThrow(RangeError);
    expect(() => rng.int(0.5, 1)).toThrow(RangeError);
  });

  it('int() is roughly uniform and hits both ends', () => {
    const rng = new Random('uniform');
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const k = rng.int(1, 6) - 1;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('pick, shuffle, sample, chance and weighted behave', () => {
    const rng = new Random(42);
    const items = ['a', 'b', 'c', 'd', 'e'];
    expect(items).toContain(rng.pick(items));
    expect(() => rng.pick([])).toThrow(RangeError);
    const shuffled = rng.shuffle(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(new Set(rng.sample(items, 3)).size).toBe(3);
    expect(rng.sample(items, 10)).toHaveLength(5);
    expect(rng.chance(0)).toBe(false);
    expect(rng.chance(1)).toBe(true);

    const tally = new Map<string, number>();
    for (let i = 0; i < 40_000; i++) {
      const v = rng.weighted([
        ['x', 1],
        ['never', 0],
        ['y', 3],
      ]);
      tally.set(v, (tally.get(v) ?? 0) + 1);
    }
    expect(tally.get('never')).toBeUndefined();
    expect(Math.abs((tally.get('y') ?? 0) / 40_000 - 0.75)).toBeLessThan(0.02);
    expect(() => rng.weighted([['x', 0]])).toThrow(RangeError);
    expect(() => rng.weighted([['x', -1]])).toThrow(RangeError);
  });

  it('fork() depends on the seed and label only, not on draws made so far', () => {
    const a = new Random(5);
    const b = new Random(5);
    draw(b, 17);
    expect(draw(a.fork('towns'), 10)).toEqual(draw(b.fork('towns'), 10));
    expect(draw(a.fork('towns'), 10)).not.toEqual(draw(a.fork('villages'), 10));
  });
});
