import { Type, type Static } from 'typebox';
import {
  BigintId,
  Limit,
  MultilineText,
  Nullable,
  Offset,
  Text,
  Timestamp,
  Uuid,
} from '../../core/schema.ts';

const Day = Type.String({ format: 'date', description: 'A day (YYYY-MM-DD), China Standard Time' });

export const USAGE_MODES = ['verify', 'query', 'subscription', 'bulk'] as const;
export type UsageMode = (typeof USAGE_MODES)[number];
export const UsageModeEnum = Type.Enum([...USAGE_MODES], {
  $id: 'UsageMode',
  description:
    'verify 核验 (match / no match only), query 查询 (lookup by key and filtered queries), ' +
    'subscription 订阅 (change feed), bulk 批量 (whole-set extracts)',
});

export const REQUEST_STATUSES = ['pending', 'second_review', 'approved', 'rejected', 'withdrawn'] as const;
export const RequestStatusEnum = Type.Enum([...REQUEST_STATUSES], {
  $id: 'RequestStatus',
  description:
    'pending 待提供方审批, second_review 待平台复核 (sensitive items), approved 已批准, rejected 已驳回, withdrawn 已撤回',
});

export const AGREEMENT_STATES = ['in_force', 'not_yet', 'expired', 'revoked'] as const;
export const AgreementStateEnum = Type.Enum([...AGREEMENT_STATES], { $id: 'AgreementState' });

/** Why a grant cannot be used right now (null: it can). */
export const GRANT_STATES = ['active', 'not_yet', 'expired', 'revoked', 'suspended'] as const;
export const GrantStateEnum = Type.Enum([...GRANT_STATES], {
  $id: 'GrantState',
  description: 'suspended: the consumer has no security agreement in force',
});

// ---- agreements (安全保密协议) -------------------------------------------------------------------

export const AgreementInput = Type.Object(
  {
    departmentId: Uuid,
    title: Text(200),
    parties: MultilineText(500),
    signedOn: Day,
    validFrom: Day,
    validTo: Day,
  },
  { $id: 'AgreementInput', additionalProperties: false },
);
export type AgreementInputT = Static<typeof AgreementInput>;

export const Agreement = Type.Object(
  {
    id: Uuid,
    departmentId: Uuid,
    departmentName: Type.String(),
    title: Type.String(),
    parties: Type.String(),
    signedOn: Day,
    validFrom: Day,
    validTo: Day,
    state: AgreementStateEnum,
    fileName: Type.String(),
    fileSize: Type.Integer(),
    fileSm3: Type.String(),
    createdBy: Nullable(Type.String()),
    createdAt: Timestamp,
    revokedAt: Nullable(Timestamp),
    revokeReason: Nullable(Type.String()),
  },
  { $id: 'Agreement' },
);
export type AgreementT = Static<typeof Agreement>;

export const AgreementQuery = Type.Object(
  { departmentId: Type.Optional(Uuid), state: Type.Optional(AgreementStateEnum) },
  { additionalProperties: false },
);

/** Per department: does it have an agreement in force, and until when. */
export const AgreementCoverage = Type.Object(
  {
    departmentId: Uuid,
    departmentName: Type.String(),
    inForceUntil: Nullable(Day),
    lastExpiredOn: Nullable(Day),
  },
  { $id: 'AgreementCoverage' },
);

export const RevokeBody = Type.Object({ reason: Text(500) }, { additionalProperties: false });

// ---- requests (申请与审批) -----------------------------------------------------------------------

export const RequestInput = Type.Object(
  {
    resourceId: Uuid,
    /** The consumer department; defaults to the caller's own. */
    consumerDepartmentId: Type.Optional(Uuid),
    /** Bind the grant to one system's API key; otherwise any key of the consumer department may use it. */
    apiKeyId: Type.Optional(Nullable(Uuid)),
    items: Type.Array(Text(100), { minItems: 1, maxItems: 500, uniqueItems: true }),
    /** Sensitive items asked for in clear (unmasked); each needs the provider's consent. */
    unmaskedItems: Type.Optional(Type.Array(Text(100), { maxItems: 500, uniqueItems: true })),
    purpose: Text(200),
    legalBasis: MultilineText(2000),
    usageModes: Type.Array(UsageModeEnum, { minItems: 1, uniqueItems: true }),
    periodFrom: Day,
    periodTo: Day,
    expectedDailyVolume: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000_000 }))),
  },
  { $id: 'SharingRequestInput', additionalProperties: false },
);
export type RequestInputT = Static<typeof RequestInput>;

