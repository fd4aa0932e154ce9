/**
 * The Fellegi–Sunter model: per field and level, m = P(level | same person) and u = P(level | different
 * people). A pair's match weight is the prior's log-odds plus, per field present on both sides, log2(m / u) —
 * agreement on a rare value weighs more than on a common one. u is estimated from random pairs (nearly all of
 * them different people), m and the prior by expectation–maximisation over the candidate pairs blocking finds,
 * as Splink does. Every score carries its explanation: which fields agreed how, and what each weighed.
 */
import { compare, FIELD_LEVELS, FIELDS, type Comparison, type Field } from './compare.ts';
import type { NormalizedPerson } from './normalize.ts';

export interface ModelParameters {
  /** P(match) among candidate pairs. */
  prior: number;
  m: Record<Field, number[]>;
  u: Record<Field, number[]>;
}

export interface FieldEvidence {
  field: Field;
  level: number;
  /** What the level means, in words (compare.ts FIELD_LEVELS). */
  agreement: string;
  /** log2(m / u): bits this field adds to (or takes from) the match weight. */
  weight: number;
}

export interface Score {
  /** Total match weight in bits (the prior's log-odds included). */
  weight: number;
  /** P(same person | comparison). */
  probability: number;
  evidence: FieldEvidence[];
}

const levelCount = (f: Field) => FIELD_LEVELS[f].length;
const SMOOTHING = 1e-4;

function normalizeRow(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (c + SMOOTHING) / (total + SMOOTHING * counts.length));
}

/**
 * Starting values before any estimate: sources agree on the same person's fields most of the time, and
 * different people rarely share them.
 */
export function defaultParameters(): ModelParameters {
  const m = {} as Record<Field, number[]>;
  const u = {} as Record<Field, number[]>;
  for (const f of FIELDS) {
    const n = levelCount(f);
    // m: most mass on the best level, a little on the near levels, least on "different".
    m[f] = normalizeRow(
      Array.from({ length: n }, (_, l) => (l === n - 1 ? 0.85 : l === 0 ? 0.02 : 0.13 / (n - 2 || 1))),
    );
    u[f] = normalizeRow(Array.from({ length: n }, (_, l) => (l === 0 ? 0.98 : 0.02 / (n - 1))));
  }
  // Sex: half of different people share it.
  u.sex = [0.5, 0.5];
  return { prior: 0.1, m, u };
}

/** The value compared for exact agreement, per field (the top level of compare.ts). */
const EXACT_VALUE: Record<Field, (p: NormalizedPerson) => string | null> = {
  idNumber: (p) => p.idNumber ?? p.idRaw,
  name: (p) => p.name,
  birthDate: (p) => p.birthDate,
  sex: (p) => p.sex,
  address: (p) => p.address,
  phone: (p) => p.phone,
};

/**
 * Per field, the chance that two different records share the exact value: Σ p(v)² over the values' frequencies.
 * Random pairs cannot measure it for rare agreements (two people rarely share a name, so a few thousand pairs see
 * none, and the weight of agreeing would be unbounded); the frequencies can.
 */
export function exactAgreementRates(records: NormalizedPerson[]): Record<Field, number> {
  const rates = {} as Record<Field, number>;
  for (const f of FIELDS) {
    const counts = new Map<string, number>();
    let n = 0;
    for (const r of records) {
      const v = EXACT_VALUE[f](r);
      if (v === null) continue;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      n++;
    }
    let sum = 0;
    for (const c of counts.values()) sum += (c / n) * (c / n);
    rates[f] = n > 0 ? sum : 0;
  }
  return rates;
}

// No agreement is treated as impossible between different people.
const MIN_U = 1e-7;

/**
 * u from comparisons of random pairs (taken as different people: in a big population nearly all are), with the
 * top level of each field from the value frequencies when they are given.
 */
export function estimateU(
  params: ModelParameters,
  randomPairs: Comparison[],
  exactRates?: Record<Field, number>,
): ModelParameters {
  const u = { ...params.u };
  for (const f of FIELDS) {
    const n = levelCount(f);
    const counts = new Array<number>(n).fill(0);
    let seen = 0;
    for (const c of randomPairs) {
      const level = c[f];
      if (level === null) continue;
      counts[level]!++;
      seen++;
    }
    let row = seen >= 50 ? normalizeRow(counts) : [...params.u[f]!];
    if (exactRates) {
      // The top level as measured by frequency; the lower levels share the rest as the random pairs saw them.
      const top = Math.max(MIN_U, exactRates[f]);
      const rest = row.slice(0, n - 1);
      const restSum = rest.reduce((a, b) => a + b, 0);
      row = [...rest.map((x) => Math.max(MIN_U, ((1 - top) * x) / restSum)), top];
    }
    u[f] = row;
  }
  return { ...params, u };
}

function pairProbability(params: ModelParameters, c: Comparison): number {
  let logOdds = Math.log(params.prior / (1 - params.prior));
  for (const f of FIELDS) {
    const level = c[f];
    if (level === null) continue;
    logOdds += Math.log(params.m[f]![level]! / params.u[f]![level]!);
  }
  return 1 / (1 + Math.exp(-logOdds));
}

/** m and the prior by EM over the candidate pairs' comparisons (u held fixed). */
export function estimateM(params: ModelParameters, pairs: Comparison[], iterations = 20): ModelParameters {
  let current = params;
  if (pairs.length === 0) return current;
  for (let it = 0; it < iterations; it++) {
    const counts = {} as Record<Field, number[]>;
    for (const f of FIELDS) counts[f] = new Array<number>(levelCount(f)).fill(0);
    let total = 0;
    for (const c of pairs) {
      const p = pairProbability(current, c);
      total += p;
      for (const f of FIELDS) {
        const level = c[f];
        if (level !== null) counts[f]![level]! += p;
      }
    }
    const m = {} as Record<Field, number[]>;
    for (const f of FIELDS) m[f] = normalizeRow(counts[f]!);
    const prior = Math.min(0.999, Math.max(1e-6, total / pairs.length));
    const moved = Math.abs(prior - current.prior);
    current = { prior, m, u: current.u };
    if (moved < 1e-6) break;
  }
  return current;
}

/** Estimates a model from candidate pairs and random pairs of the same records. */
export function trainModel(
  candidatePairs: [NormalizedPerson, NormalizedPerson][],
  randomPairs: [NormalizedPerson, NormalizedPerson][],
  records: NormalizedPerson[],
  start: ModelParameters = defaultParameters(),
): ModelParameters {
  const withU = estimateU(
    start,
    randomPairs.map(([a, b]) => compare(a, b)),
    exactAgreementRates(records),
  );
  return estimateM(
    withU,
    candidatePairs.map(([a, b]) => compare(a, b)),
  );
}

/** A pair's match weight, probability and the evidence behind them. */
export function score(params: ModelParameters, c: Comparison): Score {
  let weight = Math.log2(params.prior / (1 - params.prior));
  const evidence: FieldEvidence[] = [];
  for (const f of FIELDS) {
    const level = c[f];
    if (level === null) continue;
    const w = Math.log2(params.m[f]![level]! / params.u[f]![level]!);
    weight += w;
    evidence.push({ field: f, level, agreement: FIELD_LEVELS[f][level]!, weight: Math.round(w * 100) / 100 });
  }
  return { weight, probability: 1 / (1 + 2 ** -weight), evidence };
}
