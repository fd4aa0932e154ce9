import { Type, type Static } from 'typebox';
import { Nullable, Offset, Seq, Text, Timestamp, Uuid } from '../../core/schema.ts';
import { RULES } from './types.ts';

export const RuleCodeEnum = Type.Enum(Object.keys(RULES), {
  $id: 'RuleCode',
  description: Object.entries(RULES)
    .map(([k, v]) => `${k} ${v}`)
    .join(', '),
});
export const ModeEnum = Type.Enum(['upsert', 'snapshot'], {
  $id: 'IngestMode',
  description:
    'upsert: changes only (rows may carry "_delete": true); snapshot: the full set, missing keys are deleted',
});
export const OnErrorEnum = Type.Enum(['reject', 'quarantine'], {
  $id: 'OnError',
  description:
    'reject: any bad row rejects the whole batch; quarantine: store valid rows, set bad ones aside',
});

export const RowError = Type.Object(
  {
    row: Type.Integer({ description: '1-based data row (header excluded)' }),
    field: Nullable(Type.String()),
    code: RuleCodeEnum,
    message: Type.String(),
  },
  { $id: 'RowError' },
);
export type RowErrorT = Static<typeof RowError>;

export const IngestQuery = Type.Object(
  {
    mode: Type.Optional(ModeEnum),
    onError: Type.Optional(OnErrorEnum),
    dryRun: Type.Optional(Type.Boolean({ description: 'Validate and count, then roll back' })),
  },
  { additionalProperties: false },
);
export type IngestQueryT = Static<typeof IngestQuery>;

export const IngestResult = Type.Object(
  {
    batchId: Uuid,
    resourceId: Uuid,
    mode: ModeEnum,
    onError: OnErrorEnum,
    dryRun: Type.Boolean(),
    /** True when an earlier request with the same Idempotency-Key produced this result. */
    replayed: Type.Boolean(),
    received: Type.Integer(),
    inserted: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    deleted: Type.Integer(),
    quarantined: Type.Integer(),
    rejected: Type.Array(RowError, { description: 'The first 1,000 rejected rows' }),
    rejectedTotal: Type.Integer(),
    firstSeq: Nullable(Type.Integer()),
    lastSeq: Nullable(Type.Integer()),
    bytes: Type.Integer(),
    durationMs: Type.Integer(),
  },
  { $id: 'IngestResult' },
);
export type IngestResultT = Static<typeof IngestResult>;

/** The upload preview: how the file's columns map onto items, and its first rows as they would be stored. */
export const UploadResult = Type.Object(
  {
    ...IngestResult.properties,
    fileName: Type.String(),
    columns: Type.Array(
      Type.Object(
        { header: Type.String(), item: Nullable(Type.String()) },
        { description: 'null: no such item' },
      ),
    ),
    missingRequired: Type.Array(Type.String()),
    /** Columns that match no item: left out of every row (the preview shows them before anything is stored). */
    ignoredColumns: Type.Array(Type.String()),
    preview: Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: 'First 20 rows, typed' }),
  },
  { $id: 'UploadResult' },
);
export type UploadResultT = Static<typeof UploadResult>;

export const ExchangeItem = Type.Object(
  {
    name: Type.String(),
    dataType: Type.String(),
    length: Nullable(Type.Integer()),
    required: Type.Boolean(),
    isKey: Type.Boolean(),
    sensitive: Type.Boolean(),
    semanticTag: Nullable(Type.String()),
  },
  { $id: 'ExchangeItem' },
);

export const ConnectorSummary = Type.Object(
  {
    kind: Type.Enum(['postgres', 'mysql']),
    status: Type.Enum(['idle', 'running', 'ok', 'failed']),
    enabled: Type.Boolean(),
    lastRunAt: Nullable(Timestamp),
    lastError: Nullable(Type.String()),
    nextRunAt: Timestamp,
    highWater: Nullable(Type.String()),
  },
  { $id: 'ConnectorSummary' },
);

/** A published record-holding resource as the exchange sees it. */
export const ExchangeResource = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    departmentId: Uuid,
    departmentName: Type.String(),
    formatCategory: Type.String(),
    sharingType: Type.String(),
    updateCycle: Type.String(),
    recordsHeld: Type.Integer(),
    lastSeq: Type.Integer(),
    lastChangeAt: Nullable(Timestamp),
    overdue: Type.Boolean(),
    batches: Type.Integer(),
    openQuarantine: Type.Integer(),
    subscriptions: Type.Integer(),
    connector: Nullable(ConnectorSummary),
  },
  { $id: 'ExchangeResource' },
);
export type ExchangeResourceT = Static<typeof ExchangeResource>;

