import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, buildUser, TEST_PASSWORD } from '../support/factories.ts';

describe.each(ENGINES)('auth on %s', (engine) => {
  let t: TestApp;
  let deptId: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    deptId = (await buildDepartment(t.services)).id;
    await buildUser(t.services, {
      username: 'root',
      roles: [{ role: 'platform_admin', departmentId: null }],
    });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

  it('signs in: HttpOnly SameSite cookie and a bearer token for the same session', async () => {
    const res = await login('root', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^tbs_/);
    expect(body.user.username).toBe('root');
    const cookie = res.cookies.find((c) => c.name === 'tb_session');
    expect(cookie).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Lax', path: '/' });
    const viaCookie = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { tb_session: body.token },
    });
    expect(viaCookie.json().user.username).toBe('root');
    expect(viaCookie.json().csrfToken).toBe(body.csrfToken);
    const viaBearer = await t.call(body.token, { method: 'GET', url: '/api/auth/me' });
    expect(viaBearer.json().user.roles).toEqual([
      { role: 'platform_admin', departmentId: null, departmentName: null },
    ]);
  });

  it('refuses a wrong password and an unknown user alike, and audits both', async () => {
    const wrong = await login('root', 'not-the-password');
    const unknown = await login('nobody', 'whatever-password');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const log = await t.services.audit.search({ action: 'auth.login', outcome: 'failure' }, 10, 0);
    expect(log.items.map((e) => e.details.reason)).toEqual(
      expect.arrayContaining(['wrong_password', 'unknown_user']),
    );
  });

  it('locks an account after five failures, even for the right password, and says so', async () => {
    await buildUser(t.services, { username: 'victim' });
    for (let i = 0; i < 5; i++) expect((await login('victim', 'bad-guess-123')).statusCode).toBe(401);
    const locked = await login('victim', TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('AUTH_RATE_LIMITED');
    const log = await t.services.audit.search({ action: 'auth.login', outcome: 'denied' }, 10, 0);
    expect(
      log.items.some((e) => e.details.username === 'victim' && e.details.reason === 'rate_limited'),
    ).toBe(true);
  });

  it('rate-limits one address trying many accounts', async () => {
    // Other tests in this file used the same address; count only from here.
    await t.testDb.db.query('DELETE FROM login_attempt');
    for (let i = 0; i < 30; i++) await login(`spray${i}`, 'bad-guess-123');
    const res = await login('root', TEST_PASSWORD);
    expect(res.statusCode).toBe(429);
    await t.testDb.db.query('DELETE FROM login_attempt');
  });

  it('answers in English when the caller prefers it', async () => {
    const res = await login('root', 'nope-nope-nope', { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.json().error.message).toBe('Wrong username or password');
    const zh = await login('root', 'nope-nope-nope');
    expect(zh.json().error.message).toBe('用户名或密码错误');
    await t.testDb.db.query('DELETE FROM login_attempt');
  });

  it('requires the CSRF token on cookie-authenticated writes, not on bearer writes', async () => {
    const { token, csrfToken } = (await login('root', TEST_PASSWORD)).json();
    const payload = { name: 'csrf test', departmentId: deptId };
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      cookies: { tb_session: token },
      payload,
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('AUTH_CSRF_FAILED');
    const wrongToken = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      cookies: { tb_session: token },
      headers: { 'x-csrf-token': 'x'.repeat(csrfToken.length) },
      payload,
    });
    expect(wrongToken.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      cookies: { tb_session: token },
      headers: { 'x-csrf-token': csrfToken },
      payload,
    });
    expect(ok.statusCode).toBe(201);
    const bearer = await t.call(token, { method: 'POST', url: '/api/api-keys', payload });
    expect(bearer.statusCode).toBe(201);
  });

  it('logs out: the session stops working at once', async () => {
    const token = await t.login('root');
    expect((await t.call(token, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    const after = await t.call(token, { method: 'GET', url: '/api/auth/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('an expired session is refused with AUTH_SESSION_EXPIRED; no credentials with AUTH_REQUIRED', async () => {
    const token = await t.login('root');
    await t.testDb.db.query(`UPDATE session SET expires_at = now() - interval '1 second'`);
    const res = await t.call(token, { method: 'GET', url: '/api/users' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_SESSION_EXPIRED');
    const anon = await t.call(null, { method: 'GET', url: '/api/users' });
    expect(anon.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('a disabled account cannot sign in and loses its sessions', async () => {
    const user = await buildUser(t.services, {
      username: 'leaver',
      departmentId: deptId,
      roles: [{ role: 'dept_steward', departmentId: deptId }],
    });
    const session = await t.login('leaver');
    const admin = await t.login('root');
    const res = await t.call(admin, {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { status: 'disabled' },
    });
    expect(res.statusCode).toBe(200);
    expect((await t.call(session, { method: 'GET', url: '/api/api-keys' })).statusCode).toBe(401);
    expect((await login('leaver', TEST_PASSWORD)).json().error.code).toBe('AUTH_ACCOUNT_DISABLED');
  });

  describe('API keys', () => {
    it('are issued once, listed by prefix only, and revoked on the next request', async () => {
      const admin = await t.login('root');
      const created = await t.call(admin, {
        method: 'POST',
        url: '/api/api-keys',
        payload: { name: '不动产登记系统', departmentId: deptId },
      });
      expect(created.statusCode).toBe(201);
      const { apiKey, secret } = created.json();
      expect(secret).toMatch(new RegExp(`^tbk_${apiKey.prefix}_`));

      const list = await t.call(admin, { method: 'GET', url: `/api/api-keys?departmentId=${deptId}` });
      expect(list.body).not.toContain(secret);
      expect(list.body).not.toContain(secret.slice(13));
      expect(list.json().items.map((k: { id: string }) => k.id)).toContain(apiKey.id);
      const { rows } = await t.testDb.db.query<{ secret_hash: string }>(
        'SELECT secret_hash FROM api_key WHERE id = $1',
        [apiKey.id],
      );
      expect(rows[0]!.secret_hash).not.toContain(secret.slice(13));

      const me = await t.call(secret, { method: 'GET', url: '/api/auth/me' });
      expect(me.statusCode).toBe(200);
      expect(me.json().user).toMatchObject({ kind: 'apikey', department: { id: deptId } });

      const revoked = await t.call(admin, { method: 'POST', url: `/api/api-keys/${apiKey.id}/revoke` });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().revokedAt).not.toBeNull();
      const after = await t.call(secret, { method: 'GET', url: '/api/auth/me' });
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('AUTH_API_KEY_REVOKED');
      // Revoking twice is harmless and keeps the first revocation time.
      const again = await t.call(admin, { method: 'POST', url: `/api/api-keys/${apiKey.id}/revoke` });
      expect(again.statusCode).toBe(200);
      expect(again.json().revokedAt).toBe(revoked.json().revokedAt);
    });

    it('a forged key with a real prefix is refused', async () => {
      const admin = await t.login('root');
      const { apiKey } = (
        await t.call(admin, {
          method: 'POST',
          url: '/api/api-keys',
          payload: { name: 'x', departmentId: deptId },
        })
      ).json();
      const res = await t.call(`tbk_${apiKey.prefix}_forgedforgedforgedforgedforgedforged`, {
        method: 'GET',
        url: '/api/auth/me',
      });
      expect(res.json().error.code).toBe('AUTH_API_KEY_INVALID');
    });

    it('an expired key is refused', async () => {
      const admin = await t.login('root');
      const { apiKey, secret } = (
        await t.call(admin, {
          method: 'POST',
          url: '/api/api-keys',
          payload: {
            name: 'short-lived',
            departmentId: deptId,
            expiresAt: new Date(Date.now() + 60_000).toISOString(),
          },
        })
      ).json();
      await t.testDb.db.query(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        apiKey.id,
      ]);
      expect((await t.call(secret, { method: 'GET', url: '/api/auth/me' })).json().error.code).toBe(
        'AUTH_API_KEY_EXPIRED',
      );
    });
  });
});
