/**
 * The parser: recursive descent over the lexer's tokens, one function per parameter. It checks only the shape
 * (and the size: nodes, nesting depth, IN-list length, item counts); names and types are the compiler's.
 *
 *   expr      := and { OR and }
 *   and       := not { AND not }
 *   not       := NOT not | predicate
 *   predicate := operand [ cmp operand | IS [NOT] NULL | [NOT] IN '(' expr { ',' expr } ')'
 *                        | [NOT] BETWEEN operand AND operand | [NOT] LIKE operand ]
 *   operand   := literal | name | function '(' [ '*' | expr { ',' expr } ] ')' | '(' expr ')'
 *   literal   := 'string' | [-]number | TRUE | FALSE | NULL
 */
import type { Alias, CompareOp, Expr, OrderItem, SelectItem } from './ast.ts';
import { QueryError, excerpt, type QueryParamName } from './errors.ts';
import { Lexer, type Token } from './lexer.ts';

export interface ParseLimits {
  /** Nodes of the syntax tree in one parameter. */
  maxNodes: number;
  /** Nesting of parentheses, function calls and NOT. */
  maxDepth: number;
  /** Values in one IN list. */
  maxInList: number;
  /** Items of $select, $group or $order. */
  maxItems: number;
  /** Characters (code points) of one parameter. */
  maxLength: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxNodes: 200,
  maxDepth: 20,
  maxInList: 100,
  maxItems: 50,
  maxLength: 4000,
};

/** More than max code points (each is one or two UTF-16 units), without splitting a huge text first. */
export function tooLong(text: string, max: number): boolean {
  if (text.length <= max) return false;
  return text.length > 2 * max || Array.from(text).length > max;
}

function describe(token: Token): { en: string; zh: string } {
  switch (token.kind) {
    case 'eof':
      return { en: 'the end of the query', zh: '查询末尾' };
    case 'string':
      return { en: `the string '${excerpt(token.text)}'`, zh: `字符串「${excerpt(token.text)}」` };
    case 'quoted':
      return { en: `the name \`${excerpt(token.text)}\``, zh: `名称「${excerpt(token.text)}」` };
    case 'keyword':
      return { en: `the keyword ${token.text.toUpperCase()}`, zh: `关键字 ${token.text.toUpperCase()}` };
    default:
      return { en: `'${excerpt(token.text)}'`, zh: `「${excerpt(token.text)}」` };
  }
}

class Parser {
  private readonly lexer: Lexer;
  private nodes = 0;
  private depth = 0;

  constructor(
    private readonly param: QueryParamName,
    source: string,
    private readonly limits: ParseLimits,
  ) {
    if (tooLong(source, limits.maxLength))
      throw new QueryError(
        'OPEN_QUERY_TOO_COMPLEX',
        param,
        limits.maxLength + 1,
        `The parameter is longer than ${limits.maxLength} characters`,
        `参数长度超过 ${limits.maxLength} 个字符`,
      );
    this.lexer = new Lexer(param, source);
  }

  private syntax(token: Token, expected: { en: string; zh: string }): QueryError {
    const found = describe(token);
    return new QueryError(
      'OPEN_QUERY_SYNTAX',
      this.param,
      token.pos,
      `Expected ${expected.en} but found ${found.en}`,
      `此处应为${expected.zh}，实际为${found.zh}`,
    );
  }

  private tooComplex(pos: number, en: string, zh: string): QueryError {
    return new QueryError('OPEN_QUERY_TOO_COMPLEX', this.param, pos, en, zh);
  }

  private node<T extends Expr>(n: T): T {
    this.nodes++;
    if (this.nodes > this.limits.maxNodes)
      throw this.tooComplex(
        n.pos,
        `The expression has more than ${this.limits.maxNodes} parts`,
        `表达式超过 ${this.limits.maxNodes} 个组成部分`,
      );
    return n;
  }

  private enter(pos: number): void {
    this.depth++;
    if (this.depth > this.limits.maxDepth)
      throw this.tooComplex(
        pos,
        `The expression is nested more than ${this.limits.maxDepth} levels deep`,
        `表达式嵌套超过 ${this.limits.maxDepth} 层`,
      );
  }

  private leave(): void {
    this.depth--;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === 'keyword' && token.text === word;
  }

  private expect(kind: Token['kind'], expected: { en: string; zh: string }): Token {
    const token = this.lexer.next();
    if (token.kind !== kind) throw this.syntax(token, expected);
    return token;
  }

  expectEnd(expected: { en: string; zh: string }): void {
    const token = this.lexer.peek();
    if (token.kind !== 'eof') throw this.syntax(token, expected);
  }

