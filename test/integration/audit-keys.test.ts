import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, personRow, publishResource } from '../support/exchange.ts';
import { buildAgreement, buildGrant } from '../support/sharing.ts';

const PURPOSE = '低保资格复核';
const headers = { 'x-purpose': encodeURIComponent(PURPOSE) };

describe.each(ENGINES)('data-access keys in the access and audit logs on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  let P: string;
  let key: string;
  const people = Array.from({ length: 6 }, (_, i) => personRow(501 + i));
  const idOf = (i: number) => people[i]!.身份证号 as string;
  /** A valid ID number nobody holds. */
  const stranger = personRow(999).身份证号 as string;

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
    await buildGrant(t.services, {
      resourceId: P,
      consumerDepartmentId: f.ga,
      agreement: false,
      purpose: PURPOSE,
      items: ['姓名', '性别'],
      usageModes: ['query', 'verify'],
    });
    const created = await t.call(f.admin, {
      method: 'POST',
      url: '/api/api-keys',
      payload: { name: '公安局核验系统', departmentId: f.ga },
    });
    key = created.json().secret;

    // A lookup of person 0 (twice), a query naming persons 1 and 2, a verification of person 3, a lookup of a key
    // nobody holds (a failure entry also names its key).
    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.call(key, { method, url, headers, ...(payload ? { payload } : {}) });
    for (const res of [
      await call('GET', `/api/data/${P}/records/${idOf(0)}`),
      await call('GET', `/api/data/${P}/records/${idOf(0)}`),
      await call('POST', `/api/data/${P}/query`, { where: { 身份证号: { in: [idOf(1), idOf(2)] } } }),
      await call('POST', `/api/data/${P}/verify`, { fields: { 身份证号: idOf(3), 性别: people[3]!.性别 } }),
    ])
      expect(res.statusCode, res.body).toBe(200);
    expect((await call('GET', `/api/data/${P}/records/${stranger}`)).statusCode).toBe(404);
  });
  afterAll(() => t.close());

  it('stores no looked-up key in clear anywhere in either log', async () => {
    const { rows } = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sharing_access_log WHERE action LIKE 'data.%'`,
    );
    expect(rows[0]!.n).toBe(5);
    for (const id of [idOf(0), idOf(1), idOf(2), idOf(3), stranger])
      for (const table of ['audit_log', 'sharing_access_log']) {
        // The whole row as text: every column, details included. The first 17 digits too, in case of a reformatting.
        const leaked = await t.testDb.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${table} a WHERE a::text LIKE $1 OR a::text LIKE $2`,
          [`%${id}%`, `%${id.slice(0, 17)}%`],
        );
        expect(leaked.rows[0]!.n, `${table} ${id}`).toBe(0);
      }
    const query = await t.testDb.db.query<{ key_digests: string[]; details: Record<string, unknown> }>(
      `SELECT key_digests, details FROM sharing_access_log WHERE action = 'data.query'`,
    );
    expect(query.rows[0]!.details).not.toHaveProperty('keys');
    expect(query.rows[0]!.key_digests).toEqual(
      expect.arrayContaining([idOf(1), idOf(2)].map((id) => t.services.audit.subjectDigest(id))),
    );
  });

  it('finds who used a citizen’s data by the citizen’s own ID number', async () => {
    const log = async (token: string, id: string, side = 'provider') =>
      (
        await t.call(token, {
          method: 'GET',
          url: `/api/sharing/access-log?side=${side}&key=${encodeURIComponent(id)}`,
        })
      ).json();
    const zero = await log(f.stewardMz, idOf(0));
    expect(zero.items.map((e: { action: string }) => e.action)).toEqual(['data.lookup', 'data.lookup']);
    expect((await log(f.stewardMz, idOf(2))).items.map((e: { action: string }) => e.action)).toEqual([
      'data.query',
    ]);
    expect((await log(f.stewardMz, idOf(3))).items.map((e: { action: string }) => e.action)).toEqual([
      'data.verify',
    ]);
    // Spaces around the number a person typed do not matter; a number nobody looked up finds nothing.
    expect((await log(f.stewardMz, ` ${idOf(1)} `)).items).toHaveLength(1);
    expect((await log(f.stewardMz, idOf(5))).items).toHaveLength(0);
    // A failed lookup is found too (who tried to read a record we do not hold).
    expect((await log(f.stewardMz, stranger)).items).toEqual([
      expect.objectContaining({ action: 'data.lookup', outcome: 'failure' }),
    ]);
    // The consumer sees its own calls the same way.
    expect((await log(f.stewardGa, idOf(0), 'consumer')).items).toHaveLength(2);
  });

  it('finds them through the usage service as well, by digest only, under batch entries of the audit chain', async () => {
    const page = await t.services.sharing.usage.accessLog({ providerIds: null }, { key: idOf(0), limit: 10 });
    expect(page.items.map((e) => e.action)).toEqual(['data.lookup', 'data.lookup']);
    expect(page.nextCursor).toBeNull();
    // The audit chain vouches for every access through the batch entries' digests.
    const batches = await t.testDb.db.query<{ n: number }>(
      `SELECT coalesce(sum((details->>'accesses')::int), 0)::int AS n FROM audit_log WHERE action = 'data.batch'`,
    );
    expect(batches.rows[0]!.n).toBe(5);
    expect((await t.services.audit.verify({ full: true })).ok).toBe(true);
    // The digest key is the platform's own: another secret gives other digests.
    expect(t.services.audit.subjectDigest(idOf(0))).toMatch(/^[0-9a-f]{64}$/);
    expect(t.services.audit.subjectDigest(idOf(0))).not.toBe(t.services.audit.subjectDigest(idOf(1)));
  });
});
