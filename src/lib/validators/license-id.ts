/**
 * 电子证照标识 (GB/T 36904): `1.2.156.3005.2.<type code>.<issuer USCC>.<serial>.<version>.<check>`.
 *
 *   type code   21 characters: the USCC of the ministry that defines the license type + a 3-digit number
 *   issuer      the issuing department's 统一社会信用代码 (18)
 *   serial      the issuer's running number, 1–20 characters of 0-9 A-Z (Tongban issues 8 digits)
 *   version     3 digits, 001 first; a re-issued license gets the next one and a new signature
 *   check       ISO 7064 MOD 37,36 (GB/T 17710) over every character before it, the dots skipped: they are
 *               separators, outside the 36-character alphabet the system is defined on.
 *
 * Upper case only: an identifier is compared as text, so a lower-case copy would be another identifier.
 */
import { usccProblemAt } from './uscc.ts';

export type LicenseIdError = 'length' | 'format' | 'charset' | 'type_code' | 'issuer' | 'checksum';

export const LICENSE_ROOT = '1.2.156.3005.2.';
export const MOD3736_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ROOT_LENGTH = LICENSE_ROOT.length; // 15
const TYPE_AT = ROOT_LENGTH;
const ISSUER_AT = TYPE_AT + 21 + 1;
const SERIAL_AT = ISSUER_AT + 18 + 1;
const SERIAL_MAX = 20;
// Root, type code, issuer, serial, version and check with their five dots.
const MIN_LENGTH = SERIAL_AT + 1 + 1 + 3 + 1 + 1;
const MAX_LENGTH = MIN_LENGTH - 1 + SERIAL_MAX;
const DOT = 46;

/** 0-9 → 0–9, A-Z → 10–35, anything else (lower case included) -1. */
function alnumValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return -1;
}

/**
 * The hybrid ISO 7064 MOD 37,36 state after `s[from, to)`, dots skipped, or -1 on a character outside 0-9 A-Z.
 * No allocation: it runs on every public verification.
 */
function mod3736State(s: string, from: number, to: number): number {
  let p = 36;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === DOT) continue;
    const v = alnumValue(c);
    if (v < 0) return -1;
    let sum = (p + v) % 36;
    if (sum === 0) sum = 36;
    p = (sum * 2) % 37;
  }
  return p;
}

/** The MOD 37,36 check character of `s` (dots skipped), or null when it holds another character. */
export function mod3736CheckChar(s: string): string | null {
  const p = mod3736State(s, 0, s.length);
  return p < 0 ? null : MOD3736_ALPHABET.charAt((37 - p) % 36);
}

/** Whether the last character of `s` is the MOD 37,36 check of the rest (dots skipped). */
export function mod3736Valid(s: string): boolean {
  if (s.length < 2) return false;
  const p = mod3736State(s, 0, s.length - 1);
  if (p < 0) return false;
  return MOD3736_ALPHABET.charCodeAt((37 - p) % 36) === s.charCodeAt(s.length - 1);
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function allAlnum(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (alnumValue(s.charCodeAt(i)) < 0) return false;
  return true;
}

/**
 * Why `input` is not a well-formed license identifier, or null when it is. Structure first (root, dots, part
 * lengths), then the alphabet, then the check character — so one mistyped character is reported as 'checksum' —
 * then the embedded credit codes (the type's ministry, the issuer), which have check characters of their own.
 */
export function licenseIdProblem(input: string): LicenseIdError | null {
  const n = input.length;
  if (n < MIN_LENGTH || n > MAX_LENGTH) return 'length';
  if (!input.startsWith(LICENSE_ROOT)) return 'format';
  if (
    input.charCodeAt(ISSUER_AT - 1) !== DOT ||
    input.charCodeAt(SERIAL_AT - 1) !== DOT ||
    input.charCodeAt(n - 2) !== DOT ||
    input.charCodeAt(n - 6) !== DOT
  )
    return 'format';
  if (
    !allAlnum(input, TYPE_AT, TYPE_AT + 18) ||
    !allDigits(input, TYPE_AT + 18, TYPE_AT + 21) ||
    !allAlnum(input, ISSUER_AT, ISSUER_AT + 18) ||
    !allAlnum(input, SERIAL_AT, n - 6) ||
    !allDigits(input, n - 5, n - 2) ||
    !allAlnum(input, n - 1, n)
  )
    return 'charset';
  if (!mod3736Valid(input)) return 'checksum';
  if (usccProblemAt(input, TYPE_AT) !== null) return 'type_code';
  if (usccProblemAt(input, ISSUER_AT) !== null) return 'issuer';
  return null;
}

export interface LicenseIdParts {
  typeCode: string;
  issuerUscc: string;
  serial: string;
  version: number;
}

/** The parts of a well-formed identifier (see licenseIdProblem), or null. */
export function parseLicenseId(input: string): LicenseIdParts | null {
  if (licenseIdProblem(input) !== null) return null;
  const n = input.length;
  return {
    typeCode: input.slice(TYPE_AT, TYPE_AT + 21),
    issuerUscc: input.slice(ISSUER_AT, ISSUER_AT + 18),
    serial: input.slice(SERIAL_AT, n - 6),
    version: Number(input.slice(n - 5, n - 2)),
  };
}

/**
 * The identifier of these parts with its check character. Throws a RangeError when the parts cannot make a valid
 * one (a generator for code-supplied values: the issuing service has validated them already).
 */
export function makeLicenseId(parts: LicenseIdParts): string {
  if (!Number.isInteger(parts.version) || parts.version < 1 || parts.version > 999)
    throw new RangeError(`makeLicenseId: version must be 1 … 999, got ${parts.version}`);
  const body = `${LICENSE_ROOT}${parts.typeCode}.${parts.issuerUscc}.${parts.serial}.${String(parts.version).padStart(3, '0')}.`;
  const check = mod3736CheckChar(body);
  const id = check === null ? '' : body + check;
  const problem = check === null ? 'charset' : licenseIdProblem(id);
  if (problem !== null) throw new RangeError(`makeLicenseId: ${problem} in ${body}`);
  return id;
}

/** A license type code: the ministry's USCC and a 3-digit number. */
export function licenseTypeCodeProblem(input: string): 'length' | 'charset' | 'type_code' | null {
  if (input.length !== 21) return 'length';
  if (!allAlnum(input, 0, 18) || !allDigits(input, 18, 21)) return 'charset';
  return usccProblemAt(input, 0) === null ? null : 'type_code';
}
