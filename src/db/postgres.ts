import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, Queryable, QueryOptions, QueryResult } from './types.ts';

// Same JS types as our PGlite setup: date stays 'YYYY-MM-DD' instead of a local-midnight Date.
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 1082) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

const txClients = new WeakMap<Queryable, pg.PoolClient>();

const preparedNames = new Map<string, string>();
/** A stable statement name per SQL text (node-postgres prepares a named statement once per connection). */
function preparedName(sql: string): string {
  let name = preparedNames.get(sql);
  if (!name) {
    name = `tb_${createHash('md5').update(sql).digest('hex').slice(0, 16)}`;
    preparedNames.set(sql, name);
  }
  return name;
}

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T extends object>(
      sql: string,
      params?: readonly unknown[],
      options?: QueryOptions,
    ): Promise<QueryResult<T>> {
      const res = await client.query<T>({
        text: sql,
        values: params as unknown[] | undefined,
        types: typeParsers,
        ...(options?.prepare ? { name: preparedName(sql) } : {}),
      });
      return { rows: res.rows, rowCount: res.rowCount ?? res.rows.length };
    },
    async exec(sql: string) {
      // Without parameters node-postgres uses the simple protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

export interface PostgresOptions {
  /** Connections in the pool. */
  poolMax?: number | undefined;
  /** `statement_timeout` of every connection, ms; 0 for none. */
  statementTimeoutMs?: number | undefined;
  /** `idle_in_transaction_session_timeout` of every connection, ms; 0 for none. */
  idleInTransactionTimeoutMs?: number | undefined;
  /** The statement limit inside `transaction(fn, { bulk: true })`, ms; 0 for none. */
  bulkStatementTimeoutMs?: number | undefined;
}

/**
 * A checked-out connection can be ended by the server while the caller holds it (idle_in_transaction_session_timeout,
 * a restart, an administrator). node-postgres reports that as an 'error' event on the client, which would crash
 * the process without a listener; the caller's next query fails anyway. The connection is then destroyed on
 * release instead of going back to the pool.
 */
function watch(client: pg.PoolClient): { release: () => void } {
  let lost: Error | undefined;
  const onError = (err: Error) => (lost = err);
  client.on('error', onError);
  return {
    release() {
      client.off('error', onError);
      client.release(lost);
    },
  };
}

/** Connects to a PostgreSQL server (server mode, `DATABASE_URL`). */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Db> {
  const bulkTimeout = options.bulkStatementTimeoutMs ?? 1_800_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    application_name: 'tongban',
    // Sent in each connection's startup message, so every pooled connection has them before its first query:
    // a runaway query or a transaction left open by a stalled client cannot hold locks and a connection forever.
    statement_timeout: options.statementTimeoutMs ?? 60_000,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 60_000,
  });
  // An idle connection can be cut by the server (restart, failover, admin). Without a listener that
  // error would crash the process; the pool drops the connection and opens a new one when needed.
  pool.on('error', (err) => process.emitWarning(`idle PostgreSQL connection lost: ${err.message}`));
  // Fail at start, not at the first request, when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const base = wrap(pool);
  return {
    engine: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn, txOptions) {
      const client = await pool.connect();
      const broken = watch(client);
      const tx = wrap(client);
      txClients.set(tx, client);
      try {
        await client.query('BEGIN');
        // SET LOCAL ends with the transaction, so the pooled connection goes back with its usual limit.
        if (txOptions?.bulk) await client.query(`SET LOCAL statement_timeout = ${Math.trunc(bulkTimeout)}`);
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        broken.release();
      }
    },
    async copyIn(copySql, data, tx) {
      const own = tx ? undefined : await pool.connect();
      const ownWatch = own && watch(own);
      const client = own ?? txClients.get(tx as Queryable);
      if (!client) throw new Error('copyIn: transaction handle does not belong to this database');
      try {
        const sink = client.query(copyFrom(copySql));
        await pipeline(Readable.from(data), sink);
        return sink.rowCount ?? 0;
      } finally {
        ownWatch?.release();
      }
    },
    close: () => pool.end(),
  };
}
