import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeReason, makeIdCard, makeUscc, orgCodeCheckDigit } from '../../src/lib/validators/index.ts';
import type { Item } from '../../src/modules/catalog/schema.ts';
import type { CheckedRow, RowError, RuleCode } from '../../src/modules/exchange/types.ts';
import { compileRecordSchema, digitCount, excerpt } from '../../src/modules/exchange/validate.ts';

const TODAY = new Date('2025-06-30T12:00:00+08:00');

function item(name: string, dataType: Item['dataType'], over: Partial<Item> = {}): Item {
  return {
    name,
    dataType,
    length: null,
    required: false,
    description: null,
    semanticTag: null,
    isKey: false,
    sensitive: false,
    position: 0,
    ...over,
  };
}

/** A schema of one optional item (plus a key), to test one rule at a time. */
function one(it: Item) {
  const schema = compileRecordSchema(
    [item('编号', 'I', { isKey: true, position: 0 }), { ...it, position: 1 }],
    {
      today: TODAY,
    },
  );
  return (value: unknown): { value?: unknown; errors?: RowError[] } => {
    const r = schema.check({ 编号: 1, [it.name]: value }, 7);
    return r.ok ? { value: r.data?.[it.name] } : { errors: r.errors };
  };
}

function codes(r: CheckedRow): RuleCode[] {
  return r.ok ? [] : r.errors.map((e) => e.code);
}

const ID = makeIdCard({ regionCode: '320706', birthDate: '1990-01-02', sequence: 123 });
const ID_X = (() => {
  for (let seq = 0; seq < 1000; seq++) {
    const id = makeIdCard({ regionCode: '320706', birthDate: '1985-07-15', sequence: seq });
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X');
})();
const USCC = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '320700',
  orgCodeBody8: '01401234',
});
const ORG = `01401234${orgCodeCheckDigit('01401234')}`;

describe('excerpt', () => {
  it('keeps short values and cuts long ones to 20 characters', () => {
    expect(excerpt('abc')).toBe('abc');
    expect(excerpt(12)).toBe('12');
    expect(excerpt({ error: '#N/A' })).toBe('{"error":"#N/A"}');
    const cut = excerpt('长'.repeat(1000));
    expect(Array.from(cut)).toHaveLength(20);
    expect(cut.endsWith('…')).toBe(true);
    expect(Array.from(excerpt('😀'.repeat(30)))).toHaveLength(20);
    expect(excerpt('😀'.repeat(20))).toBe('😀'.repeat(20));
  });
});

describe('digitCount', () => {
  it.each([
    [0, 1],
    [7, 1],
    [-12.5, 3],
    [0.05, 2],
    [123456, 6],
    [1e21, 22],
    [1.5e-7, 8],
  ])('%d has %d digits', (n, digits) => {
    expect(digitCount(n)).toBe(digits);
  });
});

