/**
 * The compiler: a parsed query and a dataset → one parameterized SELECT. It resolves names (columns, aliases,
 * functions from a fixed list), checks types and grouping, then prints SQL in which every value the user wrote
 * is a `$n` parameter.
 */
import type { Expr, OrderItem, QueryAst, SelectItem } from './ast.ts';
import {
  COLUMN_TYPES,
  MAX_NAME_BYTES,
  utf8Length,
  type ColumnType,
  type OpenColumn,
  type OpenDataset,
  type OpenQueryLimits,
} from './dataset.ts';
import { QueryError, excerpt, type QueryErrorCode, type QueryParamName } from './errors.ts';
import { escapeLike, isValidDate, isValidDatetime, isValidNumber, likePattern } from './literals.ts';
import { parseCondition, parseGroup, parseOrder, parseSelect, tooLong, type ParseLimits } from './parser.ts';

export interface CompiledQuery {
  /** `SELECT … FROM … [WHERE …] [GROUP BY …] [HAVING …] [ORDER BY …] LIMIT $n OFFSET $m`. */
  sql: string;
  /** The values of `$1`, `$2`, … in order: strings (numbers as their decimal text), booleans, and numbers for
   * LIMIT and OFFSET. */
  params: unknown[];
  /** The result's columns in order; each row's keys are these names. */
  columns: { name: string; type: ColumnType }[];
}

/** The query parameters as they arrive: absent, blank or a string. */
export type OpenQueryParams = Partial<Record<QueryParamName, string | undefined>>;

/** The limits with every default filled in. */
function resolveLimits(limits: OpenQueryLimits): Required<OpenQueryLimits> {
  return {
    ...limits,
    maxDepth: limits.maxDepth ?? 20,
    maxInList: limits.maxInList ?? 100,
    maxOffset: limits.maxOffset ?? 1_000_000,
    maxLength: limits.maxLength ?? 4000,
  };
}

function parseLimitsOf(limits: Required<OpenQueryLimits>): ParseLimits {
  return {
    maxNodes: limits.maxWhereNodes,
    maxDepth: limits.maxDepth,
    maxInList: limits.maxInList,
    maxItems: limits.maxSelect,
    maxLength: limits.maxLength,
  };
}

function fail(code: QueryErrorCode, param: QueryParamName, pos: number, en: string, zh: string): never {
  throw new QueryError(code, param, pos, en, zh);
}

/** A whole number for `$limit` or `$offset`, at most `max`. */
function parseCount(param: '$limit' | '$offset', text: string, max: number): number {
  const chars = Array.from(text);
  let start = 0;
  while (start < chars.length && /\s/u.test(chars[start] ?? '')) start++;
  let end = chars.length;
  while (end > start && /\s/u.test(chars[end - 1] ?? '')) end--;
  for (let i = start; i < end; i++)
    if (!/[0-9]/.test(chars[i] ?? ''))
      fail('OPEN_QUERY_SYNTAX', param, i + 1, `${param} must be a whole number`, `${param} 必须是非负整数`);
  const value = Number(chars.slice(start, end).join(''));
  if (value > max)
    fail('OPEN_QUERY_LIMIT', param, start + 1, `${param} may be at most ${max}`, `${param} 不能超过 ${max}`);
  return value;
}

/** NUL and unpaired surrogates cannot reach PostgreSQL as text. */
function checkText(param: QueryParamName, text: string): void {
  const chars = Array.from(text);
  const bad = chars.findIndex((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code === 0 || (code >= 0xd800 && code <= 0xdfff);
  });
  if (bad >= 0)
    fail(
      'OPEN_QUERY_SYNTAX',
      param,
      bad + 1,
      'The text contains a character that is not allowed (NUL or an unpaired surrogate)',
      '文本中含有不允许的字符（NUL 或不成对的代理字符）',
    );
}

const present = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';

/** The query parameters → syntax trees (no dataset needed); a blank parameter counts as absent. */
export function parseQuery(params: OpenQueryParams, limits: OpenQueryLimits): QueryAst {
  const all = resolveLimits(limits);
  const pl = parseLimitsOf(all);
  const ast: QueryAst = {};
  if (present(params.$select)) ast.select = parseSelect(params.$select, pl);
  if (present(params.$where)) ast.where = parseCondition('$where', params.$where, pl);
  if (present(params.$group)) ast.group = parseGroup(params.$group, pl);
  if (present(params.$having)) ast.having = parseCondition('$having', params.$having, pl);
  if (present(params.$order)) ast.order = parseOrder(params.$order, pl);
  for (const name of ['$limit', '$offset', '$q'] as const) {
    const text = params[name];
    if (text !== undefined && tooLong(text, all.maxLength))
      fail(
        'OPEN_QUERY_TOO_COMPLEX',
        name,
        all.maxLength + 1,
        `${name} is longer than ${all.maxLength} characters`,
        `${name} 长度超过 ${all.maxLength} 个字符`,
      );
  }
  if (present(params.$limit)) ast.limit = parseCount('$limit', params.$limit, all.maxLimit);
  if (present(params.$offset)) ast.offset = parseCount('$offset', params.$offset, all.maxOffset);
  if (present(params.$q)) {
    checkText('$q', params.$q);
    ast.q = params.$q.trim();
  }
  return ast;
}

