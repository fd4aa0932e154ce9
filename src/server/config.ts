import path from 'node:path';
import { workbookCapsFrom, type WorkbookCaps } from '../lib/workbook-caps.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  sessionTtlHours: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  bodyLimitBytes: number;
  demoPassword: string | undefined;
  /** TONGBAN_SECRET_KEY (64 hex); absent: DATA_DIR/secret.key, generated once (see src/lib/secretbox.ts). */
  secretKeyHex: string | undefined;
  /** Size of the demo population the seed loads through the exchange (TONGBAN_DEMO_PEOPLE). */
  demoPeople: number;
  /**
   * Records the seed loads into the catalog's open resources (公共数据开放) through the exchange
   * (TONGBAN_DEMO_OPEN_RECORDS, default 20,000, at most 650,000; 0 for none).
   */
  demoOpenRecords: number;
  /** Cases of the demo's year of 办件 history (TONGBAN_DEMO_CASES, default 150; 0 for none). */
  demoCases: number;
  /** Built web app to serve; absent in API-only test servers. */
  webDist: string | undefined;
  /** TONGBAN_BENCH_ROUTES=1: the lookup benchmark's bare route (GET /api/_bench/…); never set in production. */
  benchRoutes: boolean;
  /**
   * TONGBAN_DEMO=1: `tongban serve` behaves like `tongban start` (demo city in an empty database, the demo
   * receiver, the demo front database). Off, the server is a production one: no demo users, no demo routes.
   */
  demo: boolean;
  /**
   * PUBLIC_URL: the address citizens and departments use (https://data.city.gov.cn), without a trailing slash.
   * Links the server publishes (DCAT URIs) use it, never the request's Host header, which a client chooses.
   */
  publicUrl: string;
  /** PG_POOL_MAX: PostgreSQL connections per server process. */
  pgPoolMax: number;
  /** PG_STATEMENT_TIMEOUT_MS: the longest one statement may run on a pooled connection (0: no limit). */
  pgStatementTimeoutMs: number;
  /** PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: how long a transaction may sit idle before the server ends it (0: never). */
  pgIdleInTransactionTimeoutMs: number;
  /**
   * PG_BULK_STATEMENT_TIMEOUT_MS: the statement limit for work known to be long (bulk ingest of a whole snapshot),
   * applied with `SET LOCAL` inside that transaction only (`Db.transaction(fn, { bulk: true })`).
   */
  pgBulkStatementTimeoutMs: number;
  /**
   * WEBHOOK_ALLOW_HOSTS: comma-separated `host` or `host:port` entries webhooks may reach although they are internal
   * (loopback, private, link-local …); every other internal target is refused (see exchange/webhook-target.ts).
   */
  webhookAllowHosts: string[];
  /** PUSH_MAX_BYTES: the most one push body may hold once decompressed (default 1 GiB); beyond it, 413. */
  pushMaxBytes: number;
  /** PUSH_MAX_COMPRESSED_BYTES: the most one push body may hold as sent (default 256 MiB). */
  pushMaxCompressedBytes: number;
  /** EXCHANGE_LOG_RETENTION_DAYS: days the exchange batch and delivery logs are kept (default 400). */
  exchangeLogRetentionDays: number;
  /** CHANGE_LOG_RETENTION_DAYS: days of change history kept whole for `asOf` reads (default 90). */
  changeLogRetentionDays: number;
  /** Sessions and sign-in attempts: how long they are kept, and how often retention runs. */
  retention: RetentionConfig;
  /**
   * TONGBAN_AUDIT_SIGNING_KEY: the SM2 private key (64 hex) that signs audit checkpoints; absent, it is derived from
   * the secret key, so every process against one database signs with the same key.
   */
  auditSigningKeyHex: string | undefined;
  /** AUDIT_CHECKPOINT_MINUTES: how often each server process signs the audit chains' heads. */
  auditCheckpointMinutes: number;
  /** How much of an uploaded workbook is read (the variables are in src/lib/workbook-caps.ts). */
  workbookCaps: WorkbookCaps;
  /** CATALOG_IMPORT_THREADS: catalog workbooks read at the same time, each in a worker thread. */
  catalogImportThreads: number;
  /** OPEN_KEY_DAILY_QUOTA: open API calls a day per developer key the operator has not set (default 10,000). */
  openKeyDailyQuota: number;
  /** OPEN_ANON_DAILY_QUOTA: open API calls a day per client address without a key (default 2,000). */
  openAnonDailyQuota: number;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** TONGBAN_DEMO_OPEN_RECORDS: 0 to 650,000 (the source city's open data portal served about 650,000 records). */
function demoOpenRecords(value: string | undefined): number {
  if (value === '0') return 0;
  const n = int('TONGBAN_DEMO_OPEN_RECORDS', value, 20_000);
  if (n > 650_000) throw new Error(`TONGBAN_DEMO_OPEN_RECORDS must be at most 650000, got "${value}"`);
  return n;
}

/** A duration in milliseconds where 0 means "no limit", as PostgreSQL reads it. */
function millis(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2_147_483_647)
    throw new Error(`${name} must be a whole number of milliseconds (0 for no limit), got "${value}"`);
  return n;
}

