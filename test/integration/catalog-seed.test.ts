import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { buildDemoCatalog } from '../../src/demo/catalog/index.ts';
import { buildDepartments, buildRegions, CITY_CODE } from '../../src/demo/city/index.ts';
import { AppError } from '../../src/core/errors.ts';
import type { Actor } from '../../src/modules/audit/index.ts';
import type { Department } from '../../src/modules/org/index.ts';
import { catalogRepo, type Shown } from '../../src/modules/catalog/repo.ts';
import type { ResourceInput } from '../../src/modules/catalog/schema.ts';
import { buildServices, type Services } from '../../src/server/context.ts';
import { createTestDb, ENGINES, type TestDb } from '../support/db.ts';
import { testActor } from '../support/factories.ts';

type Entry = ResourceInput & { lastDataChangeAt: string | null };

/** The demo departments, keyed as the demo catalog names them. */
async function loadCity(s: Services): Promise<Map<string, string>> {
  await s.org.loadRegions(buildRegions());
  const ids = new Map<string, string>();
  const departments = buildDepartments();
  const ordered = [...departments.filter((d) => !d.parentKey), ...departments.filter((d) => d.parentKey)];
  for (const d of ordered) {
    const id = await s.org.ensureDepartment({
      key: d.key,
      name: d.name,
      shortName: d.shortName,
      uscc: d.uscc,
      regionCode: CITY_CODE,
      parentId: d.parentKey ? (ids.get(d.parentKey) ?? null) : null,
    });
    ids.set(d.key, id);
  }
  return ids;
}

/** The first `n` demo resources (more than one statement's batch), for the given departments. */
function demoEntries(ids: Map<string, string>, n: number): Entry[] {
  return buildDemoCatalog(2018, new Date('2026-12-01T00:00:00Z'))
    .slice(0, n)
    .map(({ departmentKey, ...r }) => ({ ...r, departmentId: ids.get(departmentKey)! }));
}

/** What seedPublished did before it was set-based: resource by resource, four statements each. */
async function seedOneByOne(s: Services, db: Db, actor: Actor, entries: Entry[]): Promise<void> {
  const shown = (
    s.catalog as unknown as { shown: (i: ResourceInput, c: string, d: Department) => Shown }
  ).shown.bind(s.catalog);
  const depts = await s.org.getMany(entries.map((e) => e.departmentId));
  const publishedAt = new Date('2018-11-23T09:00:00+08:00');
  await db.transaction(async (t) => {
    for (const { lastDataChangeAt, ...input } of entries) {
      const { items, ...fields } = input;
      const seq = await catalogRepo.nextSequence(t, input.classCode);
      const code = `${input.classCode}/${String(seq).padStart(6, '0')}`;
      const id = await catalogRepo.insertResource(t, {
        code,
        status: 'published',
        shown: shown(input, code, depts.get(input.departmentId)!),
        publishDate: '2018-11-23',
        lastDataChangeAt,
        publishedVersion: 1,
      });
      await catalogRepo.insertVersion(t, {
        resourceId: id,
        version: 1,
        status: 'published',
        fields,
        items,
        createdBy: actor.id,
        createdByName: actor.name,
        publishedAt,
      });
      await catalogRepo.insertEvent(t, {
        resourceId: id,
        version: 1,
        action: 'publish',
        actorId: actor.id,
        actorName: actor.name,
        comment: '示范目录初始发布',
      });
    }
  });
}

/** The catalog tables with ids replaced by codes and department keys, so two databases compare. */
async function dump(db: Db) {
  const q = async (sql: string) => (await db.query(sql)).rows;
  return {
    sequence: await q('SELECT class_code, last_value FROM catalog_code_sequence ORDER BY class_code'),
    resource: await q(`SELECT r.code, r.class_code, d.key AS department, r.status, r.current_version,
        r.published_version, r.publish_date, r.last_data_change_at::text, r.created_at = r.updated_at AS untouched,
        r.name, r.summary, r.category, r.format_category, r.sharing_type, r.open_type, r.update_cycle,
        r.item_count, r.search::text
      FROM catalog_resource r JOIN department d ON d.id = r.department_id ORDER BY r.code`),
    version: await q(`SELECT r.code, v.version, v.status, (v.fields - 'departmentId')::text AS fields,
        v.fields->>'departmentId' = r.department_id::text AS department_matches, v.items::text,
        v.created_at = r.created_at AS created_with_resource, v.created_by, v.created_by_name,
        v.published_at::text
      FROM catalog_version v JOIN catalog_resource r ON r.id = v.resource_id ORDER BY r.code, v.version`),
    event: await q(`SELECT r.code, e.version, e.action, e.actor_id, e.actor_name, e.comment,
        e.at = r.created_at AS at_creation
      FROM catalog_event e JOIN catalog_resource r ON r.id = e.resource_id ORDER BY e.id`),
  };
}

