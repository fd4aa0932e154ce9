import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/index.ts';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';
import { buildDepartments } from '../../src/demo/city/index.ts';
import { DEMO_USERS, seedDemoCity } from '../../src/demo/seed.ts';
import { DEMO_CITIZEN_ID } from '../../src/demo/credit.ts';
import { validateUscc } from '../../src/lib/validators/index.ts';
import { ROLES } from '../../src/modules/identity/policy.ts';
import { buildServices } from '../../src/server/context.ts';
import { createTestDb, ENGINES, type TestDb } from '../support/db.ts';
import { testActor } from '../support/factories.ts';

describe.each(ENGINES)('migrations on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine, { migrate: false });
  });
  afterAll(() => t.drop());

  it('apply once, even when started twice at the same time', async () => {
    const all = loadMigrations();
    // Two "processes": on PostgreSQL two separate connection pools; PGlite is one process by nature.
    const other = engine === 'postgres' ? await openDb({ databaseUrl: t.url, dataDir: 'memory://' }) : t.db;
    const [a, b] = await Promise.all([migrate(t.db), migrate(other)]);
    if (other !== t.db) await other.close();
    expect(a.applied.length + b.applied.length).toBe(all.length);
    const { rows } = await t.db.query<{ version: number }>(
      'SELECT version FROM schema_migration ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
    expect((await migrate(t.db)).applied).toEqual([]);
  });

  it('refuses a migration that was edited after it landed', async () => {
    const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x'.repeat(64) } : m));
    await expect(migrate(t.db, edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it('a failing migration applies nothing of itself', async () => {
    const bad = [
      ...loadMigrations(),
      {
        version: 9999,
        name: 'broken',
        sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();',
        checksum: 'y',
      },
    ];
    await expect(migrate(t.db, bad)).rejects.toThrow();
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done'`,
    );
    expect(rows[0]!.n).toBe(0);
    const versions = await t.db.query<{ version: number }>(
      'SELECT version FROM schema_migration WHERE version = 9999',
    );
    expect(versions.rows).toEqual([]);
  });
});

describe.each(ENGINES)('demo city on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(() => t.drop());

  it('creates the city: 60 departments with valid credit codes, 6 districts, 101 towns, 1,659 villages, users for every role', async () => {
    const services = buildServices(t.db, { sessionTtlHours: 8 });
    const steps = new Set<string>();
    const report = await seedDemoCity(services, testActor, {
      onProgress: (step) => steps.add(step),
      people: 400,
      openRecords: 3000,
    });
    expect([...steps]).toEqual([
      'regions',
      'departments',
      'users',
      'catalog',
      'sharing',
      'records',
      'open data',
    ]);
    // Sharing: agreements for all but six departments' (five missing, one lapsed), requests in every state, and
    // the demo consumer systems' calls, each audited once.
    expect(report.sharing).toMatchObject({ agreements: 55, requests: 12, grants: 7 });
    const states = await t.db.query<{ status: string }>('SELECT DISTINCT status FROM sharing_request');
    expect(states.rows.map((r) => r.status).sort()).toEqual(
      ['approved', 'pending', 'rejected', 'second_review', 'withdrawn'].sort(),
    );
    // Each call is one row of the data-access log, and the audit chain's batch entries cover every row.
    const accesses = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sharing_access_log`);
    const covered = await t.db.query<{ n: number }>(
      `SELECT coalesce(sum((details->>'accesses')::int), 0)::int AS n FROM audit_log WHERE action = 'data.batch'`,
    );
    expect(report.sharing.consumerCalls).toBeGreaterThan(500);
    expect(accesses.rows[0]!.n).toBe(report.sharing.consumerCalls);
    expect(covered.rows[0]!.n).toBe(report.sharing.consumerCalls);
    // The records came through the exchange: every set but 公积金中心's (its front database brings those).
    expect(report.exchange.loaded.map((l) => l.resource)).toHaveLength(7);
    // 政务服务事项: the city's 7,505 items from its 60 departments, many of their materials obtained by sharing.
    expect(report.services.items).toBe(7505);
    expect(report.services.sharedMaterials).toBeGreaterThan(report.services.materials / 5);
    const byDept = await t.db.query<{ n: number }>(
      'SELECT count(DISTINCT department_id)::int AS n FROM service_item WHERE published_version IS NOT NULL',
    );
    expect(byDept.rows[0]!.n).toBe(60);
    // 办件: a year of cases through the case engine, some of them granted with a result license, and the demo
    // citizen's own application under review.
    expect(report.cases.opened).toBeGreaterThan(140);
    expect(report.cases.byState.closed).toBeGreaterThan(report.cases.opened / 2);
    const hers = await t.db.query<{ state: string }>(
      'SELECT state FROM service_case WHERE applicant_code = $1',
      [DEMO_CITIZEN_ID],
    );
    expect(hers.rows.map((r) => r.state)).toEqual(['reviewing']);
    expect(report.exchange.subscriptions).toBe(1); // the pull one; the webhook needs a receiver URL
    const counts = await services.org.counts();
    expect(counts.departments).toBe(60);
    expect(counts.regions).toMatchObject({ city: 1, district: 6, town: 101, village: 1659 });

    const { items } = await services.org.search(undefined, 500, 0);
    for (const d of items) expect(validateUscc(d.uscc).ok, d.name).toBe(true);
    expect(items.map((d) => d.uscc).sort()).toEqual(
      buildDepartments()
        .map((d) => d.uscc)
        .sort(),
    );
    expect(items.map((d) => d.name)).toEqual(
      expect.arrayContaining([
        '市公安局',
        '市民政局',
        '市人力资源和社会保障局',
        '市市场监督管理局',
        '市信息中心',
        '市住房公积金管理中心',
      ]),
    );

    // The catalog of the source city's size, published.
    expect(report.resources).toBe(1071);
    const catalog = await services.catalog.stats();
    expect(catalog).toMatchObject({ departments: 60, resources: 1071, items: 12492 });
    // About one resource in twelve is overdue for its update cycle, whenever the city is seeded.
    expect(catalog.overdue).toBeGreaterThan(40);
    expect(catalog.overdue).toBeLessThan(160);
    const named = await services.catalog.search(
      { q: '婚姻登记' },
      { kind: 'published', plusDepartments: [] },
    );
    expect(named.items[0]!.departmentName).toMatch(/民政|婚姻/);

    const roles = new Set((await services.identity.counts()).usersByRole.map((r) => r.role));
    expect([...roles].sort()).toEqual([...ROLES].sort());
    // 社会信用: a few hundred 双公示 records of the demo enterprises, list entries, cases in every state.
    expect(report.credit.records).toBeGreaterThan(250);
    expect(report.credit.lists).toBeGreaterThan(20);
    expect(report.credit.cases).toBeGreaterThanOrEqual(7);
    const caseStates = await t.db.query<{ status: string }>('SELECT DISTINCT status FROM credit_case');
    expect(caseStates.rows.map((r) => r.status).sort()).toEqual(
      ['accepted', 'rejected', 'repaired', 'submitted', 'upheld'].sort(),
    );
    // 人口/法人基础库: the information centre's grants and its ten sources, five of them loaded by this step.
    expect(report.registries.sources).toBe(10);
    expect(report.registries.grants).toBeGreaterThanOrEqual(6);
    expect(report.registries.loaded.map((l) => l.resource).sort()).toEqual(
      [
        '居民电子健康档案信息',
        '社会组织登记信息',
        '事业单位登记信息',
        '税务登记信息',
        '纳税信用等级信息',
      ].sort(),
    );
    // Other departments take the golden records under grants (one subscribes), before any is published.
    expect(report.registryConsumers).toEqual({ requests: 3, grants: 3, subscriptions: 1 });
    // 公共数据开放: every resource opened to the public holds records, the 3,000 asked for split among them, all
    // through the exchange's validation with none quarantined.
    const opened = (await services.catalog.publishedResources()).filter((r) => r.openType !== 'closed');
    expect(opened).toHaveLength(77);
    expect(new Set(opened.map((r) => r.departmentId)).size).toBe(28);
    expect(report.openData).toEqual({ resources: 77, records: 3000, quarantined: 0 });
    let held = 0;
    for (const r of opened) {
      const state = await services.exchange.resource(r.id);
      expect(state.recordsHeld, r.name).toBeGreaterThan(0);
      held += state.recordsHeld;
    }
    expect(held).toBe(3000);
    const quarantined = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM exchange_quarantine WHERE resource_id = ANY($1::uuid[])`,
      [opened.map((r) => r.id)],
    );
    expect(quarantined.rows[0]!.n).toBe(0);
    // The demo citizen's household record, her 户口簿 and two departments' uses of her data.
    expect(report.citizen).toEqual({ records: 1, licenses: 1, uses: 2 });
    expect((await services.registries.reads.list()).sort()).toEqual(['legal_person', 'population']);
    // Without TONGBAN_DEMO_PASSWORD each user gets a generated password, returned once, that works.
    // The demo users and 公共数据开放's developer, with its key and an approved and a pending application.
    expect(report.users).toHaveLength(DEMO_USERS.length + 1);
    expect(report.openDevelopers).toMatchObject({ keys: 1, applications: { approved: 1, pending: 1 } });
    expect(report.users.find((u) => u.username === 'developer')?.role).toBe('developer');
    // Their feedback, through the real services: what the public pages and the staff's inbox and queue show.
    expect(report.openFeedback).toEqual({
      requests: 3,
      ratings: 3,
      reports: 1,
      showcases: { approved: 1, pending: 1 },
    });
    const requests = await services.openFeedback.requests.list({ limit: 10, offset: 0 });
    expect(requests.items.map((r) => r.status).sort()).toEqual(['available', 'planned', 'submitted']);
    expect((await services.openFeedback.showcases.published({ limit: 10, offset: 0 })).total).toBe(1);
    const admin = report.users.find((u) => u.username === 'admin')!;
    expect(admin.password).toMatch(/^Tb-/);
    const login = await services.identity.login(testActor, 'admin', admin.password!, null);
    expect(login.user.roles.map((r) => r.role)).toEqual(['platform_admin']);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const services = buildServices(t.db, { sessionTtlHours: 8 });
    const before = await t.db.query('SELECT id, uscc FROM department ORDER BY id');
    const batches = await t.db.query('SELECT count(*)::int AS n FROM exchange_batch');
    const report = await seedDemoCity(services, testActor, {
      password: 'Another-pass-1',
      people: 400,
      openRecords: 3000,
    });
    expect(report.users).toEqual([]);
    expect(report.resources).toBe(0);
    expect(report.exchange).toEqual({ loaded: [], subscriptions: 0 });
    expect(report.sharing).toMatchObject({ agreements: 0, requests: 0, grants: 0, consumerCalls: 0 });
    expect(report.credit).toMatchObject({ records: 0, lists: 0, cases: 0 });
    expect(report.registries).toEqual({ grants: 0, sources: 0, loaded: [] });
    expect(report.registryConsumers).toEqual({ requests: 0, grants: 0, subscriptions: 0 });
    expect(report.citizen).toEqual({ records: 0, licenses: 0, uses: 0 });
    expect(report.openData).toEqual({ resources: 0, records: 0, quarantined: 0 });
    expect(report.services.items).toBe(0);
    expect(report.cases.opened).toBe(0);
    expect(report.openDevelopers).toEqual({ user: null, keys: 0, applications: { approved: 0, pending: 0 } });
    expect(report.openFeedback).toEqual({
      requests: 0,
      ratings: 0,
      reports: 0,
      showcases: { approved: 0, pending: 0 },
    });
    expect((await t.db.query('SELECT count(*)::int AS n FROM exchange_batch')).rows).toEqual(batches.rows);
    expect((await services.catalog.stats()).resources).toBe(1071);
    expect((await t.db.query('SELECT id, uscc FROM department ORDER BY id')).rows).toEqual(before.rows);
    expect((await services.org.counts()).regions.village).toBe(1659);
  });
});
