import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { makeIdCard } from '../../src/lib/validators/index.ts';
import { chinaDaysFromNow, chinaToday } from '../../src/lib/time.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { datasetName as name, openFixture, type OpenFixture } from '../support/open.ts';

const PASSWORD = 'Dev-passw0rd!';
const rows = Array.from({ length: 12 }, (_, i) => ({
  编号: `F${String(i + 1).padStart(3, '0')}`,
  名称: `便民服务点${i + 1}`,
  区县: ['海州区', '连云区', '赣榆区'][i % 3],
  金额: (i + 1) * 10,
  负责人身份证号: makeIdCard({ regionCode: '320706', birthDate: '1980-01-01', sequence: 100 + i }),
}));

type Json = Record<string, unknown>;

describe.each(ENGINES)('open data developers on %s', (engine) => {
  let t: TestApp;
  let f: OpenFixture;
  const codes = new Map<string, string>();
  let ipSeq = 0;
  /** Each registration from an address of its own, so the per-address send limit stays out of the way. */
  const nextIp = () => `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

  const post = (url: string, payload: unknown, opts: Partial<InjectOptions> = {}) =>
    t.app.inject({ method: 'POST', url, payload: payload as Json, ...opts });

  async function register(contact: string, ip = nextIp()): Promise<string> {
    const r = await post(
      '/api/auth/register',
      { contact, displayName: '开发者', password: PASSWORD },
      {
        remoteAddress: ip,
      },
    );
    expect(r.statusCode, r.body).toBe(202);
    const stored = r.json<{ contact: string }>().contact;
    const v = await post(
      '/api/auth/register/verify',
      { contact, code: codes.get(stored) },
      { remoteAddress: ip },
    );
    expect(v.statusCode, v.body).toBe(201);
    return v.json<{ token: string }>().token;
  }

  async function newKey(token: string, keyName = '测试密钥'): Promise<{ id: string; secret: string }> {
    const r = await t.call(token, {
      method: 'POST',
      url: '/api/open/developer/keys',
      payload: { name: keyName },
    });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json<{ key: { id: string }; secret: string }>();
    return { id: body.key.id, secret: body.secret };
  }

  const query = (
    ds: { code: string },
    secret: string | null,
    q: Record<string, string> = {},
    ip = '10.1.1.1',
  ) =>
    t.app.inject({
      method: 'GET',
      url: `/open/api/datasets/${name(ds.code)}/query?${new URLSearchParams(q).toString()}`,
      headers: secret ? { authorization: secret } : {},
      remoteAddress: ip,
    });

  const audits = async (action: string) =>
    (
      await t.testDb.db.query<{ actor_id: string; outcome: string; details: Json; object_id: string }>(
        `SELECT actor_id, outcome, details, object_id FROM audit_log WHERE action = $1 ORDER BY id`,
        [action],
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.services.identity.registration.deliver = (contact, _kind, code) => void codes.set(contact, code);
    const items = [
      buildItem({ name: '编号', isKey: true, length: 10 }),
      buildItem({ name: '名称', length: 50 }),
      buildItem({ name: '区县', length: 10 }),
      buildItem({ name: '金额', dataType: 'N', length: 12 }),
      buildItem({ name: '负责人身份证号', length: 18, semanticTag: 'id_card', sensitive: true }),
    ];
    f = await openFixture(t, items, rows);
  });
  afterAll(() => t?.close());

  describe('registration', () => {
    it('refuses a bad contact and a weak password, naming each field', async () => {
      const r = await post('/api/auth/register', {
        contact: 'not-a-contact',
        displayName: '甲',
        password: 'short',
      });
      expect(r.statusCode).toBe(400);
      const fields = r.json<{ error: { details: { fields: { field: string }[] } } }>().error.details.fields;
      expect(fields.map((x) => x.field).sort()).toEqual(['contact', 'password']);
      const phone = await post('/api/auth/register', {
        contact: '12345678901',
        displayName: '甲',
        password: PASSWORD,
      });
      expect(phone.statusCode).toBe(400);
      expect(await t.testDb.db.query(`SELECT 1 FROM identity_registration`)).toMatchObject({ rows: [] });
    });

    it('registers by email: a code, a wrong try, the right one signs in as developer; a replay and a second registration fail', async () => {
      const ip = nextIp();
      const r = await post(
        '/api/auth/register',
        { contact: ' Dev.One@Example.com ', displayName: '开发者一', password: PASSWORD },
        { remoteAddress: ip },
      );
      expect(r.statusCode, r.body).toBe(202);
      expect(r.json()).toMatchObject({ contact: 'dev.one@example.com' });
      const code = codes.get('dev.one@example.com')!;
      expect(code).toMatch(/^\d{6}$/);
      // Only the code's digest is stored.
      const stored = await t.testDb.db.query<{ code_hash: string }>(
        `SELECT code_hash FROM identity_registration`,
      );
      expect(stored.rows[0]!.code_hash).not.toContain(code);

      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      const bad = await post('/api/auth/register/verify', { contact: 'dev.one@example.com', code: wrong });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        error: { code: 'REGISTRATION_CODE_WRONG', details: { attemptsLeft: 4 } },
      });

      const ok = await post('/api/auth/register/verify', { contact: 'DEV.ONE@example.com', code });
      expect(ok.statusCode, ok.body).toBe(201);
      const session = ok.json<{ token: string; user: { username: string; roles: { role: string }[] } }>();
      expect(session.user.username).toBe('dev.one@example.com');
      expect(session.user.roles.map((x) => x.role)).toEqual(['developer']);
      expect(ok.headers['set-cookie']).toBeDefined();
      const me = await t.call(session.token, { method: 'GET', url: '/api/auth/me' });
      expect(me.statusCode).toBe(200);

      const replay = await post('/api/auth/register/verify', { contact: 'dev.one@example.com', code });
      expect(replay.statusCode).toBe(410);
      expect(replay.json()).toMatchObject({ error: { code: 'REGISTRATION_CODE_EXPIRED' } });
      const again = await post('/api/auth/register', {
        contact: 'dev.one@example.com',
        displayName: '冒名',
        password: PASSWORD,
      });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'REGISTRATION_CONTACT_TAKEN' } });

      // The normal sign-in, with the contact as username.
      expect(await t.login('dev.one@example.com', PASSWORD)).toMatch(/^tbs_/);
      const entries = await audits('auth.register');
      expect(entries.filter((e) => e.outcome === 'success')).toHaveLength(1);
      expect(JSON.stringify(entries)).not.toContain('dev.one@example.com');
    });

    it('limits re-requests per contact, a new code replaces the old one, and expired or dead codes are refused', async () => {
      const reg = t.services.identity.registration;
      const start = Date.now();
      const ip = nextIp();
      const ask = () =>
        post(
          '/api/auth/register',
          { contact: '+86 139-0000-1234', displayName: '手机开发者', password: PASSWORD },
          { remoteAddress: ip },
        );
      try {
        expect((await ask()).statusCode).toBe(202);
        const first = codes.get('13900001234')!;
        const limited = await ask();
        expect(limited.statusCode).toBe(429);
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect(limited.json()).toMatchObject({ error: { code: 'REGISTRATION_RATE_LIMITED' } });

        reg.clock = () => new Date(start + 61_000);
        expect((await ask()).statusCode).toBe(202);
        const second = codes.get('13900001234')!;
        if (second !== first) {
          const old = await post('/api/auth/register/verify', { contact: '13900001234', code: first });
          expect(old.statusCode).toBe(400);
        }
        // Eleven minutes later the code is dead.
        reg.clock = () => new Date(start + 61_000 + 11 * 60_000);
        const late = await post('/api/auth/register/verify', { contact: '13900001234', code: second });
        expect(late.statusCode).toBe(410);

        // A fresh code, five wrong tries, and then even the right one is refused.
        reg.clock = () => new Date(start + 20 * 60_000);
        expect((await ask()).statusCode).toBe(202);
        const third = codes.get('13900001234')!;
        const wrong = String((Number(third) + 1) % 1_000_000).padStart(6, '0');
        for (let i = 0; i < 5; i++) {
          const w = await post('/api/auth/register/verify', { contact: '13900001234', code: wrong });
          expect(w.statusCode).toBe(400);
        }
        const dead = await post('/api/auth/register/verify', { contact: '13900001234', code: third });
        expect(dead.statusCode).toBe(410);
        expect(await t.services.identity.findUserByUsername('13900001234')).toBeUndefined();
      } finally {
        reg.clock = () => new Date();
      }
    });

    it('limits codes per client address', async () => {
      const ip = nextIp();
      let status = 0;
      for (let i = 0; i < 21; i++) {
        const r = await post(
          '/api/auth/register',
          { contact: `many${i}@example.com`, displayName: '多', password: PASSWORD },
          { remoteAddress: ip },
        );
        status = r.statusCode;
        if (i < 20) expect(status).toBe(202);
      }
      expect(status).toBe(429);
    });
  });

  describe('keys, quotas and keyed access', () => {
    let dev: string;
    let key: { id: string; secret: string };

    beforeAll(async () => {
      dev = await register('keys@example.com');
      key = await newKey(dev);
    });

    it('creates a key whose secret is shown once; only developers manage keys', async () => {
      expect(key.secret).toMatch(/^tbo_/);
      const list = await t.call(dev, { method: 'GET', url: '/api/open/developer/keys' });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(key.secret);
      expect(list.json()).toMatchObject({
        items: [{ id: key.id, dailyQuota: 10_000, quotaIsDefault: true, revokedAt: null }],
      });
      const staff = await t.call(f.stewardGa, { method: 'GET', url: '/api/open/developer/keys' });
      expect(staff.statusCode).toBe(403);
      const anon = await t.call(null, { method: 'GET', url: '/api/open/developer/keys' });
      expect(anon.statusCode).toBe(401);
      const bad = await t.call(dev, {
        method: 'POST',
        url: '/api/open/developer/keys',
        payload: { name: '' },
      });
      expect(bad.statusCode).toBe(400);
    });

    it('reads open data with the key in Authorization or X-API-Key; a wrong key is a 401', async () => {
      expect((await query(f.open$, key.secret)).statusCode).toBe(200);
      const viaHeader = await t.app.inject({
        method: 'GET',
        url: `/open/api/3/action/datastore_search?resource_id=${f.open$.id}`,
        headers: { 'x-api-key': key.secret },
      });
      expect(viaHeader.statusCode).toBe(200);
      expect(viaHeader.json<{ result: { records: unknown[] } }>().result.records).toHaveLength(12);
      const wrong = await query(f.open$, `${key.secret.slice(0, -2)}xx`);
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ error: { code: 'OPEN_API_KEY_INVALID' } });
    });

    it('answers 429 with Retry-After over the key’s quota (CKAN-shaped on CKAN routes); usage is counted', async () => {
      const other = await newKey(dev, '配额');
      const set = await t.call(f.admin, {
        method: 'PUT',
        url: `/api/open/keys/${other.id}/quota`,
        payload: { dailyQuota: 2 },
      });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toMatchObject({ dailyQuota: 2, quotaIsDefault: false });
      const notAdmin = await t.call(f.stewardGa, {
        method: 'PUT',
        url: `/api/open/keys/${other.id}/quota`,
        payload: { dailyQuota: 1000 },
      });
      expect(notAdmin.statusCode).toBe(403);
      const all = await t.call(f.admin, { method: 'GET', url: '/api/open/keys?limit=200' });
      expect(all.statusCode).toBe(200);
      expect(all.json<{ items: { id: string; dailyQuota: number }[] }>().items).toContainEqual(
        expect.objectContaining({ id: other.id, dailyQuota: 2 }),
      );
      expect((await t.call(dev, { method: 'GET', url: '/api/open/keys' })).statusCode).toBe(403);
      expect((await query(f.open$, other.secret, { $limit: '5' })).statusCode).toBe(200);
      expect((await query(f.open$, other.secret, { $limit: '3' })).statusCode).toBe(200);
      const over = await query(f.open$, other.secret);
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(over.json()).toMatchObject({ error: { code: 'OPEN_QUOTA_EXCEEDED' } });
      const ckan = await t.app.inject({
        method: 'GET',
        url: `/open/api/3/action/package_list`,
        headers: { authorization: other.secret },
      });
      expect(ckan.statusCode).toBe(429);
      expect(ckan.headers['retry-after']).toBeDefined();
      expect(ckan.json()).toMatchObject({ success: false, error: { __type: expect.any(String) } });

      const usage = await t.call(dev, { method: 'GET', url: `/api/open/developer/keys/${other.id}/usage` });
      expect(usage.statusCode).toBe(200);
      const days = usage.json<{ days: { day: string; calls: number; rows: number }[] }>().days;
      expect(days).toHaveLength(30);
      expect(days.at(-1)).toMatchObject({ day: chinaToday(), calls: 2, rows: 8 });
      const list = await t.call(dev, { method: 'GET', url: '/api/open/developer/keys' });
      const listed = list.json<{ items: { id: string; callsToday: number }[] }>().items;
      expect(listed.find((k) => k.id === other.id)?.callsToday).toBe(2);
      // Another developer's key is nobody else's business.
      const stranger = await register('stranger@example.com');
      const peek = await t.call(stranger, {
        method: 'GET',
        url: `/api/open/developer/keys/${other.id}/usage`,
      });
      expect(peek.statusCode).toBe(404);
      const revoke = await t.call(stranger, {
        method: 'POST',
        url: `/api/open/developer/keys/${other.id}/revoke`,
      });
      expect(revoke.statusCode).toBe(404);
    });

    it('limits anonymous callers per address, each address on its own', async () => {
      const quotas = t.services.open.developers.keys.quotas;
      const before = quotas.anonymousDaily;
      quotas.anonymousDaily = 3;
      try {
        for (let i = 0; i < 3; i++) expect((await query(f.open$, null, {}, '10.7.7.7')).statusCode).toBe(200);
        const over = await query(f.open$, null, {}, '10.7.7.7');
        expect(over.statusCode).toBe(429);
        const download = await t.app.inject({
          method: 'GET',
          url: `/open/api/datasets/${name(f.open$.code)}/download.csv`,
          remoteAddress: '10.7.7.7',
        });
        expect(download.statusCode).toBe(429);
        expect((await query(f.open$, null, {}, '10.7.7.8')).statusCode).toBe(200);
        // The portal's own pages are not metered.
        const page = await t.app.inject({
          method: 'GET',
          url: `/open/api/datasets/${name(f.open$.code)}`,
          remoteAddress: '10.7.7.7',
        });
        expect(page.statusCode).toBe(200);
      } finally {
        quotas.anonymousDaily = before;
      }
    });

    it('a revoked key stops at its next call; revoking again changes nothing', async () => {
      const k = await newKey(dev, '将吊销');
      expect((await query(f.open$, k.secret)).statusCode).toBe(200);
      const r1 = await t.call(dev, { method: 'POST', url: `/api/open/developer/keys/${k.id}/revoke` });
      expect(r1.statusCode).toBe(200);
      expect(r1.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
      const r2 = await t.call(dev, { method: 'POST', url: `/api/open/developer/keys/${k.id}/revoke` });
      expect(r2.json()).toEqual(r1.json());
      expect((await query(f.open$, k.secret)).statusCode).toBe(401);
      expect((await audits('open.key.revoke')).filter((e) => e.object_id === k.id)).toHaveLength(1);
    });
  });

  describe('有条件开放 applications', () => {
    let dev: string;
    let key: { id: string; secret: string };
    let devId: string;
    const apply = (token: string, body: Json) =>
      t.call(token, { method: 'POST', url: '/api/open/developer/applications', payload: body });
    const base = () => ({
      dataset: name(f.conditional$.code),
      purpose: '研究便民服务点的分布与考核情况',
      items: ['编号', '名称'],
      periodEnd: chinaDaysFromNow(90),
    });
    const download = (secret: string) =>
      t.app.inject({
        method: 'GET',
        url: `/open/api/datasets/${name(f.conditional$.code)}/download.csv`,
        headers: { 'x-api-key': secret },
      });
    const datastore = (secret: string | null) =>
      t.app.inject({
        method: 'GET',
        url: `/open/api/3/action/datastore_search?resource_id=${f.conditional$.id}`,
        headers: secret ? { authorization: secret } : {},
      });

    beforeAll(async () => {
      dev = await register('apply@example.com');
      key = await newKey(dev);
      devId = (await t.services.identity.findUserByUsername('apply@example.com'))!.id;
    });

    it('refuses anonymous callers and keys without an application, auditing the keyed refusal', async () => {
      const anon = await query(f.conditional$, null);
      expect(anon.statusCode).toBe(403);
      expect(anon.json()).toMatchObject({ error: { code: 'OPEN_DATASET_CONDITIONAL' } });
      expect((await query(f.conditional$, key.secret)).statusCode).toBe(403);
      const ckan = await datastore(key.secret);
      expect(ckan.statusCode).toBe(403);
      expect(ckan.json()).toMatchObject({ success: false, error: { __type: 'Authorization Error' } });
      expect((await download(key.secret)).statusCode).toBe(403);
      const denied = (await audits('open.conditional.read')).filter((e) => e.outcome === 'denied');
      expect(denied.length).toBe(3);
      expect(denied[0]).toMatchObject({ actor_id: devId, details: { keyId: key.id } });
    });

    it('checks an application: sensitive or unknown items, the period, a 无条件 dataset, a second one', async () => {
      const sensitive = await apply(dev, { ...base(), items: ['编号', '负责人身份证号'] });
      expect(sensitive.statusCode).toBe(400);
      expect(sensitive.json()).toMatchObject({
        error: { details: { fields: [{ field: 'items[1]', code: 'SENSITIVE' }] } },
      });
      const unknown = await apply(dev, { ...base(), items: ['没有这项'] });
      expect(unknown.json()).toMatchObject({ error: { details: { fields: [{ code: 'UNKNOWN_ITEM' }] } } });
      const long = await apply(dev, { ...base(), periodEnd: chinaDaysFromNow(400) });
      expect(long.json()).toMatchObject({ error: { details: { fields: [{ field: 'periodEnd' }] } } });
      const open = await apply(dev, { ...base(), dataset: name(f.open$.code) });
      expect(open.statusCode).toBe(409);
      const steward = await apply(f.stewardGa, base());
      expect(steward.statusCode).toBe(403);
      expect(await t.testDb.db.query(`SELECT 1 FROM open_application`)).toMatchObject({ rows: [] });
    });

    it('pending → approved by the department’s steward: the key reads the approved items only, audited; revocation stops it', async () => {
      const created = await apply(dev, base());
      expect(created.statusCode, created.body).toBe(201);
      const app = created.json<{ id: string; status: string }>();
      expect(app.status).toBe('pending');
      expect((await apply(dev, base())).statusCode).toBe(409);
      expect((await query(f.conditional$, key.secret)).statusCode).toBe(403);

      // Another department's steward neither sees nor decides it.
      const mzList = await t.call(f.stewardMz, { method: 'GET', url: '/api/open/applications' });
      expect(mzList.json()).toMatchObject({ total: 0 });
      const mzDecide = await t.call(f.stewardMz, {
        method: 'POST',
        url: `/api/open/applications/${app.id}/decision`,
        payload: { decision: 'approve' },
      });
      expect(mzDecide.statusCode).toBe(403);
      const devDecide = await t.call(dev, {
        method: 'POST',
        url: `/api/open/applications/${app.id}/decision`,
        payload: { decision: 'approve' },
      });
      expect(devDecide.statusCode).toBe(403);

      const gaList = await t.call(f.stewardGa, {
        method: 'GET',
        url: '/api/open/applications?status=pending',
      });
      expect(gaList.json()).toMatchObject({ total: 1, items: [{ id: app.id, developer: { id: devId } }] });
      const approve = () =>
        t.call(f.stewardGa, {
          method: 'POST',
          url: `/api/open/applications/${app.id}/decision`,
          payload: { decision: 'approve', reason: '用途明确' },
        });
      const approved = await approve();
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'approved', inForce: true });
      expect((await approve()).json()).toMatchObject({ status: 'approved' });
      const reject = await t.call(f.stewardGa, {
        method: 'POST',
        url: `/api/open/applications/${app.id}/decision`,
        payload: { decision: 'reject', reason: '改主意' },
      });
      expect(reject.statusCode).toBe(409);

      const q = await query(f.conditional$, key.secret, { $order: '编号' });
      expect(q.statusCode, q.body).toBe(200);
      const result = q.json<{ columns: { name: string }[]; rows: Json[] }>();
      expect(result.columns.map((c) => c.name)).toEqual(['编号', '名称']);
      expect(result.rows).toHaveLength(12);
      expect(Object.keys(result.rows[0]!)).toEqual(['编号', '名称']);
      // Items outside the approval, and the sensitive one, are no columns at all.
      expect((await query(f.conditional$, key.secret, { $select: '金额' })).statusCode).toBe(400);
      expect((await query(f.conditional$, key.secret, { $where: "负责人身份证号 = 'x'" })).statusCode).toBe(
        400,
      );
      const ckan = await datastore(key.secret);
      expect(ckan.statusCode).toBe(200);
      expect(ckan.json<{ result: { fields: { id: string }[] } }>().result.fields.map((x) => x.id)).toEqual([
        '_id',
        '编号',
        '名称',
      ]);
      const file = await download(key.secret);
      expect(file.statusCode).toBe(200);
      expect(file.body.split('\r\n')[0]).toBe('编号,名称');
      expect(file.body).not.toContain('3207');
      // Anonymous callers and other developers' keys still get 403.
      expect((await datastore(null)).statusCode).toBe(403);
      const otherDev = await register('other@example.com');
      expect((await query(f.conditional$, (await newKey(otherDev)).secret)).statusCode).toBe(403);

      // Every keyed call the approval let through is audited, the two refused by the query's checker too.
      const reads = (await audits('open.conditional.read')).filter((e) => e.outcome === 'success');
      expect(reads.length).toBe(5);
      for (const e of reads)
        expect(e).toMatchObject({
          actor_id: devId,
          object_id: f.conditional$.id,
          details: { keyId: key.id, dataset: name(f.conditional$.code), applicationId: app.id },
        });

      const revoke = await t.call(f.stewardGa, {
        method: 'POST',
        url: `/api/open/applications/${app.id}/revoke`,
        payload: { reason: '发现超范围使用' },
      });
      expect(revoke.statusCode).toBe(200);
      expect(revoke.json()).toMatchObject({ status: 'revoked', inForce: false, reason: '发现超范围使用' });
      expect((await query(f.conditional$, key.secret)).statusCode).toBe(403);
      const mine = await t.call(dev, { method: 'GET', url: '/api/open/developer/applications' });
      expect(mine.json()).toMatchObject({ items: [{ id: app.id, status: 'revoked' }] });
      expect((await audits('open.application.approve')).length).toBe(1);
      expect((await audits('open.application.revoke')).length).toBe(1);
    });

    it('a rejection needs a reason and keeps the dataset closed; an approval whose period ended reads nothing', async () => {
      const created = await apply(dev, base());
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: string }>().id;
      const noReason = await t.call(f.admin, {
        method: 'POST',
        url: `/api/open/applications/${id}/decision`,
        payload: { decision: 'reject' },
      });
      expect(noReason.statusCode).toBe(400);
      const rejected = await t.call(f.admin, {
        method: 'POST',
        url: `/api/open/applications/${id}/decision`,
        payload: { decision: 'reject', reason: '用途不明确' },
      });
      expect(rejected.json()).toMatchObject({ status: 'rejected', reason: '用途不明确' });
      expect((await query(f.conditional$, key.secret)).statusCode).toBe(403);

      const again = await apply(dev, base());
      const againId = again.json<{ id: string }>().id;
      await t.call(f.stewardGa, {
        method: 'POST',
        url: `/api/open/applications/${againId}/decision`,
        payload: { decision: 'approve' },
      });
      expect((await query(f.conditional$, key.secret)).statusCode).toBe(200);
      // The period ended yesterday.
      await t.testDb.db.query(
        `UPDATE open_application SET period_start = $2::date - 30, period_end = $2::date - 1 WHERE id = $1`,
        [againId, chinaToday()],
      );
      expect((await query(f.conditional$, key.secret)).statusCode).toBe(403);
      const listed = await t.call(dev, {
        method: 'GET',
        url: '/api/open/developer/applications?status=approved',
      });
      expect(listed.json()).toMatchObject({ items: [{ id: againId, inForce: false }] });
    });
  });
});
