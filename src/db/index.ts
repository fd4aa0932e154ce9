import path from 'node:path';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Db } from './types.ts';

export type { Db, Queryable, QueryResult, Engine, TransactionOptions } from './types.ts';

export interface DbConfig {
  /** postgres://… selects server mode; absent selects the embedded engine. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; 'memory://' keeps them in memory. */
  dataDir: string;
  /** PostgreSQL only: connections in the pool (default 10). */
  pgPoolMax?: number | undefined;
  /** PostgreSQL only: `statement_timeout` of every pooled connection, ms, 0 for none (default 60 s). */
  pgStatementTimeoutMs?: number | undefined;
  /** PostgreSQL only: `idle_in_transaction_session_timeout`, ms, 0 for none (default 60 s). */
  pgIdleInTransactionTimeoutMs?: number | undefined;
  /** PostgreSQL only: the statement limit inside `transaction(fn, { bulk: true })`, ms (default 30 min). */
  pgBulkStatementTimeoutMs?: number | undefined;
}

/** Opens PostgreSQL when a URL is configured, otherwise embedded PGlite under dataDir/pg. */
export function openDb(config: DbConfig): Promise<Db> {
  if (config.databaseUrl)
    return openPostgres(config.databaseUrl, {
      poolMax: config.pgPoolMax,
      statementTimeoutMs: config.pgStatementTimeoutMs,
      idleInTransactionTimeoutMs: config.pgIdleInTransactionTimeoutMs,
      bulkStatementTimeoutMs: config.pgBulkStatementTimeoutMs,
    });
  if (config.dataDir === 'memory://') return openPglite();
  return openPglite(path.join(config.dataDir, 'pg'));
}
