import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm3 } from '../../src/lib/crypto.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { publishResource } from '../support/exchange.ts';
import { buildDepartment, buildUser } from '../support/factories.ts';
import { buildAgreement, daysFromToday, TINY_PDF } from '../support/sharing.ts';

const GHOST = '00000000-0000-4000-8000-000000000000';
const LEGAL_NONE = '依据《中华人民共和国个人信息保护法》第十三条，涉及个人隐私，不予共享。';

interface FilePart {
  name: string;
  type: string;
  content: Buffer;
}

/** A multipart/form-data body built by hand: the fields first, then the file (as browsers send it). */
function multipart(fields: Record<string, string>, file?: FilePart) {
  const boundary = `----tongban${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const error = (res: LightMyRequestResponse) => [res.statusCode, res.json().error?.code];

describe.each(ENGINES)('sharing requests and approvals on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  /** 有条件共享 resources of 市民政局 (one per scenario, so open requests never collide). */
  let W: string;
  let none: string;
  let free: string;
  /** The steward of a department on neither side of any request here. */
  let stewardHb: string;

  const request = (token: string, body: Record<string, unknown>) =>
    t.call(token, {
      method: 'POST',
      url: '/api/sharing/requests',
      payload: {
        purpose: '最低生活保障资格审核',
        legalBasis: '《社会救助暂行办法》第十一条',
        usageModes: ['query', 'verify'],
        periodFrom: daysFromToday(0),
        periodTo: daysFromToday(365),
        ...body,
      },
    });
  const act = (token: string, id: string, verb: string, payload: Record<string, unknown> = {}) =>
    t.call(token, { method: 'POST', url: `/api/sharing/requests/${id}/${verb}`, payload });
  const get = (token: string, url: string) => t.call(token, { method: 'GET', url });
  /** A pending request of 公安局 on a resource, filed by its business staff. */
  async function pending(
    resourceId: string,
    items = ['性别', '出生日期'],
    extra: Record<string, unknown> = {},
  ) {
    const res = await request(f.consumer, { resourceId, items, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; status: string; dueAt: string }>();
  }
  const conditional = async (name: string) => (await publishResource(t, f.admin, f.mz, { name })).id;

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
    W = await conditional('人员缴存信息');
    none = (
      await publishResource(t, f.admin, f.mz, {
        name: '收养登记档案',
        sharingType: 'none',
        sharingCondition: LEGAL_NONE,
      })
    ).id;
    free = (
      await publishResource(t, f.admin, f.mz, {
        name: '社会组织登记信息',
        sharingType: 'unconditional',
        sharingCondition: null,
      })
    ).id;
    await buildAgreement(t.services, f.ga);
    const hb = (await buildDepartment(t.services, { name: '市生态环境局', shortName: '环境局' })).id;
    await buildUser(t.services, {
      username: 'hb_steward',
      departmentId: hb,
      roles: [{ role: 'dept_steward', departmentId: hb }],
    });
    stewardHb = await t.login('hb_steward');
  });
  afterAll(() => t.close());

  it('takes a request with sensitive items through the provider and the operator to a grant', async () => {
    const created = await request(f.consumer, {
      resourceId: W,
      items: ['姓名', '性别', '出生日期', '手机号码'],
      unmaskedItems: ['姓名'],
      expectedDailyVolume: 100,
    });
    expect(created.statusCode, created.body).toBe(201);
    const r = created.json();
    expect(r).toMatchObject({
      status: 'pending',
      consumerDepartmentId: f.ga,
      providerDepartmentId: f.mz,
      sensitiveItems: ['姓名', '手机号码'],
      overdue: false,
      grantId: null,
      createdBy: 'reader',
    });
    const hours = (Date.parse(r.dueAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);

    const inbox = await get(f.stewardMz, '/api/sharing/requests?box=inbox');
    expect(inbox.json().items.map((x: { id: string }) => x.id)).toContain(r.id);
    const mine = await get(f.stewardGa, '/api/sharing/requests');
    expect(mine.json().items.map((x: { id: string }) => x.id)).toContain(r.id);
    expect((await get(f.stewardMz, '/api/sharing/requests')).json().items).toEqual([]);

    // Only the provider's steward decides first: not the consumer, nor its steward.
    expect(error(await act(f.consumer, r.id, 'approve'))).toEqual([403, 'FORBIDDEN']);
    expect(error(await act(f.stewardGa, r.id, 'approve'))).toEqual([403, 'FORBIDDEN']);
    expect(error(await act(f.stewardGa, r.id, 'reject', { reason: '自己驳回' }))).toEqual([403, 'FORBIDDEN']);

    const first = await act(f.stewardMz, r.id, 'approve', {
      items: ['姓名', '性别', '手机号码'],
      unmaskedItems: ['姓名'],
      dailyQuota: 1000,
      ratePerMinute: 30,
      comment: '同意，限用于低保审核',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'second_review',
      approvedItems: ['姓名', '性别', '手机号码'],
      approvedUnmasked: ['姓名'],
      firstDecidedBy: 'mz_steward',
      grantId: null,
    });
    // The second review is the operator's.
    expect(error(await act(f.stewardMz, r.id, 'approve'))).toEqual([403, 'FORBIDDEN']);
    const reviews = await get(f.admin, '/api/sharing/requests?box=inbox&status=second_review');
    expect(reviews.json().items.map((x: { id: string }) => x.id)).toEqual([r.id]);

    // The operator may narrow further (but never widen).
    const widen = await act(f.admin, r.id, 'approve', { items: ['姓名', '出生日期'] });
    expect(error(widen)).toEqual([400, 'SHARING_ITEMS_INVALID']);
    const second = await act(f.admin, r.id, 'approve', { items: ['姓名', '性别'] });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({
      status: 'approved',
      approvedItems: ['姓名', '性别'],
      approvedUnmasked: ['姓名'],
      secondDecidedBy: 'root',
      overdue: false,
    });
    const grantId = second.json().grantId as string;
    const grant = await get(f.consumer, `/api/sharing/grants/${grantId}`);
    expect(grant.statusCode, grant.body).toBe(200);
    expect(grant.json()).toMatchObject({
      resourceId: W,
      consumerDepartmentId: f.ga,
      source: 'approval',
      requestId: r.id,
      items: ['姓名', '性别'],
      unmaskedItems: ['姓名'],
      maskedItems: [],
      purpose: '最低生活保障资格审核',
      usageModes: ['query', 'verify'],
      // The provider's limits survive the operator's review.
      dailyQuota: 1000,
      ratePerMinute: 30,
      expectedDailyVolume: 100,
      state: 'active',
    });
    expect(grant.json().validTo).toBe(new Date(`${daysFromToday(366)}T00:00:00+08:00`).toISOString());
    // Decided requests cannot be decided again.
    expect(error(await act(f.admin, r.id, 'approve'))).toEqual([409, 'SHARING_REQUEST_STATE']);

    const trail = await t.services.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE object_id = $1 AND outcome = 'success' ORDER BY id`,
      [r.id],
    );
    expect(trail.rows.map((x) => x.action)).toEqual([
      'sharing.request.create',
      'sharing.request.approve_first',
      'sharing.request.approve',
    ]);
  });

  it('grants at once when the operator turns off the second approval of sensitive items', async () => {
    const R = await conditional('婚姻登记信息');
    const off = await t.call(f.admin, {
      method: 'PATCH',
      url: '/api/sharing/policy',
      payload: { secondApprovalSensitive: false },
    });
    expect(off.json().secondApprovalSensitive).toBe(false);
    try {
      const r = await pending(R, ['姓名', '手机号码']);
      const approved = await act(f.stewardMz, r.id, 'approve');
      expect(approved.json()).toMatchObject({ status: 'approved', grantId: expect.any(String) });
      const grant = await get(f.consumer, `/api/sharing/grants/${approved.json().grantId}`);
      expect(grant.json()).toMatchObject({ items: ['姓名', '手机号码'], maskedItems: ['姓名', '手机号码'] });
    } finally {
      await t.call(f.admin, {
        method: 'PATCH',
        url: '/api/sharing/policy',
        payload: { secondApprovalSensitive: true },
      });
    }
    const byProvider = await t.call(f.stewardMz, {
      method: 'PATCH',
      url: '/api/sharing/policy',
      payload: { secondApprovalSensitive: false },
    });
    expect(error(byProvider)).toEqual([403, 'FORBIDDEN']);
  });

  it('lets the provider approve fewer items for a shorter period, and nothing beyond the request', async () => {
    const r = await pending(W, ['性别', '出生日期']);
    const notRequested = await act(f.stewardMz, r.id, 'approve', { items: ['性别', '手机号码'] });
    expect(error(notRequested)).toEqual([400, 'SHARING_ITEMS_INVALID']);
    expect(notRequested.json().error.details.fields).toEqual([
      expect.objectContaining({ field: 'items', code: 'NOT_REQUESTED' }),
    ]);
    const clearNotAsked = await act(f.stewardMz, r.id, 'approve', { unmaskedItems: ['性别'] });
    expect(error(clearNotAsked)).toEqual([400, 'SHARING_ITEMS_INVALID']);
    const longer = await act(f.stewardMz, r.id, 'approve', { periodTo: daysFromToday(400) });
    expect(error(longer)).toEqual([400, 'REQUEST_VALIDATION_FAILED']);
    expect(longer.json().error.details.fields[0].field).toBe('periodTo');
    // Nothing was decided by the refused attempts.
    expect((await get(f.consumer, `/api/sharing/requests/${r.id}`)).json().status).toBe('pending');

    const approved = await act(f.stewardMz, r.id, 'approve', {
      items: ['性别'],
      periodTo: daysFromToday(30),
    });
    expect(approved.statusCode, approved.body).toBe(200);
    // No sensitive item: no second review.
    expect(approved.json()).toMatchObject({
      status: 'approved',
      approvedItems: ['性别'],
      approvedTo: daysFromToday(30),
      secondDecidedBy: null,
    });
    const grant = await get(f.stewardGa, `/api/sharing/grants/${approved.json().grantId}`);
    expect(grant.json()).toMatchObject({ items: ['性别'], state: 'active' });
    // The grant ends when the approved last day ends, China Standard Time.
    expect(grant.json().validTo).toBe(new Date(`${daysFromToday(31)}T00:00:00+08:00`).toISOString());
  });

  it('refuses malformed requests: unknown items, clear text for plain items, a past period', async () => {
    const unknown = await request(f.consumer, { resourceId: W, items: ['性别', '不存在的项'] });
    expect(error(unknown)).toEqual([400, 'SHARING_ITEMS_INVALID']);
    expect(unknown.json().error.details.fields).toEqual([
      expect.objectContaining({ field: 'items', code: 'UNKNOWN_ITEM' }),
    ]);
    const plain = await request(f.consumer, { resourceId: W, items: ['性别'], unmaskedItems: ['性别'] });
    expect(plain.json().error.details.fields[0]).toMatchObject({ code: 'NOT_SENSITIVE' });
    const past = await request(f.consumer, {
      resourceId: W,
      items: ['性别'],
      periodFrom: daysFromToday(-30),
      periodTo: daysFromToday(-1),
    });
    expect(error(past)).toEqual([400, 'REQUEST_VALIDATION_FAILED']);
    const ghost = await request(f.consumer, { resourceId: GHOST, items: ['性别'] });
    expect(ghost.statusCode).toBe(404);
    // Nor may a department request for another one.
    const forOther = await request(f.consumer, {
      resourceId: W,
      items: ['性别'],
      consumerDepartmentId: f.mz,
    });
    expect(error(forOther)).toEqual([403, 'FORBIDDEN']);
  });

  it('rejects with a reason, lets the consumer withdraw, and refuses a second open request', async () => {
    const r = await pending(W);
    const twice = await request(f.stewardGa, { resourceId: W, items: ['性别'] });
    expect(error(twice)).toEqual([409, 'SHARING_REQUEST_DUPLICATE']);

    expect((await act(f.stewardMz, r.id, 'reject', { reason: '' })).statusCode).toBe(400);
    const rejected = await act(f.stewardMz, r.id, 'reject', { reason: '申请用途与该资源的共享条件不符' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      reason: '申请用途与该资源的共享条件不符',
      firstDecidedBy: 'mz_steward',
      grantId: null,
    });
    expect(error(await act(f.stewardMz, r.id, 'reject', { reason: '再次驳回' }))).toEqual([
      409,
      'SHARING_REQUEST_STATE',
    ]);
    expect(error(await act(f.stewardMz, r.id, 'approve'))).toEqual([409, 'SHARING_REQUEST_STATE']);

    // Once decided, the department may ask again; withdrawing is the consumer's, not the provider's.
    const again = await pending(W);
    expect(error(await act(f.stewardMz, again.id, 'withdraw'))).toEqual([403, 'FORBIDDEN']);
    const withdrawn = await act(f.consumer, again.id, 'withdraw');
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    expect(error(await act(f.consumer, again.id, 'withdraw'))).toEqual([409, 'SHARING_REQUEST_STATE']);
    expect(error(await act(f.stewardMz, again.id, 'approve'))).toEqual([409, 'SHARING_REQUEST_STATE']);
  });

  it('keeps a request to its two departments: others get 404, not a hint', async () => {
    const r = await pending(W);
    expect(error(await get(stewardHb, `/api/sharing/requests/${r.id}`))).toEqual([
      404,
      'SHARING_REQUEST_NOT_FOUND',
    ]);
    expect(error(await act(stewardHb, r.id, 'approve'))).toEqual([404, 'SHARING_REQUEST_NOT_FOUND']);
    expect(error(await act(stewardHb, r.id, 'withdraw'))).toEqual([404, 'SHARING_REQUEST_NOT_FOUND']);
    expect(error(await get(f.consumer, `/api/sharing/requests/${GHOST}`))).toEqual([
      404,
      'SHARING_REQUEST_NOT_FOUND',
    ]);
    expect(error(await act(f.stewardMz, GHOST, 'approve'))).toEqual([404, 'SHARING_REQUEST_NOT_FOUND']);
    const lists = [
      await get(stewardHb, '/api/sharing/requests'),
      await get(stewardHb, '/api/sharing/requests?box=inbox'),
    ];
    for (const list of lists) expect(list.json().items).toEqual([]);
    expect(error(await get(stewardHb, '/api/sharing/requests?box=all'))).toEqual([403, 'FORBIDDEN']);
    // The probe left a trace.
    const probes = await t.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE object_id = $1 AND outcome = 'denied'`,
      [r.id],
    );
    expect(probes.rows[0]!.n).toBeGreaterThanOrEqual(3);
    // Both sides see it.
    expect((await get(f.stewardGa, `/api/sharing/requests/${r.id}`)).statusCode).toBe(200);
    expect((await get(f.stewardMz, `/api/sharing/requests/${r.id}`)).statusCode).toBe(200);
    await act(f.consumer, r.id, 'withdraw');
  });

  it('refuses to take requests for a 不予共享 resource, with its legal basis', async () => {
    const res = await request(f.consumer, { resourceId: none, items: ['姓名'] });
    expect(error(res)).toEqual([403, 'SHARING_NOT_REQUESTABLE']);
    expect(res.json().error.details.legalBasis).toBe(LEGAL_NONE);
    const page = await get(f.consumer, `/api/sharing/resources/${none}`);
    expect(page.json()).toMatchObject({
      sharingType: 'none',
      requestable: false,
      selfService: false,
      sharingCondition: LEGAL_NONE,
    });
    const self = await t.call(f.consumer, {
      method: 'POST',
      url: '/api/sharing/self-service',
      payload: { resourceId: none, purpose: '收养核查', usageModes: ['query'], confirm: true },
    });
    expect(error(self)).toEqual([403, 'SHARING_NOT_REQUESTABLE']);
    expect(self.json().error.details.legalBasis).toBe(LEGAL_NONE);
    const none_ = await t.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sharing_request WHERE resource_id = $1`,
      [none],
    );
    expect(none_.rows[0]!.n).toBe(0);
  });

  it('grants 无条件共享 at once by self-service, and only those', async () => {
    const self = await t.call(f.consumer, {
      method: 'POST',
      url: '/api/sharing/self-service',
      payload: {
        resourceId: free,
        purpose: '社会组织资质核验',
        usageModes: ['query', 'verify'],
        confirm: true,
      },
    });
    expect(self.statusCode, self.body).toBe(201);
    expect(self.json()).toMatchObject({
      resourceId: free,
      consumerDepartmentId: f.ga,
      source: 'self_service',
      purpose: '社会组织资质核验',
      state: 'active',
    });
    expect(self.json().items).toHaveLength(11);
    const recorded = await get(f.consumer, `/api/sharing/requests?resourceId=${free}`);
    expect(recorded.json().items).toEqual([
      expect.objectContaining({ status: 'approved', grantId: self.json().id }),
    ]);
    const unconfirmed = await t.call(f.consumer, {
      method: 'POST',
      url: '/api/sharing/self-service',
      payload: { resourceId: free, purpose: '社会组织资质核验', usageModes: ['query'], confirm: false },
    });
    expect(unconfirmed.statusCode).toBe(400);
    const onConditional = await t.call(f.consumer, {
      method: 'POST',
      url: '/api/sharing/self-service',
      payload: { resourceId: W, purpose: '社会组织资质核验', usageModes: ['query'], confirm: true },
    });
    expect(error(onConditional)).toEqual([409, 'SHARING_SELF_SERVICE_ONLY_UNCONDITIONAL']);
  });

  it('takes supporting documents on a request and serves them to both sides only', async () => {
    const r = await pending(W);
    const content = Buffer.concat([TINY_PDF, Buffer.from('% 委托书\n')]);
    const upload = multipart({}, { name: '授权委托书.pdf', type: 'application/pdf', content });
    const attached = await t.call(f.consumer, {
      method: 'POST',
      url: `/api/sharing/requests/${r.id}/attachments`,
      ...upload,
    });
    expect(attached.statusCode, attached.body).toBe(201);
    const a = attached.json();
    expect(a).toMatchObject({
      fileName: '授权委托书.pdf',
      contentType: 'application/pdf',
      fileSize: content.length,
      fileSm3: sm3(content),
    });
    const shown = await get(f.stewardMz, `/api/sharing/requests/${r.id}`);
    expect(shown.json().attachments).toEqual([expect.objectContaining({ id: a.id })]);

    const download = await get(f.stewardMz, `/api/sharing/requests/${r.id}/attachments/${a.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/pdf');
    expect(String(download.headers['content-disposition'])).toContain(encodeURIComponent('授权委托书.pdf'));
    expect(download.rawPayload.equals(content)).toBe(true);

    expect((await get(stewardHb, `/api/sharing/requests/${r.id}/attachments/${a.id}`)).statusCode).toBe(404);
    expect((await get(f.consumer, `/api/sharing/requests/${r.id}/attachments/${GHOST}`)).statusCode).toBe(
      404,
    );
    // Documents are the applicant's to add.
    const byProvider = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/sharing/requests/${r.id}/attachments`,
      ...multipart({}, { name: 'x.pdf', type: 'application/pdf', content: TINY_PDF }),
    });
    expect(error(byProvider)).toEqual([403, 'FORBIDDEN']);
    const notMultipart = await t.call(f.consumer, {
      method: 'POST',
      url: `/api/sharing/requests/${r.id}/attachments`,
      payload: { file: 'x' },
    });
    expect(notMultipart.statusCode).toBe(415);
    await act(f.consumer, r.id, 'withdraw');
  });

  it('records security agreements: a signed PDF, every field, by the operator only', async () => {
    const fields = {
      departmentId: f.ga,
      title: '政务信息资源共享安全保密协议（2025）',
      parties: '甲方：市大数据管理局；乙方：市公安局',
      signedOn: daysFromToday(-1),
      validFrom: daysFromToday(0),
      validTo: daysFromToday(730),
    };
    const pdf = { name: '协议.pdf', type: 'application/pdf', content: TINY_PDF };
    const post = (token: string, body: ReturnType<typeof multipart>) =>
      t.call(token, { method: 'POST', url: '/api/sharing/agreements', ...body });

    const notPdf = await post(
      f.admin,
      multipart(fields, { name: '协议.pdf', type: 'application/pdf', content: Buffer.from('not a pdf') }),
    );
    expect(error(notPdf)).toEqual([400, 'SHARING_AGREEMENT_FILE_INVALID']);
    const { title: _t, validTo: _v, ...partial } = fields;
    const missing = await post(f.admin, multipart({ ...partial, signedOn: '2025-13-45x' }, pdf));
    expect(error(missing)).toEqual([400, 'REQUEST_VALIDATION_FAILED']);
    expect((missing.json().error.details.fields as { field: string }[]).map((x) => x.field).sort()).toEqual([
      'signedOn',
      'title',
      'validTo',
    ]);
    expect(error(await post(f.stewardGa, multipart(fields, pdf)))).toEqual([403, 'FORBIDDEN']);
    expect(error(await post(f.stewardMz, multipart(fields, pdf)))).toEqual([403, 'FORBIDDEN']);
    const before = await t.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sharing_agreement`,
    );

    const created = await post(f.admin, multipart(fields, pdf));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      departmentId: f.ga,
      title: fields.title,
      state: 'in_force',
      fileName: '协议.pdf',
      fileSize: TINY_PDF.length,
      fileSm3: sm3(TINY_PDF),
    });
    const after = await t.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sharing_agreement`,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
    const id = created.json().id as string;
    const file = await get(f.stewardGa, `/api/sharing/agreements/${id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(TINY_PDF)).toBe(true);
    expect(error(await get(f.stewardMz, `/api/sharing/agreements/${id}/file`))).toEqual([
      404,
      'SHARING_AGREEMENT_NOT_FOUND',
    ]);
    const own = await get(f.stewardMz, '/api/sharing/agreements');
    expect(own.json()).toEqual([]);
    const gaList = await get(f.stewardGa, '/api/sharing/agreements');
    expect(gaList.json().map((a: { id: string }) => a.id)).toContain(id);

    const revoked = await t.call(f.admin, {
      method: 'POST',
      url: `/api/sharing/agreements/${id}/revoke`,
      payload: { reason: '协议内容有误，重新签订' },
    });
    expect(revoked.json()).toMatchObject({ state: 'revoked', revokeReason: '协议内容有误，重新签订' });
  });

  it('marks requests unanswered past the response deadline as overdue', async () => {
    const patched = await t.call(f.admin, {
      method: 'PATCH',
      url: '/api/sharing/policy',
      payload: { responseHours: 1 },
    });
    expect(patched.json()).toMatchObject({ responseHours: 1, updatedBy: 'root' });
    try {
      const R = await conditional('残疾人证信息');
      const r = await pending(R, ['性别']);
      const hours = (Date.parse(r.dueAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(0.9);
      expect(hours).toBeLessThanOrEqual(1);
      expect((await get(f.admin, '/api/sharing/requests?box=all&overdue=true')).json().items).toEqual([]);

      // Let the hour pass.
      await t.services.db.query(
        `UPDATE sharing_request SET due_at = now() - interval '5 minutes' WHERE id = $1`,
        [r.id],
      );
      expect((await get(f.consumer, `/api/sharing/requests/${r.id}`)).json().overdue).toBe(true);
      const overdue = await get(f.admin, '/api/sharing/requests?box=all&overdue=true');
      expect(overdue.statusCode, overdue.body).toBe(200);
      expect(overdue.json()).toMatchObject({
        total: 1,
        items: [expect.objectContaining({ id: r.id, overdue: true })],
      });
      const inbox = await get(f.stewardMz, '/api/sharing/requests?box=inbox&overdue=true');
      expect(inbox.json().items.map((x: { id: string }) => x.id)).toEqual([r.id]);
      expect(error(await get(f.stewardMz, '/api/sharing/requests?box=all&overdue=true'))).toEqual([
        403,
        'FORBIDDEN',
      ]);

      // Answered, it is no longer overdue.
      await act(f.stewardMz, r.id, 'approve');
      expect((await get(f.consumer, `/api/sharing/requests/${r.id}`)).json().overdue).toBe(false);
      expect((await get(f.admin, '/api/sharing/requests?box=all&overdue=true')).json().total).toBe(0);
    } finally {
      await t.call(f.admin, { method: 'PATCH', url: '/api/sharing/policy', payload: { responseHours: 72 } });
    }
    expect((await t.services.audit.verify()).ok).toBe(true);
  });
});
