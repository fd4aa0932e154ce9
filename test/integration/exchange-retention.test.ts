import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { buildServices, type Services } from '../../src/server/context.ts';
import { buildResourceInput, buildItem } from '../support/catalog.ts';
import { createTestDb, ENGINES, type TestDb } from '../support/db.ts';
import { buildDepartment, testActor } from '../support/factories.ts';

const DAY = 86_400_000;

describe.each(ENGINES)('exchange retention on %s', (engine) => {
  let testDb: TestDb;
  let db: Db;
  let s: Services;
  let provider: string;
  let consumer: string;

  beforeAll(async () => {
    testDb = await createTestDb(engine);
    db = testDb.db;
    s = buildServices(db, { sessionTtlHours: 8, exchangeLogRetentionDays: 400, changeLogRetentionDays: 90 });
    provider = (await buildDepartment(s, { name: '市民政局', shortName: '民政局' })).id;
    consumer = (await buildDepartment(s)).id;
  });
  afterAll(() => testDb.drop());

  async function publish(): Promise<string> {
    const r = await s.catalog.create(
      testActor,
      buildResourceInput(provider, {
        name: '社会组织登记信息',
        sharingType: 'unconditional',
        sharingCondition: null,
        items: [buildItem({ name: '编号', isKey: true }), buildItem({ name: '名称' })],
      }),
    );
    for (const action of ['submit', 'approve', 'publish'] as const)
      await s.catalog.transition(testActor, r.id, action, null);
    return r.id;
  }

  const rows = (...list: [string, string | null][]) =>
    list.map(([编号, 名称], i) => ({
      row: i + 1,
      values: 名称 === null ? { 编号, _delete: true } : { 编号, 名称 },
    }));

  /** Moves everything the resource logged so far `days` into the past. */
  async function age(resourceId: string, days: number) {
    const shift = `${days} days`;
    await db.query(`UPDATE exchange_batch SET at = at - $2::interval WHERE resource_id = $1`, [
      resourceId,
      shift,
    ]);
    await db.query(`UPDATE exchange_change SET at = at - $2::interval WHERE resource_id = $1`, [
      resourceId,
      shift,
    ]);
    await db.query(`UPDATE exchange_delivery SET at = at - $2::interval WHERE resource_id = $1`, [
      resourceId,
      shift,
    ]);
  }

  const count = async (table: string, resourceId: string) =>
    (
      await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE resource_id = $1`, [
        resourceId,
      ])
    ).rows[0]!.n;
  const seqs = async (resourceId: string) =>
    (
      await db.query<{ seq: string }>(`SELECT seq FROM exchange_change WHERE resource_id = $1 ORDER BY seq`, [
        resourceId,
      ])
    ).rows.map((r) => Number(r.seq));

  it('deletes expired batch and delivery rows without changing a figure, and keeps what subscribers need', async () => {
    const id = await publish();
    await s.exchange.ingest(testActor, id, rows(['A1', '甲'], ['A2', '乙'], ['A3', '丙']), {
      source: 'push',
    });
    await s.exchange.ingest(testActor, id, rows(['A1', '甲二'], ['A2', null]), { source: 'push' });
    const { subscription } = await s.exchange.subscribe(testActor, {
      resourceId: id,
      consumerDepartmentId: consumer,
      mode: 'pull',
    });
    await s.exchange.pull(testActor, subscription.id, undefined, 100);
    await age(id, 500);
    // A recent change: record A3 renamed today.
    await s.exchange.ingest(testActor, id, rows(['A3', '丙二']), { source: 'push' });
    expect(await seqs(id)).toEqual([1, 2, 3, 4, 5, 6]);

    const window = {
      from: new Date(Date.now() - 600 * DAY).toISOString().slice(0, 10),
      to: new Date(Date.now() + DAY).toISOString().slice(0, 10),
    };
    const before = await s.exchange.stats(window);
    const beforeDept = await s.exchange.stats({ ...window, departmentId: consumer });
    expect(before.totals.recordsReceived).toBe(6);

    const first = await s.exchangeRetention.purgeExpired();
    expect(first).toMatchObject({ batches: 2, deliveries: 1 });
    expect(await count('exchange_batch', id)).toBe(1);
    expect(await count('exchange_delivery', id)).toBe(0);
    // The figures read the rollups of what went.
    expect(await s.exchange.stats(window)).toEqual(before);
    expect(await s.exchange.stats({ ...window, departmentId: consumer })).toEqual(beforeDept);
    // The subscriber has acknowledged nothing: not one change is gone.
    expect(first.changes).toBe(0);
    expect(await seqs(id)).toEqual([1, 2, 3, 4, 5, 6]);

    // Once it has acknowledged everything, superseded old changes go: A1's insert (updated since), A2's insert
    // and delete. A3's insert stays: it was replaced only within the window, so A3 as of then can be rebuilt.
    await s.exchange.ack(testActor, subscription.id, 6);
    const second = await s.exchangeRetention.purgeExpired();
    expect(second).toEqual({ batches: 0, deliveries: 0, quarantine: 0, deadLetters: 0, changes: 3 });
    expect(await seqs(id)).toEqual([3, 4, 6]);
    expect(await s.exchange.stats(window)).toEqual(before);

    // A new subscriber reading from the start still gets every record held, in its latest state.
    const { subscription: late } = await s.exchange.subscribe(testActor, {
      resourceId: id,
      consumerDepartmentId: (await buildDepartment(s)).id,
      mode: 'pull',
    });
    const page = await s.exchange.pull(testActor, late.id, undefined, 100);
    const state = new Map<string, unknown>();
    for (const c of page.changes) {
      if (c.op === 'delete') state.delete(JSON.stringify(c.key));
      else state.set(JSON.stringify(c.key), c.data);
    }
    expect(Object.fromEntries(state)).toEqual({
      '["A1"]': { 编号: 'A1', 名称: '甲二' },
      '["A3"]': { 编号: 'A3', 名称: '丙二' },
    });
    expect(page.lastSeq).toBe(6);

    // Nothing more to do.
    expect(await s.exchangeRetention.purgeExpired()).toEqual({
      batches: 0,
      deliveries: 0,
      quarantine: 0,
      deadLetters: 0,
      changes: 0,
    });
  });

  it('never compacts past the slowest subscriber, paused ones included', async () => {
    const id = await publish();
    await s.exchange.ingest(testActor, id, rows(['B1', '一']), { source: 'push' });
    await s.exchange.ingest(testActor, id, rows(['B1', '二']), { source: 'push' });
    await s.exchange.ingest(testActor, id, rows(['B1', '三']), { source: 'push' });
    const fast = await s.exchange.subscribe(testActor, {
      resourceId: id,
      consumerDepartmentId: consumer,
      mode: 'pull',
    });
    const slow = await s.exchange.subscribe(testActor, {
      resourceId: id,
      consumerDepartmentId: (await buildDepartment(s)).id,
      mode: 'pull',
    });
    await s.exchange.ack(testActor, fast.subscription.id, 3);
    await s.exchange.ack(testActor, slow.subscription.id, 1);
    await s.exchange.patchSubscription(testActor, slow.subscription.id, { status: 'paused' });
    await age(id, 200);
    // Only seq 1 is acknowledged by both, and nothing acknowledged by both supersedes it yet.
    expect((await s.exchangeRetention.purgeExpired()).changes).toBe(0);
    await s.exchange.ack(testActor, slow.subscription.id, 2);
    expect((await s.exchangeRetention.purgeExpired()).changes).toBe(1);
    expect(await seqs(id)).toEqual([2, 3]);
    // Changes younger than the window stay whatever the subscribers did.
    await s.exchange.ingest(testActor, id, rows(['B1', '四']), { source: 'push' });
    await s.exchange.ack(testActor, slow.subscription.id, 4);
    await s.exchange.ack(testActor, fast.subscription.id, 4);
    expect((await s.exchangeRetention.purgeExpired()).changes).toBe(1);
    expect(await seqs(id)).toEqual([3, 4]);
  });
});
