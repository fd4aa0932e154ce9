import { describe, expect, it } from 'vitest';
import {
  compileQuery,
  parseExpression,
  printExpr,
  QUERY_ERRORS,
  QueryError,
  type CompiledQuery,
  type OpenDataset,
  type OpenQueryParams,
  type QueryErrorCode,
  type QueryParamName,
} from '../../src/modules/open/query/index.ts';

const NAME = "(r.record->>'姓名')";
const DISTRICT = "(r.record->>'区县')";
const AMOUNT = "((r.record->>'金额')::numeric)";
const AGE = "((r.record->>'年龄')::int)";
const BIRTH = "((r.record->>'出生日期')::date)";
const AT = "((r.record->>'登记时间')::timestamptz)";
const CHECKED = "((r.record->>'已核验')::boolean)";
const NOTE = "(r.record->>'备注 说明')";

const DS: OpenDataset = {
  columns: [
    { name: '姓名', type: 'text', sql: NAME },
    { name: '区县', type: 'text', sql: DISTRICT },
    { name: '金额', type: 'number', sql: AMOUNT },
    { name: '年龄', type: 'integer', sql: AGE },
    { name: '出生日期', type: 'date', sql: BIRTH },
    { name: '登记时间', type: 'datetime', sql: AT },
    { name: '已核验', type: 'boolean', sql: CHECKED },
    { name: '备注 说明', type: 'text', sql: NOTE },
    { name: 'amount', type: 'number', sql: 'r.amount' },
  ],
  from: 'open_record r',
  limits: { maxLimit: 1000, defaultLimit: 100, maxSelect: 10, maxWhereNodes: 40, maxDepth: 8, maxInList: 5 },
};

const q = (params: OpenQueryParams, dataset: OpenDataset = DS): CompiledQuery =>
  compileQuery(params, dataset);

/** The WHERE clause of `SELECT 姓名 … WHERE <x> LIMIT …`, and the params. */
function where(condition: string): { where: string; params: unknown[] } {
  const r = q({ $select: '姓名', $where: condition });
  const m =
    /^SELECT \(r\.record->>'姓名'\) AS "姓名" FROM open_record r WHERE (.*) LIMIT \$\d+ OFFSET \$\d+$/.exec(
      r.sql,
    );
  expect(m, r.sql).not.toBeNull();
  return { where: m?.[1] ?? '', params: r.params.slice(0, -2) };
}

function fails(params: OpenQueryParams, dataset: OpenDataset = DS): QueryError {
  try {
    q(params, dataset);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`compiled: ${JSON.stringify(params)}`);
}

function expectError(
  params: OpenQueryParams,
  code: QueryErrorCode,
  param: QueryParamName,
  position: number,
  dataset: OpenDataset = DS,
): QueryError {
  const e = fails(params, dataset);
  expect({ code: e.code, param: e.param, position: e.position, message: e.message }).toEqual({
    code,
    param,
    position,
    message: e.message,
  });
  return e;
}

