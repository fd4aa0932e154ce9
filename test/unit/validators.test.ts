import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  PROVINCE_PREFIXES,
  USCC_ALPHABET,
  describeReason,
  idCardCheckDigit,
  makeIdCard,
  makeUscc,
  orgCodeCheckDigit,
  parentRegionCode,
  regionLevel,
  validateIdCard,
  validateOrgCode,
  validateRegionCode,
  validateUscc,
} from '../../src/lib/validators/index.ts';
import type { ValidationReason } from '../../src/lib/validators/index.ts';

const TODAY = '2025-06-30';
const DIGITS = '0123456789';
const ORG_BODY_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// Straightforward re-implementations of the standards, to check the optimized validators against.
function referenceIdCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, ch, i) => acc + Number(ch) * (weights[i] ?? 0), 0);
  return '10X98765432'.charAt(sum % 11);
}
function referenceUsccCheck(first17: string): string {
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((acc, ch, i) => acc + USCC_ALPHABET.indexOf(ch) * (weights[i] ?? 0), 0);
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}
function referenceOrgCheck(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, ch, i) => acc + ORG_BODY_ALPHABET.indexOf(ch) * (weights[i] ?? 0), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function substitute(s: string, i: number, ch: string): string {
  return s.slice(0, i) + ch + s.slice(i + 1);
}

const charOf = (alphabet: string) => fc.constantFrom(...alphabet);
const stringOf = (alphabet: string, length: number) =>
  fc.array(charOf(alphabet), { minLength: length, maxLength: length }).map((cs) => cs.join(''));

// Structurally valid 6-digit codes: real province prefix, and a county part only under a non-zero prefecture.
const regionCodeArb = fc
  .tuple(
    fc.constantFrom(...PROVINCE_PREFIXES),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
  )
  .map(
    ([p, pref, county]) =>
      p + String(pref).padStart(2, '0') + String(pref === 0 ? 0 : county).padStart(2, '0'),
  );

const birthDateArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const idCardArb = fc
  .record({ regionCode: regionCodeArb, birthDate: birthDateArb, sequence: fc.integer({ min: 0, max: 999 }) })
  .map((input) => ({ input, id: makeIdCard(input) }));

const usccInputArb = fc.record({
  registrationAuthority: charOf(USCC_ALPHABET),
  orgType: charOf(USCC_ALPHABET),
  regionCode: regionCodeArb,
  orgCodeBody8: stringOf(USCC_ALPHABET, 8),
});

