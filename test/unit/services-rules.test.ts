import { describe, expect, it } from 'vitest';
import { makeUscc } from '../../src/lib/validators/index.ts';
import {
  basicCodeOf,
  codeProblems,
  itemProblems,
  makeItemCode,
  materialShapeProblems,
  parseItemCode,
} from '../../src/modules/services/rules.ts';
import type { ServiceItemInputT } from '../../src/modules/services/schema.ts';

const USCC = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '320700',
  orgCodeBody8: '01000123',
});

function input(overrides: Partial<ServiceItemInputT> = {}): ServiceItemInputT {
  return {
    name: '内地居民结婚登记',
    code: makeItemCode(USCC, '07', 12, 1),
    kind: '07',
    departmentId: '00000000-0000-4000-8000-000000000001',
    legalBasis: '《婚姻登记条例》',
    legalDays: 1,
    promisedDays: 0,
    channels: ['window', 'online'],
    visits: 1,
    depth: 3,
    fee: { charged: false, amount: null, basis: null },
    steps: [{ name: '受理' }],
    resultLicenseTypeCode: null,
    materials: [],
    ...overrides,
  };
}

describe('service item rules', () => {
  it('builds and reads a 实施编码: credit code, kind, main and sub item', () => {
    const code = makeItemCode(USCC, '07', 12, 1);
    expect(code).toHaveLength(28);
    expect(parseItemCode(code)).toEqual({ uscc: USCC, kind: '07', main: '00012', sub: '001' });
    expect(basicCodeOf(code)).toBe('0700012001');
    expect(codeProblems(input(), USCC)).toEqual([]);
  });

  it('names the code and why it is wrong', () => {
    const reason = (overrides: Partial<ServiceItemInputT>, uscc: string | null = USCC) =>
      codeProblems(input(overrides), uscc).map((p) => [p.error, p.field, p.code]);
    expect(reason({ code: 'abc' })).toEqual([['SERVICE_ITEM_CODE_INVALID', 'code', 'FORMAT']]);
    const badCheck = `${USCC.slice(0, 17)}${USCC[17] === '0' ? '1' : '0'}0700012001`;
    expect(reason({ code: badCheck })).toEqual([['SERVICE_ITEM_CODE_INVALID', 'code', 'USCC']]);
    const other = makeUscc({
      registrationAuthority: '1',
      orgType: '1',
      regionCode: '320700',
      orgCodeBody8: '01000999',
    });
    expect(reason({ code: makeItemCode(other, '07', 1) })).toEqual([
      ['SERVICE_ITEM_CODE_INVALID', 'code', 'DEPARTMENT_MISMATCH'],
    ]);
    expect(reason({ code: makeItemCode(USCC, '01', 1) })).toEqual([
      ['SERVICE_ITEM_CODE_INVALID', 'code', 'KIND_MISMATCH'],
    ]);
    expect(reason({ code: makeItemCode(USCC, '07', 0) })).toEqual([
      ['SERVICE_ITEM_CODE_INVALID', 'code', 'MAIN_ZERO'],
    ]);
  });

  it('checks time limits, fee and online depth', () => {
    const fields = (o: Partial<ServiceItemInputT>) =>
      itemProblems(input(o)).map((p) => `${p.error}:${p.field}`);
    expect(fields({ legalDays: 5, promisedDays: 6 })).toEqual(['SERVICE_ITEM_DAYS_INVALID:promisedDays']);
    expect(fields({ legalDays: 5, promisedDays: 5 })).toEqual([]);
    expect(fields({ fee: { charged: true, amount: null, basis: null } })).toEqual([
      'SERVICE_ITEM_FEE_INVALID:fee.amount',
      'SERVICE_ITEM_FEE_INVALID:fee.basis',
    ]);
    expect(fields({ fee: { charged: false, amount: 10, basis: null } })).toEqual([
      'SERVICE_ITEM_FEE_INVALID:fee.amount',
    ]);
    expect(fields({ fee: { charged: true, amount: 80, basis: '收费文件' } })).toEqual([]);
    expect(fields({ channels: ['window'], depth: 3 })).toEqual(['SERVICE_ITEM_DEPTH_INVALID:depth']);
    expect(fields({ depth: 4, visits: 1 })).toEqual(['SERVICE_ITEM_DEPTH_INVALID:visits']);
  });

  it('requires each material source to name what it needs and nothing else', () => {
    const shape = (m: Parameters<typeof materialShapeProblems>[0]) =>
      materialShapeProblems(m, 2).map((p) => p.field);
    const base = { name: '户口簿', required: true, form: 'electronic' as const };
    expect(shape({ ...base, source: 'applicant' })).toEqual([]);
    expect(shape({ ...base, source: 'applicant', licenseTypeCode: 'X' })).toEqual(['materials.2.source']);
    expect(shape({ ...base, source: 'shared', registry: 'population', fields: ['姓名'] })).toEqual([]);
    expect(shape({ ...base, source: 'shared', fields: ['姓名'] })).toEqual(['materials.2.registry']);
    expect(
      shape({
        ...base,
        source: 'shared',
        registry: 'population',
        resourceId: '00000000-0000-4000-8000-000000000001',
        fields: [],
      }),
    ).toEqual(['materials.2.registry', 'materials.2.fields']);
    expect(shape({ ...base, source: 'license' })).toEqual(['materials.2.licenseTypeCode']);
    expect(shape({ ...base, source: 'license', licenseTypeCode: 'X' })).toEqual([]);
  });

  it('refuses two materials of one name', () => {
    const m = { name: '照片', required: true, form: 'original' as const, source: 'applicant' as const };
    expect(itemProblems(input({ materials: [m, m] })).map((p) => p.field)).toEqual(['materials.1.name']);
  });
});
