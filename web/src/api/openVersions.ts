import { api, call, type QueryOf, type Schemas } from './client';

/** 公共数据开放 · 版本: a dataset's versions, the diff between two moments (public, no sign-in). */
export type OpenVersions = Schemas['OpenVersions'];
export type OpenVersion = Schemas['OpenVersion'];
export type OpenDiff = Schemas['OpenDiff'];
export type OpenDiffItem = OpenDiff['items'][number];
export type OpenDiffQuery = QueryOf<'/open/api/datasets/{name}/diff'>;

export const listOpenDatasetVersions = (
  name: string,
  query: QueryOf<'/open/api/datasets/{name}/versions'>,
  signal?: AbortSignal,
) =>
  call(api.GET('/open/api/datasets/{name}/versions', { params: { path: { name }, query }, signal }), signal);

export const diffOpenDataset = (name: string, query: OpenDiffQuery, signal?: AbortSignal) =>
  call(api.GET('/open/api/datasets/{name}/diff', { params: { path: { name }, query }, signal }), signal);

/** 数据变更回调: a signed-in developer's webhooks (each new version of a dataset POSTed, signed). */
export type OpenWebhook = Schemas['OpenWebhook'];
export type CreatedWebhook = Schemas['CreatedWebhook'];

export const listDeveloperWebhooks = (signal?: AbortSignal) =>
  call(api.GET('/api/open/developer/webhooks', { signal }), signal);

export const createDeveloperWebhook = (body: { dataset: string; url: string }) =>
  call(api.POST('/api/open/developer/webhooks', { body }));

export const deleteDeveloperWebhook = (id: string) =>
  call(api.DELETE('/api/open/developer/webhooks/{id}', { params: { path: { id } } }));