describe('compileRecordSchema: names and presence', () => {
  const schema = compileRecordSchema(
    [
      item('备注', 'C', { position: 3 }),
      item('身份证号', 'C', { position: 1, isKey: true, semanticTag: 'id_card' }),
      item('姓名', 'C', { position: 2, required: true }),
    ],
    { today: TODAY },
  );

  it('orders items, keys and data by position', () => {
    expect(schema.items.map((i) => i.name)).toEqual(['身份证号', '姓名', '备注']);
    expect(schema.keyItems).toEqual(['身份证号']);
    const r = schema.check({ 备注: 'x', 姓名: '张三', 身份证号: ID }, 1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.data ?? {})).toEqual(['身份证号', '姓名', '备注']);
    expect(r.key).toBe(JSON.stringify([ID]));
    expect(r.hash).toBe(createHash('md5').update(JSON.stringify(r.data)).digest('hex'));
    expect(r.delete).toBe(false);
    expect(schema.keyOf(r.data ?? {})).toBe(r.key);
  });

  it('reports a field the catalog does not have', () => {
    const r = schema.check({ 身份证号: ID, 姓名: '张三', 性别: '男' }, 4);
    expect(r).toEqual({
      ok: false,
      key: JSON.stringify([ID]),
      errors: [{ row: 4, field: '性别', code: 'UNKNOWN_FIELD', message: '目录中没有信息项“性别”' }],
    });
  });

  it('treats null, undefined, empty and blank text as absent', () => {
    for (const blank of [null, undefined, '', '   ']) {
      const r = schema.check({ 身份证号: ID, 姓名: '张三', 备注: blank }, 1);
      expect(r.ok && r.data).toEqual({ 身份证号: ID, 姓名: '张三' });
      const missing = schema.check({ 身份证号: ID, 姓名: blank }, 2);
      expect(missing.ok ? [] : missing.errors).toEqual([
        { row: 2, field: '姓名', code: 'REQUIRED', message: '“姓名”为必填项，不能为空' },
      ]);
    }
  });

  it('requires key items even when they are not marked required', () => {
    const r = schema.check({ 姓名: '张三' }, 3);
    expect(r).toMatchObject({ ok: false, key: null });
    expect(codes(r)).toEqual(['REQUIRED']);
  });

  it('reports every problem of a row, and the key only when its items are valid', () => {
    const r = schema.check({ 身份证号: `${ID.slice(0, 17)}0`, 姓名: '', 多余: 1, 备注: 5.5 }, 9);
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual(['UNKNOWN_FIELD', 'ID_CARD', 'REQUIRED', 'TYPE']);
    expect(r.ok ? 'ok' : r.key).toBeNull();
    const keyed = schema.check({ 身份证号: ID, 姓名: '' }, 9);
    expect(keyed.ok ? 'ok' : keyed.key).toBe(JSON.stringify([ID]));
  });

  it('is not fooled by names that objects inherit', () => {
    const s = compileRecordSchema([item('constructor', 'C', { required: true, isKey: true, position: 1 })]);
    expect(codes(s.check({}, 1))).toEqual(['REQUIRED']);
    expect(s.check({ constructor: 'x' }, 1)).toMatchObject({ ok: true, key: '["x"]' });
    const parsed = JSON.parse('{"constructor":"x","__proto__":"y"}') as Record<string, unknown>;
    expect(codes(s.check(parsed, 1))).toEqual(['UNKNOWN_FIELD']);
  });

  it('gives the same key and hash for CSV text and typed JSON', () => {
    const s = compileRecordSchema(
      [
        item('编号', 'I', { isKey: true, position: 1 }),
        item('日期', 'D', { isKey: true, position: 2 }),
        item('金额', 'Y', { position: 3 }),
        item('有效', 'L', { position: 4 }),
        item('时间', 'T', { position: 5 }),
      ],
      { today: TODAY },
    );
    const fromCsv = s.check(
      { 编号: '42', 日期: '2024/1/5', 金额: '12.50', 有效: '是', 时间: '2024-01-05 08:00' },
      1,
    );
    const fromJson = s.check(
      { 编号: 42, 日期: '2024-01-05', 金额: 12.5, 有效: true, 时间: '2024-01-05T00:00:00Z' },
      1,
    );
    expect(fromCsv).toEqual(fromJson);
    expect(fromCsv).toMatchObject({ ok: true, key: '[42,"2024-01-05"]' });
  });
});

describe('compileRecordSchema: deletes', () => {
  const schema = compileRecordSchema([
    item('编号', 'C', { isKey: true, position: 1 }),
    item('姓名', 'C', { required: true, position: 2 }),
  ]);

  it.each([true, 'true', 1, 'TRUE', '1'])('takes _delete = %j as a deletion of the key', (flag) => {
    expect(schema.check({ 编号: ' A1 ', _delete: flag, 其他: 'ignored' }, 1, { allowDelete: true })).toEqual({
      ok: true,
      key: '["A1"]',
      data: null,
      json: null,
      hash: '',
      delete: true,
    });
  });

  it('checks the key of a deletion', () => {
    const r = schema.check({ _delete: true }, 2, { allowDelete: true });
    expect(r).toMatchObject({ ok: false, key: null });
    expect(codes(r)).toEqual(['REQUIRED']);
  });

  it.each([false, 'false', 0, null])('takes _delete = %j as an ordinary row', (flag) => {
    const r = schema.check({ 编号: 'A1', 姓名: '张三', _delete: flag }, 1, { allowDelete: true });
    expect(r).toMatchObject({ ok: true, delete: false, data: { 编号: 'A1', 姓名: '张三' } });
  });

  it('rejects another _delete value', () => {
    const r = schema.check({ 编号: 'A1', 姓名: '张三', _delete: 'maybe' }, 1, { allowDelete: true });
    expect(r.ok ? [] : r.errors).toMatchObject([{ field: '_delete', code: 'TYPE' }]);
  });

  it('does not know _delete unless deletes are allowed', () => {
    const r = schema.check({ 编号: 'A1', 姓名: '张三', _delete: true }, 1);
    expect(r.ok ? [] : r.errors).toMatchObject([{ field: '_delete', code: 'UNKNOWN_FIELD' }]);
  });
});

