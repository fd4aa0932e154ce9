/** The audit module's public entry: the audit log's service, its routes and maintenance, and the actor type every module records under. */
export {
  AuditService,
  SYSTEM_ACTOR,
  type Actor,
  type AuditEvent,
  type BatchEntry,
  type BatchVerifier,
  type Companion,
  type LockedHead,
} from './service.ts';
export { canonicalJson } from './chain.ts';
export { auditRoutes } from './routes.ts';
export { AuditMaintenance } from './maintenance.ts';
export { objectNames } from './names.ts';
