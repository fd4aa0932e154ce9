import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { publishResource } from '../support/exchange.ts';
import { buildDepartment, buildUser, uniqueUscc } from '../support/factories.ts';

/** Read-only roles never write, and every refused write leaves a denied audit entry. */
describe.each(ENGINES)('refusals on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let consumerSteward: string;
  let provider: string;
  let consumer: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    provider = (await buildDepartment(t.services)).id;
    consumer = (await buildDepartment(t.services)).id;
    await buildUser(t.services, {
      username: 'root',
      roles: [{ role: 'platform_admin', departmentId: null }],
    });
    await buildUser(t.services, { username: 'audit1', roles: [{ role: 'auditor', departmentId: null }] });
    await buildUser(t.services, {
      username: 'consumer_steward',
      departmentId: consumer,
      roles: [{ role: 'dept_steward', departmentId: consumer }],
    });
    admin = await t.login('root');
    auditor = await t.login('audit1');
    consumerSteward = await t.login('consumer_steward');
  });
  afterAll(() => t.close());

  const denied = async (action: string) =>
    (await t.services.audit.search({ action, outcome: 'denied' }, { limit: 50 })).items;

  it("the auditor reads a department's subscription but can neither pull nor acknowledge it", async () => {
    const resource = await publishResource(t, admin, provider, {
      sharingType: 'unconditional',
      sharingCondition: null,
    });
    const created = await t.call(consumerSteward, {
      method: 'POST',
      url: '/api/exchange/subscriptions',
      payload: { resourceId: resource.id, consumerDepartmentId: consumer, mode: 'pull' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().subscription.id as string;

    // Reading is the auditor's job …
    expect(
      (await t.call(auditor, { method: 'GET', url: `/api/exchange/subscriptions/${id}` })).statusCode,
    ).toBe(200);
    // … consuming is not: acknowledging would make the consumer silently skip changes.
    const ack = await t.call(auditor, {
      method: 'POST',
      url: `/api/exchange/subscriptions/${id}/ack`,
      payload: { cursor: 0 },
    });
    expect([ack.statusCode, ack.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const pull = await t.call(auditor, { method: 'GET', url: `/api/exchange/subscriptions/${id}/changes` });
    expect(pull.statusCode).toBe(403);
    const entries = (await denied('exchange.consume')).filter((e) => e.objectId === id);
    expect(entries.map((e) => e.actorName)).toEqual(['audit1', 'audit1']);
    // The consumer's own steward still acknowledges.
    const own = await t.call(consumerSteward, {
      method: 'POST',
      url: `/api/exchange/subscriptions/${id}/ack`,
      payload: { cursor: 0 },
    });
    expect(own.statusCode).toBe(200);
  });

  it("a service's own 403 on a write is audited once, with its code", async () => {
    const none = await publishResource(t, admin, provider, {
      sharingType: 'none',
      sharingCondition: '依据《中华人民共和国个人信息保护法》第十三条，不予共享。',
    });
    const before = (await denied('request.denied')).length;
    const res = await t.call(consumerSteward, {
      method: 'POST',
      url: '/api/exchange/subscriptions',
      payload: { resourceId: none.id, consumerDepartmentId: consumer, mode: 'pull' },
    });
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'EXCHANGE_SHARING_NONE']);
    const after = await denied('request.denied');
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({
      actorName: 'consumer_steward',
      departmentId: consumer,
      details: { code: 'EXCHANGE_SHARING_NONE', method: 'POST', path: '/api/exchange/subscriptions' },
    });
  });

  it('a guard refusal is not written twice', async () => {
    const before = (await denied('request.denied')).length;
    const res = await t.call(auditor, {
      method: 'POST',
      url: '/api/departments',
      payload: { name: 'x', shortName: 'x', uscc: uniqueUscc(), regionCode: '320700' },
    });
    expect(res.statusCode).toBe(403);
    expect(await denied('request.denied')).toHaveLength(before);
    expect((await denied('department.create')).some((e) => e.actorName === 'audit1')).toBe(true);
  });
});
