/** The health module's public entry: the liveness and readiness routes. */
export { healthRoutes } from './routes.ts';