/** 无条件共享: confirm the purpose and get the grant at once. */
export const SelfServiceInput = Type.Object(
  {
    resourceId: Uuid,
    consumerDepartmentId: Type.Optional(Uuid),
    apiKeyId: Type.Optional(Nullable(Uuid)),
    items: Type.Optional(Type.Array(Text(100), { minItems: 1, maxItems: 500, uniqueItems: true })),
    purpose: Text(200),
    usageModes: Type.Array(UsageModeEnum, { minItems: 1, uniqueItems: true }),
    periodTo: Type.Optional(Day),
    /** The consumer confirms it will use the data only for the stated purpose. */
    confirm: Type.Literal(true),
  },
  { $id: 'SelfServiceInput', additionalProperties: false },
);
export type SelfServiceInputT = Static<typeof SelfServiceInput>;

export const Attachment = Type.Object(
  {
    id: Uuid,
    fileName: Type.String(),
    contentType: Type.String(),
    fileSize: Type.Integer(),
    fileSm3: Type.String(),
    createdAt: Timestamp,
  },
  { $id: 'Attachment' },
);

export const AccessRequest = Type.Object(
  {
    id: Uuid,
    resourceId: Uuid,
    resourceCode: Type.String(),
    resourceName: Type.String(),
    providerDepartmentId: Uuid,
    providerDepartmentName: Type.String(),
    consumerDepartmentId: Uuid,
    consumerDepartmentName: Type.String(),
    apiKeyId: Nullable(Uuid),
    apiKeyName: Nullable(Type.String()),
    items: Type.Array(Type.String()),
    unmaskedItems: Type.Array(Type.String()),
    /** Which of the requested items are sensitive (masked unless granted in clear). */
    sensitiveItems: Type.Array(Type.String()),
    purpose: Type.String(),
    legalBasis: Type.String(),
    usageModes: Type.Array(UsageModeEnum),
    periodFrom: Day,
    periodTo: Day,
    expectedDailyVolume: Nullable(Type.Integer()),
    status: RequestStatusEnum,
    approvedItems: Nullable(Type.Array(Type.String())),
    approvedUnmasked: Nullable(Type.Array(Type.String())),
    approvedTo: Nullable(Day),
    dailyQuota: Nullable(Type.Integer()),
    ratePerMinute: Nullable(Type.Integer()),
    reason: Nullable(Type.String()),
    firstDecidedBy: Nullable(Type.String()),
    firstDecidedAt: Nullable(Timestamp),
    secondDecidedBy: Nullable(Type.String()),
    secondDecidedAt: Nullable(Timestamp),
    dueAt: Timestamp,
    overdue: Type.Boolean({ description: 'Still awaiting a decision after its deadline' }),
    grantId: Nullable(Uuid),
    attachments: Type.Array(Attachment),
    createdBy: Nullable(Type.String()),
    createdAt: Timestamp,
  },
  { $id: 'SharingRequest' },
);
export type AccessRequestT = Static<typeof AccessRequest>;

export const RequestQuery = Type.Object(
  {
    /** mine: requests of my departments; inbox: requests to my departments (as provider); all: operator. */
    box: Type.Optional(Type.Enum(['mine', 'inbox', 'all'], { default: 'mine' })),
    status: Type.Optional(RequestStatusEnum),
    overdue: Type.Optional(Type.Boolean()),
    resourceId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type RequestQueryT = Static<typeof RequestQuery>;

export const ApproveBody = Type.Object(
  {
    /** A subset of the requested items (default: all requested). */
    items: Type.Optional(Type.Array(Text(100), { minItems: 1, maxItems: 500, uniqueItems: true })),
    /** A subset of the requested unmasked items (default: none in clear). */
    unmaskedItems: Type.Optional(Type.Array(Text(100), { maxItems: 500, uniqueItems: true })),
    /** An earlier end than requested (default: the requested end). */
    periodTo: Type.Optional(Day),
    dailyQuota: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000_000 }))),
    ratePerMinute: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
    comment: Type.Optional(MultilineText(1000, 0)),
  },
  { $id: 'ApproveInput', additionalProperties: false },
);
export type ApproveBodyT = Static<typeof ApproveBody>;

