/**
 * Validates exchange rows against a resource's catalog items: names, required items, data types, lengths and
 * semantic tags (check digits and patterns). A schema is compiled once per resource version into one generated
 * function of straight-line code (validate-compile.ts); `check` then does no set-up work per row, and for a
 * valid row writes the canonical JSON, its MD5 and the key text directly.
 *
 * Values arrive as CSV text or typed JSON/Excel values and both are accepted; the typed result is canonical
 * (trimmed text, numbers as numbers, dates as YYYY-MM-DD, date-times in China time, normalized identifiers), so
 * the same record sent as CSV or JSON gets the same key and hash.
 */
import type { Item } from '../catalog/index.ts';
import type { CheckedRow } from './types.ts';
import { compileCheck } from './validate-compile.ts';
import { todayOf } from './validate-runtime.ts';

export { DELETE_FIELD, digitCount, excerpt } from './validate-runtime.ts';

export interface RecordSchema {
  /** The items, in position order. */
  items: Item[];
  /** Names of the key items, in position order. */
  keyItems: string[];
  /**
   * Checks one row. A valid row's `data` is read back from its canonical `json` on first use: the ingest path
   * needs only key, json and hash.
   */
  check(values: Record<string, unknown>, row: number, opts?: { allowDelete?: boolean }): CheckedRow;
  /** The canonical key of typed data (as `check` returns it); an absent key item counts as null. */
  keyOf(data: Record<string, unknown>): string;
}

export interface SchemaOptions {
  /**
   * The reference date for "not in the future" (birth dates, ID numbers). By default today in China, which
   * follows the clock, so a schema cached across midnight stays right.
   */
  today?: Date;
}

/** Compiles a resource's items into a row validator. */
export function compileRecordSchema(items: Item[], options: SchemaOptions = {}): RecordSchema {
  const sorted = [...items].sort((a, b) => a.position - b.position);
  const keyItems = sorted.filter((item) => item.isKey).map((item) => item.name);
  const { check } = compileCheck(sorted, todayOf(options.today));
  return {
    items: sorted,
    keyItems,
    check,
    keyOf: (data) => JSON.stringify(keyItems.map((name) => data[name] ?? null)),
  };
}
