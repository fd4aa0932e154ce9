/**
 * Shapes of the sharing API (政务信息共享: agreements, requests, approvals, grants, usage) and of the data service
 * API (数据服务接口), as in the server's schema (src/modules/sharing/schema.ts). Hand-written: the web build cannot
 * compile the server's TypeBox sources. Days are YYYY-MM-DD (China Standard Time), timestamps ISO strings.
 */

export const USAGE_MODES = ['verify', 'query', 'subscription', 'bulk'] as const;
export type UsageMode = (typeof USAGE_MODES)[number];

export const REQUEST_STATUSES = ['pending', 'second_review', 'approved', 'rejected', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const AGREEMENT_STATES = ['in_force', 'not_yet', 'expired', 'revoked'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** Why a grant cannot be used right now; suspended: the consumer has no security agreement in force. */
export const GRANT_STATES = ['active', 'not_yet', 'expired', 'revoked', 'suspended'] as const;
export type GrantState = (typeof GRANT_STATES)[number];

export type ResourceSharingType = 'unconditional' | 'conditional' | 'none';

// ---- agreements (安全保密协议) ----------------------------------------------------------------------

export interface AgreementInput {
  departmentId: string;
  title: string;
  parties: string;
  signedOn: string;
  validFrom: string;
  validTo: string;
}

export interface Agreement extends AgreementInput {
  id: string;
  departmentName: string;
  state: AgreementState;
  fileName: string;
  fileSize: number;
  fileSm3: string;
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
}

export type AgreementQuery = {
  departmentId?: string;
  state?: AgreementState;
};

/** Per department: does it have an agreement in force, and until when. */
export interface AgreementCoverage {
  departmentId: string;
  departmentName: string;
  inForceUntil: string | null;
  lastExpiredOn: string | null;
}

// ---- requests (申请与审批) -------------------------------------------------------------------------

export interface RequestInput {
  resourceId: string;
  /** The consumer department; defaults to the caller's own. */
  consumerDepartmentId?: string;
  /** Bind the grant to one system's API key; otherwise any key of the consumer department may use it. */
  apiKeyId?: string | null;
  items: string[];
  /** Sensitive items asked for in clear (unmasked). */
  unmaskedItems?: string[];
  purpose: string;
  legalBasis: string;
  usageModes: UsageMode[];
  periodFrom: string;
  periodTo: string;
  expectedDailyVolume?: number | null;
}

/** 无条件共享: confirm the purpose and get the grant at once. */
export interface SelfServiceInput {
  resourceId: string;
  consumerDepartmentId?: string;
  apiKeyId?: string | null;
  /** Default: every item. */
  items?: string[];
  purpose: string;
  usageModes: UsageMode[];
  periodTo?: string;
  confirm: true;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  fileSize: number;
  fileSm3: string;
  createdAt: string;
}

export interface AccessRequest {
  id: string;
  resourceId: string;
  resourceCode: string;
  resourceName: string;
  providerDepartmentId: string;
  providerDepartmentName: string;
  consumerDepartmentId: string;
  consumerDepartmentName: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
  items: string[];
  unmaskedItems: string[];
  /** Which of the requested items are sensitive (masked unless granted in clear). */
  sensitiveItems: string[];
  purpose: string;
  legalBasis: string;
  usageModes: UsageMode[];
  periodFrom: string;
  periodTo: string;
  expectedDailyVolume: number | null;
  status: RequestStatus;
  approvedItems: string[] | null;
  approvedUnmasked: string[] | null;
  approvedTo: string | null;
  dailyQuota: number | null;
  ratePerMinute: number | null;
  reason: string | null;
  firstDecidedBy: string | null;
  firstDecidedAt: string | null;
  secondDecidedBy: string | null;
  secondDecidedAt: string | null;
  dueAt: string;
  /** Still awaiting a decision after its deadline. */
  overdue: boolean;
  grantId: string | null;
  attachments: Attachment[];
  createdBy: string | null;
  createdAt: string;
}

export type RequestBox = 'mine' | 'inbox' | 'all';

export type RequestQuery = {
  box?: RequestBox;
  status?: RequestStatus;
  overdue?: 'true';
  resourceId?: string;
};

export interface ApproveBody {
  /** A subset of the requested items (default: all requested). */
  items?: string[];
  /** A subset of the requested unmasked items (default: none in clear). */
  unmaskedItems?: string[];
  /** An earlier end than requested (default: the requested end). */
  periodTo?: string;
  dailyQuota?: number | null;
  ratePerMinute?: number | null;
  comment?: string;
}

// ---- grants (授权) --------------------------------------------------------------------------------

export interface Grant {
  id: string;
  resourceId: string;
  resourceCode: string;
  resourceName: string;
  providerDepartmentId: string;
  providerDepartmentName: string;
  consumerDepartmentId: string;
  consumerDepartmentName: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
  requestId: string | null;
  source: 'self_service' | 'approval';
  items: string[];
  unmaskedItems: string[];
  /** Granted items that reach the consumer masked (sensitive, not key, not granted in clear). */
  maskedItems: string[];
  purpose: string;
  usageModes: UsageMode[];
  validFrom: string;
  validTo: string;
  dailyQuota: number | null;
  ratePerMinute: number | null;
  expectedDailyVolume: number | null;
  state: GrantState;
  callsToday: number;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  createdBy: string | null;
  createdAt: string;
}

export type GrantBox = 'mine' | 'given' | 'all';

export type GrantQuery = {
  box?: GrantBox;
  state?: GrantState;
  resourceId?: string;
};

// ---- a resource as the sharing portal shows it ------------------------------------------------------

export interface SharingItem {
  name: string;
  dataType: string;
  isKey: boolean;
  sensitive: boolean;
}

export interface SharingResource {
  resourceId: string;
  sharingType: ResourceSharingType;
  /** The conditions (有条件共享) or the legal basis for not sharing (不予共享). */
  sharingCondition: string | null;
  requestable: boolean;
  selfService: boolean;
  items: SharingItem[];
  /** The caller's departments' grants on it. */
  grants: Grant[];
  /** The caller's departments' open requests for it. */
  requests: AccessRequest[];
}

// ---- the operator's policy ------------------------------------------------------------------------

export interface SharingPolicy {
  responseHours: number;
  secondApprovalSensitive: boolean;
  maxQueryLimit: number;
  updatedBy: string | null;
  updatedAt: string;
}

export type SharingPolicyPatch = Partial<
  Pick<SharingPolicy, 'responseHours' | 'secondApprovalSensitive' | 'maxQueryLimit'>
>;

// ---- usage (使用审计) ------------------------------------------------------------------------------

export type UsageSide = 'provider' | 'consumer';

export type UsageQuery = {
  side?: UsageSide;
  departmentId?: string;
  resourceId?: string;
  grantId?: string;
  days?: number;
};

export interface UsageCounts {
  calls: number;
  records: number;
  denied: number;
}

export interface UsageByGrant extends UsageCounts {
  grantId: string;
  resourceId: string;
  resourceName: string;
  providerDepartmentName: string;
  consumerDepartmentName: string;
  purpose: string;
}

export interface UsageFlag {
  id: string;
  grantId: string;
  resourceName: string;
  consumerDepartmentName: string;
  day: string;
  calls: number;
  /** Usual calls per day before the flagged day. */
  baseline: number;
  acknowledgedAt: string | null;
}

export interface UsageReport {
  from: string;
  to: string;
  totals: UsageCounts;
  byDay: (UsageCounts & { day: string })[];
  byGrant: UsageByGrant[];
  flags: UsageFlag[];
}

export type AccessOutcome = 'success' | 'denied' | 'failure';

export type AccessLogQuery = {
  side?: UsageSide;
  resourceId?: string;
  grantId?: string;
  outcome?: AccessOutcome;
};

/** One data access as the audit log holds it. */
export interface AccessEntry {
  auditId: string;
  at: string;
  /** data.lookup, data.query, data.verify, exchange.pull, exchange.deliver */
  action: string;
  outcome: string;
  /** The refusal code when denied. */
  code: string | null;
  actorName: string | null;
  actorKind: string;
  consumerDepartmentName: string | null;
  resourceId: string | null;
  resourceName: string | null;
  grantId: string | null;
  purpose: string | null;
  keys: string[];
  keyCount: number;
  items: string[];
  maskedItems: string[];
  records: number;
}

// ---- the data service API (数据服务接口) -----------------------------------------------------------

export interface DataRecord {
  key: unknown[];
  data: Record<string, unknown>;
  updatedAt: string;
}

export interface DataLookupResult {
  resourceId: string;
  record: DataRecord;
  /** Items returned masked. */
  maskedItems: string[];
  grantId: string;
}

export type FilterValue = string | number | boolean | null;

export type FilterCondition =
  | FilterValue
  | {
      eq?: FilterValue;
      ne?: FilterValue;
      gt?: string | number;
      gte?: string | number;
      lt?: string | number;
      lte?: string | number;
      in?: FilterValue[];
      prefix?: string;
    };

export interface DataQueryBody {
  where?: Record<string, FilterCondition>;
  items?: string[];
  cursor?: string | null;
  limit?: number;
}

export interface DataQueryResult {
  resourceId: string;
  records: DataRecord[];
  nextCursor: string | null;
  maskedItems: string[];
  grantId: string;
}

export interface VerifyBody {
  /** item → the value to check; must include the key items. */
  fields: Record<string, FilterValue>;
}

export interface VerifyResult {
  resourceId: string;
  /** A record with this key exists and every given field equals it. */
  match: boolean;
  /** The matched record is in force. */
  current: boolean;
  checkedAt: string;
  grantId: string;
}

/** What the caller may use: one entry per grant in force. */
export interface DataCatalogEntry {
  grantId: string;
  resourceId: string;
  resourceCode: string;
  resourceName: string;
  providerDepartmentName: string;
  purpose: string;
  usageModes: UsageMode[];
  items: { name: string; dataType: string; isKey: boolean; masked: boolean }[];
  validTo: string;
  dailyQuota: number | null;
}
