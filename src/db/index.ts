import path from 'node:path';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Db } from './types.ts';

export type { Db, Queryable, QueryResult, Engine } from './types.ts';

export interface DbConfig {
  /** postgres://… selects server mode; absent selects the embedded engine. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; 'memory://' keeps them in memory. */
  dataDir: string;
}

/** Opens PostgreSQL when a URL is configured, otherwise embedded PGlite under dataDir/pg. */
export function openDb(config: DbConfig): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  if (config.dataDir === 'memory://') return openPglite();
  return openPglite(path.join(config.dataDir, 'pg'));
}
