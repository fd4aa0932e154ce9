import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileQuery,
  printName,
  printString,
  QueryError,
  type OpenDataset,
  type OpenQueryParams,
} from '../../src/modules/open/query/index.ts';
import { createTestDb, ENGINES, type TestDb } from '../support/db.ts';

// ---------------------------------------------------------------------------------------------------------
// 200 records with Chinese field names, from a seeded generator

interface Person {
  编号: number;
  姓名: string;
  区县: string;
  金额: number | null;
  年龄: number;
  出生日期: string;
  登记时间: string;
  已核验: boolean;
  备注: string | null;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DISTRICTS = ['海淀区', '朝阳区', '东城区', '西城区', '丰台区'];
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽强', '磊', '洋', '艳', '国庆'];
const NOTES = [
  '折扣50%',
  '50元',
  '100%_完成',
  'a_b',
  'axb',
  'AB 级',
  'ab',
  '已完成',
  "O'Brien",
  'back\\slash',
  '普通',
];

const rand = mulberry32(20240131);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const pad = (n: number) => String(n).padStart(2, '0');

const PEOPLE: Person[] = Array.from({ length: 200 }, (_, i) => {
  const year = 1950 + Math.floor(rand() * 56);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const at = new Date(
    Date.UTC(2024, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28), Math.floor(rand() * 24)),
  );
  return {
    编号: i + 1,
    姓名: pick(SURNAMES) + pick(GIVEN),
    区县: pick(DISTRICTS),
    金额: rand() < 0.1 ? null : Math.round(rand() * 100_000) / 100,
    年龄: 2024 - year,
    出生日期: `${year}-${pad(month)}-${pad(day)}`,
    登记时间: at.toISOString(),
    已核验: rand() < 0.6,
    备注: rand() < 0.15 ? null : pick(NOTES),
  };
});

const DATASET: OpenDataset = {
  columns: [
    { name: '编号', type: 'integer', sql: "((r.record->>'编号')::int)" },
    { name: '姓名', type: 'text', sql: "(r.record->>'姓名')" },
    { name: '区县', type: 'text', sql: "(r.record->>'区县')" },
    { name: '金额', type: 'number', sql: "((r.record->>'金额')::numeric)" },
    { name: '年龄', type: 'integer', sql: "((r.record->>'年龄')::int)" },
    { name: '出生日期', type: 'date', sql: "((r.record->>'出生日期')::date)" },
    { name: '登记时间', type: 'datetime', sql: "((r.record->>'登记时间')::timestamptz)" },
    { name: '已核验', type: 'boolean', sql: "((r.record->>'已核验')::boolean)" },
    { name: '备注', type: 'text', sql: "(r.record->>'备注')" },
  ],
  from: 'open_rec r',
  limits: {
    maxLimit: 1000,
    defaultLimit: 1000,
    maxSelect: 20,
    maxWhereNodes: 300,
    maxDepth: 40,
    maxInList: 20,
  },
};

const cents = (x: number) => Math.round(x * 100);
const sumCents = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x === null ? 0 : cents(x)), 0);

