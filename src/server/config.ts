import path from 'node:path';

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
  /** Built web app to serve; absent in API-only test servers. */
  webDist: string | undefined;
  /** TONGBAN_BENCH_ROUTES=1: the lookup benchmark's bare route (GET /api/_bench/…); never set in production. */
  benchRoutes: boolean;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** Reads the configuration from the environment; the README documents every variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int('PORT', env.PORT, 8080),
    host: env.HOST || '127.0.0.1',
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
    webDist: path.resolve(env.WEB_DIST || 'web/dist'),
    benchRoutes: env.TONGBAN_BENCH_ROUTES === '1',
  };
}
