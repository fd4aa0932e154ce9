import { request } from './client';
import type { AuditEntry, AuditQuery, AuditVerification, Items, Page, PageQuery } from './types';

export const listAuditEntries = (query: AuditQuery & PageQuery, signal?: AbortSignal) =>
  request<Page<AuditEntry>>('/api/audit', { query, signal });

export const listAuditActions = (signal?: AbortSignal) =>
  request<Items<string>>('/api/audit/actions', { signal });

export const verifyAuditChain = () => request<AuditVerification>('/api/audit/verify');
