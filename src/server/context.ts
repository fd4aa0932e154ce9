import type { Db } from '../db/index.ts';
import { AuditService, objectNames } from '../modules/audit/index.ts';
import { CatalogService, CatalogTransfer } from '../modules/catalog/index.ts';
import {
  ConnectorService,
  ExchangeService,
  type ExchangeRetentionService,
} from '../modules/exchange/index.ts';
import { GeoService } from '../modules/geo/index.ts';
import { EconomyService } from '../modules/economy/index.ts';
import { RegistryService } from '../modules/registries/index.ts';
import { IdentityService } from '../modules/identity/index.ts';
import { LicenseService } from '../modules/licenses/index.ts';
import { CaseService } from '../modules/cases/index.ts';
import { CreditService } from '../modules/credit/index.ts';
import { DossierService } from '../modules/dossier/index.ts';
import { OpenFeedbackService, OpenService, OpenWebhooks } from '../modules/open/index.ts';
import { OrgService } from '../modules/org/index.ts';
import { OverviewService } from '../modules/overview/index.ts';
import { SharingService } from '../modules/sharing/index.ts';
import { ServicesService } from '../modules/services/index.ts';
import { SecretBox } from '../lib/secretbox.ts';
import { DEFAULT_WORKBOOK_CAPS } from '../lib/workbook-caps.ts';
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
  /** Deletes expired exchange log rows; the maintenance loop calls `purgeExpired()`. */
  exchangeRetention: ExchangeRetentionService;
  /** Drops the data-access log's expired days; the maintenance loop calls `purgeExpired()`. */
  accessRetention: SharingService['accessRetention'];
  connectors: ConnectorService;
  sharing: SharingService;
  overview: OverviewService;
  /** 宏观经济基础库: indicators filled through an exchange subscription, and the SDMX REST API. */
  economy: EconomyService;
  registries: RegistryService;
  /** 空间地理: the standard address base, address standardization, the OGC API. */
  geo: GeoService;
  /** 电子证照库: license types, issuing with SM2 seals, status, uses, public verification. */
  licenses: LicenseService;
  /** 办件: cases of service items — intake, the steps with working-day deadlines, result licenses, notifications. */
  cases: CaseService;
  /** 社会信用: 双公示 records, red and black lists, profiles with a computed score, objections and repair. */
  credit: CreditService;
  dossiers: DossierService;
  open: OpenService;
  /** Developers' change webhooks (the delivery worker runs in main.ts). */
  openWebhooks: OpenWebhooks;
  /** 公共数据开放 feedback: data requests, error reports, ratings, showcases and their moderation. */
  openFeedback: OpenFeedbackService;
  /** 政务服务事项目录: the service items each department publishes, with versions; public search. */
  serviceItems: ServicesService;
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
    /** An SM2 private key for audit checkpoints; absent, one derived from the secret key. */
    auditSigningKeyHex?: string | undefined;
  } & Partial<
      Pick<
        Config,
        | 'webhookAllowHosts'
        | 'pushMaxBytes'
        | 'pushMaxCompressedBytes'
        | 'exchangeLogRetentionDays'
        | 'changeLogRetentionDays'
        | 'workbookCaps'
        | 'catalogImportThreads'
        | 'openKeyDailyQuota'
        | 'openAnonDailyQuota'
      >
    >,
): Services {
  const secretKey = config.secretKey ?? randomBytes(32);
  const secrets = new SecretBox(secretKey);
  // The audit log's key digests and checkpoint signatures use keys derived from the same secret, never stored.
  const audit = new AuditService(db, { secretKey, signingKeyHex: config.auditSigningKeyHex });
  const org = new OrgService(db, audit);
  const identity = new IdentityService(db, audit, org, {
    sessionTtlHours: config.sessionTtlHours,
    throttle: { windowMinutes: 15, maxPerAccount: 5, maxPerIp: 30 },
  });
  const catalog = new CatalogService(db, audit, org);
  const catalogTransfer = new CatalogTransfer(db, catalog, org, audit, {
    caps: config.workbookCaps ?? DEFAULT_WORKBOOK_CAPS,
    threads: config.catalogImportThreads ?? 1,
  });
  const exchange = new ExchangeService(db, audit, org, catalog, secrets, {
    webhookAllowHosts: config.webhookAllowHosts,
    push: { maxBytes: config.pushMaxBytes, maxCompressedBytes: config.pushMaxCompressedBytes },
    retention: {
      logRetentionDays: config.exchangeLogRetentionDays,
      changeLogRetentionDays: config.changeLogRetentionDays,
    },
  });
  const connectors = new ConnectorService(db, audit, exchange, secrets, {
    blockedTargets: platformDatabase(config.databaseUrl),
  });
  const sharing = new SharingService(db, audit, org, identity, catalog, exchange);
  audit.setNameResolver(objectNames({ org, identity, catalog }));
  const geo = new GeoService(db, audit);
  const overview = new OverviewService({ org, identity, audit, catalog, exchange, sharing });
  const economy = new EconomyService({ db, audit, org, catalog, exchange });
  const registries = new RegistryService({ db, audit, org, catalog, exchange });
  const licenses = new LicenseService(db, audit, org, secrets);
  const credit = new CreditService(db, audit, org, identity.subjects);
  const cases = new CaseService(db, audit, org, identity, licenses);
  const open = new OpenService(db, catalog, exchange, org, {
    audit,
    accounts: identity,
    quotas: { keyDaily: config.openKeyDailyQuota, anonymousDaily: config.openAnonDailyQuota },
  });
  const openFeedback = new OpenFeedbackService(db, audit, org, identity, open);
  const openWebhooks = new OpenWebhooks(db, audit, secrets, exchange, open.datasets);
  const dossiers = new DossierService({ registries, licenses, credit, audit, identity, org });
  const serviceItems = new ServicesService({ db, audit, org, catalog, licenses });
  return {
    db,
    audit,
    org,
    identity,
    catalog,
    catalogTransfer,
    exchange,
    exchangeRetention: exchange.retention,
    accessRetention: sharing.accessRetention,
    connectors,
    sharing,
    overview,
    economy,
    registries,
    geo,
    licenses,
    cases,
    credit,
    dossiers,
    open,
    openFeedback,
    openWebhooks,
    serviceItems,
  };
}

/** Where the platform's own PostgreSQL listens, for the connectors to refuse. */
function platformDatabase(url: string | undefined): { host: string; port: number }[] {
  if (!url) return [];
  const u = new URL(url);
  return [{ host: u.hostname || 'localhost', port: Number(u.port || 5432) }];
}
