import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileQuery,
  parseExpression,
  printExpr,
  printGroup,
  printName,
  printOrder,
  printSelect,
  printString,
  QUERY_ERRORS,
  QUERY_PARAM_NAMES,
  QueryError,
  type CompiledQuery,
  type Expr,
  type OpenDataset,
  type OpenQueryParams,
  type OrderItem,
  type SelectItem,
} from '../../src/modules/open/query/index.ts';

const DS: OpenDataset = {
  columns: [
    { name: '姓名', type: 'text', sql: "(r.record->>'姓名')" },
    { name: '区县', type: 'text', sql: "(r.record->>'区县')" },
    { name: '备注 说明', type: 'text', sql: "(r.record->>'备注 说明')" },
    { name: '金额', type: 'number', sql: "((r.record->>'金额')::numeric)" },
    { name: '年龄', type: 'integer', sql: "((r.record->>'年龄')::int)" },
    { name: 'amount', type: 'number', sql: 'r.amount' },
    { name: '出生日期', type: 'date', sql: "((r.record->>'出生日期')::date)" },
    { name: '登记时间', type: 'datetime', sql: "((r.record->>'登记时间')::timestamptz)" },
    { name: '已核验', type: 'boolean', sql: "((r.record->>'已核验')::boolean)" },
  ],
  from: 'open_record r',
  limits: {
    maxLimit: 1000,
    defaultLimit: 100,
    maxSelect: 20,
    maxWhereNodes: 400,
    maxDepth: 40,
    maxInList: 10,
  },
};

// -------------------------------------------------------------------------------------------------------
// (b) What a compiled query may consist of

const TRUSTED = [DS.from, ...DS.columns.map((c) => c.sql)].sort((a, b) => b.length - a.length);
const KEYWORDS =
  /^(?:SELECT|FROM|WHERE|GROUP BY|HAVING|ORDER BY|LIMIT|OFFSET|AS|ASC|DESC|AND|OR|NOT|IS|NULL|IN|BETWEEN|ILIKE|LIKE|FALSE)\b/;
const PLACEHOLDER = /^\$(\d+)(?:::(?:text|numeric|date|timestamptz|boolean))?/;
const FIXED = [
  /^\s+/,
  /^(?:upper|lower|count|sum|avg|min|max|date_trunc)\(/,
  /^'(?:year|month|day)'/,
  /^::(?:timestamp|date)\b/,
  /^(?:<>|<=|>=|=|<|>|\(|\)|,|\*)/,
];

/**
 * Scans the SQL from the left: every piece must be a trusted string of the dataset, a quoted output name that
 * is one of the result's column names, a `$n` placeholder (numbered 1, 2, … in order) or fixed vocabulary.
 */
function assertSafe(r: CompiledQuery): void {
  const names = new Set(r.columns.map((c) => c.name));
  let rest = r.sql;
  let placeholders = 0;
  scan: while (rest.length > 0) {
    for (const t of TRUSTED)
      if (rest.startsWith(t)) {
        rest = rest.slice(t.length);
        continue scan;
      }
    const quoted = /^"((?:[^"]|"")*)"/.exec(rest);
    if (quoted) {
      expect(names, r.sql).toContain((quoted[1] ?? '').replaceAll('""', '"'));
      rest = rest.slice(quoted[0].length);
      continue;
    }
    const p = PLACEHOLDER.exec(rest);
    if (p) {
      placeholders++;
      expect(Number(p[1]), r.sql).toBe(placeholders);
      rest = rest.slice(p[0].length);
      continue;
    }
    const k = KEYWORDS.exec(rest);
    if (k) {
      rest = rest.slice(k[0].length);
      continue;
    }
    const f = FIXED.map((re) => re.exec(rest)).find((m) => m);
    if (f) {
      rest = rest.slice(f[0].length);
      continue;
    }
    expect.fail(`unexpected SQL text at «${rest.slice(0, 40)}» in ${r.sql}`);
  }
  expect(placeholders, r.sql).toBe(r.params.length);
  expect(r.sql).toMatch(/ LIMIT \$\d+ OFFSET \$\d+$/);
  // No parameter value appears in the text (outside the quoted output names, which are the user's names).
  const outside = r.sql.replace(/"(?:[^"]|"")*"/g, ' ');
  for (const value of r.params)
    if (typeof value === 'string' && /[^\sA-Za-z0-9_()'.:,*=<>$-]/.test(value))
      expect(outside).not.toContain(value);
}

/** Compiles, and on success checks the SQL; any error but a well-formed QueryError fails the property. */
function compileOrRefuse(params: OpenQueryParams): CompiledQuery | QueryError {
  try {
    const r = compileQuery(params, DS);
    assertSafe(r);
    return r;
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    expect(Object.keys(QUERY_ERRORS)).toContain(e.code);
    expect(QUERY_PARAM_NAMES).toContain(e.param);
    const source = params[e.param] ?? '';
    expect(Number.isInteger(e.position), e.message).toBe(true);
    expect(e.position).toBeGreaterThanOrEqual(1);
    expect(e.position).toBeLessThanOrEqual(Array.from(source).length + 1);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.messageZh.length).toBeGreaterThan(0);
    return e;
  }
}

