import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LICENSE_ROOT,
  licenseIdProblem,
  licenseTypeCodeProblem,
  makeLicenseId,
  makeUscc,
  mod3736CheckChar,
  mod3736Valid,
  parseLicenseId,
} from '../../src/lib/validators/index.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO 7064 hybrid MOD 37,36 written out as the standard states it, as an independent reference. */
function referenceCheck(s: string): string {
  const M = 36;
  let product = M;
  for (const ch of s.replaceAll('.', '')) {
    let sum = (product + ALPHABET.indexOf(ch)) % M;
    if (sum === 0) sum = M;
    product = (2 * sum) % (M + 1);
  }
  return ALPHABET[(M + 1 - product) % M]!;
}

const ministry = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '100000',
  orgCodeBody8: '00001312',
});
const issuer = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '320700',
  orgCodeBody8: '01401234',
});
const sample = { typeCode: `${ministry}001`, issuerUscc: issuer, serial: '00000042', version: 1 };

describe('ISO 7064 MOD 37,36', () => {
  it('gives the known answers', () => {
    // Worked by hand: P=36; A=10 → S=46 mod 36=10, P=20; check=(37−20) mod 36=17 → H.
    expect(mod3736CheckChar('A')).toBe('H');
    // The GRid (Global Release Identifier) standard's example, which uses MOD 37,36: A1-2425G-ABC1234002-M.
    expect(mod3736CheckChar('A12425GABC1234002')).toBe('M');
    expect(mod3736Valid('A12425GABC1234002M')).toBe(true);
    expect(mod3736Valid('A12425GABC1234002N')).toBe(false);
  });

  it('agrees with the reference on any alphanumeric text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 60 }), (s) => {
        expect(mod3736CheckChar(s)).toBe(referenceCheck(s));
        expect(mod3736Valid(s + referenceCheck(s))).toBe(true);
      }),
    );
  });

  it('detects every single-character substitution and adjacent transposition in an identifier', () => {
    const id = makeLicenseId(sample);
    for (let i = 0; i < id.length - 1; i++) {
      if (id[i] === '.') continue;
      for (const ch of ALPHABET) {
        if (ch === id[i]) continue;
        const bad = id.slice(0, i) + ch + id.slice(i + 1);
        expect(mod3736Valid(bad), bad).toBe(false);
      }
      const j = id[i + 1] === '.' ? i + 2 : i + 1;
      if (j < id.length - 1 && id[j] !== id[i]) {
        const swapped = id.slice(0, i) + id[j] + id.slice(i + 1, j) + id[i] + id.slice(j + 1);
        expect(mod3736Valid(swapped), swapped).toBe(false);
      }
    }
    // The check character itself replaced by any other.
    for (const ch of ALPHABET) if (ch !== id.at(-1)) expect(mod3736Valid(id.slice(0, -1) + ch)).toBe(false);
  });

  it('refuses characters outside 0-9 A-Z', () => {
    expect(mod3736CheckChar('a1')).toBeNull();
    expect(mod3736Valid('A1-')).toBe(false);
  });
});

describe('license identifier (GB/T 36904)', () => {
  it('is built and parsed back', () => {
    const id = makeLicenseId(sample);
    expect(id).toBe(
      `${LICENSE_ROOT}${ministry}001.${issuer}.00000042.001.${referenceCheck(id.slice(0, -1))}`,
    );
    expect(licenseIdProblem(id)).toBeNull();
    expect(parseLicenseId(id)).toEqual(sample);
  });

  it('names what is wrong', () => {
    const id = makeLicenseId(sample);
    expect(licenseIdProblem('1.2.156')).toBe('length');
    expect(licenseIdProblem('x'.repeat(200))).toBe('length');
    expect(licenseIdProblem(`9${id.slice(1)}`)).toBe('format');
    expect(licenseIdProblem(id.replace('.00000042.', '-00000042.'))).toBe('format');
    expect(licenseIdProblem(id.toLowerCase())).toBe('charset');
    expect(licenseIdProblem(id.replace('.001.', '.0A1.'))).toBe('charset');
    const last = id.at(-1) === '0' ? '1' : '0';
    expect(licenseIdProblem(id.slice(0, -1) + last)).toBe('checksum');
    // Well-formed and correctly checked, but the embedded credit codes are not credit codes.
    const badMinistry = `${LICENSE_ROOT}${ministry.slice(0, 17)}${ministry.at(-1) === '0' ? '1' : '0'}001.${issuer}.1.001.`;
    expect(licenseIdProblem(badMinistry + mod3736CheckChar(badMinistry))).toBe('type_code');
    const badIssuer = `${LICENSE_ROOT}${ministry}001.${issuer.slice(0, 17)}${issuer.at(-1) === '0' ? '1' : '0'}.1.001.`;
    expect(licenseIdProblem(badIssuer + mod3736CheckChar(badIssuer))).toBe('issuer');
    expect(parseLicenseId(id.slice(0, -1) + last)).toBeNull();
  });

  it('refuses parts that cannot make an identifier', () => {
    expect(() => makeLicenseId({ ...sample, version: 1000 })).toThrow(RangeError);
    expect(() => makeLicenseId({ ...sample, serial: 'x' })).toThrow(RangeError);
    expect(() => makeLicenseId({ ...sample, serial: '1'.repeat(21) })).toThrow(RangeError);
  });

  it('checks type codes', () => {
    expect(licenseTypeCodeProblem(`${ministry}001`)).toBeNull();
    expect(licenseTypeCodeProblem(ministry)).toBe('length');
    expect(licenseTypeCodeProblem(`${ministry}0A1`)).toBe('charset');
    expect(licenseTypeCodeProblem(`${ministry.slice(0, 17)}${ministry.at(-1) === '0' ? '1' : '0'}001`)).toBe(
      'type_code',
    );
  });
});
