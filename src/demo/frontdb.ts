/**
 * The demo's simulated front database (前置库) of the 公积金中心: an embedded PGlite served on a loopback TCP port by
 * @electric-sql/pglite-socket, so the pull connector reaches it over the PostgreSQL wire protocol exactly as it
 * would reach a department's real PostgreSQL — and `npm start` still needs nothing installed.
 *
 * The table `gjj_deposit` holds the housing-provident-fund deposits (`frontDatabaseRows()`: one column per catalog
 * item of 住房公积金缴存信息, same names, plus `updated_at`), all but the last `reserve` accounts. `tick()` plays the
 * department's system at work: it opens a few of the held-back accounts and posts a month's deposit to a few
 * existing ones, each stamped with a fresh `updated_at`, so the connector always has incremental work.
 *
 * Port: `port` (default 54329) so the connector's stored settings stay valid across restarts; if that port is
 * taken, a free one is used and returned — call `dockDemoFrontDb` at every start and it updates the connector.
 * The socket server does not check passwords (the stored one is for show); it listens on loopback only.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import type { Actor } from '../modules/audit/index.ts';
import type { ConnectorInputT, ConnectorService } from '../modules/exchange/index.ts';
import { AppError } from '../core/errors.ts';
import { DEMO_RECORD_RESOURCES, frontDatabaseRows, type DemoRecordsOptions } from './records/index.ts';

export const DEMO_FRONT_DB_PORT = 54329;
export const DEMO_FRONT_TABLE = 'gjj_deposit';
/** The fund resource of the demo catalog this table feeds. */
export const DEMO_FRONT_RESOURCE = DEMO_RECORD_RESOURCES.fund;

const KEY = '个人公积金账号';
const BALANCE = '账户余额';
const MONTHLY = '月缴存额';
const STAMP = '数据更新时间';

export interface DemoFrontDbOptions extends DemoRecordsOptions {
  host?: string;
  /** Default 54329; 0 picks a free port. A taken port falls back to a free one. */
  port?: number;
  /** Keep the database in files here (kept across restarts); default in memory, rebuilt at each start. */
  dataDir?: string;
  /** Accounts held back for tick() to open (default 100). */
  reserve?: number;
  /** Tick every this many ms in the background (default 0: only when called). */
  tickEveryMs?: number;
}

