import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCatalog } from '../../src/demo/catalog/index.ts';
import { INSTITUTIONS_RESOURCE, institutionRows } from '../../src/demo/institutions.ts';
import { DEMO_REGISTRY_SOURCES } from '../../src/demo/registries.ts';
import { DEMO_REGISTRY_CONSUMERS, seedDemoRegistryConsumers } from '../../src/demo/registry-consumers.ts';
import { maskValue } from '../../src/lib/mask.ts';
import { makeIdCard } from '../../src/lib/validators/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem, buildResourceInput, catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { publishResource } from '../support/exchange.ts';
import { buildDepartment, buildUser, testActor } from '../support/factories.ts';
import { buildAgreement, buildGrant } from '../support/sharing.ts';

const ID = makeIdCard({ regionCode: '320706', birthDate: '1980-05-12', sequence: 101 });
const household = [
  {
    身份证号: ID,
    姓名: '王伟',
    性别: '1',
    出生日期: '1980-05-12',
    手机号码: '13800000001',
    住址: '海州区幸福路12号',
  },
  {
    身份证号: makeIdCard({ regionCode: '320706', birthDate: '1990-03-04', sequence: 202 }),
    姓名: '李静',
    性别: '2',
    出生日期: '1990-03-04',
    手机号码: '13800000002',
    住址: '海州区解放路8号',
  },
];
const PERSON = [
  buildItem({ name: '身份证号', length: 18, semanticTag: 'id_card', sensitive: true }),
  buildItem({ name: '姓名', length: 20, semanticTag: 'person_name', sensitive: true }),
  buildItem({ name: '性别', length: 1 }),
  buildItem({ name: '出生日期', dataType: 'D', length: null, semanticTag: 'date' }),
  buildItem({ name: '手机号码', length: 11, required: false, semanticTag: 'mobile', sensitive: true }),
  buildItem({ name: '住址', length: 100, required: false, semanticTag: 'address', sensitive: true }),
];
const optional = (items: typeof PERSON) => items.map((i) => ({ ...i, required: false }));
const bookkeeping = (id: string) => [
  buildItem({ name: '档案状态', length: 10 }),
  buildItem({ name: `合并至${id}`, length: 13, required: false }),
  buildItem({ name: '更新时间', dataType: 'T', length: null }),
];
// Some 事业单位 of the demo register: departments that are institutions, city, district and town units, and one
// deregistered.
const institutions = institutionRows().filter((_, i) => i % 13 === 0 || i === 39);
const spec = (consumer: string) => DEMO_REGISTRY_CONSUMERS.find((c) => c.consumer === consumer)!;

