import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, domainCounts, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, buildUser, uniqueUscc } from '../support/factories.ts';

describe.each(ENGINES)('departments, users and roles on %s', (engine) => {
  let t: TestApp;
  let a: string; // department A
  let b: string; // department B
  let admin: string;
  let stewardA: string;
  let consumerA: string;
  let auditor: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    a = (await buildDepartment(t.services, { name: '市民政局' })).id;
    b = (await buildDepartment(t.services, { name: '市公安局' })).id;
    await buildUser(t.services, {
      username: 'root',
      roles: [{ role: 'platform_admin', departmentId: null }],
    });
    await buildUser(t.services, {
      username: 'steward_a',
      departmentId: a,
      roles: [{ role: 'dept_steward', departmentId: a }],
    });
    await buildUser(t.services, {
      username: 'steward_b',
      departmentId: b,
      roles: [{ role: 'dept_steward', departmentId: b }],
    });
    await buildUser(t.services, {
      username: 'consumer_a',
      departmentId: a,
      roles: [{ role: 'dept_consumer', departmentId: a }],
    });
    await buildUser(t.services, { username: 'audit1', roles: [{ role: 'auditor', departmentId: null }] });
    admin = await t.login('root');
    stewardA = await t.login('steward_a');
    consumerA = await t.login('consumer_a');
    auditor = await t.login('audit1');
  });
  afterAll(() => t.close());

  describe('departments', () => {
    it('creates one with a valid credit code and audits it', async () => {
      const uscc = uniqueUscc();
      const res = await t.call(admin, {
        method: 'POST',
        url: '/api/departments',
        payload: { name: '市档案馆', shortName: '档案馆', uscc, regionCode: '320700', parentId: a },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        name: '市档案馆',
        uscc,
        regionName: '连云港市',
        parentId: a,
        parentName: '市民政局',
      });
      const log = await t.services.audit.search(
        { action: 'department.create', objectId: res.json().id },
        { limit: 5 },
      );
      expect(log.items[0]).toMatchObject({ actorName: 'root', outcome: 'success' });
    });

    it('rejects a credit code with a wrong check digit, naming the field', async () => {
      const good = uniqueUscc();
      const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const res = await t.call(admin, {
        method: 'POST',
        url: '/api/departments',
        payload: { name: '市某局', shortName: '某局', uscc: bad, regionCode: '320700' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields).toEqual([
        expect.objectContaining({ field: 'uscc', code: 'uscc_checksum' }),
      ]);
      expect(res.json().error.details.fields[0].message).toContain('校验位');
    });

    it('refuses duplicate names and codes, unknown regions and parent cycles', async () => {
      const dupName = await t.call(admin, {
        method: 'POST',
        url: '/api/departments',
        payload: { name: '市民政局', shortName: 'x', uscc: uniqueUscc(), regionCode: '320700' },
      });
      expect(dupName.json().error.code).toBe('ORG_DEPARTMENT_NAME_TAKEN');
      const existing = await t.services.org.get(a);
      const dupCode = await t.call(admin, {
        method: 'POST',
        url: '/api/departments',
        payload: { name: '新局', shortName: 'x', uscc: existing.uscc, regionCode: '320700' },
      });
      expect(dupCode.json().error.code).toBe('ORG_DEPARTMENT_USCC_TAKEN');
      const region = await t.call(admin, {
        method: 'POST',
        url: '/api/departments',
        payload: { name: '新局2', shortName: 'x', uscc: uniqueUscc(), regionCode: '110101' },
      });
      expect(region.json().error.code).toBe('ORG_REGION_NOT_FOUND');
      const child = await buildDepartment(t.services, { parentId: a });
      const cycle = await t.call(admin, {
        method: 'PATCH',
        url: `/api/departments/${a}`,
        payload: { parentId: child.id },
      });
      expect(cycle.json().error.code).toBe('ORG_DEPARTMENT_PARENT_CYCLE');
    });

    it('searches by name and pages', async () => {
      const res = await t.call(consumerA, {
        method: 'GET',
        url: `/api/departments?q=${encodeURIComponent('民政')}&limit=1`,
      });
      expect(res.json().items).toHaveLength(1);
      expect(res.json().items[0].name).toBe('市民政局');
      expect(res.json().total).toBeGreaterThanOrEqual(1);
    });

    it('only the platform admin changes departments', async () => {
      const before = await domainCounts(t);
      const res = await t.call(stewardA, {
        method: 'PATCH',
        url: `/api/departments/${a}`,
        payload: { shortName: '改名' },
      });
      expect(res.statusCode).toBe(403);
      expect((await t.services.org.get(a)).shortName).not.toBe('改名');
      expect(await domainCounts(t)).toEqual(before);
    });
  });

  describe('users and roles', () => {
    it('admin creates a user with a department-scoped role', async () => {
      const res = await t.call(admin, {
        method: 'POST',
        url: '/api/users',
        payload: {
          username: 'new.clerk',
          displayName: '新用户',
          password: 'Clerk-pass-01',
          departmentId: a,
          roles: [{ role: 'dept_consumer', departmentId: a }],
        },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        username: 'new.clerk',
        departmentName: '市民政局',
        roles: [{ role: 'dept_consumer', departmentId: a, departmentName: '市民政局' }],
      });
      expect(res.body).not.toContain('password');
      const { rows } = await t.testDb.db.query<{ password_hash: string }>(
        `SELECT password_hash FROM app_user WHERE username = 'new.clerk'`,
      );
      expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses a department role without a department and a city role with one', async () => {
      const res = await t.call(admin, {
        method: 'PUT',
        url: `/api/users/${(await t.services.identity.findUserByUsername('consumer_a'))!.id}/roles`,
        payload: { roles: [{ role: 'dept_steward' }, { role: 'auditor', departmentId: a }] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('USER_ROLE_SCOPE_INVALID');
      expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toEqual([
        'roles.0.departmentId',
        'roles.1.departmentId',
      ]);
    });

    it('refuses weak passwords and taken usernames', async () => {
      const weak = await t.call(admin, {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'weakling', displayName: 'x', password: 'short' },
      });
      expect(weak.json().error.details.fields[0]).toMatchObject({
        field: 'password',
        code: 'password_too_short',
      });
      const taken = await t.call(admin, {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'steward_a', displayName: 'x', password: 'Long-enough-1' },
      });
      expect(taken.json().error.code).toBe('USER_USERNAME_TAKEN');
    });

    it('keeps at least one active platform admin', async () => {
      const root = (await t.services.identity.findUserByUsername('root'))!;
      const res = await t.call(admin, {
        method: 'PUT',
        url: `/api/users/${root.id}/roles`,
        payload: { roles: [] },
      });
      expect(res.json().error.code).toBe('USER_LAST_ADMIN');
    });

    it('a steward sees its own department’s users only; the auditor sees all', async () => {
      const mine = await t.call(stewardA, { method: 'GET', url: '/api/users' });
      expect(mine.statusCode).toBe(200);
      expect(new Set(mine.json().items.map((u: { departmentId: string }) => u.departmentId))).toEqual(
        new Set([a]),
      );
      const all = await t.call(auditor, { method: 'GET', url: '/api/users?limit=500' });
      expect(all.json().items.map((u: { username: string }) => u.username)).toContain('steward_b');
    });

    it('a steward cannot read, create keys for, or revoke keys of another department (IDOR)', async () => {
      const other = (await t.services.identity.findUserByUsername('steward_b'))!;
      const read = await t.call(stewardA, { method: 'GET', url: `/api/users/${other.id}` });
      expect(read.statusCode).toBe(403);
      const before = await domainCounts(t);
      const create = await t.call(stewardA, {
        method: 'POST',
        url: '/api/api-keys',
        payload: { name: 'sneaky', departmentId: b },
      });
      expect(create.statusCode).toBe(403);
      const bKey = await t.services.identity.createApiKey(
        { id: null, name: 'test', kind: 'system', ip: null, requestId: null },
        { name: 'b system', departmentId: b },
      );
      const revoke = await t.call(stewardA, {
        method: 'POST',
        url: `/api/api-keys/${bKey.apiKey.id}/revoke`,
      });
      expect(revoke.statusCode).toBe(403);
      expect((await t.services.identity.getApiKey(bKey.apiKey.id)).revokedAt).toBeNull();
      const after = await domainCounts(t);
      expect(after).toEqual({ ...before, api_key: before.api_key! + 1 });
      const denied = await t.services.audit.search({ actor: 'steward_a', outcome: 'denied' }, { limit: 20 });
      expect(denied.items.map((e) => e.action)).toEqual(
        expect.arrayContaining(['user.read', 'apikey.create', 'apikey.revoke']),
      );
      // A key id that does not exist at all is a 404, not a leak of anything.
      const missing = await t.call(stewardA, {
        method: 'POST',
        url: '/api/api-keys/00000000-0000-4000-8000-000000000000/revoke',
      });
      expect(missing.statusCode).toBe(404);
    });

    it('a steward manages its own department’s keys', async () => {
      const created = await t.call(stewardA, {
        method: 'POST',
        url: '/api/api-keys',
        payload: { name: '婚姻登记系统', departmentId: a },
      });
      expect(created.statusCode).toBe(201);
      const list = await t.call(stewardA, { method: 'GET', url: '/api/api-keys' });
      expect(new Set(list.json().items.map((k: { departmentId: string }) => k.departmentId))).toEqual(
        new Set([a]),
      );
      expect(
        (await t.call(stewardA, { method: 'POST', url: `/api/api-keys/${created.json().apiKey.id}/revoke` }))
          .statusCode,
      ).toBe(200);
    });

    it('consumers and citizens cannot list users or read the audit log', async () => {
      await buildUser(t.services, { username: 'citizen1', roles: [{ role: 'citizen', departmentId: null }] });
      const citizen = await t.login('citizen1');
      for (const token of [consumerA, citizen]) {
        expect((await t.call(token, { method: 'GET', url: '/api/users' })).statusCode).toBe(403);
        expect((await t.call(token, { method: 'GET', url: '/api/audit' })).statusCode).toBe(403);
      }
      expect((await t.call(citizen, { method: 'GET', url: '/api/overview' })).statusCode).toBe(403);
      expect((await t.call(consumerA, { method: 'GET', url: '/api/overview' })).statusCode).toBe(200);
    });

    it('admin resets a password: the old one and the user’s sessions stop working', async () => {
      const u = await buildUser(t.services, { username: 'forgetful' });
      const session = await t.login('forgetful');
      const res = await t.call(admin, {
        method: 'POST',
        url: `/api/users/${u.id}/password`,
        payload: { password: 'Brand-new-pass-9' },
      });
      expect(res.statusCode).toBe(204);
      expect((await t.call(session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
      await expect(t.login('forgetful')).rejects.toThrow();
      expect(await t.login('forgetful', 'Brand-new-pass-9')).toMatch(/^tbs_/);
    });
  });

  it('overview figures are counted from the data', async () => {
    const res = await t.call(admin, { method: 'GET', url: '/api/overview' });
    const counts = await domainCounts(t);
    expect(res.json()).toMatchObject({
      departments: counts.department,
      users: counts.app_user,
      regions: { district: 1, town: 0, village: 0 },
    });
    expect(res.json().auditLast24h).toBeGreaterThan(0);
  });
});
