import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, buildUser } from '../support/factories.ts';

type Entry = {
  id: string;
  action: string;
  outcome: string;
  actorName: string;
  actorKind: string;
  objectName: string | null;
  departmentName: string | null;
  shard: number;
  seq: string;
};

describe.each(ENGINES)('audit log on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  let dept: { id: string; name: string };
  beforeAll(async () => {
    t = await createTestApp(engine);
    await buildUser(t.services, {
      username: 'root',
      roles: [{ role: 'platform_admin', departmentId: null }],
    });
    admin = await t.login('root');
    dept = await buildDepartment(t.services);
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

  const get = (url: string) => t.call(admin, { method: 'GET', url });
  const verify = async (full = false) => (await get(`/api/audit/verify${full ? '?full=true' : ''}`)).json();
  const entries = async (query = '') => (await get(`/api/audit?limit=500${query}`)).json().items as Entry[];
  const count = async () =>
    (await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;
  const asAttacker = (sql: string, params: unknown[] = []) =>
    // Someone with database rights can drop the append-only trigger; only the hash chain still tells.
    t.testDb.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
  const rowOf = async (id: string | number) =>
    (await t.testDb.db.query('SELECT * FROM audit_log WHERE id = $1', [id])).rows[0] as Record<
      string,
      unknown
    >;
  const putBack = async (original: Record<string, unknown>) => {
    const cols = Object.keys(original);
    await asAttacker('DELETE FROM audit_log WHERE id = $1', [original.id]);
    await asAttacker(
      `INSERT INTO audit_log (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) => (c === 'details' ? JSON.stringify(original[c]) : original[c])),
    );
  };
  /** Tampers with entry `id`, runs `check`, then puts the original row back for the next test. */
  async function tampered(id: number, sql: string, check: () => Promise<void>) {
    const original = await rowOf(id);
    await asAttacker(sql, [id]);
    try {
      await check();
    } finally {
      await putBack(original);
      expect((await verify(true)).ok).toBe(true);
    }
  }

  it('records who did what to which object, from where, with what outcome', async () => {
    const items = await entries();
    expect(items.map((e) => `${e.action}:${e.outcome}`)).toEqual(
      expect.arrayContaining([
        'auth.login:success',
        'auth.login:failure',
        'apikey.create:success',
        'department.create:success',
        'user.create:success',
      ]),
    );
    const login = items.find((e) => e.action === 'auth.login' && e.outcome === 'success');
    expect(login).toMatchObject({
      actorName: 'root',
      actorKind: 'user',
      objectType: 'user',
      ip: '127.0.0.1',
    });
    expect((login as unknown as { requestId: string }).requestId).toBeTruthy();
  });

  it('names the objects and departments entries refer to', async () => {
    const created = (await entries('&action=department.create')).find((e) => e.objectName === dept.name);
    expect(created).toBeDefined();
    const key = (await entries('&action=apikey.create'))[0]!;
    expect(key).toMatchObject({ objectName: 'k', departmentName: dept.name });
    const login = (await entries('&action=auth.login&outcome=success'))[0]!;
    expect(login.objectName).toMatch(/\(root\)$/);
  });

  it('filters by actor, action, outcome and time', async () => {
    expect(await entries('&action=auth.login&outcome=failure')).toHaveLength(1);
    const future = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect(await entries(`&from=${future}`)).toHaveLength(0);
    const byActor = await entries('&actor=ro');
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actorName.includes('ro'))).toBe(true);
    expect(await entries(`&actor=${encodeURIComponent('%')}`)).toHaveLength(0);
    const actions = await get('/api/audit/actions');
    expect(actions.json().items).toEqual(expect.arrayContaining(['apikey.create', 'auth.login']));
    expect([...actions.json().items].sort()).toEqual(actions.json().items);
  });

  it('pages newest first by keyset cursor, without a total', async () => {
    const all = await entries();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/audit?limit=2${cursor ? `&before=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).not.toHaveProperty('total');
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((e: Entry) => e.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    // The page after the last one is never asked for: a full last page already says there is no more.
    expect(pages).toBe(Math.ceil(all.length / 2));
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  });

  it('refuses bad paging and filter input with 400', async () => {
    for (const q of [
      'before=abc',
      'before=0',
      'before=1e20',
      'before=99999999999999999999',
      'limit=0',
      'limit=501',
    ]) {
      const res = await get(`/api/audit?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
    }
    expect((await get('/api/audit?outcome=maybe')).statusCode).toBe(400);
    expect((await get('/api/audit?hideRoutine=perhaps')).statusCode).toBe(400);
    expect((await get('/api/audit/checkpoints/abc')).statusCode).toBe(400);
    const missing = await get('/api/audit/checkpoints/999999');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'AUDIT_CHECKPOINT_NOT_FOUND']);
  });

  it('hides routine system work on request, keeping the system’s failures', async () => {
    const system = { id: null, name: 'connector', kind: 'system' as const, ip: null, requestId: null };
    await t.services.audit.record(system, {
      action: 'exchange.ingest',
      outcome: 'success',
      objectId: 'routine',
    });
    await t.services.audit.record(system, {
      action: 'exchange.ingest',
      outcome: 'failure',
      objectId: 'broken',
    });
    const shown = async (q: string) => (await entries(`&actor=connector${q}`)).map((e) => e.outcome);
    expect(await shown('')).toEqual(['failure', 'success']);
    expect(await shown('&hideRoutine=true')).toEqual(['failure']);
    // A person's exchange work is never routine.
    expect((await entries('&hideRoutine=true')).some((e) => e.action === 'auth.login')).toBe(true);
  });

  it('the application cannot change, delete or truncate entries', async () => {
    await expect(t.testDb.db.query(`UPDATE audit_log SET outcome = 'success' WHERE id = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.testDb.db.query('DELETE FROM audit_log WHERE id = 1')).rejects.toThrow(/append-only/);
    await expect(t.testDb.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('the chains verify, every entry checked', async () => {
    const report = await verify(true);
    expect(report).toMatchObject({ ok: true, firstBrokenId: null, full: true });
    expect(report.checked).toBe(await count());
  });

  it('detects an edited outcome: a failed login made to look successful', async () => {
    const [failed] = await entries('&action=auth.login&outcome=failure');
    const id = Number(failed!.id);
    await tampered(id, `UPDATE audit_log SET outcome = 'success' WHERE id = $1`, async () => {
      expect(await verify()).toMatchObject({
        ok: false,
        firstBrokenId: String(id),
        reason: 'content does not match its hash',
      });
    });
  });

  it('detects edited details and a replaced hash', async () => {
    await tampered(
      2,
      `UPDATE audit_log SET details = '{"username":"someone-else"}' WHERE id = $1`,
      async () => {
        expect((await verify()).firstBrokenId).toBe('2');
      },
    );
    await tampered(2, `UPDATE audit_log SET hash = repeat('a', 64) WHERE id = $1`, async () => {
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: '2' });
    });
  });

  it('detects a deleted entry in the middle of a chain', async () => {
    const third = await rowOf(3);
    await tampered(3, 'DELETE FROM audit_log WHERE id = $1', async () => {
      const report = await verify();
      expect(report).toMatchObject({
        ok: false,
        brokenShard: third.shard,
        reason: `entry ${String(third.shard)}:${String(third.seq)} is missing`,
      });
    });
  });

  it('concurrent writers: every entry written, every chain unbroken', async () => {
    const before = await count();
    const actor = { id: null, name: 'load', kind: 'system' as const, ip: null, requestId: null };
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.services.audit.record(actor, { action: 'test.concurrent', outcome: 'success', details: { i } }),
      ),
    );
    expect(await count()).toBe(before + 40);
    const written = await t.testDb.db.query<{ i: number }>(
      `SELECT (details->>'i')::int AS i FROM audit_log WHERE action = 'test.concurrent' ORDER BY 1`,
    );
    expect(written.rows.map((r) => r.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const report = await verify(true);
    expect(report, JSON.stringify(report)).toMatchObject({ ok: true });
    expect(report.checked).toBe(before + 40);
    // One group commit is one run of one chain.
    await t.services.audit.recordMany(
      Array.from({ length: 5 }, (_, i) => ({
        actor,
        event: { action: 'test.group', outcome: 'success' as const, details: { i } },
      })),
    );
    const group = await t.testDb.db.query<{ shard: number; seq: string }>(
      `SELECT shard, seq FROM audit_log WHERE action = 'test.group' ORDER BY id`,
    );
    expect(new Set(group.rows.map((r) => r.shard)).size).toBe(1);
    const seqs = group.rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it('a failed change leaves no audit entry claiming it happened', async () => {
    const before = (await entries('&action=user.create')).length;
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'root', displayName: 'dup', password: 'Long-enough-1' },
    });
    expect(res.statusCode).toBe(409);
    expect(await entries('&action=user.create')).toHaveLength(before);
  });

  it('only auditors and admins read the log and its checkpoints', async () => {
    await buildUser(t.services, { username: 'plain', roles: [] });
    const plain = await t.login('plain');
    for (const url of ['/api/audit', '/api/audit/verify', '/api/audit/checkpoints'])
      expect((await t.call(plain, { method: 'GET', url })).statusCode, url).toBe(403);
    expect((await t.call(null, { method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
    // The public key is public.
    const pem = await t.call(null, { method: 'GET', url: '/api/audit/checkpoints/public-key' });
    expect(pem.statusCode).toBe(200);
    expect(pem.body).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });
});
