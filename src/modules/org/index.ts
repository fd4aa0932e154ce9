/** The org module's public entry: departments and regions. */
export { OrgService, type Department } from './service.ts';
export { orgRoutes } from './routes.ts';