describe('open-data query: good queries', () => {
  it('selects every column by default, with the default limit and offset 0 as parameters', () => {
    const r = q({});
    expect(r.sql).toBe(
      `SELECT ${NAME} AS "姓名", ${DISTRICT} AS "区县", ${AMOUNT} AS "金额", ${AGE} AS "年龄", ${BIRTH} AS "出生日期", ` +
        `${AT} AS "登记时间", ${CHECKED} AS "已核验", ${NOTE} AS "备注 说明", r.amount AS "amount" ` +
        'FROM open_record r LIMIT $1 OFFSET $2',
    );
    expect(r.params).toEqual([100, 0]);
    expect(r.columns).toEqual([
      { name: '姓名', type: 'text' },
      { name: '区县', type: 'text' },
      { name: '金额', type: 'number' },
      { name: '年龄', type: 'integer' },
      { name: '出生日期', type: 'date' },
      { name: '登记时间', type: 'datetime' },
      { name: '已核验', type: 'boolean' },
      { name: '备注 说明', type: 'text' },
      { name: 'amount', type: 'number' },
    ]);
    expect(q({ $select: ' * ', $where: '  ', $limit: '' }).sql).toBe(r.sql);
  });

  it('compiles a filter with every literal as a parameter', () => {
    const r = q({
      $select: '姓名, 金额',
      $where: "金额 > 100 AND 区县 = '海淀区'",
      $limit: '20',
      $offset: '40',
    });
    expect(r.sql).toBe(
      `SELECT ${NAME} AS "姓名", ${AMOUNT} AS "金额" FROM open_record r ` +
        `WHERE ((${AMOUNT} > $1::numeric) AND (${DISTRICT} = $2::text)) LIMIT $3 OFFSET $4`,
    );
    expect(r.params).toEqual(['100', '海淀区', 20, 40]);
    expect(r.columns).toEqual([
      { name: '姓名', type: 'text' },
      { name: '金额', type: 'number' },
    ]);
  });

  it('gives AND precedence over OR, and NOT over both; keywords in any case', () => {
    expect(where("姓名 = 'a' or 姓名 = 'b' AnD NOT 已核验")).toEqual({
      where: `((${NAME} = $1::text) OR ((${NAME} = $2::text) AND (NOT ${CHECKED})))`,
      params: ['a', 'b'],
    });
    expect(where("(姓名 = 'a' OR 姓名 = 'b') and not (已核验)").where).toBe(
      `(((${NAME} = $1::text) OR (${NAME} = $2::text)) AND (NOT ${CHECKED}))`,
    );
    expect(where('NOT NOT 已核验').where).toBe(`(NOT (NOT ${CHECKED}))`);
  });

  it('compiles every comparison operator; != and <> are the same', () => {
    for (const [op, sql] of [
      ['=', '='],
      ['!=', '<>'],
      ['<>', '<>'],
      ['<', '<'],
      ['<=', '<='],
      ['>', '>'],
      ['>=', '>='],
    ])
      expect(where(`年龄 ${op} 18`).where).toBe(`(${AGE} ${sql} $1::numeric)`);
    expect(where('年龄>=18').where).toBe(`(${AGE} >= $1::numeric)`);
  });

  it('handles quotes in strings and backquoted names', () => {
    expect(where("姓名 = 'O''Brien'")).toEqual({ where: `(${NAME} = $1::text)`, params: ["O'Brien"] });
    expect(where("姓名 = ''")).toEqual({ where: `(${NAME} = $1::text)`, params: [''] });
    expect(where("`备注 说明` = '\"; DROP TABLE x; --'")).toEqual({
      where: `(${NOTE} = $1::text)`,
      params: ['"; DROP TABLE x; --'],
    });
    expect(where('`姓名` IS NULL').where).toBe(`(${NAME} IS NULL)`);
    const r = q({ $select: "姓名 AS `a``b\"c`, 区县 AS 所在区县, 'x' AS `it's`" });
    expect(r.sql).toBe(
      `SELECT ${NAME} AS "a\`b""c", ${DISTRICT} AS "所在区县", $1::text AS "it's" FROM open_record r LIMIT $2 OFFSET $3`,
    );
    expect(r.params).toEqual(['x', 100, 0]);
    expect(r.columns.map((c) => c.name)).toEqual(['a`b"c', '所在区县', "it's"]);
  });

  it('accepts Chinese and other Unicode identifiers, digits and _ after the first letter', () => {
    const dataset: OpenDataset = {
      ...DS,
      columns: [
        { name: '统一社会信用代码', type: 'text', sql: 'r.c1' },
        { name: 'größe_2', type: 'number', sql: 'r.c2' },
        { name: '_x1', type: 'integer', sql: 'r.c3' },
        { name: '2024年', type: 'integer', sql: 'r.c4' },
      ],
    };
    const r = q(
      {
        $select: '统一社会信用代码, größe_2',
        $where: "统一社会信用代码 = '911' AND größe_2 > _x1 AND `2024年` > 0",
      },
      dataset,
    );
    expect(r.sql).toBe(
      'SELECT r.c1 AS "统一社会信用代码", r.c2 AS "größe_2" FROM open_record r ' +
        'WHERE ((r.c1 = $1::text) AND (r.c2 > r.c3) AND (r.c4 > $2::numeric)) LIMIT $3 OFFSET $4',
    );
    expect(r.params).toEqual(['911', '0', 100, 0]);
    // A name starting with a digit needs backquotes.
    expectError({ $where: '2024年 > 0' }, 'OPEN_QUERY_SYNTAX', '$where', 5, dataset);
  });

  it('compiles IN, NOT IN, BETWEEN, NOT BETWEEN, IS [NOT] NULL', () => {
    expect(where("区县 IN ('海淀区', '朝阳区')")).toEqual({
      where: `(${DISTRICT} IN ($1::text, $2::text))`,
      params: ['海淀区', '朝阳区'],
    });
    expect(where('年龄 not in (1, -2, 3.5)')).toEqual({
      where: `(${AGE} NOT IN ($1::numeric, $2::numeric, $3::numeric))`,
      params: ['1', '-2', '3.5'],
    });
    expect(where('金额 BETWEEN 10 AND 1e3 AND 已核验')).toEqual({
      where: `((${AMOUNT} BETWEEN $1::numeric AND $2::numeric) AND ${CHECKED})`,
      params: ['10', '1e3'],
    });
    expect(where("出生日期 NOT BETWEEN '2000-01-01' AND '2000-12-31'")).toEqual({
      where: `(${BIRTH} NOT BETWEEN $1::date AND $2::date)`,
      params: ['2000-01-01', '2000-12-31'],
    });
    expect(where('金额 IS NULL OR 金额 is not null').where).toBe(
      `((${AMOUNT} IS NULL) OR (${AMOUNT} IS NOT NULL))`,
    );
  });

  it('turns LIKE into a parameter with the backslash escaped, keeping % and _ as wildcards', () => {
    expect(where("姓名 LIKE '张%'")).toEqual({ where: `(${NAME} LIKE $1::text)`, params: ['张%'] });
    expect(where("姓名 NOT LIKE 'a_b\\%'")).toEqual({
      where: `(${NAME} NOT LIKE $1::text)`,
      params: ['a_b\\\\%'],
    });
  });

  it('escapes %, _ and \\ in contains and starts_with, which match literal text', () => {
    expect(where("contains(`备注 说明`, '50%_\\')")).toEqual({
      where: `(${NOTE} LIKE $1::text)`,
      params: ['%50\\%\\_\\\\%'],
    });
    expect(where("starts_with(upper(姓名), 'ABC%')")).toEqual({
      where: `(upper(${NAME}) LIKE $1::text)`,
      params: ['ABC\\%%'],
    });
    expect(where("CONTAINS(lower(姓名), '''')")).toEqual({
      where: `(lower(${NAME}) LIKE $1::text)`,
      params: ["%'%"],
    });
  });

  it('types string literals by what they are compared with', () => {
    expect(where("金额 = '12.5' AND 年龄 < '+3'")).toEqual({
      where: `((${AMOUNT} = $1::numeric) AND (${AGE} < $2::numeric))`,
      params: ['12.5', '+3'],
    });
    expect(where("'2024-02-29' <= 出生日期")).toEqual({
      where: `($1::date <= ${BIRTH})`,
      params: ['2024-02-29'],
    });
    expect(where("登记时间 >= '2024-01-31T08:00:00+08:00' AND 登记时间 < '2024-02-01'")).toEqual({
      where: `((${AT} >= $1::timestamptz) AND (${AT} < $2::timestamptz))`,
      params: ['2024-01-31T08:00:00+08:00', '2024-02-01'],
    });
    expect(where("已核验 = true OR 已核验 = 'FALSE'")).toEqual({
      where: `((${CHECKED} = $1::boolean) OR (${CHECKED} = $2::boolean))`,
      params: [true, false],
    });
    expect(where("'a' = 'b'")).toEqual({ where: '($1::text = $2::text)', params: ['a', 'b'] });
    expect(where('金额 > 年龄 AND amount = 金额').where).toBe(
      `((${AMOUNT} > ${AGE}) AND (r.amount = ${AMOUNT}))`,
    );
  });

  it('compiles upper, lower and date truncation', () => {
    expect(where("upper(姓名) = 'ABC' AND LOWER(区县) = 'x'").where).toBe(
      `((upper(${NAME}) = $1::text) AND (lower(${DISTRICT}) = $2::text))`,
    );
    expect(where("date_trunc_ym(出生日期) = '2000-01-01'")).toEqual({
      where: `((date_trunc('month', ${BIRTH}::timestamp)::date) = $1::date)`,
      params: ['2000-01-01'],
    });
    expect(
      where("date_trunc_y(登记时间) > '2020-01-01' AND date_trunc_ymd(出生日期) IS NOT NULL").where,
    ).toBe(
      `((date_trunc('year', ${AT}) > $1::timestamptz) AND ((date_trunc('day', ${BIRTH}::timestamp)::date) IS NOT NULL))`,
    );
  });

  it('groups, aggregates, filters groups with $having and orders by an alias', () => {
    const r = q({
      $select: '区县, count(*) AS 人数, sum(金额) AS 总额, avg(年龄), min(出生日期), max(姓名)',
      $where: '已核验 = true',
      $group: '区县',
      $having: '人数 >= 2 AND sum(金额) > 1000.5',
      $order: '人数 DESC, 区县',
      $limit: '10',
    });
    expect(r.sql).toBe(
      `SELECT ${DISTRICT} AS "区县", count(*) AS "人数", sum(${AMOUNT}) AS "总额", avg(${AGE}) AS "avg_年龄", ` +
        `min(${BIRTH}) AS "min_出生日期", max(${NAME}) AS "max_姓名" FROM open_record r ` +
        `WHERE (${CHECKED} = $1::boolean) GROUP BY ${DISTRICT} ` +
        `HAVING ((count(*) >= $2::numeric) AND (sum(${AMOUNT}) > $3::numeric)) ` +
        'ORDER BY "人数" DESC, "区县" ASC LIMIT $4 OFFSET $5',
    );
    expect(r.params).toEqual([true, '2', '1000.5', 10, 0]);
    expect(r.columns).toEqual([
      { name: '区县', type: 'text' },
      { name: '人数', type: 'integer' },
      { name: '总额', type: 'number' },
      { name: 'avg_年龄', type: 'number' },
      { name: 'min_出生日期', type: 'date' },
      { name: 'max_姓名', type: 'text' },
    ]);
  });

  it('groups by an alias or an expression, and orders by an aggregate not selected', () => {
    const r = q({
      $select: 'date_trunc_ym(出生日期) AS 月份, upper(区县) AS 区, count(年龄), sum(年龄)',
      $group: '月份, upper(区县)',
      $order: 'count(*) desc, 月份 ASC',
    });
    const month = `(date_trunc('month', ${BIRTH}::timestamp)::date)`;
    expect(r.sql).toBe(
      `SELECT ${month} AS "月份", upper(${DISTRICT}) AS "区", count(${AGE}) AS "count_年龄", sum(${AGE}) AS "sum_年龄" ` +
        `FROM open_record r GROUP BY ${month}, upper(${DISTRICT}) ORDER BY count(*) DESC, "月份" ASC LIMIT $1 OFFSET $2`,
    );
    expect(r.columns.map((c) => c.type)).toEqual(['date', 'text', 'integer', 'integer']);
  });

  it('aggregates without $group into one row; $having without $group too', () => {
    expect(q({ $select: 'count(*), sum(金额)' }).sql).toBe(
      `SELECT count(*) AS "count", sum(${AMOUNT}) AS "sum_金额" FROM open_record r LIMIT $1 OFFSET $2`,
    );
    expect(q({ $select: 'count(*) AS n', $having: 'n > 0' }).sql).toBe(
      'SELECT count(*) AS "n" FROM open_record r HAVING (count(*) > $1::numeric) LIMIT $2 OFFSET $3',
    );
  });

  it('allows grouped columns inside expressions of $select, $having and $order', () => {
    const r = q({
      $select: "区县, upper(区县) = 'X' AS 是否X, count(*)",
      $group: '区县',
      $having: "lower(区县) != 'y'",
      $order: "contains(区县, '海') DESC",
    });
    expect(r.sql).toBe(
      `SELECT ${DISTRICT} AS "区县", (upper(${DISTRICT}) = $1::text) AS "是否X", count(*) AS "count" ` +
        `FROM open_record r GROUP BY ${DISTRICT} HAVING (lower(${DISTRICT}) <> $2::text) ` +
        `ORDER BY (${DISTRICT} LIKE $3::text) DESC LIMIT $4 OFFSET $5`,
    );
    expect(r.params).toEqual(['X', 'y', '%海%', 100, 0]);
  });

  it('names unnamed items after Socrata and makes repeated names unique', () => {
    const r = q({ $select: "count(*), count(*), sum(金额), 'lit', max(姓名) AS expr4" });
    expect(r.columns.map((c) => c.name)).toEqual(['count', 'count_2', 'sum_金额', 'expr4_2', 'expr4']);
    expect(q({ $select: "contains(姓名, 'x'), upper(姓名), 金额 > 1" }).columns).toEqual([
      { name: 'expr1', type: 'boolean' },
      { name: 'upper_姓名', type: 'text' },
      { name: 'expr3', type: 'boolean' },
    ]);
    expect(q({ $select: '姓名, 姓名' }).columns.map((c) => c.name)).toEqual(['姓名', '姓名_2']);
    expect(q({ $select: '姓名 AS 姓名' }).columns.map((c) => c.name)).toEqual(['姓名']);
  });

  it('orders by columns and expressions, ascending by default', () => {
    const r = q({ $select: '姓名', $order: '金额 DESC, upper(姓名), 出生日期 asc' });
    expect(r.sql).toBe(
      `SELECT ${NAME} AS "姓名" FROM open_record r ORDER BY ${AMOUNT} DESC, upper(${NAME}) ASC, ${BIRTH} ASC LIMIT $1 OFFSET $2`,
    );
    // A bare name that is an output name refers to the output column.
    expect(q({ $select: '姓名 AS n', $order: 'n desc' }).sql).toBe(
      `SELECT ${NAME} AS "n" FROM open_record r ORDER BY "n" DESC LIMIT $1 OFFSET $2`,
    );
  });

  it('searches every text column with $q, case-insensitively and literally', () => {
    const r = q({ $select: '金额', $q: ' 50%_x ', $where: '金额 > 0' });
    expect(r.sql).toBe(
      `SELECT ${AMOUNT} AS "金额" FROM open_record r WHERE (${AMOUNT} > $1::numeric) AND ` +
        `((${NAME} ILIKE $2::text) OR (${DISTRICT} ILIKE $3::text) OR (${NOTE} ILIKE $4::text)) LIMIT $5 OFFSET $6`,
    );
    expect(r.params).toEqual(['0', '%50\\%\\_x%', '%50\\%\\_x%', '%50\\%\\_x%', 100, 0]);
    const noText: OpenDataset = { ...DS, columns: [{ name: 'n', type: 'number', sql: 'r.n' }] };
    expect(q({ $q: 'x' }, noText).sql).toBe(
      'SELECT r.n AS "n" FROM open_record r WHERE FALSE LIMIT $1 OFFSET $2',
    );
  });

  it('reads $limit and $offset as whole numbers', () => {
    expect(q({ $select: '姓名', $limit: ' 1000 ', $offset: '0' }).params).toEqual([1000, 0]);
    expect(q({ $select: '姓名', $limit: '0', $offset: '1000000' }).params).toEqual([0, 1000000]);
  });

  it('keeps a trusted column expression as it is when it is one unit, else parenthesizes it', () => {
    const dataset: OpenDataset = {
      ...DS,
      columns: [
        { name: 'a', type: 'text', sql: 'r.a || r.b' },
        { name: 'b', type: 'text', sql: '(r.a) || (r.b)' },
        { name: 'c', type: 'text', sql: "(r.record->>'x)y')" },
        { name: 'd', type: 'text', sql: 'r.d' },
      ],
    };
    expect(q({}, dataset).sql).toBe(
      'SELECT (r.a || r.b) AS "a", ((r.a) || (r.b)) AS "b", (r.record->>\'x)y\') AS "c", r.d AS "d" ' +
        'FROM open_record r LIMIT $1 OFFSET $2',
    );
  });

  it('prints an expression back to text that parses to the same tree', () => {
    const text =
      "NOT (`备注 说明` LIKE 'a''%' OR 年龄 NOT IN (1, -2)) AND count(*) >= 2 AND 已核验 IS NOT NULL";
    const strip = (x: unknown): unknown =>
      JSON.parse(JSON.stringify(x), (k: string, v: unknown) => (k === 'pos' ? undefined : v));
    const printed = printExpr(parseExpression(text));
    expect(printed).toBe(
      "((NOT ((`备注 说明` LIKE 'a''%') OR (年龄 NOT IN (1, -2)))) AND (count(*) >= 2) AND (已核验 IS NOT NULL))",
    );
    expect(strip(parseExpression(printed))).toEqual(strip(parseExpression(text)));
  });
});