export interface DemoFrontDb {
  kind: 'postgres';
  host: string;
  port: number;
  database: string;
  user: string;
  /** Not checked by the socket server. */
  password: string;
  table: string;
  incrementalColumn: string;
  /** Rows in the table now. */
  count(): Promise<number>;
  /** Opens up to `append` held-back accounts and posts a deposit to `update` existing ones, all stamped now. */
  tick(opts?: { append?: number; update?: number }): Promise<{ appended: number; updated: number }>;
  stop(): Promise<void>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function listen(db: PGlite, host: string, port: number): Promise<PGLiteSocketServer> {
  const make = (p: number) => new PGLiteSocketServer({ db, host, port: p, maxConnections: 32 });
  let server = make(port);
  try {
    await server.start();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    server = make(0);
    await server.start();
  }
  return server;
}

/** Starts the front database (filled on first start) and its socket server. */
export async function startDemoFrontDb(options: DemoFrontDbOptions = {}): Promise<DemoFrontDb> {
  const host = options.host ?? '127.0.0.1';
  const reserve = Math.max(0, options.reserve ?? 100);
  const db = await PGlite.create(options.dataDir);
  const { columns } = frontDatabaseRows({ ...options, count: 0 });
  const names = columns.map((c) => c.name);
  const key = names.includes(KEY) ? KEY : names[0]!;
  const table = quote(DEMO_FRONT_TABLE);
  const list = names.map(quote).join(', ');

  const upsertSql = (rows: number) => {
    const values: string[] = [];
    for (let r = 0; r < rows; r++)
      values.push(`(${names.map((_, c) => `$${r * names.length + c + 1}`).join(', ')})`);
    const set = names
      .filter((n) => n !== key)
      .map((n) => `${quote(n)} = EXCLUDED.${quote(n)}`)
      .join(', ');
    return `INSERT INTO ${table} (${list}) VALUES ${values.join(', ')} ON CONFLICT (${quote(key)}) DO UPDATE SET ${set}`;
  };

  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [DEMO_FRONT_TABLE]);
  if (!exists.rows[0]?.t) {
    const defs = columns.map((c) => `${quote(c.name)} ${c.sqlType}${c.name === key ? ' PRIMARY KEY' : ''}`);
    await db.exec(`CREATE TABLE ${table} (${defs.join(', ')}); CREATE INDEX ON ${table} (updated_at);`);
    // All rows in one COPY, then the newest `reserve` taken out again: tick() opens them later, in order.
    const csv: string[] = [];
    for (const row of frontDatabaseRows(options).rows) csv.push(row.map(csvField).join(',') + '\n');
    await db.query(`COPY ${table} (${list}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob(csv) });
    await db.query(
      `DELETE FROM ${table} WHERE ${quote(key)} IN (
         SELECT ${quote(key)} FROM ${table} ORDER BY updated_at DESC LIMIT $1)`,
      [reserve],
    );
  }

  const server = await listen(db, host, options.port ?? DEMO_FRONT_DB_PORT);
  const port = Number(server.getServerConn().split(':').pop());
  const front = {
    kind: 'postgres' as const,
    host,
    port,
    database: 'postgres',
    user: 'postgres',
    password: 'frontdb-demo',
    table: DEMO_FRONT_TABLE,
    incrementalColumn: 'updated_at',
  };

  // The department's system writes through the socket like any client, so its transactions never interleave with
  // a reader's (the socket server serializes transactions per connection, not statements on the shared engine).
  let client: pg.Client | undefined;
  const connect = async () => {
    if (!client) {
      const c = new pg.Client({
        host,
        port,
        user: front.user,
        password: front.password,
        database: front.database,
      });
      c.on('error', () => undefined);
      await c.connect();
      client = c;
    }
    return client;
  };

  let ticking: Promise<unknown> = Promise.resolve();
  const tick: DemoFrontDb['tick'] = (opts = {}) => {
    const run = async () => {
      const c = await connect();
      const append = Math.max(0, opts.append ?? 3);
      const update = Math.max(0, opts.update ?? 2);
      const n = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      const held = n.rows[0]!.n;
      const stamp = names.indexOf(STAMP);
      const fresh = [...frontDatabaseRows({ ...options, from: held, count: append }).rows].map((row) => {
        const copy = [...row];
        const now = new Date().toISOString();
        copy[copy.length - 1] = now;
        if (stamp >= 0) copy[stamp] = now;
        return copy;
      });
      await c.query('BEGIN');
      try {
        if (fresh.length) await c.query(upsertSql(fresh.length), fresh.flat());
        const sets = [`updated_at = clock_timestamp()`];
        if (names.includes(BALANCE) && names.includes(MONTHLY))
          sets.push(`${quote(BALANCE)} = ${quote(BALANCE)} + coalesce(${quote(MONTHLY)}, 0)`);
        if (stamp >= 0) sets.push(`${quote(STAMP)} = now()`);
        const updated = update
          ? await c.query(
              `UPDATE ${table} SET ${sets.join(', ')} WHERE ${quote(key)} IN (
                 SELECT ${quote(key)} FROM ${table} ORDER BY random() LIMIT $1)`,
              [update],
            )
          : { rowCount: 0 };
        await c.query('COMMIT');
        return { appended: fresh.length, updated: updated.rowCount ?? 0 };
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    };
    const result = ticking.then(run, run);
    ticking = result.catch(() => undefined);
    return result;
  };

  const timer =
    options.tickEveryMs && options.tickEveryMs > 0
      ? setInterval(() => void tick().catch(() => undefined), options.tickEveryMs).unref()
      : undefined;

  return {
    ...front,
    async count() {
      const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      return r.rows[0]!.n;
    },
    tick,
    async stop() {
      clearInterval(timer);
      await ticking;
      await client?.end().catch(() => undefined);
      client = undefined;
      await server.stop();
      await db.close();
    },
  };
}

/** A CSV field: empty for null (COPY reads it as NULL), else quoted (an empty string stays one). */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  return `"${String(v).replace(/"/g, '""')}"`;
}

/** The connector settings that dock the demo front database to the fund resource. */
export function demoConnectorInput(
  front: Pick<
    DemoFrontDb,
    'host' | 'port' | 'database' | 'user' | 'password' | 'table' | 'incrementalColumn'
  >,
): ConnectorInputT {
  return {
    kind: 'postgres',
    host: front.host,
    port: front.port,
    database: front.database,
    username: front.user,
    password: front.password,
    sourceTable: front.table,
    sourceQuery: null,
    columnMap: {},
    incrementalColumn: front.incrementalColumn,
    // 实时 feel for the demo: every minute, whatever the catalog's update cycle says.
    intervalMinutes: 1,
    enabled: true,
  };
}

/**
 * Docks the front database to the fund resource: creates the connector, or points it at the front database's
 * current host and port (keeping its high-water mark). Does nothing when it already points there.
 */
export async function dockDemoFrontDb(
  connectors: ConnectorService,
  actor: Actor,
  resourceId: string,
  front: DemoFrontDb,
): Promise<'created' | 'updated' | 'unchanged'> {
  const current = await connectors.get(resourceId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'EXCHANGE_CONNECTOR_NOT_FOUND') return null;
    throw err;
  });
  if (
    current &&
    current.host === front.host &&
    current.port === front.port &&
    current.sourceTable === front.table
  )
    return 'unchanged';
  const { created } = await connectors.save(actor, resourceId, demoConnectorInput(front));
  return created ? 'created' : 'updated';
}