describe('compileRecordSchema: types', () => {
  it('C: trimmed text; safe integers as digits; anything else is a type error', () => {
    const c = one(item('名称', 'C'));
    expect(c('  连云港 ')).toEqual({ value: '连云港' });
    expect(c(13800138000)).toEqual({ value: '13800138000' });
    expect(c(1.5).errors).toMatchObject([{ code: 'TYPE', field: '名称', row: 7 }]);
    expect(c(true).errors?.[0]?.code).toBe('TYPE');
    expect(c({ a: 1 }).errors?.[0]?.code).toBe('TYPE');
    expect(c(2 ** 60).errors?.[0]?.message).toBe('“名称”应为字符串，实际为“1152921504606847000”');
  });

  it('C/M: length in code points', () => {
    const c = one(item('名称', 'C', { length: 3 }));
    expect(c('😀😀😀')).toEqual({ value: '😀😀😀' });
    expect(c(' 连云港 ')).toEqual({ value: '连云港' });
    expect(c('连云港市').errors).toEqual([
      { row: 7, field: '名称', code: 'LENGTH', message: '“名称”最多 3 个字符，实际 4 个（“连云港市”）' },
    ]);
    const m = one(item('备注', 'M', { length: 7 }));
    expect(m(' 多行\n文本 ')).toEqual({ value: ' 多行\n文本 ' });
    expect(m(' 多行\n文本  ').errors?.[0]?.code).toBe('LENGTH');
  });

  it('C: a 1 MB value is a LENGTH error with a short excerpt', () => {
    const c = one(item('名称', 'C', { length: 100 }));
    const [error] = c('长'.repeat(1024 * 1024)).errors ?? [];
    expect(error?.code).toBe('LENGTH');
    expect(error?.message).toContain('实际 1048576 个');
    expect(error!.message.length).toBeLessThan(60);
  });

  it('N: decimal numbers, digits within the length', () => {
    const n = one(item('面积', 'N', { length: 4 }));
    expect(n('12.50')).toEqual({ value: 12.5 });
    expect(n('-3')).toEqual({ value: -3 });
    expect(n(99.99)).toEqual({ value: 99.99 });
    expect(n('1e3').errors?.[0]?.code).toBe('TYPE');
    expect(n('12,5').errors?.[0]?.code).toBe('TYPE');
    expect(n(true).errors?.[0]?.code).toBe('TYPE');
    expect(n('12345').errors).toEqual([
      { row: 7, field: '面积', code: 'LENGTH', message: '“面积”最多 4 位数字，实际 5 位（“12345”）' },
    ]);
    expect(n(123.45).errors?.[0]?.code).toBe('LENGTH');
  });

  it('Y: at most two decimals', () => {
    const y = one(item('金额', 'Y'));
    expect(y('12.50')).toEqual({ value: 12.5 });
    expect(y(0.29)).toEqual({ value: 0.29 });
    expect(y('100')).toEqual({ value: 100 });
    expect(y('12.505').errors?.[0]?.code).toBe('TYPE');
    expect(y(0.1 + 0.2).errors?.[0]?.code).toBe('TYPE');
  });

  it('B/F: numbers, exponents allowed', () => {
    for (const t of ['B', 'F'] as const) {
      const f = one(item('值', t, { length: 2 }));
      expect(f('1e3')).toEqual({ value: 1000 });
      expect(f('-.5')).toEqual({ value: -0.5 });
      expect(f(3.14159)).toEqual({ value: 3.14159 });
      expect(f('NaN').errors?.[0]?.code).toBe('TYPE');
      expect(f('1e999').errors?.[0]?.code).toBe('TYPE');
      expect(f(Number.POSITIVE_INFINITY).errors?.[0]?.code).toBe('TYPE');
    }
  });

  it('I: safe integers', () => {
    const i = one(item('人数', 'I'));
    expect(i('42')).toEqual({ value: 42 });
    expect(i(-7)).toEqual({ value: -7 });
    expect(i('4.2').errors?.[0]?.code).toBe('TYPE');
    expect(i(4.2).errors?.[0]?.code).toBe('TYPE');
    expect(i(String(2 ** 53)).errors?.[0]?.code).toBe('TYPE');
  });

  it('D: the accepted forms, normalized', () => {
    const d = one(item('发证日期', 'D'));
    for (const v of ['2024-03-05', '20240305', '2024/03/05', '2024/3/5', 20240305]) {
      expect(d(v)).toEqual({ value: '2024-03-05' });
    }
    expect(d('2099-12-31')).toEqual({ value: '2099-12-31' });
    expect(d('2024-02-29')).toEqual({ value: '2024-02-29' });
  });

  it('D: not a calendar date is a type error; outside 1900–2100 a range error', () => {
    const d = one(item('发证日期', 'D'));
    for (const v of [
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '05/03/2024',
      '2024-03-05T00:00:00',
      'x',
      1.5,
    ]) {
      expect(d(v).errors?.[0]?.code).toBe('TYPE');
    }
    expect(d('1899-12-31').errors).toEqual([
      {
        row: 7,
        field: '发证日期',
        code: 'DATE_RANGE',
        message: '“发证日期”的日期 1899-12-31 超出 1900-01-01 至 2100-12-31 的范围',
      },
    ]);
    expect(d('2101-01-01').errors?.[0]?.code).toBe('DATE_RANGE');
  });

  it('D: birth dates are not after today; other dates may be', () => {
    const birth = one(item('出生日期', 'D', { semanticTag: 'date' }));
    expect(birth('2025-06-30')).toEqual({ value: '2025-06-30' });
    expect(birth('2025-07-01').errors?.[0]).toMatchObject({ code: 'DATE_RANGE' });
    expect(birth('2025-07-01').errors?.[0]?.message).toContain('晚于今天（2025-06-30）');
    const expiry = one(item('有效期至', 'D', { semanticTag: 'date' }));
    expect(expiry('2035-07-01')).toEqual({ value: '2035-07-01' });
  });

  it('D: today defaults to the clock, in China', () => {
    const s = compileRecordSchema([item('出生日期', 'D', { position: 1 })]);
    const now = Date.now();
    const tomorrow = new Date(now + 8 * 3600_000 + 86400_000).toISOString().slice(0, 10);
    expect(s.check({ 出生日期: '2000-01-01' }, 1).ok).toBe(true);
    expect(codes(s.check({ 出生日期: tomorrow }, 1))).toEqual(['DATE_RANGE']);
  });

  it('T: normalized to China time', () => {
    const t = one(item('登记时间', 'T'));
    expect(t('2024-03-05 09:30')).toEqual({ value: '2024-03-05T09:30:00+08:00' });
    expect(t('2024-03-05 09:30:15')).toEqual({ value: '2024-03-05T09:30:15+08:00' });
    expect(t('2024-03-05T09:30:15')).toEqual({ value: '2024-03-05T09:30:15+08:00' });
    expect(t('2024-03-05T09:30:15.123+08:00')).toEqual({ value: '2024-03-05T09:30:15+08:00' });
    expect(t('2024-03-05T20:00:00Z')).toEqual({ value: '2024-03-06T04:00:00+08:00' });
    expect(t('2024-03-05T09:30:00+09:00')).toEqual({ value: '2024-03-05T08:30:00+08:00' });
    expect(t('2024-03-05T09:30:00-0500')).toEqual({ value: '2024-03-05T22:30:00+08:00' });
    expect(t('2024-03-05')).toEqual({ value: '2024-03-05T00:00:00+08:00' });
  });

  it('T: malformed or impossible times are type errors; far years range errors', () => {
    const t = one(item('登记时间', 'T'));
    for (const v of [
      '2024-03-05 24:00',
      '2024-03-05 09:60',
      '2024-02-30 09:00',
      '09:30',
      'now',
      1709602200000,
    ]) {
      expect(t(v).errors?.[0]?.code).toBe('TYPE');
    }
    expect(t('0024-03-05 09:30').errors?.[0]?.code).toBe('DATE_RANGE');
    expect(t('2100-12-31T20:00:00Z').errors?.[0]?.code).toBe('DATE_RANGE');
  });

  it('L: the accepted spellings of true and false', () => {
    const l = one(item('是否有效', 'L'));
    for (const v of [true, 'true', 'TRUE', '1', 1, '是', 'Y', 'y']) expect(l(v)).toEqual({ value: true });
    for (const v of [false, 'false', '0', 0, '否', 'N']) expect(l(v)).toEqual({ value: false });
    for (const v of ['maybe', 2, '对']) expect(l(v).errors?.[0]?.code).toBe('TYPE');
  });

  it('G: base64 text', () => {
    const g = one(item('附件', 'G'));
    const b64 = Buffer.from('二进制内容').toString('base64');
    expect(g(b64)).toEqual({ value: b64 });
    for (const v of ['abc', '!!!!', 'ab=c', 12]) expect(g(v).errors?.[0]?.code).toBe('TYPE');
  });
});

