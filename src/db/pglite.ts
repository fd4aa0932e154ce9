import { mkdirSync } from 'node:fs';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './types.ts';

// Return the same JS types as node-postgres, so code and tests never depend on the engine:
// bigint and numeric as strings (no precision loss), date as 'YYYY-MM-DD'.
const asText = (value: string) => value;
const parsers = { [types.INT8]: asText, [types.NUMERIC]: asText, [types.DATE]: asText };

type Runner = Pick<PGlite, 'query' | 'exec'> | Transaction;

// The PGlite transaction behind a Queryable handed to a transaction callback: COPY inside a transaction
// must run on it, since the instance itself is locked until the transaction ends.
const runners = new WeakMap<Queryable, Runner>();

function wrap(q: Runner): Queryable {
  const queryable: Queryable = {
    async query<T extends object>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const res = await q.query<T>(sql, params as unknown[] | undefined);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
  runners.set(queryable, q);
  return queryable;
}

const dumpers = new WeakMap<Db, () => Promise<Blob | File>>();

/** A tarball of an open embedded database's data directory (for `openPglite(undefined, tarball)`). */
export function dumpPglite(db: Db): Promise<Blob | File> {
  const dump = dumpers.get(db);
  if (!dump) throw new Error('dumpPglite: not an embedded database');
  return dump();
}

/**
 * Opens the embedded engine; `dataDir` undefined keeps everything in memory (tests). `loadDataDir`, a tarball from
 * `dumpPglite`, starts an in-memory database as a copy of it instead of running initdb.
 */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { parsers, ...(loadDataDir ? { loadDataDir } : {}) });
  const base = wrap(pg);
  const db: Db = {
    engine: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async copyIn(copySql, data, tx) {
      const chunks: Uint8Array[] = [];
      const enc = new TextEncoder();
      for await (const chunk of data) chunks.push(typeof chunk === 'string' ? enc.encode(chunk) : chunk);
      const sql = copySql.replace(/FROM\s+STDIN/i, "FROM '/dev/blob'");
      const runner = tx ? runners.get(tx) : pg;
      if (!runner) throw new Error('copyIn: transaction handle does not belong to this database');
      const res = await runner.query(sql, [], { blob: new Blob(chunks as BlobPart[]) });
      return res.affectedRows ?? 0;
    },
    close: () => pg.close(),
  };
  dumpers.set(db, () => pg.dumpDataDir('none'));
  return db;
}
