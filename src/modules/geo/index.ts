/** The spatial base registry's public entry (空间地理): the service, its routes, and the loader's input types. */
export { GeoService, type AreaInput, type RoadInput } from './service.ts';
export { geoRoutes } from './routes.ts';
