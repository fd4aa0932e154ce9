import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../../src/lib/validators/index.ts';
import { makeItemCode, type ServiceItemInputT, type ServiceItemT } from '../../src/modules/services/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem, buildResourceInput } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, buildUser, testActor } from '../support/factories.ts';

const MINISTRY = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '100000',
  orgCodeBody8: '00000811',
});
const MARRIAGE_LICENSE = `${MINISTRY}001`;

describe.each(ENGINES)('service item catalogue on %s', (engine) => {
  let t: TestApp;
  let mz: { id: string; uscc: string };
  let other: { id: string; uscc: string };
  let resourceId: string;
  let admin: string;
  let steward: string;
  let otherSteward: string;
  let consumer: string;
  let auditor: string;
  let citizen: string;
  let main = 0;

  /** A valid 结婚登记-like item of 民政局 with overrides; each call a new main item number. */
  function itemInput(overrides: Partial<ServiceItemInputT> = {}): ServiceItemInputT {
    main += 1;
    return {
      name: '内地居民结婚登记',
      code: makeItemCode(mz.uscc, '07', 100 + main, 1),
      kind: '07',
      departmentId: mz.id,
      legalBasis: '《婚姻登记条例》第四条',
      conditions: '男年满22周岁，女年满20周岁，双方均无配偶',
      legalDays: 1,
      promisedDays: 0,
      channels: ['window', 'online'],
      visits: 1,
      depth: 3,
      fee: { charged: false, amount: null, basis: null },
      steps: [{ name: '预约' }, { name: '受理', description: '核对身份' }, { name: '登记发证' }],
      resultLicenseTypeCode: MARRIAGE_LICENSE,
      materials: [
        {
          name: '双方户口簿',
          required: true,
          form: 'electronic',
          source: 'shared',
          registry: 'population',
          fields: ['身份证号', '姓名', '住址'],
        },
        {
          name: '婚姻登记记录证明',
          required: true,
          form: 'electronic',
          source: 'shared',
          resourceId,
          fields: ['结婚证字号', '登记日期'],
        },
        {
          name: '离婚证',
          required: false,
          form: 'electronic',
          source: 'license',
          licenseTypeCode: MARRIAGE_LICENSE,
        },
        { name: '双方近期半身免冠合影照片', required: true, form: 'original', source: 'applicant' },
      ],
      ...overrides,
    };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    mz = await buildDepartment(t.services, { name: '市民政局', shortName: '民政局' });
    other = await buildDepartment(t.services, { name: '市公安局', shortName: '公安局' });
    const user = async (
      role: 'platform_admin' | 'dept_steward' | 'dept_consumer' | 'auditor' | 'citizen',
      dept: string | null,
    ) => {
      const scoped = role === 'dept_steward' || role === 'dept_consumer';
      const u = await buildUser(t.services, {
        departmentId: scoped ? dept : null,
        roles: [{ role, departmentId: scoped ? dept : null }],
      });
      return t.login(u.username);
    };
    admin = await user('platform_admin', null);
    steward = await user('dept_steward', mz.id);
    otherSteward = await user('dept_steward', other.id);
    consumer = await user('dept_consumer', mz.id);
    auditor = await user('auditor', null);
    citizen = await user('citizen', null);
    const resource = await t.services.catalog.create(
      testActor,
      buildResourceInput(mz.id, {
        items: [
          buildItem({ name: '结婚证字号', isKey: true }),
          buildItem({ name: '登记日期', dataType: 'D', length: null, semanticTag: 'date' }),
        ],
      }),
    );
    for (const step of ['submit', 'approve', 'publish'] as const)
      await t.services.catalog.transition(testActor, resource.id, step, null);
    resourceId = resource.id;
    await t.services.licenses.types.create(testActor, {
      code: MARRIAGE_LICENSE,
      name: '结婚证',
      ministryName: '民政部',
      departmentId: mz.id,
      holderKind: '111',
      fields: [{ name: '登记日期', dataType: 'D', required: true, tag: null }],
      validityYears: null,
    });
  });
  afterAll(() => t.close());

  const create = (token: string | null, payload: unknown) =>
    t.call(token, { method: 'POST', url: '/api/services/manage/items', payload: payload as object });

  async function created(payload: ServiceItemInputT = itemInput()): Promise<ServiceItemT> {
    const res = await create(steward, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ServiceItemT>();
  }

  it('creates a draft that the public does not see, publishes it, and the public finds it with its materials', async () => {
    const input = itemInput();
    const item = await created(input);
    expect(item).toMatchObject({ status: 'draft', version: 1, publishedVersion: null, kindName: '行政确认' });
    expect(item.basicCode).toBe(input.code.slice(18));
    expect((await t.call(null, { method: 'GET', url: `/api/services/items/${item.id}` })).statusCode).toBe(
      404,
    );

    const pub = await t.call(steward, {
      method: 'POST',
      url: `/api/services/manage/items/${item.id}/publish`,
    });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ status: 'published', version: 1, publishedVersion: 1 });

    const detail = await t.call(null, { method: 'GET', url: `/api/services/items/${item.id}` });
    expect(detail.statusCode).toBe(200);
    const d = detail.json<ServiceItemT>();
    expect(d.materials.map((m) => m.source)).toEqual(['shared', 'shared', 'license', 'applicant']);
    expect(d.materials[0]).toMatchObject({ registry: 'population', sourceName: '人口基础库' });
    expect(d.materials[1]).toMatchObject({
      resourceId,
      sourceName: '婚姻登记信息',
      providerName: '市民政局',
    });
    expect(d.materials[2]).toMatchObject({ licenseTypeCode: MARRIAGE_LICENSE, sourceName: '结婚证' });
    expect(d.resultLicense).toMatchObject({ code: MARRIAGE_LICENSE, name: '结婚证' });

    const search = await t.call(null, {
      method: 'GET',
      url: `/api/services/items?q=${encodeURIComponent('结婚')}`,
    });
    expect(search.statusCode).toBe(200);
    const page = search.json<{ total: number; items: ServiceItemT[] }>();
    expect(page.items.map((i) => i.id)).toContain(item.id);
    expect(page.items.find((i) => i.id === item.id)!.materials).toHaveLength(4);
    // Traditional characters, by code, by department and kind.
    const trad = await t.call(null, {
      method: 'GET',
      url: `/api/services/items?q=${encodeURIComponent('結婚登記')}`,
    });
    expect(trad.json<{ items: ServiceItemT[] }>().items.map((i) => i.id)).toContain(item.id);
    const byCode = await t.call(null, { method: 'GET', url: `/api/services/items?q=${input.code}` });
    expect(byCode.json<{ items: ServiceItemT[] }>().items[0]!.id).toBe(item.id);
    const byDept = await t.call(null, { method: 'GET', url: `/api/services/items?department=${other.id}` });
    expect(byDept.json<{ total: number }>().total).toBe(0);
    const byKind = await t.call(null, {
      method: 'GET',
      url: `/api/services/items?kind=07&department=${mz.id}`,
    });
    expect(byKind.json<{ items: ServiceItemT[] }>().items.map((i) => i.id)).toContain(item.id);
    const wrongKind = await t.call(null, {
      method: 'GET',
      url: `/api/services/items?kind=01&department=${mz.id}`,
    });
    expect(wrongKind.json<{ total: number }>().total).toBe(0);
  });

  it('keeps versions: an edit of a published item is a draft until published; the history is readable', async () => {
    const item = await created();
    await t.call(steward, { method: 'POST', url: `/api/services/manage/items/${item.id}/publish` });
    const edited = await t.call(steward, {
      method: 'PUT',
      url: `/api/services/manage/items/${item.id}`,
      payload: { ...itemInput(), code: item.code, name: '内地居民结婚登记（预约办理）', promisedDays: 1 },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'draft', version: 2, publishedVersion: 1 });
    // The public still reads version 1.
    const pub1 = await t.call(null, { method: 'GET', url: `/api/services/items/${item.id}` });
    expect(pub1.json()).toMatchObject({ name: '内地居民结婚登记', version: 1 });
    // The public history shows only the published version; the department sees its draft.
    const publicHistory = await t.call(null, {
      method: 'GET',
      url: `/api/services/items/${item.id}/versions`,
    });
    expect(publicHistory.json<unknown[]>()).toHaveLength(1);
    const ownHistory = await t.call(steward, {
      method: 'GET',
      url: `/api/services/items/${item.id}/versions`,
    });
    expect(
      ownHistory.json<{ version: number; status: string }[]>().map((v) => [v.version, v.status]),
    ).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    const publish = await t.call(steward, {
      method: 'POST',
      url: `/api/services/manage/items/${item.id}/publish`,
    });
    expect(publish.json()).toMatchObject({
      version: 2,
      publishedVersion: 2,
      name: '内地居民结婚登记（预约办理）',
    });
    const history = await t.call(null, { method: 'GET', url: `/api/services/items/${item.id}/versions` });
    const versions = history.json<{ version: number; status: string; changes: string[] }[]>();
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    expect(versions[0]!.changes).toEqual(expect.arrayContaining(['name', 'promisedDays']));
    // Nothing left to publish.
    const again = await t.call(steward, {
      method: 'POST',
      url: `/api/services/manage/items/${item.id}/publish`,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SERVICE_ITEM_NOTHING_TO_PUBLISH');
    // Every write is audited.
    const { rows } = await t.testDb.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE object_id = $1 ORDER BY id`,
      [item.id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'service.item.create',
      'service.item.publish',
      'service.item.update',
      'service.item.publish',
    ]);
  });

  const bad: [
    string,
    () => Partial<ServiceItemInputT> | ((i: ServiceItemInputT) => ServiceItemInputT),
    number,
    string,
    string,
  ][] = [
    ['a code of the wrong shape', () => ({ code: '12345' }), 400, 'SERVICE_ITEM_CODE_INVALID', 'code'],
    [
      'a code with another department’s credit code',
      () => (i) => ({ ...i, code: makeItemCode(other.uscc, '07', 900, 0) }),
      400,
      'SERVICE_ITEM_CODE_INVALID',
      'code',
    ],
    [
      'a code whose kind is not the item’s',
      () => (i) => ({ ...i, code: makeItemCode(mz.uscc, '01', 901, 0) }),
      400,
      'SERVICE_ITEM_CODE_INVALID',
      'code',
    ],
    [
      'a code with a wrong check character',
      () => (i) => ({
        ...i,
        code: `${mz.uscc.slice(0, 17)}${mz.uscc[17] === '0' ? '1' : '0'}${i.code.slice(18)}`,
      }),
      400,
      'SERVICE_ITEM_CODE_INVALID',
      'code',
    ],
    [
      'promised days over the legal ones',
      () => ({ legalDays: 5, promisedDays: 6 }),
      400,
      'SERVICE_ITEM_DAYS_INVALID',
      'promisedDays',
    ],
    [
      'a charged item without an amount',
      () => ({ fee: { charged: true, amount: null, basis: '物价文件' } }),
      400,
      'SERVICE_ITEM_FEE_INVALID',
      'fee.amount',
    ],
    [
      'an unknown registry field',
      () => (i) => ({ ...i, materials: [{ ...i.materials[0]!, fields: ['身份证号', '血型'] }] }),
      400,
      'SERVICE_MATERIAL_REGISTRY_FIELD_UNKNOWN',
      'materials.0.fields.1',
    ],
    [
      'an unknown catalog resource',
      () => (i) => ({
        ...i,
        materials: [{ ...i.materials[1]!, resourceId: '00000000-0000-4000-8000-000000000000' }],
      }),
      400,
      'SERVICE_MATERIAL_RESOURCE_UNKNOWN',
      'materials.0.resourceId',
    ],
    [
      'an item the resource does not have',
      () => (i) => ({ ...i, materials: [{ ...i.materials[1]!, fields: ['结婚证字号', '血型'] }] }),
      400,
      'SERVICE_MATERIAL_RESOURCE_UNKNOWN',
      'materials.0.fields.1',
    ],
    [
      'an unknown license type for a material',
      () => (i) => ({ ...i, materials: [{ ...i.materials[2]!, licenseTypeCode: `${MINISTRY}999` }] }),
      400,
      'SERVICE_LICENSE_TYPE_UNKNOWN',
      'materials.0.licenseTypeCode',
    ],
    [
      'an unknown result license type',
      () => ({ resultLicenseTypeCode: `${MINISTRY}998` }),
      400,
      'SERVICE_LICENSE_TYPE_UNKNOWN',
      'resultLicenseTypeCode',
    ],
    [
      'a shared material naming no source',
      () => (i) => ({
        ...i,
        materials: [
          { name: '户口簿', required: true, form: 'electronic', source: 'shared', fields: ['姓名'] },
        ],
      }),
      400,
      'SERVICE_MATERIAL_SOURCE_INVALID',
      'materials.0.registry',
    ],
    [
      'two materials of one name',
      () => (i) => ({ ...i, materials: [i.materials[3]!, i.materials[3]!] }),
      400,
      'SERVICE_MATERIAL_DUPLICATE',
      'materials.1.name',
    ],
  ];
  for (const [what, make, status, code, field] of bad) {
    it(`refuses ${what} (${code} naming ${field}) and writes nothing`, async () => {
      const change = make();
      const base = itemInput();
      const payload = typeof change === 'function' ? change(base) : { ...base, ...change };
      const before = await t.services.serviceItems.reads.manage({ limit: 1 }, null);
      const res = await create(steward, payload);
      expect(res.statusCode, res.body).toBe(status);
      const body = res.json<{
        error: { code: string; details: { field: string; fields: { field: string }[] } };
      }>();
      expect(body.error.code).toBe(code);
      expect(body.error.details.field).toBe(field);
      expect(body.error.details.fields.map((f) => f.field)).toContain(field);
      expect((await t.services.serviceItems.reads.manage({ limit: 1 }, null)).total).toBe(before.total);
    });
  }

  it('refuses an unknown department (the operator, who may edit anywhere)', async () => {
    const res = await create(admin, { ...itemInput(), departmentId: '00000000-0000-4000-8000-000000000001' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'SERVICE_ITEM_DEPARTMENT_UNKNOWN',
      details: { field: 'departmentId' },
    });
  });

  it('refuses a code another item has', async () => {
    const input = itemInput();
    await created(input);
    const res = await create(steward, { ...itemInput(), code: input.code });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SERVICE_ITEM_CODE_TAKEN');
  });

  it('answers 401 without sign-in and 403 to roles that may not edit, with a denied entry', async () => {
    expect((await create(null, itemInput())).statusCode).toBe(401);
    for (const token of [consumer, auditor, citizen]) {
      const res = await create(token, itemInput());
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const list = await t.call(consumer, { method: 'GET', url: '/api/services/manage/items' });
    expect(list.statusCode).toBe(403);
    const denied = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'service.item.edit' AND outcome = 'denied'`,
    );
    expect(denied.rows[0]!.n).toBeGreaterThanOrEqual(3);
  });

  it('keeps another department’s steward out: 403 on a published item, 404 on a draft it cannot see', async () => {
    const published = await created();
    await t.call(steward, { method: 'POST', url: `/api/services/manage/items/${published.id}/publish` });
    const draft = await created();
    const edit = (id: string) =>
      t.call(otherSteward, { method: 'PUT', url: `/api/services/manage/items/${id}`, payload: itemInput() });
    const onPublished = await edit(published.id);
    expect(onPublished.statusCode).toBe(403);
    const onDraft = await edit(draft.id);
    expect(onDraft.statusCode).toBe(404);
    expect(onDraft.json().error.code).toBe('SERVICE_ITEM_NOT_FOUND');
    const publish = await t.call(otherSteward, {
      method: 'POST',
      url: `/api/services/manage/items/${draft.id}/publish`,
    });
    expect(publish.statusCode).toBe(404);
    const read = await t.call(otherSteward, { method: 'GET', url: `/api/services/manage/items/${draft.id}` });
    expect(read.statusCode).toBe(404);
    // Creating in another department is refused.
    const foreign = await create(otherSteward, itemInput());
    expect(foreign.statusCode).toBe(403);
    const { rows } = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE object_id = $1 AND outcome = 'denied'`,
      [draft.id],
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(3);
    // Its own list shows its drafts, not the other department's.
    const own = await t.call(otherSteward, { method: 'GET', url: '/api/services/manage/items?status=draft' });
    expect(own.json<{ total: number }>().total).toBe(0);
    const mine = await t.call(steward, { method: 'GET', url: '/api/services/manage/items?status=draft' });
    expect(mine.json<{ items: ServiceItemT[] }>().items.map((i) => i.id)).toContain(draft.id);
  });

  it('answers the vocabulary and a malformed id without sign-in', async () => {
    const vocab = await t.call(null, { method: 'GET', url: '/api/services/vocabulary' });
    expect(vocab.statusCode).toBe(200);
    expect(vocab.json().kinds.map((k: { value: string }) => k.value)).toEqual([
      '01',
      '04',
      '05',
      '06',
      '07',
      '08',
      '09',
      '10',
      '20',
    ]);
    expect((await t.call(null, { method: 'GET', url: '/api/services/items/not-a-uuid' })).statusCode).toBe(
      400,
    );
  });
});
