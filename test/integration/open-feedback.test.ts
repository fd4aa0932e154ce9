import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../src/lib/time.ts';
import { SUBMISSIONS_PER_HOUR } from '../../src/modules/open/feedback/support.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { buildUser } from '../support/factories.ts';
import { datasetName, openFixture, type OpenFixture } from '../support/open.ts';

const rows = Array.from({ length: 6 }, (_, i) => ({
  编号: `F00${i + 1}`,
  名称: `便民服务点${i + 1}`,
  金额: (i + 1) * 10,
}));

type Json = Record<string, unknown>;

describe.each(ENGINES)('open data feedback on %s', (engine) => {
  let t: TestApp;
  let f: OpenFixture;
  let alice: string; // 公众用户
  let bob: string; // 公众用户
  let dev: string; // 开发者
  let openName: string;

  const call = async (
    token: string | null,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
  ) => {
    const res = await t.call(token, {
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    return {
      status: res.statusCode,
      body: res.json() as Json & { error?: { code: string; details?: Json } },
    };
  };
  const fields = (body: { error?: { details?: Json } }) =>
    ((body.error?.details?.fields ?? []) as { field: string }[]).map((x) => x.field);
  const audited = async (action: string, outcome: 'success' | 'denied', objectId?: string) => {
    const { rows } = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND outcome = $2
         AND ($3::text IS NULL OR object_id = $3)`,
      [action, outcome, objectId ?? null],
    );
    return rows[0]!.n;
  };
  const count = async (table: string) =>
    (await t.testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await openFixture(
      t,
      [
        buildItem({ name: '编号', isKey: true, length: 10 }),
        buildItem({ name: '名称', length: 50 }),
        buildItem({ name: '金额', dataType: 'N', length: 12 }),
      ],
      rows,
    );
    openName = datasetName(f.open$.code);
    for (const [username, displayName, role] of [
      ['alice', '张小丽', 'citizen'],
      ['bob', '王大明', 'citizen'],
      ['dev', '李开发', 'developer'],
    ] as const)
      await buildUser(t.services, { username, displayName, roles: [{ role, departmentId: null }] });
    [alice, bob, dev] = [await t.login('alice'), await t.login('bob'), await t.login('dev')];
  });
  afterAll(() => t?.close());

  describe('data requests (数据需求)', () => {
    let unrouted: string;
    let toMz: string;

    it('a public account asks; the same request again is the same one; staff and anonymous callers cannot', async () => {
      const input = {
        title: '公交实时到站数据',
        description: '希望开放全市公交线路的实时到站信息',
        purpose: '出行应用',
      };
      expect((await call(null, 'POST', '/api/open/requests', input)).status).toBe(401);
      const staff = await call(f.stewardMz, 'POST', '/api/open/requests', input);
      expect(staff.status).toBe(403);
      expect(await audited('open.feedback', 'denied')).toBe(1);

      const first = await call(alice, 'POST', '/api/open/requests', input);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'submitted', department: null, author: '张**', votes: 0 });
      unrouted = first.body.id as string;
      // A double click, with other white space: the first one back, nothing new written.
      const again = await call(alice, 'POST', '/api/open/requests', {
        ...input,
        title: ' 公交实时到站数据  ',
      });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(unrouted);
      expect(await count('open_data_request')).toBe(1);
      expect(await audited('open.request.submit', 'success')).toBe(1);

      const named = await call(dev, 'POST', '/api/open/requests', {
        title: '养老机构床位数据',
        description: '各养老机构的床位数与入住情况',
        purpose: '研究',
        departmentId: f.mz,
      });
      expect(named.status).toBe(201);
      expect(named.body).toMatchObject({ status: 'routed', department: { id: f.mz, name: '市民政局' } });
      toMz = named.body.id as string;
    });

    it('refuses bad input naming the field, and writes nothing', async () => {
      const before = await count('open_data_request');
      const short = await call(alice, 'POST', '/api/open/requests', {
        title: 'ab',
        description: 'x'.repeat(20),
        purpose: '研究',
      });
      expect(short.status).toBe(400);
      expect(fields(short.body)).toContain('title');
      const long = await call(alice, 'POST', '/api/open/requests', {
        title: '一个标题',
        description: 'x'.repeat(2001),
        purpose: '研究',
      });
      expect(fields(long.body)).toContain('description');
      const blank = await call(alice, 'POST', '/api/open/requests', {
        title: '一个标题',
        description: ' '.repeat(12),
        purpose: '研究',
      });
      expect(blank.status).toBe(400);
      expect(fields(blank.body)).toEqual(['description']);
      const dept = await call(alice, 'POST', '/api/open/requests', {
        title: '一个标题',
        description: '足够长的一段描述文字',
        purpose: '研究',
        departmentId: '00000000-0000-4000-8000-000000000000',
      });
      expect(dept.status).toBe(400);
      expect(fields(dept.body)).toEqual(['departmentId']);
      const extra = await call(alice, 'POST', '/api/open/requests', {
        title: '一个标题',
        description: '足够长的一段描述文字',
        purpose: '研究',
        status: 'available',
      });
      expect(extra.status).toBe(400);
      expect(await count('open_data_request')).toBe(before);
    });

    it('+1 once per account, however often sent', async () => {
      expect((await call(null, 'PUT', `/api/open/requests/${toMz}/vote`)).status).toBe(401);
      expect((await call(bob, 'PUT', `/api/open/requests/${toMz}/vote`)).body).toEqual({
        votes: 1,
        voted: true,
      });
      expect((await call(bob, 'PUT', `/api/open/requests/${toMz}/vote`)).body).toEqual({
        votes: 1,
        voted: true,
      });
      expect((await call(alice, 'PUT', `/api/open/requests/${toMz}/vote`)).body).toEqual({
        votes: 2,
        voted: true,
      });
      expect(await audited('open.request.vote', 'success', toMz)).toBe(2);
      const missing = await call(bob, 'PUT', '/api/open/requests/00000000-0000-4000-8000-000000000000/vote');
      expect(missing.status).toBe(404);
    });

    it('the public list filters, sorts by votes and counts per status', async () => {
      const all = await call(null, 'GET', '/open/api/requests?sort=votes');
      expect(all.body.total).toBe(2);
      expect((all.body.items as Json[]).map((r) => r.id)).toEqual([toMz, unrouted]);
      expect(all.body.counts).toEqual({ submitted: 1, routed: 1, planned: 0, available: 0, declined: 0 });
      const routed = await call(null, 'GET', '/open/api/requests?status=routed');
      expect((routed.body.items as Json[]).map((r) => r.id)).toEqual([toMz]);
      expect(routed.body.counts).toEqual(all.body.counts);
      const text = await call(null, 'GET', `/open/api/requests?q=${encodeURIComponent('公交')}`);
      expect((text.body.items as Json[]).map((r) => r.id)).toEqual([unrouted]);
      const dept = await call(null, 'GET', `/open/api/requests?departmentId=${f.mz}`);
      expect(dept.body.total).toBe(1);
      expect((await call(null, 'GET', '/open/api/requests?status=lost')).status).toBe(400);
      expect((await call(null, 'GET', `/open/api/requests/${toMz}`)).body).toMatchObject({ votes: 2 });
    });

    it('the operator routes; only that department’s steward answers; others get 404/403, audited', async () => {
      expect(
        (await call(f.stewardGa, 'POST', `/api/open/requests/${unrouted}/route`, { departmentId: f.ga }))
          .status,
      ).toBe(403);
      expect(await audited('open.moderate', 'denied', unrouted)).toBe(1);
      const bad = await call(f.admin, 'POST', `/api/open/requests/${unrouted}/route`, {
        departmentId: '00000000-0000-4000-8000-000000000000',
      });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['departmentId']);
      const routed = await call(f.admin, 'POST', `/api/open/requests/${unrouted}/route`, {
        departmentId: f.ga,
      });
      expect(routed.body).toMatchObject({ status: 'routed', department: { id: f.ga } });

      const inboxGa = await call(f.stewardGa, 'GET', '/api/open/inbox?kind=request');
      expect((inboxGa.body.requests as Json[]).map((r) => r.id)).toEqual([unrouted]);
      const inboxMz = await call(f.stewardMz, 'GET', '/api/open/inbox?kind=request');
      expect((inboxMz.body.requests as Json[]).map((r) => r.id)).toEqual([toMz]);
      expect((await call(alice, 'GET', '/api/open/inbox?kind=request')).status).toBe(403);

      const planned = { status: 'planned', answer: '将于明年一季度开放', plannedDate: '2099-03-31' };
      const other = await call(f.stewardMz, 'POST', `/api/open/requests/${unrouted}/answer`, planned);
      expect(other.status).toBe(404);
      expect(await audited('open.request.answer', 'denied', unrouted)).toBe(1);
      const refusals = await audited('open.answer', 'denied');
      expect((await call(alice, 'POST', `/api/open/requests/${unrouted}/answer`, planned)).status).toBe(403);
      expect(await audited('open.answer', 'denied')).toBe(refusals + 1);

      const noDate = await call(f.stewardGa, 'POST', `/api/open/requests/${unrouted}/answer`, {
        status: 'planned',
        answer: '计划开放',
      });
      expect(fields(noDate.body)).toEqual(['plannedDate']);
      const past = await call(f.stewardGa, 'POST', `/api/open/requests/${unrouted}/answer`, {
        ...planned,
        plannedDate: '2000-01-01',
      });
      expect(fields(past.body)).toEqual(['plannedDate']);
      const ok = await call(f.stewardGa, 'POST', `/api/open/requests/${unrouted}/answer`, planned);
      expect(ok.body).toMatchObject({ status: 'planned', plannedDate: '2099-03-31', answer: planned.answer });
      // The same answer again changes nothing and writes no second entry.
      await call(f.stewardGa, 'POST', `/api/open/requests/${unrouted}/answer`, planned);
      expect(await audited('open.request.answer', 'success', unrouted)).toBe(1);
      // Answered: the operator routes it no more.
      const late = await call(f.admin, 'POST', `/api/open/requests/${unrouted}/route`, {
        departmentId: f.mz,
      });
      expect(late.status).toBe(409);

      const unknown = await call(f.stewardMz, 'POST', `/api/open/requests/${toMz}/answer`, {
        status: 'available',
        answer: '已开放',
        datasetName: 'r999999-000001',
      });
      expect(fields(unknown.body)).toEqual(['datasetName']);
      const available = await call(f.stewardMz, 'POST', `/api/open/requests/${toMz}/answer`, {
        status: 'available',
        answer: '已开放，见数据集',
        datasetName: openName,
        plannedDate: chinaToday(),
      });
      expect(available.body).toMatchObject({
        status: 'available',
        plannedDate: null,
        dataset: { name: openName, title: '便民服务点信息' },
      });
      const counts = (await call(null, 'GET', '/open/api/requests')).body.counts;
      expect(counts).toEqual({ submitted: 0, routed: 0, planned: 1, available: 1, declined: 0 });
      const answered = await call(f.stewardGa, 'GET', '/api/open/inbox?kind=request&state=answered');
      expect(answered.body.total).toBe(1);
      expect((await call(f.stewardGa, 'GET', '/api/open/inbox?kind=request')).body.total).toBe(0);
    });
  });

  describe('error reports (纠错)', () => {
    let report: string;

    it('go to the providing department, which alone replies; shown on the dataset with their status', async () => {
      const input = { recordKey: 'F002', item: '名称', description: '名称与现场标牌不一致' };
      const created = await call(bob, 'POST', `/api/open/datasets/${openName}/reports`, input);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'open',
        department: { id: f.mz },
        item: '名称',
        author: '王**',
      });
      report = created.body.id as string;
      expect((await call(bob, 'POST', `/api/open/datasets/${openName}/reports`, input)).body.id).toBe(report);

      const item = await call(bob, 'POST', `/api/open/datasets/${openName}/reports`, {
        ...input,
        item: '不存在',
      });
      expect(item.status).toBe(400);
      expect(fields(item.body)).toEqual(['item']);
      const missing = await call(bob, 'POST', `/api/open/datasets/r000000-000000/reports`, input);
      expect(missing.status).toBe(404);
      const closed = await call(
        bob,
        'POST',
        `/api/open/datasets/${datasetName(f.closed$.code)}/reports`,
        input,
      );
      expect(closed.status).toBe(404);

      const reply = { status: 'resolved', reply: '已核实并更正' };
      const other = await call(f.stewardGa, 'POST', `/api/open/reports/${report}/answer`, reply);
      expect(other.status).toBe(404);
      expect(await audited('open.report.answer', 'denied', report)).toBe(1);
      expect((await call(f.stewardMz, 'GET', '/api/open/inbox?kind=report')).body.total).toBe(1);
      expect((await call(f.stewardGa, 'GET', '/api/open/inbox?kind=report')).body.total).toBe(0);
      const bad = await call(f.stewardMz, 'POST', `/api/open/reports/${report}/answer`, {
        status: 'fixed',
        reply: 'x',
      });
      expect(bad.status).toBe(400);
      const ok = await call(f.stewardMz, 'POST', `/api/open/reports/${report}/answer`, reply);
      expect(ok.body).toMatchObject({ status: 'resolved', reply: '已核实并更正' });

      const page = await call(null, 'GET', `/open/api/datasets/${openName}/feedback`);
      expect(page.body.reports).toEqual([expect.objectContaining({ id: report, status: 'resolved' })]);
    });
  });

  describe('ratings', () => {
    it('one per account and dataset, replaced by a new one; the totals move with each change', async () => {
      const url = `/api/open/datasets/${openName}/rating`;
      expect((await call(alice, 'PUT', url, { stars: 4, comment: '很实用' })).body.summary).toEqual({
        average: 4,
        count: 1,
      });
      expect((await call(bob, 'PUT', url, { stars: 2 })).body.summary).toEqual({ average: 3, count: 2 });
      const changed = await call(alice, 'PUT', url, { stars: 5, comment: '更新及时' });
      expect(changed.body.summary).toEqual({ average: 3.5, count: 2 });
      expect(await count('open_rating')).toBe(2);
      for (const stars of [0, 6, 2.5])
        expect(fields((await call(alice, 'PUT', url, { stars })).body)).toEqual(['stars']);
      expect((await call(null, 'PUT', url, { stars: 3 })).status).toBe(401);
      expect(
        (await call(alice, 'PUT', '/api/open/datasets/r000000-000000/rating', { stars: 3 })).status,
      ).toBe(404);

      // The running totals are what the rows add up to.
      const { rows: check } = await t.testDb.db.query<{ count: number; stars: number; n: number; s: number }>(
        `SELECT t.count, t.stars, (SELECT count(*)::int FROM open_rating r WHERE r.resource_id = t.resource_id) AS n,
                (SELECT sum(stars)::int FROM open_rating r WHERE r.resource_id = t.resource_id) AS s
           FROM open_rating_total t`,
      );
      expect(check).toEqual([{ count: 2, stars: 7, n: 2, s: 7 }]);

      const detail = await call(null, 'GET', `/open/api/datasets/${openName}/feedback`);
      expect(detail.body.rating).toEqual({ average: 3.5, count: 2 });
      expect((detail.body.ratings as Json[]).map((r) => r.comment)).toEqual(['更新及时']);
      // On the portal's cards and the dataset's page, from the same totals; an unrated dataset has none.
      const cards = (await call(null, 'GET', '/open/api/datasets')).body.items as Json[];
      expect(Object.fromEntries(cards.map((c) => [c.name, c.rating]))).toEqual({
        [openName]: { average: 3.5, count: 2 },
        [datasetName(f.conditional$.code)]: { average: null, count: 0 },
      });
      expect((await call(null, 'GET', `/open/api/datasets/${openName}`)).body.rating).toEqual({
        average: 3.5,
        count: 2,
      });
    });

    it('keeps the totals exact when many accounts rate and re-rate at once', async () => {
      const conditional = datasetName(f.conditional$.code);
      const tokens: string[] = [];
      for (let i = 0; i < 6; i++) {
        const username = `rater${i}`;
        await buildUser(t.services, {
          username,
          displayName: `评分人${i}`,
          roles: [{ role: 'citizen', departmentId: null }],
        });
        tokens.push(await t.login(username));
      }
      const url = `/api/open/datasets/${conditional}/rating`;
      // Each account's first rating and a change of it race with everyone else's.
      const sent = await Promise.all(
        tokens.flatMap((token, i) => [
          call(token, 'PUT', url, { stars: (i % 5) + 1 }),
          call(token, 'PUT', url, { stars: ((i + 2) % 5) + 1, comment: `第二次${i}` }),
        ]),
      );
      expect(sent.map((r) => r.status)).toEqual(Array(12).fill(200));
      const { rows } = await t.testDb.db.query<{ count: number; stars: number; n: number; s: number }>(
        `SELECT t.count, t.stars, (SELECT count(*)::int FROM open_rating r WHERE r.resource_id = t.resource_id) AS n,
                (SELECT sum(stars)::int FROM open_rating r WHERE r.resource_id = t.resource_id) AS s
           FROM open_rating_total t WHERE t.resource_id = $1`,
        [f.conditional$.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.count).toBe(6);
      expect(rows[0]!.stars).toBe(rows[0]!.s);
      expect(rows[0]!.n).toBe(6);
    });
  });

  describe('showcases (应用展示)', () => {
    let showcase: string;

    it('checks the address and the datasets, and shows a showcase only once approved', async () => {
      const input = {
        kind: 'app',
        title: '便民服务地图',
        description: '在地图上查找最近的便民服务点',
        url: 'https://example.org/map',
        datasets: [openName],
      };
      for (const url of [
        'ftp://example.org/x',
        'javascript:alert(1)//',
        'https://user:pw@example.org/',
        'not a url',
      ])
        expect(fields((await call(dev, 'POST', '/api/open/showcases', { ...input, url })).body)).toEqual([
          'url',
        ]);
      const unknown = await call(dev, 'POST', '/api/open/showcases', {
        ...input,
        datasets: [openName, 'r000000-000000'],
      });
      expect(fields(unknown.body)).toEqual(['datasets.1']);
      expect(await count('open_showcase')).toBe(0);

      const created = await call(dev, 'POST', '/api/open/showcases', input);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'pending', datasets: [{ name: openName }] });
      showcase = created.body.id as string;
      expect((await call(dev, 'POST', '/api/open/showcases', input)).status).toBe(200);
      expect((await call(null, 'GET', '/open/api/showcases')).body.total).toBe(0);

      const queue = await call(f.admin, 'GET', '/api/open/moderation?filter=pending&kind=showcase');
      expect((queue.body.items as Json[]).map((i) => i.id)).toEqual([showcase]);
      expect(
        (await call(dev, 'POST', `/api/open/showcases/${showcase}/decision`, { approve: true })).status,
      ).toBe(403);
      const noReason = await call(f.admin, 'POST', `/api/open/showcases/${showcase}/decision`, {
        approve: false,
      });
      expect(fields(noReason.body)).toEqual(['reason']);
      const approved = await call(f.admin, 'POST', `/api/open/showcases/${showcase}/decision`, {
        approve: true,
      });
      expect(approved.body.status).toBe('approved');
      expect(
        (await call(f.admin, 'POST', `/api/open/showcases/${showcase}/decision`, { approve: true })).status,
      ).toBe(200);
      const reject = await call(f.admin, 'POST', `/api/open/showcases/${showcase}/decision`, {
        approve: false,
        reason: '改变主意',
      });
      expect(reject.status).toBe(409);
      expect(await audited('open.showcase.decide', 'success', showcase)).toBe(1);

      expect((await call(null, 'GET', '/open/api/showcases')).body.total).toBe(1);
      expect((await call(null, 'GET', `/open/api/showcases?dataset=${openName}`)).body.total).toBe(1);
      const page = await call(null, 'GET', `/open/api/datasets/${openName}/feedback`);
      expect((page.body.showcases as Json[]).map((s) => s.id)).toEqual([showcase]);
    });
  });

  describe('moderation', () => {
    it('flags once per account; hidden items leave the public lists and the average; restored ones return', async () => {
      const list = await call(null, 'GET', '/open/api/requests');
      const target = (list.body.items as Json[])[0]!.id as string;
      expect((await call(bob, 'PUT', `/api/open/feedback/request/${target}/flag`)).body).toEqual({
        flagged: true,
      });
      await call(bob, 'PUT', `/api/open/feedback/request/${target}/flag`);
      const flagged = await call(f.admin, 'GET', '/api/open/moderation?filter=flagged');
      expect(flagged.body.items).toEqual([
        expect.objectContaining({ id: target, kind: 'request', flags: 1 }),
      ]);

      const hideUrl = `/api/open/moderation/request/${target}/hide`;
      expect((await call(f.stewardMz, 'POST', hideUrl, { reason: '广告' })).status).toBe(403);
      expect(await audited('open.moderate', 'denied', target)).toBe(1);
      expect(fields((await call(f.admin, 'POST', hideUrl, { reason: ' ' })).body)).toContain('reason');
      expect((await call(f.admin, 'POST', hideUrl, { reason: '含广告内容' })).body).toEqual({ hidden: true });
      expect((await call(f.admin, 'POST', hideUrl, { reason: '含广告内容' })).body).toEqual({ hidden: true });
      expect(await audited('open.feedback.hide', 'success', target)).toBe(1);
      expect((await call(null, 'GET', `/open/api/requests/${target}`)).status).toBe(404);
      expect((await call(null, 'GET', '/open/api/requests')).body.total).toBe(1);
      expect((await call(alice, 'PUT', `/api/open/requests/${target}/vote`)).status).toBe(404);
      const hidden = await call(f.admin, 'GET', '/api/open/moderation?filter=hidden');
      expect(hidden.body.items).toEqual([
        expect.objectContaining({ id: target, hiddenReason: '含广告内容' }),
      ]);
      await call(f.admin, 'POST', `/api/open/moderation/request/${target}/restore`, { reason: '复核无误' });
      expect((await call(null, 'GET', '/open/api/requests')).body.total).toBe(2);

      // A hidden rating counts in no average.
      const { rows } = await t.testDb.db.query<{ id: string }>(`SELECT id FROM open_rating WHERE stars = 2`);
      const rating = rows[0]!.id;
      expect(
        (await call(f.admin, 'POST', `/api/open/moderation/rating/${rating}/hide`, { reason: '恶意评分' }))
          .body,
      ).toEqual({
        hidden: true,
      });
      expect((await call(null, 'GET', `/open/api/datasets/${openName}/feedback`)).body.rating).toEqual({
        average: 5,
        count: 1,
      });
      // Its author changes it while hidden: still out of the average.
      await call(bob, 'PUT', `/api/open/datasets/${openName}/rating`, { stars: 1 });
      expect((await call(null, 'GET', `/open/api/datasets/${openName}/feedback`)).body.rating).toEqual({
        average: 5,
        count: 1,
      });
      await call(f.admin, 'POST', `/api/open/moderation/rating/${rating}/restore`, { reason: '复核' });
      expect((await call(null, 'GET', `/open/api/datasets/${openName}/feedback`)).body.rating).toEqual({
        average: 3,
        count: 2,
      });
      const gone = await call(
        f.admin,
        'POST',
        `/api/open/moderation/showcase/00000000-0000-4000-8000-000000000000/hide`,
        {
          reason: '不存在',
        },
      );
      expect(gone.status).toBe(404);
      expect(
        (await call(f.admin, 'POST', `/api/open/moderation/other/${rating}/hide`, { reason: 'x1' })).status,
      ).toBe(400);
    });
  });

  it(`limits an account to ${SUBMISSIONS_PER_HOUR} submissions an hour, and the refused one writes nothing`, async () => {
    await buildUser(t.services, {
      username: 'busy',
      displayName: '赵忙',
      roles: [{ role: 'citizen', departmentId: null }],
    });
    const busy = await t.login('busy');
    for (let i = 0; i < SUBMISSIONS_PER_HOUR; i++) {
      const res = await call(busy, 'POST', '/api/open/requests', {
        title: `需求第${i}号`,
        description: '一段足够长的需求描述',
        purpose: '测试',
      });
      expect(res.status).toBe(201);
    }
    const before = await count('open_data_request');
    const refused = await call(busy, 'POST', '/api/open/requests', {
      title: '再来一个',
      description: '一段足够长的需求描述',
      purpose: '测试',
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('OPEN_FEEDBACK_RATE_LIMITED');
    expect((await call(busy, 'PUT', `/api/open/datasets/${openName}/rating`, { stars: 3 })).status).toBe(429);
    expect(await count('open_data_request')).toBe(before);
    // A repeat of one already sent is not a new submission: it is answered, not refused.
    const repeat = await call(busy, 'POST', '/api/open/requests', {
      title: '需求第0号',
      description: '一段足够长的需求描述',
      purpose: '测试',
    });
    expect(repeat.status).toBe(200);
    // Another account is not held back by this one.
    expect((await call(alice, 'PUT', `/api/open/requests/${repeat.body.id as string}/vote`)).status).toBe(
      200,
    );
  });
});
