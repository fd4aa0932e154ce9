/**
 * The internal contracts of the exchange hub: what the readers (parse.ts, workbook.ts, connectors) hand to the
 * ingest pipeline, and what the validator (validate.ts) answers for each row.
 */

/** One rule a row can break. Stable: the data-quality view counts by these codes. */
export const RULES = {
  PARSE: '无法解析该行',
  COLUMN_COUNT: '列数与表头不一致',
  UNKNOWN_FIELD: '目录中没有该信息项',
  REQUIRED: '必填信息项为空',
  TYPE: '值与信息项的数据类型不符',
  LENGTH: '值超过信息项的长度',
  ID_CARD: '身份证号不正确（长度、出生日期或校验码）',
  USCC: '统一社会信用代码不正确（字符或校验码）',
  ORG_CODE: '组织机构代码校验码不正确',
  MOBILE: '手机号不正确',
  PHONE: '电话号码不正确',
  EMAIL: '电子邮箱不正确',
  REGION_CODE: '行政区划代码不正确',
  DATE_RANGE: '日期超出合理范围',
  DUPLICATE_KEY: '同一批次中主键重复',
  TEXT_INVALID: '文本含有无法存储的字符（NUL 或不成对的代理项）',
} as const;
export type RuleCode = keyof typeof RULES;

/** A rejected row: the 1-based data row (CSV/Excel: rows after the header; NDJSON: line; JSON: element). */
export interface RowError {
  row: number;
  /** The item (or CSV column) at fault; null when the whole row is. */
  field: string | null;
  code: RuleCode;
  /** Chinese, for the steward; names the value's problem, never echoes more than a short excerpt. */
  message: string;
}

/** What a reader yields: a row's values by item name, or the reason the row could not be read. */
export type SourceRow =
  | { row: number; values: Record<string, unknown>; error?: undefined }
  | { row: number; values?: undefined; error: RowError };

/** The validator's verdict on one row. */
export type CheckedRow =
  | {
      ok: true;
      /** Canonical key: JSON array of the key items' typed values, in item order. */
      key: string;
      /** Item name → typed value; absent optional items are omitted. Null for a delete. */
      data: Record<string, unknown> | null;
      /** The canonical JSON of data (what is stored); null for a delete. */
      json: string | null;
      /** MD5 hex of `json`; '' for a delete. */
      hash: string;
      /** Upsert mode only: the row asked to delete its key (`"_delete": true`). */
      delete: boolean;
    }
  | {
      ok: false;
      /** The key when the key items themselves were valid (quarantine keeps such records from snapshot deletion). */
      key: string | null;
      errors: RowError[];
    };

export type IngestMode = 'upsert' | 'snapshot';
export type OnError = 'reject' | 'quarantine';
export type BatchSource = 'push' | 'upload' | 'connector' | 'seed' | 'quarantine';
export type BodyFormat = 'ndjson' | 'csv' | 'json';
