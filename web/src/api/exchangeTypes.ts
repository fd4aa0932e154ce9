/**
 * Shapes of the exchange hub API (政务数据共享交换平台), as in the server's exchange schema
 * (src/modules/exchange/schema.ts and connector/schema.ts). Timestamps are ISO strings.
 */
import type { DataType, FormatCategory, SemanticTag, SharingType, UpdateCycle } from './catalogTypes';

/** The rules a row can break; labels in the i18n messages (`exchange.rule.<code>`). */
export const RULE_CODES = [
  'PARSE',
  'COLUMN_COUNT',
  'UNKNOWN_FIELD',
  'REQUIRED',
  'TYPE',
  'LENGTH',
  'ID_CARD',
  'USCC',
  'ORG_CODE',
  'MOBILE',
  'PHONE',
  'EMAIL',
  'REGION_CODE',
  'DATE_RANGE',
  'DUPLICATE_KEY',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export type IngestMode = 'upsert' | 'snapshot';
export type OnError = 'reject' | 'quarantine';
export type BatchSource = 'push' | 'upload' | 'connector' | 'seed' | 'quarantine';
export type BatchOutcome = 'applied' | 'rejected' | 'failed';
export type ChangeOp = 'insert' | 'update' | 'delete';
export type SubscriptionMode = 'pull' | 'webhook';
export type SubscriptionStatus = 'active' | 'paused' | 'dead';
export type DeliveryOutcome = 'delivered' | 'failed';
export type ConnectorKind = 'postgres' | 'mysql';
export type ConnectorStatus = 'idle' | 'running' | 'ok' | 'failed';

export interface RowError {
  /** 1-based data row (header excluded). */
  row: number;
  field: string | null;
  code: RuleCode | string;
  message: string;
}

export interface IngestResult {
  batchId: string;
  resourceId: string;
  mode: IngestMode;
  onError: OnError;
  dryRun: boolean;
  replayed: boolean;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  quarantined: number;
  /** The first 1,000 rejected rows. */
  rejected: RowError[];
  rejectedTotal: number;
  firstSeq: number | null;
  lastSeq: number | null;
  bytes: number;
  durationMs: number;
}

export interface UploadResult extends IngestResult {
  fileName: string;
  /** How each header of the file maps onto an item; `item` is null when no item has that name. */
  columns: { header: string; item: string | null }[];
  missingRequired: string[];
  /** Columns matching no item: left out of every row. */
  ignoredColumns: string[];
  /** The first 20 rows, typed; `_row` is the data row, `_error` a row that could not be read. */
  preview: Record<string, unknown>[];
}

/** The `details` of a 422 EXCHANGE_BATCH_REJECTED. */
export interface BatchRejectedDetails {
  batchId: string;
  received: number;
  rejectedTotal: number;
  errorCounts: Record<string, number>;
  rejected: RowError[];
}

export interface ExchangeItem {
  name: string;
  dataType: DataType;
  length: number | null;
  required: boolean;
  isKey: boolean;
  sensitive: boolean;
  semanticTag: SemanticTag | null;
}

export interface ConnectorSummary {
  kind: ConnectorKind;
  status: ConnectorStatus;
  enabled: boolean;
  lastRunAt: string | null;
  lastError: string | null;
  nextRunAt: string;
  highWater: string | null;
}

export interface ExchangeResource {
  id: string;
  code: string;
  name: string;
  departmentId: string;
  departmentName: string;
  formatCategory: FormatCategory;
  sharingType: SharingType;
  updateCycle: UpdateCycle;
  recordsHeld: number;
  lastSeq: number;
  lastChangeAt: string | null;
  overdue: boolean;
  batches: number;
  openQuarantine: number;
  subscriptions: number;
  connector: ConnectorSummary | null;
}

export interface ExchangeResourceDetail extends ExchangeResource {
  items: ExchangeItem[];
}

export type ResourceListQuery = {
  q?: string;
  departmentId?: string;
  withData?: 'true';
};

export interface Batch {
  id: string;
  resourceId: string;
  resourceName: string;
  source: BatchSource;
  mode: IngestMode;
  onError: OnError;
  outcome: BatchOutcome;
  actorName: string | null;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  bytes: number;
  firstSeq: number | null;
  lastSeq: number | null;
  errorCounts: Record<string, number>;
  errorMessage: string | null;
  durationMs: number;
  at: string;
}

export interface BatchDetail extends Batch {
  errors: RowError[];
}

export interface HeldRecord {
  key: string;
  seq: number;
  updatedAt: string;
  data: Record<string, unknown>;
}

export interface RecordsPage {
  total: number;
  items: HeldRecord[];
  nextCursor: string | null;
}

export interface Change {
  seq: number;
  op: ChangeOp;
  /** The key items' values. */
  key: unknown[];
  data: Record<string, unknown> | null;
  at: string;
}

export interface ChangesPage {
  resourceId: string;
  changes: Change[];
  nextCursor: number;
  lastSeq: number;
}

export interface Quarantined {
  id: string;
  batchId: string;
  row: number;
  raw: Record<string, unknown>;
  errors: RowError[];
  createdAt: string;
}

export interface QualityRow {
  resourceId: string;
  resourceName: string;
  departmentName: string;
  batches: number;
  rejectedBatches: number;
  rowsReceived: number;
  rowsRejected: number;
  /** rowsRejected / rowsReceived. */
  errorRate: number;
  byRule: Record<string, number>;
  openQuarantine: number;
}

export interface QualityReport {
  days: number;
  resources: QualityRow[];
}

export type QualityQuery = {
  days?: number;
  departmentId?: string;
};

export interface Subscription {
  id: string;
  resourceId: string;
  resourceCode: string;
  resourceName: string;
  providerDepartmentName: string;
  consumerDepartmentId: string;
  consumerDepartmentName: string;
  /** The items delivered; null for all of them. */
  items: string[] | null;
  mode: SubscriptionMode;
  webhookUrl: string | null;
  status: SubscriptionStatus;
  ackedSeq: number;
  lastSeq: number;
  /** Latest seq − acknowledged seq. */
  lag: number;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastDeliveredAt: string | null;
  createdAt: string;
}

export interface SubscriptionInput {
  resourceId: string;
  consumerDepartmentId: string;
  items?: string[] | null;
  mode: SubscriptionMode;
  webhookUrl?: string | null;
  maxAttempts?: number;
  from?: 'beginning' | 'latest';
}

export interface SubscriptionCreated {
  subscription: Subscription;
  /** HMAC-SM3 signing secret of a webhook subscription: shown once, never again. */
  secret: string | null;
}

export interface SubscriptionPatch {
  status?: 'active' | 'paused';
  webhookUrl?: string;
  maxAttempts?: number;
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  mode: SubscriptionMode;
  fromSeq: number;
  toSeq: number;
  changes: number;
  bytes: number;
  attempt: number;
  outcome: DeliveryOutcome;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: string;
}

export interface DeadLetter {
  id: string;
  subscriptionId: string;
  resourceId: string;
  resourceName: string;
  consumerDepartmentId: string;
  consumerDepartmentName: string;
  fromSeq: number;
  toSeq: number;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  redeliveredAt: string | null;
}

export type StatsQuery = {
  from?: string;
  to?: string;
  departmentId?: string;
};

export interface StatsRow {
  day: string;
  departmentId: string;
  departmentName: string;
  /** Records the department's resources held at the end of the day. */
  recordsHeld: number;
  recordsReceived: number;
  /** Changes delivered to the department as a consumer. */
  recordsDelivered: number;
  exchanges: number;
  cumulativeShared: number;
}

export interface StatsTotals {
  recordsHeld: number;
  recordsReceived: number;
  recordsDelivered: number;
  exchanges: number;
  cumulativeShared: number;
  resourcesWithData: number;
  subscriptions: number;
}

export interface StatsReport {
  from: string;
  to: string;
  totals: StatsTotals;
  /** Records each provider department holds now, whether or not it was active in the range. */
  departments: { departmentId: string; departmentName: string; recordsHeld: number; resources: number }[];
  rows: StatsRow[];
}

/** A pull connector to a department's front database (前置库), as sent: the password is write-only. */
export interface ConnectorInput {
  kind: ConnectorKind;
  host: string;
  port: number;
  database: string;
  username: string;
  /** Omit to keep the stored password; required on create and when kind, host, port or username change. */
  password?: string;
  /** `table` or `schema.table`; give either this or `sourceQuery`. */
  sourceTable?: string | null;
  /** A SELECT statement. */
  sourceQuery?: string | null;
  /** Source column → item name (or "_delete"); unnamed columns map to the item of the same name. */
  columnMap?: Record<string, string>;
  /** The column that increases with every change (update time or sequence). */
  incrementalColumn: string;
  /** Minutes between runs; null to follow the resource's update cycle. */
  intervalMinutes?: number | null;
  enabled?: boolean;
  /** Set the high-water mark (null: read everything again); omit to keep it. */
  highWater?: string | null;
}

/** Settings to test; omitted ones come from the stored connector. */
export type ConnectorTestInput = Partial<Omit<ConnectorInput, 'intervalMinutes' | 'enabled' | 'highWater'>>;

export interface ConnectorSchedule {
  minutes: number;
  basis: 'interval' | 'update_cycle';
  /** In Chinese. */
  description: string;
}

/** A connector as the server shows it: never the password. */
export interface Connector {
  id: string;
  resourceId: string;
  departmentId: string;
  kind: ConnectorKind;
  host: string;
  port: number;
  database: string;
  username: string;
  passwordSet: boolean;
  sourceTable: string | null;
  sourceQuery: string | null;
  columnMap: Record<string, string>;
  incrementalColumn: string;
  intervalMinutes: number | null;
  enabled: boolean;
  status: ConnectorStatus;
  running: boolean;
  lastRunAt: string | null;
  lastError: string | null;
  nextRunAt: string;
  highWater: string | null;
  schedule: ConnectorSchedule;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectorTestResult {
  ok: true;
  serverVersion: string;
  latencyMs: number;
  columns: string[];
  mapping: { column: string; item: string | null }[];
  unmappedItems: string[];
  /** In Chinese: what would make rows fail validation. */
  warnings: string[];
}

export interface ConnectorRun {
  id: string;
  connectorId: string;
  resourceId: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'ok' | 'failed';
  rowsRead: number;
  /** Pages taken in, one exchange batch each. */
  batches: number;
  highWaterBefore: string | null;
  highWaterAfter: string | null;
  error: string | null;
}
