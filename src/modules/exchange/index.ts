/** The exchange module's public entry: the exchange service, connectors, webhook delivery, routes, and the file readers the CLI uses. */
export { ExchangeService } from './service.ts';
export { connectorRoutes } from './connector/routes.ts';
export { exchangeRoutes } from './routes.ts';
export { ConnectorScheduler } from './connector/scheduler.ts';
export type { ConnectorInputT } from './connector/schema.ts';
export { ConnectorService } from './connector/service.ts';
export { postWebhook, type PostOutcome } from './delivery/post.ts';
export {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  SUBSCRIPTION_HEADER,
  TIMESTAMP_HEADER,
  signWebhook,
  verifyWebhook,
} from './delivery/signature.ts';
export type { WebhookTargets } from './webhook-target.ts';
export { DeliveryWorker } from './delivery/worker.ts';
export { detectCharset, readRecords } from './parse.ts';
export type { ResourceVersion } from './reads.ts';
export type { RecordFilter } from './repo.ts';
export type { ExchangeRetentionService } from './retention.ts';
export type { SourceRow } from './types.ts';
export { readWorkbook } from './workbook.ts';
