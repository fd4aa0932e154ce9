import { api, call, type QueryOf, type Schemas } from './client';

export type AuditEntry = Schemas['AuditEntry'];
export type AuditOutcome = Schemas['AuditOutcome'];
/** The audit log's filters; it pages by keyset (`before` the last entry seen), not by offset. */
export type AuditQuery = Omit<QueryOf<'/api/audit'>, 'limit' | 'before'>;
export type AuditVerification = Schemas['AuditChainReport'];

export const listAuditEntries = (query: QueryOf<'/api/audit'>, signal?: AbortSignal) =>
  call(api.GET('/api/audit', { params: { query }, signal }), signal);

export const listAuditActions = (signal?: AbortSignal) =>
  call(api.GET('/api/audit/actions', { signal }), signal);

export const verifyAuditChain = () => call(api.GET('/api/audit/verify'));
