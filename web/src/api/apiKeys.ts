import { request } from './client';
import type { ApiKey, ApiKeyCreated, ApiKeyCreateInput, Items } from './types';

export const listApiKeys = (query: { departmentId?: string }, signal?: AbortSignal) =>
  request<Items<ApiKey>>('/api/api-keys', { query, signal });

export const createApiKey = (input: ApiKeyCreateInput) =>
  request<ApiKeyCreated>('/api/api-keys', { method: 'POST', body: input });

export const revokeApiKey = (id: string) =>
  request<ApiKey>(`/api/api-keys/${encodeURIComponent(id)}/revoke`, { method: 'POST' });
