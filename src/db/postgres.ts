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

/** Connects to a PostgreSQL server (server mode, `DATABASE_URL`). */
export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'tongban' });
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
    async transaction(fn) {
      const client = await pool.connect();
      const tx = wrap(client);
      txClients.set(tx, client);
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async copyIn(copySql, data, tx) {
      const own = tx ? undefined : await pool.connect();
      const client = own ?? txClients.get(tx as Queryable);
      if (!client) throw new Error('copyIn: transaction handle does not belong to this database');
      try {
        const sink = client.query(copyFrom(copySql));
        await pipeline(Readable.from(data), sink);
        return sink.rowCount ?? 0;
      } finally {
        own?.release();
      }
    },
    close: () => pool.end(),
  };
}
