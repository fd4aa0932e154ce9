import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/index.ts';
import { buildDemoCatalog } from '../../src/demo/catalog/index.ts';
import { DEMO_FRONT_RESOURCE, dockDemoFrontDb, startDemoFrontDb } from '../../src/demo/frontdb.ts';
import { freePort } from '../../src/lib/net.ts';
import { SecretBox } from '../../src/lib/secretbox.ts';
import { AuditService } from '../../src/modules/audit/service.ts';
import { ConnectorScheduler } from '../../src/modules/exchange/connector/scheduler.ts';
import { ConnectorService } from '../../src/modules/exchange/connector/service.ts';
import {
  defaultSources,
  type Source,
  type SourceConfig,
  type SourceFactory,
  type SourceKind,
} from '../../src/modules/exchange/connector/sources.ts';
import { CatalogService } from '../../src/modules/catalog/service.ts';
import { ExchangeService } from '../../src/modules/exchange/service.ts';
import { OrgService } from '../../src/modules/org/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem, buildResourceInput, catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { testActor } from '../support/factories.ts';

/**
 * Front databases (前置库) the connector reads: PostgreSQL (the test server when TEST_DATABASE_URL is set, else an
 * in-memory PGlite served over a socket) and MariaDB (TEST_MYSQL_URL, by default root@127.0.0.1:3306/test whenever
 * TEST_DATABASE_URL is set, as under CI). Tables get a unique name per run and are dropped afterwards.
 */
const PG_URL = process.env.TEST_DATABASE_URL;
const MYSQL_URL =
  process.env.TEST_MYSQL_URL ??
  (process.env.TEST_DATABASE_URL ? 'mysql://root@127.0.0.1:3306/test' : undefined);

interface Front {
  kind: SourceKind;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** The server checks credentials (the socket-served PGlite does not). */
  authenticates: boolean;
  exec(sql: string, params?: unknown[]): Promise<void>;
  quote(name: string): string;
  /** A timestamp value for the incremental column: minute n after a fixed start. */
  at(n: number): string;
  close(): Promise<void>;
}

async function pgFront(): Promise<Front> {
  let server: PGLiteSocketServer | undefined;
  let lite: PGlite | undefined;
  let url = PG_URL;
  if (!url) {
    lite = await PGlite.create();
    const port = await freePort();
    server = new PGLiteSocketServer({ db: lite, host: '127.0.0.1', port, maxConnections: 16 });
    await server.start();
    url = `postgres://postgres:x@127.0.0.1:${port}/postgres`;
  }
  const u = new URL(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    kind: 'postgres',
    host: u.hostname,
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    authenticates: !server,
    exec: async (sql, params) => void (await client.query(sql, params)),
    quote: (n) => `"${n}"`,
    at: stamp,
    async close() {
      await client.end();
      await server?.stop();
      await lite?.close();
    },
  };
}

async function mysqlFront(url: string): Promise<Front> {
  const u = new URL(url);
  const conn = await mysql.createConnection({ uri: url, charset: 'utf8mb4' });
  return {
    kind: 'mysql',
    host: u.hostname,
    port: Number(u.port || 3306),
    database: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    authenticates: true,
    exec: async (sql, params) => void (await conn.query(sql, params)),
    quote: (n) => `\`${n}\``,
    at: stamp,
    close: () => conn.end(),
  };
}

/** Minute n of 2024-01-01, with microseconds (which the high-water mark must keep). */
const stamp = (n: number) =>
  `2024-01-01 ${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00.123456`;

const KINDS: SourceKind[] = MYSQL_URL ? ['postgres', 'mysql'] : ['postgres'];

