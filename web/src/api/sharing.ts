import { request } from './client';
import type {
  AccessEntry,
  AccessLogQuery,
  AccessRequest,
  Agreement,
  AgreementCoverage,
  AgreementInput,
  AgreementQuery,
  ApproveBody,
  Attachment,
  DataCatalogEntry,
  DataLookupResult,
  Grant,
  GrantQuery,
  RequestInput,
  RequestQuery,
  SelfServiceInput,
  SharingPolicy,
  SharingPolicyPatch,
  SharingResource,
  UsageQuery,
  UsageReport,
  VerifyBody,
  VerifyResult,
} from './sharingTypes';
import type { Page, PageQuery } from './types';

const BASE = '/api/sharing';
const enc = encodeURIComponent;
const agreementPath = (id: string) => `${BASE}/agreements/${enc(id)}`;
const requestPath = (id: string) => `${BASE}/requests/${enc(id)}`;
const grantPath = (id: string) => `${BASE}/grants/${enc(id)}`;

// ---- agreements -------------------------------------------------------------------------------------

export const listAgreements = (query: AgreementQuery, signal?: AbortSignal) =>
  request<Agreement[]>(`${BASE}/agreements`, { query, signal });

export const getAgreementCoverage = (signal?: AbortSignal) =>
  request<AgreementCoverage[]>(`${BASE}/agreements/coverage`, { signal });

/** Files a signed agreement: its fields and the PDF (multipart field "file"). */
export function uploadAgreement(input: AgreementInput, file: File) {
  const body = new FormData();
  for (const [name, value] of Object.entries(input)) body.append(name, value);
  body.append('file', file);
  return request<Agreement>(`${BASE}/agreements`, { method: 'POST', body });
}

/** The signed PDF (a plain link: the session cookie authenticates it). */
export const agreementFileUrl = (id: string) => `${agreementPath(id)}/file`;

export const revokeAgreement = (id: string, reason: string) =>
  request<Agreement>(`${agreementPath(id)}/revoke`, { method: 'POST', body: { reason } });

// ---- requests ---------------------------------------------------------------------------------------

export const listRequests = (query: RequestQuery & Partial<PageQuery>, signal?: AbortSignal) =>
  request<Page<AccessRequest>>(`${BASE}/requests`, { query, signal });

export const getRequest = (id: string, signal?: AbortSignal) =>
  request<AccessRequest>(requestPath(id), { signal });

export const createRequest = (input: RequestInput) =>
  request<AccessRequest>(`${BASE}/requests`, { method: 'POST', body: input });

export function uploadAttachment(requestId: string, file: File) {
  const body = new FormData();
  body.append('file', file);
  return request<Attachment>(`${requestPath(requestId)}/attachments`, { method: 'POST', body });
}

export const attachmentUrl = (requestId: string, attachmentId: string) =>
  `${requestPath(requestId)}/attachments/${enc(attachmentId)}`;

export const approveRequest = (id: string, body: ApproveBody) =>
  request<AccessRequest>(`${requestPath(id)}/approve`, { method: 'POST', body });

export const rejectRequest = (id: string, reason: string) =>
  request<AccessRequest>(`${requestPath(id)}/reject`, { method: 'POST', body: { reason } });

export const withdrawRequest = (id: string) =>
  request<AccessRequest>(`${requestPath(id)}/withdraw`, { method: 'POST' });

export const selfService = (input: SelfServiceInput) =>
  request<Grant>(`${BASE}/self-service`, { method: 'POST', body: input });

export const getSharingResource = (id: string, signal?: AbortSignal) =>
  request<SharingResource>(`${BASE}/resources/${enc(id)}`, { signal });

// ---- grants -----------------------------------------------------------------------------------------

export const listGrants = (query: GrantQuery & Partial<PageQuery>, signal?: AbortSignal) =>
  request<Page<Grant>>(`${BASE}/grants`, { query, signal });

export const getGrant = (id: string, signal?: AbortSignal) => request<Grant>(grantPath(id), { signal });

export const revokeGrant = (id: string, reason: string) =>
  request<Grant>(`${grantPath(id)}/revoke`, { method: 'POST', body: { reason } });

// ---- policy -----------------------------------------------------------------------------------------

export const getSharingPolicy = (signal?: AbortSignal) =>
  request<SharingPolicy>(`${BASE}/policy`, { signal });

export const patchSharingPolicy = (patch: SharingPolicyPatch) =>
  request<SharingPolicy>(`${BASE}/policy`, { method: 'PATCH', body: patch });

// ---- usage ------------------------------------------------------------------------------------------

export const getUsage = (query: UsageQuery, signal?: AbortSignal) =>
  request<UsageReport>(`${BASE}/usage`, { query, signal });

export const acknowledgeFlag = (id: string) =>
  request<void>(`${BASE}/usage/flags/${enc(id)}/acknowledge`, { method: 'POST' });

export const listAccessLog = (query: AccessLogQuery & Partial<PageQuery>, signal?: AbortSignal) =>
  request<Page<AccessEntry>>(`${BASE}/access-log`, { query, signal });

// ---- the data service API ---------------------------------------------------------------------------

const DATA = '/api/data';
/** Every data call states its purpose; the header carries it percent-encoded (UTF-8). */
const purposeHeader = (purpose: string) => ({ 'X-Purpose': encodeURIComponent(purpose) });

export const listDataResources = (signal?: AbortSignal) =>
  request<DataCatalogEntry[]>(`${DATA}/resources`, { signal });

export const lookupRecord = (resourceId: string, key: string, purpose: string, items?: string[]) =>
  request<DataLookupResult>(`${DATA}/${enc(resourceId)}/records/${enc(key)}`, {
    query: { items: items?.length ? items.join(',') : undefined },
    headers: purposeHeader(purpose),
  });

export const verifyRecord = (resourceId: string, body: VerifyBody, purpose: string) =>
  request<VerifyResult>(`${DATA}/${enc(resourceId)}/verify`, {
    method: 'POST',
    body,
    headers: purposeHeader(purpose),
  });

/** The OpenAPI document of exactly the caller's resources and items. */
export const DATA_OPENAPI_URL = `${DATA}/openapi.json`;
