import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, personRow, publishResource } from '../support/exchange.ts';

const NDJSON = { 'content-type': 'application/x-ndjson' };

describe.each(ENGINES)('exchange ingest on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
  });
  afterAll(() => t.close());

  /** A fresh published resource of 民政局 so every test starts from an empty change log. */
  const fresh = (overrides = {}) => publishResource(t, f.admin, f.mz, overrides);

  const push = (
    id: string,
    body: string | Buffer,
    opts: { query?: string; headers?: Record<string, string>; token?: string } = {},
  ) =>
    t.call(opts.token ?? f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${id}/records${opts.query ? `?${opts.query}` : ''}`,
      headers: { ...NDJSON, ...opts.headers },
      payload: body,
    });

  async function held(id: string): Promise<number> {
    const r = await t.call(f.admin, { method: 'GET', url: `/api/exchange/resources/${id}` });
    return r.json().recordsHeld;
  }

  async function changes(id: string, after = 0) {
    const r = await t.call(f.admin, {
      method: 'GET',
      url: `/api/exchange/resources/${id}/changes?after=${after}`,
    });
    return r.json().changes as {
      seq: number;
      op: string;
      key: unknown[];
      data: Record<string, unknown> | null;
    }[];
  }

  it('stores NDJSON, CSV and JSON arrays, typed by the catalog, with a gap-free change log', async () => {
    const { id } = await fresh();
    const a = personRow(1);
    const b = personRow(2);
    const first = await push(id, ndjson([a, b]));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ received: 2, inserted: 2, updated: 0, unchanged: 0, deleted: 0 });
    expect(first.json()).toMatchObject({ firstSeq: 1, lastSeq: 2, rejectedTotal: 0, replayed: false });

    // CSV: every value a string; the catalog types them (Y → number, I → integer, L → boolean).
    const c = personRow(3);
    const csv =
      '身份证号,姓名,性别,出生日期,月缴存额,缴存月数,是否在职,登记时间\r\n' +
      `${c.身份证号},"张, 三",1,1950/1/1,"99.90",7,是,2024-05-01 08:30\r\n`;
    const second = await push(id, csv, { headers: { 'content-type': 'text/csv' } });
    expect(second.json()).toMatchObject({ inserted: 1, firstSeq: 3, lastSeq: 3 });

    const third = await push(id, JSON.stringify([{ ...a, 姓名: '李四' }, b]), {
      headers: { 'content-type': 'application/json' },
    });
    expect(third.json()).toMatchObject({
      received: 2,
      inserted: 0,
      updated: 1,
      unchanged: 1,
      firstSeq: 4,
      lastSeq: 4,
    });

    const log = await changes(id);
    expect(log.map((x) => [x.seq, x.op])).toEqual([
      [1, 'insert'],
      [2, 'insert'],
      [3, 'insert'],
      [4, 'update'],
    ]);
    const csvRow = log[2]!;
    expect(csvRow.key).toEqual([c.身份证号]);
    expect(csvRow.data).toMatchObject({
      出生日期: '1950-01-01',
      月缴存额: 99.9,
      缴存月数: 7,
      是否在职: true,
      登记时间: '2024-05-01T08:30:00+08:00',
    });
    // The change log masks sensitive items that are not part of the key (DESIGN.md §4).
    expect(csvRow.data!.姓名).toBe('张***');
    expect(await held(id)).toBe(3);

    // The catalog's "last data change" is fed from here.
    const resource = await t.call(f.admin, { method: 'GET', url: `/api/catalog/resources/${id}` });
    expect(Date.now() - Date.parse(resource.json().lastDataChangeAt)).toBeLessThan(60_000);
  });

  it('snapshot deletes the keys it does not name; upsert deletes on "_delete"', async () => {
    const { id } = await fresh();
    const rows = [1, 2, 3, 4].map((i) => personRow(100 + i));
    await push(id, ndjson(rows));
    const snap = await push(id, ndjson([rows[0]!, { ...rows[1]!, 备注: '已更新' }]), {
      query: 'mode=snapshot',
    });
    expect(snap.json()).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: 1,
      deleted: 2,
      firstSeq: 5,
      lastSeq: 7,
    });
    expect(await held(id)).toBe(2);
    const log = await changes(id, 4);
    expect(log.map((x) => x.op)).toEqual(['update', 'delete', 'delete']);
    expect(log.filter((x) => x.op === 'delete').every((x) => x.data === null)).toBe(true);

    const del = await push(id, ndjson([{ 身份证号: rows[0]!.身份证号, _delete: true }]));
    expect(del.json()).toMatchObject({ deleted: 1, lastSeq: 8 });
    expect(await held(id)).toBe(1);
    // "_delete" has no meaning in a snapshot: there it is an unknown field.
    const bad = await push(id, ndjson([{ ...rows[1]!, _delete: true }]), { query: 'mode=snapshot' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.rejected[0]).toMatchObject({ field: '_delete', code: 'UNKNOWN_FIELD' });

    // A snapshot naming one key twice is ambiguous: refused, nothing changes.
    const twice = await push(id, ndjson([rows[2]!, rows[3]!, rows[2]!]), { query: 'mode=snapshot' });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().error.details.rejected).toEqual([
      expect.objectContaining({ row: 3, code: 'DUPLICATE_KEY' }),
    ]);
    expect(await held(id)).toBe(1);
  });

  it('repeats an Idempotency-Key request without applying it twice, and refuses the key with another body', async () => {
    const { id } = await fresh();
    const body = ndjson([personRow(201), personRow(202)]);
    const headers = { 'idempotency-key': 'batch-2026-11-28-001' };
    const first = await push(id, body, { headers });
    const again = await push(id, body, { headers });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      ...first.json(),
      replayed: true,
      durationMs: first.json().durationMs,
    });
    expect((await changes(id)).length).toBe(2);
    const other = await push(id, ndjson([personRow(203)]), { headers });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('EXCHANGE_IDEMPOTENCY_CONFLICT');
    expect(await held(id)).toBe(2);
    // The key belongs to the resource: another resource may use the same one.
    const elsewhere = await fresh();
    expect((await push(elsewhere.id, body, { headers })).json()).toMatchObject({
      inserted: 2,
      replayed: false,
    });
  });

  it('rejects a batch with every bad row listed, row and field named, and stores nothing', async () => {
    const { id } = await fresh();
    await push(id, ndjson([personRow(300)]));
    const rows = [
      personRow(301),
      personRow(302, { 身份证号: '320706195001010054' }), // wrong check digit
      personRow(303, { 姓名: '' }), // required
      personRow(304, { 出生日期: '2999-01-01' }), // in the future
      personRow(305, { 手机号码: '12345' }),
      personRow(306, { 单位信用代码: '91320700MA1XK3P722' }),
      personRow(307, { 月缴存额: 'abc', 缴存月数: 1.5 }),
      personRow(308, { 备注: '超'.repeat(21) }),
      personRow(309, { 职业: '工程师' }),
      personRow(310, { 是否在职: '也许' }),
    ];
    const res = await push(id, ndjson(rows));
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('EXCHANGE_BATCH_REJECTED');
    expect(error.message).toBe('数据校验未通过，整批未入库');
    const found = (error.details.rejected as { row: number; field: string; code: string }[]).map((e) => [
      e.row,
      e.field,
      e.code,
    ]);
    expect(found).toEqual([
      [2, '身份证号', 'ID_CARD'],
      [3, '姓名', 'REQUIRED'],
      [4, '出生日期', 'DATE_RANGE'],
      [5, '手机号码', 'MOBILE'],
      [6, '单位信用代码', 'USCC'],
      [7, '月缴存额', 'TYPE'],
      [7, '缴存月数', 'TYPE'],
      [8, '备注', 'LENGTH'],
      [9, '职业', 'UNKNOWN_FIELD'],
      [10, '是否在职', 'TYPE'],
    ]);
    expect(error.details.rejectedTotal).toBe(9);
    expect(
      (error.details.rejected as { message: string }[]).every((e) => /[\u4e00-\u9fa5]/.test(e.message)),
    ).toBe(true);
    expect(await held(id)).toBe(1);
    expect((await changes(id)).length).toBe(1);

    // The refused batch is in the exchange log, with its error counts, for the data-quality view.
    const history = await t.call(f.stewardMz, {
      method: 'GET',
      url: `/api/exchange/resources/${id}/batches`,
    });
    const rejected = history.json().items[0];
    expect(rejected).toMatchObject({ outcome: 'rejected', received: 10, rejected: 9, inserted: 0 });
    expect(rejected.errorCounts).toMatchObject({ ID_CARD: 1, TYPE: 3, UNKNOWN_FIELD: 1 });
    const detail = await t.call(f.stewardMz, { method: 'GET', url: `/api/exchange/batches/${rejected.id}` });
    expect(detail.json().errors).toHaveLength(10);
    const quality = await t.call(f.stewardMz, { method: 'GET', url: '/api/exchange/quality' });
    const mine = quality.json().resources.find((r: { resourceId: string }) => r.resourceId === id);
    expect(mine).toMatchObject({ rowsReceived: 11, rowsRejected: 9, rejectedBatches: 1 });
    expect(mine.byRule.TYPE).toBe(3);
  });

  it('quarantines bad rows on request, stores the good ones, and applies a fixed row on resubmit', async () => {
    const { id } = await fresh();
    const res = await push(
      id,
      ndjson([personRow(401), personRow(402, { 出生日期: '1990-02-30' }), personRow(403)]),
      {
        query: 'onError=quarantine',
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ inserted: 2, quarantined: 1, rejectedTotal: 1 });
    const list = await t.call(f.stewardMz, {
      method: 'GET',
      url: `/api/exchange/resources/${id}/quarantine`,
    });
    expect(list.json().total).toBe(1);
    const q = list.json().items[0];
    expect(q).toMatchObject({
      row: 2,
      errors: [expect.objectContaining({ field: '出生日期', code: 'TYPE' })],
    });

    // Still wrong: refused, the row stays in quarantine.
    const stillBad = await t.call(f.stewardMz, {
      method: 'PUT',
      url: `/api/exchange/quarantine/${q.id}`,
      payload: { values: { ...q.raw, 出生日期: '1990-13-01' } },
    });
    expect(stillBad.statusCode).toBe(422);
    const fixed = await t.call(f.stewardMz, {
      method: 'PUT',
      url: `/api/exchange/quarantine/${q.id}`,
      payload: { values: { ...q.raw, 出生日期: '1990-02-28' } },
    });
    expect(fixed.json()).toMatchObject({ inserted: 1, lastSeq: 3 });
    expect(await held(id)).toBe(3);
    const again = await t.call(f.stewardMz, { method: 'DELETE', url: `/api/exchange/quarantine/${q.id}` });
    expect(again.statusCode).toBe(404);
  });

  it('answers bad input precisely and stores nothing', async () => {
    const { id } = await fresh();
    const good = personRow(501);
    const cases: {
      name: string;
      body: string | Buffer;
      headers?: Record<string, string>;
      status: number;
      code: string;
      check?: (details: Record<string, unknown>) => void;
    }[] = [
      {
        name: 'truncated NDJSON',
        body: ndjson([good]) + JSON.stringify(personRow(502)).slice(0, 40),
        status: 422,
        code: 'EXCHANGE_BATCH_REJECTED',
        check: (d) => expect(d.rejected).toEqual([expect.objectContaining({ row: 2, code: 'PARSE' })]),
      },
      {
        name: 'CSV with a wrong column count',
        body: `身份证号,姓名,性别,出生日期\n${good.身份证号},张三,1\n`,
        headers: { 'content-type': 'text/csv' },
        status: 422,
        code: 'EXCHANGE_BATCH_REJECTED',
        check: (d) => expect(d.rejected).toEqual([expect.objectContaining({ row: 1, code: 'COLUMN_COUNT' })]),
      },
      {
        name: 'GBK CSV without a charset',
        body: Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]),
        headers: { 'content-type': 'text/csv' },
        status: 415,
        code: 'EXCHANGE_ENCODING_INVALID',
      },
      {
        name: 'a 1 MB field',
        body: ndjson([{ ...good, 备注: 'x'.repeat(1024 * 1024) }]),
        status: 422,
        code: 'EXCHANGE_BATCH_REJECTED',
        check: (d) =>
          expect(d.rejected).toEqual([expect.objectContaining({ field: '备注', code: 'LENGTH' })]),
      },
      {
        name: 'not an array',
        body: JSON.stringify({ rows: [good] }),
        headers: { 'content-type': 'application/json' },
        status: 400,
        code: 'EXCHANGE_BODY_INVALID',
      },
      {
        name: 'XML',
        body: '<rows/>',
        headers: { 'content-type': 'application/xml' },
        status: 415,
        code: 'EXCHANGE_FORMAT_UNSUPPORTED',
      },
      { name: 'unknown mode', body: ndjson([good]), status: 400, code: 'REQUEST_VALIDATION_FAILED' },
      {
        name: 'a corrupt gzip body',
        body: Buffer.from('this is not gzip'),
        headers: { 'content-encoding': 'gzip' },
        status: 400,
        code: 'EXCHANGE_BODY_INVALID',
      },
    ];
    for (const c of cases) {
      const res = await push(id, c.body, {
        headers: c.headers ?? {},
        query: c.name === 'unknown mode' ? 'mode=merge' : undefined,
      });
      expect([c.name, res.statusCode, res.json().error?.code]).toEqual([c.name, c.status, c.code]);
      c.check?.(res.json().error.details);
    }
    expect(await held(id)).toBe(0);

    // The same GBK file, declared, is read (and then checked against the catalog like any other).
    const gbk = await push(id, Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]), {
      headers: { 'content-type': 'text/csv; charset=gbk' },
    });
    expect(gbk.json().error.details.rejected[0]).toMatchObject({ code: 'REQUIRED' });
    // A BOM and gzip are fine.
    const bom = await push(id, gzipSync(Buffer.from('\uFEFF' + ndjson([good]))), {
      headers: { 'content-encoding': 'gzip' },
    });
    expect(bom.json()).toMatchObject({ inserted: 1 });
  });

  it('refuses a whole 100,000-row batch for one bad row, naming it', async () => {
    const { id } = await fresh();
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++)
      lines.push(
        JSON.stringify(i === 73_456 ? personRow(10_000 + i, { 性别: '男性' }) : personRow(10_000 + i)),
      );
    const res = await push(id, lines.join('\n'));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toMatchObject({
      received: 100_000,
      rejectedTotal: 1,
      rejected: [{ row: 73_457, field: '性别', code: 'LENGTH' }],
    });
    expect(await held(id)).toBe(0);
  }, 180_000);

  it('checks who may push and what can be pushed to', async () => {
    const { id } = await fresh();
    const other = await push(id, ndjson([personRow(601)]), { token: f.stewardGa });
    expect(other.statusCode).toBe(403);
    expect((await push(id, ndjson([personRow(601)]), { token: f.consumer })).statusCode).toBe(403);
    const missing = await push('00000000-0000-4000-8000-000000000000', ndjson([personRow(601)]));
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'EXCHANGE_RESOURCE_NOT_FOUND']);
    const files = await fresh({ formatCategory: 'electronic_file', formatDetail: 'PDF' });
    const notRecords = await push(files.id, ndjson([personRow(601)]));
    expect([notRecords.statusCode, notRecords.json().error.code]).toEqual([
      409,
      'EXCHANGE_RESOURCE_NOT_RECORDS',
    ]);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/exchange/resources/${id}/records`,
      headers: NDJSON,
      payload: ndjson([personRow(601)]),
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await held(id)).toBe(0);
    // The refusal is in the audit trail.
    const audit = await t.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'exchange.ingest' AND outcome = 'denied' AND object_id = $1`,
      [id],
    );
    expect(audit.rows[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('audits every applied batch with its counts and seq range', async () => {
    const { id } = await fresh();
    const res = await push(id, ndjson([personRow(701), personRow(702)]));
    const { rows } = await t.services.db.query<{ details: Record<string, unknown>; actor_name: string }>(
      `SELECT details, actor_name FROM audit_log WHERE action = 'exchange.ingest' AND object_id = $1 AND outcome = 'success'`,
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor_name).toBe('mz_steward');
    expect(rows[0]!.details).toMatchObject({
      batchId: res.json().batchId,
      inserted: 2,
      firstSeq: 1,
      lastSeq: 2,
    });
  });
});