export const ExchangeResourceDetail = Type.Object(
  {
    ...ExchangeResource.properties,
    items: Type.Array(ExchangeItem),
  },
  { $id: 'ExchangeResourceDetail' },
);
export type ExchangeResourceDetailT = Static<typeof ExchangeResourceDetail>;

export const ResourceListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    departmentId: Type.Optional(Uuid),
    withData: Type.Optional(Type.Boolean({ description: 'Only resources that hold records' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type ResourceListQueryT = Static<typeof ResourceListQuery>;

export const Batch = Type.Object(
  {
    id: Uuid,
    resourceId: Uuid,
    resourceName: Type.String(),
    source: Type.Enum(['push', 'upload', 'connector', 'seed', 'quarantine']),
    mode: ModeEnum,
    onError: OnErrorEnum,
    outcome: Type.Enum(['applied', 'rejected', 'failed']),
    actorName: Nullable(Type.String()),
    received: Type.Integer(),
    inserted: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    deleted: Type.Integer(),
    rejected: Type.Integer(),
    bytes: Type.Integer(),
    firstSeq: Nullable(Type.Integer()),
    lastSeq: Nullable(Type.Integer()),
    errorCounts: Type.Record(Type.String(), Type.Integer()),
    errorMessage: Nullable(Type.String()),
    durationMs: Type.Integer(),
    at: Timestamp,
  },
  { $id: 'Batch' },
);
export type BatchT = Static<typeof Batch>;
export const BatchDetail = Type.Object(
  { ...Batch.properties, errors: Type.Array(RowError) },
  { $id: 'BatchDetail' },
);
export type BatchDetailT = Static<typeof BatchDetail>;

export const RecordsQuery = Type.Object(
  {
    after: Type.Optional(
      Type.String({ maxLength: 2000, description: 'Keyset cursor: the last record_key seen' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export const RecordsPage = Type.Object(
  {
    total: Type.Integer(),
    items: Type.Array(
      Type.Object({
        key: Type.String(),
        seq: Type.Integer(),
        updatedAt: Timestamp,
        data: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
    nextCursor: Nullable(Type.String()),
  },
  { $id: 'RecordsPage' },
);

export const Change = Type.Object(
  {
    seq: Type.Integer(),
    op: Type.Enum(['insert', 'update', 'delete']),
    key: Type.Array(Type.Unknown(), { description: 'The key items’ values' }),
    data: Nullable(Type.Record(Type.String(), Type.Unknown())),
    at: Timestamp,
  },
  { $id: 'RecordChange' },
);
export type ChangeT = Static<typeof Change>;

export const ChangesQuery = Type.Object(
  {
    after: Type.Optional(Seq({ description: 'Cursor: the last seq already processed' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
  },
  { additionalProperties: false },
);
export type ChangesQueryT = Static<typeof ChangesQuery>;
export const ChangesPage = Type.Object(
  {
    resourceId: Uuid,
    changes: Type.Array(Change),
    /** Pass as `after` next time (and acknowledge it once processed). */
    nextCursor: Type.Integer(),
    /** The resource's newest seq: nextCursor < lastSeq means more is waiting. */
    lastSeq: Type.Integer(),
  },
  { $id: 'ChangesPage' },
);
export type ChangesPageT = Static<typeof ChangesPage>;

export const Quarantined = Type.Object(
  {
    id: Uuid,
    batchId: Uuid,
    row: Type.Integer(),
    raw: Type.Record(Type.String(), Type.Unknown()),
    errors: Type.Array(RowError),
    createdAt: Timestamp,
  },
  { $id: 'Quarantined' },
);
export const QuarantineFix = Type.Object(
  { values: Type.Record(Type.String(), Type.Unknown()) },
  { $id: 'QuarantineFix', additionalProperties: false },
);

export const QualityQuery = Type.Object(
  {
    departmentId: Type.Optional(Uuid),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })),
  },
  { additionalProperties: false },
);
export const QualityReport = Type.Object(
  {
    days: Type.Integer(),
    resources: Type.Array(
      Type.Object({
        resourceId: Uuid,
        resourceName: Type.String(),
        departmentName: Type.String(),
        batches: Type.Integer(),
        rejectedBatches: Type.Integer(),
        rowsReceived: Type.Integer(),
        rowsRejected: Type.Integer(),
        errorRate: Type.Number({ description: 'rowsRejected / rowsReceived' }),
        byRule: Type.Record(Type.String(), Type.Integer()),
        openQuarantine: Type.Integer(),
      }),
    ),
  },
  { $id: 'QualityReport' },
);
export type QualityReportT = Static<typeof QualityReport>;

export const Subscription = Type.Object(
  {
    id: Uuid,
    resourceId: Uuid,
    resourceCode: Type.String(),
    resourceName: Type.String(),
    providerDepartmentName: Type.String(),
    consumerDepartmentId: Uuid,
    consumerDepartmentName: Type.String(),
    items: Nullable(Type.Array(Type.String())),
    mode: Type.Enum(['pull', 'webhook']),
    webhookUrl: Nullable(Type.String()),
    status: Type.Enum(['active', 'paused', 'dead']),
    ackedSeq: Type.Integer(),
    lastSeq: Type.Integer(),
    /** latest seq − acknowledged seq. */
    lag: Type.Integer(),
    attempts: Type.Integer(),
    maxAttempts: Type.Integer(),
    nextAttemptAt: Timestamp,
    lastError: Nullable(Type.String()),
    lastDeliveredAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { $id: 'Subscription' },
);
export type SubscriptionT = Static<typeof Subscription>;

export const SubscriptionInput = Type.Object(
  {
    resourceId: Uuid,
    consumerDepartmentId: Uuid,
    items: Type.Optional(Nullable(Type.Array(Text(100), { minItems: 1, maxItems: 500 }))),
    mode: Type.Enum(['pull', 'webhook']),
    webhookUrl: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 2000 }))),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    /** Start from the beginning of the log (0, default) or only new changes ('latest'). */
    from: Type.Optional(Type.Enum(['beginning', 'latest'])),
  },
  { $id: 'SubscriptionInput', additionalProperties: false },
);
export type SubscriptionInputT = Static<typeof SubscriptionInput>;

export const SubscriptionCreated = Type.Object(
  {
    subscription: Subscription,
    /** HMAC-SM3 signing secret for webhook bodies: shown once, never again. */
    secret: Nullable(Type.String()),
  },
  { $id: 'SubscriptionCreated' },
);

export const SubscriptionPatch = Type.Object(
  {
    status: Type.Optional(Type.Enum(['active', 'paused'])),
    webhookUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { $id: 'SubscriptionPatch', additionalProperties: false },
);
export type SubscriptionPatchT = Static<typeof SubscriptionPatch>;

export const AckBody = Type.Object({ cursor: Seq() }, { additionalProperties: false });

export const Delivery = Type.Object(
  {
    id: Uuid,
    subscriptionId: Uuid,
    mode: Type.Enum(['pull', 'webhook']),
    fromSeq: Type.Integer(),
    toSeq: Type.Integer(),
    changes: Type.Integer(),
    bytes: Type.Integer(),
    attempt: Type.Integer(),
    outcome: Type.Enum(['delivered', 'failed']),
    statusCode: Nullable(Type.Integer()),
    error: Nullable(Type.String()),
    durationMs: Type.Integer(),
    at: Timestamp,
  },
  { $id: 'Delivery' },
);

export const DeadLetter = Type.Object(
  {
    id: Uuid,
    subscriptionId: Uuid,
    resourceId: Uuid,
    resourceName: Type.String(),
    consumerDepartmentId: Uuid,
    consumerDepartmentName: Type.String(),
    fromSeq: Type.Integer(),
    toSeq: Type.Integer(),
    attempts: Type.Integer(),
    lastError: Nullable(Type.String()),
    createdAt: Timestamp,
    redeliveredAt: Nullable(Timestamp),
  },
  { $id: 'DeadLetter' },
);

export const StatsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    departmentId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type StatsQueryT = Static<typeof StatsQuery>;
export const StatsRow = Type.Object(
  {
    day: Type.String({ format: 'date' }),
    departmentId: Uuid,
    departmentName: Type.String(),
    /** Records the department's resources held at the end of the day. */
    recordsHeld: Type.Integer(),
    recordsReceived: Type.Integer(),
    /** Changes delivered to the department as a consumer. */
    recordsDelivered: Type.Integer(),
    /** Batches received plus deliveries made (webhook posts and pull reads) that day. */
    exchanges: Type.Integer(),
    /** Changes delivered to the department since the beginning, up to this day. */
    cumulativeShared: Type.Integer(),
  },
  { $id: 'ExchangeStatsRow' },
);
export const StatsReport = Type.Object(
  {
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    totals: Type.Object({
      recordsHeld: Type.Integer(),
      recordsReceived: Type.Integer(),
      recordsDelivered: Type.Integer(),
      exchanges: Type.Integer(),
      cumulativeShared: Type.Integer(),
      resourcesWithData: Type.Integer(),
      subscriptions: Type.Integer(),
    }),
    /** Records each provider department holds now. */
    departments: Type.Array(
      Type.Object({
        departmentId: Uuid,
        departmentName: Type.String(),
        recordsHeld: Type.Integer(),
        resources: Type.Integer(),
      }),
    ),
    rows: Type.Array(StatsRow),
  },
  { $id: 'ExchangeStatsReport' },
);
export type StatsReportT = Static<typeof StatsReport>;