// -------------------------------------------------------------------------------------------------------
// (a) Random text and random token sequences

const HOSTILE = [
  "'; DROP TABLE x; --",
  '"; DROP TABLE x; --',
  '$1',
  '$$',
  '`',
  '"',
  "'",
  '\\',
  '/*',
  '*/',
  '--',
  ';',
  '::',
  "E'\\x00'",
  'pg_sleep(10)',
  'SELECT',
  '𝒳',
  '\u3000',
  '\u200b',
  '\ufeff',
  'é',
  '\n',
  '\t',
  '%',
  '_',
  '\0',
  '\ud800',
];

const TOKENS = [
  ...DS.columns.map((c) => printName(c.name)),
  '`备注 说明`',
  '未知',
  ...['AND', 'or', 'NOT', 'IS', 'null', 'IN', 'BETWEEN', 'like', 'TRUE', 'false', 'AS', 'ASC', 'desc'],
  ...['count(*)', 'count(', 'sum(', 'avg(', 'min(', 'max(', 'upper(', 'lower(', 'contains(', 'starts_with('],
  ...['date_trunc_y(', 'date_trunc_ym(', 'date_trunc_ymd(', 'pg_sleep(', 'eval('],
  ...['(', ')', ',', '*', '-', '=', '!=', '<>', '<', '<=', '>', '>='],
  ...['1', '0', '2.5', '1e3', '-3', '1e400', '99999999999999999999'],
  ...[
    "'abc'",
    "'2024-01-31'",
    "'2024-02-30'",
    "'2024-01-31T08:00:00Z'",
    "'O''Brien'",
    "'50%'",
    "''",
    "'true'",
  ],
  ...HOSTILE,
  ...HOSTILE.map((h) => printString(h)),
  ...HOSTILE.map((h) => '`' + h.replaceAll('`', '``') + '`'),
];

const tokenText = fc
  .tuple(fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }), fc.constantFrom(' ', ''))
  .map(([tokens, sep]) => tokens.join(sep));
const SQLISH = Array.from('\'"`$;()-,*=<>!%_\\ \n.:aAeE019姓名金额𝒳\u3000');
const randomText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...SQLISH), maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('(', ')', 'NOT ', 'upper(', '已核验', ' AND ', ' IN ('),
    maxLength: 200,
  }),
);
const paramText = fc.oneof(tokenText, randomText, tokenText);