// ---------------------------------------------------------------------------------------------------------
// Types and the typed tree

/** A string literal is `string` until its context gives it a type (text, or a number, date … it must parse as). */
type ValueType = ColumnType | 'null' | 'string';

type Family = 'text' | 'numeric' | 'date' | 'datetime' | 'boolean' | 'null' | 'string';

function family(type: ValueType): Family {
  return type === 'number' || type === 'integer' ? 'numeric' : type;
}

const TYPE_NAMES: Record<ValueType, { en: string; zh: string }> = {
  text: { en: 'text', zh: '文本' },
  number: { en: 'a number', zh: '数值' },
  integer: { en: 'an integer', zh: '整数' },
  date: { en: 'a date', zh: '日期' },
  datetime: { en: 'a date and time', zh: '日期时间' },
  boolean: { en: 'a true/false value', zh: '布尔值' },
  null: { en: 'null', zh: '空值 null' },
  string: { en: 'a string', zh: '字符串' },
};

type Cast = 'text' | 'numeric' | 'date' | 'timestamptz' | 'boolean';

type AggregateName = 'count' | 'sum' | 'avg' | 'min' | 'max';

type Node =
  | { op: 'column'; column: OpenColumn }
  | { op: 'param'; value: string | boolean; cast: Cast }
  | { op: 'string'; value: string }
  | { op: 'null' }
  | { op: 'false' }
  | { op: 'case'; fn: 'upper' | 'lower'; arg: Typed }
  | { op: 'trunc'; unit: 'year' | 'month' | 'day'; arg: Typed }
  | { op: 'match'; arg: Typed; pattern: string; negated: boolean; insensitive: boolean }
  | { op: 'aggregate'; fn: AggregateName; arg: Typed | null }
  | { op: 'compare'; symbol: string; left: Typed; right: Typed }
  | { op: 'logic'; symbol: 'AND' | 'OR'; operands: Typed[] }
  | { op: 'not'; operand: Typed }
  | { op: 'isNull'; operand: Typed; negated: boolean }
  | { op: 'in'; operand: Typed; list: Typed[]; negated: boolean }
  | { op: 'between'; operand: Typed; low: Typed; high: Typed; negated: boolean };

interface Typed {
  type: ValueType;
  /** Where the user wrote it, in the parameter being compiled. */
  pos: number;
  /** Structure: equal keys print equal SQL. A literal's key is unique, so nothing with one equals anything. */
  key: string;
  /** Contains an aggregate function. */
  aggregate: boolean;
  /** Position of the first literal value inside, if any. */
  literalPos: number | undefined;
  node: Node;
}

function children(node: Node): Typed[] {
  switch (node.op) {
    case 'column':
    case 'param':
    case 'string':
    case 'null':
    case 'false':
      return [];
    case 'case':
    case 'trunc':
    case 'match':
      return [node.arg];
    case 'aggregate':
      return node.arg ? [node.arg] : [];
    case 'compare':
      return [node.left, node.right];
    case 'logic':
      return node.operands;
    case 'not':
    case 'isNull':
      return [node.operand];
    case 'in':
      return [node.operand, ...node.list];
    case 'between':
      return [node.operand, node.low, node.high];
  }
}

function make(type: ValueType, pos: number, key: string, node: Node, parts: Typed[] = []): Typed {
  return {
    type,
    pos,
    key,
    node,
    aggregate: node.op === 'aggregate' || parts.some((p) => p.aggregate),
    literalPos: parts.find((p) => p.literalPos !== undefined)?.literalPos,
  };
}

const COMPARE_SQL: Record<string, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

const TRUNC_UNITS = { date_trunc_y: 'year', date_trunc_ym: 'month', date_trunc_ymd: 'day' } as const;

const FUNCTIONS = [
  'upper',
  'lower',
  'starts_with',
  'contains',
  'date_trunc_y',
  'date_trunc_ym',
  'date_trunc_ymd',
  'count',
  'sum',
  'avg',
  'min',
  'max',
];

