import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdCard } from '../../src/lib/validators/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { datasetName as name, openFixture } from '../support/open.ts';

const DISTRICTS = ['海州区', '连云区', '赣榆区', '东海县'];
/** 40 facilities: a number, a name, a district, an amount, a day and a sensitive number that must never leave. */
const rows = Array.from({ length: 40 }, (_, i) => ({
  编号: `F${String(i + 1).padStart(3, '0')}`,
  名称: i === 7 ? '100%纯净水站' : `便民服务点${i + 1}`,
  区县: DISTRICTS[i % 4],
  金额: (i + 1) * 10.5,
  启用日期: `2024-0${(i % 9) + 1}-1${i % 10}`,
  负责人身份证号: makeIdCard({ regionCode: '320706', birthDate: '1980-01-01', sequence: 100 + i }),
}));

type Envelope<T = unknown> = {
  help: string;
  success: boolean;
  result?: T;
  error?: { __type: string; message: string } & Record<string, unknown>;
};

describe.each(ENGINES)('open data portal on %s', (engine) => {
  let t: TestApp;
  let open$: { id: string; code: string };
  let conditional$: { id: string; code: string };
  let closed$: { id: string; code: string };

  const action = async <T = unknown>(name: string, query: Record<string, string> = {}) => {
    const res = await t.call(null, {
      method: 'GET',
      url: `/open/api/3/action/${name}?${new URLSearchParams(query).toString()}`,
    });
    return { status: res.statusCode, body: res.json() as Envelope<T> };
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const items = [
      buildItem({ name: '编号', isKey: true, length: 10 }),
      buildItem({ name: '名称', length: 50 }),
      buildItem({ name: '区县', length: 10 }),
      buildItem({ name: '金额', dataType: 'N', length: 12 }),
      buildItem({ name: '启用日期', dataType: 'D', length: null, semanticTag: 'date' }),
      buildItem({ name: '负责人身份证号', length: 18, semanticTag: 'id_card', sensitive: true }),
    ];
    ({ open$, conditional$, closed$ } = await openFixture(t, items, rows));
  });
  afterAll(() => t?.close());

  it('lists and shows packages in CKAN’s envelope; 不予开放 never appears', async () => {
    const list = await action<string[]>('package_list');
    expect(list.status).toBe(200);
    expect(list.body.success).toBe(true);
    expect(list.body.help).toMatch(/\/open\/api\/3\/action\/help_show\?name=package_list$/);
    expect(list.body.result!.sort()).toEqual([name(open$.code), name(conditional$.code)].sort());
    for (const n of list.body.result!) expect(n).toMatch(/^[a-z0-9_-]{2,100}$/);

    const show = await action<Record<string, unknown>>('package_show', { id: name(open$.code) });
    expect(show.body.result).toMatchObject({
      id: open$.id,
      name: name(open$.code),
      title: '便民服务点信息',
      organization: { title: '市民政局' },
      num_resources: 3,
      groups: [{ name: 'theme-11' }],
    });
    const resources = show.body.result!.resources as {
      id: string;
      format: string;
      url: string;
      datastore_active: boolean;
    }[];
    expect(resources.map((r) => r.format)).toEqual(['CSV', 'JSON', 'XLSX']);
    expect(resources[0]).toMatchObject({ id: open$.id, datastore_active: true });
    expect(resources[0]!.url).toMatch(new RegExp(`/open/api/datasets/${name(open$.code)}/download\\.csv$`));
    const byResource = await action('resource_show', { id: resources[1]!.id });
    expect(byResource.body.result).toMatchObject({ format: 'JSON', package_id: open$.id });

    // The same through the unversioned path and a POST with a JSON body, unknown keys ignored.
    const post = await t.call(null, {
      method: 'POST',
      url: '/open/api/action/package_show',
      payload: { id: name(open$.code), use_default_schema: true, whatever: [1, 2] },
    });
    expect(post.statusCode).toBe(200);
    expect((post.json() as Envelope<{ id: string }>).result!.id).toBe(open$.id);

    const closed = await action('package_show', { id: name(closed$.code) });
    expect(closed.status).toBe(404);
    expect(closed.body).toMatchObject({ success: false, error: { __type: 'Not Found Error' } });
    const missing = await action('package_show');
    expect(missing.status).toBe(409);
    expect(missing.body.error).toMatchObject({ __type: 'Validation Error', id: ['Missing value'] });
    const unknown = await action('package_frobnicate');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toContain('package_frobnicate');
  });

  it('searches with q, facets and fq on metadata_modified, paging with rows and start', async () => {
    const all = await action<{
      count: number;
      results: { name: string; metadata_modified: string }[];
      facets: Record<string, Record<string, number>>;
    }>('package_search', {
      q: '服务点',
      'facet.field': '["organization","res_format","open_type"]',
      rows: '1',
    });
    expect(all.body.result!.count).toBe(2);
    expect(all.body.result!.results).toHaveLength(1);
    expect(all.body.result!.facets.res_format).toEqual({ CSV: 2, JSON: 2, XLSX: 2 });
    expect(all.body.result!.facets.open_type).toEqual({ open: 1, conditional: 1 });
    // Partial words match; a word nowhere matches nothing.
    expect((await action<{ count: number }>('package_search', { q: '考核' })).body.result!.count).toBe(1);
    expect((await action<{ count: number }>('package_search', { q: '不存在的词' })).body.result!.count).toBe(
      0,
    );

    // A harvester's incremental page: everything modified since a moment, page by page.
    const seen: string[] = [];
    for (let start = 0; ; start++) {
      const page = await action<{ count: number; results: { name: string }[] }>('package_search', {
        fq: 'metadata_modified:[2000-01-01T00:00:00Z TO *]',
        rows: '1',
        start: String(start),
        sort: 'metadata_modified asc',
      });
      if (!page.body.result!.results.length) break;
      seen.push(page.body.result!.results[0]!.name);
    }
    expect(seen.sort()).toEqual([name(open$.code), name(conditional$.code)].sort());
    const future = await action<{ count: number }>('package_search', {
      fq: 'metadata_modified:[2999-01-01T00:00:00Z TO *]',
    });
    expect(future.body.result!.count).toBe(0);
    const org = await action<{ count: number }>('package_search', { fq: `organization:${'x'} OR` });
    expect(org.status).toBe(409);
    expect((await action('package_search', { rows: '1001' })).status).toBe(409);
    const orgs = await action<{ name: string; package_count: number }[]>('organization_list', {
      all_fields: 'true',
    });
    expect(orgs.body.result!.map((o) => o.package_count).sort()).toEqual([1, 1]);
    const groups = await action<string[]>('group_list');
    expect(groups.body.result).toEqual(['theme-11']);
    expect((await action<string[]>('tag_list')).body.result).toEqual(
      expect.arrayContaining(['便民', '服务']),
    );
  });

  it('answers datastore_search with filters, q, sort and paging, never the sensitive item', async () => {
    const page = await action<{
      fields: { id: string; type: string }[];
      records: Record<string, unknown>[];
      total: number;
      _links: { next: string };
    }>('datastore_search', {
      resource_id: open$.id,
      filters: JSON.stringify({ 区县: ['海州区', '连云区'] }),
      sort: '金额 desc',
      limit: '5',
      offset: '2',
    });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    const expected = rows
      .filter((r) => r.区县 === '海州区' || r.区县 === '连云区')
      .sort((a, b) => b.金额 - a.金额)
      .slice(2, 7);
    expect(page.body.result!.total).toBe(20);
    expect(page.body.result!.records.map((r) => r.编号)).toEqual(expected.map((r) => r.编号));
    expect(page.body.result!.records[0]!._id).toBe(3);
    expect(page.body.result!.records[0]!.金额).toBe(expected[0]!.金额);
    expect(page.body.result!.fields.map((f) => f.id)).not.toContain('负责人身份证号');
    expect(JSON.stringify(page.body)).not.toContain(rows[0]!.负责人身份证号.slice(0, 10));
    expect(page.body.result!._links.next).toContain('offset=7');
    // q: text anywhere, % taken literally.
    const q = await action<{ records: { 名称: string }[] }>('datastore_search', {
      resource_id: open$.id,
      q: '100%',
    });
    expect(q.body.result!.records.map((r) => r.名称)).toEqual(['100%纯净水站']);

    for (const bad of [
      { limit: '32001' },
      { filters: '{"负责人身份证号":"x"}' },
      { filters: '[1]' },
      { sort: '不存在 desc' },
      { filters: '{"启用日期":"not a day"}' },
    ] as Record<string, string>[]) {
      const res = await action('datastore_search', { resource_id: open$.id, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(409);
      expect(res.body.error?.__type).toBe('Validation Error');
    }
    const conditional = await action('datastore_search', { resource_id: conditional$.id });
    expect(conditional.status).toBe(403);
    expect(conditional.body.error?.__type).toBe('Authorization Error');
    expect((await action('datastore_search', { resource_id: closed$.id })).status).toBe(404);
    expect((await action('datastore_search_sql', { sql: 'SELECT 1' })).status).toBe(403);
  });

  it('runs the query language with aggregates, and says where a wrong query is wrong', async () => {
    const res = await t.call(null, {
      method: 'GET',
      url: `/open/api/datasets/${name(open$.code)}/query?${new URLSearchParams({
        $select: '区县, count(*) AS n, sum(金额) AS total',
        $group: '区县',
        $order: 'total DESC',
      }).toString()}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      columns: { name: string; type: string }[];
      rows: { 区县: string; n: number; total: number }[];
    };
    expect(body.columns.map((c) => c.name)).toEqual(['区县', 'n', 'total']);
    const sums = new Map<string, number>();
    for (const r of rows) sums.set(r.区县!, (sums.get(r.区县!) ?? 0) + r.金额);
    expect(body.rows.map((r) => [r.区县, r.n, r.total])).toEqual(
      [...sums].sort((a, b) => b[1] - a[1]).map(([d, s]) => [d, 10, s]),
    );
    const bad = await t.call(null, {
      method: 'GET',
      url: `/open/api/datasets/${name(open$.code)}/query?$where=${encodeURIComponent('金额 > > 3')}`,
      headers: { 'accept-language': 'en' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { code: 'OPEN_QUERY_SYNTAX', details: { param: '$where', position: 6 } },
    });
    const secret = await t.call(null, {
      method: 'GET',
      url: `/open/api/datasets/${name(open$.code)}/query?$select=${encodeURIComponent('count(负责人身份证号)')}`,
    });
    expect(secret.json()).toMatchObject({ error: { code: 'OPEN_QUERY_UNKNOWN_COLUMN' } });
    const cond = await t.call(null, {
      method: 'GET',
      url: `/open/api/datasets/${name(conditional$.code)}/query`,
    });
    expect(cond.statusCode).toBe(403);
    expect(
      (await t.call(null, { method: 'GET', url: '/open/api/datasets/r999-000001/query' })).statusCode,
    ).toBe(404);
  });

  it('serves the public site: search with facets over the other filters, and a dataset’s page', async () => {
    const found = await t.call(null, {
      method: 'GET',
      url: `/open/api/datasets?q=${encodeURIComponent('服务点')}&openType=open`,
    });
    expect(found.statusCode, found.body).toBe(200);
    const s = found.json() as {
      count: number;
      items: { name: string }[];
      facets: {
        openType: { value: string; count: number }[];
        organization: { label: string; count: number }[];
      };
    };
    expect(s.items.map((i) => i.name)).toEqual([name(open$.code)]);
    // The open-type facet ignores its own filter: both kinds are offered.
    expect(s.facets.openType.map((f) => [f.value, f.count]).sort()).toEqual([
      ['conditional', 1],
      ['open', 1],
    ]);
    expect(s.facets.organization).toEqual([expect.objectContaining({ label: '市民政局', count: 1 })]);
    expect((await t.call(null, { method: 'GET', url: '/open/api/datasets?limit=101' })).statusCode).toBe(400);

    const page = await t.call(null, { method: 'GET', url: `/open/api/datasets/${name(open$.code)}` });
    expect(page.statusCode, page.body).toBe(200);
    const d = page.json() as {
      records: number;
      dictionary: { name: string; open: boolean; type: string | null }[];
      downloads: { csv: string };
    };
    expect(d.records).toBe(40);
    expect(d.dictionary.find((i) => i.name === '负责人身份证号')).toMatchObject({ open: false });
    expect(d.dictionary.find((i) => i.name === '金额')).toMatchObject({ open: true, type: 'number' });
    expect(d.downloads.csv).toMatch(/download\.csv$/);
    expect(
      (await t.call(null, { method: 'GET', url: `/open/api/datasets/${name(closed$.code)}` })).statusCode,
    ).toBe(404);
  });

  it('computes its figures from the data', async () => {
    const res = await t.call(null, { method: 'GET', url: '/open/api/figures' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      departments: 2,
      datasets: 2,
      openDatasets: 1,
      conditionalDatasets: 1,
      records: 80,
    });
    // The successful datastore_search and query calls above: each counted once.
    expect((res.json() as { apiCalls: number }).apiCalls).toBe(3);
  });
});