/** Fragments that compile (alone), so that random combinations compile now and then. */
const VALID: Record<string, string[]> = {
  $select: [
    '姓名',
    '*',
    '区县, 金额 AS x',
    "upper(姓名) AS `'; DROP`",
    "'; DROP TABLE x; --' AS s",
    '`备注 说明`',
  ],
  $where: [
    '金额 > 1',
    "姓名 = '\"; DROP TABLE x; --'",
    "contains(姓名, '%_\\')",
    '已核验 AND 年龄 IN (1, 2)',
    "出生日期 < '2024-01-31'",
  ],
  $group: ['姓名', '区县, 姓名'],
  $having: ['count(*) > 1', "max(姓名) <> '$1'"],
  $order: ['姓名 DESC', '区县, 姓名 ASC'],
  $limit: ['10', '0', '1000'],
  $offset: ['0', '5'],
  $q: ["'; DROP TABLE x; --", '$1', '50%', '\\'],
};

const valid = (name: string) => ({ weight: 6, arbitrary: fc.constantFrom(...(VALID[name] ?? [])) });

const anyParams: fc.Arbitrary<OpenQueryParams> = fc.record(
  {
    $select: fc.oneof(valid('$select'), paramText),
    $where: fc.oneof(valid('$where'), paramText),
    $group: fc.oneof(valid('$group'), paramText),
    $having: fc.oneof(valid('$having'), paramText),
    $order: fc.oneof(valid('$order'), paramText),
    $limit: fc.oneof(valid('$limit'), fc.nat(2000).map(String), randomText),
    $offset: fc.oneof(valid('$offset'), fc.nat(2_000_000).map(String), randomText),
    $q: fc.oneof(valid('$q'), randomText),
  },
  { requiredKeys: [] },
);

describe('open-data query: properties', () => {
  it('(a) any text in any parameter compiles or throws QueryError, never anything else', () => {
    let compiled = 0;
    fc.assert(
      fc.property(anyParams, (params) => {
        if (!(compileOrRefuse(params) instanceof QueryError)) compiled++;
      }),
      { numRuns: 3000 },
    );
    // Some runs get through (mostly with few parameters), so (b) is exercised here too.
    expect(compiled).toBeGreaterThan(50);
  });

  it('(a) one parameter at a time: token sequences of the grammar and hostile strings', () => {
    for (const name of QUERY_PARAM_NAMES)
      fc.assert(
        fc.property(paramText, (text) => {
          compileOrRefuse({ [name]: text });
        }),
        { numRuns: 500 },
      );
  });

  it('(b) a compiled query holds no user text: hostile strings only ever travel as parameters', () => {
    const hostile = fc.constantFrom(...HOSTILE.filter((h) => h !== '\0' && h !== '\ud800'));
    fc.assert(
      fc.property(hostile, hostile, fc.string({ maxLength: 10 }), (h1, h2, s) => {
        const r = compileOrRefuse({
          $select: `姓名, ${printString(h1)} AS lit, contains(姓名, ${printString(h2)}) AS c`,
          $where: `姓名 = ${printString(h1 + s)} OR 姓名 LIKE ${printString(h2)} OR 姓名 IN (${printString(s)}, ${printString(h2)})`,
          $order: `upper(姓名) = ${printString(h2)} DESC`,
          $q: h1 + s,
        });
        expect(r).not.toBeInstanceOf(QueryError);
        const sql = (r as CompiledQuery).sql;
        expect(sql).not.toContain('DROP');
        expect(sql).not.toContain('pg_sleep');
        expect((r as CompiledQuery).params).toContain(h1);
      }),
    );
  });

  it('(b) hostile names become quoted output names or unknown-column errors, never SQL', () => {
    const name = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(name, (n) => {
        const quoted = '`' + n.replaceAll('`', '``') + '`';
        const r = compileOrRefuse({ $select: `count(*) AS ${quoted}`, $order: `${quoted} DESC` });
        if (r instanceof QueryError) expect(['OPEN_QUERY_SYNTAX', 'OPEN_QUERY_ALIAS']).toContain(r.code);
        else expect(r.columns).toEqual([{ name: n, type: 'integer' }]);
        const w = compileOrRefuse({ $where: `${quoted} IS NULL` });
        if (w instanceof QueryError)
          expect(['OPEN_QUERY_SYNTAX', 'OPEN_QUERY_UNKNOWN_COLUMN']).toContain(w.code);
      }),
    );
  });
});

