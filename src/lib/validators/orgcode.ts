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

/** The check character's code for the 8 body characters at `offset` of `s`, or -1 if they are malformed. */
export function orgCodeCheckCodeAt(s: string, offset: number): number {
  if (s.length < offset + 8) return -1;
  const sum = orgCodeBodySum(s, offset);
  if (sum < 0) return -1;
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? UPPER_X : ZERO + c;
}

const ZERO = 48;
const UPPER_X = 88;
const LOWER_X = 120;
const HYPHEN = 45;

/**
 * Why an organization code is not valid, or null when it is; the plain `XXXXXXXXY` or the hyphenated
 * `XXXXXXXX-Y` form. Allocation-free: the normalized form (orgCodeNormalize) drops the hyphen and upper-cases.
 */
export function orgCodeProblem(input: string): OrgCodeError | null {
  let checkAt = 8;
  if (input.length === 10) {
    if (input.charCodeAt(8) !== HYPHEN) return 'format';
    checkAt = 9;
  } else if (input.length !== 9) return 'length';
  const sum = orgCodeBodySum(input, 0);
  const check = input.charCodeAt(checkAt);
  const checkIsDigit = check >= ZERO && check <= ZERO + 9;
  if (sum < 0 || !(checkIsDigit || check === UPPER_X || check === LOWER_X)) return 'format';
  const c = (11 - (sum % 11)) % 11;
  const expected = c === 10 ? UPPER_X : ZERO + c;
  return expected === (check === LOWER_X ? UPPER_X : check) ? null : 'checksum';
}

/** The normalized form of a code orgCodeProblem accepts: no hyphen, upper case. */
export function orgCodeNormalize(input: string): string {
  const s = input.length === 10 ? input.slice(0, 8) + input.charAt(9) : input;
  // Upper-casing only here, when every character is known to be ASCII: toUpperCase can change the length of
  // other strings ('ß' → 'SS').
  for (let i = 0; i < 9; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.toUpperCase();
  }
  return s;
}

/** Validates an organization code, in the plain `XXXXXXXXY` or the hyphenated `XXXXXXXX-Y` form. */
export function validateOrgCode(input: unknown): OrgCodeResult {
  if (typeof input !== 'string') return { ok: false, reason: 'format' };
  const reason = orgCodeProblem(input);
  if (reason !== null) return { ok: false, reason };
  const value = orgCodeNormalize(input);
  return { ok: true, value, body: value.slice(0, 8), checkDigit: value.charAt(8) };
}
