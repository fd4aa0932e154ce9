import type { Db } from '../db/index.ts';
import { AuditService } from '../modules/audit/service.ts';
import { IdentityService } from '../modules/identity/service.ts';
import { OrgService } from '../modules/org/service.ts';
import type { Config } from './config.ts';

/** Every module's service, wired once per process. Routes reach them through `app.services`. */
export interface Services {
  db: Db;
  audit: AuditService;
  org: OrgService;
  identity: IdentityService;
}

export function buildServices(db: Db, config: Pick<Config, 'sessionTtlHours'>): Services {
  const audit = new AuditService(db);
  const org = new OrgService(db, audit);
  const identity = new IdentityService(db, audit, org, {
    sessionTtlHours: config.sessionTtlHours,
    throttle: { windowMinutes: 15, maxPerAccount: 5, maxPerIp: 30 },
  });
  return { db, audit, org, identity };
}