export const RejectBody = Type.Object({ reason: MultilineText(1000) }, { additionalProperties: false });

// ---- grants (授权) -----------------------------------------------------------------------------

export const Grant = Type.Object(
  {
    id: Uuid,
    resourceId: Uuid,
    resourceCode: Type.String(),
    resourceName: Type.String(),
    providerDepartmentId: Uuid,
    providerDepartmentName: Type.String(),
    consumerDepartmentId: Uuid,
    consumerDepartmentName: Type.String(),
    apiKeyId: Nullable(Uuid),
    apiKeyName: Nullable(Type.String()),
    requestId: Nullable(Uuid),
    source: Type.Enum(['self_service', 'approval']),
    items: Type.Array(Type.String()),
    unmaskedItems: Type.Array(Type.String()),
    /** Granted items that reach the consumer masked (sensitive, not key, not granted in clear). */
    maskedItems: Type.Array(Type.String()),
    purpose: Type.String(),
    usageModes: Type.Array(UsageModeEnum),
    validFrom: Timestamp,
    validTo: Timestamp,
    dailyQuota: Nullable(Type.Integer()),
    ratePerMinute: Nullable(Type.Integer()),
    expectedDailyVolume: Nullable(Type.Integer()),
    state: GrantStateEnum,
    callsToday: Type.Integer(),
    quotaUsedToday: Type.Integer({
      description:
        'What today’s calls used of the daily quota: the records they returned, at least one per call',
    }),
    revokedAt: Nullable(Timestamp),
    revokedBy: Nullable(Type.String()),
    revokeReason: Nullable(Type.String()),
    createdBy: Nullable(Type.String()),
    createdAt: Timestamp,
  },
  { $id: 'Grant' },
);
export type GrantT = Static<typeof Grant>;

export const GrantQuery = Type.Object(
  {
    /** mine: grants my departments hold; given: grants on my departments' resources; all: operator. */
    box: Type.Optional(Type.Enum(['mine', 'given', 'all'], { default: 'mine' })),
    state: Type.Optional(GrantStateEnum),
    resourceId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type GrantQueryT = Static<typeof GrantQuery>;

// ---- the operator's policy ---------------------------------------------------------------------

export const SharingPolicy = Type.Object(
  {
    responseHours: Type.Integer({ minimum: 1, maximum: 8760 }),
    secondApprovalSensitive: Type.Boolean(),
    maxQueryLimit: Type.Integer({ minimum: 1, maximum: 10_000 }),
    verifyPerMinute: Type.Integer({
      minimum: 1,
      maximum: 10_000_000,
      description: 'Verifications (核验) one API key or user may make per minute, across its grants',
    }),
    updatedBy: Nullable(Type.String()),
    updatedAt: Timestamp,
  },
  { $id: 'SharingPolicy' },
);
export type SharingPolicyT = Static<typeof SharingPolicy>;
export const SharingPolicyPatch = Type.Object(
  {
    responseHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 8760 })),
    secondApprovalSensitive: Type.Optional(Type.Boolean()),
    maxQueryLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    verifyPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
  },
  { $id: 'SharingPolicyPatch', additionalProperties: false },
);
export type SharingPolicyPatchT = Static<typeof SharingPolicyPatch>;

// ---- usage (使用审计) --------------------------------------------------------------------------

export const UsageQuery = Type.Object(
  {
    /** consumer: my departments' use of others' data; provider: others' use of my departments' data. */
    side: Type.Optional(Type.Enum(['provider', 'consumer'], { default: 'provider' })),
    departmentId: Type.Optional(Uuid),
    resourceId: Type.Optional(Uuid),
    grantId: Type.Optional(Uuid),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })),
  },
  { additionalProperties: false },
);
export type UsageQueryT = Static<typeof UsageQuery>;

