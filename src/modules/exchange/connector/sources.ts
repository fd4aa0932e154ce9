/**
 * The readers of a department's front database (前置库): PostgreSQL through `pg`, MySQL/MariaDB through `mysql2`.
 *
 * A source is a table or a query. Either way the connector reads it in pages ordered by the incremental column,
 * each page a single read-only statement: `SELECT … FROM <table> src WHERE <inc> > $1 ORDER BY <inc> LIMIT n`, a
 * query being wrapped as the subquery `(<query>) src`. Identifiers are quoted per dialect, so any table or column
 * name (Chinese ones included) is taken literally and cannot change the statement. The incremental value comes back
 * as text alongside the row (the high-water mark), so timestamps keep their microseconds and big integers their
 * digits.
 *
 * Values are handed over the way the validator reads them: text for dates and times (a PostgreSQL `timestamptz`
 * carries its offset; `timestamp` and MySQL `DATETIME` have none and are read as China time, which the MySQL session
 * is also set to for `TIMESTAMP` columns), numbers or digit strings for numerics, JSON text for JSON and arrays,
 * Base64 for binary.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { AppError } from '../../../core/errors.ts';

export type SourceKind = 'postgres' | 'mysql';

export interface SourceConfig {
  kind: SourceKind;
  host: string;
  port: number;
  database: string;
  username: string;
  password: string;
  /** A table (`name` or `schema.name`), or null when `query` is set. */
  table: string | null;
  /** A SELECT statement, or null when `table` is set. */
  query: string | null;
  incrementalColumn: string;
}

/** One source row: its columns, and the incremental column's value as text. */
export interface SourceRecord {
  highWater: string;
  values: Record<string, unknown>;
}

export interface SourceInfo {
  /** The server's version string. */
  serverVersion: string;
  /** The columns the table or query yields, in order. */
  columns: string[];
}

/** A connection to one front database. */
export interface Source {
  /** Connects (5 s at most); an unreachable server or refused login is EXCHANGE_CONNECTOR_FAILED. */
  open(config: SourceConfig): Promise<void>;
  /** The server version and the source's columns, reading no rows. */
  test(): Promise<SourceInfo>;
  /**
   * Up to `limit` rows whose incremental value is above `afterHighWater` (every non-null one when it is null),
   * in incremental order; 60 s at most.
   */
  read(afterHighWater: string | null, limit: number): Promise<SourceRecord[]>;
  close(): Promise<void>;
}

export type SourceFactory = (kind: SourceKind) => Source;

export const CONNECT_TIMEOUT_MS = 5_000;
export const QUERY_TIMEOUT_MS = 60_000;

/** The alias the high-water text travels under; stripped from the row. */
const HW = '__tongban_hw';

/** The driver's message, as EXCHANGE_CONNECTOR_FAILED; the password is blanked should a driver ever echo it. */
export function sourceError(stage: 'connect' | 'query', err: unknown, password?: string): AppError {
  if (err instanceof AppError) return err;
  let reason = err instanceof Error ? err.message : String(err);
  if (!reason && err instanceof Error && 'code' in err) reason = String((err as { code: unknown }).code);
  if (password && password.length >= 4) reason = reason.split(password).join('******');
  return new AppError('EXCHANGE_CONNECTOR_FAILED', {
    stage,
    reason: reason.slice(0, 500) || 'unknown error',
  });
}

/** `name` or `schema.name`, each part non-empty. */
export function tableParts(table: string): string[] {
  const parts = table.split('.');
  if (parts.length > 2 || parts.some((p) => p.trim() === '')) throw new Error(`Not a table name: ${table}`);
  return parts;
}

export const quotePg = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const quoteMysql = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** The FROM item: the quoted table, or the query as a subquery (a trailing `;` dropped, line comments closed). */
function fromItem(config: SourceConfig, quote: (s: string) => string): string {
  if (config.table !== null) return tableParts(config.table).map(quote).join('.');
  const query = (config.query ?? '').trim().replace(/;\s*$/, '');
  return `(\n${query}\n)`;
}

/** The paged read, for both dialects (`$1` / `?` is the high-water mark). */
function readSql(
  config: SourceConfig,
  quote: (s: string) => string,
  asText: (expr: string) => string,
  param: string,
  after: string | null,
  limit: number,
): string {
  const inc = `src.${quote(config.incrementalColumn)}`;
  const where = after === null ? `${inc} IS NOT NULL` : `${inc} > ${param}`;
  return (
    `SELECT src.*, ${asText(inc)} AS ${quote(HW)} FROM ${fromItem(config, quote)} src ` +
    `WHERE ${where} ORDER BY ${inc} LIMIT ${Math.max(1, Math.floor(limit))}`
  );
}

/** A value as the validator reads it. */
function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  return JSON.stringify(v);
}

function record(row: Record<string, unknown>): SourceRecord {
  const values: Record<string, unknown> = {};
  for (const k in row) if (k !== HW) values[k] = plain(row[k]);
  return { highWater: String(row[HW]), values };
}

// PostgreSQL ------------------------------------------------------------------------------------------------

// Dates and times as the server writes them (no JS Date: it would drop microseconds and guess a time zone).
const PG_TEXT_TYPES = new Set([1082, 1083, 1114, 1184, 1266, 1186]);
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (PG_TEXT_TYPES.has(oid)) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

export class PostgresSource implements Source {
  #client: pg.Client | undefined;
  #config: SourceConfig | undefined;

