import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, buildUser, TEST_PASSWORD, testActor } from '../support/factories.ts';
import { IdentityService } from '../../src/modules/identity/service.ts';
import type { AppError } from '../../src/core/errors.ts';

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

  /**
   * The identity service on this database with a clock the test moves: attempts are decided by counts, and the
   * waits are read from the throttle rows, never from elapsed time.
   */
  function throttled(start = new Date()) {
    let now = start;
    const identity = new IdentityService(t.testDb.db, t.services.audit, t.services.org, {
      sessionTtlHours: 8,
      throttle: { windowMinutes: 15, maxPerAccount: 5, maxPerIp: 30 },
      clock: () => now,
    });
    return {
      async attempt(username: string, password: string, ip: string): Promise<string> {
        const actor = { ...testActor, kind: 'anonymous' as const, name: null, ip };
        return identity.login(actor, username, password, null).then(
          () => 'ok',
          (err: AppError) => err.code,
        );
      },
      advance(seconds: number) {
        now = new Date(now.getTime() + seconds * 1000);
      },
      /** Seconds from the clock's now until the account's next attempt is checked (0: at once). */
      async waitFor(username: string): Promise<number> {
        const { rows } = await t.testDb.db.query<{ next_at: Date }>(
          `SELECT next_at FROM login_throttle WHERE scope = 'account' AND key = $1`,
          [username],
        );
        const next = rows[0]?.next_at;
        return next ? Math.max(0, Math.round((next.getTime() - now.getTime()) / 1000)) : 0;
      },
    };
  }

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
    const log = await t.services.audit.search({ action: 'auth.login', outcome: 'failure' }, { limit: 10 });
    expect(log.items.map((e) => e.details.reason)).toEqual(
      expect.arrayContaining(['wrong_password', 'unknown_user']),
    );
  });

  it('after five failures the account waits 1 s, 2 s, 4 s …; the owner signs in once the wait is over', async () => {
    await buildUser(t.services, { username: 'victim' });
    const clock = throttled();
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      // Each wrong guess comes exactly when the previous wait ends, so each is checked.
      expect(await clock.attempt('victim', 'bad-guess-123', '10.0.0.1')).toBe('AUTH_INVALID_CREDENTIALS');
      waits.push(await clock.waitFor('victim'));
      clock.advance(waits.at(-1)!);
    }
    expect(waits).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16]);
    // Within the wait even the right password is not checked …
    const before = await clock.attempt('victim', 'bad-guess-123', '10.0.0.1');
    expect(before).toBe('AUTH_INVALID_CREDENTIALS');
    expect(await clock.attempt('victim', TEST_PASSWORD, '10.0.0.1')).toBe('AUTH_RATE_LIMITED');
    // … and once it is over it works, and clears the account's waits.
    clock.advance(await clock.waitFor('victim'));
    expect(await clock.attempt('victim', TEST_PASSWORD, '10.0.0.1')).toBe('ok');
    expect(await clock.waitFor('victim')).toBe(0);
    expect(await clock.attempt('victim', 'bad-guess-123', '10.0.0.1')).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('the wait is capped: growing delays, never a lockout', async () => {
    await buildUser(t.services, { username: 'patient' });
    const clock = throttled();
    let last = 0;
    for (let i = 0; i < 20; i++) {
      await clock.attempt('patient', 'bad-guess-123', '10.0.0.9');
      last = await clock.waitFor('patient');
      clock.advance(last);
    }
    expect(last).toBe(15 * 60);
    expect(await clock.attempt('patient', TEST_PASSWORD, '10.0.0.9')).toBe('ok');
  });

  it('a throttled sign-in is a 429 with Retry-After, audited as denied; the right password works after the wait', async () => {
    await buildUser(t.services, { username: 'owner' });
    const clock = throttled();
    for (let i = 0; i < 10; i++) {
      await clock.attempt('owner', 'bad-guess-123', '10.0.0.3');
      if (i < 9) clock.advance(await clock.waitFor('owner'));
    }
    // The clock ran 31 s of waits ahead of real time, and the tenth failure set a 32 s wait beyond that: the
    // real-time HTTP request falls inside it.
    const refused = await login('owner', TEST_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('AUTH_RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(32);
    expect(retryAfter).toBeLessThanOrEqual(63);
    expect(refused.json().error.details.retryAfterSeconds).toBe(retryAfter);
    const log = await t.services.audit.search({ action: 'auth.login', outcome: 'denied' }, { limit: 10 });
    expect(log.items.some((e) => e.details.username === 'owner' && e.details.reason === 'rate_limited')).toBe(
      true,
    );
    // Not a lockout: once the wait is over the owner's password is checked and works, and clears the waits.
    clock.advance(await clock.waitFor('owner'));
    expect(await clock.attempt('owner', TEST_PASSWORD, '10.0.0.3')).toBe('ok');
    expect((await login('owner', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('30 concurrent wrong guesses: only the free five are checked against the password', async () => {
    await buildUser(t.services, { username: 'raced' });
    const clock = throttled();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => clock.attempt('raced', `bad-guess-${i}`, `10.1.0.${i}`)),
    );
    expect(results.filter((r) => r === 'AUTH_INVALID_CREDENTIALS')).toHaveLength(5);
    expect(results.filter((r) => r === 'AUTH_RATE_LIMITED')).toHaveLength(25);
    const { rows } = await t.testDb.db.query<{ failures: number }>(
      `SELECT failures FROM login_throttle WHERE scope = 'account' AND key = 'raced'`,
    );
    expect(rows[0]!.failures).toBe(5);
    // The addresses the refused guesses came from were not charged for them.
    const charged = await t.testDb.db.query<{ n: number }>(
      `SELECT coalesce(sum(failures), 0)::int AS n FROM login_throttle WHERE scope = 'ip' AND key LIKE '10.1.0.%'`,
    );
    expect(charged.rows[0]!.n).toBe(5);
  });

  it('one address spraying accounts: 30 free guesses, concurrent or not, then waits', async () => {
    const clock = throttled();
    const results = await Promise.all(
      Array.from({ length: 45 }, (_, i) => clock.attempt(`spray${i}`, 'bad-guess-123', '10.2.0.1')),
    );
    expect(results.filter((r) => r === 'AUTH_INVALID_CREDENTIALS')).toHaveLength(30);
    expect(results.filter((r) => r === 'AUTH_RATE_LIMITED')).toHaveLength(15);
    // The right password of another account from that address waits too; from elsewhere it works.
    await buildUser(t.services, { username: 'bystander' });
    expect(await clock.attempt('bystander', TEST_PASSWORD, '10.2.0.1')).toBe('AUTH_RATE_LIMITED');
    expect(await clock.attempt('bystander', TEST_PASSWORD, '10.2.0.2')).toBe('ok');
  });

  it("a success never resets the address's count, only the account's", async () => {
    await buildUser(t.services, { username: 'insider' });
    const clock = throttled();
    for (let i = 0; i < 29; i++)
      expect(await clock.attempt(`probe${i}`, 'bad-guess-123', '10.3.0.1')).toBe('AUTH_INVALID_CREDENTIALS');
    // A success from the same address (an attacker's own account, say) …
    expect(await clock.attempt('insider', TEST_PASSWORD, '10.3.0.1')).toBe('ok');
    // … leaves the 29 failures standing: the thirtieth is the last free one.
    expect(await clock.attempt('probe29', 'bad-guess-123', '10.3.0.1')).toBe('AUTH_INVALID_CREDENTIALS');
    expect(await clock.attempt('probe30', 'bad-guess-123', '10.3.0.1')).toBe('AUTH_RATE_LIMITED');
  });

  it('failures are forgotten once the window has passed after the last wait', async () => {
    await buildUser(t.services, { username: 'forgetful' });
    const clock = throttled();
    for (let i = 0; i < 5; i++) await clock.attempt('forgetful', 'bad-guess-123', '10.4.0.1');
    expect(await clock.attempt('forgetful', 'bad-guess-123', '10.4.0.1')).toBe('AUTH_RATE_LIMITED');
    clock.advance(15 * 60 + 2);
    for (let i = 0; i < 5; i++)
      expect(await clock.attempt('forgetful', 'bad-guess-123', '10.4.0.1')).toBe('AUTH_INVALID_CREDENTIALS');
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
    // Both refusals are audited as denied, with what was attempted; nothing was created.
    const refusals = await t.services.audit.search({ action: 'auth.csrf', outcome: 'denied' }, { limit: 10 });
    expect(refusals.items.map((e) => e.details)).toEqual([
      { method: 'POST', path: '/api/api-keys', tokenSent: true },
      { method: 'POST', path: '/api/api-keys', tokenSent: false },
    ]);
    expect(refusals.items[0]!.actorName).toBe('root');
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
