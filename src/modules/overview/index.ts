/** The overview module's public entry: the home page's service and routes. */
export { OverviewService, type OverviewDeps } from './service.ts';
export { overviewRoutes } from './routes.ts';
export type { CityFiguresT, HomeT } from './schema.ts';
