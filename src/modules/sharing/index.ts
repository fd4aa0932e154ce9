/** The sharing module's public entry: the sharing service, the sharing site's and data service's routes, and the types other areas read. */
export { SharingService, type Caller } from './service.ts';
export { benchRoutes } from './bench-routes.ts';
export { dataRoutes } from './data-routes.ts';
export { sharingRoutes } from './routes.ts';
export type { AccessRequestT, UsageMode } from './schema.ts';