describe.each(ENGINES)('open-data query language on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine, { migrate: false });
    await t.db.exec('CREATE TABLE open_rec (id int PRIMARY KEY, record jsonb NOT NULL)');
    // Absent fields are left out of the record, as a record with a missing value would be.
    const records = PEOPLE.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null)));
    await t.db.query(
      `INSERT INTO open_rec SELECT (x->>'编号')::int, x FROM jsonb_array_elements($1::jsonb) x`,
      [JSON.stringify(records)],
    );
  });
  afterAll(() => t.drop());

  async function run(params: OpenQueryParams): Promise<Record<string, unknown>[]> {
    const q = compileQuery(params, DATASET);
    const { rows } = await t.db.query(q.sql, q.params);
    return rows;
  }
  const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r['编号']);
  const byId = (a: Person, b: Person) => a.编号 - b.编号;

  it('filters, orders and pages like the same computation in JavaScript', async () => {
    const rows = await run({
      $select: '编号, 姓名, 金额',
      $where: "金额 > 300.5 AND 区县 IN ('海淀区', '朝阳区') AND NOT 已核验 = false",
      $order: '金额 DESC, 编号',
      $limit: '15',
      $offset: '3',
    });
    const expected = PEOPLE.filter(
      (p) => p.金额 !== null && p.金额 > 300.5 && ['海淀区', '朝阳区'].includes(p.区县) && p.已核验,
    )
      .sort((a, b) => (b.金额 ?? 0) - (a.金额 ?? 0) || a.编号 - b.编号)
      .slice(3, 18);
    expect(expected.length).toBeGreaterThan(5);
    expect(rows.map((r) => [r['编号'], r['姓名'], Number(r['金额'])])).toEqual(
      expected.map((p) => [p.编号, p.姓名, p.金额]),
    );
    expect(Object.keys(rows[0] ?? {})).toEqual(['编号', '姓名', '金额']);
  });

  it('compiles comparisons of every type: dates, datetimes, booleans, BETWEEN, NOT IN, IS NULL', async () => {
    const cases: [OpenQueryParams, (p: Person) => boolean][] = [
      [
        { $where: "出生日期 >= '1980-01-01' AND 出生日期 < '1990-01-01'" },
        (p) => p.出生日期 >= '1980-01-01' && p.出生日期 < '1990-01-01',
      ],
      [
        { $where: "登记时间 >= '2024-06-01T08:00:00+08:00'" },
        (p) => new Date(p.登记时间) >= new Date('2024-06-01T00:00:00Z'),
      ],
      [{ $where: '已核验 AND 金额 IS NULL' }, (p) => p.已核验 && p.金额 === null],
      [{ $where: 'NOT 已核验 OR 备注 IS NULL' }, (p) => !p.已核验 || p.备注 === null],
      [{ $where: "年龄 BETWEEN '30' AND 40.5" }, (p) => p.年龄 >= 30 && p.年龄 <= 40.5],
      [{ $where: '年龄 NOT BETWEEN 30 AND 70' }, (p) => p.年龄 < 30 || p.年龄 > 70],
      [
        { $where: "区县 NOT IN ('海淀区', '朝阳区') AND 金额 != 0" },
        (p) => !['海淀区', '朝阳区'].includes(p.区县) && p.金额 !== null && p.金额 !== 0,
      ],
      [
        { $where: "upper(备注) = 'AB' OR lower(备注) = 'ab 级'" },
        (p) => p.备注 === 'ab' || p.备注 === 'AB 级',
      ],
      [{ $where: "备注 = 'O''Brien'" }, (p) => p.备注 === "O'Brien"],
      [{ $where: "date_trunc_ym(出生日期) = '1970-03-01'" }, (p) => p.出生日期.startsWith('1970-03')],
      [{ $where: 'date_trunc_ymd(登记时间) <= 登记时间 AND date_trunc_y(出生日期) <= 出生日期' }, () => true],
    ];
    for (const [params, filter] of cases) {
      const rows = await run({ $select: '编号', ...params, $order: '编号' });
      expect(ids(rows), JSON.stringify(params)).toEqual(
        PEOPLE.filter(filter)
          .sort(byId)
          .map((p) => p.编号),
      );
    }
  });

  it('matches text literally with contains, starts_with and $q, and with wildcards with LIKE', async () => {
    const cases: [OpenQueryParams, (p: Person) => boolean][] = [
      [{ $where: "contains(备注, '50%')" }, (p) => p.备注?.includes('50%') ?? false],
      [{ $where: "contains(备注, '_')" }, (p) => p.备注?.includes('_') ?? false],
      [{ $where: "contains(备注, '\\')" }, (p) => p.备注?.includes('\\') ?? false],
      [{ $where: "starts_with(备注, '100%_')" }, (p) => p.备注?.startsWith('100%_') ?? false],
      [{ $where: "备注 LIKE 'a_b'" }, (p) => p.备注 === 'a_b' || p.备注 === 'axb'],
      [{ $where: "备注 LIKE '%完成'" }, (p) => p.备注?.endsWith('完成') ?? false],
      [{ $where: "备注 NOT LIKE '%5%'" }, (p) => p.备注 !== null && !p.备注.includes('5')],
      [{ $where: "姓名 LIKE '张_'" }, (p) => p.姓名.startsWith('张') && p.姓名.length === 2],
      [{ $q: '50%' }, (p) => [p.姓名, p.区县, p.备注].some((v) => v?.includes('50%'))],
      [{ $q: 'ab' }, (p) => [p.姓名, p.区县, p.备注].some((v) => v?.toLowerCase().includes('ab'))],
      [{ $q: '海淀', $where: '年龄 > 50' }, (p) => p.区县.includes('海淀') && p.年龄 > 50],
    ];
    for (const [params, filter] of cases) {
      const expected = PEOPLE.filter(filter)
        .sort(byId)
        .map((p) => p.编号);
      expect(expected.length, JSON.stringify(params)).toBeGreaterThan(0);
      const rows = await run({ $select: '编号', ...params, $order: '编号' });
      expect(ids(rows), JSON.stringify(params)).toEqual(expected);
    }
  });

  it('groups with count, sum, avg, min and max', async () => {
    const rows = await run({
      $select:
        '区县, count(*) AS 人数, count(金额), sum(金额) AS 总额, avg(年龄) AS 平均年龄, min(出生日期), max(年龄)',
      $where: '已核验',
      $group: '区县',
    });
    const groups = new Map<string, Person[]>();
    for (const p of PEOPLE.filter((x) => x.已核验)) groups.set(p.区县, [...(groups.get(p.区县) ?? []), p]);
    expect(rows).toHaveLength(groups.size);
    for (const row of rows) {
      const ps = groups.get(row['区县'] as string) ?? [];
      expect(Object.keys(row)).toEqual([
        '区县',
        '人数',
        'count_金额',
        '总额',
        '平均年龄',
        'min_出生日期',
        'max_年龄',
      ]);
      expect(Number(row['人数'])).toBe(ps.length);
      expect(Number(row['count_金额'])).toBe(ps.filter((p) => p.金额 !== null).length);
      expect(cents(Number(row['总额']))).toBe(sumCents(ps.map((p) => p.金额)));
      expect(Number(row['平均年龄'])).toBeCloseTo(ps.reduce((s, p) => s + p.年龄, 0) / ps.length, 9);
      expect(row['min_出生日期']).toBe(ps.map((p) => p.出生日期).sort()[0]);
      expect(row['max_年龄']).toBe(Math.max(...ps.map((p) => p.年龄)));
    }
  });

  it('filters groups with $having, by alias and by aggregate, and orders by an alias', async () => {
    const counts = new Map<string, number>();
    const sums = new Map<string, number>();
    for (const p of PEOPLE) {
      counts.set(p.区县, (counts.get(p.区县) ?? 0) + 1);
      sums.set(p.区县, (sums.get(p.区县) ?? 0) + (p.金额 === null ? 0 : cents(p.金额)));
    }
    const threshold = [...counts.values()].sort((a, b) => a - b)[2] ?? 0;
    const rows = await run({
      $select: '区县, count(*) AS n',
      $group: '区县',
      $having: `n >= ${threshold} AND sum(金额) > 0`,
      $order: 'n DESC',
    });
    const expected = [...counts].filter(([d, n]) => n >= threshold && (sums.get(d) ?? 0) > 0);
    expect(rows.map((r) => [r['区县'], Number(r['n'])]).sort()).toEqual(expected.sort());
    const ns = rows.map((r) => Number(r['n']));
    expect(ns).toEqual([...ns].sort((a, b) => b - a));

    const top = await run({
      $select: '区县, sum(金额) AS 总额',
      $group: '区县',
      $order: '总额 DESC',
      $limit: '2',
    });
    const best = [...sums.values()].sort((a, b) => b - a).slice(0, 2);
    expect(top.map((r) => cents(Number(r['总额'])))).toEqual(best);
  });

  it('groups by a truncated date, by its alias', async () => {
    const rows = await run({
      $select: 'date_trunc_y(出生日期) AS 年份, count(*) AS n',
      $where: "出生日期 >= '1990-01-01'",
      $group: '年份',
      $order: '年份',
    });
    const years = new Map<string, number>();
    for (const p of PEOPLE.filter((x) => x.出生日期 >= '1990-01-01')) {
      const y = p.出生日期.slice(0, 4) + '-01-01';
      years.set(y, (years.get(y) ?? 0) + 1);
    }
    expect(rows.map((r) => [r['年份'], Number(r['n'])])).toEqual([...years].sort());
  });

  it('returns output names with quotes and backquotes intact as row keys', async () => {
    const q = compileQuery(
      {
        $select: "编号 AS `a\"b`, 姓名 AS `it's`, 区县 AS `x``y`, '\"; DROP TABLE open_rec; --' AS 值",
        $order: '`a"b`',
        $limit: '1',
      },
      DATASET,
    );
    const { rows } = await t.db.query(q.sql, q.params);
    expect(rows).toEqual([
      { 'a"b': 1, "it's": PEOPLE[0]?.姓名, 'x`y': PEOPLE[0]?.区县, 值: '"; DROP TABLE open_rec; --' },
    ]);
    expect(q.columns.map((c) => c.name)).toEqual(Object.keys(rows[0] ?? {}));
    expect((await t.db.query('SELECT count(*)::int AS n FROM open_rec')).rows).toEqual([{ n: 200 }]);
  });

  it('runs random well-formed queries without a database error', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        let q;
        try {
          q = compileQuery(params, DATASET);
        } catch (e) {
          if (e instanceof QueryError)
            throw new Error(
              `${JSON.stringify(params)}: ${e.code} in ${e.param} at ${e.position}: ${e.message}`,
              { cause: e },
            );
          throw e;
        }
        const { rows } = await t.db.query(q.sql, q.params);
        if (rows[0]) expect(Object.keys(rows[0])).toEqual(q.columns.map((c) => c.name));
        expect(rows.length).toBeLessThanOrEqual(Number(params.$limit ?? 1000));
      }),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Random well-formed queries over DATASET

