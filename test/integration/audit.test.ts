import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, buildUser } from '../support/factories.ts';

describe.each(ENGINES)('audit log on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    await buildUser(t.services, {
      username: 'root',
      roles: [{ role: 'platform_admin', departmentId: null }],
    });
    admin = await t.login('root');
    const dept = await buildDepartment(t.services);
    await t.call(admin, {
      method: 'POST',
      url: '/api/api-keys',
      payload: { name: 'k', departmentId: dept.id },
    });
    await t.call(null, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'root', password: 'wrong-password' },
    });
  });
  afterAll(() => t.close());

  const verify = async () => (await t.call(admin, { method: 'GET', url: '/api/audit/verify' })).json();
  const asAttacker = (sql: string, params: unknown[] = []) =>
    // Someone with database rights can drop the append-only trigger; only the hash chain still tells.
    t.testDb.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
  /** Tampers with entry `id`, runs `check`, then puts the original row back for the next test. */
  async function tampered(id: number, sql: string, check: () => Promise<void>) {
    const { rows } = await t.testDb.db.query('SELECT * FROM audit_log WHERE id = $1', [id]);
    const original = rows[0] as Record<string, unknown>;
    await asAttacker(sql, [id]);
    try {
      await check();
    } finally {
      const cols = Object.keys(original);
      await asAttacker('DELETE FROM audit_log WHERE id = $1', [id]);
      await asAttacker(
        `INSERT INTO audit_log (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
        cols.map((c) => (c === 'details' ? JSON.stringify(original[c]) : original[c])),
      );
      expect((await verify()).ok).toBe(true);
    }
  }

  it('records who did what to which object, from where, with what outcome', async () => {
    const res = await t.call(admin, { method: 'GET', url: '/api/audit?limit=100' });
    const actions = res
      .json()
      .items.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.login:success',
        'auth.login:failure',
        'apikey.create:success',
        'department.create:success',
        'user.create:success',
      ]),
    );
    const login = res
      .json()
      .items.find(
        (e: { action: string; outcome: string }) => e.action === 'auth.login' && e.outcome === 'success',
      );
    expect(login).toMatchObject({
      actorName: 'root',
      actorKind: 'user',
      objectType: 'user',
      ip: '127.0.0.1',
    });
    expect(login.requestId).toBeTruthy();
  });

  it('filters by actor, action, outcome and time', async () => {
    const failures = await t.call(admin, {
      method: 'GET',
      url: '/api/audit?action=auth.login&outcome=failure',
    });
    expect(failures.json().total).toBe(1);
    const future = await t.call(admin, {
      method: 'GET',
      url: `/api/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    });
    expect(future.json().total).toBe(0);
    const byActor = await t.call(admin, { method: 'GET', url: '/api/audit?actor=ro' });
    expect(byActor.json().items.every((e: { actorName: string }) => e.actorName.includes('ro'))).toBe(true);
    const wildcard = await t.call(admin, {
      method: 'GET',
      url: `/api/audit?actor=${encodeURIComponent('%')}`,
    });
    expect(wildcard.json().total).toBe(0);
    const actions = await t.call(admin, { method: 'GET', url: '/api/audit/actions' });
    expect(actions.json().items).toContain('apikey.create');
  });

  it('the application cannot change or delete an entry', async () => {
    await expect(t.testDb.db.query(`UPDATE audit_log SET outcome = 'success' WHERE id = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.testDb.db.query('DELETE FROM audit_log WHERE id = 1')).rejects.toThrow(/append-only/);
  });

  it('the chain verifies', async () => {
    const report = await verify();
    expect(report).toMatchObject({ ok: true, firstBrokenId: null });
    const { rows } = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(report.checked).toBe(rows[0]!.n);
  });

  it('detects an edited outcome: a failed login made to look successful', async () => {
    const { rows } = await t.testDb.db.query<{ id: string }>(
      `SELECT id FROM audit_log WHERE action = 'auth.login' AND outcome = 'failure' ORDER BY id LIMIT 1`,
    );
    const id = Number(rows[0]!.id);
    await tampered(id, `UPDATE audit_log SET outcome = 'success' WHERE id = $1`, async () => {
      expect(await verify()).toMatchObject({
        ok: false,
        firstBrokenId: String(id),
        reason: 'content does not match its hash',
      });
    });
  });

  it('detects edited details', async () => {
    await tampered(
      2,
      `UPDATE audit_log SET details = '{"username":"someone-else"}' WHERE id = $1`,
      async () => {
        expect((await verify()).firstBrokenId).toBe('2');
      },
    );
  });

  it('detects a replaced hash', async () => {
    await tampered(2, `UPDATE audit_log SET hash = repeat('a', 64) WHERE id = $1`, async () => {
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: '2' });
    });
  });

  it('detects a deleted entry', async () => {
    await tampered(3, 'DELETE FROM audit_log WHERE id = $1', async () => {
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: '4', reason: 'entry 3 is missing' });
    });
  });

  it('concurrent writers still form one unbroken chain', async () => {
    const actor = { id: null, name: 'load', kind: 'system' as const, ip: null, requestId: null };
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.services.audit.record(actor, { action: 'test.concurrent', outcome: 'success', details: { i } }),
      ),
    );
    expect((await verify()).ok).toBe(true);
  });

  it('a failed change leaves no audit entry claiming it happened', async () => {
    const before = (await t.call(admin, { method: 'GET', url: '/api/audit?action=user.create' })).json()
      .total;
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'root', displayName: 'dup', password: 'Long-enough-1' },
    });
    expect(res.statusCode).toBe(409);
    expect((await t.call(admin, { method: 'GET', url: '/api/audit?action=user.create' })).json().total).toBe(
      before,
    );
  });
});
