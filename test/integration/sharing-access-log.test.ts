import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, personRow, publishResource } from '../support/exchange.ts';
import { buildGrant } from '../support/sharing.ts';

const PURPOSE = '住房公积金提取审核';
const headers = { 'x-purpose': encodeURIComponent(PURPOSE) };
const DAY_MS = 86_400_000;

/**
 * The data-access log of migration 0011: one row per call in `sharing_access_log`, one `data.batch` audit entry per
 * group commit carrying the SM3 digest of its rows, verified against the table.
 */
describe.each(ENGINES)('the data-access log on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  let P: string;
  let key: string;
  let grantId: string;
  const people = Array.from({ length: 12 }, (_, i) => personRow(601 + i));
  const idOf = (i: number) => people[i]!.身份证号 as string;

  const lookup = (id: string) =>
    t.call(key, { method: 'GET', url: `/api/data/${P}/records/${encodeURIComponent(id)}`, headers });
  const accessRows = async () =>
    (await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sharing_access_log')).rows[0]!.n;
  const vouched = async () =>
    (
      await t.testDb.db.query<{ n: number; batches: number }>(
        `SELECT coalesce(sum((details->>'accesses')::int), 0)::int AS n, count(*)::int AS batches
           FROM audit_log WHERE action = 'data.batch'`,
      )
    ).rows[0]!;
  const asAttacker = (sql: string, params: unknown[] = []) =>
    // Someone with database rights can drop the append-only trigger; only the batch digests still tell.
    t.testDb.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE sharing_access_log DISABLE TRIGGER sharing_access_log_no_update');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE sharing_access_log ENABLE TRIGGER sharing_access_log_no_update');
    });

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
    const created = await t.call(f.admin, {
      method: 'POST',
      url: '/api/api-keys',
      payload: { name: '公积金中心业务系统', departmentId: f.ga },
    });
    key = created.json().secret;
    ({
      grant: { id: grantId },
    } = await buildGrant(t.services, {
      resourceId: P,
      consumerDepartmentId: f.ga,
      items: ['姓名', '性别'],
      usageModes: ['query', 'verify'],
      purpose: PURPOSE,
    }));
  });
  afterAll(() => t.close());

  it('writes one access row per answered call, vouched for by batch entries of the audit chain', async () => {
    const rows0 = await accessRows();
    const vouched0 = await vouched();
    // Concurrent calls share group commits; a record nobody holds is a failure, still one row.
    const answers = await Promise.all([
      ...Array.from({ length: 24 }, (_, i) => lookup(idOf(i % people.length))),
      lookup(personRow(999).身份证号 as string),
    ]);
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(24);
    expect(answers.at(-1)!.statusCode).toBe(404);
    expect((await accessRows()) - rows0).toBe(25);
    const after = await vouched();
    expect(after.n - vouched0.n).toBe(25);
    expect(after.batches - vouched0.batches).toBeLessThanOrEqual(25);
    const outcomes = await t.testDb.db.query<{ outcome: string; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM sharing_access_log GROUP BY outcome ORDER BY outcome`,
    );
    expect(outcomes.rows).toEqual([
      { outcome: 'failure', n: 1 },
      { outcome: 'success', n: 24 },
    ]);
    // A row names the grant, the provider and the consumer, what was disclosed, and the key only as its digest.
    const row = await t.testDb.db.query<Record<string, unknown>>(
      `SELECT grant_id, provider_department_id, consumer_department_id, purpose, items, masked_items, records,
              key_digests, key_count
         FROM sharing_access_log WHERE outcome = 'success' ORDER BY id LIMIT 1`,
    );
    expect(row.rows[0]).toMatchObject({
      grant_id: grantId,
      provider_department_id: f.mz,
      consumer_department_id: f.ga,
      purpose: PURPOSE,
    });
    expect(people.map((_, i) => [t.services.audit.subjectDigest(idOf(i))])).toContainEqual(
      row.rows[0]!.key_digests,
    );
    expect(Number(row.rows[0]!.records)).toBe(1);
    expect((await t.services.audit.verify({ full: true })).ok).toBe(true);
  });

  it('is what the usage pages read: provider and consumer side, by key, a keyset page at a time', async () => {
    const page = async (token: string, query: string) => {
      const res = await t.call(token, { method: 'GET', url: `/api/sharing/access-log?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        items: {
          auditId: string;
          action: string;
          outcome: string;
          grantId: string | null;
          keyCount: number;
        }[];
        nextCursor: string | null;
      };
    };
    const total = await accessRows();
    const seen = new Set<string>();
    let before: string | null = null;
    do {
      const p = await page(f.stewardMz, `side=provider&limit=10${before ? `&before=${before}` : ''}`);
      for (const e of p.items) seen.add(e.auditId);
      expect(p.items.length).toBeLessThanOrEqual(10);
      before = p.nextCursor;
    } while (before);
    expect(seen.size).toBe(total);
    const mine = await page(f.stewardGa, `side=consumer&key=${encodeURIComponent(idOf(1))}`);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((e) => e.action === 'data.lookup' && e.grantId === grantId)).toBe(true);
    // Another department sees nothing of these calls on its side.
    expect((await page(f.stewardGa, 'side=provider')).items).toHaveLength(0);
    expect((await page(f.stewardMz, 'side=provider&outcome=failure')).items).toHaveLength(1);
  });

  it('refuses edits, and verify reports an access row changed, added or deleted behind the trigger', async () => {
    const [victim] = (
      await t.testDb.db.query<{ id: string; grant_id: string }>(
        `SELECT id::text AS id, grant_id FROM sharing_access_log WHERE outcome = 'success' ORDER BY id LIMIT 1`,
      )
    ).rows;
    await expect(
      t.testDb.db.query(`UPDATE sharing_access_log SET purpose = 'x' WHERE id = $1`, [victim!.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.testDb.db.query(`DELETE FROM sharing_access_log WHERE id = $1`, [victim!.id]),
    ).rejects.toThrow(/append-only/);

    // Changed: the call made to look like another purpose.
    await asAttacker(`UPDATE sharing_access_log SET purpose = '其他用途' WHERE id = $1`, [victim!.id]);
    let report = await t.services.audit.verify({ full: true });
    expect(report.ok).toBe(false);
    expect(report.reason).toMatch(/digest/);
    expect(report.firstBrokenId).toBe(String(BigInt(victim!.id) / 1000n));
    await asAttacker(`UPDATE sharing_access_log SET purpose = $2 WHERE id = $1`, [victim!.id, PURPOSE]);
    expect((await t.services.audit.verify({ full: true })).ok).toBe(true);

    // Deleted: the call made to disappear.
    const original = (
      await t.testDb.db.query<Record<string, unknown>>(`SELECT * FROM sharing_access_log WHERE id = $1`, [
        victim!.id,
      ])
    ).rows[0]!;
    await asAttacker(`DELETE FROM sharing_access_log WHERE id = $1`, [victim!.id]);
    report = await t.services.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.reason).toMatch(/vouches for \d+ access rows, \d+ found/);

    // Added: a row slipped into the batch's range.
    const cols = Object.keys(original);
    await asAttacker(
      `INSERT INTO sharing_access_log (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) => (c === 'details' ? JSON.stringify(original[c]) : original[c])),
    );
    expect((await t.services.audit.verify({ full: true })).ok).toBe(true);
    await asAttacker(
      `INSERT INTO sharing_access_log (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) =>
        c === 'id'
          ? String(BigInt(victim!.id) + 700n)
          : c === 'details'
            ? JSON.stringify(original[c])
            : original[c],
      ),
    );
    expect((await t.services.audit.verify({ full: true })).ok).toBe(false);
    await asAttacker(`DELETE FROM sharing_access_log WHERE id = $1`, [String(BigInt(victim!.id) + 700n)]);
    expect((await t.services.audit.verify({ full: true })).ok).toBe(true);
  });

  it('stops the next call after a revocation made elsewhere, and logs it denied', async () => {
    expect((await lookup(idOf(2))).statusCode).toBe(200);
    // Changing the row with SQL stands for another server process revoking it (this process remembers the grant).
    await t.testDb.db.query(`UPDATE sharing_grant SET revoked_at = now() WHERE id = $1`, [grantId]);
    const res = await lookup(idOf(2));
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'SHARING_GRANT_REVOKED']);
    expect(res.body).not.toContain(people[2]!.姓名 as string);
    const last = await t.testDb.db.query<{ outcome: string; code: string }>(
      `SELECT outcome, code FROM sharing_access_log ORDER BY id DESC LIMIT 1`,
    );
    expect(last.rows[0]).toEqual({ outcome: 'denied', code: 'SHARING_GRANT_REVOKED' });
    const usage = await t.testDb.db.query<{ calls: string; denied: string }>(
      `SELECT calls, denied FROM sharing_usage WHERE grant_id = $1`,
      [grantId],
    );
    expect(Number(usage.rows[0]!.denied)).toBe(1);
    expect((await t.services.audit.verify({ full: true })).ok).toBe(true);
  });

  it('drops whole days by retention, and verify stops expecting their rows', async () => {
    expect(await accessRows()).toBeGreaterThan(0);
    // Two days from now, keeping one day: today's partition (and anything older) goes.
    const purged = await t.services.sharing.accessRetention.purgeExpired(
      new Date(Date.now() + 2 * DAY_MS),
      1,
    );
    expect(purged.rows).toBeGreaterThan(0);
    expect(await accessRows()).toBe(0);
    expect((await t.services.audit.verify({ full: true })).ok).toBe(true);
    // Calls go on into the next partitions (or the default one).
    await t.testDb.db.query(`UPDATE sharing_grant SET revoked_at = NULL WHERE id = $1`, [grantId]);
    t.services.sharing.gate.forget();
    expect((await lookup(idOf(3))).statusCode).toBe(200);
  });
});