/** Which names an identifier may mean in one parameter, and whether aggregates are allowed there. */
interface Scope {
  param: QueryParamName;
  aggregates: boolean;
  /** Output names of $select usable here, with their checked expressions. */
  aliases: Map<string, Typed> | undefined;
}

class Checker {
  private inAggregate = false;
  private literals = 0;

  constructor(
    private readonly columns: Map<string, OpenColumn>,
    private readonly scope: Scope,
  ) {}

  private fail(code: QueryErrorCode, pos: number, en: string, zh: string): never {
    fail(code, this.scope.param, pos, en, zh);
  }

  private typeError(pos: number, en: string, zh: string): never {
    this.fail('OPEN_QUERY_TYPE', pos, en, zh);
  }

  private literal(pos: number, node: Node, type: ValueType): Typed {
    const t = make(type, pos, `#${this.scope.param}:${++this.literals}`, node);
    t.literalPos = pos;
    return t;
  }

  /** A string literal given its type, or an error saying why it cannot have it. */
  settle(t: Typed, target: ValueType): Typed {
    if (t.node.op !== 'string') return t;
    const value = t.node.value;
    const shown = excerpt(value);
    const param = (v: string | boolean, cast: Cast, type: ValueType) =>
      this.literal(t.pos, { op: 'param', value: v, cast }, type);
    switch (target) {
      case 'text':
      case 'string':
        return param(value, 'text', 'text');
      case 'number':
      case 'integer':
        if (!isValidNumber(value))
          this.typeError(t.pos, `'${shown}' is not a number`, `「${shown}」不是数值`);
        return param(value, 'numeric', 'number');
      case 'date':
        if (!isValidDate(value))
          this.typeError(
            t.pos,
            `'${shown}' is not a valid date (YYYY-MM-DD)`,
            `「${shown}」不是有效日期（格式为 YYYY-MM-DD）`,
          );
        return param(value, 'date', 'date');
      case 'datetime':
        if (!isValidDatetime(value))
          this.typeError(
            t.pos,
            `'${shown}' is not a valid date and time (YYYY-MM-DDTHH:MM:SS)`,
            `「${shown}」不是有效的日期时间（格式为 YYYY-MM-DDTHH:MM:SS）`,
          );
        return param(value, 'timestamptz', 'datetime');
      case 'boolean': {
        const lower = value.toLowerCase();
        if (lower !== 'true' && lower !== 'false')
          this.typeError(t.pos, `'${shown}' is not true or false`, `「${shown}」不是 true 或 false`);
        return param(lower === 'true', 'boolean', 'boolean');
      }
      case 'null':
        return this.typeError(t.pos, 'Compare with null using IS NULL', '与 null 比较请使用 IS NULL');
    }
  }

  /** A value for SELECT or ORDER BY: a string literal is text; null has no type to return. */
  value(e: Expr): Typed {
    const t = this.settle(this.check(e), 'text');
    if (t.type === 'null') this.typeError(t.pos, 'null is not a value here', '此处不能使用 null');
    return t;
  }

  condition(e: Expr): Typed {
    const t = this.check(e);
    if (t.type !== 'boolean')
      this.typeError(
        t.pos,
        `Expected a condition (true/false) but found ${TYPE_NAMES[t.type].en}`,
        `此处应为条件（布尔值），实际为${TYPE_NAMES[t.type].zh}`,
      );
    return t;
  }

  /** Operands that must be comparable: string literals take the others' type; numbers and integers mix. */
  private unify(items: Typed[]): Typed[] {
    for (const t of items)
      if (t.type === 'null')
        this.typeError(
          t.pos,
          'Test for null with IS NULL or IS NOT NULL',
          '判断空值请使用 IS NULL 或 IS NOT NULL',
        );
    const first = items.find((t) => t.type !== 'string');
    const target: ValueType = first ? first.type : 'text';
    return items.map((t) => {
      if (t.type === 'string') return this.settle(t, target);
      if (family(t.type) !== family(target)) {
        const blame = t.literalPos !== undefined || first?.literalPos === undefined ? t : first;
        this.typeError(
          blame.pos,
          `Cannot compare ${TYPE_NAMES[target].en} with ${TYPE_NAMES[t.type].en}`,
          `${TYPE_NAMES[target].zh}不能与${TYPE_NAMES[t.type].zh}比较`,
        );
      }
      return t;
    });
  }

