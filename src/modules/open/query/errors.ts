/** The one error the query language throws: a code, the parameter at fault and where in it. */
import { ERRORS } from '../../../core/errors.ts';

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

/** The language's error codes, with their status (400: the query, not the server, is wrong) and generic messages. */
export const QUERY_ERRORS = {
  OPEN_QUERY_SYNTAX: ERRORS.OPEN_QUERY_SYNTAX,
  OPEN_QUERY_UNKNOWN_COLUMN: ERRORS.OPEN_QUERY_UNKNOWN_COLUMN,
  OPEN_QUERY_UNKNOWN_FUNCTION: ERRORS.OPEN_QUERY_UNKNOWN_FUNCTION,
  OPEN_QUERY_TYPE: ERRORS.OPEN_QUERY_TYPE,
  OPEN_QUERY_GROUP: ERRORS.OPEN_QUERY_GROUP,
  OPEN_QUERY_ALIAS: ERRORS.OPEN_QUERY_ALIAS,
  OPEN_QUERY_TOO_COMPLEX: ERRORS.OPEN_QUERY_TOO_COMPLEX,
  OPEN_QUERY_LIMIT: ERRORS.OPEN_QUERY_LIMIT,
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