describe.each(ENGINES)('catalog seed on %s', (engine) => {
  let set: TestDb;
  let one: TestDb;
  let s: Services;
  let ids: Map<string, string>;

  beforeAll(async () => {
    [set, one] = await Promise.all([createTestDb(engine), createTestDb(engine)]);
    s = buildServices(set.db, { sessionTtlHours: 8 });
    ids = await loadCity(s);
  });
  afterAll(async () => {
    await Promise.all([set?.drop(), one?.drop()]);
  });

  it('refuses bad entries, each named by index and field, and writes nothing', async () => {
    const [good, second, third] = demoEntries(ids, 3) as [Entry, Entry, Entry];
    const bad: Entry[] = [
      good,
      { ...second, departmentId: '00000000-0000-4000-8000-000000000000' },
      { ...third, classCode: '999999', sharingType: 'conditional', sharingCondition: null },
    ];
    const err = await s.catalog.seedPublished(testActor, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('REQUEST_VALIDATION_FAILED');
    const fields = ((err as AppError).details as { fields: { field: string; code: string }[] }).fields;
    expect(fields).toEqual([
      expect.objectContaining({ field: 'entries.1.departmentId', code: 'unknown' }),
      expect.objectContaining({ field: 'entries.2.classCode', code: 'class_code' }),
      expect.objectContaining({ field: 'entries.2.sharingCondition', code: 'required' }),
    ]);
    expect(await catalogRepo.count(set.db)).toBe(0);
    const audit = await set.db.query(`SELECT 1 FROM audit_log WHERE action = 'catalog.seed'`);
    expect(audit.rows).toEqual([]);
  });

  it('writes exactly the rows resource-by-resource publication wrote, codes continuing each sequence', async () => {
    const entries = demoEntries(ids, 250);
    const other = buildServices(one.db, { sessionTtlHours: 8 });
    const otherIds = await loadCity(other);
    // A classification code that already handed out numbers: the load continues after them.
    const taken = entries[0]!.classCode;
    for (const db of [set.db, one.db]) {
      await db.query(`INSERT INTO catalog_code_sequence (class_code, last_value) VALUES ($1, 7)`, [taken]);
    }
    const progress: [number, number][] = [];
    expect(await s.catalog.seedPublished(testActor, entries, (d, n) => progress.push([d, n]))).toBe(250);
    expect(progress).toEqual([
      [200, 250],
      [250, 250],
    ]);
    await seedOneByOne(other, one.db, testActor, demoEntries(otherIds, 250));

    const [got, want] = [await dump(set.db), await dump(one.db)];
    expect(got.resource).toHaveLength(250);
    expect(got.resource.find((r) => r.class_code === taken)).toMatchObject({ code: `${taken}/000008` });
    expect(got.resource.every((r) => r.untouched)).toBe(true);
    expect(got.version.every((v) => v.department_matches && v.created_with_resource)).toBe(true);
    expect(got.event.every((e) => e.at_creation)).toBe(true);
    expect(got).toEqual(want);

    const audit = await set.db.query<{ details: { resources: number; items: number } }>(
      `SELECT details FROM audit_log WHERE action = 'catalog.seed'`,
    );
    expect(audit.rows).toEqual([
      { details: { resources: 250, items: entries.reduce((n, e) => n + e.items.length, 0) } },
    ]);
  });

  it('is found by search and read back as published, and a second load changes nothing', async () => {
    const first = demoEntries(ids, 1)[0]!;
    const found = await s.catalog.search({ q: first.name }, { kind: 'published', plusDepartments: [] });
    expect(found.items[0]).toMatchObject({ name: first.name, status: 'published', publishedVersion: 1 });
    const read = await s.catalog.get(found.items[0]!.code, { kind: 'published', plusDepartments: [] });
    expect(read.items.map((i) => i.name)).toEqual(first.items.map((i) => i.name));
    expect(read.publishDate).toBe('2018-11-23');

    expect(await s.catalog.seedPublished(testActor, demoEntries(ids, 5))).toBe(0);
    expect(await catalogRepo.count(set.db)).toBe(250);
  });
});
