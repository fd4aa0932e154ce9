/**
 * The staged, set-based ingest: rows are classified in SQL against the held keys, so these cases pin what the
 * classification must get right — a key named several times in one upsert, a deletion and re-insertion, two
 * snapshots racing for one resource, and a batch big enough to be analyzed before its join is planned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, personRow, publishResource } from '../support/exchange.ts';

const NDJSON = { 'content-type': 'application/x-ndjson' };

interface Change {
  seq: number;
  op: string;
  key: unknown[];
  data: Record<string, unknown> | null;
}

describe.each(ENGINES)('staged ingest on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
  });
  afterAll(() => t.close());

  const fresh = () => publishResource(t, f.admin, f.mz);
  const push = (id: string, body: string, query = '') =>
    t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${id}/records${query ? `?${query}` : ''}`,
      headers: NDJSON,
      payload: body,
    });

  async function changes(id: string): Promise<Change[]> {
    const all: Change[] = [];
    for (let after = 0; ;) {
      const r = await t.call(f.admin, {
        method: 'GET',
        url: `/api/exchange/resources/${id}/changes?after=${after}&limit=1000`,
      });
      expect(r.statusCode, r.body).toBe(200);
      const page = r.json().changes as Change[];
      if (!page.length) return all;
      all.push(...page);
      after = page[page.length - 1]!.seq;
    }
  }

  /** Held records by 身份证号 (the key). */
  async function records(id: string): Promise<Map<string, Record<string, unknown>>> {
    const r = await t.call(f.admin, {
      method: 'GET',
      url: `/api/exchange/resources/${id}/records?limit=500`,
    });
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { key: string; data: Record<string, unknown> }[];
    return new Map(items.map((x) => [(JSON.parse(x.key) as string[])[0]!, x.data]));
  }

  it('applies a key named several times in one upsert row by row, with a change per real change', async () => {
    const { id } = await fresh();
    const a = personRow(101);
    const b = personRow(102);
    const aNamed = { ...a, 姓名: '李四' };
    const rows = [
      a, // I
      aNamed, // U
      aNamed, // unchanged: same as the row before it
      b, // I
      { 身份证号: a.身份证号, _delete: true }, // D
      { ...a, 备注: '重新登记' }, // I again: a new record under the same key
      { 身份证号: '110101199003078515', _delete: true }, // unchanged: never held
    ];
    const res = await push(id, ndjson(rows));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      received: 7,
      inserted: 3,
      updated: 1,
      deleted: 1,
      unchanged: 2,
      firstSeq: 1,
      lastSeq: 5,
    });
    const log = await changes(id);
    expect(log.map((c) => [c.seq, c.op, c.key[0]])).toEqual([
      [1, 'insert', a.身份证号],
      [2, 'update', a.身份证号],
      [3, 'insert', b.身份证号],
      [4, 'delete', a.身份证号],
      [5, 'insert', a.身份证号],
    ]);
    expect(log[1]!.data).not.toEqual(log[0]!.data);
    expect(log[4]!.data).toMatchObject({ 备注: '重新登记' });
    // The held record is the last change of its key.
    const held = await records(id);
    expect(held.size).toBe(2);
    expect(held.get(a.身份证号 as string)).toMatchObject({ 备注: '重新登记' });
  });

  it('gives a deleted and re-inserted key new sequence numbers, in order, across batches', async () => {
    const { id } = await fresh();
    const a = personRow(201);
    expect((await push(id, ndjson([a]))).json()).toMatchObject({ firstSeq: 1, lastSeq: 1 });
    expect((await push(id, ndjson([{ 身份证号: a.身份证号, _delete: true }]))).json()).toMatchObject({
      deleted: 1,
      firstSeq: 2,
      lastSeq: 2,
    });
    expect((await push(id, ndjson([a]))).json()).toMatchObject({ inserted: 1, firstSeq: 3, lastSeq: 3 });
    expect((await changes(id)).map((c) => c.op)).toEqual(['insert', 'delete', 'insert']);
  });

  it('serializes two snapshots of one resource sent at once: no lost or repeated sequence numbers', async () => {
    const { id } = await fresh();
    const base = Array.from({ length: 300 }, (_, i) => personRow(1000 + i));
    expect((await push(id, ndjson(base))).statusCode).toBe(200);
    // Two snapshots that overlap: each keeps a part of the records, changes some and adds its own.
    const first = [...base.slice(0, 200).map((r, i) => (i % 10 ? r : { ...r, 备注: '甲' })), personRow(5000)];
    const second = [...base.slice(100).map((r, i) => (i % 7 ? r : { ...r, 备注: '乙' })), personRow(6000)];
    const [x, y] = await Promise.all([
      push(id, ndjson(first), 'mode=snapshot'),
      push(id, ndjson(second), 'mode=snapshot'),
    ]);
    expect(x.statusCode, x.body).toBe(200);
    expect(y.statusCode, y.body).toBe(200);
    const ranges = [x.json(), y.json()].sort((p, q) => p.firstSeq - q.firstSeq);
    // One applied after the other: the second range starts where the first ended.
    expect(ranges[0].firstSeq).toBe(301);
    expect(ranges[1].firstSeq).toBe(ranges[0].lastSeq + 1);
    const log = await changes(id);
    expect(log.map((c) => c.seq)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1));
    // What is held is exactly the snapshot that applied last.
    const last = ranges[1].batchId === x.json().batchId ? first : second;
    const held = await records(id);
    expect([...held.keys()].sort()).toEqual(last.map((r) => r.身份证号).sort());
  });

  it('classifies a large batch against the held records: snapshot with changes, additions and deletions', async () => {
    const { id } = await fresh();
    const n = 6000; // above the size from which the staged batch is analyzed before the join is planned
    const rows = Array.from({ length: n }, (_, i) => personRow(20_000 + i));
    const load = await push(id, ndjson(rows));
    expect(load.json()).toMatchObject({ inserted: n, firstSeq: 1, lastSeq: n });
    // Every 100th row changed, the last 50 left out, 25 new ones.
    const changed = Math.ceil((n - 50) / 100);
    const next = [
      ...rows.slice(0, n - 50).map((r, i) => (i % 100 ? r : { ...r, 备注: '变更' })),
      ...Array.from({ length: 25 }, (_, i) => personRow(40_000 + i)),
    ];
    const snap = await push(id, ndjson(next), 'mode=snapshot');
    expect(snap.statusCode, snap.body).toBe(200);
    expect(snap.json(), snap.body).toMatchObject({
      received: n - 50 + 25,
      inserted: 25,
      updated: changed,
      deleted: 50,
      unchanged: n - 50 - changed,
      firstSeq: n + 1,
      lastSeq: n + 25 + changed + 50,
    });
    // The same snapshot again changes nothing.
    const again = await push(id, ndjson(next), 'mode=snapshot');
    expect(again.json()).toMatchObject({ inserted: 0, updated: 0, deleted: 0, unchanged: next.length });
    expect(again.json().firstSeq).toBeNull();
  });

  it('refuses a snapshot that names a key twice, listing the repeated rows, and changes nothing', async () => {
    const { id } = await fresh();
    const a = personRow(301);
    const b = personRow(302);
    expect((await push(id, ndjson([a]))).statusCode).toBe(200);
    const res = await push(id, ndjson([b, a, { ...a, 备注: '第二次' }]), 'mode=snapshot');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.rejected).toEqual([
      expect.objectContaining({ row: 3, code: 'DUPLICATE_KEY', field: '身份证号' }),
    ]);
    expect((await changes(id)).map((c) => c.op)).toEqual(['insert']);
  });

  it('appends the first load of an empty resource straight to the log until a row needs classifying; row numbers hold', async () => {
    const { id } = await fresh();
    // Row 4 repeats row 2's key: the first three rows were appended directly and are staged again for the snapshot.
    const rows = [personRow(401), personRow(402), personRow(403), { ...personRow(402), 备注: '重复' }];
    const refused = await push(id, ndjson(rows), 'mode=snapshot');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.rejected).toEqual([
      expect.objectContaining({ row: 4, code: 'DUPLICATE_KEY', message: expect.stringContaining('第 2 行') }),
    ]);
    expect(await changes(id)).toEqual([]);
    // As an upsert the same rows apply in order: three inserts, then an update of the second key.
    const applied = await push(id, ndjson(rows));
    expect(applied.json()).toMatchObject({ inserted: 3, updated: 1, firstSeq: 1, lastSeq: 4 });
    expect((await changes(id)).map((c) => [c.op, c.key[0]])).toEqual([
      ['insert', rows[0]!.身份证号],
      ['insert', rows[1]!.身份证号],
      ['insert', rows[2]!.身份证号],
      ['update', rows[1]!.身份证号],
    ]);
    expect((await records(id)).get(rows[1]!.身份证号 as string)).toMatchObject({ 备注: '重复' });
  });
});
