import { api, call, sendForm, type PageQuery, type QueryOf, type Schemas } from './client';
import { ruleCodeValues } from './schema.gen';

/** The exchange hub (政务数据共享交换平台): resources with data, batches, quarantine, subscriptions, connectors. */

/** The rules a row can break; labels in the i18n messages (`exchange.rule.<code>`). */
export const RULE_CODES = ruleCodeValues;
export type RuleCode = Schemas['RuleCode'];
export type IngestMode = Schemas['IngestMode'];
export type OnError = Schemas['OnError'];
export type BatchSource = Batch['source'];
export type BatchOutcome = Batch['outcome'];
export type ChangeOp = Change['op'];
export type SubscriptionMode = Subscription['mode'];
export type SubscriptionStatus = Subscription['status'];
export type DeliveryOutcome = Delivery['outcome'];
export type ConnectorKind = Schemas['ConnectorKind'];
export type ConnectorStatus = Schemas['ConnectorStatus'];

export type RowError = Schemas['RowError'];
export type IngestResult = Schemas['IngestResult'];
export type UploadResult = Schemas['UploadResult'];
/** The `details` of a 422 EXCHANGE_BATCH_REJECTED. */
export interface BatchRejectedDetails {
  batchId: string;
  received: number;
  rejectedTotal: number;
  errorCounts: Record<string, number>;
  rejected: RowError[];
}
export type ExchangeItem = Schemas['ExchangeItem'];
export type ConnectorSummary = Schemas['ConnectorSummary'];
export type ExchangeResource = Schemas['ExchangeResource'];
export type ExchangeResourceDetail = Schemas['ExchangeResourceDetail'];
export type ResourceListQuery = Omit<QueryOf<'/api/exchange/resources'>, 'limit' | 'offset'>;
export type Batch = Schemas['Batch'];
export type BatchDetail = Schemas['BatchDetail'];
export type RecordsPage = Schemas['RecordsPage'];
export type HeldRecord = RecordsPage['items'][number];
export type Change = Schemas['RecordChange'];
export type ChangesPage = Schemas['ChangesPage'];
export type Quarantined = Schemas['Quarantined'];
export type QualityReport = Schemas['QualityReport'];
export type QualityRow = QualityReport['resources'][number];
export type QualityQuery = QueryOf<'/api/exchange/quality'>;
export type Subscription = Schemas['Subscription'];
export type SubscriptionInput = Schemas['SubscriptionInput'];
export type SubscriptionCreated = Schemas['SubscriptionCreated'];
export type SubscriptionPatch = Schemas['SubscriptionPatch'];
export type Delivery = Schemas['Delivery'];
export type DeadLetter = Schemas['DeadLetter'];
export type StatsQuery = QueryOf<'/api/exchange/stats'>;
export type StatsRow = Schemas['ExchangeStatsRow'];
export type StatsReport = Schemas['ExchangeStatsReport'];
export type StatsTotals = StatsReport['totals'];
/** A pull connector to a department's front database (前置库), as sent: the password is write-only. */
export type ConnectorInput = Schemas['ConnectorInput'];
/** Settings to test; omitted ones come from the stored connector. */
export type ConnectorTestInput = Schemas['ConnectorTestInput'];
export type ConnectorSchedule = Schemas['ConnectorSchedule'];
/** A connector as the server shows it: never the password. */
export type Connector = Schemas['Connector'];
export type ConnectorTestResult = Schemas['ConnectorTestResult'];
export type ConnectorRun = Schemas['ConnectorRun'];

const byId = (id: string) => ({ params: { path: { id } } });

export const getExchangeStats = (query: StatsQuery, signal?: AbortSignal) =>
  call(api.GET('/api/exchange/stats', { params: { query }, signal }), signal);

export const listExchangeResources = (query: ResourceListQuery & Partial<PageQuery>, signal?: AbortSignal) =>
  call(api.GET('/api/exchange/resources', { params: { query }, signal }), signal);

export const getExchangeResource = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/exchange/resources/{id}', { ...byId(id), signal }), signal);

export const listBatches = (id: string, query: PageQuery, signal?: AbortSignal) =>
  call(api.GET('/api/exchange/resources/{id}/batches', { params: { path: { id }, query }, signal }), signal);