  async open(config: SourceConfig): Promise<void> {
    this.#config = config;
    const client = new pg.Client({
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.username,
      password: config.password,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // The server cancels a statement past the limit; the client gives up a little later should it not answer.
      statement_timeout: QUERY_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS + 5_000,
      application_name: 'tongban-connector',
      types: pgTypes,
    });
    // A connection cut while idle must not crash the process; the next read reports it.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw sourceError('connect', err, config.password);
    }
    this.#client = client;
  }

  async test(): Promise<SourceInfo> {
    const { client, config } = this.#open();
    try {
      const version = await client.query<{ v: string }>('SELECT version() AS v');
      const probe = await client.query(`SELECT * FROM ${fromItem(config, quotePg)} src LIMIT 0`);
      return { serverVersion: version.rows[0]?.v ?? '', columns: probe.fields.map((f) => f.name) };
    } catch (err) {
      throw sourceError('query', err, config.password);
    }
  }

  async read(afterHighWater: string | null, limit: number): Promise<SourceRecord[]> {
    const { client, config } = this.#open();
    const sql = readSql(config, quotePg, (e) => `(${e})::text`, '$1', afterHighWater, limit);
    try {
      // Read-only, so a configured query can change nothing in the department's database.
      await client.query('BEGIN TRANSACTION READ ONLY');
      const res = await client.query<Record<string, unknown>>(
        sql,
        afterHighWater === null ? [] : [afterHighWater],
      );
      await client.query('COMMIT');
      return res.rows.map(record);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw sourceError('query', err, config.password);
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  #open() {
    if (!this.#client || !this.#config) throw new Error('PostgresSource: open() first');
    return { client: this.#client, config: this.#config };
  }
}

// MySQL / MariaDB --------------------------------------------------------------------------------------------

export class MysqlSource implements Source {
  #conn: mysql.Connection | undefined;
  #config: SourceConfig | undefined;

  async open(config: SourceConfig): Promise<void> {
    this.#config = config;
    let conn: mysql.Connection | undefined;
    try {
      conn = await mysql.createConnection({
        host: config.host,
        port: config.port,
        database: config.database,
        user: config.username,
        password: config.password,
        connectTimeout: CONNECT_TIMEOUT_MS,
        charset: 'utf8mb4',
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        multipleStatements: false,
      });
      conn.on('error', () => undefined);
      // TIMESTAMP columns in China time, like every other date-time the connector reads.
      await conn.query({ sql: "SET time_zone = '+08:00'", timeout: QUERY_TIMEOUT_MS });
      // The server's own statement limit: MariaDB's in seconds, MySQL's in ms (each refuses the other's name).
      const c = conn;
      await c
        .query(`SET SESSION max_statement_time = ${QUERY_TIMEOUT_MS / 1000}`)
        .catch(() => c.query(`SET SESSION max_execution_time = ${QUERY_TIMEOUT_MS}`).catch(() => undefined));
    } catch (err) {
      conn?.destroy();
      throw sourceError('connect', err, config.password);
    }
    this.#conn = conn;
  }

  async test(): Promise<SourceInfo> {
    const { conn, config } = this.#open();
    try {
      const [version] = await conn.query<mysql.RowDataPacket[]>({
        sql: 'SELECT VERSION() AS v',
        timeout: QUERY_TIMEOUT_MS,
      });
      const [, fields] = await conn.query<mysql.RowDataPacket[]>({
        sql: `SELECT * FROM ${fromItem(config, quoteMysql)} src LIMIT 0`,
        timeout: QUERY_TIMEOUT_MS,
      });
      return { serverVersion: String(version[0]?.v ?? ''), columns: fields.map((f) => f.name) };
    } catch (err) {
      throw sourceError('query', err, config.password);
    }
  }

  async read(afterHighWater: string | null, limit: number): Promise<SourceRecord[]> {
    const { conn, config } = this.#open();
    const sql = readSql(config, quoteMysql, (e) => `CAST(${e} AS CHAR)`, '?', afterHighWater, limit);
    try {
      await conn.query({ sql: 'START TRANSACTION READ ONLY', timeout: QUERY_TIMEOUT_MS });
      const [rows] = await conn.query<mysql.RowDataPacket[]>(
        { sql, timeout: QUERY_TIMEOUT_MS },
        afterHighWater === null ? [] : [afterHighWater],
      );
      await conn.query({ sql: 'COMMIT', timeout: QUERY_TIMEOUT_MS });
      return rows.map((r) => record(r as Record<string, unknown>));
    } catch (err) {
      await conn.query({ sql: 'ROLLBACK', timeout: QUERY_TIMEOUT_MS }).catch(() => undefined);
      throw sourceError('query', err, config.password);
    }
  }

  async close(): Promise<void> {
    const conn = this.#conn;
    this.#conn = undefined;
    if (!conn) return;
    await conn.end().catch(() => conn.destroy());
  }

  #open() {
    if (!this.#conn || !this.#config) throw new Error('MysqlSource: open() first');
    return { conn: this.#conn, config: this.#config };
  }
}

/** The drivers the platform ships. */
export const defaultSources: SourceFactory = (kind) =>
  kind === 'postgres' ? new PostgresSource() : new MysqlSource();

/** Opens a source of the config's kind. */
export async function openSource(
  config: SourceConfig,
  factory: SourceFactory = defaultSources,
): Promise<Source> {
  const source = factory(config.kind);
  await source.open(config);
  return source;
}
