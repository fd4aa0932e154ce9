import { api, buildUrl, call, sendForm, type PageQuery, type QueryOf, type Schemas } from './client';

/**
 * The resource catalog (政务信息资源目录). Coded values are string unions from the server's schemas; their labels
 * come from GET /api/catalog/vocabulary.
 */

export type Category = Schemas['Category'];
export type FormatCategory = Schemas['FormatCategory'];
export type DataType = Schemas['DataType'];
export type SharingType = Schemas['SharingType'];
export type SharingMethod = Schemas['SharingMethod'];
export type OpenType = Schemas['OpenType'];
export type UpdateCycle = Schemas['UpdateCycle'];
export type SemanticTag = Schemas['SemanticTag'];
export type ResourceStatus = Schemas['ResourceStatus'];
export type VersionStatus = Schemas['CatalogVersion']['status'];
export type HistoryAction = Schemas['CatalogHistoryEvent']['action'];

export type Vocabulary = Schemas['Vocabulary'];
export type VocabularyKind = keyof Vocabulary;
/** A coded value with its Chinese and English labels. */
export type Term = Schemas['Term'];
export type UpdateCycleTerm = Vocabulary['updateCycles'][number];

/** 信息项 as sent to the server. */
export type ItemInput = Schemas['CatalogItemInput'];
export type Item = Schemas['CatalogItem'];
/** Every field a steward edits; the platform assigns the code, versions and status. */
export type ResourceInput = Schemas['ResourceInput'];
export type Resource = Schemas['CatalogResource'];
export type ResourceSummary = Omit<Resource, 'items'>;
/** A search result: the columns the catalog lists, without conditions, contacts and items. */
export type SearchHit = SearchResult['items'][number];
/** What the review-flow actions need to know of a resource (a search hit or a whole resource). */
export type ResourceRef = Pick<Resource, 'id' | 'name'>;
export type FacetCount = Schemas['FacetCount'];
export type Facets = Schemas['Facets'];
export type FacetName = keyof Facets;
export type SearchResult = Schemas['CatalogSearchResult'];
/** Search filters (without paging). */
export type CatalogQuery = Omit<QueryOf<'/api/catalog/resources'>, 'limit' | 'offset'>;
export type FieldChange = Schemas['FieldChange'];
export type ItemChange = Schemas['ItemChange'];
export type Version = Schemas['CatalogVersion'];
export type HistoryEvent = Schemas['CatalogHistoryEvent'];
export type Versions = Schemas['CatalogVersions'];
export type CatalogStats = Schemas['CatalogStats'];
export type ImportError = Schemas['CatalogImportError'];
export type ImportReport = Schemas['CatalogImportReport'];

export type FlowAction = 'submit' | 'approve' | 'reject' | 'publish' | 'retire';

const byId = (id: string) => ({ params: { path: { id } } });

export const getVocabulary = (signal?: AbortSignal) =>
  call(api.GET('/api/catalog/vocabulary', { signal }), signal);

export const searchResources = (query: CatalogQuery & Partial<PageQuery>, signal?: AbortSignal) =>
  call(api.GET('/api/catalog/resources', { params: { query }, signal }), signal);

/** A resource by id or by code; codes contain a '/', which the client encodes. */
export const getResource = (ref: string, signal?: AbortSignal) =>
  call(api.GET('/api/catalog/resources/{ref}', { params: { path: { ref } }, signal }), signal);

export const getVersions = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/catalog/resources/{id}/versions', { ...byId(id), signal }), signal);

export const createResource = (input: ResourceInput) =>
  call(api.POST('/api/catalog/resources', { body: input }));

export const updateResource = (id: string, input: ResourceInput) =>
  call(api.PUT('/api/catalog/resources/{id}', { ...byId(id), body: input }));

/** Moves a resource along the review flow; `reject` needs a comment. */
export function runFlowAction(id: string, action: FlowAction, comment?: string) {
  if (action === 'reject') {
    return call(
      api.POST('/api/catalog/resources/{id}/reject', { ...byId(id), body: { comment: comment ?? '' } }),
    );
  }
  return call(api.POST(`/api/catalog/resources/{id}/${action}`, { ...byId(id), body: { comment } }));
}

export const getCatalogStats = (signal?: AbortSignal) =>
  call(api.GET('/api/catalog/stats', { signal }), signal);

/** The Excel export of the resources matching the filters (a plain link: the session cookie authenticates it). */
export const exportUrl = (query: QueryOf<'/api/catalog/export.xlsx'>) =>
  buildUrl('/api/catalog/export.xlsx', query);

export const DCAT_JSONLD_URL = '/api/catalog/dcat.jsonld';
export const DCAT_TURTLE_URL = '/api/catalog/dcat.ttl';

/** Checks (dryRun) or applies an Excel workbook of resources (multipart field "file"). */
export function importWorkbook(file: File, dryRun: boolean) {
  const body = new FormData();
  body.append('file', file);
  const query: QueryOf<'/api/catalog/import', 'post'> = { dryRun };
  return sendForm<ImportReport>('/api/catalog/import', body, query);
}