  private expectType(t: Typed, allowed: ValueType[], what: { en: string; zh: string }): Typed {
    const settled = this.settle(t, allowed[0] ?? 'text');
    if (!allowed.includes(settled.type))
      this.typeError(
        t.pos,
        `${what.en} needs ${allowed.map((a) => TYPE_NAMES[a].en).join(' or ')}, not ${TYPE_NAMES[settled.type].en}`,
        `${what.zh}需要${allowed.map((a) => TYPE_NAMES[a].zh).join('或')}，而不是${TYPE_NAMES[settled.type].zh}`,
      );
    return settled;
  }

  private stringArgument(e: Expr | undefined, pos: number, what: { en: string; zh: string }): string {
    if (!e || e.kind !== 'string')
      this.typeError(
        e?.pos ?? pos,
        `${what.en} needs a quoted string literal`,
        `${what.zh}需要单引号括起的字符串`,
      );
    return e.value;
  }

  check(e: Expr): Typed {
    switch (e.kind) {
      case 'column': {
        const alias = this.scope.aliases?.get(e.name);
        if (alias) {
          if (alias.aggregate && this.inAggregate)
            this.fail(
              'OPEN_QUERY_GROUP',
              e.pos,
              `'${excerpt(e.name)}' is an aggregate and cannot be inside another aggregate`,
              `「${excerpt(e.name)}」是聚合结果，不能嵌套在聚合函数中`,
            );
          return { ...alias, pos: e.pos, literalPos: alias.literalPos === undefined ? undefined : e.pos };
        }
        const column = this.columns.get(e.name);
        if (!column)
          this.fail(
            'OPEN_QUERY_UNKNOWN_COLUMN',
            e.pos,
            `Unknown column '${excerpt(e.name)}'`,
            `不存在的列「${excerpt(e.name)}」`,
          );
        return make(column.type, e.pos, 'c' + JSON.stringify(column.name), { op: 'column', column });
      }
      case 'string':
        return this.literal(e.pos, { op: 'string', value: e.value }, 'string');
      case 'number':
        if (!isValidNumber(e.text))
          this.typeError(
            e.pos,
            `The number ${excerpt(e.text)} is out of range`,
            `数值 ${excerpt(e.text)} 超出范围`,
          );
        return this.literal(e.pos, { op: 'param', value: e.text, cast: 'numeric' }, 'number');
      case 'boolean':
        return this.literal(e.pos, { op: 'param', value: e.value, cast: 'boolean' }, 'boolean');
      case 'null':
        return make('null', e.pos, 'null', { op: 'null' });
      case 'star':
        return this.typeError(e.pos, '* is only allowed in count(*)', '「*」只能用于 count(*)');
      case 'call':
        return this.call(e);
      case 'compare': {
        const [left, right] = this.unify([this.check(e.left), this.check(e.right)]) as [Typed, Typed];
        const symbol = COMPARE_SQL[e.op] ?? '=';
        return make(
          'boolean',
          e.pos,
          `(${left.key}${symbol}${right.key})`,
          { op: 'compare', symbol, left, right },
          [left, right],
        );
      }
      case 'and':
      case 'or': {
        const operands = e.operands.map((o) => this.condition(o));
        const symbol = e.kind === 'and' ? 'AND' : 'OR';
        return make(
          'boolean',
          e.pos,
          `(${operands.map((o) => o.key).join(symbol)})`,
          { op: 'logic', symbol, operands },
          operands,
        );
      }
      case 'not': {
        const operand = this.condition(e.operand);
        return make('boolean', e.pos, `(NOT${operand.key})`, { op: 'not', operand }, [operand]);
      }
      case 'isNull': {
        const operand = this.settle(this.check(e.operand), 'text');
        return make(
          'boolean',
          e.pos,
          `(${operand.key}IS${e.negated ? 'NOT' : ''}NULL)`,
          { op: 'isNull', operand, negated: e.negated },
          [operand],
        );
      }
      case 'in': {
        const [operand, ...list] = this.unify([
          this.check(e.operand),
          ...e.list.map((x) => this.check(x)),
        ]) as [Typed, ...Typed[]];
        return make(
          'boolean',
          e.pos,
          `(${operand.key}${e.negated ? 'NOT' : ''}IN(${list.map((x) => x.key).join(',')}))`,
          { op: 'in', operand, list, negated: e.negated },
          [operand, ...list],
        );
      }
      case 'between': {
        const [operand, low, high] = this.unify([
          this.check(e.operand),
          this.check(e.low),
          this.check(e.high),
        ]) as [Typed, Typed, Typed];
        return make(
          'boolean',
          e.pos,
          `(${operand.key}${e.negated ? 'NOT' : ''}BETWEEN${low.key}AND${high.key})`,
          { op: 'between', operand, low, high, negated: e.negated },
          [operand, low, high],
        );
      }
      case 'like': {
        const arg = this.expectType(this.check(e.operand), ['text'], { en: 'LIKE', zh: 'LIKE' });
        const pattern = this.stringArgument(e.pattern, e.pos, {
          en: 'The pattern of LIKE',
          zh: 'LIKE 的模式',
        });
        return this.match(e.pos, arg, likePattern(pattern), e.negated, e.pattern.pos);
      }
    }
  }

