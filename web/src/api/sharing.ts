import { api, call, sendForm, type PageQuery, type QueryOf, type ResponseOf, type Schemas } from './client';
import { agreementStateValues, grantStateValues, requestStatusValues, usageModeValues } from './schema.gen';

/**
 * The sharing API (政务信息共享: agreements, requests, approvals, grants, usage) and the data service API
 * (数据服务接口). Days are YYYY-MM-DD (China Standard Time), timestamps ISO strings.
 */

export const USAGE_MODES = usageModeValues;
export type UsageMode = Schemas['UsageMode'];
export const REQUEST_STATUSES = requestStatusValues;
export type RequestStatus = Schemas['RequestStatus'];
export const AGREEMENT_STATES = agreementStateValues;
export type AgreementState = Schemas['AgreementState'];
/** Why a grant cannot be used right now; suspended: the consumer has no security agreement in force. */
export const GRANT_STATES = grantStateValues;
export type GrantState = Schemas['GrantState'];

// ---- agreements (安全保密协议) ----------------------------------------------------------------------

/** The fields of a multipart agreement upload, next to its PDF. */
export type AgreementInput = Pick<
  Agreement,
  'departmentId' | 'title' | 'parties' | 'signedOn' | 'validFrom' | 'validTo'
>;
export type Agreement = Schemas['Agreement'];
export type AgreementQuery = QueryOf<'/api/sharing/agreements'>;
/** Per department: does it have an agreement in force, and until when. */
export type AgreementCoverage = Schemas['AgreementCoverage'];

// ---- requests (申请与审批) -------------------------------------------------------------------------

export type RequestInput = Schemas['SharingRequestInput'];
/** 无条件共享: confirm the purpose and get the grant at once. */
export type SelfServiceInput = Schemas['SelfServiceInput'];
export type Attachment = Schemas['Attachment'];
export type AccessRequest = Schemas['SharingRequest'];
export type RequestQuery = Omit<QueryOf<'/api/sharing/requests'>, 'limit' | 'offset'>;
export type RequestBox = NonNullable<RequestQuery['box']>;
export type ApproveBody = Schemas['ApproveInput'];

// ---- grants (授权) --------------------------------------------------------------------------------

export type Grant = Schemas['Grant'];
export type GrantQuery = Omit<QueryOf<'/api/sharing/grants'>, 'limit' | 'offset'>;
export type GrantBox = NonNullable<GrantQuery['box']>;

// ---- a resource as the sharing portal shows it ------------------------------------------------------

export type SharingResource = ResponseOf<'/api/sharing/resources/{id}'>;
export type SharingItem = SharingResource['items'][number];
export type ResourceSharingType = SharingResource['sharingType'];

// ---- the operator's policy ------------------------------------------------------------------------

export type SharingPolicy = Schemas['SharingPolicy'];
export type SharingPolicyPatch = Schemas['SharingPolicyPatch'];

// ---- usage (使用审计) ------------------------------------------------------------------------------

export type UsageQuery = QueryOf<'/api/sharing/usage'>;
export type UsageSide = NonNullable<UsageQuery['side']>;
export type UsageReport = Schemas['UsageReport'];
export type UsageCounts = UsageReport['totals'];
export type UsageByGrant = UsageReport['byGrant'][number];
export type UsageFlag = UsageReport['flags'][number];
/** The access log's filters; it pages by keyset (`before` the last entry seen), not by offset. */
export type AccessLogQuery = Omit<QueryOf<'/api/sharing/access-log'>, 'limit' | 'before'>;
export type AccessOutcome = NonNullable<AccessLogQuery['outcome']>;
/** One data access as the audit log holds it. */
export type AccessEntry = Schemas['AccessEntry'];

// ---- the data service API (数据服务接口) -----------------------------------------------------------

export type DataRecord = Schemas['DataRecord'];
export type DataLookupResult = Schemas['DataLookupResult'];
export type FilterCondition = Schemas['FilterCondition'];
export type DataQueryBody = Schemas['DataQuery'];
export type DataQueryResult = Schemas['DataQueryResult'];
export type VerifyBody = Schemas['VerifyInput'];
export type FilterValue = VerifyBody['fields'][string];
export type VerifyResult = Schemas['VerifyResult'];
/** What the caller may use: one entry per grant in force. */
export type DataCatalogEntry = Schemas['DataCatalogEntry'];

const byId = (id: string) => ({ params: { path: { id } } });

// ---- agreements -------------------------------------------------------------------------------------

export const listAgreements = (query: AgreementQuery, signal?: AbortSignal) =>
  call(api.GET('/api/sharing/agreements', { params: { query }, signal }), signal);

export const getAgreementCoverage = (signal?: AbortSignal) =>
  call(api.GET('/api/sharing/agreements/coverage', { signal }), signal);