describe('compileRecordSchema: semantic tags', () => {
  it('id_card: valid numbers, lower-case x normalized', () => {
    const c = one(item('身份证号', 'C', { semanticTag: 'id_card' }));
    expect(c(ID)).toEqual({ value: ID });
    expect(c(ID_X.toLowerCase())).toEqual({ value: ID_X });
  });

  it('id_card: the validator’s reason, in Chinese', () => {
    const c = one(item('身份证号', 'C', { semanticTag: 'id_card' }));
    const wrong = `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}`;
    expect(c(wrong).errors).toEqual([
      {
        row: 7,
        field: '身份证号',
        code: 'ID_CARD',
        message: `“身份证号”不是有效的身份证号：${describeReason('checksum')}（“${wrong}”）`,
      },
    ]);
    expect(c(ID.slice(0, 17)).errors?.[0]?.message).toContain(describeReason('length'));
    const future = makeIdCard({ regionCode: '320706', birthDate: '2025-07-01', sequence: 1 });
    expect(c(future).errors?.[0]?.message).toContain(describeReason('birthdate'));
    const born = makeIdCard({ regionCode: '320706', birthDate: '2025-06-30', sequence: 1 });
    expect(c(born)).toEqual({ value: born });
  });

  it('uscc', () => {
    const c = one(item('信用代码', 'C', { semanticTag: 'uscc' }));
    expect(c(USCC.toLowerCase())).toEqual({ value: USCC });
    const bad = c(`${USCC.slice(0, 17)}${USCC.endsWith('0') ? '1' : '0'}`).errors;
    expect(bad).toMatchObject([{ code: 'USCC' }]);
    expect(bad?.[0]?.message).toContain(describeReason('checksum'));
  });

  it('org_code', () => {
    const c = one(item('机构代码', 'C', { semanticTag: 'org_code' }));
    expect(c(ORG)).toEqual({ value: ORG });
    expect(c(`${ORG.slice(0, 8)}-${ORG.slice(8)}`)).toEqual({ value: ORG });
    expect(c(`${ORG.slice(0, 8)}${ORG.endsWith('0') ? '1' : '0'}`).errors?.[0]?.code).toBe('ORG_CODE');
  });

  it('mobile: +86 dropped', () => {
    const c = one(item('手机号', 'C', { semanticTag: 'mobile' }));
    expect(c('13800138000')).toEqual({ value: '13800138000' });
    expect(c('+86 13800138000')).toEqual({ value: '13800138000' });
    expect(c('+8613800138000')).toEqual({ value: '13800138000' });
    for (const v of ['12800138000', '1380013800', '138001380001', '0518-85801234']) {
      expect(c(v).errors?.[0]?.code).toBe('MOBILE');
    }
  });

  it('mobile: a number stays a number', () => {
    const n = one(item('手机号', 'N', { semanticTag: 'mobile' }));
    expect(n(13800138000)).toEqual({ value: 13800138000 });
    expect(n(12345).errors?.[0]?.code).toBe('MOBILE');
  });

  it('phone: mobile, landline, 400/800 and short service numbers', () => {
    const c = one(item('联系电话', 'C', { semanticTag: 'phone' }));
    for (const v of [
      '0518-85801234',
      '051885801234',
      '010-12345678',
      '0518-85801234-801',
      '400-800-1234',
      '4008001234',
      '8008001234',
      '12345',
      '95588',
      '12315',
    ]) {
      expect(c(v)).toEqual({ value: v });
    }
    expect(c('+86 13800138000')).toEqual({ value: '13800138000' });
    for (const v of ['85801234', '123', 'abc', '0518-8580']) expect(c(v).errors?.[0]?.code).toBe('PHONE');
  });

  it('email', () => {
    const c = one(item('邮箱', 'C', { semanticTag: 'email' }));
    expect(c('zhang.san@lyg.gov.cn')).toEqual({ value: 'zhang.san@lyg.gov.cn' });
    for (const v of ['a@b', 'no-at.cn', 'a@@b.cn', 'a b@c.cn', `${'a'.repeat(300)}@b.cn`]) {
      expect(c(v).errors?.[0]?.code).toBe('EMAIL');
    }
  });

  it('region_code', () => {
    const c = one(item('行政区划', 'C', { semanticTag: 'region_code' }));
    expect(c('320706')).toEqual({ value: '320706' });
    expect(c(320706)).toEqual({ value: '320706' });
    for (const v of ['990000', '320006', '32070', 'abcdef'])
      expect(c(v).errors?.[0]?.code).toBe('REGION_CODE');
  });

  it('checks a tag only when the type and length are right', () => {
    const c = one(item('手机号', 'C', { semanticTag: 'mobile', length: 11 }));
    expect(c(true).errors?.map((e) => e.code)).toEqual(['TYPE']);
    expect(c('138001380001').errors?.map((e) => e.code)).toEqual(['LENGTH']);
  });
});