  /** `arg [NOT] LIKE pattern`: the pattern is a literal, so the node is unique like one. */
  private match(pos: number, arg: Typed, pattern: string, negated: boolean, patternPos: number): Typed {
    const key = `#${this.scope.param}:${++this.literals}`;
    const node: Node = { op: 'match', arg, pattern, negated, insensitive: false };
    const t = make('boolean', pos, key, node, [arg]);
    t.literalPos = arg.literalPos ?? patternPos;
    return t;
  }

  private arity(e: Extract<Expr, { kind: 'call' }>, n: number): void {
    if (e.args.length !== n)
      this.typeError(
        e.pos,
        `${e.name}() takes ${n} argument${n === 1 ? '' : 's'}, not ${e.args.length}`,
        `${e.name}() 需要 ${n} 个参数，而不是 ${e.args.length} 个`,
      );
  }

  private call(e: Extract<Expr, { kind: 'call' }>): Typed {
    const name = e.name;
    if (!FUNCTIONS.includes(name))
      this.fail(
        'OPEN_QUERY_UNKNOWN_FUNCTION',
        e.pos,
        `Unknown function '${excerpt(name)}'; available: ${FUNCTIONS.join(', ')}`,
        `不支持的函数「${excerpt(name)}」；可用函数：${FUNCTIONS.join('、')}`,
      );
    const what = { en: `${name}()`, zh: `${name}()` };
    switch (name) {
      case 'upper':
      case 'lower': {
        this.arity(e, 1);
        const arg = this.expectType(this.check(e.args[0] as Expr), ['text'], what);
        return make('text', e.pos, `${name}(${arg.key})`, { op: 'case', fn: name, arg }, [arg]);
      }
      case 'starts_with':
      case 'contains': {
        this.arity(e, 2);
        const arg = this.expectType(this.check(e.args[0] as Expr), ['text'], what);
        const text = this.stringArgument(e.args[1], e.pos, what);
        const pattern = name === 'contains' ? `%${escapeLike(text)}%` : `${escapeLike(text)}%`;
        return this.match(e.pos, arg, pattern, false, e.args[1]?.pos ?? e.pos);
      }
      case 'date_trunc_y':
      case 'date_trunc_ym':
      case 'date_trunc_ymd': {
        this.arity(e, 1);
        const arg = this.check(e.args[0] as Expr);
        if (arg.type !== 'date' && arg.type !== 'datetime')
          this.typeError(
            arg.pos,
            `${name}() needs a date or a date and time, not ${TYPE_NAMES[arg.type].en}`,
            `${name}() 需要日期或日期时间，而不是${TYPE_NAMES[arg.type].zh}`,
          );
        const unit = TRUNC_UNITS[name];
        return make(arg.type, e.pos, `${name}(${arg.key})`, { op: 'trunc', unit, arg }, [arg]);
      }
      default:
        return this.aggregate(e, name as AggregateName);
    }
  }

  private aggregate(e: Extract<Expr, { kind: 'call' }>, fn: AggregateName): Typed {
    if (!this.scope.aggregates)
      this.fail(
        'OPEN_QUERY_GROUP',
        e.pos,
        `Aggregate functions such as ${fn}() are not allowed in ${this.scope.param}` +
          (this.scope.param === '$where' ? '; use $having' : ''),
        `${this.scope.param} 中不能使用 ${fn}() 等聚合函数` +
          (this.scope.param === '$where' ? '，请使用 $having' : ''),
      );
    if (this.inAggregate)
      this.fail('OPEN_QUERY_GROUP', e.pos, 'Aggregate functions cannot be nested', '聚合函数不能嵌套');
    this.arity(e, 1);
    const argExpr = e.args[0] as Expr;
    if (argExpr.kind === 'star') {
      if (fn !== 'count')
        this.typeError(argExpr.pos, '* is only allowed in count(*)', '「*」只能用于 count(*)');
      return make('integer', e.pos, 'count(*)', { op: 'aggregate', fn, arg: null });
    }
    this.inAggregate = true;
    let arg = this.check(argExpr);
    this.inAggregate = false;
    const what = { en: `${fn}()`, zh: `${fn}()` };
    let type: ValueType;
    switch (fn) {
      case 'count':
        arg = this.settle(arg, 'text');
        if (arg.type === 'null') this.typeError(arg.pos, 'count() of null', 'count() 的参数不能是 null');
        type = 'integer';
        break;
      case 'sum':
      case 'avg':
        arg = this.expectType(arg, ['number', 'integer'], what);
        type = fn === 'sum' && arg.type === 'integer' ? 'integer' : 'number';
        break;
      default:
        arg = this.expectType(arg, ['text', 'number', 'integer', 'date', 'datetime'], what);
        type = arg.type;
    }
    return make(type, e.pos, `${fn}(${arg.key})`, { op: 'aggregate', fn, arg }, [arg]);
  }
}