/** The source table: 证号 (key), 姓名, amount (→ 金额 by the column map), 登记日期, note (ignored), updated_at. */
async function createTable(front: Front, table: string) {
  const q = front.quote;
  const types =
    front.kind === 'postgres'
      ? { text: 'text', money: 'numeric(12,2)', ts: 'timestamp(6)' }
      : { text: 'varchar(50)', money: 'decimal(12,2)', ts: 'datetime(6)' };
  await front.exec(
    `CREATE TABLE ${q(table)} (${q('证号')} ${types.text} PRIMARY KEY, ${q('姓名')} ${types.text}, ` +
      `amount ${types.money}, ${q('登记日期')} date, note ${types.text}, updated_at ${types.ts} NOT NULL)`,
  );
}

/** Rows n..m-1 with the given incremental minute each. */
async function insertRows(front: Front, table: string, rows: { n: number; minute: number; name?: string }[]) {
  const q = front.quote;
  const p = (i: number) => (front.kind === 'postgres' ? `$${i}` : '?');
  for (const r of rows)
    await front.exec(
      `INSERT INTO ${q(table)} (${q('证号')}, ${q('姓名')}, amount, ${q('登记日期')}, note, updated_at) ` +
        `VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)})`,
      [
        `ZH${String(r.n).padStart(4, '0')}`,
        r.name ?? `姓名${r.n}`,
        (r.n * 10.5).toFixed(2),
        '2023-05-01',
        'x',
        front.at(r.minute),
      ],
    );
}

async function publish(t: TestApp, departmentId: string, name: string): Promise<string> {
  const r = await t.services.catalog.create(
    testActor,
    buildResourceInput(departmentId, {
      name,
      sharingType: 'unconditional',
      sharingCondition: null,
      items: [
        buildItem({ name: '证号', isKey: true }),
        buildItem({ name: '姓名', length: 20 }),
        buildItem({ name: '金额', dataType: 'Y', length: 12, required: false }),
        buildItem({ name: '登记日期', dataType: 'D', length: null, semanticTag: 'date' }),
      ],
    }),
  );
  for (const step of ['submit', 'approve', 'publish'] as const)
    await t.services.catalog.transition(testActor, r.id, step, null);
  return r.id;
}

