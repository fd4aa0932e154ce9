import { api, call, type QueryOf, type Schemas } from './client';

/** 公共数据开放: the open data portal's public API (no sign-in). */
export type OpenFigures = Schemas['OpenFigures'];
export type OpenDatasetSearch = Schemas['OpenDatasetSearch'];
export type OpenDatasetSummary = Schemas['OpenDatasetSummary'];
export type OpenDatasetDetail = Schemas['OpenDatasetDetail'];
export type OpenDictionaryItem = OpenDatasetDetail['dictionary'][number];
export type OpenQueryResult = Schemas['OpenQueryResult'];
export type OpenColumnType = OpenQueryResult['columns'][number]['type'];
export type OpenFacet = OpenDatasetSearch['facets']['organization'][number];
export type OpenType = OpenDatasetSummary['openType'];
export type OpenSearchQuery = QueryOf<'/open/api/datasets'>;
/** The query API's parameters ($select, $where, $group, $having, $order, $limit, $offset, $q). */
export type OpenQuery = QueryOf<'/open/api/datasets/{name}/query'>;

export const getOpenFigures = (signal?: AbortSignal) =>
  call(api.GET('/open/api/figures', { signal }), signal);

export const searchOpenDatasets = (query: OpenSearchQuery, signal?: AbortSignal) =>
  call(api.GET('/open/api/datasets', { params: { query }, signal }), signal);

export const getOpenDataset = (name: string, signal?: AbortSignal) =>
  call(api.GET('/open/api/datasets/{name}', { params: { path: { name } }, signal }), signal);

export const queryOpenDataset = (name: string, query: OpenQuery, signal?: AbortSignal) =>
  call(api.GET('/open/api/datasets/{name}/query', { params: { path: { name }, query }, signal }), signal);

/** The CKAN Action API's address for a client such as ckanapi (`RemoteCKAN(base)` adds `/api/action/…`). */
export const CKAN_ACTION_PATH = '/open/api/3/action';