// -------------------------------------------------------------------------------------------------------
// (c) Random well-formed syntax trees, printed back to text

type Kind = 'text' | 'number' | 'date' | 'datetime' | 'boolean';
const COLUMNS: Record<Kind, string[]> = {
  text: ['姓名', '区县', '备注 说明'],
  number: ['金额', '年龄', 'amount'],
  date: ['出生日期'],
  datetime: ['登记时间'],
  boolean: ['已核验'],
};
const KINDS: Kind[] = ['text', 'number', 'date', 'datetime', 'boolean'];

const column = (k: Kind): fc.Arbitrary<Expr> =>
  fc.constantFrom(...COLUMNS[k]).map((name) => ({ kind: 'column', name, pos: 0 }));
const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args, pos: 0 });
const str = (value: string): Expr => ({ kind: 'string', value, pos: 0 });
const stringLit = fc
  .oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE))
  .filter(
    (s) => !s.includes('\0') && !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')),
  )
  .map(str);
const numberLit: fc.Arbitrary<Expr> = fc
  .oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
    fc.tuple(fc.integer({ min: -999, max: 999 }), fc.nat(999)).map(([a, b]) => `${a}.${b}`),
    fc.constantFrom('0', '1e3', '2.5e-3', '123456789012345678901234567890'),
  )
  .map((text) => ({ kind: 'number', text, pos: 0 }));
const day = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true });
const dateLit = day.map((d) => str(d.toISOString().slice(0, 10)));
const datetimeLit = day.map((d) => str(d.toISOString()));

/** Non-literal expressions of a kind (what date_trunc and grouping take). */
function columnExpr(k: Kind): fc.Arbitrary<Expr> {
  switch (k) {
    case 'text':
      return fc.oneof(
        column('text'),
        fc.tuple(fc.constantFrom('upper', 'lower'), column('text')).map(([f, c]) => call(f, c)),
      );
    case 'date':
    case 'datetime':
      return fc.oneof(
        column(k),
        fc
          .tuple(fc.constantFrom('date_trunc_y', 'date_trunc_ym', 'date_trunc_ymd'), column(k))
          .map(([f, c]) => call(f, c)),
      );
    default:
      return column(k);
  }
}

/** Expressions of a kind, literals included. */
function valueOf(k: Kind): fc.Arbitrary<Expr> {
  switch (k) {
    case 'text':
      return fc.oneof({ weight: 3, arbitrary: columnExpr('text') }, { weight: 1, arbitrary: stringLit });
    case 'number':
      return fc.oneof(column('number'), numberLit);
    case 'date':
      return fc.oneof({ weight: 3, arbitrary: columnExpr('date') }, { weight: 1, arbitrary: dateLit });
    case 'datetime':
      return fc.oneof(
        { weight: 3, arbitrary: columnExpr('datetime') },
        { weight: 1, arbitrary: datetimeLit },
      );
    case 'boolean':
      return fc.oneof(
        column('boolean'),
        fc.boolean().map((value): Expr => ({ kind: 'boolean', value, pos: 0 })),
      );
  }
}

const COMPARE_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;

