import { api, call, type QueryOf, type Schemas } from './client';

export type ApiKey = Schemas['ApiKey'];
export type ApiKeyCreateInput = Schemas['ApiKeyCreateInput'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];

export const listApiKeys = (query: QueryOf<'/api/api-keys'>, signal?: AbortSignal) =>
  call(api.GET('/api/api-keys', { params: { query }, signal }), signal);

export const createApiKey = (input: ApiKeyCreateInput) => call(api.POST('/api/api-keys', { body: input }));

export const revokeApiKey = (id: string) =>
  call(api.POST('/api/api-keys/{id}/revoke', { params: { path: { id } } }));
