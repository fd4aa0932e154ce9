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
 * The socket server does not check passwords (the stored one is for show); it listens on loopback only. The engine
 * and its socket server run in a worker thread (frontdb-worker.mjs); this side reaches it over the socket only.
 */
import { Worker } from 'node:worker_threads';
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

interface FillStatements {
  ddl: string;
  copySql: string;
  csv: string;
  trimSql: string;
  trimParams: unknown[];
}

type FromEngine =
  | { type: 'opened'; filled: boolean }
  | { type: 'listening'; port: number }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

/**
 * Starts the engine and its socket server in a worker thread (frontdb-worker.mjs), filling it with `fill()`'s
 * statements when its table is missing; resolves once it listens. The rows are made here, where the catalog is.
 */
function openEngine(
  settings: { dataDir: string | undefined; host: string; port: number; table: string },
  fill: () => FillStatements,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const worker = new Worker(new URL('./frontdb-worker.mjs', import.meta.url), { workerData: settings });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let settle: { resolve: (m: FromEngine) => void; reject: (e: Error) => void } | undefined;
  const next = () => new Promise<FromEngine>((resolve, reject) => (settle = { resolve, reject }));
  worker.on('message', (m: FromEngine) =>
    m.type === 'failed' ? settle?.reject(new Error(`demo front database: ${m.message}`)) : settle?.resolve(m),
  );
  // After start, a failing engine shows as failed connector runs; it must not take the server down with it.
  worker.on('error', (err) => settle?.reject(err));
  worker.once('exit', (code) => settle?.reject(new Error(`demo front database stopped (exit code ${code})`)));
  const start = async () => {
    const opened = await next();
    if (opened.type !== 'opened') throw new Error(`demo front database: unexpected ${opened.type}`);
    const listening = next();
    worker.postMessage(opened.filled ? { type: 'listen' } : { type: 'fill', ...fill() });
    const m = await listening;
    if (m.type !== 'listening') throw new Error(`demo front database: unexpected ${m.type}`);
    return m.port;
  };
  return start().then(
    (port) => {
      let stopping: Promise<void> | undefined;
      const stop = async () => {
        const stopped = next().catch(() => undefined);
        worker.postMessage({ type: 'stop' });
        await stopped;
        // Closed and flushed: nothing is lost by ending the thread rather than waiting for its handles to drain.
        await worker.terminate();
        await exited;
      };
      return { port, stop: () => (stopping ??= stop()) };
    },
    async (err: unknown) => {
      await worker.terminate();
      throw err;
    },
  );
}

/** Starts the front database (filled on first start) and its socket server. */
export async function startDemoFrontDb(options: DemoFrontDbOptions = {}): Promise<DemoFrontDb> {
  const host = options.host ?? '127.0.0.1';
  const reserve = Math.max(0, options.reserve ?? 100);
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

  const engine = await openEngine(
    { dataDir: options.dataDir, host, port: options.port ?? DEMO_FRONT_DB_PORT, table: DEMO_FRONT_TABLE },
    () => {
      const defs = columns.map((c) => `${quote(c.name)} ${c.sqlType}${c.name === key ? ' PRIMARY KEY' : ''}`);
      // All rows in one COPY, then the newest `reserve` taken out again: tick() opens them later, in order.
      const csv: string[] = [];
      for (const row of frontDatabaseRows(options).rows) csv.push(row.map(csvField).join(',') + '\n');
      return {
        ddl: `CREATE TABLE ${table} (${defs.join(', ')}); CREATE INDEX ON ${table} (updated_at);`,
        copySql: `COPY ${table} (${list}) FROM '/dev/blob' WITH (FORMAT csv)`,
        csv: csv.join(''),
        trimSql: `DELETE FROM ${table} WHERE ${quote(key)} IN (
           SELECT ${quote(key)} FROM ${table} ORDER BY updated_at DESC LIMIT $1)`,
        trimParams: [reserve],
      };
    },
  );
  const port = engine.port;
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
    count() {
      // Through the socket and after any tick in flight, so a count never sees half a tick.
      const run = async () => {
        const r = await (await connect()).query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
        return r.rows[0]!.n;
      };
      const result = ticking.then(run, run);
      ticking = result.catch(() => undefined);
      return result;
    },
    tick,
    async stop() {
      clearInterval(timer);
      await ticking;
      await client?.end().catch(() => undefined);
      client = undefined;
      await engine.stop();
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
