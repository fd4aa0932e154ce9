import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './types.ts';

// Return the same JS types as node-postgres, so code and tests never depend on the engine:
// bigint and numeric as strings (no precision loss), date as 'YYYY-MM-DD'.
const asText = (value: string) => value;
const parsers = { [types.INT8]: asText, [types.NUMERIC]: asText, [types.DATE]: asText };

function wrap(q: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<T extends object>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const res = await q.query<T>(sql, params as unknown[] | undefined);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

/** Opens the embedded engine; `dataDir` undefined keeps everything in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { parsers });
  const base = wrap(pg);
  return {
    engine: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async copyIn(copySql, data, tx) {
      const chunks: Uint8Array[] = [];
      const enc = new TextEncoder();
      for await (const chunk of data) chunks.push(typeof chunk === 'string' ? enc.encode(chunk) : chunk);
      const sql = copySql.replace(/FROM\s+STDIN/i, "FROM '/dev/blob'");
      const res = await pg.query(sql, [], { blob: new Blob(chunks as BlobPart[]) });
      void tx; // PGlite is one connection: the copy joins whatever transaction is open
      return res.affectedRows ?? 0;
    },
    close: () => pg.close(),
  };
}