function leafCondition(): fc.Arbitrary<Expr> {
  const kind = fc.constantFrom(...KINDS);
  return fc.oneof(
    valueOf('boolean'),
    kind.chain((k) =>
      fc
        .tuple(fc.constantFrom(...COMPARE_OPS), valueOf(k), valueOf(k))
        .map(([op, left, right]): Expr => ({ kind: 'compare', op, left, right, pos: 0 })),
    ),
    fc
      .tuple(
        fc.oneof(
          kind.chain((k) => valueOf(k)),
          fc.constant<Expr>({ kind: 'null', pos: 0 }),
        ),
        fc.boolean(),
      )
      .map(([operand, negated]): Expr => ({ kind: 'isNull', operand, negated, pos: 0 })),
    kind.chain((k) =>
      fc
        .tuple(valueOf(k), fc.array(valueOf(k), { minLength: 1, maxLength: 4 }), fc.boolean())
        .map(([operand, list, negated]): Expr => ({ kind: 'in', operand, list, negated, pos: 0 })),
    ),
    kind.chain((k) =>
      fc
        .tuple(valueOf(k), valueOf(k), valueOf(k), fc.boolean())
        .map(([operand, low, high, negated]): Expr => ({
          kind: 'between',
          operand,
          low,
          high,
          negated,
          pos: 0,
        })),
    ),
    fc
      .tuple(valueOf('text'), stringLit, fc.boolean())
      .map(([operand, pattern, negated]): Expr => ({ kind: 'like', operand, pattern, negated, pos: 0 })),
    fc
      .tuple(fc.constantFrom('contains', 'starts_with'), valueOf('text'), stringLit)
      .map(([f, a, b]) => call(f, a, b)),
  );
}

const conditionAt: fc.Arbitrary<Expr>[] = [leafCondition()];
for (let depth = 1; depth <= 3; depth++) {
  const below = conditionAt[depth - 1] as fc.Arbitrary<Expr>;
  conditionAt.push(
    fc.oneof(
      { weight: 2, arbitrary: below },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom<'and' | 'or'>('and', 'or'), fc.array(below, { minLength: 2, maxLength: 3 }))
          .map(([kind, operands]): Expr => ({ kind, operands, pos: 0 })),
      },
      { weight: 1, arbitrary: below.map((operand): Expr => ({ kind: 'not', operand, pos: 0 })) },
    ),
  );
}
const condition = conditionAt[3] as fc.Arbitrary<Expr>;

const ALIASES = ['别名', 'n', 'total_1', '合计', 'x y', 'a"b', 'a`b', "it's", '"; DROP TABLE x; --'];

/** Gives each item marked for one an alias from the pool, unique within the query. */
function withAliases(items: { expr: Expr; alias: boolean }[], pool: string[]): SelectItem[] {
  let next = 0;
  return items.map(({ expr, alias }) => {
    const name = alias ? pool[next++] : undefined;
    return name === undefined ? { kind: 'expr', expr } : { kind: 'expr', expr, alias: { name, pos: 0 } };
  });
}

const direction = fc.constantFrom<'asc' | 'desc'>('asc', 'desc');
const anyValue = fc.constantFrom(...KINDS).chain((k) => valueOf(k));

const plainQuery = fc
  .tuple(
    fc.array(fc.record({ expr: fc.oneof(anyValue, condition), alias: fc.boolean() }), {
      minLength: 1,
      maxLength: 5,
    }),
    fc.shuffledSubarray(ALIASES, { minLength: ALIASES.length }),
    fc.option(condition, { nil: undefined }),
    fc.array(fc.record({ expr: anyValue, direction }), { maxLength: 3 }),
  )
  .map(([items, pool, where, order]) => {
    const select = withAliases(items, pool);
    return {
      select,
      where,
      order: order as OrderItem[],
      group: [] as Expr[],
      having: undefined as Expr | undefined,
    };
  });

const AGGREGATES: fc.Arbitrary<Expr> = fc.oneof(
  fc.constant(call('count', { kind: 'star', pos: 0 })),
  fc.constantFrom(...KINDS).chain((k) => columnExpr(k).map((c) => call('count', c))),
  fc.tuple(fc.constantFrom('sum', 'avg'), column('number')).map(([f, c]) => call(f, c)),
  fc
    .tuple(fc.constantFrom('min', 'max'), fc.constantFrom<Kind>('text', 'number', 'date', 'datetime'))
    .chain(([f, k]) => columnExpr(k).map((c) => call(f, c))),
);