export const UsageReport = Type.Object(
  {
    from: Day,
    to: Day,
    totals: Type.Object({ calls: Type.Integer(), records: Type.Integer(), denied: Type.Integer() }),
    byDay: Type.Array(
      Type.Object({ day: Day, calls: Type.Integer(), records: Type.Integer(), denied: Type.Integer() }),
    ),
    byGrant: Type.Array(
      Type.Object({
        grantId: Uuid,
        resourceId: Uuid,
        resourceName: Type.String(),
        providerDepartmentName: Type.String(),
        consumerDepartmentName: Type.String(),
        purpose: Type.String(),
        calls: Type.Integer(),
        records: Type.Integer(),
        denied: Type.Integer(),
      }),
    ),
    flags: Type.Array(
      Type.Object({
        id: Uuid,
        grantId: Uuid,
        resourceName: Type.String(),
        consumerDepartmentName: Type.String(),
        day: Day,
        kind: Type.Enum(['volume', 'verify_burst'], {
          description:
            'volume: a day far above the usual calls; verify_burst: verifications reached the per-key limit in a minute',
        }),
        calls: Type.Integer(),
        baseline: Type.Number({
          description:
            'volume: usual calls per day before the flagged day; verify_burst: the per-minute limit',
        }),
        acknowledgedAt: Nullable(Timestamp),
      }),
    ),
  },
  { $id: 'UsageReport' },
);
export type UsageReportT = Static<typeof UsageReport>;

export const AccessLogQuery = Type.Object(
  {
    side: Type.Optional(Type.Enum(['provider', 'consumer'], { default: 'provider' })),
    resourceId: Type.Optional(Uuid),
    grantId: Type.Optional(Uuid),
    outcome: Type.Optional(Type.Enum(['success', 'denied', 'failure'])),
    /** A looked-up key (e.g. a citizen's 身份证号): the accesses that touched it, found by its digest. */
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    before: Type.Optional(BigintId({ description: 'The previous page’s nextCursor (older entries)' })),
  },
  { additionalProperties: false },
);
export type AccessLogQueryT = Static<typeof AccessLogQuery>;

/** One data access as the data-access log (sharing_access_log) holds it. */
export const AccessEntry = Type.Object(
  {
    auditId: Type.String({
      description:
        'The access row’s id: its group’s data.batch audit entry id × 1000 + its place in the group',
    }),
    at: Timestamp,
    action: Type.String({
      description: 'data.lookup, data.query, data.verify, exchange.pull, exchange.deliver',
    }),
    outcome: Type.String(),
    code: Nullable(Type.String({ description: 'The refusal code when denied' })),
    actorName: Nullable(Type.String()),
    actorKind: Type.String(),
    consumerDepartmentName: Nullable(Type.String()),
    resourceId: Nullable(Uuid),
    resourceName: Nullable(Type.String()),
    grantId: Nullable(Uuid),
    purpose: Nullable(Type.String()),
    keys: Type.Array(Type.String()),
    keyCount: Type.Integer(),
    items: Type.Array(Type.String()),
    maskedItems: Type.Array(Type.String()),
    records: Type.Integer(),
  },
  { $id: 'AccessEntry' },
);
export type AccessEntryT = Static<typeof AccessEntry>;

/** A page of data accesses, newest first; the log is not counted (it only grows). */
export const AccessLogPage = Type.Object(
  {
    items: Type.Array(AccessEntry),
    nextCursor: Nullable(
      Type.String({ description: 'Pass as `before` for the next (older) page; null when there is none' }),
    ),
  },
  { $id: 'AccessLogPage' },
);
export type AccessLogPageT = Static<typeof AccessLogPage>;

// ---- the data service API (数据服务接口) ---------------------------------------------------------

export const DataResourceParams = Type.Object({ resource: Uuid }, { additionalProperties: false });
export const DataRecordParams = Type.Object(
  {
    resource: Uuid,
    key: Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        'The record key: the key item’s value; for a key of several items, their values joined with "|" ' +
        '(or a JSON array)',
    }),
  },
  { additionalProperties: false },
);
export const PurposeHeaders = Type.Object({
  'x-purpose': Type.Optional(
    Type.String({
      maxLength: 600,
      description: 'The purpose of this call (用途), percent-encoded UTF-8; must equal a granted purpose',
    }),
  ),
});
export const LookupQuery = Type.Object(
  {
    items: Type.Optional(
      Type.String({ maxLength: 5000, description: 'Comma-separated items to return (default: all granted)' }),
    ),
  },
  { additionalProperties: false },
);

