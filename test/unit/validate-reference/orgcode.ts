/**
 * 组织机构代码, GB 11714-1997: 8 body characters (digits or letters, A=10 … Z=35) and a MOD 11 check character.
 *
 * Note the limit of the scheme: a body digit replaced by the letter 11 or 22 or 33 places away (0↔B, 1↔C,
 * 0↔M …) changes the weighted sum by a multiple of 11 and is not detected. Digit-for-digit substitutions are.
 */

export type OrgCodeError = 'length' | 'format' | 'checksum';

export interface OrgCodeInfo {
  ok: true;
  /** Normalized 9-character form: no hyphen, upper case. */
  value: string;
  body: string;
  checkDigit: string;
}
export type OrgCodeResult = OrgCodeInfo | { ok: false; reason: OrgCodeError };

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Value of a body character (0–35), or -1 if it is not a digit or an ASCII letter (either case). */
export function orgCodeCharValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (code >= 97 && code <= 122) return code - 87;
  return -1;
}

// Values 0..10 of (11 - sum mod 11) mod 11 → characters; 10 is written X and 11 becomes 0 by the mod.
function checkCharForSum(sum: number): string {
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

/** Weighted sum of the 8 body characters starting at `offset`, or -1 if any is not a digit or letter. */
export function orgCodeBodySum(s: string, offset: number): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = orgCodeCharValue(s.charCodeAt(offset + i));
    if (v < 0) return -1;
    sum += v * (WEIGHTS[i] ?? 0);
  }
  return sum;
}

/** Check character for the 8 body characters at `offset` of `s`, or null if they are malformed. */
export function orgCodeCheckAt(s: string, offset: number): string | null {
  if (s.length < offset + 8) return null;
  const sum = orgCodeBodySum(s, offset);
  return sum < 0 ? null : checkCharForSum(sum);
}

/** Check character ('0'–'9' or 'X') for an 8-character body, or null if the body is malformed. */
export function orgCodeCheckDigit(body8: string): string | null {
  if (typeof body8 !== 'string' || body8.length !== 8) return null;
  return orgCodeCheckAt(body8, 0);
}

/** Validates an organization code, in the plain `XXXXXXXXY` or the hyphenated `XXXXXXXX-Y` form. */
export function validateOrgCode(input: unknown): OrgCodeResult {
  if (typeof input !== 'string') return { ok: false, reason: 'format' };
  let s = input;
  if (s.length === 10) {
    if (s.charAt(8) !== '-') return { ok: false, reason: 'format' };
    s = s.slice(0, 8) + s.charAt(9);
  }
  if (s.length !== 9) return { ok: false, reason: 'length' };
  const sum = orgCodeBodySum(s, 0);
  const check = s.charCodeAt(8);
  const checkIsDigit = check >= 48 && check <= 57;
  if (sum < 0 || !(checkIsDigit || check === 88 || check === 120)) return { ok: false, reason: 'format' };
  // Upper-casing only now, when every character is known to be ASCII: toUpperCase can change the length of
  // other strings ('ß' → 'SS') and so shift the check character.
  const value = s.toUpperCase();
  if (checkCharForSum(sum) !== value.charAt(8)) return { ok: false, reason: 'checksum' };
  return { ok: true, value, body: value.slice(0, 8), checkDigit: value.charAt(8) };
}
