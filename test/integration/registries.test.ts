import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCardCheckDigit, makeIdCard, makeUscc } from '../../src/lib/validators/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem, buildResourceInput, catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, publishResource } from '../support/exchange.ts';
import { buildUser, testActor } from '../support/factories.ts';
import { buildGrant } from '../support/sharing.ts';

const PERSON = [
  buildItem({ name: '姓名', length: 20, semanticTag: 'person_name', sensitive: true }),
  buildItem({ name: '性别', length: 1 }),
  buildItem({ name: '出生日期', dataType: 'D', length: null, semanticTag: 'date' }),
  buildItem({ name: '手机号码', length: 11, required: false, semanticTag: 'mobile', sensitive: true }),
  buildItem({ name: '住址', length: 100, required: false, semanticTag: 'address', sensitive: true }),
];
const ID = (key: boolean) =>
  buildItem({
    name: '身份证号',
    length: 18,
    isKey: key,
    semanticTag: 'id_card',
    sensitive: true,
    required: key,
  });

/** A valid number one digit away in its sequence part, check digit recomputed: what a check cannot catch. */
function wrongButValid(id: string): string {
  const first17 = id.slice(0, 15) + String((Number(id[15]) + 3) % 10) + id.slice(16, 17);
  return first17 + idCardCheckDigit(first17)!;
}

const id1 = makeIdCard({ regionCode: '320706', birthDate: '1980-05-12', sequence: 101 });
const id2 = makeIdCard({ regionCode: '320706', birthDate: '1990-03-04', sequence: 202 });
const id3 = makeIdCard({ regionCode: '320706', birthDate: '1975-11-20', sequence: 302 });
const id4 = makeIdCard({ regionCode: '320703', birthDate: '2001-07-15', sequence: 411 });

const household = [
  {
    身份证号: id1,
    姓名: '王伟',
    性别: '1',
    出生日期: '1980-05-12',
    手机号码: '13800000001',
    住址: '连云港市海州区朝阳街道幸福路12号3幢201室',
  },
  {
    身份证号: id2,
    姓名: '李静',
    性别: '2',
    出生日期: '1990-03-04',
    手机号码: '13800000002',
    住址: '连云港市海州区新浦街道解放路8号1幢101室',
  },
  {
    身份证号: id3,
    姓名: '张敏',
    性别: '2',
    出生日期: '1975-11-20',
    手机号码: '13800000003',
    住址: '连云港市连云区墟沟街道海棠路5号2幢302室',
  },
];
const archives = [
  // The same person in Traditional characters: linked by the number.
  {
    档案编号: 'HA1',
    身份证号: id1,
    姓名: '王偉',
    性别: '男',
    出生日期: '1980-05-12',
    手机号码: '13800000001',
    住址: '海州区朝阳街道幸福路十二号3幢201室',
  },
  // A wrong but valid number: linked by name, birth date and phone — and the number is a conflict.
  {
    档案编号: 'HA2',
    身份证号: wrongButValid(id2),
    姓名: '李静',
    性别: '女',
    出生日期: '1990-03-04',
    手机号码: '13800000002',
    住址: null,
  },
  // A homophone for the given name: linked by the number; the name is a conflict.
  {
    档案编号: 'HA3',
    身份证号: id3,
    姓名: '张闵',
    性别: '女',
    出生日期: '1975-11-20',
    手机号码: '13800000003',
    住址: null,
  },
  // Nobody the household register knows.
  {
    档案编号: 'HA4',
    身份证号: id4,
    姓名: '赵强',
    性别: '男',
    出生日期: '2001-07-15',
    手机号码: '13900000004',
    住址: null,
  },
];

