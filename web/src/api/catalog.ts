import { buildUrl, request } from './client';
import type {
  CatalogQuery,
  CatalogStats,
  FlowAction,
  ImportReport,
  Resource,
  ResourceInput,
  SearchResult,
  Versions,
  Vocabulary,
} from './catalogTypes';
import type { PageQuery } from './types';

/** A resource by id or by code; codes contain a '/', so the reference is always encoded. */
const resourcePath = (ref: string) => `/api/catalog/resources/${encodeURIComponent(ref)}`;

export const getVocabulary = (signal?: AbortSignal) =>
  request<Vocabulary>('/api/catalog/vocabulary', { signal });

export const searchResources = (query: CatalogQuery & Partial<PageQuery>, signal?: AbortSignal) =>
  request<SearchResult>('/api/catalog/resources', { query, signal });

export const getResource = (ref: string, signal?: AbortSignal) =>
  request<Resource>(resourcePath(ref), { signal });

export const getVersions = (id: string, signal?: AbortSignal) =>
  request<Versions>(`${resourcePath(id)}/versions`, { signal });

export const createResource = (input: ResourceInput) =>
  request<Resource>('/api/catalog/resources', { method: 'POST', body: input });

export const updateResource = (id: string, input: ResourceInput) =>
  request<Resource>(resourcePath(id), { method: 'PUT', body: input });

/** Moves a resource along the review flow; `reject` needs a comment. */
export const runFlowAction = (id: string, action: FlowAction, comment?: string) =>
  request<Resource>(`${resourcePath(id)}/${action}`, { method: 'POST', body: { comment } });

export const getCatalogStats = (signal?: AbortSignal) =>
  request<CatalogStats>('/api/catalog/stats', { signal });

/** The Excel export of the resources matching the filters (a plain link: the session cookie authenticates it). */
export const exportUrl = (query: CatalogQuery) => buildUrl('/api/catalog/export.xlsx', query);

export const DCAT_JSONLD_URL = '/api/catalog/dcat.jsonld';
export const DCAT_TURTLE_URL = '/api/catalog/dcat.ttl';

/** Checks (dryRun) or applies an Excel workbook of resources. */
export function importWorkbook(file: File, dryRun: boolean) {
  const body = new FormData();
  body.append('file', file);
  return request<ImportReport>('/api/catalog/import', {
    method: 'POST',
    query: { dryRun: String(dryRun) },
    body,
  });
}