describe('身份证号 (GB 11643)', () => {
  it('accepts known valid numbers and decodes them', () => {
    expect(validateIdCard('11010519491231002X', { today: TODAY })).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
    expect(idCardCheckDigit('11010519491231002')).toBe('X');
    const lower = validateIdCard('11010519491231002x', { today: TODAY });
    expect(lower.ok && lower.value).toBe('11010519491231002X');
  });

  it('rejects the standard’s own 1880 example on the birth date, not the checksum', () => {
    // GB 11643's worked example: its check digit is right but 1880 is before the accepted 1900 floor.
    expect(idCardCheckDigit('44052418800101001')).toBe('4');
    expect(validateIdCard('440524188001010014', { today: TODAY })).toEqual({
      ok: false,
      reason: 'birthdate',
    });
  });

  it('reports length and format errors', () => {
    expect(validateIdCard('11010519491231002', { today: TODAY })).toEqual({ ok: false, reason: 'length' });
    expect(validateIdCard('11010519491231002X1', { today: TODAY })).toEqual({ ok: false, reason: 'length' });
    expect(validateIdCard('', { today: TODAY })).toEqual({ ok: false, reason: 'length' });
    expect(validateIdCard('1101051949123100XX', { today: TODAY })).toEqual({ ok: false, reason: 'format' });
    expect(validateIdCard('11010519491231002Y', { today: TODAY })).toEqual({ ok: false, reason: 'format' });
    expect(validateIdCard('１１010519491231002X', { today: TODAY }).ok).toBe(false);
    expect(validateIdCard(110105194912310020, { today: TODAY })).toEqual({ ok: false, reason: 'format' });
    expect(validateIdCard(null)).toEqual({ ok: false, reason: 'format' });
  });

  const withCheck = (first17: string) => first17 + (idCardCheckDigit(first17) ?? '');

  it('checks the birth date against the calendar, the 1900 floor and today', () => {
    const at = (date: string) => validateIdCard(withCheck(`320706${date}001`), { today: TODAY });
    expect(at('20010229')).toEqual({ ok: false, reason: 'birthdate' });
    expect(at('19000229')).toEqual({ ok: false, reason: 'birthdate' }); // 1900 is not a leap year
    expect(at('20000229').ok).toBe(true); // 2000 is
    expect(at('19960229').ok).toBe(true);
    expect(at('20010431')).toEqual({ ok: false, reason: 'birthdate' });
    expect(at('20011301')).toEqual({ ok: false, reason: 'birthdate' });
    expect(at('20010100')).toEqual({ ok: false, reason: 'birthdate' });
    expect(at('18991231')).toEqual({ ok: false, reason: 'birthdate' });
    expect(at('19000101').ok).toBe(true);
    expect(at('20250630').ok).toBe(true); // today
    expect(at('20250701')).toEqual({ ok: false, reason: 'birthdate' }); // tomorrow
    expect(validateIdCard(withCheck('32070699990101001'))).toEqual({ ok: false, reason: 'birthdate' });
  });

  it('checks the region part', () => {
    expect(validateIdCard(withCheck('99070619900101001'), { today: TODAY })).toEqual({
      ok: false,
      reason: 'region',
    });
    expect(validateIdCard(withCheck('32000619900101001'), { today: TODAY })).toEqual({
      ok: false,
      reason: 'region',
    });
  });

  it('makeIdCard builds numbers that validate and round-trip their parts', () => {
    fc.assert(
      fc.property(idCardArb, ({ input, id }) => {
        const result = validateIdCard(id, { today: TODAY });
        expect(result).toEqual({
          ok: true,
          value: id,
          birthDate: input.birthDate,
          sex: input.sequence % 2 === 1 ? 'male' : 'female',
          regionCode: input.regionCode,
        });
        expect(id.charAt(17)).toBe(referenceIdCheck(id.slice(0, 17)));
      }),
      { numRuns: 500 },
    );
  });

  it('detects every single-character substitution as a checksum error', () => {
    fc.assert(
      fc.property(idCardArb, ({ id }) => {
        for (let i = 0; i < 18; i++) {
          for (const ch of i === 17 ? `${DIGITS}X` : DIGITS) {
            if (ch === id.charAt(i)) continue;
            expect(validateIdCard(substitute(id, i, ch), { today: TODAY })).toEqual({
              ok: false,
              reason: 'checksum',
            });
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('makeIdCard refuses parameters that cannot give a valid number', () => {
    expect(() => makeIdCard({ regionCode: '320706', birthDate: '2001-02-29', sequence: 1 })).toThrow(
      RangeError,
    );
    expect(() => makeIdCard({ regionCode: '320706', birthDate: '2001-01-01', sequence: 1000 })).toThrow(
      RangeError,
    );
    expect(() => makeIdCard({ regionCode: '990706', birthDate: '2001-01-01', sequence: 1 })).toThrow(
      RangeError,
    );
    expect(() => makeIdCard({ regionCode: '32070', birthDate: '2001-01-01', sequence: 1 })).toThrow(
      RangeError,
    );
  });
});

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts a known valid code and splits its parts', () => {
    expect(validateUscc('91350100M000100Y43')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
      registrationAuthority: '9',
      orgType: '1',
      regionCode: '350100',
      orgCode: 'M000100Y4',
    });
    expect(referenceUsccCheck('91350100M000100Y4')).toBe('3');
    expect(validateUscc('91350100m000100y43').ok).toBe(true);
  });

  it('reports length, charset, checksum and embedded org code errors', () => {
    expect(validateUscc('91350100M000100Y4')).toEqual({ ok: false, reason: 'length' });
    expect(validateUscc('91350100M000100Y430')).toEqual({ ok: false, reason: 'length' });
    expect(validateUscc('91350100I000100Y43')).toEqual({ ok: false, reason: 'charset' });
    expect(validateUscc('91350100M000100Y4O')).toEqual({ ok: false, reason: 'charset' });
    expect(validateUscc('91350100M000100Y4-')).toEqual({ ok: false, reason: 'charset' });
    expect(validateUscc(91350100)).toEqual({ ok: false, reason: 'charset' });
    expect(validateUscc('91350100M000100Y44')).toEqual({ ok: false, reason: 'checksum' });
    // Right overall checksum, wrong org-code check character: 'orgcode'.
    const first17 = '91350100M000100Y5';
    const check = referenceUsccCheck(first17);
    expect(validateUscc(first17 + check)).toEqual({ ok: false, reason: 'orgcode' });
    // An org-code check position holding a letter other than X is never a valid org code.
    const withLetter = '91350100M000100YA';
    expect(validateUscc(withLetter + referenceUsccCheck(withLetter))).toEqual({
      ok: false,
      reason: 'orgcode',
    });
  });

  it('makeUscc builds codes that validate and round-trip their parts', () => {
    fc.assert(
      fc.property(usccInputArb, (input) => {
        const code = makeUscc(input);
        const orgCode = input.orgCodeBody8 + referenceOrgCheck(input.orgCodeBody8);
        expect(validateUscc(code)).toEqual({
          ok: true,
          value: code,
          registrationAuthority: input.registrationAuthority,
          orgType: input.orgType,
          regionCode: input.regionCode,
          orgCode,
        });
        expect(code.charAt(17)).toBe(referenceUsccCheck(code.slice(0, 17)));
        expect(validateOrgCode(orgCode).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('detects every single-character substitution as a checksum error', () => {
    fc.assert(
      fc.property(usccInputArb, (input) => {
        const code = makeUscc(input);
        for (let i = 0; i < 18; i++) {
          for (const ch of USCC_ALPHABET) {
            if (ch === code.charAt(i)) continue;
            expect(validateUscc(substitute(code, i, ch))).toEqual({ ok: false, reason: 'checksum' });
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('makeUscc refuses characters outside the alphabet', () => {
    const base = { registrationAuthority: '1', orgType: '1', regionCode: '320700', orgCodeBody8: '01400000' };
    expect(() => makeUscc({ ...base, orgCodeBody8: '0140000I' })).toThrow(RangeError);
    expect(() => makeUscc({ ...base, orgCodeBody8: '0140000' })).toThrow(RangeError);
    expect(() => makeUscc({ ...base, orgType: 'Z' })).toThrow(RangeError);
    expect(() => makeUscc({ ...base, regionCode: '3207' })).toThrow(RangeError);
  });
});

describe('组织机构代码 (GB 11714)', () => {
  it('accepts plain and hyphenated forms', () => {
    expect(orgCodeCheckDigit('M000100Y')).toBe('4');
    expect(validateOrgCode('M000100Y4')).toEqual({
      ok: true,
      value: 'M000100Y4',
      body: 'M000100Y',
      checkDigit: '4',
    });
    expect(validateOrgCode('M000100Y-4')).toEqual({
      ok: true,
      value: 'M000100Y4',
      body: 'M000100Y',
      checkDigit: '4',
    });
    expect(validateOrgCode('m000100y-4').ok).toBe(true);
  });

  it('maps check value 10 to X and 11 to 0', () => {
    // Body sums ≡ 1 (mod 11) give 10 → X; sums ≡ 0 give 11 → 0.
    expect(orgCodeCheckDigit('00000001')).toBe(referenceOrgCheck('00000001'));
    const bodies = ['00000000', '00000006', '10000000', 'A0000000', 'ZZZZZZZZ'];
    for (const body of bodies) expect(orgCodeCheckDigit(body)).toBe(referenceOrgCheck(body));
    expect(orgCodeCheckDigit('00000000')).toBe('0');
    expect(orgCodeCheckDigit('00000006')).toBe('X'); // 6 × 2 = 12 ≡ 1
  });

  it('reports length, format and checksum errors', () => {
    expect(validateOrgCode('M000100Y')).toEqual({ ok: false, reason: 'length' });
    expect(validateOrgCode('M000100Y-41')).toEqual({ ok: false, reason: 'length' });
    expect(validateOrgCode('M000100Y44')).toEqual({ ok: false, reason: 'format' });
    expect(validateOrgCode('M000100Y/4')).toEqual({ ok: false, reason: 'format' });
    expect(validateOrgCode('M00010-Y4')).toEqual({ ok: false, reason: 'format' });
    expect(validateOrgCode('M000100YA')).toEqual({ ok: false, reason: 'format' });
    expect(validateOrgCode('ß000100Y4')).toEqual({ ok: false, reason: 'format' });
    expect(validateOrgCode(undefined)).toEqual({ ok: false, reason: 'format' });
    expect(validateOrgCode('M000100Y5')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('orgCodeCheckDigit returns null for malformed bodies', () => {
    expect(orgCodeCheckDigit('0000000')).toBeNull();
    expect(orgCodeCheckDigit('0000000-')).toBeNull();
  });

  const orgCodeArb = stringOf(ORG_BODY_ALPHABET, 8).map((body) => body + referenceOrgCheck(body));

  it('valid codes validate in both forms', () => {
    fc.assert(
      fc.property(orgCodeArb, (code) => {
        expect(validateOrgCode(code).ok).toBe(true);
        expect(validateOrgCode(`${code.slice(0, 8)}-${code.charAt(8)}`)).toEqual(validateOrgCode(code));
      }),
      { numRuns: 500 },
    );
  });

  it('detects every digit-for-digit substitution and every check-character substitution', () => {
    fc.assert(
      fc.property(stringOf(DIGITS, 8), (body) => {
        const code = body + referenceOrgCheck(body);
        for (let i = 0; i < 9; i++) {
          for (const ch of i === 8 ? `${DIGITS}X` : DIGITS) {
            if (ch === code.charAt(i)) continue;
            expect(validateOrgCode(substitute(code, i, ch))).toEqual({ ok: false, reason: 'checksum' });
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('misses exactly the letter substitutions whose value differs by a multiple of 11', () => {
    // GB 11714 computes mod 11 over values 0–35, so e.g. 0 → B (11) is invisible; this pins that limit down.
    fc.assert(
      fc.property(orgCodeArb, (code) => {
        for (let i = 0; i < 8; i++) {
          const from = ORG_BODY_ALPHABET.indexOf(code.charAt(i));
          for (const ch of ORG_BODY_ALPHABET) {
            const to = ORG_BODY_ALPHABET.indexOf(ch);
            if (to === from) continue;
            const undetectable = (to - from) % 11 === 0;
            expect(validateOrgCode(substitute(code, i, ch)).ok).toBe(undetectable);
          }
        }
      }),
      { numRuns: 200 },
    );
    expect(validateOrgCode('M000100Y4').ok).toBe(true);
    expect(validateOrgCode('MB00100Y4').ok).toBe(true); // 0 → B in the second place (weight 7) goes unnoticed
  });
});

describe('region codes (GB/T 2260)', () => {
  it('validates 6-digit codes', () => {
    expect(validateRegionCode('320700')).toEqual({
      ok: true,
      value: '320700',
      level: 'prefecture',
      provinceCode: '32',
    });
    expect(validateRegionCode('320000')).toEqual({
      ok: true,
      value: '320000',
      level: 'province',
      provinceCode: '32',
    });
    expect(validateRegionCode('320706')).toEqual({
      ok: true,
      value: '320706',
      level: 'county',
      provinceCode: '32',
    });
    expect(validateRegionCode('820000').ok).toBe(true);
    expect(validateRegionCode('32070')).toEqual({ ok: false, reason: 'length' });
    expect(validateRegionCode('32070a')).toEqual({ ok: false, reason: 'format' });
    expect(validateRegionCode(320700)).toEqual({ ok: false, reason: 'format' });
    expect(validateRegionCode('100000')).toEqual({ ok: false, reason: 'province' });
    expect(validateRegionCode('830000')).toEqual({ ok: false, reason: 'province' });
    expect(validateRegionCode('320006')).toEqual({ ok: false, reason: 'structure' });
  });

  it('accepts exactly the 34 province-level prefixes', () => {
    expect(PROVINCE_PREFIXES).toHaveLength(34);
    const accepted = Array.from({ length: 100 }, (_, p) => String(p).padStart(2, '0')).filter(
      (p) => validateRegionCode(`${p}0000`).ok,
    );
    expect(accepted).toEqual([...PROVINCE_PREFIXES]);
  });

  it('derives levels and parents for 6-, 9- and 12-digit codes', () => {
    expect(regionLevel('320000')).toBe('province');
    expect(regionLevel('320700')).toBe('prefecture');
    expect(regionLevel('320706')).toBe('county');
    expect(regionLevel('320706001')).toBe('town');
    expect(regionLevel('320706001001')).toBe('village');
    expect(regionLevel('441900003')).toBe('town'); // a prefecture without counties
    expect(regionLevel('320706000')).toBeNull();
    expect(regionLevel('320706001000')).toBeNull();
    expect(regionLevel('320700000000')).toBeNull();
    expect(regionLevel('320000001')).toBeNull();
    expect(regionLevel('3207060011')).toBeNull();
    expect(regionLevel('99070600')).toBeNull();

    expect(parentRegionCode('320706001201')).toBe('320706001');
    expect(parentRegionCode('320706001')).toBe('320706');
    expect(parentRegionCode('320706')).toBe('320700');
    expect(parentRegionCode('320700')).toBe('320000');
    expect(parentRegionCode('320000')).toBeNull();
    expect(parentRegionCode('bogus')).toBeNull();
  });

  it('every valid code’s parent chain ends at its province', () => {
    fc.assert(
      fc.property(
        regionCodeArb,
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999 }),
        (c, t, v) => {
          const village = c + String(t).padStart(3, '0') + String(v).padStart(3, '0');
          if (regionLevel(c) === 'province') return; // towns never sit directly under a province
          let code: string | null = village;
          const chain: string[] = [];
          while (code !== null) {
            chain.push(code);
            const parent = parentRegionCode(code);
            if (parent !== null) expect(code.startsWith(parent.replace(/0+$/, ''))).toBe(true);
            code = parent;
          }
          expect(chain.at(-1)).toBe(`${c.slice(0, 2)}0000`);
        },
      ),
    );
  });
});

describe('describeReason', () => {
  it('has Chinese and English text for every reason', () => {
    const reasons: ValidationReason[] = [
      'length',
      'format',
      'charset',
      'checksum',
      'region',
      'birthdate',
      'orgcode',
      'province',
      'structure',
    ];
    for (const r of reasons) {
      expect(describeReason(r, 'zh')).toMatch(/[\u4e00-\u9fff]/);
      expect(describeReason(r, 'en')).toMatch(/^[\x20-\x7e]+$/);
    }
    expect(describeReason('checksum', 'zh')).toBe('校验位错误');
    expect(describeReason('checksum')).toBe('校验位错误');
  });
});

describe('robustness', () => {
  it('validators never throw, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        for (const validate of [validateIdCard, validateUscc, validateOrgCode, validateRegionCode]) {
          expect(validate(x).ok).toBe(false);
        }
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        expect(() => [
          validateIdCard(s),
          validateUscc(s),
          validateOrgCode(s),
          validateRegionCode(s),
        ]).not.toThrow();
        expect(() => [
          regionLevel(s),
          parentRegionCode(s),
          idCardCheckDigit(s),
          orgCodeCheckDigit(s),
        ]).not.toThrow();
      }),
    );
  });

  it('agrees with the reference checksums on random strings over the right alphabets', () => {
    fc.assert(
      fc.property(stringOf(DIGITS, 17), (first17) => {
        expect(idCardCheckDigit(first17)).toBe(referenceIdCheck(first17));
      }),
    );
    fc.assert(
      fc.property(stringOf(ORG_BODY_ALPHABET, 8), (body) => {
        expect(orgCodeCheckDigit(body)).toBe(referenceOrgCheck(body));
      }),
    );
  });

  it('is fast: 200,000 ID validations take well under the (generous) bound', () => {
    const ids = Array.from({ length: 1000 }, (_, i) =>
      makeIdCard({ regionCode: '320706', birthDate: '1990-01-01', sequence: i }),
    );
    const start = performance.now();
    let ok = 0;
    for (let round = 0; round < 200; round++)
      for (const id of ids) if (validateIdCard(id, { today: TODAY }).ok) ok++;
    expect(ok).toBe(200_000);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
