import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { openDb } from '../../src/db/index.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { buildServices } from '../../src/server/context.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, personRow, publishResource } from '../support/exchange.ts';
import { testActor } from '../support/factories.ts';

const NDJSON = { 'content-type': 'application/x-ndjson' };
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(ENGINES)('exchange push limits and text on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
  });
  afterAll(() => t.close());

  const fresh = () => publishResource(t, f.admin, f.mz);
  const push = (
    id: string,
    payload: string | Buffer | Readable,
    headers: Record<string, string> = {},
    query = '',
  ) =>
    t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${id}/records${query}`,
      headers: { ...NDJSON, ...headers },
      payload,
    });
  const batchCount = async (id: string) =>
    (
      await t.services.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM exchange_batch WHERE resource_id = $1`,
        [id],
      )
    ).rows[0]!.n;

  /** Runs `fn` with other push limits, then puts the configured ones back. */
  async function withLimits<T>(
    limits: { maxBytes?: number; maxCompressedBytes?: number },
    fn: () => Promise<T>,
  ) {
    const saved = { ...t.services.exchange.pushLimits };
    Object.assign(t.services.exchange.pushLimits, limits);
    try {
      return await fn();
    } finally {
      Object.assign(t.services.exchange.pushLimits, saved);
    }
  }

  it('stops a gzip bomb at the decompressed cap with a 413, storing nothing', async () => {
    const { id } = await fresh();
    // 64 gzip members of 16 MiB of zeros: about 1 MB on the wire, 1 GiB inflated.
    const member = gzipSync(Buffer.alloc(16 * MiB));
    const members = 64;
    expect(member.length * members).toBeLessThan(2 * MiB);
    const bomb = Readable.from(
      (function* () {
        for (let i = 0; i < members; i++) yield member;
      })(),
    );
    const res = await withLimits({ maxBytes: 8 * MiB }, () => push(id, bomb, { 'content-encoding': 'gzip' }));
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'EXCHANGE_BODY_TOO_LARGE',
      details: { limit: 8 * MiB, measured: 'decompressed' },
    });
    expect(await batchCount(id)).toBe(0);

    // The same limits let an ordinary gzip push through.
    const ok = await withLimits({ maxBytes: 8 * MiB }, () =>
      push(id, gzipSync(ndjson([personRow(), personRow()])), { 'content-encoding': 'gzip' }),
    );
    expect(ok.json()).toMatchObject({ received: 2, inserted: 2 });
  });

  it('refuses a body over the sent-bytes cap, declared or streamed, with a 413', async () => {
    const { id } = await fresh();
    const big = Buffer.from(ndjson(Array.from({ length: 400 }, () => personRow())));
    expect(big.length).toBeGreaterThan(64 * 1024);
    await withLimits({ maxCompressedBytes: 64 * 1024 }, async () => {
      const declared = await push(id, big);
      expect([declared.statusCode, declared.json().error.details]).toEqual([
        413,
        { limit: 64 * 1024, measured: 'sent' },
      ]);
      const streamed = await push(id, Readable.from([big.subarray(0, 40_000), big.subarray(40_000)]));
      expect([streamed.statusCode, streamed.json().error.code]).toEqual([413, 'EXCHANGE_BODY_TOO_LARGE']);
    });
    expect(await batchCount(id)).toBe(0);
  });

  it('refuses NUL characters and lone surrogates per row and field, and quarantines them storably', async () => {
    const { id } = await fresh();
    const rows = [
      personRow(9001, { 姓名: '张\u0000三' }),
      personRow(9002, { 备注: '坏\ud800字' }),
      personRow(9003, { 备注: '\udc00' }),
      personRow(9004, { 备注: '好字😀' }),
    ];
    const refused = await push(id, ndjson(rows));
    expect(refused.statusCode, refused.body).toBe(422);
    const err = refused.json().error;
    expect(err.code).toBe('EXCHANGE_BATCH_REJECTED');
    expect(
      err.details.rejected.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code]),
    ).toEqual([
      [1, '姓名', 'TEXT_INVALID'],
      [2, '备注', 'TEXT_INVALID'],
      [3, '备注', 'TEXT_INVALID'],
    ]);
    expect(refused.body).not.toMatch(/unicode|escape sequence|invalid input syntax/i);

    // A name with a NUL is an unknown item, reported without the NUL; CSV text is checked the same way.
    const badName = await push(id, ndjson([{ ...personRow(9005), '姓\u0000名': 'x' }]));
    expect(badName.json().error.details.rejected[0]).toMatchObject({
      row: 1,
      field: '姓\uFFFD名',
      code: 'UNKNOWN_FIELD',
    });
    const csv = await push(
      id,
      `身份证号,姓名,性别,出生日期\r\n${personRow(9006).身份证号 as string},"李\u0000四",1,1950-01-01\r\n`,
      {
        'content-type': 'text/csv',
      },
    );
    expect(csv.json().error.details.rejected[0]).toMatchObject({
      row: 1,
      field: '姓名',
      code: 'TEXT_INVALID',
    });

    // onError=quarantine keeps the good row and sets the bad ones aside, their text made storable.
    const kept = await push(id, ndjson(rows), {}, '?onError=quarantine');
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toMatchObject({ inserted: 1, quarantined: 3 });
    const q = await t.call(f.stewardMz, { method: 'GET', url: `/api/exchange/resources/${id}/quarantine` });
    const raws = q.json().items.map((x: { raw: Record<string, unknown> }) => [x.raw.姓名, x.raw.备注]);
    expect(raws).toEqual([
      ['张\uFFFD三', undefined],
      [rows[1]!.姓名, '坏\uFFFD字'],
      [rows[2]!.姓名, '\uFFFD'],
    ]);

    // A connector page goes through the same validator.
    const page = await t.services.exchange.ingest(
      testActor,
      id,
      [
        { row: 1, values: personRow(9007, { 姓名: 'a\u0000' }) },
        { row: 2, values: personRow(9008) },
      ],
      { source: 'connector', mode: 'upsert', onError: 'quarantine' },
    );
    expect(page).toMatchObject({ inserted: 1, quarantined: 1 });
    expect(page.rejected[0]).toMatchObject({ row: 1, field: '姓名', code: 'TEXT_INVALID' });
  });

  it('refuses NUL characters in an uploaded file the same way', async () => {
    const { id } = await fresh();
    const boundary = 'tongbanboundary';
    const file = `身份证号,姓名,性别,出生日期\r\n${personRow(9101).身份证号 as string},"王\u0000五",1,1950-01-01\r\n`;
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\n${file}\r\n--${boundary}--\r\n`;
    const res = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${id}/upload`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details.rejected[0]).toMatchObject({
      row: 1,
      field: '姓名',
      code: 'TEXT_INVALID',
    });
  });

  it('a slow upload holds no transaction and no pooled connection: other requests are served meanwhile', async () => {
    const { id } = await fresh();
    const other = await fresh();
    // On PostgreSQL a server whose pool has one connection: a connection held for the upload would stall the rest.
    let app: App = t.app;
    // PGlite: the test app itself, closed with it.
    let closeServer = async () => undefined;
    if (engine === 'postgres') {
      const db = await openDb({ databaseUrl: t.testDb.url, dataDir: 'memory://', pgPoolMax: 1 });
      app = await buildApp(buildServices(db, { sessionTtlHours: 8 }), t.app.config);
      closeServer = async () => {
        await app.close();
        await db.close();
      };
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const ask = (method: string, path: string, body?: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            headers: { authorization: `Bearer ${f.stewardMz}`, ...NDJSON },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
          },
        );
        req.once('error', reject);
        req.end(body);
      });
    try {
      const rows = Array.from({ length: 6 }, () => personRow());
      let uploadDone = false;
      const slow = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/exchange/resources/${id}/records`,
        headers: { authorization: `Bearer ${f.stewardMz}`, ...NDJSON, 'transfer-encoding': 'chunked' },
      });
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        slow.once('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
        });
        slow.once('error', reject);
      });
      // The body trickles in over about two seconds; between its pieces other requests, reads and a whole other
      // push (a transaction of its own), are answered before the slow one has even finished sending.
      const served: number[] = [];
      for (const [i, row] of rows.entries()) {
        slow.write(`${JSON.stringify(row)}\n`);
        await sleep(350);
        const read = await ask('GET', `/api/exchange/resources/${id}`);
        const write = await ask('POST', `/api/exchange/resources/${other.id}/records`, ndjson([personRow()]));
        expect([read.status, write.status, uploadDone]).toEqual([200, 200, false]);
        served.push(i);
        if (engine === 'postgres') {
          // Nothing of this server sits in an open transaction while the client is still sending.
          const open = await t.services.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
          );
          expect(open.rows[0]!.n).toBe(0);
        }
      }
      uploadDone = true;
      slow.end();
      const res = await answer;
      expect(res.status, res.body).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ received: 6, inserted: 6 });
      expect(served.length).toBe(6);
    } finally {
      await closeServer();
    }
  });
});