describe('compileRecordSchema: a person row', () => {
  const schema = compileRecordSchema(
    [
      item('身份证号', 'C', { length: 18, semanticTag: 'id_card', isKey: true, position: 1 }),
      item('姓名', 'C', { length: 50, required: true, semanticTag: 'person_name', position: 2 }),
      item('出生日期', 'D', { position: 3 }),
      item('手机号', 'C', { length: 11, semanticTag: 'mobile', position: 4 }),
      item('户籍地址', 'C', { length: 200, semanticTag: 'address', position: 5 }),
      item('行政区划', 'C', { length: 6, semanticTag: 'region_code', position: 6 }),
      item('是否户主', 'L', { position: 7 }),
      item('登记时间', 'T', { position: 8 }),
      item('月收入', 'Y', { position: 9 }),
    ],
    { today: TODAY },
  );

  it('accepts a good row', () => {
    const r = schema.check(
      {
        身份证号: ID,
        姓名: '张三',
        出生日期: '1990-01-02',
        手机号: '13800138000',
        户籍地址: '江苏省连云港市海州区朝阳路1号',
        行政区划: '320706',
        是否户主: '是',
        登记时间: '2024-03-05 09:30:00',
        月收入: '3000.50',
      },
      1,
    );
    expect(r).toMatchObject({
      ok: true,
      data: { 是否户主: true, 登记时间: '2024-03-05T09:30:00+08:00', 月收入: 3000.5 },
    });
  });

  it('reports every bad field of a bad row, each with the item and the value', () => {
    const r = schema.check(
      {
        身份证号: ID,
        姓名: '',
        出生日期: '1990-02-30',
        手机号: '1380013800',
        户籍地址: 'x'.repeat(201),
        行政区划: '999999',
        是否户主: 'maybe',
        登记时间: 'yesterday',
        月收入: '1.234',
      },
      5,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.key).toBe(JSON.stringify([ID]));
    expect(r.errors.map((e) => [e.field, e.code])).toEqual([
      ['姓名', 'REQUIRED'],
      ['出生日期', 'TYPE'],
      ['手机号', 'MOBILE'],
      ['户籍地址', 'LENGTH'],
      ['行政区划', 'REGION_CODE'],
      ['是否户主', 'TYPE'],
      ['登记时间', 'TYPE'],
      ['月收入', 'TYPE'],
    ]);
    for (const e of r.errors) {
      expect(e.row).toBe(5);
      expect(e.message).toContain(`“${e.field}”`);
    }
    expect(r.errors.find((e) => e.field === '户籍地址')?.message).toContain(`“${'x'.repeat(19)}…”`);
  });
});