export const getBatch = (batchId: string, signal?: AbortSignal) =>
  call(api.GET('/api/exchange/batches/{id}', { ...byId(batchId), signal }), signal);

/** Held records in key order: pass the previous page's `nextCursor` as `after`. */
export const listRecords = (
  id: string,
  query: QueryOf<'/api/exchange/resources/{id}/records'>,
  signal?: AbortSignal,
) =>
  call(api.GET('/api/exchange/resources/{id}/records', { params: { path: { id }, query }, signal }), signal);

export const listChanges = (
  id: string,
  query: QueryOf<'/api/exchange/resources/{id}/changes'>,
  signal?: AbortSignal,
) =>
  call(api.GET('/api/exchange/resources/{id}/changes', { params: { path: { id }, query }, signal }), signal);

export const listQuarantine = (id: string, query: PageQuery, signal?: AbortSignal) =>
  call(
    api.GET('/api/exchange/resources/{id}/quarantine', { params: { path: { id }, query }, signal }),
    signal,
  );

export const resubmitQuarantined = (quarantineId: string, values: Record<string, unknown>) =>
  call(api.PUT('/api/exchange/quarantine/{id}', { ...byId(quarantineId), body: { values } }));

export const discardQuarantined = (quarantineId: string) =>
  call(api.DELETE('/api/exchange/quarantine/{id}', byId(quarantineId)));

export type UploadOptions = QueryOf<'/api/exchange/resources/{id}/upload', 'post'>;

/** Uploads an .xlsx or .csv (multipart field "file"); `dryRun` previews and stores nothing. */
export function uploadRecords(id: string, file: File, options: UploadOptions) {
  const body = new FormData();
  body.append('file', file);
  return sendForm<UploadResult>(`/api/exchange/resources/${encodeURIComponent(id)}/upload`, body, options);
}

export const getQuality = (query: QualityQuery, signal?: AbortSignal) =>
  call(api.GET('/api/exchange/quality', { params: { query }, signal }), signal);

export const listSubscriptions = (query: QueryOf<'/api/exchange/subscriptions'>, signal?: AbortSignal) =>
  call(api.GET('/api/exchange/subscriptions', { params: { query }, signal }), signal);

export const createSubscription = (input: SubscriptionInput) =>
  call(api.POST('/api/exchange/subscriptions', { body: input }));

export const patchSubscription = (id: string, patch: SubscriptionPatch) =>
  call(api.PATCH('/api/exchange/subscriptions/{id}', { ...byId(id), body: patch }));

export const deleteSubscription = (id: string) =>
  call(api.DELETE('/api/exchange/subscriptions/{id}', byId(id)));

export const listDeliveries = (id: string, limit: number, signal?: AbortSignal) =>
  call(
    api.GET('/api/exchange/subscriptions/{id}/deliveries', {
      params: { path: { id }, query: { limit } },
      signal,
    }),
    signal,
  );

export const listDeadLetters = (open: boolean, signal?: AbortSignal) =>
  call(api.GET('/api/exchange/dead-letters', { params: { query: { open } }, signal }), signal);

export const redeliverDeadLetter = (id: string) =>
  call(api.POST('/api/exchange/dead-letters/{id}/redeliver', byId(id)));

export const getConnector = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/exchange/resources/{id}/connector', { ...byId(id), signal }), signal);

export const saveConnector = (id: string, input: ConnectorInput) =>
  call(api.PUT('/api/exchange/resources/{id}/connector', { ...byId(id), body: input }));

export const deleteConnector = (id: string) =>
  call(api.DELETE('/api/exchange/resources/{id}/connector', byId(id)));

/** Tests settings against the front database; omitted settings come from the stored connector. */
export const testConnector = (id: string, input: ConnectorTestInput) =>
  call(api.POST('/api/exchange/resources/{id}/connector/test', { ...byId(id), body: input }));

/** Runs the connector now and waits for it: the run, with outcome ok or failed. */
export const runConnector = (id: string) =>
  call(api.POST('/api/exchange/resources/{id}/connector/run', byId(id)));

export const listConnectorRuns = (id: string, query: PageQuery, signal?: AbortSignal) =>
  call(
    api.GET('/api/exchange/resources/{id}/connector/runs', { params: { path: { id }, query }, signal }),
    signal,
  );
