// The allocation-free checks (idCardProblem, usccProblem, orgCodeProblem, regionCodeProblem) and the validators
// built on them, against the validators as they were before (kept verbatim in validate-reference/): the same
// verdict, reason and normalized value for valid codes, near misses and arbitrary text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  idCardProblem,
  idCardTodayNumber,
  makeIdCard,
  makeUscc,
  orgCodeCheckDigit,
  orgCodeNormalize,
  orgCodeProblem,
  regionCodeProblem,
  usccProblem,
  validateIdCard,
  validateOrgCode,
  validateRegionCode,
  validateUscc,
} from '../../src/lib/validators/index.ts';
import * as before from './validate-reference/index.ts';

const TODAY = '2025-06-30';
const TODAY_NUMBER = 20250630;

/** A code and its near misses: every single-character change to a few alphabets, case changes, cuts. */
function nearMisses(code: string, alphabet: string): string[] {
  const out = [
    code,
    code.toLowerCase(),
    code.slice(1),
    `${code}0`,
    ` ${code}`,
    `${code.slice(0, 8)}-${code.slice(8)}`,
  ];
  for (let i = 0; i < code.length; i++) {
    for (const ch of alphabet) out.push(code.slice(0, i) + ch + code.slice(i + 1));
  }
  return out;
}

const IDS = [
  makeIdCard({ regionCode: '320706', birthDate: '1990-01-02', sequence: 123 }),
  makeIdCard({ regionCode: '110101', birthDate: '2000-02-29', sequence: 8 }),
  ...Array.from({ length: 12 }, (_, seq) =>
    makeIdCard({ regionCode: '440300', birthDate: '1985-07-15', sequence: seq }),
  ),
];
const USCCS = [
  makeUscc({ registrationAuthority: '9', orgType: '1', regionCode: '320700', orgCodeBody8: 'MA1ABCDE' }),
  makeUscc({ registrationAuthority: '1', orgType: '1', regionCode: '320700', orgCodeBody8: '01401234' }),
];
const ORGS = ['01401234', 'MA1ABCDE', 'D2345678', '12345678'].map((b) => `${b}${orgCodeCheckDigit(b)}`);
const REGIONS = ['320706', '320700', '320000', '990000', '320006', '110000', '820000'];
const ALPHABET = '0123456789XxAaIOz-';

function sameIdCard(s: string): void {
  const now = validateIdCard(s, { today: TODAY });
  const old = before.validateIdCard(s, { today: TODAY });
  expect(now).toEqual(old);
  expect(idCardProblem(s, TODAY_NUMBER)).toBe(old.ok ? null : old.reason);
}

function sameUscc(s: string): void {
  const old = before.validateUscc(s);
  expect(validateUscc(s)).toEqual(old);
  expect(usccProblem(s)).toBe(old.ok ? null : old.reason);
}

function sameOrgCode(s: string): void {
  const old = before.validateOrgCode(s);
  expect(validateOrgCode(s)).toEqual(old);
  expect(orgCodeProblem(s)).toBe(old.ok ? null : old.reason);
  if (old.ok) expect(orgCodeNormalize(s)).toBe(old.value);
}

function sameRegion(s: string): void {
  const old = before.validateRegionCode(s);
  expect(validateRegionCode(s)).toEqual(old);
  expect(regionCodeProblem(s)).toBe(old.ok ? null : old.reason);
}

describe('allocation-free checks agree with the validators as they were', () => {
  it('身份证号: valid numbers, lowercase x, near misses, future birth dates', () => {
    for (const id of IDS) for (const s of nearMisses(id, ALPHABET)) sameIdCard(s);
    sameIdCard(`${IDS[0]!.slice(0, 6)}20990101${IDS[0]!.slice(14)}`);
    const x = IDS.find((id) => id.endsWith('X'));
    expect(x).toBeDefined();
    sameIdCard(x!.toLowerCase());
    expect(validateIdCard(x!.toLowerCase())).toMatchObject({ ok: true, value: x });
  });

  it('身份证号: the reference date as a number', () => {
    expect(idCardTodayNumber('2025-06-30')).toBe(20250630);
    expect(idCardTodayNumber('garbage')).toBeNaN();
    // A malformed reference date refuses rather than accepting any birth date.
    expect(idCardProblem(IDS[0]!, Number.NaN)).toBe('birthdate');
    expect(idCardProblem(IDS[0]!, 19900101)).toBe('birthdate');
    expect(idCardProblem(IDS[0]!, 19900102)).toBeNull();
  });

  it('统一社会信用代码: valid codes, lower case, near misses', () => {
    for (const code of USCCS) for (const s of nearMisses(code, `${ALPHABET}MAY`)) sameUscc(s);
  });

  it('组织机构代码: plain and hyphenated, lower case, near misses', () => {
    for (const code of ORGS) {
      for (const s of nearMisses(code, ALPHABET)) sameOrgCode(s);
      for (const s of nearMisses(`${code.slice(0, 8)}-${code.slice(8)}`, ALPHABET)) sameOrgCode(s);
    }
    expect(orgCodeNormalize(`${ORGS[1]!.slice(0, 8)}-${ORGS[1]!.slice(8)}`.toLowerCase())).toBe(ORGS[1]);
  });

  it('region codes: valid, unknown province, broken structure, near misses', () => {
    for (const code of REGIONS) for (const s of nearMisses(code, '0129a')) sameRegion(s);
  });

  it('arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        sameIdCard(s);
        sameUscc(s);
        sameOrgCode(s);
        sameRegion(s);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-zA-Z-]{6,18}$/), (s) => {
        sameIdCard(s);
        sameUscc(s);
        sameOrgCode(s);
        sameRegion(s);
      }),
      { numRuns: 2000 },
    );
  });
});
