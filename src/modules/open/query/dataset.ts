/** What the caller tells the compiler about a dataset: its columns, the trusted SQL for each, and the limits. */

export type ColumnType = 'text' | 'number' | 'integer' | 'date' | 'datetime' | 'boolean';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'text',
  'number',
  'integer',
  'date',
  'datetime',
  'boolean',
];

export interface OpenColumn {
  /** The name users write (Chinese or ASCII; any text but NUL, at most 63 bytes of UTF-8). */
  name: string;
  type: ColumnType;
  /**
   * A trusted SQL expression for the column's value, of the SQL type that matches `type` (text, numeric or an
   * integer type, date, timestamptz or timestamp, boolean), e.g. `(r.record->>'姓名')` or
   * `((r.record->>'金额')::numeric)`. Never built from user input: it is pasted into the query as it is.
   */
  sql: string;
}

export interface OpenQueryLimits {
  /** Largest `$limit`. */
  maxLimit: number;
  /** The limit when `$limit` is absent. */
  defaultLimit: number;
  /** Most items in `$select` (`*` counts as one), also in `$group` and `$order`. */
  maxSelect: number;
  /** Most syntax-tree nodes in one parameter (`$where`, `$having`, `$select` …). */
  maxWhereNodes: number;
  /** Deepest nesting of parentheses, function calls and NOT (default 20). */
  maxDepth?: number;
  /** Most values in one IN list (default 100). */
  maxInList?: number;
  /** Largest `$offset` (default 1,000,000). */
  maxOffset?: number;
  /** Longest parameter, in characters (default 4,000). */
  maxLength?: number;
}

export interface OpenDataset {
  columns: readonly OpenColumn[];
  /** The trusted FROM clause, without the word FROM, e.g. `open_record r` or a subquery with its alias. */
  from: string;
  limits: OpenQueryLimits;
}

/** The longest identifier PostgreSQL keeps whole (NAMEDATALEN − 1 bytes); longer ones are cut. */
export const MAX_NAME_BYTES = 63;

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