const NUMERIC_AGGREGATES: fc.Arbitrary<Expr> = fc.oneof(
  fc.constant(call('count', { kind: 'star', pos: 0 })),
  column('text').map((c) => call('count', c)),
  fc.tuple(fc.constantFrom('sum', 'avg'), column('number')).map(([f, c]) => call(f, c)),
);

const groupedQuery = fc
  .tuple(
    fc.array(
      fc.constantFrom(...KINDS).chain((k) => columnExpr(k)),
      { minLength: 0, maxLength: 2 },
    ),
    fc.array(fc.record({ expr: AGGREGATES, alias: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    fc.shuffledSubarray(ALIASES, { minLength: ALIASES.length }),
    fc.option(condition, { nil: undefined }),
    fc.option(
      fc
        .tuple(NUMERIC_AGGREGATES, fc.constantFrom(...COMPARE_OPS), numberLit)
        .map(([left, op, right]): Expr => ({ kind: 'compare', op, left, right, pos: 0 })),
      { nil: undefined },
    ),
    fc.array(fc.tuple(fc.nat(10), direction), { maxLength: 3 }),
  )
  .map(([groups, aggregates, groupAliases, pool, where, having, orderPicks]) => {
    const items = [...groups.map((expr, i) => ({ expr, alias: groupAliases[i] ?? false })), ...aggregates];
    const select = withAliases(items, pool);
    // Order by an output's alias when it has one, else by its expression.
    const order: OrderItem[] = orderPicks.map(([i, dir]) => {
      const item = select[i % select.length] as Extract<SelectItem, { kind: 'expr' }>;
      return {
        expr: item.alias ? { kind: 'column', name: item.alias.name, pos: 0 } : item.expr,
        direction: dir,
      };
    });
    return { select, where, group: groups, having, order };
  });

function toParams(q: {
  select: SelectItem[];
  where: Expr | undefined;
  group: Expr[];
  having: Expr | undefined;
  order: OrderItem[];
}): OpenQueryParams {
  return {
    $select: printSelect(q.select),
    $where: q.where ? printExpr(q.where) : undefined,
    $group: q.group.length ? printGroup(q.group) : undefined,
    $having: q.having ? printExpr(q.having) : undefined,
    $order: q.order.length ? printOrder(q.order) : undefined,
  };
}

const LOOSE_LIMITS = { maxNodes: 10_000, maxDepth: 100, maxInList: 100, maxItems: 100, maxLength: 100_000 };

const stripPositions = (x: unknown): unknown =>
  JSON.parse(JSON.stringify(x), (k: string, v: unknown) => (k === 'pos' ? undefined : v));

describe('open-data query: generated well-formed queries', () => {
  it('(c) a random well-formed condition, printed, parses back to itself and compiles', () => {
    fc.assert(
      fc.property(condition, (e) => {
        const text = printExpr(e);
        expect(stripPositions(parseExpression(text, LOOSE_LIMITS))).toEqual(stripPositions(e));
        const r = compileOrRefuse({ $where: text });
        if (r instanceof QueryError) expect.fail(`${text}: ${r.code} at ${r.position}: ${r.message}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('(c) random well-formed whole queries, plain and grouped, compile and pass the SQL check', () => {
    fc.assert(
      fc.property(fc.oneof(plainQuery, groupedQuery), (query) => {
        const params = toParams(query);
        const r = compileOrRefuse(params);
        if (r instanceof QueryError)
          expect.fail(`${JSON.stringify(params)}: ${r.code} in ${r.param} at ${r.position}: ${r.message}`);
        expect(r.columns).toHaveLength(query.select.length);
      }),
      { numRuns: 1000 },
    );
  });
});