  isEnd(): boolean {
    return this.lexer.peek().kind === 'eof';
  }

  expression(): Expr {
    const first = this.and();
    if (!this.isKeyword(this.lexer.peek(), 'or')) return first;
    const operands = [first];
    while (this.isKeyword(this.lexer.peek(), 'or')) {
      this.lexer.next();
      operands.push(this.and());
    }
    return this.node({ kind: 'or', operands, pos: first.pos });
  }

  private and(): Expr {
    const first = this.not();
    if (!this.isKeyword(this.lexer.peek(), 'and')) return first;
    const operands = [first];
    while (this.isKeyword(this.lexer.peek(), 'and')) {
      this.lexer.next();
      operands.push(this.not());
    }
    return this.node({ kind: 'and', operands, pos: first.pos });
  }

  private not(): Expr {
    const token = this.lexer.peek();
    if (!this.isKeyword(token, 'not')) return this.predicate();
    this.lexer.next();
    this.enter(token.pos);
    const operand = this.not();
    this.leave();
    return this.node({ kind: 'not', operand, pos: token.pos });
  }

  private predicate(): Expr {
    const left = this.operand();
    const token = this.lexer.peek();
    if (token.kind === 'op') {
      this.lexer.next();
      const right = this.operand();
      return this.node({ kind: 'compare', op: token.text as CompareOp, left, right, pos: token.pos });
    }
    if (this.isKeyword(token, 'is')) {
      this.lexer.next();
      const negated = this.isKeyword(this.lexer.peek(), 'not');
      if (negated) this.lexer.next();
      const nul = this.lexer.next();
      if (!this.isKeyword(nul, 'null'))
        throw this.syntax(nul, {
          en: negated ? 'NULL' : 'NULL or NOT NULL',
          zh: negated ? 'NULL' : 'NULL 或 NOT NULL',
        });
      return this.node({ kind: 'isNull', operand: left, negated, pos: token.pos });
    }
    let negated = false;
    let word = token;
    if (this.isKeyword(token, 'not')) {
      const after = this.lexer.peek(1);
      if (!['in', 'between', 'like'].some((w) => this.isKeyword(after, w))) return left;
      this.lexer.next();
      negated = true;
      word = after;
    }
    if (this.isKeyword(word, 'in')) {
      this.lexer.next();
      const open = this.expect('(', { en: "'(' after IN", zh: 'IN 之后的「(」' });
      this.enter(open.pos);
      const list: Expr[] = [];
      for (;;) {
        const start = this.lexer.peek();
        if (list.length >= this.limits.maxInList)
          throw this.tooComplex(
            start.pos,
            `An IN list has more than ${this.limits.maxInList} values`,
            `IN 列表超过 ${this.limits.maxInList} 个值`,
          );
        list.push(this.expression());
        const sep = this.lexer.next();
        if (sep.kind === ')') break;
        if (sep.kind !== ',') throw this.syntax(sep, { en: "',' or ')'", zh: '「,」或「)」' });
      }
      this.leave();
      return this.node({ kind: 'in', operand: left, list, negated, pos: token.pos });
    }
    if (this.isKeyword(word, 'between')) {
      this.lexer.next();
      const low = this.operand();
      const and = this.lexer.next();
      if (!this.isKeyword(and, 'and')) throw this.syntax(and, { en: 'AND of BETWEEN', zh: 'BETWEEN 的 AND' });
      const high = this.operand();
      return this.node({ kind: 'between', operand: left, low, high, negated, pos: token.pos });
    }
    if (this.isKeyword(word, 'like')) {
      this.lexer.next();
      const pattern = this.operand();
      return this.node({ kind: 'like', operand: left, pattern, negated, pos: token.pos });
    }
    return left;
  }

