import { api, call, type QueryOf, type Schemas } from './client';
import type { paths } from './schema.gen';

/**
 * 公共数据开放 developers: self-registration, the developer console (keys, usage, 有条件开放 applications) and the
 * providing departments' application pages.
 */
export type DeveloperKey = Schemas['DeveloperKey'];
export type CreatedDeveloperKey = Schemas['CreatedDeveloperKey'];
export type DeveloperKeyUsage = Schemas['DeveloperKeyUsage'];
export type OpenApplication = Schemas['OpenApplication'];
export type OpenApplicationStatus = OpenApplication['status'];
export type OpenApplicationQuery = QueryOf<'/api/open/applications'>;
export type RegisterInput = NonNullable<
  paths['/api/auth/register']['post']['requestBody']
>['content']['application/json'];
export type ApplyInput = NonNullable<
  paths['/api/open/developer/applications']['post']['requestBody']
>['content']['application/json'];
export type DecideInput = NonNullable<
  paths['/api/open/applications/{id}/decision']['post']['requestBody']
>['content']['application/json'];

export const OPEN_APPLICATION_STATUSES: readonly OpenApplicationStatus[] = [
  'pending',
  'approved',
  'rejected',
  'revoked',
];

export const registerDeveloper = (body: RegisterInput) => call(api.POST('/api/auth/register', { body }));

export const verifyDeveloperRegistration = (contact: string, code: string) =>
  call(api.POST('/api/auth/register/verify', { body: { contact, code } }));

export const listDeveloperKeys = (signal?: AbortSignal) =>
  call(api.GET('/api/open/developer/keys', { signal }), signal);

export const createDeveloperKey = (name: string) =>
  call(api.POST('/api/open/developer/keys', { body: { name } }));

export const revokeDeveloperKey = (id: string) =>
  call(api.POST('/api/open/developer/keys/{id}/revoke', { params: { path: { id } } }));

export const getDeveloperKeyUsage = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/open/developer/keys/{id}/usage', { params: { path: { id } }, signal }), signal);

export const listMyOpenApplications = (signal?: AbortSignal) =>
  call(api.GET('/api/open/developer/applications', { params: { query: { limit: 200 } }, signal }), signal);

export const applyForOpenDataset = (body: ApplyInput) =>
  call(api.POST('/api/open/developer/applications', { body }));

export const listOpenApplications = (query: OpenApplicationQuery, signal?: AbortSignal) =>
  call(api.GET('/api/open/applications', { params: { query }, signal }), signal);

export const decideOpenApplication = (id: string, body: DecideInput) =>
  call(api.POST('/api/open/applications/{id}/decision', { params: { path: { id } }, body }));

export const revokeOpenApplication = (id: string, reason: string) =>
  call(api.POST('/api/open/applications/{id}/revoke', { params: { path: { id } }, body: { reason } }));
