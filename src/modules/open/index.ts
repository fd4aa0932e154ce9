/** 公共数据开放: the open data portal's datasets, CKAN Action API, query API and figures. */
export { OpenService } from './service.ts';
export { openRoutes } from './routes.ts';
export { OpenFeedbackService } from './feedback/service.ts';
export { OpenWebhooks } from './webhooks.ts';
export { OpenWebhookWorker } from './webhook-worker.ts';
