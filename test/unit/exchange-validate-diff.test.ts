// The compiled validator against the closure validator it replaced (kept verbatim in validate-reference/): for
// thousands of generated rows, valid and broken, both must give the same verdict, key, canonical JSON, hash and
// errors (codes, fields and messages, in order).
import { describe, expect, it } from 'vitest';
import { buildDemoCatalog } from '../../src/demo/catalog/index.ts';
import { personRow } from '../../src/demo/records/index.ts';
import { makeIdCard, makeUscc, orgCodeCheckDigit } from '../../src/lib/validators/index.ts';
import type { Item } from '../../src/modules/catalog/schema.ts';
import type { CheckedRow } from '../../src/modules/exchange/types.ts';
import { compileRecordSchema } from '../../src/modules/exchange/validate.ts';
import { compileRecordSchema as compileReference } from './validate-reference/validate.ts';

const TODAY = new Date('2025-06-30T12:00:00+08:00');

/** A small seeded generator (mulberry32), so a failure names a row that can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

/** What a verdict is, as plain data: `data` as its JSON (the typed record of a valid row is read from it). */
function plain(r: CheckedRow) {
  if (!r.ok) return { ok: false, key: r.key, errors: r.errors };
  return {
    ok: true,
    key: r.key,
    json: r.json,
    hash: r.hash,
    delete: r.delete,
    data: r.data === null ? null : JSON.stringify(r.data),
    names: r.data === null ? null : Object.keys(r.data),
  };
}

function same(
  a: ReturnType<typeof compileRecordSchema>,
  b: ReturnType<typeof compileReference>,
  values: Record<string, unknown>,
  row: number,
  allowDelete: boolean,
): void {
  const got = plain(a.check(values, row, { allowDelete }));
  const want = plain(b.check(values, row, { allowDelete }));
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    // The row in the failure message, for replaying it.
    expect({ values: JSON.stringify(values), allowDelete, got }).toEqual({
      values: JSON.stringify(values),
      allowDelete,
      got: want,
    });
  }
}

const ID = makeIdCard({ regionCode: '320706', birthDate: '1990-01-02', sequence: 123 });
const ID_LOWER_X = (() => {
  for (let seq = 0; seq < 1000; seq++) {
    const id = makeIdCard({ regionCode: '320706', birthDate: '1985-07-15', sequence: seq });
    if (id.endsWith('X')) return id.slice(0, 17) + 'x';
  }
  throw new Error('no X');
})();
const USCC = makeUscc({
  registrationAuthority: '9',
  orgType: '1',
  regionCode: '320700',
  orgCodeBody8: 'MA1ABCDE',
});
const ORG = `01401234${orgCodeCheckDigit('01401234')}`;