/** The configured public address, or this process's own when none is given. */
function publicUrl(value: string | undefined, host: string, port: number): string {
  if (!value) {
    // A wildcard listen address is no address a client can use.
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    return `http://${shown}:${port}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute http(s) URL, got "${value}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash)
    throw new Error(`PUBLIC_URL must be an http(s) URL without query or fragment, got "${value}"`);
  return url.toString().replace(/\/+$/, '');
}

/** How long each kind of row is kept after it stopped mattering, and how often retention runs. */
export interface RetentionConfig {
  /** Minutes between retention runs, city-wide (RETENTION_INTERVAL_MINUTES, default 60). */
  intervalMinutes: number;
  /** Days a session is kept after it expired or was revoked (RETENTION_SESSION_DAYS, default 30). */
  sessionDays: number;
  /** Days the sign-in attempt log is kept (RETENTION_LOGIN_ATTEMPT_DAYS, default 30). */
  loginAttemptDays: number;
  /** Days of data accesses (the data service's calls) kept, whole China days (ACCESS_LOG_RETENTION_DAYS, 400). */
  accessLogDays: number;
}

/** Reads the retention settings from the environment (documented in the README and docs/OPERATIONS.md). */
export function retentionConfig(env: NodeJS.ProcessEnv = process.env): RetentionConfig {
  return {
    intervalMinutes: int('RETENTION_INTERVAL_MINUTES', env.RETENTION_INTERVAL_MINUTES, 60),
    sessionDays: int('RETENTION_SESSION_DAYS', env.RETENTION_SESSION_DAYS, 30),
    loginAttemptDays: int('RETENTION_LOGIN_ATTEMPT_DAYS', env.RETENTION_LOGIN_ATTEMPT_DAYS, 30),
    accessLogDays: int('ACCESS_LOG_RETENTION_DAYS', env.ACCESS_LOG_RETENTION_DAYS, 400),
  };
}

/** Reads the configuration from the environment; the README documents every variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int('PORT', env.PORT, 8080);
  const host = env.HOST || '127.0.0.1';
  return {
    port,
    host,
    dataDir: env.DATA_DIR === 'memory://' ? 'memory://' : path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    sessionTtlHours: int('SESSION_TTL_HOURS', env.SESSION_TTL_HOURS, 8),
    cookieSecure: env.COOKIE_SECURE === 'true',
    trustProxy: env.TRUST_PROXY === 'true',
    bodyLimitBytes: int('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES, 1024 * 1024),
    demoPassword: env.TONGBAN_DEMO_PASSWORD || undefined,
    secretKeyHex: env.TONGBAN_SECRET_KEY || undefined,
    demoPeople:
      env.TONGBAN_DEMO_PEOPLE === '0' ? 0 : int('TONGBAN_DEMO_PEOPLE', env.TONGBAN_DEMO_PEOPLE, 20_000),
    demoOpenRecords: demoOpenRecords(env.TONGBAN_DEMO_OPEN_RECORDS),
    demoCases: env.TONGBAN_DEMO_CASES === '0' ? 0 : int('TONGBAN_DEMO_CASES', env.TONGBAN_DEMO_CASES, 150),
    webDist: path.resolve(env.WEB_DIST || 'web/dist'),
    benchRoutes: env.TONGBAN_BENCH_ROUTES === '1',
    demo: env.TONGBAN_DEMO === '1',
    publicUrl: publicUrl(env.PUBLIC_URL, host, port),
    pgPoolMax: int('PG_POOL_MAX', env.PG_POOL_MAX, 10),
    pgStatementTimeoutMs: millis('PG_STATEMENT_TIMEOUT_MS', env.PG_STATEMENT_TIMEOUT_MS, 60_000),
    pgIdleInTransactionTimeoutMs: millis(
      'PG_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      env.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      60_000,
    ),
    pgBulkStatementTimeoutMs: millis(
      'PG_BULK_STATEMENT_TIMEOUT_MS',
      env.PG_BULK_STATEMENT_TIMEOUT_MS,
      1_800_000,
    ),
    webhookAllowHosts: (env.WEBHOOK_ALLOW_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    pushMaxBytes: int('PUSH_MAX_BYTES', env.PUSH_MAX_BYTES, 1024 ** 3),
    pushMaxCompressedBytes: int('PUSH_MAX_COMPRESSED_BYTES', env.PUSH_MAX_COMPRESSED_BYTES, 256 * 1024 ** 2),
    exchangeLogRetentionDays: int('EXCHANGE_LOG_RETENTION_DAYS', env.EXCHANGE_LOG_RETENTION_DAYS, 400),
    changeLogRetentionDays: int('CHANGE_LOG_RETENTION_DAYS', env.CHANGE_LOG_RETENTION_DAYS, 90),
    retention: retentionConfig(env),
    auditSigningKeyHex: env.TONGBAN_AUDIT_SIGNING_KEY || undefined,
    auditCheckpointMinutes: int('AUDIT_CHECKPOINT_MINUTES', env.AUDIT_CHECKPOINT_MINUTES, 10),
    workbookCaps: workbookCapsFrom(env),
    catalogImportThreads: int('CATALOG_IMPORT_THREADS', env.CATALOG_IMPORT_THREADS, 1),
    openKeyDailyQuota: int('OPEN_KEY_DAILY_QUOTA', env.OPEN_KEY_DAILY_QUOTA, 10_000),
    openAnonDailyQuota: int('OPEN_ANON_DAILY_QUOTA', env.OPEN_ANON_DAILY_QUOTA, 2_000),
  };
}
