import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, personRow, publishResource } from '../support/exchange.ts';
import { buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { daysFromToday, TINY_PDF } from '../support/sharing.ts';

/** A multipart body with fields and one PDF, as the agreement form sends it. */
function agreementUpload(fields: Record<string, string>) {
  const boundary = `----tongban${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="agreement.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    ),
    TINY_PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.each(ENGINES)('the home page on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  let W: string;
  let requestId: string;
  let auditor: string;
  let staff: string;
  let citizen: string;

  const home = async (token: string | null) => {
    const res = await t.call(token, { method: 'GET', url: '/api/overview/home' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
    await buildUser(t.services, { username: 'watcher', roles: [{ role: 'auditor', departmentId: null }] });
    await buildUser(t.services, {
      username: 'window',
      departmentId: f.ga,
      roles: [{ role: 'service_staff', departmentId: f.ga }],
    });
    await buildUser(t.services, { username: 'resident', roles: [{ role: 'citizen', departmentId: null }] });
    auditor = await t.login('watcher', TEST_PASSWORD);
    staff = await t.login('window', TEST_PASSWORD);
    citizen = await t.login('resident', TEST_PASSWORD);

    W = (await publishResource(t, f.admin, f.mz, { name: '人员缴存信息' })).id;
    // 公安局's agreement ends in ten days: inside the operator's warning window.
    const filed = await t.call(f.admin, {
      method: 'POST',
      url: '/api/sharing/agreements',
      ...agreementUpload({
        departmentId: f.ga,
        title: '公安局共享安全保密协议',
        parties: '甲方：市大数据管理局；乙方：市公安局',
        signedOn: daysFromToday(-30),
        validFrom: daysFromToday(-30),
        validTo: daysFromToday(10),
      }),
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const requested = await t.call(f.consumer, {
      method: 'POST',
      url: '/api/sharing/requests',
      payload: {
        resourceId: W,
        items: ['性别', '出生日期'],
        purpose: '户籍业务核验',
        legalBasis: '《户口登记条例》第四条',
        usageModes: ['query'],
        periodFrom: daysFromToday(0),
        periodTo: daysFromToday(90),
      },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    requestId = requested.json().id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a caller who is not signed in', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/overview/home' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('gives the operator the city’s figures, requests to chase and agreements about to lapse', async () => {
    const h = await home(f.admin);
    expect(Object.keys(h)).toEqual(['operator']);
    const { rows } = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM department');
    expect(h.operator.city.departments).toBe(rows[0]!.n);
    expect(h.operator.overdueRequests.total).toBe(0);
    expect(h.operator.secondReviews.total).toBe(0);
    expect(h.operator.lapsingAgreements).toEqual({
      total: 1,
      items: [
        expect.objectContaining({
          departmentName: '市公安局',
          title: '公安局共享安全保密协议',
          validTo: daysFromToday(10),
        }),
      ],
    });
    // Only 公安局 has an agreement in force.
    expect(h.operator.departmentsWithoutAgreement).toBe(rows[0]!.n - 1);
  });

  it('puts the request in the provider steward’s inbox with its deadline, and in no one else’s', async () => {
    const mz = await home(f.stewardMz);
    expect(Object.keys(mz)).toEqual(['steward']);
    expect(mz.steward.departments).toEqual([{ id: f.mz, name: '市民政局' }]);
    expect(mz.steward.inbox.total).toBe(1);
    expect(mz.steward.inbox.items[0]).toMatchObject({
      id: requestId,
      resourceName: '人员缴存信息',
      consumerDepartmentName: '市公安局',
      status: 'pending',
      overdue: false,
    });
    expect(Date.parse(mz.steward.inbox.items[0].dueAt)).toBeGreaterThan(Date.now());
    expect(mz.steward.resources.items.map((r: { id: string }) => r.id)).toEqual([W]);

    // The other department's steward sees neither the request nor 民政局's resources.
    const ga = await home(f.stewardGa);
    expect(ga.steward.inbox.total).toBe(0);
    expect(ga.steward.resources.total).toBe(0);
  });

  it('shows the consumer its requests by state, then its grant with today’s calls against the quota', async () => {
    let h = await home(f.consumer);
    expect(Object.keys(h)).toEqual(['consumer']);
    expect(h.consumer.requestsByStatus).toEqual({
      pending: 1,
      second_review: 0,
      approved: 0,
      rejected: 0,
      withdrawn: 0,
    });
    expect(h.consumer.recentRequests.items.map((r: { id: string }) => r.id)).toEqual([requestId]);
    expect(h.consumer.activeGrants.total).toBe(0);

    const approved = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/sharing/requests/${requestId}/approve`,
      payload: { dailyQuota: 500 },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    h = await home(f.consumer);
    expect(h.consumer.requestsByStatus).toMatchObject({ pending: 0, approved: 1 });
    expect(h.consumer.activeGrants.total).toBe(1);
    expect(h.consumer.activeGrants.items[0]).toMatchObject({
      resourceName: '人员缴存信息',
      providerDepartmentName: '市民政局',
      callsToday: 0,
      dailyQuota: 500,
    });
    expect((await home(f.stewardMz)).steward.inbox.total).toBe(0);
  });

  it('counts a request past its deadline as overdue for the operator and the provider steward', async () => {
    const late = await t.call(f.consumer, {
      method: 'POST',
      url: '/api/sharing/requests',
      payload: {
        resourceId: W,
        items: ['性别'],
        purpose: '迁移登记核验',
        legalBasis: '《户口登记条例》第十条',
        usageModes: ['query'],
        periodFrom: daysFromToday(0),
        periodTo: daysFromToday(30),
      },
    });
    expect(late.statusCode, late.body).toBe(201);
    // The deadline is hours away; move it into the past rather than wait for it.
    await t.testDb.db.query(`UPDATE sharing_request SET due_at = now() - interval '1 hour' WHERE id = $1`, [
      late.json().id,
    ]);
    const op = await home(f.admin);
    expect(op.operator.overdueRequests.total).toBe(1);
    expect(op.operator.overdueRequests.items[0]).toMatchObject({ id: late.json().id, overdue: true });
    const mz = await home(f.stewardMz);
    expect(mz.steward.inboxOverdue).toBe(1);
  });

  it('lists the provider’s quarantined rows on its steward’s home', async () => {
    const pushed = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${W}/records?onError=quarantine`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson([personRow(9001), personRow(9002, { 出生日期: '1990-02-30' })]),
    });
    expect(pushed.statusCode, pushed.body).toBe(200);
    const mz = await home(f.stewardMz);
    expect(mz.steward.quarantine).toEqual({
      total: 1,
      items: [{ resourceId: W, resourceName: '人员缴存信息', openRows: 1 }],
    });
    expect(mz.steward.quarantinedRows).toBe(1);
    expect(mz.steward.resources.items[0]).toMatchObject({ id: W, recordsHeld: 1, openQuarantine: 1 });
    expect((await home(f.stewardGa)).steward.quarantine.total).toBe(0);
  });

  it('shows the auditor recent refusals, with names, and the newest signed checkpoint', async () => {
    expect((await t.call(f.consumer, { method: 'GET', url: '/api/audit' })).statusCode).toBe(403);
    let h = await home(auditor);
    expect(Object.keys(h)).toEqual(['auditor']);
    expect(h.auditor.recentDenied[0]).toMatchObject({ action: 'audit.read', actorName: 'reader' });
    expect(h.auditor.entriesLast24h).toBeGreaterThan(0);
    await t.services.audit.checkpoint();
    h = await home(auditor);
    expect(h.auditor.lastCheckpoint).toMatchObject({ trusted: true });
  });

  it('gives window staff the published catalog’s figures and citizens an honest public home', async () => {
    const s = await home(staff);
    expect(Object.keys(s)).toEqual(['staff']);
    expect(s.staff.publishedResources).toBe(1);
    expect(s.staff.bySharingType).toEqual([{ value: 'conditional', count: 1 }]);

    const c = await home(citizen);
    expect(Object.keys(c)).toEqual(['citizen']);
    const { rows } = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM department');
    expect(c.citizen).toEqual({ departments: rows[0]!.n, regions: { district: 1, town: 0, village: 0 } });
    // The city's figures stay with staff.
    expect((await t.call(citizen, { method: 'GET', url: '/api/overview' })).statusCode).toBe(403);
  });

  it('gives a user holding two roles both sections', async () => {
    await buildUser(t.services, {
      username: 'both',
      departmentId: f.mz,
      roles: [
        { role: 'dept_steward', departmentId: f.mz },
        { role: 'dept_consumer', departmentId: f.mz },
      ],
    });
    const h = await home(await t.login('both'));
    expect(Object.keys(h).sort()).toEqual(['consumer', 'steward']);
    expect(h.consumer.departments).toEqual([{ id: f.mz, name: '市民政局' }]);
  });
});