describe.each(ENGINES)('population registry on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  let staff: string;
  let sourceA: string;
  let sourceB: string;
  let household$: string;
  let archives$: string;
  let published: string;
  const personOf = new Map<string, string>();

  const push = (token: string, resourceId: string, rows: Record<string, unknown>[]) =>
    t.call(token, {
      method: 'POST',
      url: `/api/exchange/resources/${resourceId}/records`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson(rows),
    });
  const sync = async () => {
    const res = await t.call(f.stewardMz, { method: 'POST', url: '/api/registries/population/sync' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { sources: { applied: number }[]; published: number };
  };
  const person = async (id: string, token = f.stewardMz) => {
    const res = await t.call(token, { method: 'GET', url: `/api/registries/population/persons/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      record: {
        id: string;
        fields: Record<string, string | null>;
        provenance: Record<string, { sourceId: string; rule: string }>;
        masked: string[];
        records: number;
        status: string;
      };
      redirectedFrom: string | null;
      sources: {
        sourceId: string;
        recordKey: string;
        link: string;
        why: { evidence: { field: string; level: number }[] } | null;
      }[];
      history: { id: string; kind: string; detail: unknown }[];
      conflicts: { id: string; field: string; candidates: { value: string }[] }[];
      reviews: { id: string }[];
    };
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
    await buildUser(t.services, {
      username: 'window',
      departmentId: f.ga,
      roles: [{ role: 'service_staff', departmentId: f.ga }],
    });
    staff = await t.login('window');
    const open = { sharingType: 'unconditional' as const, sharingCondition: null };
    // 有条件共享 sources: the registry's department reads them under grants with the personal items in clear.
    household$ = (
      await publishResource(t, f.admin, f.ga, { name: '户籍人口信息', items: [ID(true), ...PERSON] })
    ).id;
    archives$ = (
      await publishResource(t, f.admin, f.mz, {
        name: '居民健康档案信息',
        items: [buildItem({ name: '档案编号', isKey: true }), ID(false), ...PERSON],
      })
    ).id;
    const clear = ['姓名', '手机号码', '住址'];
    for (const [i, resourceId] of [household$, archives$].entries())
      await buildGrant(t.services, {
        resourceId,
        consumerDepartmentId: f.mz,
        items: ['身份证号', ...PERSON.map((p) => p.name)],
        unmaskedItems: resourceId === archives$ ? ['身份证号', ...clear] : clear,
        usageModes: ['subscription'],
        purpose: '人口基础库建设与维护',
        agreement: i === 0,
      });
    published = (
      await publishResource(t, f.admin, f.mz, {
        ...buildResourceInput(f.mz),
        name: '人口基础信息',
        classCode: '101001',
        items: [
          buildItem({ name: '人员编号', isKey: true, length: 13 }),
          { ...ID(false), required: false },
          ...PERSON.map((i) => ({ ...i, required: false })),
          buildItem({ name: '档案状态', length: 10 }),
          buildItem({ name: '合并至人员编号', length: 13, required: false }),
          buildItem({ name: '更新时间', dataType: 'T', length: null }),
        ],
        ...open,
      })
    ).id;
    // 民政局 keeps the registry in this test (the demo gives it to 市信息中心).
    await t.services.registries.sources.ensure('population', f.mz, published);
  });
  afterAll(() => t?.close());

  it('attaches sources only for its steward, with projections checked against the resource', async () => {
    const body = (resourceId: string, name: string, priority: number, fields: Record<string, string>) => ({
      resourceId,
      name,
      priority,
      projections: [{ role: null, fields }],
    });
    const fields = {
      身份证号: '身份证号',
      姓名: '姓名',
      性别: '性别',
      出生日期: '出生日期',
      手机号码: '手机号码',
      住址: '住址',
    };
    const denied = await t.call(f.stewardGa, {
      method: 'POST',
      url: '/api/registries/population/sources',
      payload: body(household$, '户籍', 1, fields),
    });
    expect(denied.statusCode).toBe(403);
    const bad = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/registries/population/sources',
      payload: body(household$, '户籍', 1, { ...fields, 住址: '现住址', 血型: '血型' }),
    });
    expect(bad.statusCode).toBe(400);
    const named = (bad.json() as { error: { details: { fields: { field: string; code: string }[] } } }).error
      .details.fields;
    expect(named).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'projections[0].fields.住址', code: 'UNKNOWN_ITEM' }),
        expect.objectContaining({ field: 'projections[0].fields.血型', code: 'UNKNOWN_FIELD' }),
      ]),
    );
    const a = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/registries/population/sources',
      payload: body(household$, '公安户籍', 1, fields),
    });
    expect(a.statusCode, a.body).toBe(201);
    sourceA = (a.json() as { id: string }).id;
    const again = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/registries/population/sources',
      payload: body(household$, '公安户籍', 1, fields),
    });
    expect(again.json()).toMatchObject({ error: { code: 'REGISTRY_SOURCE_EXISTS' } });
    const b = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/registries/population/sources',
      payload: body(archives$, '卫健档案', 2, fields),
    });
    expect(b.statusCode, b.body).toBe(201);
    sourceB = (b.json() as { id: string }).id;
  });

  it('merges the sources into one golden person each, explaining every link, with conflicts where they disagree', async () => {
    expect((await push(f.stewardGa, household$, household)).statusCode).toBe(200);
    expect((await push(f.stewardMz, archives$, archives)).statusCode).toBe(200);
    const out = await sync();
    expect(out.sources.map((s) => s.applied)).toEqual([3, 4]);
    expect(out.published).toBe(4);

    const page = await t.call(f.stewardMz, {
      method: 'GET',
      url: '/api/registries/population/persons?limit=50',
    });
    const items = (page.json() as { items: { id: string; fields: Record<string, string> }[] }).items;
    expect(items).toHaveLength(4);
    for (const p of items) personOf.set(p.fields['身份证号']!, p.id);
    expect(personOf.has(id4)).toBe(true);

    const wang = await person(personOf.get(id1)!);
    expect(wang.record.fields).toMatchObject({ 姓名: '王伟', 性别: '1', 身份证号: id1 });
    // The code stays what the sources agree on; its GB/T 2261.1 name comes beside it.
    expect((wang.record as unknown as { labels: Record<string, string> }).labels).toEqual({ 性别: '男' });
    expect(wang.record.provenance['姓名']).toMatchObject({ sourceId: sourceA, rule: 'priority' });
    expect(wang.sources.map((s) => s.link).sort()).toEqual(['key', 'new']);
    expect(wang.conflicts).toEqual([]);

    const li = await person(personOf.get(id2)!);
    const linked = li.sources.find((s) => s.sourceId === sourceB)!;
    expect(linked.link).toBe('match');
    // The explanation names the fields: the phone agreed exactly, the number did not.
    const level = (field: string) => linked.why!.evidence.find((e) => e.field === field)?.level;
    expect(level('phone')).toBe(2);
    expect(level('idNumber')).toBe(0);
    expect(li.conflicts.map((c) => c.field)).toEqual(['身份证号']);
    expect(li.conflicts[0]!.candidates.map((c) => c.value).sort()).toEqual([id2, wrongButValid(id2)].sort());

    const zhang = await person(personOf.get(id3)!);
    expect(zhang.conflicts.map((c) => c.field)).toEqual(['姓名']);
  });

  it('pages persons by key, and masks them for service staff; other departments get nothing', async () => {
    const first = await t.call(f.stewardMz, {
      method: 'GET',
      url: '/api/registries/population/persons?limit=3',
    });
    const p1 = first.json() as { items: { id: string }[]; next: string | null };
    expect(p1.items).toHaveLength(3);
    expect(p1.next).toBe(p1.items[2]!.id);
    const second = await t.call(f.stewardMz, {
      method: 'GET',
      url: `/api/registries/population/persons?limit=3&after=${p1.next}`,
    });
    const p2 = second.json() as { items: { id: string }[]; next: string | null };
    expect(p2.items).toHaveLength(1);
    expect(p2.next).toBeNull();
    expect(new Set([...p1.items, ...p2.items].map((i) => i.id)).size).toBe(4);

    const masked = await person(personOf.get(id1)!, staff);
    expect(masked.record.fields['身份证号']).not.toBe(id1);
    expect(masked.record.fields['身份证号']).toMatch(/^320706\*+\d{3}[0-9X]$/);
    expect(masked.record.masked).toEqual(expect.arrayContaining(['身份证号', '姓名', '手机号码']));
    expect(masked.sources.every((s) => !s.recordKey.includes(id1))).toBe(true);

    for (const token of [f.consumer, f.stewardGa]) {
      const res = await t.call(token, {
        method: 'GET',
        url: `/api/registries/population/persons/${personOf.get(id1)}`,
      });
      expect(res.statusCode).toBe(403);
    }
    const audited = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'registry.read' AND outcome = 'success'`,
    );
    expect(audited.rows[0]!.n).toBeGreaterThan(0);
  });

  it('answers the match API best first with decisions and reasons, and refuses a request with nothing to match on', async () => {
    const res = await t.call(staff, {
      method: 'POST',
      url: '/api/registries/population/match',
      payload: { fields: { 姓名: '李靜', 出生日期: '1990年3月4日', 手机号码: '138-0000-0002' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { candidates } = res.json() as {
      candidates: {
        personId: string;
        decision: string;
        score: number;
        record: { fields: Record<string, string> };
        why: { evidence: { field: string }[] };
      }[];
    };
    expect(candidates[0]).toMatchObject({ personId: personOf.get(id2), decision: 'match' });
    expect(candidates[0]!.score).toBeGreaterThan(0.95);
    expect(candidates[0]!.why.evidence.map((e) => e.field)).toEqual(
      expect.arrayContaining(['name', 'birthDate', 'phone']),
    );
    expect(candidates[0]!.record.fields['身份证号']).not.toBe(id2);

    const empty = await t.call(staff, {
      method: 'POST',
      url: '/api/registries/population/match',
      payload: { fields: { 性别: '男' } },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: { code: 'REGISTRY_MATCH_NO_FIELDS' } });
    const unknownField = await t.call(staff, {
      method: 'POST',
      url: '/api/registries/population/match',
      payload: { fields: { 血型: 'A' } },
    });
    expect(unknownField.statusCode).toBe(400);
    const consumer = await t.call(f.consumer, {
      method: 'POST',
      url: '/api/registries/population/match',
      payload: { fields: { 姓名: '李静' } },
    });
    expect(consumer.statusCode).toBe(403);
  });

  it('keeps person ids when a source changes, and follows the rule of each field', async () => {
    const id = personOf.get(id1)!;
    expect(
      (await push(f.stewardGa, household$, [{ ...household[0], 手机号码: '13811112222' }])).statusCode,
    ).toBe(200);
    await sync();
    const after = await person(id);
    expect(after.record.id).toBe(id);
    expect(after.record.fields['手机号码']).toBe('13811112222');
    const updated = after.history.find((h) => h.kind === 'updated')!;
    expect(updated.detail).toMatchObject({
      changes: { 手机号码: { from: '13800000001', to: '13811112222' } },
    });
    const rows = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM registry_entity WHERE status = 'active'`,
    );
    expect(rows.rows[0]!.n).toBe(4);

    // 姓名 from the health archives only: 张敏's golden name becomes the archive's.
    const set = await t.call(f.stewardMz, {
      method: 'PUT',
      url: '/api/registries/population/rules',
      payload: { rules: [{ field: '姓名', rule: 'fixed', fixedSourceId: sourceB, conflict: true }] },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect((await person(personOf.get(id3)!)).record.fields['姓名']).toBe('张闵');
    const badRule = await t.call(f.stewardMz, {
      method: 'PUT',
      url: '/api/registries/population/rules',
      payload: { rules: [{ field: '血型', rule: 'fixed', fixedSourceId: null, conflict: false }] },
    });
    expect(badRule.statusCode).toBe(400);
    const back = await t.call(f.stewardMz, {
      method: 'PUT',
      url: '/api/registries/population/rules',
      payload: { rules: [{ field: '姓名', rule: 'priority', fixedSourceId: null, conflict: true }] },
    });
    expect(back.statusCode).toBe(200);
    expect((await person(personOf.get(id3)!)).record.fields['姓名']).toBe('张敏');
  });

  it('resolves a conflict with an offered value only, and the choice holds', async () => {
    const li = await person(personOf.get(id2)!);
    const conflict = li.conflicts[0]!;
    const wrong = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/registries/population/conflicts/${conflict.id}/decision`,
      payload: { value: '110101199003040000' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: { code: 'REGISTRY_CONFLICT_VALUE' } });
    const staffTry = await t.call(staff, {
      method: 'POST',
      url: `/api/registries/population/conflicts/${conflict.id}/decision`,
      payload: { value: id2 },
    });
    expect(staffTry.statusCode).toBe(403);
    const ok = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/registries/population/conflicts/${conflict.id}/decision`,
      payload: { value: wrongButValid(id2) },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const now = await person(personOf.get(id2)!);
    expect(now.record.fields['身份证号']).toBe(wrongButValid(id2));
    expect(now.record.provenance['身份证号']).toMatchObject({ rule: 'steward', sourceId: sourceB });
    expect(now.conflicts).toEqual([]);
    const twice = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/registries/population/conflicts/${conflict.id}/decision`,
      payload: { dismiss: true },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('merges two persons and un-merges them back to exactly what they were', async () => {
    const a = personOf.get(id1)!;
    const b = personOf.get(id4)!;
    const before = [await person(a), await person(b)].map((p) => ({
      fields: p.record.fields,
      provenance: p.record.provenance,
      sources: p.sources,
    }));
    const merged = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/registries/population/merge',
      payload: { from: b, into: a, reason: '同一人（测试）' },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const { eventId } = merged.json() as { eventId: string };
    const redirected = await person(b);
    expect(redirected.redirectedFrom).toBe(b);
    expect(redirected.record.id).toBe(a);
    expect(redirected.record.records).toBe(3);
    const self = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/registries/population/merge',
      payload: { from: a, into: a, reason: 'x' },
    });
    expect(self.statusCode).toBe(400);

    const undone = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/registries/population/unmerge',
      payload: { eventId, reason: '误合并' },
    });
    expect(undone.statusCode, undone.body).toBe(200);
    const after = [await person(a), await person(b)].map((p) => ({
      fields: p.record.fields,
      provenance: p.record.provenance,
      sources: p.sources,
    }));
    expect(after).toEqual(before);
    const again = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/registries/population/unmerge',
      payload: { eventId, reason: '再次' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('sends a record it cannot decide to review, and links it on the steward’s word', async () => {
    // 王伟 again, but with a wrong number and neither phone nor address: a steward decides.
    const doubtful = {
      档案编号: 'HA5',
      身份证号: wrongButValid(id1),
      姓名: '王伟',
      性别: '男',
      出生日期: '1980-05-12',
      手机号码: null,
      住址: null,
    };
    expect((await push(f.stewardMz, archives$, [doubtful])).statusCode).toBe(200);
    await sync();
    const queue = await t.call(f.stewardMz, { method: 'GET', url: '/api/registries/population/reviews' });
    expect(queue.statusCode, queue.body).toBe(200);
    const reviews = (
      queue.json() as {
        items: { id: string; candidateId: string; recordKey: string; why: { probability: number } }[];
      }
    ).items;
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ candidateId: personOf.get(id1), recordKey: 'HA5' });
    expect(reviews[0]!.why.probability).toBeGreaterThanOrEqual(0.5);
    expect(
      (await t.call(staff, { method: 'GET', url: '/api/registries/population/reviews' })).statusCode,
    ).toBe(403);

    const linked = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/registries/population/reviews/${reviews[0]!.id}/decision`,
      payload: { decision: 'link' },
    });
    expect(linked.statusCode, linked.body).toBe(200);
    const wang = await person(personOf.get(id1)!);
    expect(wang.sources.find((s) => s.recordKey === 'HA5')).toMatchObject({ link: 'steward' });
    expect(wang.conflicts.map((c) => c.field)).toEqual(['身份证号']);
    const repeat = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/registries/population/reviews/${reviews[0]!.id}/decision`,
      payload: { decision: 'apart' },
    });
    expect(repeat.statusCode).toBe(409);
  });

  it('publishes golden records through the exchange, so its change log carries every golden change', async () => {
    const state = await t.services.exchange.resource(published);
    expect(state.recordsHeld).toBeGreaterThanOrEqual(5);
    const { rows } = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM registry_entity WHERE unpublished AND registry = 'population'`,
    );
    expect(rows[0]!.n).toBe(0);
    const [resource] = await t.services.catalog.publishedResources([published]);
    const key = t.services.exchange.canonicalKey(resource!, { 人员编号: personOf.get(id1)! });
    if (!key.ok) throw new Error('key');
    const record = await t.services.exchange.recordByKey(published, key.key);
    expect(record).toMatchObject({ data: { 人员编号: personOf.get(id1), 档案状态: '有效', 身份证号: id1 } });
  });

  it('answers 404 for an unknown or malformed person id, and the overview counts from the data', async () => {
    for (const id of ['P0000000000ZZ', 'nonsense', 'P12']) {
      const res = await t.call(f.stewardMz, {
        method: 'GET',
        url: `/api/registries/population/persons/${encodeURIComponent(id)}`,
      });
      expect(res.statusCode).toBe(404);
    }
    const o = await t.call(f.stewardMz, { method: 'GET', url: '/api/registries/population' });
    expect(o.statusCode, o.body).toBe(200);
    const overview = o.json() as {
      entities: number;
      records: number;
      openConflicts: number;
      openReviews: number;
      sources: { records: number }[];
      completeness: { field: string; rate: number }[];
    };
    expect(overview).toMatchObject({ entities: 4, records: 8, openReviews: 0 });
    expect(overview.sources.map((s) => s.records)).toEqual([3, 5]);
    expect(overview.completeness.find((c) => c.field === '姓名')!.rate).toBe(1);
  });

  it('gathers 一人一档 for staff, and shows a citizen her own record and who used it', async () => {
    const pid = personOf.get(id1)!;
    // A license of 公安's type to the person, so the dossier has one to show.
    const typeCode = `${makeUscc({ registrationAuthority: '1', orgType: '1', regionCode: '100000', orgCodeBody8: '00000457' })}201`;
    const type = await t.call(f.stewardGa, {
      method: 'POST',
      url: '/api/registries/license-types',
      payload: {
        code: typeCode,
        name: '居民户口簿',
        ministryName: '公安部',
        departmentId: f.ga,
        holderKind: '111',
        validityYears: null,
        fields: [{ name: '户号', dataType: 'C', required: true, tag: null }],
      },
    });
    expect(type.statusCode, type.body).toBe(201);
    const lic = await t.call(f.stewardGa, {
      method: 'POST',
      url: '/api/registries/licenses',
      payload: {
        typeCode,
        number: '户字第1号',
        holder: { code: id1, name: '王伟' },
        issuedOn: '2024-01-02',
        data: { 户号: '320706000001' },
      },
    });
    expect(lic.statusCode, lic.body).toBe(201);

    // The registry's steward: fields in clear, 公安's license list is not hers to read, credit is.
    const own = await t.call(f.stewardMz, { method: 'GET', url: `/api/dossiers/persons/${pid}` });
    expect(own.statusCode, own.body).toBe(200);
    const d = own.json() as {
      kind: string;
      registry: { record: { id: string; fields: Record<string, string | null> }; sources: unknown[] };
      licenses: { licenseId: string; holderCode: string }[] | null;
      credit: { score: { score: number } } | null;
      omitted: { section: string; reason: string }[];
    };
    expect(d.kind).toBe('person');
    expect(d.registry.record.fields['身份证号']).toBe(id1);
    expect(d.registry.sources.length).toBeGreaterThanOrEqual(2);
    expect(d.licenses).toEqual([]);
    expect(d.credit?.score.score).toBe(100);
    // 公安's window staff: masked fields, and 公安's own license.
    const window = await t.call(staff, { method: 'GET', url: `/api/dossiers/persons/${pid}` });
    expect(window.statusCode, window.body).toBe(200);
    const w = window.json() as typeof d;
    expect(w.registry.record.fields['身份证号']).not.toBe(id1);
    expect(w.registry.record.fields['身份证号']).toMatch(/\*/);
    expect(w.licenses?.map((l) => l.licenseId)).toEqual([lic.json().licenseId]);
    expect(w.licenses?.[0]!.holderCode).not.toBe(id1);
    // A steward of another department reads no registry: 403; an unknown id: 404.
    expect(
      (await t.call(f.stewardGa, { method: 'GET', url: `/api/dossiers/persons/${pid}` })).statusCode,
    ).toBe(403);
    expect(
      (await t.call(staff, { method: 'GET', url: '/api/dossiers/persons/P0000000000ZZ' })).statusCode,
    ).toBe(404);
    expect(
      (await t.call(staff, { method: 'GET', url: `/api/dossiers/legal-persons/${pid}` })).statusCode,
    ).toBe(404);

    // The citizen, bound to her number by the operator, sees it in clear, and every use by others.
    const citizen = await buildUser(t.services, { roles: [{ role: 'citizen', departmentId: null }] });
    const token = await t.login(citizen.username);
    const unbound = await t.call(token, { method: 'GET', url: '/api/me/dossier' });
    expect(unbound.json()).toEqual({ subjects: [] });
    expect((await t.call(token, { method: 'GET', url: '/api/me/data-uses' })).json()).toEqual({
      items: [],
      nextCursor: null,
    });
    await t.services.identity.subjects.bind(testActor, citizen.id, id1.toLowerCase(), '王伟');
    const mine = await t.call(token, { method: 'GET', url: '/api/me/dossier' });
    expect(mine.statusCode, mine.body).toBe(200);
    const m = mine.json() as {
      subjects: {
        kind: string;
        code: string;
        registry: { record: { id: string; fields: Record<string, string | null> } } | null;
        licenses: { holderCode: string }[];
        credit: { score: { score: number } };
      }[];
    };
    expect(m.subjects).toHaveLength(1);
    expect(m.subjects[0]).toMatchObject({ kind: 'person', code: id1 });
    expect(m.subjects[0]!.registry?.record).toMatchObject({
      id: pid,
      fields: { 身份证号: id1, 姓名: '王伟' },
    });
    expect(m.subjects[0]!.licenses.map((l) => l.holderCode)).toEqual([id1]);
    const uses = await t.call(token, { method: 'GET', url: '/api/me/data-uses?limit=100' });
    expect(uses.statusCode, uses.body).toBe(200);
    const u = uses.json() as {
      items: { action: string; actorKind: string; departmentName: string | null; outcome: string }[];
    };
    const actions = u.items.map((i) => i.action);
    // Both staff reads of the dossier (golden record, licenses, credit), the license issue and the binding —
    // and nothing the citizen did herself.
    expect(actions.filter((a) => a === 'registry.read').length).toBeGreaterThanOrEqual(2);
    expect(actions).toEqual(
      expect.arrayContaining(['license.search', 'credit.profile', 'license.issue', 'user.subject.bind']),
    );
    expect(actions).not.toContain('license.self');
    expect(u.items.find((i) => i.action === 'license.search')?.departmentName).toBe('市公安局');
    // Paging: one at a time reaches the same entries.
    const first = (await t.call(token, { method: 'GET', url: '/api/me/data-uses?limit=1' })).json() as {
      items: { id: string }[];
      nextCursor: string;
    };
    const second = (
      await t.call(token, { method: 'GET', url: `/api/me/data-uses?limit=1&before=${first.nextCursor}` })
    ).json() as { items: { id: string }[] };
    expect([first.items[0]!.id, second.items[0]!.id]).toEqual(
      (u.items as unknown as { id: string }[]).slice(0, 2).map((i) => i.id),
    );
    // Staff have no "my dossier"; a citizen has no staff dossier.
    expect((await t.call(staff, { method: 'GET', url: '/api/me/dossier' })).statusCode).toBe(403);
    expect((await t.call(token, { method: 'GET', url: `/api/dossiers/persons/${pid}` })).statusCode).toBe(
      403,
    );
  });
});

describe.each(ENGINES)('legal-person registry on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  const uscc = makeUscc({
    registrationAuthority: '9',
    orgType: '1',
    regionCode: '320700',
    orgCodeBody8: 'MA1XK3P7',
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
    const open = { sharingType: 'unconditional' as const, sharingCondition: null };
    const firms = (
      await publishResource(t, f.admin, f.ga, {
        name: '企业登记信息',
        items: [
          buildItem({ name: '统一社会信用代码', length: 18, isKey: true, semanticTag: 'uscc' }),
          buildItem({ name: '企业名称', length: 100 }),
          buildItem({ name: '法定代表人', length: 20 }),
        ],
        ...open,
      })
    ).id;
    const grades = (
      await publishResource(t, f.admin, f.mz, {
        name: '纳税信用等级信息',
        items: [
          buildItem({ name: '纳税人识别号', length: 20, isKey: true }),
          buildItem({ name: '纳税人名称', length: 100 }),
          buildItem({ name: '纳税信用等级', length: 2 }),
        ],
        ...open,
      })
    ).id;
    await t.services.registries.sources.ensure('legal_person', f.mz, null);
    await t.services.registries.sources.attach(testActor, 'legal_person', {
      resourceId: firms,
      name: '企业登记',
      priority: 1,
      projections: [
        {
          role: null,
          fields: { 统一社会信用代码: '统一社会信用代码', 名称: '企业名称', 法定代表人: '法定代表人' },
        },
      ],
    });
    await t.services.registries.sources.attach(testActor, 'legal_person', {
      resourceId: grades,
      name: '纳税信用',
      priority: 2,
      projections: [
        {
          role: null,
          fields: {
            统一社会信用代码: '纳税人识别号',
            组织机构代码: '纳税人识别号',
            名称: '纳税人名称',
            纳税信用等级: '纳税信用等级',
          },
        },
      ],
    });
    const push = (token: string, id: string, rows: Record<string, unknown>[]) =>
      t.call(token, {
        method: 'POST',
        url: `/api/exchange/resources/${id}/records`,
        headers: { 'content-type': 'application/x-ndjson' },
        payload: ndjson(rows),
      });
    expect(
      (
        await push(f.stewardGa, firms, [
          { 统一社会信用代码: uscc, 企业名称: '连云港海润物流有限公司', 法定代表人: '周强' },
        ])
      ).statusCode,
    ).toBe(200);
    // Filed under the legacy 15-character taxpayer number: region + the 组织机构代码 the credit code embeds.
    expect(
      (
        await push(f.stewardMz, grades, [
          {
            纳税人识别号: `320700${uscc.slice(8, 17)}`,
            纳税人名称: '连云港海润物流有限公司',
            纳税信用等级: 'A',
          },
        ])
      ).statusCode,
    ).toBe(200);
    const res = await t.call(f.stewardMz, { method: 'POST', url: '/api/registries/legal-person/sync' });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(() => t?.close());

  it('links a legacy taxpayer number to the credit code that embeds its organization code', async () => {
    const res = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/registries/legal-person/match',
      payload: { fields: { 统一社会信用代码: uscc } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [best] = (
      res.json() as {
        candidates: {
          organizationId: string;
          decision: string;
          record: { fields: Record<string, string>; records: number };
        }[];
      }
    ).candidates;
    expect(best).toMatchObject({
      decision: 'match',
      record: {
        records: 2,
        fields: { 统一社会信用代码: uscc, 纳税信用等级: 'A', 名称: '连云港海润物流有限公司' },
      },
    });
    const legacy = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/registries/legal-person/match',
      payload: { fields: { 组织机构代码: `${uscc.slice(8, 16)}-${uscc[16]}` } },
    });
    expect(
      (legacy.json() as { candidates: { organizationId: string }[] }).candidates[0]!.organizationId,
    ).toBe(best!.organizationId);
  });
});
