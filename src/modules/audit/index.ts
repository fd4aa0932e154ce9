/** The audit module's public entry: the audit log's service, its routes and maintenance, and the actor type every module records under. */
export { AuditService, SYSTEM_ACTOR, type Actor, type AuditEvent } from './service.ts';
export { auditRoutes } from './routes.ts';
export { AuditMaintenance } from './maintenance.ts';
export { objectNames } from './names.ts';
