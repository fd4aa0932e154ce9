/** The one error the query language throws: a code, the parameter at fault and where in it. */

/** The query parameters of the open-data API, each a string in the URL. */
export type QueryParamName =
  '$select' | '$where' | '$group' | '$having' | '$order' | '$limit' | '$offset' | '$q';

export const QUERY_PARAM_NAMES: readonly QueryParamName[] = [
  '$select',
  '$where',
  '$group',
  '$having',
  '$order',
  '$limit',
  '$offset',
  '$q',
];

/**
 * Every code with its HTTP status and a generic message in each language (the specific message of an error says
 * more). All are 400: the query, not the server, is wrong.
 */
export const QUERY_ERRORS = {
  OPEN_QUERY_SYNTAX: { status: 400, zh: '查询语法错误', en: 'The query has a syntax error' },
  OPEN_QUERY_UNKNOWN_COLUMN: {
    status: 400,
    zh: '查询引用了不存在的列',
    en: 'The query names an unknown column',
  },
  OPEN_QUERY_UNKNOWN_FUNCTION: {
    status: 400,
    zh: '查询使用了不支持的函数',
    en: 'The query uses an unknown function',
  },
  OPEN_QUERY_TYPE: { status: 400, zh: '查询中的类型不匹配', en: 'The query mixes incompatible types' },
  OPEN_QUERY_GROUP: {
    status: 400,
    zh: '分组或聚合使用不正确',
    en: 'The query uses grouping or aggregates wrongly',
  },
  OPEN_QUERY_ALIAS: { status: 400, zh: '输出列名不正确', en: 'An output column name is not valid' },
  OPEN_QUERY_TOO_COMPLEX: { status: 400, zh: '查询过于复杂', en: 'The query is too complex' },
  OPEN_QUERY_LIMIT: { status: 400, zh: '分页参数超出范围', en: 'The paging parameters are out of range' },
} as const;

export type QueryErrorCode = keyof typeof QUERY_ERRORS;

export class QueryError extends Error {
  override readonly name = 'QueryError';
  readonly code: QueryErrorCode;
  /** The parameter at fault, e.g. `$where`. */
  readonly param: QueryParamName;
  /** 1-based position, in characters (Unicode code points), in that parameter; its length + 1 for "at the end". */
  readonly position: number;
  /** The message in Chinese; `message` is the English one. */
  readonly messageZh: string;

  constructor(
    code: QueryErrorCode,
    param: QueryParamName,
    position: number,
    message: string,
    messageZh: string,
  ) {
    super(message);
    this.code = code;
    this.param = param;
    this.position = position;
    this.messageZh = messageZh;
  }

  /** What the route puts into its 400's `details`. */
  get details(): { param: QueryParamName; position: number } {
    return { param: this.param, position: this.position };
  }

  /** The message in the caller's language. */
  localized(lang: 'zh' | 'en'): string {
    return lang === 'zh' ? this.messageZh : this.message;
  }
}

/** A piece of the user's input for a message: shortened, and never with a line break. */
export function excerpt(text: string, max = 24): string {
  const chars = Array.from(text.replace(/\s+/gu, ' '));
  return chars.length > max ? chars.slice(0, max).join('') + '…' : chars.join('');
}
