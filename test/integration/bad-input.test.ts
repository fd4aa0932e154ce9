import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createTestApp, domainCounts, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, buildUser, uniqueUscc } from '../support/factories.ts';

/**
 * The bad-input table: every request here is refused with the one error shape and a stable code,
 * and none of them changes anything.
 */
describe.each(ENGINES)('bad input on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  let stewardA: string;
  let revokedKey: string;
  let expiredSession: string;
  let deptA: string;
  let deptB: string;
  let userB: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    deptA = (await buildDepartment(t.services)).id;
    deptB = (await buildDepartment(t.services)).id;
    await buildUser(t.services, {
      username: 'root',
      roles: [{ role: 'platform_admin', departmentId: null }],
    });
    await buildUser(t.services, {
      username: 'steward_a',
      departmentId: deptA,
      roles: [{ role: 'dept_steward', departmentId: deptA }],
    });
    userB = (
      await buildUser(t.services, {
        username: 'clerk_b',
        departmentId: deptB,
        roles: [{ role: 'dept_consumer', departmentId: deptB }],
      })
    ).id;
    admin = await t.login('root');
    stewardA = await t.login('steward_a');
    const key = await t.call(admin, {
      method: 'POST',
      url: '/api/api-keys',
      payload: { name: 'old system', departmentId: deptA },
    });
    revokedKey = key.json().secret;
    await t.call(admin, { method: 'POST', url: `/api/api-keys/${key.json().apiKey.id}/revoke` });
    expiredSession = await t.login('steward_a');
    await t.testDb.db.query(
      `UPDATE session SET expires_at = now() - interval '1 minute' WHERE id = (SELECT id FROM session ORDER BY created_at DESC LIMIT 1)`,
    );
  });
  afterAll(() => t.close());

  const validDepartment = () => ({
    name: '市新设局',
    shortName: '新设局',
    uscc: uniqueUscc(),
    regionCode: '320700',
  });

  type Case = {
    name: string;
    token: () => string | null;
    req: () => InjectOptions;
    status: number;
    code: string;
    field?: string;
  };
  const json = (url: string, payload: string, method: 'POST' | 'PATCH' = 'POST'): InjectOptions => ({
    method,
    url,
    payload,
    headers: { 'content-type': 'application/json' },
  });

  const cases: Case[] = [
    {
      name: 'malformed JSON',
      token: () => admin,
      req: () => json('/api/departments', '{"name": "市新设局",'),
      status: 400,
      code: 'REQUEST_INVALID_BODY',
    },
    {
      name: 'empty JSON body',
      token: () => admin,
      req: () => json('/api/departments', ''),
      status: 400,
      code: 'REQUEST_INVALID_BODY',
    },
    {
      name: 'JSON of the wrong shape (array)',
      token: () => admin,
      req: () => json('/api/departments', '[]'),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
    },
    {
      name: 'wrong type',
      token: () => admin,
      req: () => ({ method: 'POST', url: '/api/departments', payload: { ...validDepartment(), name: 42 } }),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'name',
    },
    {
      name: 'missing field',
      token: () => admin,
      req: () => ({
        method: 'POST',
        url: '/api/departments',
        payload: { name: '市新设局', shortName: '新设局', regionCode: '320700' },
      }),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'uscc',
    },
    {
      name: 'unknown field',
      token: () => admin,
      req: () => ({ method: 'POST', url: '/api/departments', payload: { ...validDepartment(), budget: 1 } }),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'budget',
    },
    {
      name: 'control characters in a name',
      token: () => admin,
      req: () => ({
        method: 'POST',
        url: '/api/departments',
        payload: { ...validDepartment(), name: 'a\u0000b' },
      }),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'name',
    },
    {
      name: 'bad uuid in the path',
      token: () => admin,
      req: () => ({ method: 'GET', url: "/api/departments/1'%20OR%20'1'='1" }),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'id',
    },
    {
      name: 'bad query parameter',
      token: () => admin,
      req: () => ({ method: 'GET', url: '/api/users?limit=-1' }),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'limit',
    },
    {
      name: 'an offset past any bound',
      token: () => admin,
      req: () => ({ method: 'GET', url: '/api/users?offset=1e20' }),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'offset',
    },
    {
      name: 'a NUL byte in a query parameter',
      token: () => admin,
      req: () => ({ method: 'GET', url: '/api/departments?q=a%00b' }),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'q',
    },
    {
      name: 'a lone surrogate in a JSON body',
      token: () => admin,
      req: () =>
        json(
          '/api/departments',
          JSON.stringify({ ...validDepartment(), name: 'x' }).replace('"name":"x"', '"name":"\\ud800"'),
        ),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'name',
    },
    {
      name: 'a NUL byte in a JSON body field without a pattern',
      token: () => admin,
      req: () => ({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'root', password: 'Test-passw0rd\u0000' },
      }),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'password',
    },
    {
      name: 'unknown query parameter',
      token: () => admin,
      req: () => ({ method: 'GET', url: '/api/users?admin=true' }),
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      field: 'admin',
    },
    {
      name: '10 MB body',
      token: () => admin,
      req: () =>
        json(
          '/api/departments',
          JSON.stringify({ ...validDepartment(), name: 'x'.repeat(10 * 1024 * 1024) }),
        ),
      status: 413,
      code: 'REQUEST_TOO_LARGE',
    },
    {
      name: 'unsupported content type',
      token: () => admin,
      req: () => ({
        method: 'POST',
        url: '/api/departments',
        payload: 'name=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      status: 415,
      code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'unknown route',
      token: () => admin,
      req: () => ({ method: 'GET', url: '/api/no-such-thing' }),
      status: 404,
      code: 'ROUTE_NOT_FOUND',
    },
    {
      name: 'wrong password',
      token: () => null,
      req: () => ({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'root', password: 'wrong-password-1' },
      }),
      status: 401,
      code: 'AUTH_INVALID_CREDENTIALS',
    },
    {
      name: 'no credentials',
      token: () => null,
      req: () => ({ method: 'POST', url: '/api/departments', payload: validDepartment() }),
      status: 401,
      code: 'AUTH_REQUIRED',
    },
    {
      name: 'expired session',
      token: () => expiredSession,
      req: () => ({ method: 'POST', url: '/api/api-keys', payload: { name: 'x', departmentId: deptA } }),
      status: 401,
      code: 'AUTH_SESSION_EXPIRED',
    },
    {
      name: 'revoked key',
      token: () => revokedKey,
      req: () => ({ method: 'GET', url: '/api/api-keys' }),
      status: 401,
      code: 'AUTH_API_KEY_REVOKED',
    },
    {
      name: 'garbage bearer token',
      token: () => 'tbk_abcdefgh_nothing',
      req: () => ({ method: 'GET', url: '/api/api-keys' }),
      status: 401,
      code: 'AUTH_API_KEY_INVALID',
    },
    {
      name: "another department's object",
      token: () => stewardA,
      req: () => ({ method: 'POST', url: '/api/api-keys', payload: { name: 'x', departmentId: deptB } }),
      status: 403,
      code: 'FORBIDDEN',
    },
    {
      name: "another department's user",
      token: () => stewardA,
      req: () => ({ method: 'GET', url: `/api/users/${userB}` }),
      status: 403,
      code: 'FORBIDDEN',
    },
    {
      name: 'an action above the role',
      token: () => stewardA,
      req: () => ({
        method: 'POST',
        url: '/api/users',
        payload: { username: 'sneaky', displayName: 'x', password: 'Long-enough-1' },
      }),
      status: 403,
      code: 'FORBIDDEN',
    },
    {
      name: 'a department that does not exist',
      token: () => admin,
      req: () => ({
        method: 'POST',
        url: '/api/api-keys',
        payload: { name: 'x', departmentId: '00000000-0000-4000-8000-000000000000' },
      }),
      status: 404,
      code: 'ORG_DEPARTMENT_NOT_FOUND',
    },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}, nothing written`, async () => {
      const before = await domainCounts(t);
      const res = await t.call(c.token(), c.req());
      expect(res.statusCode).toBe(c.status);
      const body = res.json();
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error.code).toBe(c.code);
      expect(typeof body.error.message).toBe('string');
      expect(body.error.message.length).toBeGreaterThan(0);
      if (c.field)
        expect(body.error.details.fields.map((f: { field: string }) => f.field)).toContain(c.field);
      expect(res.headers['x-request-id']).toBeTruthy();
      const after = await domainCounts(t);
      // A failed login adds no session; everything else adds nothing anywhere.
      expect(after).toEqual(before);
    });
  }

  // SQL metacharacters in every string field of every write: stored and returned verbatim, or refused
  // by validation; never interpreted.
  const nasty = [
    "'; DROP TABLE department; --",
    'Robert"); DELETE FROM app_user;--',
    "%' OR '1'='1",
    '\\x27 $1 $$ ;',
  ];

  it('SQL metacharacters in department fields are data, not SQL', async () => {
    for (const [i, s] of nasty.entries()) {
      const res = await t.call(admin, {
        method: 'POST',
        url: '/api/departments',
        payload: { name: `${s}${i}`, shortName: s, uscc: uniqueUscc(), regionCode: '320700' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ name: `${s}${i}`, shortName: s });
      const bad = await t.call(admin, {
        method: 'POST',
        url: '/api/departments',
        payload: {
          name: `x${i}`,
          shortName: 'x',
          uscc: s.slice(0, 18).padEnd(18, "'"),
          regionCode: '320700',
        },
      });
      expect(bad.statusCode).toBe(400);
      const regionBad = await t.call(admin, {
        method: 'POST',
        url: '/api/departments',
        payload: { name: `y${i}`, shortName: 'y', uscc: uniqueUscc(), regionCode: s },
      });
      expect(regionBad.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
    }
    const { rows } = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user');
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('SQL metacharacters in user fields, search and filters are data, not SQL', async () => {
    for (const s of nasty) {
      const res = await t.call(admin, {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'meta.user', displayName: s, password: `${s}Aa1` },
      });
      if (res.statusCode === 201) {
        expect(res.json().displayName).toBe(s);
        await t.testDb.db.query(`DELETE FROM app_user WHERE username = 'meta.user'`);
      } else {
        expect(res.statusCode).toBe(400);
      }
      const badName = await t.call(admin, {
        method: 'POST',
        url: '/api/users',
        payload: { username: s, displayName: 'x', password: 'Long-enough-1' },
      });
      expect(badName.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
      for (const url of [
        `/api/users?q=${encodeURIComponent(s)}`,
        `/api/audit?actor=${encodeURIComponent(s)}&action=${encodeURIComponent(s)}&objectType=${encodeURIComponent(s)}&objectId=${encodeURIComponent(s)}`,
      ]) {
        const r = await t.call(admin, { method: 'GET', url });
        expect(r.statusCode).toBe(200);
        expect(r.json().items).toEqual([]);
      }
      // The previous test stored departments with these names: search finds exactly those, literally.
      const found = await t.call(admin, {
        method: 'GET',
        url: `/api/departments?q=${encodeURIComponent(s)}`,
      });
      expect(found.json().items.length).toBeGreaterThan(0);
      for (const d of found.json().items as { name: string; shortName: string }[]) {
        expect(d.name.includes(s) || d.shortName.includes(s)).toBe(true);
      }
      const login = await t.call(null, {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: s, password: s },
      });
      expect(login.statusCode).toBe(401);
      const key = await t.call(admin, {
        method: 'POST',
        url: '/api/api-keys',
        payload: { name: s, departmentId: deptA },
      });
      expect(key.json().apiKey.name).toBe(s);
    }
    const { rows } = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM department');
    expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
  });
});