// ---------------------------------------------------------------------------------------------------------
// SQL

/** A trusted column expression, parenthesized unless it already is one unit. */
function wrapSql(sql: string): string {
  const s = sql.trim();
  if (/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(s)) return s;
  if (s.startsWith('(') && s.endsWith(')')) {
    // Does the first parenthesis close at the very end? Quotes ('…', "…") are skipped.
    let depth = 0;
    let quote: string | null = null;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (quote) {
        if (c === quote) quote = null;
        continue;
      }
      if (c === "'" || c === '"') quote = c;
      else if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0) {
          if (i === s.length - 1) return s;
          break;
        }
      }
    }
  }
  return `(${s})`;
}

/** An output name as a SQL identifier: in double quotes, a double quote doubled. */
export function quoteIdent(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

class Emitter {
  readonly params: unknown[] = [];

  param(value: unknown, cast?: Cast): string {
    this.params.push(value);
    return `$${this.params.length}` + (cast ? `::${cast}` : '');
  }

  emit(t: Typed): string {
    const n = t.node;
    const not = (negated: boolean) => (negated ? 'NOT ' : '');
    switch (n.op) {
      case 'column':
        return wrapSql(n.column.sql);
      case 'param':
        return this.param(n.value, n.cast);
      case 'string':
        return this.param(n.value, 'text');
      case 'null':
        return 'NULL';
      case 'false':
        return 'FALSE';
      case 'case':
        return `${n.fn}(${this.emit(n.arg)})`;
      case 'trunc':
        return n.arg.type === 'date'
          ? `(date_trunc('${n.unit}', ${this.emit(n.arg)}::timestamp)::date)`
          : `date_trunc('${n.unit}', ${this.emit(n.arg)})`;
      case 'match':
        return `(${this.emit(n.arg)} ${not(n.negated)}${n.insensitive ? 'ILIKE' : 'LIKE'} ${this.param(n.pattern, 'text')})`;
      case 'aggregate':
        return `${n.fn}(${n.arg ? this.emit(n.arg) : '*'})`;
      case 'compare':
        return `(${this.emit(n.left)} ${n.symbol} ${this.emit(n.right)})`;
      case 'logic':
        return `(${n.operands.map((o) => this.emit(o)).join(` ${n.symbol} `)})`;
      case 'not':
        return `(NOT ${this.emit(n.operand)})`;
      case 'isNull':
        return `(${this.emit(n.operand)} IS ${not(n.negated)}NULL)`;
      case 'in':
        return `(${this.emit(n.operand)} ${not(n.negated)}IN (${n.list.map((x) => this.emit(x)).join(', ')}))`;
      case 'between':
        return `(${this.emit(n.operand)} ${not(n.negated)}BETWEEN ${this.emit(n.low)} AND ${this.emit(n.high)})`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// The query

function indexColumns(columns: readonly OpenColumn[]): Map<string, OpenColumn> {
  if (columns.length === 0) throw new TypeError('A dataset needs at least one column');
  const map = new Map<string, OpenColumn>();
  for (const c of columns) {
    if (!c.name || c.name.includes('\0') || utf8Length(c.name) > MAX_NAME_BYTES)
      throw new TypeError(
        `Dataset column name ${JSON.stringify(c.name)} is empty, has NUL or exceeds 63 bytes`,
      );
    if (map.has(c.name)) throw new TypeError(`Dataset column ${JSON.stringify(c.name)} is listed twice`);
    if (!COLUMN_TYPES.includes(c.type)) throw new TypeError(`Dataset column ${c.name} has an unknown type`);
    if (!c.sql.trim()) throw new TypeError(`Dataset column ${c.name} has no SQL`);
    map.set(c.name, c);
  }
  return map;
}

interface Output {
  name: string;
  typed: Typed;
  /** Where the item is, in $select (for errors about it). */
  pos: number;
}

/** Name of an item without AS, after Socrata: the column's name, `count`, `sum_金额`; else `expr<n>`. */
function defaultName(expr: Expr, index: number): string {
  if (expr.kind === 'column') return expr.name;
  if (expr.kind === 'call' && expr.args.length > 0) {
    if (expr.args.length === 1 && expr.args[0]?.kind === 'star') return expr.name;
    if (expr.args.every((a) => a.kind === 'column'))
      return [expr.name, ...expr.args.map((a) => (a.kind === 'column' ? a.name : ''))].join('_');
  }
  return `expr${index + 1}`;
}

function outputType(t: Typed): ColumnType {
  return t.type === 'null' || t.type === 'string' ? 'text' : t.type;
}

function selectOutputs(items: SelectItem[], columns: Map<string, OpenColumn>): Output[] {
  const checker = new Checker(columns, { param: '$select', aggregates: true, aliases: undefined });
  const explicit = new Set<string>();
  for (const item of items) {
    if (item.kind !== 'expr' || !item.alias) continue;
    const { name, pos } = item.alias;
    if (utf8Length(name) > MAX_NAME_BYTES)
      fail(
        'OPEN_QUERY_ALIAS',
        '$select',
        pos,
        `The name '${excerpt(name)}' is longer than ${MAX_NAME_BYTES} bytes`,
        `名称「${excerpt(name)}」超过 ${MAX_NAME_BYTES} 字节`,
      );
    if (explicit.has(name))
      fail(
        'OPEN_QUERY_ALIAS',
        '$select',
        pos,
        `The name '${excerpt(name)}' is given twice`,
        `名称「${excerpt(name)}」重复`,
      );
    if (columns.has(name) && !(item.expr.kind === 'column' && item.expr.name === name))
      fail(
        'OPEN_QUERY_ALIAS',
        '$select',
        pos,
        `'${excerpt(name)}' is the name of a column; choose another name`,
        `「${excerpt(name)}」是已有列名，请换一个名称`,
      );
    explicit.add(name);
  }
  const taken = new Set(explicit);
  const outputs: Output[] = [];
  const unique = (base: string, pos: number): string => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    if (utf8Length(name) > MAX_NAME_BYTES)
      fail(
        'OPEN_QUERY_ALIAS',
        '$select',
        pos,
        `The output name '${excerpt(name)}' is longer than ${MAX_NAME_BYTES} bytes; give it a shorter one with AS`,
        `输出名称「${excerpt(name)}」超过 ${MAX_NAME_BYTES} 字节，请用 AS 指定较短的名称`,
      );
    taken.add(name);
    return name;
  };
  items.forEach((item, index) => {
    if (item.kind === 'all') {
      for (const column of columns.values()) {
        const typed = make(column.type, item.pos, 'c' + JSON.stringify(column.name), {
          op: 'column',
          column,
        });
        outputs.push({ name: unique(column.name, item.pos), typed, pos: item.pos });
      }
      return;
    }
    const typed = checker.value(item.expr);
    const pos = item.alias?.pos ?? item.expr.pos;
    const name = item.alias ? item.alias.name : unique(defaultName(item.expr, index), item.expr.pos);
    outputs.push({ name, typed, pos });
  });
  return outputs;
}

/** In a grouped query, every column outside an aggregate must be inside a $group expression. */
function checkGrouped(t: Typed, groups: Set<string>, param: QueryParamName): void {
  if (groups.has(t.key) || t.node.op === 'aggregate') return;
  if (t.node.op === 'column') {
    const name = excerpt(t.node.column.name);
    fail(
      'OPEN_QUERY_GROUP',
      param,
      t.pos,
      `The column '${name}' must be in $group or inside an aggregate function`,
      `列「${name}」必须出现在 $group 中或用于聚合函数`,
    );
  }
  for (const child of children(t.node)) checkGrouped(child, groups, param);
}

/** A checked query, ready to print. */
interface Plan {
  outputs: Output[];
  where: Typed | undefined;
  group: Typed[];
  having: Typed | undefined;
  order: { typed: Typed | undefined; alias: string | undefined; direction: 'asc' | 'desc' }[];
}

function plan(ast: QueryAst, columns: Map<string, OpenColumn>): Plan {
  const outputs = selectOutputs(ast.select ?? [{ kind: 'all', pos: 1 }], columns);
  const aliases = new Map(outputs.map((o) => [o.name, o.typed]));

  const where = ast.where
    ? new Checker(columns, { param: '$where', aggregates: false, aliases: undefined }).condition(ast.where)
    : undefined;

  const groupAliases = new Map(outputs.filter((o) => !o.typed.aggregate).map((o) => [o.name, o.typed]));
  const groupChecker = new Checker(columns, { param: '$group', aggregates: false, aliases: groupAliases });
  const group = (ast.group ?? []).map((e) => {
    if (e.kind === 'column' && aliases.get(e.name)?.aggregate)
      fail(
        'OPEN_QUERY_GROUP',
        '$group',
        e.pos,
        `'${excerpt(e.name)}' is an aggregate and cannot be grouped by`,
        `「${excerpt(e.name)}」是聚合结果，不能用于分组`,
      );
    const t = groupChecker.value(e);
    if (t.literalPos !== undefined)
      fail(
        'OPEN_QUERY_GROUP',
        '$group',
        t.literalPos,
        'A $group expression cannot contain literal values',
        '$group 表达式中不能含有字面值',
      );
    return t;
  });

  const having = ast.having
    ? new Checker(columns, { param: '$having', aggregates: true, aliases }).condition(ast.having)
    : undefined;

  const orderChecker = new Checker(columns, { param: '$order', aggregates: true, aliases });
  const order = (ast.order ?? []).map((item: OrderItem) => {
    if (item.expr.kind === 'column' && aliases.has(item.expr.name))
      return { typed: undefined, alias: item.expr.name, direction: item.direction };
    return { typed: orderChecker.value(item.expr), alias: undefined, direction: item.direction };
  });

  const grouped =
    group.length > 0 ||
    having !== undefined ||
    outputs.some((o) => o.typed.aggregate) ||
    order.some((o) => o.typed?.aggregate);
  if (grouped) {
    const keys = new Set(group.map((g) => g.key));
    for (const o of outputs) checkGrouped(o.typed, keys, '$select');
    if (having) checkGrouped(having, keys, '$having');
    for (const o of order) if (o.typed) checkGrouped(o.typed, keys, '$order');
  }
  return { outputs, where, group, having, order };
}

/** $q: a case-insensitive substring of any text column (no text column: nothing matches). */
function searchCondition(q: string, columns: Map<string, OpenColumn>): Typed {
  const texts = [...columns.values()].filter((c) => c.type === 'text');
  const pattern = `%${escapeLike(q)}%`;
  const operands = texts.map((column) => {
    const arg = make('text', 1, '', { op: 'column', column });
    return make('boolean', 1, '', { op: 'match', arg, pattern, negated: false, insensitive: true });
  });
  if (operands.length === 0) return make('boolean', 1, '', { op: 'false' });
  if (operands.length === 1) return operands[0] as Typed;
  return make('boolean', 1, '', { op: 'logic', symbol: 'OR', operands });
}

/** A parsed query → SQL, for a dataset. */
export function compileAst(ast: QueryAst, dataset: OpenDataset): CompiledQuery {
  const limits = resolveLimits(dataset.limits);
  const columns = indexColumns(dataset.columns);
  const p = plan(ast, columns);
  const out = new Emitter();

  let sql = 'SELECT ' + p.outputs.map((o) => `${out.emit(o.typed)} AS ${quoteIdent(o.name)}`).join(', ');
  sql += ` FROM ${dataset.from}`;
  const conditions = [p.where, ast.q === undefined ? undefined : searchCondition(ast.q, columns)].filter(
    (c): c is Typed => c !== undefined,
  );
  if (conditions.length > 0) sql += ' WHERE ' + conditions.map((c) => out.emit(c)).join(' AND ');
  if (p.group.length > 0) sql += ' GROUP BY ' + p.group.map((g) => out.emit(g)).join(', ');
  if (p.having) sql += ' HAVING ' + out.emit(p.having);
  if (p.order.length > 0)
    sql +=
      ' ORDER BY ' +
      p.order
        .map(
          (o) =>
            `${o.typed ? out.emit(o.typed) : quoteIdent(o.alias ?? '')} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`,
        )
        .join(', ');
  sql += ` LIMIT ${out.param(ast.limit ?? Math.min(limits.defaultLimit, limits.maxLimit))}`;
  sql += ` OFFSET ${out.param(ast.offset ?? 0)}`;
  return {
    sql,
    params: out.params,
    columns: p.outputs.map((o) => ({ name: o.name, type: outputType(o.typed) })),
  };
}

/** The query parameters → SQL, for a dataset: parse, resolve, type-check, print. Throws `QueryError`. */
export function compileQuery(params: OpenQueryParams, dataset: OpenDataset): CompiledQuery {
  return compileAst(parseQuery(params, dataset.limits), dataset);
}