export const DataRecord = Type.Object(
  {
    key: Type.Array(Type.Unknown()),
    data: Type.Record(Type.String(), Type.Unknown()),
    updatedAt: Timestamp,
  },
  { $id: 'DataRecord' },
);
export type DataRecordT = Static<typeof DataRecord>;

export const DataLookupResult = Type.Object(
  {
    resourceId: Uuid,
    record: DataRecord,
    /** Items returned masked (DESIGN.md §4 policy). */
    maskedItems: Type.Array(Type.String()),
    grantId: Uuid,
  },
  { $id: 'DataLookupResult' },
);
export type DataLookupResultT = Static<typeof DataLookupResult>;

const FilterValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export const FilterCondition = Type.Union(
  [
    FilterValue,
    Type.Object(
      {
        eq: Type.Optional(FilterValue),
        ne: Type.Optional(FilterValue),
        gt: Type.Optional(Type.Union([Type.String(), Type.Number()])),
        gte: Type.Optional(Type.Union([Type.String(), Type.Number()])),
        lt: Type.Optional(Type.Union([Type.String(), Type.Number()])),
        lte: Type.Optional(Type.Union([Type.String(), Type.Number()])),
        in: Type.Optional(Type.Array(FilterValue, { minItems: 1, maxItems: 1000 })),
        prefix: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  ],
  { $id: 'FilterCondition' },
);
export type FilterConditionT = Static<typeof FilterCondition>;

export const DataQueryBody = Type.Object(
  {
    /** item → value (equality) or { eq, ne, gt, gte, lt, lte, in, prefix }; items must be granted. */
    where: Type.Optional(
      Type.Record(Type.String({ maxLength: 100 }), FilterCondition, { maxProperties: 20 }),
    ),
    items: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 500 })),
    cursor: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    limit: Type.Optional(Limit(10_000, 100)),
  },
  { $id: 'DataQuery', additionalProperties: false },
);
export type DataQueryBodyT = Static<typeof DataQueryBody>;

export const DataQueryResult = Type.Object(
  {
    resourceId: Uuid,
    records: Type.Array(DataRecord),
    nextCursor: Nullable(Type.String()),
    maskedItems: Type.Array(Type.String()),
    grantId: Uuid,
  },
  { $id: 'DataQueryResult' },
);
export type DataQueryResultT = Static<typeof DataQueryResult>;

export const VerifyBody = Type.Object(
  {
    /** item → the value to check, e.g. { "身份证号": "320706…", "姓名": "张三" }; must include the key items. */
    fields: Type.Record(Type.String({ maxLength: 100 }), FilterValue, {
      minProperties: 1,
      maxProperties: 50,
    }),
  },
  { $id: 'VerifyInput', additionalProperties: false },
);
export type VerifyBodyT = Static<typeof VerifyBody>;

export const VerifyResult = Type.Object(
  {
    resourceId: Uuid,
    match: Type.Boolean({ description: 'A record with this key exists and every given field equals it' }),
    current: Type.Boolean({
      description:
        'The matched record is in force (held, and its status item, if any, is not 注销/吊销/死亡/…)',
    }),
    checkedAt: Timestamp,
    grantId: Uuid,
  },
  { $id: 'VerifyResult' },
);
export type VerifyResultT = Static<typeof VerifyResult>;

/** What the caller may use: one entry per grant in force. */
export const DataCatalogEntry = Type.Object(
  {
    grantId: Uuid,
    resourceId: Uuid,
    resourceCode: Type.String(),
    resourceName: Type.String(),
    providerDepartmentName: Type.String(),
    purpose: Type.String(),
    usageModes: Type.Array(UsageModeEnum),
    items: Type.Array(
      Type.Object({
        name: Type.String(),
        dataType: Type.String(),
        isKey: Type.Boolean(),
        masked: Type.Boolean(),
      }),
    ),
    validTo: Timestamp,
    dailyQuota: Nullable(Type.Integer()),
  },
  { $id: 'DataCatalogEntry' },
);
export type DataCatalogEntryT = Static<typeof DataCatalogEntry>;