/** Candidate raw values: valid in some types, broken in others, and the awkward ones. */
const TEXTS = [
  '张三',
  '  padded  ',
  '',
  '   ',
  'line\nbreak',
  'quote " and \\ backslash',
  'tab\tcontrol\u0001',
  'nul\u0000inside',
  'lone \ud800 high',
  'lone \udc00 low',
  'pair 😀 emoji',
  '😀'.repeat(6),
  'x'.repeat(11),
  '\u2028separator',
  'ASCII',
] as const;
const SPECIAL = [
  null,
  undefined,
  true,
  false,
  0,
  1,
  -1,
  42,
  3.5,
  -0,
  2 ** 60,
  Number.NaN,
  Infinity,
  { a: 1 },
  [1],
];
const IDS = [
  ID,
  ID_LOWER_X,
  ID.slice(0, 17),
  `${ID.slice(0, 17)}0`,
  `${ID.slice(0, 6)}20990101${ID.slice(14)}`,
  'abcdefghijklmnopqr',
  ` ${ID} `,
];
const TAGGED = [
  USCC,
  USCC.toLowerCase(),
  `${USCC.slice(0, 17)}0`,
  ORG,
  `${ORG.slice(0, 8)}-${ORG.slice(8)}`,
  ORG.toLowerCase(),
  '01401234-0',
  'IOZSV1234567890123',
];
const PHONES = [
  '13812345678',
  '+86 13812345678',
  '8613812345678',
  '025-12345678',
  '0518-8888888-123',
  '400-123-4567',
  '95588',
  '12345',
  '1381234567',
  'phone',
  13812345678,
];
const EMAILS = ['a@b.cn', 'a.b+c@example.com', 'no-at', 'a@-b.cn', `${'a'.repeat(250)}@b.cn`];
const REGIONS = [
  '320706',
  '320700',
  '320000',
  '990000',
  '320006',
  '320706001',
  '320706001002',
  '320706000',
  '320700000000',
  '32070',
  320706,
  '3207060010',
];
const NUMBERS = [
  '12',
  '12.5',
  '12.345',
  '-3',
  '+4',
  '.5',
  '5.',
  '1e3',
  '1E-2',
  'abc',
  '0012',
  '123456',
  '99999999999999999999',
  '9'.repeat(400),
  ' 7 ',
  '1,000',
];
const DATES = [
  '2024-01-05',
  '2024/1/5',
  '2024-1-5',
  '20240105',
  20240105,
  '2024-02-30',
  '2024-13-01',
  '1899-12-31',
  '2101-01-01',
  '2099-01-01',
  '2026-01-01',
  '0000-01-01',
  '00000101',
  '2024-01-0x',
  '2024/01-05',
  '2024-01-05T00:00:00',
];
const TIMES = [
  '2024-01-05 08:00:00',
  '2024-01-05T08:00:00+08:00',
  '2024-01-05T00:00:00Z',
  '2024-01-05 08:00',
  '2024-01-05',
  '2024/1/5 8:00:00',
  '2024-01-05T08:00:00.123+0800',
  '2024-01-05t08:00:00-05:00',
  '1899-12-31 23:59:59',
  '2100-12-31T23:00:00-02:00',
  '2024-01-05 24:00:00',
  '2024-01-05T08:00:00+15:00',
  '2024-01-05T8:00:00+08:00',
  '2024-02-30 08:00:00',
  'now',
];
const LOGICALS = [true, false, 1, 0, 'true', 'FALSE', '是', '否', 'Y', 'no', 'maybe', 2];
const BASE64S = ['', 'QUJD', 'QUI=', 'QQ==', 'QUJ', '@@@@', 'QUJDRA=='];
const DELETES = [undefined, true, false, 'true', ' TRUE ', '1', 0, '', 'maybe', null, 2];

function anyValue(rng: Rng): unknown {
  const pools: readonly (readonly unknown[])[] = [
    TEXTS,
    SPECIAL,
    IDS,
    TAGGED,
    PHONES,
    EMAILS,
    REGIONS,
    NUMBERS,
    DATES,
    TIMES,
    LOGICALS,
    BASE64S,
  ];
  return rng.pick(rng.pick(pools));
}

