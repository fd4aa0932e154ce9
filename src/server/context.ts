import type { Db } from '../db/index.ts';
import { AuditService } from '../modules/audit/service.ts';
import { CatalogService } from '../modules/catalog/service.ts';
import { CatalogTransfer } from '../modules/catalog/transfer.ts';
import { ExchangeService } from '../modules/exchange/service.ts';
import { ConnectorService } from '../modules/exchange/connector/service.ts';
import { IdentityService } from '../modules/identity/service.ts';
import { OrgService } from '../modules/org/service.ts';
import { SharingService } from '../modules/sharing/service.ts';
import { SecretBox } from '../lib/secretbox.ts';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.ts';

/** Every module's service, wired once per process. Routes reach them through `app.services`. */
export interface Services {
  db: Db;
  audit: AuditService;
  org: OrgService;
  identity: IdentityService;
  catalog: CatalogService;
  catalogTransfer: CatalogTransfer;
  exchange: ExchangeService;
  connectors: ConnectorService;
  sharing: SharingService;
}

/**
 * `secretKey` seals stored secrets (SM4); every process against one database needs the same key. Without one,
 * a random key serves a single short-lived process (tests, the OpenAPI generator).
 */
export function buildServices(
  db: Db,
  config: Pick<Config, 'sessionTtlHours'> & {
    secretKey?: Buffer | undefined;
    databaseUrl?: string | undefined;
  },
): Services {
  const secrets = new SecretBox(config.secretKey ?? randomBytes(32));
  const audit = new AuditService(db);
  const org = new OrgService(db, audit);
  const identity = new IdentityService(db, audit, org, {
    sessionTtlHours: config.sessionTtlHours,
    throttle: { windowMinutes: 15, maxPerAccount: 5, maxPerIp: 30 },
  });
  const catalog = new CatalogService(db, audit, org);
  const catalogTransfer = new CatalogTransfer(db, catalog, org, audit);
  const exchange = new ExchangeService(db, audit, org, catalog, secrets);
  const connectors = new ConnectorService(db, audit, exchange, secrets, {
    blockedTargets: platformDatabase(config.databaseUrl),
  });
  const sharing = new SharingService(db, audit, org, identity, catalog, exchange);
  return { db, audit, org, identity, catalog, catalogTransfer, exchange, connectors, sharing };
}

/** Where the platform's own PostgreSQL listens, for the connectors to refuse. */
function platformDatabase(url: string | undefined): { host: string; port: number }[] {
  if (!url) return [];
  const u = new URL(url);
  return [{ host: u.hostname || 'localhost', port: Number(u.port || 5432) }];
}