const unique = () => `tb_conn_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

describe.each(ENGINES)('pull connector (前置库) on %s', (engine) => {
  let t: TestApp;
  let mz: string;
  let admin: string;
  let stewardMz: string;
  let stewardGa: string;
  let consumer: string;
  const fronts = new Map<SourceKind, Front>();
  const tables: { front: Front; table: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ mz, admin, stewardMz, stewardGa, consumer } = await catalogFixture(t));
    fronts.set('postgres', await pgFront());
    if (MYSQL_URL) fronts.set('mysql', await mysqlFront(MYSQL_URL));
  });
  afterAll(async () => {
    for (const { front, table } of tables) await front.exec(`DROP TABLE IF EXISTS ${front.quote(table)}`);
    for (const f of fronts.values()) await f.close();
    await t.close();
  });

  const newTable = async (front: Front) => {
    const table = unique();
    tables.push({ front, table });
    await createTable(front, table);
    return table;
  };
  const connectorBody = (front: Front, table: string, extra: object = {}) => ({
    kind: front.kind,
    host: front.host,
    port: front.port,
    database: front.database,
    username: front.user,
    password: front.password,
    sourceTable: table,
    columnMap: { amount: '金额' },
    incrementalColumn: 'updated_at',
    intervalMinutes: null,
    enabled: true,
    ...extra,
  });
  const url = (id: string, rest = '') => `/api/exchange/resources/${id}/connector${rest}`;

  /** The resource's change log: op and key of every change, in seq order. */
  async function changeLog(resourceId: string) {
    const resource = await t.services.exchange.recordResource(resourceId);
    const page = await t.services.exchange.changes(resource, 0, 1000, null);
    return page.changes.map((c) => ({ seq: c.seq, op: c.op, key: c.key[0] as string, data: c.data }));
  }

  describe.each(KINDS)('from %s', (kind) => {
    let front: Front;
    beforeAll(() => {
      front = fronts.get(kind)!;
    });

    it('creates a connector: the password is sealed at rest and never returned; changes are audited', async () => {
      const id = await publish(t, mz, `前置库资源-${kind}-create`);
      const table = await newTable(front);
      const secret = `S3cret-${randomBytes(4).toString('hex')}`;
      const created = await t.call(stewardMz, {
        method: 'PUT',
        url: url(id),
        payload: connectorBody(front, table, { password: secret }),
      });
      expect(created.statusCode, created.body).toBe(201);
      const c = created.json();
      expect(c).toMatchObject({
        resourceId: id,
        departmentId: mz,
        kind,
        sourceTable: table,
        passwordSet: true,
        status: 'idle',
        highWater: null,
        schedule: { minutes: 60, basis: 'update_cycle' },
      });
      expect(c.schedule.description).toContain('每日');
      expect(created.body).not.toContain(secret);
      expect(Object.keys(c)).not.toContain('password');
      expect(Object.keys(c)).not.toContain('passwordEnc');

      const { rows } = await t.services.db.query<{ password_enc: string }>(
        'SELECT password_enc FROM exchange_connector WHERE resource_id = $1',
        [id],
      );
      expect(rows[0]!.password_enc).not.toContain(secret);
      expect(rows[0]!.password_enc).toMatch(/^v1\./);

      const got = await t.call(stewardMz, { method: 'GET', url: url(id) });
      expect(got.statusCode).toBe(200);
      expect(got.body).not.toContain(secret);
      expect(got.body).not.toContain(rows[0]!.password_enc);

      // Same server and user: the stored password is kept. Another host: the password must come again.
      const kept = await t.call(stewardMz, {
        method: 'PUT',
        url: url(id),
        payload: { ...connectorBody(front, table), password: undefined, intervalMinutes: 15 },
      });
      expect(kept.statusCode, kept.body).toBe(200);
      expect(kept.json().schedule).toMatchObject({ minutes: 15, basis: 'interval' });
      const moved = await t.call(stewardMz, {
        method: 'PUT',
        url: url(id),
        payload: { ...connectorBody(front, table), password: undefined, host: 'localhost' },
      });
      expect(moved.statusCode).toBe(400);
      expect(moved.json().error.details.fields).toEqual([
        expect.objectContaining({ field: 'password', code: 'REQUIRED' }),
      ]);

      const bad = await t.call(stewardMz, {
        method: 'PUT',
        url: url(id),
        payload: connectorBody(front, table, {
          sourceQuery: 'SELECT 1',
          columnMap: { amount: '没有这一项' },
        }),
      });
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json()
          .error.details.fields.map((f: { code: string }) => f.code)
          .sort(),
      ).toEqual(['SOURCE_REQUIRED', 'UNKNOWN_ITEM']);

      // The resource listing shows the connector's state.
      const listed = await t.call(stewardMz, { method: 'GET', url: `/api/exchange/resources/${id}` });
      expect(listed.json().connector).toMatchObject({ kind, status: 'idle', enabled: true, highWater: null });

      const audit = await t.services.audit.search({ objectId: id }, { limit: 50 });
      const actions = audit.items.map((e) => `${e.action}:${e.outcome}`);
      expect(actions).toContain('exchange.connector.create:success');
      expect(actions).toContain('exchange.connector.update:success');
      expect(JSON.stringify(audit.items)).not.toContain(secret);

      expect((await t.call(stewardMz, { method: 'DELETE', url: url(id) })).statusCode).toBe(204);
      const gone = await t.call(stewardMz, { method: 'GET', url: url(id) });
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.code).toBe('EXCHANGE_CONNECTOR_NOT_FOUND');
      const after = await t.services.audit.search({ objectId: id }, { limit: 50 });
      expect(after.items.map((e) => e.action)).toContain('exchange.connector.delete');
    });

    it('tests the connection: columns and mapping; bad credentials and an unreachable port fail with the driver’s reason', async () => {
      const id = await publish(t, mz, `前置库资源-${kind}-test`);
      const table = await newTable(front);
      expect(
        (await t.call(stewardMz, { method: 'PUT', url: url(id), payload: connectorBody(front, table) }))
          .statusCode,
      ).toBe(201);

      const ok = await t.call(stewardMz, { method: 'POST', url: url(id, '/test'), payload: {} });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({
        ok: true,
        columns: ['证号', '姓名', 'amount', '登记日期', 'note', 'updated_at'],
        mapping: [
          { column: '证号', item: '证号' },
          { column: '姓名', item: '姓名' },
          { column: 'amount', item: '金额' },
          { column: '登记日期', item: '登记日期' },
          { column: 'note', item: null },
          { column: 'updated_at', item: null },
        ],
        unmappedItems: [],
        warnings: [],
      });
      expect(ok.json().serverVersion).not.toBe('');

      // A query instead of the table: wrapped as a subquery (trailing semicolon and line comment are fine).
      const q = front.quote;
      const viaQuery = await t.call(stewardMz, {
        method: 'POST',
        url: url(id, '/test'),
        payload: {
          sourceTable: null,
          sourceQuery: `SELECT ${q('证号')}, ${q('姓名')}, updated_at FROM ${q(table)} -- 只取三列;`,
        },
      });
      expect(viaQuery.statusCode, viaQuery.body).toBe(200);
      expect(viaQuery.json()).toMatchObject({
        columns: ['证号', '姓名', 'updated_at'],
        unmappedItems: ['金额', '登记日期'],
      });
      expect(viaQuery.json().warnings.join()).toContain('登记日期');

      const missingInc = await t.call(stewardMz, {
        method: 'POST',
        url: url(id, '/test'),
        payload: { incrementalColumn: 'no_such_column' },
      });
      expect(missingInc.statusCode).toBe(502);
      expect(missingInc.json().error.details.reason).toContain('no_such_column');

      if (front.authenticates) {
        // PostgreSQL here trusts loopback, so a wrong user stands for wrong credentials; MariaDB checks the password.
        const wrong = `Wrong-${randomBytes(4).toString('hex')}`;
        const payload =
          kind === 'postgres' ? { username: 'no_such_user', password: wrong } : { password: wrong };
        const denied = await t.call(stewardMz, { method: 'POST', url: url(id, '/test'), payload });
        expect(denied.statusCode).toBe(502);
        expect(denied.json().error.code).toBe('EXCHANGE_CONNECTOR_FAILED');
        expect(denied.json().error.details).toMatchObject({ stage: 'connect' });
        expect(denied.json().error.details.reason).toMatch(
          kind === 'postgres' ? /no_such_user/ : /Access denied/,
        );
        expect(denied.body).not.toContain(wrong);
      }

      const port = await freePort();
      const started = Date.now();
      const unreachable = await t.call(stewardMz, {
        method: 'POST',
        url: url(id, '/test'),
        payload: { port, password: front.password },
      });
      expect(unreachable.statusCode).toBe(502);
      expect(unreachable.json().error).toMatchObject({
        code: 'EXCHANGE_CONNECTOR_FAILED',
        details: { stage: 'connect' },
      });
      expect(unreachable.json().error.details.reason).toMatch(/ECONNREFUSED|connect/i);
      expect(Date.now() - started).toBeLessThan(10_000);

      // Another port without the password: the stored one is not sent elsewhere.
      const noPassword = await t.call(stewardMz, {
        method: 'POST',
        url: url(id, '/test'),
        payload: { port },
      });
      expect(noPassword.statusCode).toBe(400);

      const audit = await t.services.audit.search({ objectId: id }, { limit: 50 });
      const tests = audit.items.filter((e) => e.action === 'exchange.connector.test').map((e) => e.outcome);
      expect(tests.filter((o) => o === 'success')).toHaveLength(2);
      expect(tests.filter((o) => o === 'failure').length).toBeGreaterThanOrEqual(2);
    });

    it('runs: takes every row in and records the high-water mark; the next run brings only new and changed rows', async () => {
      const id = await publish(t, mz, `前置库资源-${kind}-run`);
      const table = await newTable(front);
      await insertRows(
        front,
        table,
        [1, 2, 3, 4, 5, 6, 7].map((n) => ({ n, minute: n })),
      );
      expect(
        (await t.call(stewardMz, { method: 'PUT', url: url(id), payload: connectorBody(front, table) }))
          .statusCode,
      ).toBe(201);

      const run = await t.call(stewardMz, { method: 'POST', url: url(id, '/run') });
      expect(run.statusCode, run.body).toBe(200);
      expect(run.json()).toMatchObject({
        outcome: 'ok',
        rowsRead: 7,
        batches: 1,
        highWaterBefore: null,
        error: null,
      });
      const hw1 = run.json().highWaterAfter as string;
      expect(hw1).toBe('2024-01-01 00:07:00.123456');

      const log1 = await changeLog(id);
      expect(log1.map((c) => c.op)).toEqual(Array(7).fill('insert'));
      expect(log1[0]!.data).toEqual({ 证号: 'ZH0001', 姓名: '姓名1', 金额: 10.5, 登记日期: '2023-05-01' });

      const connector = (await t.call(stewardMz, { method: 'GET', url: url(id) })).json();
      expect(connector).toMatchObject({ status: 'ok', highWater: hw1, lastError: null, running: false });
      expect(Date.parse(connector.nextRunAt)).toBeGreaterThan(Date.now() + 50 * 60_000);

      // Two new rows and one changed row, each stamped later; one untouched row.
      await insertRows(front, table, [
        { n: 8, minute: 20 },
        { n: 9, minute: 21 },
      ]);
      await front.exec(
        `UPDATE ${front.quote(table)} SET ${front.quote('姓名')} = '改名', updated_at = ${
          kind === 'postgres' ? '$1' : '?'
        } WHERE ${front.quote('证号')} = 'ZH0003'`,
        [front.at(22)],
      );
      const again = await t.call(stewardMz, { method: 'POST', url: url(id, '/run') });
      expect(again.json()).toMatchObject({ outcome: 'ok', rowsRead: 3, batches: 1, highWaterBefore: hw1 });
      const log2 = (await changeLog(id)).slice(7);
      expect(log2.map((c) => `${c.seq}:${c.op}:${c.key}`)).toEqual([
        '8:insert:ZH0008',
        '9:insert:ZH0009',
        '10:update:ZH0003',
      ]);

      const quiet = await t.call(stewardMz, { method: 'POST', url: url(id, '/run') });
      expect(quiet.json()).toMatchObject({ outcome: 'ok', rowsRead: 0, batches: 0 });
      expect(await changeLog(id)).toHaveLength(10);

      const runs = await t.call(stewardMz, { method: 'GET', url: url(id, '/runs') });
      expect(runs.json().total).toBe(3);
      expect(runs.json().items.map((r: { rowsRead: number }) => r.rowsRead)).toEqual([0, 3, 7]);

      const batches = await t.services.exchange.batches(id, 10, 0);
      expect(batches.items.map((b) => `${b.source}:${b.outcome}`)).toEqual([
        'connector:applied',
        'connector:applied',
      ]);
      const audit = await t.services.audit.search({ objectId: id }, { limit: 50 });
      expect(audit.items.filter((e) => e.action === 'exchange.connector.run')).toHaveLength(3);
    });

    it('pages through ties, quarantines bad rows, and a run failing mid-way resumes after its last committed page', async () => {
      const id = await publish(t, mz, `前置库资源-${kind}-resume`);
      const table = await newTable(front);
      // Incremental minutes with ties across the page boundaries of a 3-row page: 1 2 [3 3 3] 4 [5 5].
      await insertRows(
        front,
        table,
        [1, 2, 3, 3, 3, 4, 5, 5].map((minute, i) => ({ n: i + 1, minute })),
      );
      // A row that breaks the catalog (姓名 longer than 20) goes to quarantine, not into the way.
      await insertRows(front, table, [{ n: 9, minute: 6, name: '长'.repeat(30) }]);

      let failOnRead = 0;
      let reads = 0;
      const sources: SourceFactory = (k) => {
        const real = defaultSources(k);
        const wrapped: Source = {
          open: (c: SourceConfig) => real.open(c),
          test: () => real.test(),
          close: () => real.close(),
          async read(after, limit) {
            reads++;
            if (failOnRead && reads === failOnRead)
              throw new Error('simulated: the front database went away');
            return real.read(after, limit);
          },
        };
        return wrapped;
      };
      const secrets = new SecretBox(randomBytes(32));
      const svc = new ConnectorService(t.services.db, t.services.audit, t.services.exchange, secrets, {
        workerId: 'resume-test',
        sources,
        pageSize: 3,
      });
      await svc.save(testActor, id, connectorBody(front, table));

      failOnRead = 2;
      const failed = await svc.runNow(testActor, id);
      expect(failed).toMatchObject({ outcome: 'failed', rowsRead: 2, batches: 1 });
      expect(failed.error).toContain('simulated');
      const hw = failed.highWaterAfter!;
      expect(hw).toBe(stamp(2));
      const c1 = await svc.get(id);
      expect(c1).toMatchObject({ status: 'failed', highWater: hw });
      expect(c1.lastError).toContain('simulated');
      expect(Date.parse(c1.nextRunAt)).toBeLessThanOrEqual(Date.now() + 5 * 60_000 + 5000);
      expect((await changeLog(id)).map((c) => c.key)).toEqual(['ZH0001', 'ZH0002']);

      failOnRead = 0;
      const resumed = await svc.runNow(testActor, id);
      expect(resumed).toMatchObject({ outcome: 'ok', highWaterBefore: hw, rowsRead: 7, error: null });
      expect(resumed.highWaterAfter).toBe(stamp(6));
      const log = await changeLog(id);
      // Rows of one incremental value come in any order; each exactly once.
      expect(log.map((c) => c.key).sort()).toEqual([
        'ZH0001',
        'ZH0002',
        'ZH0003',
        'ZH0004',
        'ZH0005',
        'ZH0006',
        'ZH0007',
        'ZH0008',
      ]);
      expect(log.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(log.every((c) => c.op === 'insert')).toBe(true);
      const quarantined = await t.services.exchange.quarantine(id, 10, 0);
      expect(quarantined.total).toBe(1);
      expect(quarantined.items[0]!.raw).toMatchObject({ 证号: 'ZH0009' });

      const runs = await svc.runs(id, 10, 0);
      expect(runs.items.map((r) => r.outcome)).toEqual(['ok', 'failed']);
    });
  });

  it('answers 403 to another department’s steward and to consumers, audited; 404 without a connector', async () => {
    const id = await publish(t, mz, '前置库资源-权限');
    const front = fronts.get('postgres')!;
    const body = connectorBody(front, 'whatever');
    for (const token of [stewardGa, consumer]) {
      for (const [method, rest, payload] of [
        ['GET', '', undefined],
        ['PUT', '', body],
        ['DELETE', '', undefined],
        ['POST', '/test', {}],
        ['POST', '/run', undefined],
        ['GET', '/runs', undefined],
      ] as const) {
        const res = await t.call(token, { method, url: url(id, rest), ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${rest}`).toBe(403);
      }
    }
    expect((await t.call(null, { method: 'GET', url: url(id) })).statusCode).toBe(401);
    const denied = await t.services.audit.search({ objectId: id }, { limit: 50 });
    expect(
      denied.items.filter((e) => e.outcome === 'denied' && e.action === 'exchange.connector'),
    ).toHaveLength(12);

    // The operator may; nothing is configured yet.
    const none = await t.call(admin, { method: 'GET', url: url(id) });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('EXCHANGE_CONNECTOR_NOT_FOUND');
    expect((await t.call(admin, { method: 'POST', url: url(id, '/run') })).statusCode).toBe(404);
  });

  // The demo runs on the embedded engine; the front database is the same whatever the platform's engine.
  it.runIf(engine === 'pglite')(
    'docks the demo front database (公积金中心): every deposit comes in, a tick brings only its changes, a restart re-docks',
    async () => {
      const fund = buildDemoCatalog().find(
        (r) =>
          r.departmentKey === DEMO_FRONT_RESOURCE.departmentKey &&
          r.name === DEMO_FRONT_RESOURCE.resourceName,
      )!;
      const { departmentKey: _key, lastDataChangeAt: _at, ...input } = fund;
      const created = await t.services.catalog.create(testActor, { ...input, departmentId: mz });
      for (const step of ['submit', 'approve', 'publish'] as const)
        await t.services.catalog.transition(testActor, created.id, step, null);
      const id = created.id;
      const connectors = t.services.connectors;

      let front = await startDemoFrontDb({ port: 0, people: 2000, reserve: 10 });
      try {
        const held = await front.count();
        expect(await dockDemoFrontDb(connectors, testActor, id, front)).toBe('created');
        expect(await dockDemoFrontDb(connectors, testActor, id, front)).toBe('unchanged');
        const first = await connectors.runNow(testActor, id);
        expect(first).toMatchObject({ outcome: 'ok', rowsRead: held, error: null });
        expect((await t.services.exchange.resource(id)).recordsHeld).toBe(held);
        expect((await t.services.exchange.quarantine(id, 10, 0)).total).toBe(0);

        expect(await front.tick({ append: 3, update: 2 })).toEqual({ appended: 3, updated: 2 });
        const second = await connectors.runNow(testActor, id);
        expect(second.outcome).toBe('ok');
        expect(second.rowsRead).toBeGreaterThanOrEqual(3);
        expect(second.rowsRead).toBeLessThanOrEqual(5);
        const state = await t.services.exchange.resource(id);
        expect(state.recordsHeld).toBe(held + 3);

        // Restarted (in memory, rebuilt) on another port: the connector follows, keeps its high-water mark, and
        // finds nothing new until the department's system writes again.
        await front.stop();
        front = await startDemoFrontDb({ port: 0, people: 2000, reserve: 10 });
        expect(await dockDemoFrontDb(connectors, testActor, id, front)).toBe('updated');
        expect((await connectors.get(id)).highWater).toBe(second.highWaterAfter);
        expect(await connectors.runNow(testActor, id)).toMatchObject({ outcome: 'ok', rowsRead: 0 });
        await front.tick({ append: 1, update: 0 });
        expect(await connectors.runNow(testActor, id)).toMatchObject({ outcome: 'ok', rowsRead: 1 });
      } finally {
        await front.stop();
      }
    },
  );

  it.runIf(engine === 'postgres')(
    'two schedulers on one PostgreSQL never run the same connector at once',
    async () => {
      // Only this test's connectors are due: the earlier tests' ones stand still.
      await t.services.db.query('UPDATE exchange_connector SET enabled = false');
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(await publish(t, mz, `前置库资源-调度-${i}`));
      // Two "processes": their own connections to the database, services and worker ids.
      const dbs: Db[] = [await openDb({ databaseUrl: t.testDb.url, dataDir: 'memory://' })];
      dbs.push(await openDb({ databaseUrl: t.testDb.url, dataDir: 'memory://' }));
      const key = randomBytes(32);
      const secrets = new SecretBox(key);
      const active = new Map<string, number>();
      let overlap = 0;
      const opened: string[] = [];
      const slow: SourceFactory = () => {
        let table = '';
        let served = false;
        return {
          async open(c) {
            table = c.table!;
            opened.push(table);
            const n = (active.get(table) ?? 0) + 1;
            active.set(table, n);
            if (n > 1) overlap++;
          },
          test: async () => ({ serverVersion: 'stub', columns: ['证号', '姓名', '登记日期', 'updated_at'] }),
          async read() {
            await new Promise((r) => setTimeout(r, 300));
            if (served) return [];
            served = true;
            return [
              {
                highWater: '1',
                values: { 证号: `${table}-1`, 姓名: '甲', 登记日期: '2023-01-01', updated_at: 1 },
              },
            ];
          },
          async close() {
            active.set(table, (active.get(table) ?? 1) - 1);
          },
        };
      };
      const services = dbs.map((db, i) => {
        const audit = new AuditService(db, { secretKey: key });
        const org = new OrgService(db, audit);
        const catalog = new CatalogService(db, audit, org);
        const exchange = new ExchangeService(db, audit, org, catalog, secrets);
        return new ConnectorService(db, audit, exchange, secrets, { workerId: `worker-${i}`, sources: slow });
      });
      for (const [i, id] of ids.entries())
        await services[0]!.save(testActor, id, {
          kind: 'postgres',
          host: '127.0.0.1',
          port: 5432,
          database: 'stub',
          username: 'stub',
          password: 'stub',
          sourceTable: `stub${i}`,
          incrementalColumn: 'updated_at',
        });
      try {
        const schedulers = services.map((s) => new ConnectorScheduler(s, { batch: 2 }));
        const runs = (await Promise.all([...schedulers, ...schedulers].map((s) => s.tick()))).flat();
        expect(overlap).toBe(0);
        expect(runs).toHaveLength(3);
        expect(runs.every((r) => r.outcome === 'ok')).toBe(true);
        expect(opened.sort()).toEqual(['stub0', 'stub1', 'stub2']);

        // Nothing is due now; run by hand while a lease is held: busy.
        expect((await Promise.all(schedulers.map((s) => s.tick()))).flat()).toHaveLength(0);
        await t.services.db.query(
          `UPDATE exchange_connector SET lease_owner = 'elsewhere', lease_until = now() + interval '1 minute' WHERE resource_id = $1`,
          [ids[0]],
        );
        await expect(services[1]!.runNow(testActor, ids[0]!)).rejects.toMatchObject({
          code: 'EXCHANGE_CONNECTOR_BUSY',
        });
        // An expired lease (a process that died mid-run) is taken over, and its run is closed as interrupted.
        await t.services.db.query(
          `UPDATE exchange_connector SET lease_until = now() - interval '1 second', next_run_at = now() WHERE resource_id = $1`,
          [ids[0]],
        );
        await t.services.db.query(
          `INSERT INTO exchange_connector_run (connector_id, resource_id, started_at, outcome)
         SELECT id, resource_id, now() - interval '10 minutes', 'running' FROM exchange_connector WHERE resource_id = $1`,
          [ids[0]],
        );
        const taken = await schedulers[1]!.tick();
        expect(taken).toHaveLength(1);
        expect(taken[0]!.resourceId).toBe(ids[0]);
        const history = await services[1]!.runs(ids[0]!, 10, 0);
        expect(history.items.map((r) => r.outcome)).toEqual(['ok', 'ok', 'failed']);
        expect(history.items[2]!.error).toContain('中断');

        // The scheduler runs in the background and stops cleanly.
        await t.services.db.query(
          `UPDATE exchange_connector SET next_run_at = now() WHERE resource_id = ANY($1::uuid[])`,
          [ids],
        );
        const seen: string[] = [];
        const bg = new ConnectorScheduler(services[0]!, {
          intervalMs: 50,
          onRun: (r) => seen.push(r.resourceId),
        });
        bg.start();
        for (let i = 0; i < 100 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
        await bg.stop();
        expect(seen.sort()).toEqual([...ids].sort());
      } finally {
        for (const db of dbs) await db.close();
      }
    },
  );
});
