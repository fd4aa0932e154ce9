/**
 * 统一社会信用代码, GB 32100-2015: registration authority (1) + organization type (1) + region code (6) +
 * 组织机构代码 per GB 11714 (9) + MOD 31 check character (1), over a 31-character alphabet without I O Z S V.
 */
import { orgCodeCheckAt, orgCodeCheckCodeAt } from './orgcode.ts';

export type UsccError = 'length' | 'charset' | 'checksum' | 'orgcode';

export interface UsccParts {
  registrationAuthority: string;
  orgType: string;
  regionCode: string;
  /** The embedded 9-character organization code (body + its own check character). */
  orgCode: string;
}
export interface UsccInfo extends UsccParts {
  ok: true;
  /** Normalized (upper-case) code. */
  value: string;
}
export type UsccResult = UsccInfo | { ok: false; reason: UsccError };

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

// Char code → alphabet index (lower case accepted and normalized later), -1 for anything else.
const VALUE_OF: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < USCC_ALPHABET.length; i++) {
    const ch = USCC_ALPHABET.charAt(i);
    table[ch.charCodeAt(0)] = i;
    table[ch.toLowerCase().charCodeAt(0)] = i;
  }
  return table;
})();

function valueAt(s: string, i: number): number {
  const code = s.charCodeAt(i);
  return code < 128 ? (VALUE_OF[code] ?? -1) : -1;
}

/** Check character for the first 17 characters, or null if they are not 17 alphabet characters. */
export function usccCheckDigit(first17: string): string | null {
  if (typeof first17 !== 'string' || first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = valueAt(first17, i);
    if (v < 0) return null;
    sum += v * (WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** The upper-case form of an ASCII letter's code; other codes unchanged. */
function upperCode(code: number): number {
  return code >= 97 && code <= 122 ? code - 32 : code;
}

/**
 * Why a USCC is not valid, or null when it is: length, alphabet, MOD 31 checksum, then the embedded organization
 * code's own check. The overall checksum goes first so a single mistyped character is always reported as
 * 'checksum'. Allocation-free: lower case is accepted, and the normalized form is the input upper-cased.
 */
export function usccProblem(input: string): UsccError | null {
  if (input.length !== 18) return 'length';
  return usccProblemAt(input, 0);
}

/** usccProblem for the 18 characters of `s` starting at `offset` (a code embedded in a longer identifier). */
export function usccProblemAt(s: string, offset: number): UsccError | null {
  if (s.length < offset + 18) return 'length';
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const v = valueAt(s, offset + i);
    if (v < 0) return 'charset';
    if (i < 17) sum += v * (WEIGHTS[i] ?? 0);
  }
  if (USCC_ALPHABET.charCodeAt((31 - (sum % 31)) % 31) !== upperCode(s.charCodeAt(offset + 17)))
    return 'checksum';
  if (orgCodeCheckCodeAt(s, offset + 8) !== upperCode(s.charCodeAt(offset + 16))) return 'orgcode';
  return null;
}

/** Validates a USCC (see usccProblem); the value is normalized to upper case. */
export function validateUscc(input: unknown): UsccResult {
  if (typeof input !== 'string') return { ok: false, reason: 'charset' };
  const reason = usccProblem(input);
  if (reason !== null) return { ok: false, reason };
  // Every character is ASCII now, so upper-casing cannot change the length.
  const value = input.toUpperCase();
  return {
    ok: true,
    value,
    registrationAuthority: value.charAt(0),
    orgType: value.charAt(1),
    regionCode: value.slice(2, 8),
    orgCode: value.slice(8, 17),
  };
}

export interface MakeUsccInput {
  registrationAuthority: string;
  orgType: string;
  regionCode: string;
  /** The 8 body characters of the organization code; its check character is computed. */
  orgCodeBody8: string;
}

/**
 * Builds a valid USCC. A generator for code-supplied parameters: throws a RangeError when they cannot give a
 * valid code (wrong lengths, characters outside the alphabet, an org-code check character that is not).
 */
export function makeUscc({
  registrationAuthority,
  orgType,
  regionCode,
  orgCodeBody8,
}: MakeUsccInput): string {
  if (registrationAuthority.length !== 1 || orgType.length !== 1 || regionCode.length !== 6) {
    throw new RangeError('makeUscc: registrationAuthority and orgType take 1 character, regionCode 6');
  }
  const orgCheck = orgCodeBody8.length === 8 ? orgCodeCheckAt(orgCodeBody8, 0) : null;
  if (orgCheck === null)
    throw new RangeError(`makeUscc: orgCodeBody8 must be 8 digits/letters: ${orgCodeBody8}`);
  const first17 = `${registrationAuthority}${orgType}${regionCode}${orgCodeBody8}${orgCheck}`.toUpperCase();
  const check = usccCheckDigit(first17);
  if (check === null) throw new RangeError(`makeUscc: characters outside ${USCC_ALPHABET} in ${first17}`);
  return first17 + check;
}