type Kind = 'text' | 'number' | 'date' | 'datetime' | 'boolean';
const COLUMNS: Record<Kind, string[]> = {
  text: ['姓名', '区县', '备注'],
  number: ['金额', '年龄', '编号'],
  date: ['出生日期'],
  datetime: ['登记时间'],
  boolean: ['已核验'],
};
const KINDS: Kind[] = ['text', 'number', 'date', 'datetime', 'boolean'];
const OPS = ['=', '!=', '<', '<=', '>', '>='];

const col = (k: Kind) => fc.constantFrom(...COLUMNS[k]).map(printName);
const textLit = fc
  .oneof(
    fc.constantFrom(...NOTES, '海淀区', "'; DROP TABLE open_rec; --", '$1', '%', '_', '\\', '"'),
    fc.string({ maxLength: 6 }),
  )
  .filter((s) => !s.includes('\0'))
  .map(printString);
const numLit = fc.oneof(
  fc.integer({ min: -1000, max: 100_000 }).map(String),
  fc.tuple(fc.nat(1000), fc.nat(99)).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom("'42'", '1e3', '-0.5', '99999999999999999999999999'),
);
const day = fc.date({ min: new Date('1940-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
const dateLit = day.map((d) => printString(d.toISOString().slice(0, 10)));
const datetimeLit = fc.oneof(
  day.map((d) => printString(d.toISOString())),
  day.map((d) => printString(d.toISOString().slice(0, 16) + '+08:00')),
);
const trunc = (k: 'date' | 'datetime') =>
  fc
    .tuple(fc.constantFrom('date_trunc_y', 'date_trunc_ym', 'date_trunc_ymd'), col(k))
    .map(([f, c]) => `${f}(${c})`);

/** Non-literal expressions (groupable). */
function term(k: Kind): fc.Arbitrary<string> {
  switch (k) {
    case 'text':
      return fc.oneof(
        col('text'),
        fc.tuple(fc.constantFrom('upper', 'lower'), col('text')).map(([f, c]) => `${f}(${c})`),
      );
    case 'date':
    case 'datetime':
      return fc.oneof(col(k), trunc(k));
    default:
      return col(k);
  }
}
function value(k: Kind): fc.Arbitrary<string> {
  const lit = {
    text: textLit,
    number: numLit,
    date: dateLit,
    datetime: datetimeLit,
    boolean: fc.constantFrom('true', 'false', "'true'"),
  }[k];
  return fc.oneof({ weight: 3, arbitrary: term(k) }, { weight: 1, arbitrary: lit });
}
const kind = fc.constantFrom(...KINDS);
const leaf: fc.Arbitrary<string> = fc.oneof(
  col('boolean'),
  kind.chain((k) =>
    fc.tuple(value(k), fc.constantFrom(...OPS), value(k)).map(([a, op, b]) => `(${a} ${op} ${b})`),
  ),
  kind.chain((k) => fc.tuple(value(k), fc.boolean()).map(([a, n]) => `(${a} IS ${n ? 'NOT ' : ''}NULL)`)),
  kind.chain((k) =>
    fc
      .tuple(value(k), fc.boolean(), fc.array(value(k), { minLength: 1, maxLength: 4 }))
      .map(([a, n, xs]) => `(${a} ${n ? 'NOT ' : ''}IN (${xs.join(', ')}))`),
  ),
  kind.chain((k) =>
    fc
      .tuple(value(k), fc.boolean(), value(k), value(k))
      .map(([a, n, lo, hi]) => `(${a} ${n ? 'NOT ' : ''}BETWEEN ${lo} AND ${hi})`),
  ),
  fc.tuple(value('text'), fc.boolean(), textLit).map(([a, n, p]) => `(${a} ${n ? 'NOT ' : ''}LIKE ${p})`),
  fc
    .tuple(fc.constantFrom('contains', 'starts_with'), value('text'), textLit)
    .map(([f, a, s]) => `${f}(${a}, ${s})`),
);
const conditionOf: fc.Arbitrary<string>[] = [leaf];
for (let d = 1; d <= 3; d++) {
  const below = conditionOf[d - 1] as fc.Arbitrary<string>;
  conditionOf.push(
    fc.oneof(
      { weight: 2, arbitrary: below },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(' AND ', ' OR '), fc.array(below, { minLength: 2, maxLength: 3 }))
          .map(([op, xs]) => `(${xs.join(op)})`),
      },
      { weight: 1, arbitrary: below.map((x) => `(NOT ${x})`) },
    ),
  );
}
const condition = conditionOf[3] as fc.Arbitrary<string>;
const aggregate = fc.oneof(
  fc.constant('count(*)'),
  kind.chain((k) => term(k).map((x) => `count(${x})`)),
  fc.tuple(fc.constantFrom('sum', 'avg'), col('number')).map(([f, c]) => `${f}(${c})`),
  fc
    .tuple(fc.constantFrom('min', 'max'), fc.constantFrom<Kind>('text', 'number', 'date', 'datetime'))
    .chain(([f, k]) => term(k).map((x) => `${f}(${x})`)),
);
const dir = fc.constantFrom('', ' ASC', ' DESC');
/** Mostly absent: paging and $q make most results empty. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const paging = fc.record({
  $limit: rarely(fc.nat(300).map(String)),
  $offset: rarely(fc.nat(250).map(String)),
  $q: rarely(fc.constantFrom('海淀', '50%', 'a_b', '\\', "'")),
});

const plain: fc.Arbitrary<OpenQueryParams> = fc
  .tuple(
    fc.array(fc.oneof(kind.chain(value), condition), { minLength: 1, maxLength: 4 }),
    fc.option(condition, { nil: undefined }),
    fc.array(fc.tuple(kind.chain(value), dir), { maxLength: 3 }),
    paging,
  )
  .map(([items, where, order, page]) => ({
    $select: items.map((x, i) => (i % 2 ? `${x} AS \`列 ${i}"\`` : x)).join(', '),
    $where: where,
    $order: order.length ? order.map(([x, d]) => x + d).join(', ') : undefined,
    ...page,
  }));

const grouped: fc.Arbitrary<OpenQueryParams> = fc
  .tuple(
    fc.array(kind.chain(term), { maxLength: 2 }),
    fc.array(aggregate, { minLength: 1, maxLength: 3 }),
    fc.option(condition, { nil: undefined }),
    fc.option(
      fc
        .tuple(
          fc.constantFrom('count(*)', 'sum(金额)', 'avg(年龄)', 'min(编号)'),
          fc.constantFrom(...OPS),
          numLit,
        )
        .map(([a, op, n]) => `${a} ${op} ${n}`),
      { nil: undefined },
    ),
    fc.array(fc.tuple(fc.nat(10), dir), { maxLength: 3 }),
    paging,
  )
  .map(([groups, aggregates, where, having, order, page]) => {
    const items = [...groups.map((g, i) => `${g} AS g${i}`), ...aggregates.map((a, i) => `${a} AS a${i}`)];
    const names = items.map((x) => x.slice(x.lastIndexOf(' AS ') + 4));
    return {
      $select: items.join(', '),
      $where: where,
      $group: groups.length ? groups.map((_, i) => `g${i}`).join(', ') : undefined,
      $having: having,
      $order: order.length ? order.map(([i, d]) => `${names[i % names.length]}${d}`).join(', ') : undefined,
      ...page,
    };
  });

const query = fc.oneof(plain, grouped);