  private operand(): Expr {
    const token = this.lexer.next();
    switch (token.kind) {
      case '(': {
        this.enter(token.pos);
        const inner = this.expression();
        this.expect(')', { en: "')'", zh: '「)」' });
        this.leave();
        return inner;
      }
      case 'string':
        return this.node({ kind: 'string', value: token.text, pos: token.pos });
      case 'number':
        return this.node({ kind: 'number', text: token.text, pos: token.pos });
      case '-': {
        const num = this.lexer.next();
        if (num.kind !== 'number') throw this.syntax(num, { en: 'a number after -', zh: '负号之后的数字' });
        return this.node({ kind: 'number', text: '-' + num.text, pos: token.pos });
      }
      case 'keyword':
        if (token.text === 'true' || token.text === 'false')
          return this.node({ kind: 'boolean', value: token.text === 'true', pos: token.pos });
        if (token.text === 'null') return this.node({ kind: 'null', pos: token.pos });
        break;
      case 'quoted':
        return this.node({ kind: 'column', name: token.text, pos: token.pos });
      case 'ident': {
        if (this.lexer.peek().kind !== '(')
          return this.node({ kind: 'column', name: token.text, pos: token.pos });
        const open = this.lexer.next();
        this.enter(open.pos);
        const args: Expr[] = [];
        const star = this.lexer.peek();
        if (star.kind === '*') {
          this.lexer.next();
          args.push(this.node({ kind: 'star', pos: star.pos }));
          this.expect(')', { en: "')' after *", zh: '「*」之后的「)」' });
        } else if (star.kind === ')') {
          this.lexer.next();
        } else {
          for (;;) {
            args.push(this.expression());
            const sep = this.lexer.next();
            if (sep.kind === ')') break;
            if (sep.kind !== ',') throw this.syntax(sep, { en: "',' or ')'", zh: '「,」或「)」' });
          }
        }
        this.leave();
        return this.node({ kind: 'call', name: token.text.toLowerCase(), args, pos: token.pos });
      }
      default:
        break;
    }
    throw this.syntax(token, { en: "a value, a column or '('", zh: '值、列名或「(」' });
  }

  /** `AS name`, if present. */
  alias(): Alias | undefined {
    if (!this.isKeyword(this.lexer.peek(), 'as')) return undefined;
    this.lexer.next();
    const token = this.lexer.next();
    if (token.kind !== 'ident' && token.kind !== 'quoted')
      throw this.syntax(token, { en: 'a name after AS', zh: 'AS 之后的名称' });
    return { name: token.text, pos: token.pos };
  }

  /** Items separated by commas, at most maxItems of them. */
  list<T>(item: () => T, expected: { en: string; zh: string }): T[] {
    const items: T[] = [];
    for (;;) {
      const start = this.lexer.peek();
      if (items.length >= this.limits.maxItems)
        throw this.tooComplex(
          start.pos,
          `The list has more than ${this.limits.maxItems} items`,
          `列表超过 ${this.limits.maxItems} 项`,
        );
      items.push(item());
      const sep = this.lexer.peek();
      if (sep.kind === 'eof') return items;
      if (sep.kind !== ',') throw this.syntax(sep, expected);
      this.lexer.next();
    }
  }

  selectItem(): SelectItem {
    const token = this.lexer.peek();
    if (token.kind === '*') {
      this.lexer.next();
      return { kind: 'all', pos: token.pos };
    }
    const expr = this.expression();
    const alias = this.alias();
    return alias ? { kind: 'expr', expr, alias } : { kind: 'expr', expr };
  }

  orderItem(): OrderItem {
    const expr = this.expression();
    const token = this.lexer.peek();
    if (this.isKeyword(token, 'asc') || this.isKeyword(token, 'desc')) {
      this.lexer.next();
      return { expr, direction: token.text as 'asc' | 'desc' };
    }
    return { expr, direction: 'asc' };
  }
}

const END = { en: 'the end of the query', zh: '查询结束' };

/** `$where` or `$having`: one condition. */
export function parseCondition(
  param: QueryParamName,
  source: string,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): Expr {
  const parser = new Parser(param, source, limits);
  const expr = parser.expression();
  parser.expectEnd({ en: 'AND, OR or the end of the condition', zh: 'AND、OR 或条件结束' });
  return expr;
}

/** One expression (for tools and tests). */
export function parseExpression(source: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Expr {
  const parser = new Parser('$where', source, limits);
  const expr = parser.expression();
  parser.expectEnd(END);
  return expr;
}

/** `$select`: `*` or expressions, each with an optional `AS alias`, separated by commas. */
export function parseSelect(source: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): SelectItem[] {
  const parser = new Parser('$select', source, limits);
  return parser.list(() => parser.selectItem(), { en: "',', AS or the end", zh: '「,」、AS 或结束' });
}

/** `$group`: expressions separated by commas. */
export function parseGroup(source: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Expr[] {
  const parser = new Parser('$group', source, limits);
  return parser.list(() => parser.expression(), { en: "',' or the end", zh: '「,」或结束' });
}

/** `$order`: expressions, each with an optional ASC or DESC, separated by commas. */
export function parseOrder(source: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): OrderItem[] {
  const parser = new Parser('$order', source, limits);
  return parser.list(() => parser.orderItem(), {
    en: "',', ASC, DESC or the end",
    zh: '「,」、ASC、DESC 或结束',
  });
}
