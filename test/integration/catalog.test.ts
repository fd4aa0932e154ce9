import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem, buildResourceInput, catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { buildUser } from '../support/factories.ts';

describe.each(ENGINES)('catalog on %s', (engine) => {
  let t: TestApp;
  let mz: string; // 民政局
  let ga: string; // 公安局
  let admin: string;
  let stewardMz: string;
  let stewardGa: string;
  let consumer: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ mz, ga, admin, stewardMz, stewardGa, consumer } = await catalogFixture(t));
  });
  afterAll(() => t.close());

  const post = (token: string, url: string, payload: object = {}) =>
    t.call(token, { method: 'POST', url, payload });

  it('walks the lifecycle: draft → submitted → approved → published → revised → published again', async () => {
    const created = await post(stewardMz, '/api/catalog/resources', buildResourceInput(mz));
    expect(created.statusCode, created.body).toBe(201);
    const r = created.json();
    expect(r).toMatchObject({ status: 'draft', version: 1, category: 'base', departmentName: '市民政局' });
    expect(r.code).toMatch(/^101001\/\d{6}$/);

    // Drafts are the department's own: a consumer neither finds nor opens them.
    expect(
      (await t.call(consumer, { method: 'GET', url: `/api/catalog/resources/${r.id}` })).statusCode,
    ).toBe(404);
    const hidden = await t.call(consumer, { method: 'GET', url: '/api/catalog/resources?q=婚姻' });
    expect(hidden.json().total).toBe(0);
    expect(hidden.json().facets.status).toEqual([]);

    // Only the operator approves.
    expect((await post(stewardMz, `/api/catalog/resources/${r.id}/approve`)).statusCode).toBe(403);
    expect(
      (await post(stewardMz, `/api/catalog/resources/${r.id}/submit`, { comment: '请审核' })).json().status,
    ).toBe('submitted');
    expect((await post(admin, `/api/catalog/resources/${r.id}/publish`)).json().error.code).toBe(
      'CATALOG_TRANSITION_INVALID',
    );
    expect((await post(admin, `/api/catalog/resources/${r.id}/approve`)).json().status).toBe('approved');
    const published = await post(admin, `/api/catalog/resources/${r.id}/publish`);
    expect(published.json()).toMatchObject({ status: 'published', publishedVersion: 1 });
    expect(published.json().publishDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Published: every staff member reads it, by id or by code.
    const byCode = await t.call(consumer, {
      method: 'GET',
      url: `/api/catalog/resources/${encodeURIComponent(r.code)}`,
    });
    expect(byCode.statusCode).toBe(200);
    expect(byCode.json().items.map((i: { name: string }) => i.name)).toEqual([
      '结婚证字号',
      '男方身份证号',
      '登记日期',
    ]);

    // A revision: the published version stays what readers see until the revision is published.
    const revised = buildResourceInput(mz, {
      summary: '全市婚姻登记信息（含补领记录）。',
      items: [
        ...buildResourceInput(mz).items,
        buildItem({ name: '女方身份证号', semanticTag: 'id_card', sensitive: true, length: 18 }),
      ],
    });
    const put = await t.call(stewardMz, {
      method: 'PUT',
      url: `/api/catalog/resources/${r.id}`,
      payload: revised,
    });
    expect(put.json()).toMatchObject({ status: 'draft', version: 2, publishedVersion: 1 });
    const readerView = await t.call(consumer, { method: 'GET', url: `/api/catalog/resources/${r.id}` });
    expect(readerView.json()).toMatchObject({ version: 1, status: 'draft' });
    expect(readerView.json().items).toHaveLength(3);

    await post(stewardMz, `/api/catalog/resources/${r.id}/submit`);
    const rejected = await post(admin, `/api/catalog/resources/${r.id}/reject`, {
      comment: '请补充字段说明',
    });
    expect(rejected.json().status).toBe('draft');
    expect((await post(admin, `/api/catalog/resources/${r.id}/reject`, {})).statusCode).toBe(400);
    await post(stewardMz, `/api/catalog/resources/${r.id}/submit`);
    await post(admin, `/api/catalog/resources/${r.id}/approve`);
    expect((await post(admin, `/api/catalog/resources/${r.id}/publish`)).json()).toMatchObject({
      status: 'published',
      publishedVersion: 2,
    });

    const versions = (
      await t.call(consumer, { method: 'GET', url: `/api/catalog/resources/${r.id}/versions` })
    ).json();
    expect(
      versions.versions.map((v: { version: number; status: string }) => `${v.version}:${v.status}`),
    ).toEqual(['2:published', '1:superseded']);
    expect(versions.versions[0].changes).toEqual([
      { field: 'summary', before: buildResourceInput(mz).summary, after: '全市婚姻登记信息（含补领记录）。' },
    ]);
    expect(versions.versions[0].itemChanges).toEqual([{ name: '女方身份证号', change: 'added', fields: [] }]);
    const history = (
      await t.call(stewardMz, { method: 'GET', url: `/api/catalog/resources/${r.id}/versions` })
    ).json().history;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'submit',
      'approve',
      'publish',
      'revise',
      'submit',
      'reject',
      'submit',
      'approve',
      'publish',
    ]);
    expect(history.find((h: { action: string }) => h.action === 'reject').comment).toBe('请补充字段说明');

    // Ten changes, and the steward's refused attempt to approve its own resource.
    const audit = await t.services.audit.search({ objectId: r.id }, { limit: 50 });
    expect(audit.items.filter((e) => e.outcome === 'success')).toHaveLength(10);
    expect(
      audit.items.filter((e) => e.outcome === 'denied').map((e) => `${e.actorName}:${e.action}`),
    ).toEqual(['mz_steward:catalog.review']);
  });

  it('a steward cannot register or edit for another department', async () => {
    const res = await post(
      stewardGa,
      '/api/catalog/resources',
      buildResourceInput(mz, { name: '别人的资源' }),
    );
    expect(res.statusCode).toBe(403);
    const own = (
      await post(stewardMz, '/api/catalog/resources', buildResourceInput(mz, { name: '民政内部资源' }))
    ).json();
    const edit = await t.call(stewardGa, {
      method: 'PUT',
      url: `/api/catalog/resources/${own.id}`,
      payload: buildResourceInput(ga, { name: '抢过来' }),
    });
    expect(edit.statusCode).toBe(403);
    const move = await t.call(stewardMz, {
      method: 'PUT',
      url: `/api/catalog/resources/${own.id}`,
      payload: buildResourceInput(ga, { name: '民政内部资源' }),
    });
    expect(move.statusCode).toBe(403);
    expect((await t.services.catalog.get(own.id, { kind: 'all' })).departmentId).toBe(mz);
  });

  it('each role: the auditor reads drafts but edits nothing; a citizen has no catalog; a consumer reads published only', async () => {
    await buildUser(t.services, { username: 'audit1', roles: [{ role: 'auditor', departmentId: null }] });
    await buildUser(t.services, { username: 'citizen1', roles: [{ role: 'citizen', departmentId: null }] });
    const auditor = await t.login('audit1');
    const citizen = await t.login('citizen1');
    const draft = (
      await post(stewardMz, '/api/catalog/resources', buildResourceInput(mz, { name: '审计可见的草稿' }))
    ).json();
    expect(
      (await t.call(auditor, { method: 'GET', url: `/api/catalog/resources/${draft.id}` })).statusCode,
    ).toBe(200);
    expect(
      (
        await t.call(auditor, {
          method: 'PUT',
          url: `/api/catalog/resources/${draft.id}`,
          payload: buildResourceInput(mz),
        })
      ).statusCode,
    ).toBe(403);
    expect((await post(auditor, `/api/catalog/resources/${draft.id}/submit`)).statusCode).toBe(403);
    expect((await post(consumer, '/api/catalog/resources', buildResourceInput(ga))).statusCode).toBe(403);
    for (const url of [
      '/api/catalog/resources',
      '/api/catalog/stats',
      `/api/catalog/resources/${draft.id}`,
    ]) {
      expect((await t.call(citizen, { method: 'GET', url })).statusCode).toBe(403);
    }
    // The other department's steward neither sees nor submits this draft.
    expect(
      (await t.call(stewardGa, { method: 'GET', url: `/api/catalog/resources/${draft.id}` })).statusCode,
    ).toBe(404);
    expect((await post(stewardGa, `/api/catalog/resources/${draft.id}/submit`)).statusCode).toBe(403);
  });

  it('refuses invalid resources with every problem named', async () => {
    const res = await post(
      stewardMz,
      '/api/catalog/resources',
      buildResourceInput(mz, {
        name: '坏资源',
        classCode: '199001',
        sharingType: 'none',
        sharingCondition: null,
        openType: 'open',
        items: [buildItem({ name: '重复' }), buildItem({ name: '重复', dataType: 'C', length: null })],
      }),
    );
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .error.details.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`);
    expect(fields).toEqual([
      'classCode:class_code',
      'sharingCondition:legal_basis',
      'openType:open_not_shared',
      'items:key_required',
      'items.1.name:duplicate',
      'items.1.length:required',
    ]);
    const schema = await post(stewardMz, '/api/catalog/resources', {
      ...buildResourceInput(mz),
      items: [{ ...buildItem(), dataType: 'X' }],
    });
    expect(schema.json().error.details.fields[0].field).toBe('items.0.dataType');
  });

  it('search: exact name first, item names, Traditional input, facets and visibility', async () => {
    const mk = async (token: string, dept: string, input: Parameters<typeof buildResourceInput>[1]) => {
      const r = (await post(token, '/api/catalog/resources', buildResourceInput(dept, input))).json();
      await post(token, `/api/catalog/resources/${r.id}/submit`);
      await post(admin, `/api/catalog/resources/${r.id}/approve`);
      await post(admin, `/api/catalog/resources/${r.id}/publish`);
      return r;
    };
    await mk(stewardGa, ga, {
      name: '机动车登记信息',
      classCode: '301001',
      summary: '机动车注册、转移、变更、抵押登记。',
      items: [buildItem({ name: '号牌号码', isKey: true }), buildItem({ name: '车辆识别代号' })],
    });
    await mk(stewardGa, ga, {
      name: '机动车驾驶人信息',
      classCode: '301002',
      summary: '驾驶证申领与记分。',
      updateCycle: 'realtime',
      items: [buildItem({ name: '驾驶证号', isKey: true })],
    });
    await mk(stewardMz, mz, {
      name: '社会组织登记信息',
      classCode: '302001',
      sharingType: 'unconditional',
      sharingCondition: null,
      items: [buildItem({ name: '统一社会信用代码', semanticTag: 'uscc', isKey: true, length: 18 })],
    });

    const exact = (
      await t.call(consumer, {
        method: 'GET',
        url: `/api/catalog/resources?q=${encodeURIComponent('机动车登记信息')}`,
      })
    ).json();
    expect(exact.items[0].name).toBe('机动车登记信息');
    // Only an item name matches: the resource is still found.
    const byItem = (
      await t.call(consumer, {
        method: 'GET',
        url: `/api/catalog/resources?q=${encodeURIComponent('车辆识别代号')}`,
      })
    ).json();
    expect(byItem.items.map((i: { name: string }) => i.name)).toEqual(['机动车登记信息']);
    // Traditional characters find Simplified entries.
    const trad = (
      await t.call(consumer, {
        method: 'GET',
        url: `/api/catalog/resources?q=${encodeURIComponent('機動車駕駛人')}`,
      })
    ).json();
    expect(trad.items[0].name).toBe('机动车驾驶人信息');
    // Facets count what matches the other filters, and only what the caller may see.
    const facets = (
      await t.call(consumer, { method: 'GET', url: `/api/catalog/resources?sharingType=conditional` })
    ).json();
    expect(facets.items.every((i: { sharingType: string }) => i.sharingType === 'conditional')).toBe(true);
    expect(facets.facets.sharingType.map((f: { value: string }) => f.value).sort()).toEqual([
      'conditional',
      'unconditional',
    ]);
    expect(facets.facets.status).toEqual([{ value: 'published', count: facets.total }]);
    const steward = (
      await t.call(stewardMz, { method: 'GET', url: '/api/catalog/resources?limit=100' })
    ).json();
    expect(steward.facets.status.map((f: { value: string }) => f.value)).toContain('draft');
    // Query syntax in user text is just text.
    const weird = await t.call(consumer, {
      method: 'GET',
      url: `/api/catalog/resources?q=${encodeURIComponent("'!&|():* or -")}`,
    });
    expect(weird.statusCode).toBe(200);
  });

  it('stats count the published catalog and flag overdue resources', async () => {
    const stats = (await t.call(consumer, { method: 'GET', url: '/api/catalog/stats' })).json();
    expect(stats.resources).toBe(4);
    expect(stats.items).toBe(4 + 2 + 1 + 1);
    expect(stats.departments).toBe(2);
    const { items } = (
      await t.call(consumer, {
        method: 'GET',
        url: `/api/catalog/resources?q=${encodeURIComponent('机动车驾驶人信息')}`,
      })
    ).json();
    await t.services.catalog.markDataChanged(items[0].id, new Date(Date.now() - 3 * 86_400_000));
    const after = (await t.call(consumer, { method: 'GET', url: '/api/catalog/stats' })).json();
    expect(
      after.overdueByDepartment.find((d: { departmentId: string }) => d.departmentId === ga).count,
    ).toBeGreaterThanOrEqual(1);
    const overdue = (
      await t.call(consumer, { method: 'GET', url: '/api/catalog/resources?overdue=true' })
    ).json();
    expect(overdue.items.map((i: { name: string }) => i.name)).toContain('机动车驾驶人信息');
  });
});
