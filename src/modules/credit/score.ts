/**
 * The credit score (公共信用综合评价) of one subject, computed from its own records and list entries, never typed.
 *
 *   score = 100                                   base: a subject the platform knows nothing bad about
 *         −  8 × 一般失信 penalties in public view  (shown today: not minor, not repaired, withdrawn or past their end)
 *         − 20 × 严重失信 penalties in public view
 *         −  1 per full 10 万元 of fines and confiscations of those penalties, at most −10
 *         − 40 × black-list entries in force       (严重失信主体名单, 失信被执行人 …)
 *         +  5 × red-list entries in force, at most +10 (A级纳税人, 守合同重信用 …)
 *   clamped to 0 … 110.
 *
 *   level  A 守信 ≥ 95 · B 良好 80–94 · C 关注 60–79 · D 失信 < 60
 *
 * A penalty stops counting the day it leaves public view — repaired, its publicity over, or withdrawn after an
 * upheld objection — which is what credit repair (信用修复) promises. Licenses (行政许可) do not move the score:
 * holding one is neither trust nor distrust. Every component is returned with its count and points, so the
 * profile page shows how the figure came about.
 */
import type { CreditScoreT, Severity } from './schema.ts';

export const SCORE = {
  base: 100,
  penaltyGeneral: -8,
  penaltySerious: -20,
  /** Per full 10 万元 of money penalties in public view. */
  finePer10k: -1,
  fineFloor: -10,
  blackList: -40,
  redList: 5,
  redCeiling: 10,
  max: 110,
} as const;

export interface ScoreInput {
  /** Penalties in public view today, with their severity and money amounts (万元). */
  penalties: { severity: Severity | null; fineAmount: number | null; confiscatedAmount: number | null }[];
  blackInForce: number;
  redInForce: number;
}

export function levelOf(score: number): CreditScoreT['level'] {
  if (score >= 95) return 'A';
  if (score >= 80) return 'B';
  if (score >= 60) return 'C';
  return 'D';
}

export function creditScore(input: ScoreInput): CreditScoreT {
  const general = input.penalties.filter((p) => p.severity === 'general').length;
  const serious = input.penalties.filter((p) => p.severity === 'serious').length;
  const money = input.penalties
    .filter((p) => p.severity === 'general' || p.severity === 'serious')
    .reduce((sum, p) => sum + (p.fineAmount ?? 0) + (p.confiscatedAmount ?? 0), 0);
  const tens = Math.floor(money / 10 + 1e-9);
  const components: CreditScoreT['components'] = [
    { code: 'base', count: 1, points: SCORE.base },
    { code: 'penalty_general', count: general, points: general * SCORE.penaltyGeneral },
    { code: 'penalty_serious', count: serious, points: serious * SCORE.penaltySerious },
    { code: 'fines', count: tens, points: Math.max(SCORE.fineFloor, tens * SCORE.finePer10k) },
    { code: 'black_list', count: input.blackInForce, points: input.blackInForce * SCORE.blackList },
    {
      code: 'red_list',
      count: input.redInForce,
      points: Math.min(SCORE.redCeiling, input.redInForce * SCORE.redList),
    },
  ];
  const raw = components.reduce((sum, c) => sum + c.points, 0);
  // `+ 0` turns a -0 into 0.
  const score = Math.min(SCORE.max, Math.max(0, raw)) + 0;
  return { score, level: levelOf(score), components };
}
