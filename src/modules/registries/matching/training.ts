/**
 * Estimating the model from the records themselves (no labelled pairs): candidate pairs from the same blocking
 * the resolver uses, random pairs for u, value frequencies for the exact-agreement rates. Deterministic: the same
 * records give the same model.
 */
import { defaultParameters, trainModel, type ModelParameters } from './model.ts';
import type { NormalizedPerson } from './normalize.ts';
import { blockingKeys } from './resolver.ts';

export interface TrainingOptions {
  /** Records used (the first ones; default 50,000). */
  sample?: number;
  /** Random pairs for u (default 50,000). */
  randomPairs?: number;
  /** Blocks larger than this give no candidate pairs (too common a key; default 50). */
  maxBlock?: number;
}

/** A model estimated from the records (a sample of them). */
export function trainFromRecords(
  records: NormalizedPerson[],
  options: TrainingOptions = {},
): ModelParameters {
  const sample = records.slice(0, options.sample ?? 50_000);
  if (sample.length < 2) return defaultParameters();
  const maxBlock = options.maxBlock ?? 50;
  const blocks = new Map<string, number[]>();
  sample.forEach((r, i) => {
    for (const key of blockingKeys(r)) {
      const block = blocks.get(key);
      if (block) block.push(i);
      else blocks.set(key, [i]);
    }
  });
  const seen = new Set<number>();
  const candidates: [NormalizedPerson, NormalizedPerson][] = [];
  for (const block of blocks.values()) {
    if (block.length > maxBlock) continue;
    for (let i = 0; i < block.length; i++)
      for (let j = i + 1; j < block.length; j++) {
        const pair = block[i]! * sample.length + block[j]!;
        if (seen.has(pair)) continue;
        seen.add(pair);
        candidates.push([sample[block[i]!]!, sample[block[j]!]!]);
      }
  }
  // A fixed-step walk over the sample (a linear congruential sequence): reproducible, and spread over all of it.
  const random: [NormalizedPerson, NormalizedPerson][] = [];
  let x = 12345;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % sample.length;
  for (let k = 0; k < (options.randomPairs ?? 50_000); k++) {
    const a = next();
    const b = next();
    if (a !== b) random.push([sample[a]!, sample[b]!]);
  }
  return trainModel(candidates, random, sample);
}
