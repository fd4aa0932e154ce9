/** Something that can run SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * `prepare`: keep the statement prepared on each server connection (PostgreSQL), so a statement on the hot path of
 * every API call is parsed and planned once per connection. Only for fixed SQL text: every distinct text would
 * stay prepared for the connection's life.
 */
export interface QueryOptions {
  prepare?: boolean;
}

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export type Engine = 'pglite' | 'postgres';

/**
 * `bulk`: the transaction does work known to be long (a whole snapshot's ingest, a re-partition), so on PostgreSQL
 * its statements get the bulk limit (`PG_BULK_STATEMENT_TIMEOUT_MS`, by `SET LOCAL`) instead of the pool's
 * `statement_timeout`. PGlite runs in process and has no limit to lift.
 */
export interface TransactionOptions {
  bulk?: boolean;
}

export interface Db extends Queryable {
  readonly engine: Engine;
  /** Runs fn in one transaction; it commits when fn resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Bulk-loads rows with COPY … FROM STDIN. `copySql` is the COPY statement without its source
   * (e.g. `COPY t (a, b) FROM STDIN WITH (FORMAT csv)`); `data` yields the payload in chunks.
   * PostgreSQL streams the chunks; PGlite has no socket, so it gathers them into one blob first.
   */
  copyIn(
    copySql: string,
    data: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
    tx?: Queryable,
  ): Promise<number>;
  close(): Promise<void>;
}
