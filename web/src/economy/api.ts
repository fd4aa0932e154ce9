import { api, buildUrl, call, type QueryOf, type Schemas } from '../api/client';

/** The macro-economy registry (宏观经济基础库): indicators, series, revisions, sync; and links to its SDMX API. */

export type Indicator = Schemas['EconomyIndicator'];
export type Freq = Schemas['EconomyFreq'];
export type Series = Schemas['EconomySeries'];
export type Revision = Schemas['EconomyRevision'];
export type SyncStatus = Schemas['EconomySyncStatus'];
export type SyncResult = Schemas['EconomySyncResult'];
export type RevisionQuery = QueryOf<'/api/economy/indicators/{code}/revisions'>;

export const listIndicators = (signal?: AbortSignal) =>
  call(api.GET('/api/economy/indicators', { signal }), signal);

export const getSeries = (code: string, freq: Freq | undefined, signal?: AbortSignal) =>
  call(
    api.GET('/api/economy/indicators/{code}/series', {
      params: { path: { code }, query: freq ? { freq } : {} },
      signal,
    }),
    signal,
  );

export const listRevisions = (code: string, query: RevisionQuery, signal?: AbortSignal) =>
  call(
    api.GET('/api/economy/indicators/{code}/revisions', { params: { path: { code }, query }, signal }),
    signal,
  );

export const getSyncStatus = (signal?: AbortSignal) => call(api.GET('/api/economy/sync', { signal }), signal);

export const syncNow = () => call(api.POST('/api/economy/sync', {}));

/** The public SDMX data address of a key (a plain link: anyone may open it, a browser downloads the CSV). */
export const sdmxDataUrl = (key: string, format?: 'csv' | 'json') =>
  buildUrl(`/api/sdmx/data/DF_MACRO/${key}`, format ? { format } : undefined);
