import { request } from './client';
import type {
  Batch,
  BatchDetail,
  ChangesPage,
  Connector,
  ConnectorInput,
  ConnectorRun,
  ConnectorTestInput,
  ConnectorTestResult,
  DeadLetter,
  Delivery,
  ExchangeResource,
  ExchangeResourceDetail,
  IngestMode,
  IngestResult,
  OnError,
  QualityQuery,
  QualityReport,
  Quarantined,
  RecordsPage,
  ResourceListQuery,
  StatsQuery,
  StatsReport,
  Subscription,
  SubscriptionCreated,
  SubscriptionInput,
  SubscriptionPatch,
  UploadResult,
} from './exchangeTypes';
import type { Page, PageQuery } from './types';

const BASE = '/api/exchange';
const resourcePath = (id: string) => `${BASE}/resources/${encodeURIComponent(id)}`;
const subscriptionPath = (id: string) => `${BASE}/subscriptions/${encodeURIComponent(id)}`;

export const getExchangeStats = (query: StatsQuery, signal?: AbortSignal) =>
  request<StatsReport>(`${BASE}/stats`, { query, signal });

export const listExchangeResources = (query: ResourceListQuery & Partial<PageQuery>, signal?: AbortSignal) =>
  request<Page<ExchangeResource>>(`${BASE}/resources`, { query, signal });

export const getExchangeResource = (id: string, signal?: AbortSignal) =>
  request<ExchangeResourceDetail>(resourcePath(id), { signal });

export const listBatches = (id: string, query: PageQuery, signal?: AbortSignal) =>
  request<Page<Batch>>(`${resourcePath(id)}/batches`, { query, signal });

export const getBatch = (batchId: string, signal?: AbortSignal) =>
  request<BatchDetail>(`${BASE}/batches/${encodeURIComponent(batchId)}`, { signal });

/** Held records in key order: pass the previous page's `nextCursor` as `after`. */
export const listRecords = (id: string, query: { after?: string; limit: number }, signal?: AbortSignal) =>
  request<RecordsPage>(`${resourcePath(id)}/records`, { query, signal });

export const listChanges = (id: string, query: { after: number; limit: number }, signal?: AbortSignal) =>
  request<ChangesPage>(`${resourcePath(id)}/changes`, { query, signal });

export const listQuarantine = (id: string, query: PageQuery, signal?: AbortSignal) =>
  request<Page<Quarantined>>(`${resourcePath(id)}/quarantine`, { query, signal });

export const resubmitQuarantined = (quarantineId: string, values: Record<string, unknown>) =>
  request<IngestResult>(`${BASE}/quarantine/${encodeURIComponent(quarantineId)}`, {
    method: 'PUT',
    body: { values },
  });

export const discardQuarantined = (quarantineId: string) =>
  request<void>(`${BASE}/quarantine/${encodeURIComponent(quarantineId)}`, { method: 'DELETE' });

export interface UploadOptions {
  mode: IngestMode;
  onError: OnError;
  dryRun: boolean;
}

/** Uploads an .xlsx or .csv (multipart field "file"); `dryRun` previews and stores nothing. */
export function uploadRecords(id: string, file: File, options: UploadOptions) {
  const body = new FormData();
  body.append('file', file);
  return request<UploadResult>(`${resourcePath(id)}/upload`, {
    method: 'POST',
    query: { mode: options.mode, onError: options.onError, dryRun: String(options.dryRun) },
    body,
  });
}

export const getQuality = (query: QualityQuery, signal?: AbortSignal) =>
  request<QualityReport>(`${BASE}/quality`, { query, signal });

export const listSubscriptions = (query: { resourceId?: string }, signal?: AbortSignal) =>
  request<Subscription[]>(`${BASE}/subscriptions`, { query, signal });

export const createSubscription = (input: SubscriptionInput) =>
  request<SubscriptionCreated>(`${BASE}/subscriptions`, { method: 'POST', body: input });

export const patchSubscription = (id: string, patch: SubscriptionPatch) =>
  request<Subscription>(subscriptionPath(id), { method: 'PATCH', body: patch });

export const deleteSubscription = (id: string) => request<void>(subscriptionPath(id), { method: 'DELETE' });

export const listDeliveries = (id: string, limit: number, signal?: AbortSignal) =>
  request<Delivery[]>(`${subscriptionPath(id)}/deliveries`, { query: { limit }, signal });

export const listDeadLetters = (open: boolean, signal?: AbortSignal) =>
  request<DeadLetter[]>(`${BASE}/dead-letters`, { query: { open: String(open) }, signal });

export const redeliverDeadLetter = (id: string) =>
  request<void>(`${BASE}/dead-letters/${encodeURIComponent(id)}/redeliver`, { method: 'POST' });

export const getConnector = (id: string, signal?: AbortSignal) =>
  request<Connector>(`${resourcePath(id)}/connector`, { signal });

export const saveConnector = (id: string, input: ConnectorInput) =>
  request<Connector>(`${resourcePath(id)}/connector`, { method: 'PUT', body: input });

export const deleteConnector = (id: string) =>
  request<void>(`${resourcePath(id)}/connector`, { method: 'DELETE' });

/** Tests settings against the front database; omitted settings come from the stored connector. */
export const testConnector = (id: string, input: ConnectorTestInput) =>
  request<ConnectorTestResult>(`${resourcePath(id)}/connector/test`, { method: 'POST', body: input });

/** Runs the connector now and waits for it: the run, with outcome ok or failed. */
export const runConnector = (id: string) =>
  request<ConnectorRun>(`${resourcePath(id)}/connector/run`, { method: 'POST' });

export const listConnectorRuns = (id: string, query: PageQuery, signal?: AbortSignal) =>
  request<Page<ConnectorRun>>(`${resourcePath(id)}/connector/runs`, { query, signal });
