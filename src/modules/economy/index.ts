/** The macro-economy registry's public entry: the service, its background sync, its staff and SDMX routes. */
export { EconomyService } from './service.ts';
export { EconomySyncLoop } from './loop.ts';
export { economyRoutes } from './routes.ts';
export { sdmxRoutes } from './sdmx-routes.ts';
export { SOURCE_ITEMS } from './sync.ts';
export { FLOW_ID, AGENCY, MEDIA } from './sdmx-format.ts';
