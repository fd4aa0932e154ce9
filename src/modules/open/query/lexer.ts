/**
 * The lexer: one parameter's text → tokens, on demand (so the first error from the left is the one reported).
 * It works on code points, so positions count characters as a person does, not UTF-16 units.
 */
import { QueryError, excerpt, type QueryParamName } from './errors.ts';

/** Words with a meaning of their own, in any case; as a column name or alias they need backquotes. */
export const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'is',
  'null',
  'in',
  'between',
  'like',
  'true',
  'false',
  'as',
  'asc',
  'desc',
]);

export type TokenKind =
  | 'ident' // a bare name (not a keyword)
  | 'quoted' // a `backquoted` name
  | 'keyword' // text is the lower-cased keyword
  | 'string'
  | 'number'
  | 'op' // = != <> < <= > >=
  | '(' // the punctuation kinds are their own text
  | ')'
  | ','
  | '*'
  | '-'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The name, keyword (lower case), string value, number text or operator. */
  text: string;
  /** 1-based code-point position of the token's first character. */
  pos: number;
}

const IDENT_START = /^[\p{L}_]$/u;
const IDENT_PART = /^[\p{L}\p{M}\p{Nd}_]$/u;
const SPACE = /^\s$/u;
const DIGIT = /^[0-9]$/;

/** A bare identifier as the lexer reads one (and a keyword is not one). */
export function isBareIdentifier(name: string): boolean {
  const chars = Array.from(name);
  if (chars.length === 0 || !IDENT_START.test(chars[0] ?? '')) return false;
  if (!chars.every((c) => IDENT_PART.test(c))) return false;
  return !KEYWORDS.has(name.toLowerCase());
}

/** A character PostgreSQL text cannot hold: NUL, or half of a surrogate pair standing alone. */
function isForbidden(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code === 0 || (code >= 0xd800 && code <= 0xdfff);
}

export class Lexer {
  private readonly chars: string[];
  private i = 0;
  private readonly buffer: Token[] = [];

  constructor(
    readonly param: QueryParamName,
    source: string,
  ) {
    this.chars = Array.from(source);
    const bad = this.chars.findIndex(isForbidden);
    if (bad >= 0)
      throw new QueryError(
        'OPEN_QUERY_SYNTAX',
        param,
        bad + 1,
        'The query contains a character that is not allowed (NUL or an unpaired surrogate)',
        '查询中含有不允许的字符（NUL 或不成对的代理字符）',
      );
  }

  /** Length of the source in code points. */
  get length(): number {
    return this.chars.length;
  }

  peek(ahead = 0): Token {
    while (this.buffer.length <= ahead) this.buffer.push(this.scan());
    return this.buffer[ahead] as Token;
  }

  next(): Token {
    const token = this.peek();
    this.buffer.shift();
    return token;
  }

  private error(pos: number, en: string, zh: string): QueryError {
    return new QueryError('OPEN_QUERY_SYNTAX', this.param, pos, en, zh);
  }

  private scan(): Token {
    const chars = this.chars;
    while (this.i < chars.length && SPACE.test(chars[this.i] ?? '')) this.i++;
    const start = this.i;
    const pos = start + 1;
    if (start >= chars.length) return { kind: 'eof', text: '', pos };
    const c = chars[start] as string;
    const c2 = chars[start + 1];

    if (c === "'") return { kind: 'string', text: this.quoted("'", pos), pos };
    if (c === '`') {
      const name = this.quoted('`', pos);
      if (name === '') throw this.error(pos, 'A backquoted name cannot be empty', '反引号中的名称不能为空');
      return { kind: 'quoted', text: name, pos };
    }
    if (DIGIT.test(c)) return { kind: 'number', text: this.number(), pos };
    if (IDENT_START.test(c)) {
      while (this.i < chars.length && IDENT_PART.test(chars[this.i] ?? '')) this.i++;
      const word = chars.slice(start, this.i).join('');
      const lower = word.toLowerCase();
      return KEYWORDS.has(lower) ? { kind: 'keyword', text: lower, pos } : { kind: 'ident', text: word, pos };
    }
    if (c === '(' || c === ')' || c === ',' || c === '*' || c === '-') {
      this.i++;
      return { kind: c, text: c, pos };
    }
    if (c === '=') {
      this.i++;
      return { kind: 'op', text: '=', pos };
    }
    if (c === '!' && c2 === '=') {
      this.i += 2;
      return { kind: 'op', text: '!=', pos };
    }
    if (c === '<' || c === '>') {
      if (c2 === '=' || (c === '<' && c2 === '>')) {
        this.i += 2;
        return { kind: 'op', text: c2 === '>' ? '!=' : c + '=', pos };
      }
      this.i++;
      return { kind: 'op', text: c, pos };
    }
    throw this.error(pos, `Unexpected character '${excerpt(c)}'`, `无法识别的字符「${excerpt(c)}」`);
  }

  /** A run between `quote`s, the quote doubled inside it standing for itself. */
  private quoted(quote: string, pos: number): string {
    const chars = this.chars;
    let out = '';
    this.i++;
    for (;;) {
      if (this.i >= chars.length) {
        throw quote === "'"
          ? this.error(pos, 'The string is not closed with a quote', '字符串缺少结束的单引号')
          : this.error(pos, 'The backquoted name is not closed', '反引号名称缺少结束的反引号');
      }
      const ch = chars[this.i] as string;
      if (ch === quote) {
        if (chars[this.i + 1] === quote) {
          out += quote;
          this.i += 2;
          continue;
        }
        this.i++;
        return out;
      }
      out += ch;
      this.i++;
    }
  }

  /** Digits, an optional fraction and an optional exponent: `12`, `3.5`, `1e-3`. */
  private number(): string {
    const chars = this.chars;
    const start = this.i;
    const digits = () => {
      while (this.i < chars.length && DIGIT.test(chars[this.i] ?? '')) this.i++;
    };
    digits();
    if (chars[this.i] === '.' && DIGIT.test(chars[this.i + 1] ?? '')) {
      this.i++;
      digits();
    }
    const e = chars[this.i];
    if (e === 'e' || e === 'E') {
      const sign = chars[this.i + 1] === '+' || chars[this.i + 1] === '-' ? 1 : 0;
      if (DIGIT.test(chars[this.i + 1 + sign] ?? '')) {
        this.i += 1 + sign;
        digits();
      }
    }
    return chars.slice(start, this.i).join('');
  }
}
