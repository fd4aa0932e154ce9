import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, personRow, publishResource } from '../support/exchange.ts';
import { buildUser } from '../support/factories.ts';
import { buildAgreement, buildGrant } from '../support/sharing.ts';

describe.each(ENGINES)('exchange subscriptions on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  let consumerSteward: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
    // 公安局's steward subscribes for 公安局; its consumer (f.consumer) pulls.
    consumerSteward = f.stewardGa;
    await buildUser(t.services, {
      username: 'ga_system',
      departmentId: f.ga,
      roles: [{ role: 'dept_consumer', departmentId: f.ga }],
    });
  });
  afterAll(() => t.close());

  const push = (id: string, rows: Record<string, unknown>[], query = '') =>
    t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${id}/records${query}`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson(rows),
    });
  const subscribe = (token: string, body: Record<string, unknown>) =>
    t.call(token, { method: 'POST', url: '/api/exchange/subscriptions', payload: body });

  it('lets a consumer pull ordered changes, acknowledge them, and see its lag', async () => {
    const { id } = await publishResource(t, f.admin, f.mz, {
      sharingType: 'unconditional',
      sharingCondition: null,
    });
    await push(id, [personRow(1), personRow(2), personRow(3)]);

    const created = await subscribe(consumerSteward, {
      resourceId: id,
      consumerDepartmentId: f.ga,
      mode: 'pull',
    });
    expect(created.statusCode, created.body).toBe(201);
    const sub = created.json().subscription;
    expect(created.json().secret).toBeNull();
    expect(sub).toMatchObject({ ackedSeq: 0, lastSeq: 3, lag: 3, status: 'active', mode: 'pull' });

    const page1 = await t.call(f.consumer, {
      method: 'GET',
      url: `/api/exchange/subscriptions/${sub.id}/changes?limit=2`,
    });
    expect(page1.json()).toMatchObject({ nextCursor: 2, lastSeq: 3 });
    expect(page1.json().changes.map((c: { seq: number; op: string }) => [c.seq, c.op])).toEqual([
      [1, 'insert'],
      [2, 'insert'],
    ]);
    // Without acknowledging, the same cursor gives the same changes (at-least-once).
    const again = await t.call(f.consumer, {
      method: 'GET',
      url: `/api/exchange/subscriptions/${sub.id}/changes?limit=2`,
    });
    expect(again.json().changes[0].seq).toBe(1);

    const acked = await t.call(f.consumer, {
      method: 'POST',
      url: `/api/exchange/subscriptions/${sub.id}/ack`,
      payload: { cursor: 2 },
    });
    expect(acked.json()).toMatchObject({ ackedSeq: 2, lag: 1 });
    // The acknowledged seq never moves back, and cannot pass the head.
    await t.call(f.consumer, {
      method: 'POST',
      url: `/api/exchange/subscriptions/${sub.id}/ack`,
      payload: { cursor: 1 },
    });
    const ahead = await t.call(f.consumer, {
      method: 'POST',
      url: `/api/exchange/subscriptions/${sub.id}/ack`,
      payload: { cursor: 99 },
    });
    expect([ahead.statusCode, ahead.json().error.code]).toEqual([400, 'EXCHANGE_CURSOR_INVALID']);
    const next = await t.call(f.consumer, {
      method: 'GET',
      url: `/api/exchange/subscriptions/${sub.id}/changes`,
    });
    expect(next.json().changes.map((c: { seq: number }) => c.seq)).toEqual([3]);

    await push(id, [{ ...personRow(1), 备注: '迁出' }]);
    const upd = await t.call(f.consumer, {
      method: 'GET',
      url: `/api/exchange/subscriptions/${sub.id}/changes?after=3`,
    });
    expect(upd.json().changes).toEqual([expect.objectContaining({ seq: 4, op: 'update' })]);

    // Pull reads are deliveries in the exchange log, and in the figures.
    const deliveries = await t.call(consumerSteward, {
      method: 'GET',
      url: `/api/exchange/subscriptions/${sub.id}/deliveries`,
    });
    expect(deliveries.json().length).toBeGreaterThanOrEqual(3);
    const stats = await t.call(f.consumer, {
      method: 'GET',
      url: `/api/exchange/stats?departmentId=${f.ga}`,
    });
    expect(stats.json().totals.recordsDelivered).toBeGreaterThanOrEqual(5);
    const provider = await t.call(f.admin, {
      method: 'GET',
      url: `/api/exchange/stats?departmentId=${f.mz}`,
    });
    expect(provider.json().rows.at(-1)).toMatchObject({ recordsReceived: expect.any(Number) });
    expect(provider.json().totals.recordsHeld).toBeGreaterThanOrEqual(3);
  });

  it('delivers only the subscribed items (key items always), with sensitive items masked', async () => {
    const { id } = await publishResource(t, f.admin, f.mz, {
      sharingType: 'unconditional',
      sharingCondition: null,
    });
    const row = personRow(50);
    await push(id, [row]);
    const sub = (
      await subscribe(f.admin, {
        resourceId: id,
        consumerDepartmentId: f.ga,
        mode: 'pull',
        items: ['姓名', '出生日期'],
      })
    ).json().subscription;
    const page = await t.call(f.consumer, {
      method: 'GET',
      url: `/api/exchange/subscriptions/${sub.id}/changes`,
    });
    const data = page.json().changes[0].data;
    expect(Object.keys(data).sort()).toEqual(['出生日期', '姓名', '身份证号'].sort());
    expect(data.身份证号).toBe(row.身份证号);
    expect(data.姓名).toMatch(/^张\*+$/);
  });

  it('applies the sharing type: self-service, within a grant, or not at all', async () => {
    const conditional = await publishResource(t, f.admin, f.mz);
    // 有条件共享 needs a grant: without an agreement and a grant even the operator cannot subscribe a department.
    const refused = await subscribe(f.admin, {
      resourceId: conditional.id,
      consumerDepartmentId: f.ga,
      mode: 'pull',
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'SHARING_NO_AGREEMENT']);
    await buildAgreement(t.services, f.ga);
    const noGrant = await subscribe(consumerSteward, {
      resourceId: conditional.id,
      consumerDepartmentId: f.ga,
      mode: 'pull',
    });
    expect([noGrant.statusCode, noGrant.json().error.code]).toEqual([403, 'SHARING_NO_GRANT']);
    await buildGrant(t.services, {
      resourceId: conditional.id,
      consumerDepartmentId: f.ga,
      items: ['姓名', '性别'],
      agreement: false,
    });
    const outside = await subscribe(consumerSteward, {
      resourceId: conditional.id,
      consumerDepartmentId: f.ga,
      mode: 'pull',
      items: ['姓名', '出生日期'],
    });
    expect([outside.statusCode, outside.json().error.code]).toEqual([403, 'SHARING_ITEM_NOT_GRANTED']);
    expect(
      (
        await subscribe(consumerSteward, {
          resourceId: conditional.id,
          consumerDepartmentId: f.ga,
          mode: 'pull',
        })
      ).statusCode,
    ).toBe(201);
    const twice = await subscribe(f.admin, {
      resourceId: conditional.id,
      consumerDepartmentId: f.ga,
      mode: 'pull',
    });
    expect(twice.json().error.code).toBe('EXCHANGE_SUBSCRIPTION_EXISTS');

    const none = await publishResource(t, f.admin, f.mz, {
      sharingType: 'none',
      sharingCondition: '依据《中华人民共和国个人信息保护法》第十三条，不予共享。',
    });
    const no = await subscribe(f.admin, { resourceId: none.id, consumerDepartmentId: f.ga, mode: 'pull' });
    expect([no.statusCode, no.json().error.code]).toEqual([403, 'EXCHANGE_SHARING_NONE']);
    expect(no.json().error.details.legalBasis).toContain('个人信息保护法');

    const badItem = await subscribe(f.admin, {
      resourceId: conditional.id,
      consumerDepartmentId: f.ga,
      mode: 'pull',
      items: ['不存在的项'],
    });
    expect(badItem.json().error.details.fields[0]).toMatchObject({ field: 'items', code: 'UNKNOWN_ITEM' });
    const noUrl = await subscribe(f.admin, {
      resourceId: conditional.id,
      consumerDepartmentId: f.ga,
      mode: 'webhook',
    });
    expect(noUrl.json().error.details.fields[0]).toMatchObject({ field: 'webhookUrl' });
  });

  it('keeps each department to its own subscriptions', async () => {
    const { id } = await publishResource(t, f.admin, f.mz, {
      sharingType: 'unconditional',
      sharingCondition: null,
    });
    await push(id, [personRow(70)]);
    // A steward cannot subscribe another department.
    const forOther = await subscribe(f.stewardMz, {
      resourceId: id,
      consumerDepartmentId: f.ga,
      mode: 'pull',
    });
    expect(forOther.statusCode).toBe(403);
    const sub = (
      await subscribe(consumerSteward, { resourceId: id, consumerDepartmentId: f.ga, mode: 'pull' })
    ).json().subscription;
    // The provider sees it (its data, its consumers) but cannot pull or acknowledge on the consumer's behalf.
    expect(
      (await t.call(f.stewardMz, { method: 'GET', url: `/api/exchange/subscriptions/${sub.id}` })).statusCode,
    ).toBe(200);
    const pull = await t.call(f.stewardMz, {
      method: 'GET',
      url: `/api/exchange/subscriptions/${sub.id}/changes`,
    });
    expect(pull.statusCode).toBe(403);
    const mine = await t.call(f.stewardMz, { method: 'GET', url: '/api/exchange/subscriptions' });
    expect(mine.json().map((s: { id: string }) => s.id)).toContain(sub.id);
    // An unknown id is 404, not a hint.
    const ghost = await t.call(f.consumer, {
      method: 'GET',
      url: '/api/exchange/subscriptions/00000000-0000-4000-8000-000000000000/changes',
    });
    expect(ghost.statusCode).toBe(404);
    // Pause and delete are the consumer steward's.
    const paused = await t.call(consumerSteward, {
      method: 'PATCH',
      url: `/api/exchange/subscriptions/${sub.id}`,
      payload: { status: 'paused' },
    });
    expect(paused.json().status).toBe('paused');
    expect(
      (await t.call(f.consumer, { method: 'DELETE', url: `/api/exchange/subscriptions/${sub.id}` }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(consumerSteward, { method: 'DELETE', url: `/api/exchange/subscriptions/${sub.id}` }))
        .statusCode,
    ).toBe(204);
    const audit = await t.services.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE object_id = $1 AND outcome = 'success' ORDER BY id`,
      [sub.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'exchange.subscribe',
      'exchange.subscription.update',
      'exchange.unsubscribe',
    ]);
  });
});