describe('open-data query: errors say what and where', () => {
  it('is one error class with a code, the parameter, a 1-based position and two languages', () => {
    const e = expectError({ $where: '金额 > 1 AND 未知列 = 2' }, 'OPEN_QUERY_UNKNOWN_COLUMN', '$where', 12);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('QueryError');
    expect(e.message).toBe("Unknown column '未知列'");
    expect(e.messageZh).toBe('不存在的列「未知列」');
    expect(e.localized('zh')).toBe(e.messageZh);
    expect(e.details).toEqual({ param: '$where', position: 12 });
    expect(QUERY_ERRORS[e.code].status).toBe(400);
  });

  it('reports syntax errors at the offending token', () => {
    expectError({ $where: '金额 >' }, 'OPEN_QUERY_SYNTAX', '$where', 5); // at the end
    expectError({ $where: "姓名 = 'abc" }, 'OPEN_QUERY_SYNTAX', '$where', 6); // the unclosed quote
    expectError({ $where: '(金额 > 1' }, 'OPEN_QUERY_SYNTAX', '$where', 8);
    expectError({ $where: "金额 > 1; DROP TABLE x; --'" }, 'OPEN_QUERY_SYNTAX', '$where', 7);
    expectError({ $where: '姓名 = "x"' }, 'OPEN_QUERY_SYNTAX', '$where', 6);
    expectError({ $where: '金额 > 1 金额' }, 'OPEN_QUERY_SYNTAX', '$where', 8);
    expectError({ $where: '金额 = 1 = 2' }, 'OPEN_QUERY_SYNTAX', '$where', 8);
    expectError({ $where: '姓名 IS 5' }, 'OPEN_QUERY_SYNTAX', '$where', 7);
    expectError({ $where: '金额 BETWEEN 1 OR 2' }, 'OPEN_QUERY_SYNTAX', '$where', 14);
    expectError({ $where: "金额 = -'1'" }, 'OPEN_QUERY_SYNTAX', '$where', 7);
    expectError({ $where: '`` = 1' }, 'OPEN_QUERY_SYNTAX', '$where', 1);
    expectError({ $where: '`姓名 = 1' }, 'OPEN_QUERY_SYNTAX', '$where', 1);
    expectError({ $where: '姓名 = $1' }, 'OPEN_QUERY_SYNTAX', '$where', 6);
    expectError({ $where: '姓名 IN ()' }, 'OPEN_QUERY_SYNTAX', '$where', 8);
    expectError({ $where: "姓名 = 'a\0'" }, 'OPEN_QUERY_SYNTAX', '$where', 8);
    expectError({ $where: "姓名 = '\ud800'" }, 'OPEN_QUERY_SYNTAX', '$where', 7);
    expectError({ $select: '姓名,' }, 'OPEN_QUERY_SYNTAX', '$select', 4);
    expectError({ $select: '姓名 AS and' }, 'OPEN_QUERY_SYNTAX', '$select', 7);
    expectError({ $select: '姓名 区县' }, 'OPEN_QUERY_SYNTAX', '$select', 4);
    expectError({ $order: '姓名 DESC ASC' }, 'OPEN_QUERY_SYNTAX', '$order', 9);
    expectError({ $group: '区县,, 姓名' }, 'OPEN_QUERY_SYNTAX', '$group', 4);
    expectError({ $where: 'sum(*) > 1', $select: 'count(*)' }, 'OPEN_QUERY_GROUP', '$where', 1);
    expectError({ $limit: '1O' }, 'OPEN_QUERY_SYNTAX', '$limit', 2);
    expectError({ $offset: '-1' }, 'OPEN_QUERY_SYNTAX', '$offset', 1);
    expectError({ $q: 'a\0' }, 'OPEN_QUERY_SYNTAX', '$q', 2);
  });

  it('counts positions in characters, not UTF-16 units', () => {
    expectError({ $where: "`𝒳𝒳` = 'a' AND 未知 = 1" }, 'OPEN_QUERY_UNKNOWN_COLUMN', '$where', 1);
    expectError({ $where: "姓名 = '𝒳𝒳' AND 未知 = 1" }, 'OPEN_QUERY_UNKNOWN_COLUMN', '$where', 15);
  });

  it('refuses unknown columns and functions', () => {
    expectError({ $select: '姓名, 年纪' }, 'OPEN_QUERY_UNKNOWN_COLUMN', '$select', 5);
    expectError({ $order: '`姓 名`' }, 'OPEN_QUERY_UNKNOWN_COLUMN', '$order', 1);
    expectError({ $group: '姓名x' }, 'OPEN_QUERY_UNKNOWN_COLUMN', '$group', 1);
    // Aliases are not columns in $where.
    expectError({ $select: '姓名 AS n', $where: "n = 'a'" }, 'OPEN_QUERY_UNKNOWN_COLUMN', '$where', 1);
    // Column names are case-sensitive, keywords and functions are not.
    expectError({ $where: 'AMOUNT > 1' }, 'OPEN_QUERY_UNKNOWN_COLUMN', '$where', 1);
    const e = expectError({ $where: "pg_sleep(10) = 'x'" }, 'OPEN_QUERY_UNKNOWN_FUNCTION', '$where', 1);
    expect(e.message).toContain('upper');
    expectError(
      { $select: 'count(*), 姓名 AS x', $where: "substr(姓名, 1) = 'x'" },
      'OPEN_QUERY_UNKNOWN_FUNCTION',
      '$where',
      1,
    );
    expectError({ $having: 'random() > 1' }, 'OPEN_QUERY_UNKNOWN_FUNCTION', '$having', 1);
  });

  it('refuses type mismatches at the offending value', () => {
    expectError({ $where: "金额 = 'abc'" }, 'OPEN_QUERY_TYPE', '$where', 6);
    expectError({ $where: "年龄 IN (1, '2', 'x')" }, 'OPEN_QUERY_TYPE', '$where', 16);
    expectError({ $where: '姓名 = 5' }, 'OPEN_QUERY_TYPE', '$where', 6);
    expectError({ $where: '5 = 姓名' }, 'OPEN_QUERY_TYPE', '$where', 1);
    expectError({ $where: '姓名 = 金额' }, 'OPEN_QUERY_TYPE', '$where', 6);
    expectError({ $where: "出生日期 = '2023-02-29'" }, 'OPEN_QUERY_TYPE', '$where', 8);
    expectError({ $where: "出生日期 > '2024-13-01'" }, 'OPEN_QUERY_TYPE', '$where', 8);
    expectError({ $where: "出生日期 > '2024-01-31T08:00'" }, 'OPEN_QUERY_TYPE', '$where', 8);
    expectError({ $where: "出生日期 > '0000-01-01'" }, 'OPEN_QUERY_TYPE', '$where', 8);
    expectError({ $where: "登记时间 > '2024-01-31T24:00'" }, 'OPEN_QUERY_TYPE', '$where', 8);
    expectError({ $where: "已核验 = 'yes'" }, 'OPEN_QUERY_TYPE', '$where', 7);
    expectError({ $where: '出生日期 > 登记时间' }, 'OPEN_QUERY_TYPE', '$where', 8);
    expectError({ $where: '金额 = null' }, 'OPEN_QUERY_TYPE', '$where', 6);
    expectError({ $where: '金额 IN (1, null)' }, 'OPEN_QUERY_TYPE', '$where', 11);
    expectError({ $where: '金额' }, 'OPEN_QUERY_TYPE', '$where', 1);
    expectError({ $where: "'true'" }, 'OPEN_QUERY_TYPE', '$where', 1);
    expectError({ $where: '已核验 AND 年龄' }, 'OPEN_QUERY_TYPE', '$where', 9);
    expectError({ $where: 'NOT 姓名' }, 'OPEN_QUERY_TYPE', '$where', 5);
    expectError({ $where: "金额 LIKE '1%'" }, 'OPEN_QUERY_TYPE', '$where', 1);
    expectError({ $where: '姓名 LIKE 区县' }, 'OPEN_QUERY_TYPE', '$where', 9);
    expectError({ $where: 'contains(姓名, 区县)' }, 'OPEN_QUERY_TYPE', '$where', 14);
    expectError({ $where: 'contains(姓名)' }, 'OPEN_QUERY_TYPE', '$where', 1);
    expectError({ $where: "upper(金额) = 'X'" }, 'OPEN_QUERY_TYPE', '$where', 7);
    expectError({ $where: "date_trunc_ym(姓名) = '2024-01-01'" }, 'OPEN_QUERY_TYPE', '$where', 15);
    expectError({ $where: '金额 > 1e400' }, 'OPEN_QUERY_TYPE', '$where', 6);
    expectError({ $where: '金额 > 1e-400' }, 'OPEN_QUERY_TYPE', '$where', 6);
    expectError({ $select: 'sum(姓名)' }, 'OPEN_QUERY_TYPE', '$select', 5);
    expectError({ $select: 'avg(出生日期)' }, 'OPEN_QUERY_TYPE', '$select', 5);
    expectError({ $select: 'max(已核验)' }, 'OPEN_QUERY_TYPE', '$select', 5);
    expectError({ $select: 'sum(*)' }, 'OPEN_QUERY_TYPE', '$select', 5);
    expectError({ $select: 'upper(*)' }, 'OPEN_QUERY_TYPE', '$select', 7);
    expectError({ $select: 'null' }, 'OPEN_QUERY_TYPE', '$select', 1);
    expectError({ $having: 'count(*)' }, 'OPEN_QUERY_TYPE', '$having', 1);
  });

  it('refuses wrong use of grouping and aggregates', () => {
    expectError({ $select: '区县, 姓名, count(*)', $group: '区县' }, 'OPEN_QUERY_GROUP', '$select', 5);
    expectError({ $select: '姓名, count(*)' }, 'OPEN_QUERY_GROUP', '$select', 1);
    expectError({ $select: '姓名', $group: '区县' }, 'OPEN_QUERY_GROUP', '$select', 1);
    expectError({ $select: '*', $group: '区县' }, 'OPEN_QUERY_GROUP', '$select', 1);
    expectError({ $select: 'upper(区县)', $group: 'lower(区县)' }, 'OPEN_QUERY_GROUP', '$select', 7);
    expectError({ $where: 'count(*) > 1' }, 'OPEN_QUERY_GROUP', '$where', 1);
    expectError({ $select: 'sum(count(*))' }, 'OPEN_QUERY_GROUP', '$select', 5);
    expectError({ $select: 'count(*) AS n, 区县', $group: 'n' }, 'OPEN_QUERY_GROUP', '$group', 1);
    expectError({ $select: 'count(*) AS n', $group: 'count(*)' }, 'OPEN_QUERY_GROUP', '$group', 1);
    expectError({ $select: 'count(*) AS n', $having: 'sum(n) > 1' }, 'OPEN_QUERY_GROUP', '$having', 5);
    expectError(
      { $select: '区县, count(*)', $group: '区县', $having: "姓名 = 'a'" },
      'OPEN_QUERY_GROUP',
      '$having',
      1,
    );
    expectError(
      { $select: '区县, count(*)', $group: '区县', $order: '金额' },
      'OPEN_QUERY_GROUP',
      '$order',
      1,
    );
    expectError({ $select: '姓名', $order: 'count(*)' }, 'OPEN_QUERY_GROUP', '$select', 1);
    expectError(
      { $select: "contains(姓名, 'x') AS c, count(*)", $group: "contains(姓名, 'x')" },
      'OPEN_QUERY_GROUP',
      '$group',
      14,
    );
    expectError(
      { $select: "contains(姓名, 'x') AS c, count(*)", $group: 'c' },
      'OPEN_QUERY_GROUP',
      '$group',
      1,
    );
  });

  it('knows an expression over an aggregate is an aggregate', () => {
    expectError(
      { $select: "contains(max(姓名), 'x') AS c, count(*)", $group: 'c' },
      'OPEN_QUERY_GROUP',
      '$group',
      1,
    );
    expectError({ $select: "contains(max(姓名), 'x') AS c, 姓名" }, 'OPEN_QUERY_GROUP', '$select', 30);
    expect(q({ $select: "contains(max(姓名), 'x') AS c" }).sql).toBe(
      `SELECT (max(${NAME}) LIKE $1::text) AS "c" FROM open_record r LIMIT $2 OFFSET $3`,
    );
  });

  it('refuses bad output names', () => {
    expectError({ $select: '姓名 AS a, 区县 AS a' }, 'OPEN_QUERY_ALIAS', '$select', 16);
    expectError({ $select: 'upper(姓名) AS 区县' }, 'OPEN_QUERY_ALIAS', '$select', 14);
    expectError({ $select: `姓名 AS ${'名'.repeat(22)}` }, 'OPEN_QUERY_ALIAS', '$select', 7);
    expect(q({ $select: `姓名 AS ${'名'.repeat(21)}` }).columns[0]?.name).toBe('名'.repeat(21));
    const long: OpenDataset = { ...DS, columns: [{ name: '列'.repeat(21), type: 'number', sql: 'r.x' }] };
    expectError({ $select: `sum(${'列'.repeat(21)})` }, 'OPEN_QUERY_ALIAS', '$select', 1, long);
  });

  it('limits the size of a query', () => {
    expectError({ $where: '金额 IN (1, 2, 3, 4, 5, 6)' }, 'OPEN_QUERY_TOO_COMPLEX', '$where', 23);
    expect(q({ $where: '金额 IN (1, 2, 3, 4, 5)' }).params).toHaveLength(7);
    expectError({ $where: '(((((((((已核验)))))))))' }, 'OPEN_QUERY_TOO_COMPLEX', '$where', 9);
    expect(q({ $where: '((((((((已核验))))))))' }).sql).toContain(`WHERE ${CHECKED} LIMIT`);
    expectError({ $where: 'NOT '.repeat(9) + '已核验' }, 'OPEN_QUERY_TOO_COMPLEX', '$where', 33);
    expectError(
      { $where: Array.from({ length: 15 }, (_, i) => `年龄 = ${i}`).join(' OR ') },
      'OPEN_QUERY_TOO_COMPLEX',
      '$where',
      139,
    );
    expectError({ $select: Array(11).fill('姓名').join(', ') }, 'OPEN_QUERY_TOO_COMPLEX', '$select', 41);
    expectError({ $order: Array(11).fill('姓名').join(', ') }, 'OPEN_QUERY_TOO_COMPLEX', '$order', 41);
    const short: OpenDataset = { ...DS, limits: { ...DS.limits, maxLength: 10 } };
    expectError({ $where: "姓名 = '12345'" }, 'OPEN_QUERY_TOO_COMPLEX', '$where', 11, short);
    expectError({ $q: '12345678901' }, 'OPEN_QUERY_TOO_COMPLEX', '$q', 11, short);
    // Deep nesting is refused before it can exhaust the stack.
    const deep: OpenDataset = {
      ...DS,
      limits: { ...DS.limits, maxLength: 1_000_000, maxWhereNodes: 1_000_000, maxDepth: 30 },
    };
    expect(fails({ $where: '('.repeat(100_000) + '已核验' + ')'.repeat(100_000) }, deep).code).toBe(
      'OPEN_QUERY_TOO_COMPLEX',
    );
    expect(fails({ $where: 'upper('.repeat(50_000) + '姓名' + ')'.repeat(50_000) }, deep).code).toBe(
      'OPEN_QUERY_TOO_COMPLEX',
    );
  });

  it('limits $limit and $offset', () => {
    expectError({ $limit: '1001' }, 'OPEN_QUERY_LIMIT', '$limit', 1);
    expectError({ $limit: ' 99999999999999999999999' }, 'OPEN_QUERY_LIMIT', '$limit', 2);
    expectError({ $offset: '1000001' }, 'OPEN_QUERY_LIMIT', '$offset', 1);
    expectError({ $limit: '1.5' }, 'OPEN_QUERY_SYNTAX', '$limit', 2);
  });

  it('reports the first error from the left', () => {
    expectError({ $where: "未知 = 1 AND 金额 = 'x'" }, 'OPEN_QUERY_UNKNOWN_COLUMN', '$where', 1);
    expectError({ $where: "金额 = 'x' AND 未知 = 1" }, 'OPEN_QUERY_TYPE', '$where', 6);
    expectError({ $where: '金额 = 1 AND (', $select: '未知' }, 'OPEN_QUERY_SYNTAX', '$where', 13);
  });

  it('throws TypeError for a malformed dataset (a programming error)', () => {
    expect(() => q({}, { ...DS, columns: [] })).toThrow(TypeError);
    expect(() => q({}, { ...DS, columns: [DS.columns[0]!, DS.columns[0]!] })).toThrow(TypeError);
    expect(() => q({}, { ...DS, columns: [{ name: '长'.repeat(22), type: 'text', sql: 'x' }] })).toThrow(
      TypeError,
    );
  });
});