/** Files a signed agreement: its fields and the PDF (multipart field "file"). */
export function uploadAgreement(input: AgreementInput, file: File) {
  const body = new FormData();
  for (const [name, value] of Object.entries(input)) body.append(name, value);
  body.append('file', file);
  return sendForm<Agreement>('/api/sharing/agreements', body);
}

/** The signed PDF (a plain link: the session cookie authenticates it). */
export const agreementFileUrl = (id: string) => `/api/sharing/agreements/${encodeURIComponent(id)}/file`;

export const revokeAgreement = (id: string, reason: string) =>
  call(api.POST('/api/sharing/agreements/{id}/revoke', { ...byId(id), body: { reason } }));

// ---- requests ---------------------------------------------------------------------------------------

export const listRequests = (query: RequestQuery & Partial<PageQuery>, signal?: AbortSignal) =>
  call(api.GET('/api/sharing/requests', { params: { query }, signal }), signal);

export const getRequest = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/sharing/requests/{id}', { ...byId(id), signal }), signal);

export const createRequest = (input: RequestInput) =>
  call(api.POST('/api/sharing/requests', { body: input }));

export function uploadAttachment(requestId: string, file: File) {
  const body = new FormData();
  body.append('file', file);
  return sendForm<Attachment>(`/api/sharing/requests/${encodeURIComponent(requestId)}/attachments`, body);
}

export const attachmentUrl = (requestId: string, attachmentId: string) =>
  `/api/sharing/requests/${encodeURIComponent(requestId)}/attachments/${encodeURIComponent(attachmentId)}`;

export const approveRequest = (id: string, body: ApproveBody) =>
  call(api.POST('/api/sharing/requests/{id}/approve', { ...byId(id), body }));

export const rejectRequest = (id: string, reason: string) =>
  call(api.POST('/api/sharing/requests/{id}/reject', { ...byId(id), body: { reason } }));

export const withdrawRequest = (id: string) =>
  call(api.POST('/api/sharing/requests/{id}/withdraw', byId(id)));

export const selfService = (input: SelfServiceInput) =>
  call(api.POST('/api/sharing/self-service', { body: input }));

export const getSharingResource = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/sharing/resources/{id}', { ...byId(id), signal }), signal);

// ---- grants -----------------------------------------------------------------------------------------

export const listGrants = (query: GrantQuery & Partial<PageQuery>, signal?: AbortSignal) =>
  call(api.GET('/api/sharing/grants', { params: { query }, signal }), signal);

export const getGrant = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/sharing/grants/{id}', { ...byId(id), signal }), signal);

export const revokeGrant = (id: string, reason: string) =>
  call(api.POST('/api/sharing/grants/{id}/revoke', { ...byId(id), body: { reason } }));

// ---- policy -----------------------------------------------------------------------------------------

export const getSharingPolicy = (signal?: AbortSignal) =>
  call(api.GET('/api/sharing/policy', { signal }), signal);

export const patchSharingPolicy = (patch: SharingPolicyPatch) =>
  call(api.PATCH('/api/sharing/policy', { body: patch }));

// ---- usage ------------------------------------------------------------------------------------------

export const getUsage = (query: UsageQuery, signal?: AbortSignal) =>
  call(api.GET('/api/sharing/usage', { params: { query }, signal }), signal);

export const acknowledgeFlag = (id: string) =>
  call(api.POST('/api/sharing/usage/flags/{id}/acknowledge', byId(id)));

export const listAccessLog = (query: QueryOf<'/api/sharing/access-log'>, signal?: AbortSignal) =>
  call(api.GET('/api/sharing/access-log', { params: { query }, signal }), signal);

// ---- the data service API ---------------------------------------------------------------------------

/** Every data call states its purpose; the header carries it percent-encoded (UTF-8). */
const purposeHeader = (purpose: string) => ({ 'x-purpose': encodeURIComponent(purpose) });

export const listDataResources = (signal?: AbortSignal) =>
  call(api.GET('/api/data/resources', { signal }), signal);

export const lookupRecord = (resourceId: string, key: string, purpose: string, items?: string[]) =>
  call(
    api.GET('/api/data/{resource}/records/{key}', {
      params: {
        path: { resource: resourceId, key },
        query: { items: items?.length ? items.join(',') : undefined },
        header: purposeHeader(purpose),
      },
    }),
  );

export const verifyRecord = (resourceId: string, body: VerifyBody, purpose: string) =>
  call(
    api.POST('/api/data/{resource}/verify', {
      params: { path: { resource: resourceId }, header: purposeHeader(purpose) },
      body,
    }),
  );

/** The OpenAPI document of exactly the caller's resources and items. */
export const DATA_OPENAPI_URL = '/api/data/openapi.json';