describe.each(ENGINES)('the registries as providers on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  let population: string;
  let legal: string;
  let institutions$: string;
  const consumers = new Map<string, { id: string; token: string }>();

  const dataCall = (
    token: string,
    purpose: string,
    opts: { method: 'GET' | 'POST'; url: string; payload?: object },
  ): Promise<LightMyRequestResponse> =>
    t.call(token, { ...opts, headers: { 'x-purpose': encodeURIComponent(purpose) } });

  /** A department with an agreement in force and a signed-in business user of it. */
  async function department(key: string, name: string) {
    const id = (await buildDepartment(t.services, { name, shortName: key })).id;
    await buildAgreement(t.services, id);
    await buildUser(t.services, {
      username: `${key}_user`,
      departmentId: id,
      roles: [{ role: 'dept_consumer', departmentId: id }],
    });
    const entry = { id, token: await t.login(`${key}_user`) };
    consumers.set(key, entry);
    return entry;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
    // 民政局 keeps both registries in this test (the demo gives them to 市信息中心).
    population = (
      await publishResource(t, f.admin, f.mz, {
        ...buildResourceInput(f.mz),
        name: '人口基础信息',
        items: [
          buildItem({ name: '人员编号', isKey: true, length: 13 }),
          ...optional(PERSON),
          buildItem({ name: '人口状态', length: 10, required: false }),
          buildItem({ name: '工作单位', length: 100, required: false }),
          ...bookkeeping('人员编号'),
        ],
      })
    ).id;
    legal = (
      await publishResource(t, f.admin, f.mz, {
        ...buildResourceInput(f.mz),
        name: '法人基础信息',
        classCode: '102001',
        items: [
          buildItem({ name: '法人编号', isKey: true, length: 13 }),
          ...[
            '统一社会信用代码',
            '名称',
            '主体类型',
            '法定代表人',
            '住所',
            '成立日期',
            '登记状态',
            '登记机关',
          ].map((name) =>
            buildItem({
              name,
              length: 200,
              required: false,
              semanticTag: name === '统一社会信用代码' ? 'uscc' : null,
            }),
          ),
          buildItem({ name: '联系电话', length: 20, required: false, semanticTag: 'phone', sensitive: true }),
          ...bookkeeping('法人编号'),
        ],
      })
    ).id;
    await t.services.registries.sources.ensure('population', f.mz, population);
    await t.services.registries.sources.ensure('legal_person', f.mz, legal);

    // One population source, 公安局's household register, taken by the registry under a grant.
    const householdId = (
      await publishResource(t, f.admin, f.ga, {
        name: '户籍人口信息',
        items: [{ ...PERSON[0]!, isKey: true, required: true }, ...PERSON.slice(1)],
      })
    ).id;
    await buildGrant(t.services, {
      resourceId: householdId,
      consumerDepartmentId: f.mz,
      items: PERSON.map((p) => p.name),
      unmaskedItems: ['姓名', '手机号码', '住址'],
      usageModes: ['subscription'],
      purpose: '人口基础库建设与维护',
    });
    await t.services.registries.sources.attach(testActor, 'population', {
      resourceId: householdId,
      name: '公安户籍',
      priority: 1,
      projections: [{ role: null, fields: Object.fromEntries(PERSON.map((p) => [p.name, p.name])) }],
    });
    await t.services.exchange.ingest(
      testActor,
      householdId,
      household.map((values, i) => ({ row: i + 1, values })),
      { source: 'seed', mode: 'upsert' },
    );

    // 编办's register of 事业单位, with the items the demo catalog gives it, as a legal-person source.
    const entry = buildDemoCatalog().find((r) => r.name === INSTITUTIONS_RESOURCE.name)!;
    const { departmentKey: _key, lastDataChangeAt: _at, ...input } = entry;
    const provider = (
      await buildDepartment(t.services, { name: '市人力资源和社会保障局', shortName: '人社' })
    ).id;
    institutions$ = (await publishResource(t, f.admin, provider, { ...input, departmentId: provider })).id;
    if (entry.sharingType === 'conditional')
      await buildGrant(t.services, {
        resourceId: institutions$,
        consumerDepartmentId: f.mz,
        agreement: false,
        items: entry.items.map((i) => i.name),
        unmaskedItems: entry.items.filter((i) => i.sensitive && !i.isKey).map((i) => i.name),
        usageModes: ['subscription'],
        purpose: '法人基础库建设与维护',
      });
    const source = DEMO_REGISTRY_SOURCES.find((s) => s.resource === INSTITUTIONS_RESOURCE.name)!;
    await t.services.registries.sources.attach(testActor, 'legal_person', {
      resourceId: institutions$,
      name: source.name,
      priority: source.priority,
      projections: source.projections,
    });
    const result = await t.services.exchange.ingest(
      testActor,
      institutions$,
      institutions.map((values, i) => ({ row: i + 1, values })),
      { source: 'seed', mode: 'upsert' },
    );
    expect(result.inserted).toBe(institutions.length);

    await department('rsj', '市人力资源和社会保障局（人社业务）');
    await department('gjj', '市住房公积金管理中心');
    await department('swj', '市商务局');
    await department('wsj', '市未授权局');
  });
  afterAll(() => t?.close());

  it('grants the demo consumers through request and approval before any golden record exists', async () => {
    expect((await t.services.exchange.resource(population)).recordsHeld).toBe(0);
    const ids = new Map([
      ['xxzx', f.mz],
      ...[...consumers].filter(([key]) => key !== 'wsj').map(([key, c]) => [key, c.id] as const),
    ]);
    const report = await seedDemoRegistryConsumers(t.services, testActor, ids);
    expect(report).toEqual({ requests: 3, grants: 3, subscriptions: 1 });
    // Again: nothing new.
    expect(await seedDemoRegistryConsumers(t.services, testActor, ids)).toEqual({
      requests: 0,
      grants: 0,
      subscriptions: 0,
    });
    const { items } = await t.services.sharing.grants.list({ providerIds: [f.mz] }, 50, 0);
    const rs = items.find((g) => g.consumerDepartmentId === consumers.get('rsj')!.id)!;
    expect(rs).toMatchObject({
      resourceId: population,
      purpose: spec('rsj').purpose,
      unmaskedItems: ['身份证号'],
    });
    expect(items.find((g) => g.consumerDepartmentId === consumers.get('swj')!.id)).toMatchObject({
      resourceId: legal,
    });
    const subs = await t.services.exchange.subscriptions({
      consumerIds: [consumers.get('gjj')!.id],
      providerIds: null,
      resourceId: population,
    });
    expect(subs.map((s) => s.mode)).toEqual(['pull']);
  });

  it('serves 人口基础信息 to 人社局 through the data service, masked as its grant says', async () => {
    const synced = await t.services.registries.syncNow(testActor, 'population');
    expect(synced.published).toBe(household.length);
    const { token } = consumers.get('rsj')!;
    const purpose = spec('rsj').purpose;
    const found = await dataCall(token, purpose, {
      method: 'POST',
      url: `/api/data/${population}/query`,
      payload: { where: { 身份证号: ID } },
    });
    expect(found.statusCode, found.body).toBe(200);
    const [hit] = found.json<{ records: { key: string[] }[] }>().records;
    const lookup = await dataCall(token, purpose, {
      method: 'GET',
      url: `/api/data/${population}/records/${encodeURIComponent(hit!.key[0]!)}`,
    });
    expect(lookup.statusCode, lookup.body).toBe(200);
    const body = lookup.json<{ record: { data: Record<string, unknown> }; maskedItems: string[] }>();
    // The number in clear, the name masked, and nothing it was not granted (phone, address).
    expect(body.record.data).toMatchObject({
      人员编号: hit!.key[0],
      身份证号: ID,
      姓名: maskValue('person_name', '王伟'),
      性别: '1',
      出生日期: '1980-05-12',
    });
    expect(body.record.data['姓名']).not.toBe('王伟');
    expect(body.record.data).not.toHaveProperty('手机号码');
    expect(body.record.data).not.toHaveProperty('住址');
    expect(body.maskedItems).toEqual(['姓名']);
    // Verification by the person's id compares only what the grant holds in clear.
    const verified = await dataCall(token, purpose, {
      method: 'POST',
      url: `/api/data/${population}/verify`,
      payload: { fields: { 人员编号: hit!.key[0], 身份证号: ID, 出生日期: '1980-05-12' } },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ match: true });
  });

  it('refuses a department without a grant, and records the refusal', async () => {
    const { id, token } = consumers.get('wsj')!;
    const res = await dataCall(token, spec('rsj').purpose, {
      method: 'POST',
      url: `/api/data/${population}/query`,
      payload: { where: { 身份证号: ID } },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'SHARING_NO_GRANT' } });
    expect(res.body).not.toContain('王伟');
    const { rows } = await t.testDb.db.query<{
      action: string;
      outcome: string;
      code: string;
      records: string;
    }>(
      `SELECT action, outcome, code, records::text FROM sharing_access_log
        WHERE consumer_department_id = $1 AND resource_id = $2`,
      [id, population],
    );
    expect(rows).toEqual([
      { action: 'data.query', outcome: 'denied', code: 'SHARING_NO_GRANT', records: '0' },
    ]);
  });

  it('merges 编办’s 事业单位 into golden legal persons, which 商务局 then finds', async () => {
    const synced = await t.services.registries.syncNow(testActor, 'legal_person');
    expect(synced.sources.map((s) => s.applied)).toEqual([institutions.length]);
    expect(synced.published).toBe(institutions.length);
    const res = await t.call(f.stewardMz, {
      method: 'GET',
      url: '/api/registries/legal-person/records?limit=100',
    });
    expect(res.statusCode, res.body).toBe(200);
    const golden = res.json<{ items: { key: string; fields: Record<string, string | null> }[] }>().items;
    expect(golden).toHaveLength(institutions.length);
    const byCode = new Map(golden.map((g) => [g.key, g.fields]));
    for (const row of institutions) {
      const uscc = String(row['统一社会信用代码']);
      // Registration authority 1 (机构编制), category 2 (事业单位).
      expect(uscc.slice(0, 2)).toBe('12');
      expect(byCode.get(uscc)).toMatchObject({
        统一社会信用代码: uscc,
        名称: row['单位名称'],
        主体类型: '事业单位',
        登记机关: row['登记管理机关'],
        成立日期: row['设立日期'],
        登记状态: row['登记状态'],
      });
    }
    expect(golden.filter((g) => g.fields['登记状态'] === '注销')).toHaveLength(1);

    const hospital = institutions.find((r) => String(r['单位名称']).endsWith('医院'))!;
    const found = await dataCall(consumers.get('swj')!.token, spec('swj').purpose, {
      method: 'POST',
      url: `/api/data/${legal}/query`,
      payload: { where: { 名称: hospital['单位名称'] } },
    });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json<{ records: { data: Record<string, unknown> }[] }>().records).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          统一社会信用代码: hospital['统一社会信用代码'],
          主体类型: '事业单位',
          法定代表人: hospital['法定代表人'],
        }),
      }),
    ]);
  });
});
