import { describe, expect, it } from 'vitest';
import { creditScore, levelOf } from '../../src/modules/credit/score.ts';

describe('credit score', () => {
  it('starts a subject with nothing against it at 100, level A', () => {
    const s = creditScore({ penalties: [], blackInForce: 0, redInForce: 0 });
    expect(s.score).toBe(100);
    expect(s.level).toBe('A');
    expect(s.components.map((c) => c.code)).toEqual([
      'base',
      'penalty_general',
      'penalty_serious',
      'fines',
      'black_list',
      'red_list',
    ]);
  });

  it('deducts per penalty by severity and per 10 万元 of money penalties, capped', () => {
    const s = creditScore({
      penalties: [
        { severity: 'general', fineAmount: 9.5, confiscatedAmount: 0.6 },
        { severity: 'serious', fineAmount: 150, confiscatedAmount: null },
        // A minor one is never in public view, and counts for nothing if it were passed.
        { severity: 'minor', fineAmount: 0.01, confiscatedAmount: null },
      ],
      blackInForce: 0,
      redInForce: 0,
    });
    expect(s.components).toEqual(
      expect.arrayContaining([
        { code: 'penalty_general', count: 1, points: -8 },
        { code: 'penalty_serious', count: 1, points: -20 },
        { code: 'fines', count: 16, points: -10 },
      ]),
    );
    expect(s.score).toBe(62);
    expect(s.level).toBe('C');
  });

  it('weighs lists: a black list entry −40, red list +5 each up to +10, clamped to 0 … 110', () => {
    expect(creditScore({ penalties: [], blackInForce: 1, redInForce: 0 }).score).toBe(60);
    expect(creditScore({ penalties: [], blackInForce: 0, redInForce: 3 }).score).toBe(110);
    expect(creditScore({ penalties: [], blackInForce: 3, redInForce: 0 }).score).toBe(0);
    expect(creditScore({ penalties: [], blackInForce: 3, redInForce: 0 }).level).toBe('D');
  });

  it('draws the level lines at 95, 80 and 60', () => {
    expect([95, 94, 80, 79, 60, 59].map(levelOf)).toEqual(['A', 'B', 'B', 'C', 'C', 'D']);
  });
});
