import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/index.ts';
import { AppError } from '../../src/core/errors.ts';
import { buildServices, type Services } from '../../src/server/context.ts';
import type { Caller } from '../../src/modules/sharing/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, personRow, publishResource } from '../support/exchange.ts';
import { buildAgreement, buildGrant, TINY_PDF } from '../support/sharing.ts';

type Row = Record<string, unknown>;

/** The per-minute limits count per clock minute: start a short sequence of calls well inside one. */
async function sameMinute() {
  const into = Date.now() % 60_000;
  if (into > 45_000) await new Promise((r) => setTimeout(r, 60_500 - into));
}

/** The refusal code of a settled call, or 'ok'. */
const codeOf = (r: PromiseSettledResult<unknown>) =>
  r.status === 'fulfilled' ? 'ok' : r.reason instanceof AppError ? r.reason.code : String(r.reason);

describe.each(ENGINES)('sharing limits and refusals on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  let P: string;
  /** A second process's services on the same database (its own caches, its own access log). */
  let other: Services;
  let otherDb: Db | null = null;
  const people: Row[] = Array.from({ length: 12 }, (_, i) => personRow(501 + i));
  const idOf = (r: Row) => r.身份证号 as string;

  async function apiKey(departmentId: string, name: string) {
    const res = await t.call(f.admin, {
      method: 'POST',
      url: '/api/api-keys',
      payload: { name, departmentId },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ apiKey: { id: string }; secret: string }>();
    return { id: body.apiKey.id, secret: body.secret };
  }

  /** A system of 公安局 calling the data service in process, as the data routes would. */
  const callerOf = (keyId: string): Caller => ({
    actor: { id: keyId, name: '公安局业务系统', kind: 'apikey', ip: '10.0.0.9', requestId: null },
    consumerDepartmentId: f.ga,
    apiKeyId: keyId,
  });

  // Data accesses are rows of sharing_access_log (migration 0011); other refusals stay audit entries.
  const deniedEntries = async (action: string, code?: string) =>
    (
      await t.services.db.query<{ n: number }>(
        action.startsWith('data.')
          ? `SELECT count(*)::int AS n FROM sharing_access_log WHERE action = $1 AND outcome = 'denied'
                AND ($2::text IS NULL OR code = $2)`
          : `SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND outcome = 'denied'
                AND ($2::text IS NULL OR details->>'code' = $2)`,
        [action, code ?? null],
      )
    ).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
    P = (await publishResource(t, f.admin, f.mz)).id;
    const pushed = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${P}/records`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson(people),
    });
    expect(pushed.statusCode, pushed.body).toBe(200);
    await buildAgreement(t.services, f.ga);
    // PGlite is one in-process database: the second instance shares it. PostgreSQL: a pool of its own.
    if (t.testDb.url) otherDb = await openDb({ databaseUrl: t.testDb.url, dataDir: 'memory://' });
    other = buildServices(otherDb ?? t.services.db, { sessionTtlHours: 8 });
  });
  afterAll(async () => {
    await otherDb?.close();
    await t.close();
  });

  it('holds a grant’s per-minute rate across two service instances (SHARING_RATE_LIMITED)', async () => {
    const purpose = '治安案件人员核查';
    await buildGrant(t.services, {
      resourceId: P,
      consumerDepartmentId: f.ga,
      agreement: false,
      purpose,
      items: ['性别'],
      ratePerMinute: 5,
    });
    const key = await apiKey(f.ga, '公安局治安系统');
    await sameMinute();
    const calls = people
      .slice(0, 8)
      .map((p, i) => (i % 2 ? other : t.services).sharing.data.lookup(callerOf(key.id), P, idOf(p), purpose));
    const codes = (await Promise.allSettled(calls)).map(codeOf).sort();
    expect(codes).toEqual([
      'SHARING_RATE_LIMITED',
      'SHARING_RATE_LIMITED',
      'SHARING_RATE_LIMITED',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    expect(await deniedEntries('data.lookup', 'SHARING_RATE_LIMITED')).toBe(3);
    // Refused calls do not take a place: the minute stays full, in either instance.
    await expect(
      t.services.sharing.data.lookup(callerOf(key.id), P, idOf(people[0]!), purpose),
    ).rejects.toMatchObject({
      code: 'SHARING_RATE_LIMITED',
    });
    await expect(
      other.sharing.data.lookup(callerOf(key.id), P, idOf(people[0]!), purpose),
    ).rejects.toMatchObject({
      code: 'SHARING_RATE_LIMITED',
    });
    const counted = await t.services.db.query<{ calls: number }>(
      `SELECT calls FROM sharing_rate_window WHERE subject LIKE 'grant:%' ORDER BY minute DESC LIMIT 1`,
    );
    expect(counted.rows[0]!.calls).toBe(5);
  });

  it('limits verifications per API key across instances, and flags the burst for the provider', async () => {
    const purpose = '户籍身份核验';
    const { grant } = await buildGrant(t.services, {
      resourceId: P,
      consumerDepartmentId: f.ga,
      agreement: false,
      purpose,
      items: ['姓名', '性别'],
      unmaskedItems: ['姓名'],
      usageModes: ['verify'],
    });
    const patched = await t.call(f.admin, {
      method: 'PATCH',
      url: '/api/sharing/policy',
      payload: { verifyPerMinute: 4 },
    });
    expect(patched.json().verifyPerMinute).toBe(4);
    try {
      // The other instance remembers 公安局's grants for a few seconds; a grant issued elsewhere shows after that.
      other.sharing.gate.forget();
      const a = await apiKey(f.ga, '公安局窗口核验系统');
      const b = await apiKey(f.ga, '公安局自助终端');
      await sameMinute();
      const verify = (s: Services, keyId: string, p: Row) =>
        s.sharing.data.verify(
          callerOf(keyId),
          P,
          { fields: { 身份证号: idOf(p), 姓名: p.姓名 as string } },
          purpose,
        );
      const burst = await Promise.allSettled(
        people.slice(0, 7).map((p, i) => verify(i % 2 ? other : t.services, a.id, p)),
      );
      const codes = burst.map(codeOf).sort();
      expect(codes).toEqual([
        'SHARING_VERIFY_RATE_LIMITED',
        'SHARING_VERIFY_RATE_LIMITED',
        'SHARING_VERIFY_RATE_LIMITED',
        'ok',
        'ok',
        'ok',
        'ok',
      ]);
      for (const r of burst) if (r.status === 'fulfilled') expect(r.value).toMatchObject({ match: true });
      // The limit is the key's: another key of the same department verifies on.
      await expect(verify(other, b.id, people[0]!)).resolves.toMatchObject({ match: true });
      // The provider sees the burst flagged on the grant.
      const usage = await t.call(f.stewardMz, {
        method: 'GET',
        url: `/api/sharing/usage?grantId=${grant.id}`,
      });
      expect(usage.statusCode, usage.body).toBe(200);
      expect(usage.json().flags).toEqual([
        expect.objectContaining({
          grantId: grant.id,
          kind: 'verify_burst',
          baseline: 4,
          acknowledgedAt: null,
        }),
      ]);
      expect(usage.json().flags[0].calls).toBeGreaterThan(4);
      // Over HTTP the refusal is a 429 with its own code.
      const res = await t.call(a.secret, {
        method: 'POST',
        url: `/api/data/${P}/verify`,
        headers: { 'x-purpose': encodeURIComponent(purpose) },
        payload: { fields: { 身份证号: idOf(people[0]!), 姓名: people[0]!.姓名 } },
      });
      expect([res.statusCode, res.json().error.code]).toEqual([429, 'SHARING_VERIFY_RATE_LIMITED']);
    } finally {
      await t.call(f.admin, {
        method: 'PATCH',
        url: '/api/sharing/policy',
        payload: { verifyPerMinute: 60 },
      });
    }
  });

  it('serves attachments and agreement files only as their real type, or as an opaque download', async () => {
    const request = await t.call(f.stewardGa, {
      method: 'POST',
      url: '/api/sharing/requests',
      payload: {
        resourceId: P,
        items: ['性别'],
        purpose: '附件类型检查',
        legalBasis: '《中华人民共和国居民身份证法》第十五条',
        usageModes: ['query'],
        periodFrom: new Date().toISOString().slice(0, 10),
        periodTo: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      },
    });
    expect(request.statusCode, request.body).toBe(201);
    const id = request.json().id as string;
    const upload = (name: string, type: string, content: Buffer) => {
      const boundary = '----tongban';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.call(f.stewardGa, {
        method: 'POST',
        url: `/api/sharing/requests/${id}/attachments`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    };
    const download = (attachmentId: string) =>
      t.call(f.stewardMz, { method: 'GET', url: `/api/sharing/requests/${id}/attachments/${attachmentId}` });

    const html = await upload(
      '说明.html',
      'text/html',
      Buffer.from('<script>alert(document.cookie)</script>'),
    );
    expect(html.statusCode, html.body).toBe(201);
    expect(html.json().contentType).toBe('application/octet-stream');
    const got = await download(html.json().id);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.body).toContain('<script>');

    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(16),
    ]);
    const image = await upload('盖章页.png', 'text/html', png);
    expect(image.json().contentType).toBe('image/png');
    const shown = await download(image.json().id);
    expect(shown.headers['content-type']).toBe('image/png');
    expect(shown.headers['x-content-type-options']).toBe('nosniff');

    const pdf = await upload('函件.pdf', 'application/x-msdownload', TINY_PDF);
    expect((await download(pdf.json().id)).headers['content-type']).toBe('application/pdf');

    // A row stored before the allow-list (declared text/html) is recognised again when served.
    await t.services.db.query(`UPDATE sharing_attachment SET content_type = 'text/html' WHERE id = $1`, [
      html.json().id,
    ]);
    expect((await download(html.json().id)).headers['content-type']).toBe('application/octet-stream');

    const agreement = await buildAgreement(t.services, f.mz);
    const file = await t.call(f.admin, {
      method: 'GET',
      url: `/api/sharing/agreements/${agreement.id}/file`,
    });
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('audits every refusal of a list filter or a consumer department', async () => {
    const refused = async (res: LightMyRequestResponse, action: string, before: number) => {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(await deniedEntries(action)).toBe(before + 1);
    };
    // A business user's approval inbox: it approves nothing.
    let before = await deniedEntries('sharing.approve');
    await refused(
      await t.call(f.consumer, { method: 'GET', url: '/api/sharing/requests?box=inbox' }),
      'sharing.approve',
      before,
    );
    // Another department's usage, named.
    before = await deniedEntries('sharing.usage');
    await refused(
      await t.call(f.stewardGa, { method: 'GET', url: `/api/sharing/usage?departmentId=${f.mz}` }),
      'sharing.usage',
      before,
    );
    // Every request and grant of the city: an auditor's list.
    before = await deniedEntries('audit.read');
    await refused(
      await t.call(f.stewardGa, { method: 'GET', url: '/api/sharing/grants?box=all' }),
      'audit.read',
      before,
    );
    // The operator belongs to no department: a request needs one named.
    before = await deniedEntries('sharing.request');
    await refused(
      await t.call(f.admin, {
        method: 'POST',
        url: '/api/sharing/requests',
        payload: {
          resourceId: P,
          items: ['性别'],
          purpose: '无部门申请',
          legalBasis: '无',
          usageModes: ['query'],
          periodFrom: new Date().toISOString().slice(0, 10),
          periodTo: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
        },
      }),
      'sharing.request',
      before,
    );
  });
});