function item(name: string, dataType: string, over: Partial<Item> = {}): Item {
  return {
    name,
    dataType: dataType as Item['dataType'],
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

describe('compiled validator against the closure validator', () => {
  it('agrees on demo person rows, valid and mutated', () => {
    const resource = buildDemoCatalog().find((r) => r.departmentKey === 'gaj' && r.name === '人口基本信息');
    if (!resource) throw new Error('no 人口基本信息 in the demo catalog');
    const items = resource.items.map((it, position) => ({ ...it, position }) as Item);
    const fast = compileRecordSchema(items, { today: TODAY });
    const reference = compileReference(items, { today: TODAY });
    const names = items.map((i) => i.name);
    const rng = prng(20181123);
    for (let i = 0; i < 3000; i++) {
      const values = { ...personRow(1000 + i * 7919) };
      const mutations = i % 3 === 0 ? 0 : 1 + rng.int(3);
      for (let m = 0; m < mutations; m++) {
        const what = rng.int(10);
        const name = rng.pick(names);
        if (what === 0) delete values[name];
        else if (what === 1) values[`多余${rng.int(3)}`] = anyValue(rng);
        else if (what === 2) values._delete = rng.pick(DELETES);
        else if (what === 3) values[name] = ` ${String(values[name] ?? '')} `;
        else if (what === 4) values.身份证号 = rng.pick(IDS);
        else if (what === 5) values.出生日期 = rng.pick(DATES);
        else if (what === 6) values.数据更新时间 = rng.pick(TIMES);
        else if (what === 7) values.联系电话 = rng.pick(PHONES);
        else if (what === 8) values.户籍地行政区划代码 = rng.pick(REGIONS);
        else values[name] = anyValue(rng);
      }
      same(fast, reference, values, i + 1, rng.chance(0.5));
    }
  });

  it('agrees on every data type and tag, with awkward names', () => {
    const items: Item[] = [
      item('编号', 'I', { isKey: true }),
      item('代码', 'C', { isKey: true, semanticTag: 'uscc' }),
      item('机构', 'C', { semanticTag: 'org_code', required: true }),
      item('手机', 'C', { semanticTag: 'mobile' }),
      item('电话', 'C', { semanticTag: 'phone', length: 20 }),
      item('邮箱', 'C', { semanticTag: 'email' }),
      item('区划', 'C', { semanticTag: 'region_code' }),
      item('身份证', 'C', { semanticTag: 'id_card', length: 18 }),
      item('金额', 'Y', { length: 6 }),
      item('数值', 'N', { length: 4 }),
      item('浮点', 'F', { length: 2 }),
      item('双精度', 'B'),
      item('整数', 'I', { length: 3 }),
      item('号码', 'N', { semanticTag: 'mobile' }),
      item('证号数值', 'I', { semanticTag: 'id_card' }),
      item('逻辑', 'L'),
      item('内容', 'G'),
      item('备注', 'M', { length: 10 }),
      item('短文', 'C', { length: 10 }),
      item('时间', 'T'),
      item('日期', 'D'),
      item('出生日期', 'D'),
      item('怪', 'X'),
      item('10', 'C'),
      item('2', 'I'),
      item('4294967295', 'C'),
      item('01', 'C'),
      item('__proto__', 'C'),
      item('constructor', 'C'),
      item('toString', 'L'),
      item('a"b\\c\u2028', 'C'),
      item("'); throw 1; ('", 'C'),
    ].map((it, position) => ({ ...it, position: (position * 7) % 32 }));
    const rng = prng(7505);
    for (const today of [TODAY, undefined]) {
      const fast = compileRecordSchema(items, { today });
      const reference = compileReference(items, { today });
      const pools: Record<string, readonly unknown[]> = {
        I: NUMBERS,
        N: NUMBERS,
        Y: NUMBERS,
        F: NUMBERS,
        B: NUMBERS,
        D: DATES,
        T: TIMES,
        L: LOGICALS,
        G: BASE64S,
      };
      const tagPools: Record<string, readonly unknown[]> = {
        uscc: TAGGED,
        org_code: TAGGED,
        mobile: PHONES,
        phone: PHONES,
        email: EMAILS,
        region_code: REGIONS,
        id_card: IDS,
      };
      for (let r = 0; r < 3000; r++) {
        const values: Record<string, unknown> = {};
        for (const it of items) {
          if (rng.chance(0.15)) continue;
          const pool = (it.semanticTag && tagPools[it.semanticTag]) || pools[it.dataType] || TEXTS;
          values[it.name] = rng.chance(0.8) ? rng.pick(pool) : anyValue(rng);
        }
        if (r % 4 === 0) {
          // The key items valid, so deletes and keys are exercised beyond their first error.
          values.编号 = rng.int(1000);
          values.代码 = USCC;
          if (rng.chance(0.5)) values.机构 = ORG;
        }
        if (rng.chance(0.2)) values._delete = rng.pick(DELETES);
        if (rng.chance(0.1)) values[rng.pick(['多余', 'hasOwnProperty', 'valueOf', '3'])] = anyValue(rng);
        same(fast, reference, values, r + 1, rng.chance(0.5));
      }
    }
  });

  it('agrees on rows with inherited names and a null prototype', () => {
    const items = [item('constructor', 'C', { isKey: true, position: 1 }), item('值', 'C', { position: 2 })];
    const fast = compileRecordSchema(items);
    const reference = compileReference(items);
    const rows: Record<string, unknown>[] = [
      {},
      { constructor: 'x' },
      JSON.parse('{"constructor":"x","__proto__":"y"}') as Record<string, unknown>,
      Object.assign(Object.create(null) as Record<string, unknown>, { constructor: 'z', 值: 'v' }),
      { constructor: 'x', 值: undefined },
      { constructor: 'x', 值: undefined, 其他: undefined },
    ];
    rows.forEach((values, i) => same(fast, reference, values, i + 1, true));
  });

  it('agrees with a catalog item named _delete', () => {
    const items = [item('编号', 'C', { isKey: true, position: 1 }), item('_delete', 'L', { position: 2 })];
    const fast = compileRecordSchema(items);
    const reference = compileReference(items);
    for (const flag of DELETES) same(fast, reference, { 编号: 'A', _delete: flag }, 1, true);
  });

  it('agrees on a resource without key items', () => {
    const items = [item('名称', 'C', { required: true, position: 1 })];
    const fast = compileRecordSchema(items);
    const reference = compileReference(items);
    for (const values of [{ 名称: 'x' }, {}, { 名称: 'x', _delete: true }])
      same(fast, reference, values, 1, true);
  });

  it('agrees on a resource of many items (several generated functions)', () => {
    const types = ['C', 'I', 'D', 'T', 'N', 'L', 'M', 'Y'];
    const items = Array.from({ length: 130 }, (_, i) =>
      item(i % 17 === 5 ? String(i) : `项${i}`, types[i % types.length]!, {
        position: 130 - i,
        isKey: i === 7 || i === 90,
        required: i % 5 === 0,
        length: i % 3 === 0 ? 8 : null,
      }),
    );
    const fast = compileRecordSchema(items, { today: TODAY });
    const reference = compileReference(items, { today: TODAY });
    const pools: Record<string, readonly unknown[]> = {
      I: NUMBERS,
      N: NUMBERS,
      Y: NUMBERS,
      D: DATES,
      T: TIMES,
      L: LOGICALS,
    };
    const rng = prng(130);
    for (let r = 0; r < 400; r++) {
      const values: Record<string, unknown> = {};
      for (const it of items) {
        if (rng.chance(0.3) && !(r % 2 === 0 && (it.required || it.isKey))) continue;
        values[it.name] = rng.chance(0.9) ? rng.pick(pools[it.dataType] ?? TEXTS) : anyValue(rng);
      }
      same(fast, reference, values, r + 1, rng.chance(0.5));
    }
  });

  it('keeps item names data: a name cannot inject code into the generated validator', () => {
    const hostile = [
      '"); globalThis.__tongbanInjected = 1; ("',
      "'); globalThis.__tongbanInjected = 1; ('",
      '`${(globalThis.__tongbanInjected = 1)}`',
      '*/ globalThis.__tongbanInjected = 1; /*',
      '\\n} globalThis.__tongbanInjected = 1; {',
      'line\nbreak\u2028\u2029',
    ];
    const items = hostile.map((name, position) =>
      item(name, position === 0 ? 'I' : 'C', { position, isKey: position === 0, required: position === 1 }),
    );
    const fast = compileRecordSchema(items, { today: TODAY });
    const reference = compileReference(items, { today: TODAY });
    const values = Object.fromEntries(hostile.map((name, i) => [name, i === 0 ? 1 : `值${i}`]));
    const r = fast.check(values, 1);
    expect(r).toMatchObject({ ok: true, json: JSON.stringify(values) });
    same(fast, reference, values, 1, false);
    same(fast, reference, { [hostile[0]!]: 'x' }, 2, false);
    expect((globalThis as { __tongbanInjected?: number }).__tongbanInjected).toBeUndefined();
  });
});
