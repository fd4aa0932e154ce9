import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js';

let jieba: Jieba | undefined;
let toSimplified: ((s: string) => string) | undefined;

// A token worth indexing has a letter, a digit or a CJK character; punctuation and spaces are dropped.
const MEANINGFUL = /[\p{L}\p{N}]/u;

/** Traditional characters (Taiwan and Hong Kong usage) to Simplified, so either finds the other. */
export function simplify(text: string): string {
  const convert = (toSimplified ??= OpenCC.Converter({ from: 'tw', to: 'cn' }));
  return convert(text);
}

/**
 * Search tokens of Chinese (or mixed) text: Simplified, segmented by jieba in search mode (which also
 * emits the shorter words inside long ones: 婚姻登记 → 婚姻, 登记, 婚姻登记), lower-cased, de-duplicated.
 */
export function segment(text: string): string[] {
  const segmenter = (jieba ??= Jieba.withDict(dict));
  const out = new Set<string>();
  for (const token of segmenter.cutForSearch(simplify(text), true)) {
    const t = token.trim().toLowerCase();
    if (t && MEANINGFUL.test(t)) out.add(t);
  }
  return [...out];
}
