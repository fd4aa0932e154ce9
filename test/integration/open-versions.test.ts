import { SaxesParser, type SaxesTagNS } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdCard } from '../../src/lib/validators/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson } from '../support/exchange.ts';
import { datasetName as name, openFixture, type OpenFixture } from '../support/open.ts';

const idCard = (i: number) =>
  makeIdCard({ regionCode: '320706', birthDate: '1980-01-01', sequence: 100 + i });
/** Five facilities with a sensitive number each: never in a diff, a feed or an as-of read. */
const rows = Array.from({ length: 5 }, (_, i) => ({
  编号: `F${i + 1}`,
  名称: `服务点${i + 1}`,
  金额: (i + 1) * 10,
  负责人身份证号: idCard(i),
}));

interface Version {
  id: string;
  at: string;
  inserted: number;
  updated: number;
  deleted: number;
  available: boolean;
  links: { query: string; diff: string };
}
interface Versions {
  total: number;
  items: Version[];
  nextCursor: number | null;
  earliest: string;
  earliestDate: string;
  feed: string;
}
interface DiffItem {
  kind: 'added' | 'changed' | 'removed';
  key: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
interface Diff {
  from: string;
  to: string;
  items: DiffItem[];
  nextCursor: number | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** An XML document as a tree of namespaced elements; saxes refuses anything not well-formed. */
interface Node {
  name: string;
  uri: string;
  attributes: Record<string, string>;
  children: Node[];
  text: string;
}
function parseXml(xml: string): Node {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Node[] = [];
  let root: Node | null = null;
  parser.on('opentag', (tag: SaxesTagNS) => {
    const node: Node = {
      name: tag.local,
      uri: tag.uri,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])),
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(node);
    root ??= node;
    stack.push(node);
  });
  parser.on('text', (text) => {
    if (stack.length) stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return root!;
}
const child = (n: Node, name: string) => n.children.find((c) => c.name === name);
const children = (n: Node, name: string) => n.children.filter((c) => c.name === name);

describe.each(ENGINES)('open data versions, diffs and change feeds on %s', (engine) => {
  let t: TestApp;
  let f: OpenFixture;
  let ds: string;
  /** Oldest first: the load, then the edit. */
  let v1: Version;
  let v2: Version;

  const get = (url: string) => t.call(null, { method: 'GET', url });
  const json = async <T>(url: string, status = 200): Promise<T> => {
    const res = await get(url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res.json() as T;
  };
  const path = (url: string) => url.replace('http://127.0.0.1:8080', '');

  beforeAll(async () => {
    t = await createTestApp(engine);
    const items = [
      buildItem({ name: '编号', isKey: true, length: 10 }),
      buildItem({ name: '名称', length: 50 }),
      buildItem({ name: '金额', dataType: 'N', length: 12 }),
      buildItem({ name: '负责人身份证号', length: 18, semanticTag: 'id_card', sensitive: true }),
    ];
    f = await openFixture(t, items, rows);
    ds = name(f.open$.code);
    // The edit: a name changed, a sensitive item alone changed, a record removed, one added.
    const res = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${f.open$.id}/records?onError=reject`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson([
        { ...rows[0], 名称: '服务点1（迁址）' },
        { ...rows[1], 负责人身份证号: idCard(50) },
        { 编号: 'F3', _delete: true },
        { 编号: 'F6', 名称: '服务点6', 金额: 60, 负责人身份证号: idCard(6) },
      ]),
    });
    expect(res.statusCode, res.body).toBe(200);
    const list = await json<Versions>(`/open/api/datasets/${ds}/versions`);
    [v2, v1] = list.items as [Version, Version];
  });
  afterAll(() => t?.close());

  it('lists the versions newest first with their counts, paged by cursor', async () => {
    const list = await json<Versions>(`/open/api/datasets/${ds}/versions`);
    expect(list.total).toBe(2);
    expect(list.items.map(({ inserted, updated, deleted }) => ({ inserted, updated, deleted }))).toEqual([
      { inserted: 1, updated: 2, deleted: 1 },
      { inserted: 5, updated: 0, deleted: 0 },
    ]);
    expect(Date.parse(v2.at)).toBeGreaterThanOrEqual(Date.parse(v1.at));
    expect(list.items.every((v) => v.available)).toBe(true);
    expect(list.nextCursor).toBeNull();
    expect(list.feed).toBe(`http://127.0.0.1:8080/open/api/datasets/${ds}/changes.atom`);
    // The history kept: CHANGE_LOG_RETENTION_DAYS (90 by default) back from now.
    const days = (Date.now() - Date.parse(list.earliest)) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);

    const first = await json<Versions>(`/open/api/datasets/${ds}/versions?limit=1`);
    expect(first.items.map((v) => v.id)).toEqual([v2.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = await json<Versions>(
      `/open/api/datasets/${ds}/versions?limit=1&before=${first.nextCursor}`,
    );
    expect(second.items.map((v) => v.id)).toEqual([v1.id]);
    const third = await json<Versions>(
      `/open/api/datasets/${ds}/versions?limit=1&before=${second.nextCursor}`,
    );
    expect(third.items).toEqual([]);

    // The conditional dataset's versions are public (counts reveal no record); 不予开放 has none to show.
    const conditional = await json<Versions>(`/open/api/datasets/${name(f.conditional$.code)}/versions`);
    expect(conditional.items.map((v) => v.inserted)).toEqual([5]);
    await json(`/open/api/datasets/${name(f.closed$.code)}/versions`, 404);
  });

  it('reads the data as of a version: updates undone, deletes restored, later inserts absent', async () => {
    const select = (asOf?: string) =>
      `/open/api/datasets/${ds}/query?$order=${encodeURIComponent('编号')}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`;
    type Result = { columns: { name: string }[]; rows: Record<string, unknown>[] };
    const then = await json<Result>(select(v1.at));
    expect(then.columns.map((c) => c.name)).toEqual(['编号', '名称', '金额']);
    expect(then.rows).toEqual(rows.map(({ 负责人身份证号: _, ...open }) => open));
    const now = await json<Result>(select());
    expect(now.rows.map((r) => `${r.编号}:${r.名称}`)).toEqual([
      'F1:服务点1（迁址）',
      'F2:服务点2',
      'F4:服务点4',
      'F5:服务点5',
      'F6:服务点6',
    ]);
    // As of the second version, and as of today (a bare date: the day's end, today meaning now): the current data.
    expect((await json<Result>(select(v2.at))).rows).toEqual(now.rows);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await json<Result>(select(today))).rows).toEqual(now.rows);
    // Just before the first version: nothing yet.
    expect((await json<Result>(select(new Date(Date.parse(v1.at) - 1).toISOString()))).rows).toEqual([]);
    // The version's own link, aggregates and all through the same compiler.
    const counted = await json<Result>(
      `${path(v1.links.query)}&$select=${encodeURIComponent('count(*) AS n')}`,
    );
    expect(counted.rows).toEqual([{ n: 5 }]);
    // A date-time without a zone is the city's (UTC+8).
    const local = new Date(Date.parse(v1.at) + 8 * 3_600_000).toISOString().slice(0, 23);
    expect((await json<Result>(select(local))).rows).toHaveLength(5);

    // CKAN's datastore_search takes it as `as_of`, and its paging links keep it.
    const ckan = await json<{
      result: { records: Record<string, unknown>[]; total: number; _links: { next: string } };
    }>(
      `/open/api/3/action/datastore_search?resource_id=${f.open$.id}&sort=${encodeURIComponent('编号')}&limit=2&as_of=${encodeURIComponent(v1.at)}`,
    );
    expect(ckan.result.total).toBe(5);
    expect(ckan.result.records.map((r) => r.名称)).toEqual(['服务点1', '服务点2']);
    expect(ckan.result._links.next).toContain(`as_of=${encodeURIComponent(v1.at)}`);

    // Downloads as of the moment.
    const csv = await get(`/open/api/datasets/${ds}/download.csv?asOf=${encodeURIComponent(v1.at)}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\r\n')).toEqual([
      '编号,名称,金额',
      ...rows.map((r) => `${r.编号},${r.名称},${r.金额}`),
    ]);
    const json1 = await get(`/open/api/datasets/${ds}/download.json?asOf=${encodeURIComponent(v1.at)}`);
    expect((JSON.parse(json1.body) as unknown[]).length).toBe(5);
    for (const body of [csv.body, json1.body, JSON.stringify(then)])
      for (const r of rows) expect(body).not.toContain(r.负责人身份证号);
  });

  it('refuses a moment that is malformed, too old or in the future, naming the field and the earliest', async () => {
    const refuse = async (url: string, code: string, field: string) => {
      const body = await json<ErrorBody>(url, 400);
      expect(body.error.code, url).toBe(code);
      expect(body.error.details?.field, url).toBe(field);
      return body;
    };
    const q = `/open/api/datasets/${ds}/query?asOf=`;
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', '2026-01-01T25:00', '2026-01-01T08:00+8'])
      await refuse(q + encodeURIComponent(bad), 'OPEN_AS_OF_INVALID', 'asOf');
    const old = await refuse(`${q}2000-01-01`, 'OPEN_AS_OF_OUT_OF_RANGE', 'asOf');
    const versions = await json<Versions>(`/open/api/datasets/${ds}/versions`);
    expect(old.error.details?.earliestDate).toBe(versions.earliestDate);
    expect(Date.parse(String(old.error.details?.earliest))).toBeGreaterThan(Date.parse('2000-01-02'));
    // The earliest day itself is inside (its end is), the day before is not.
    expect((await get(`${q}${versions.earliestDate}`)).statusCode).toBe(200);
    const dayBefore = new Date(Date.parse(`${versions.earliestDate}T00:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    await refuse(`${q}${dayBefore}`, 'OPEN_AS_OF_OUT_OF_RANGE', 'asOf');
    await refuse(`${q}2999-01-01`, 'OPEN_AS_OF_OUT_OF_RANGE', 'asOf');
    await refuse(
      q + encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString()),
      'OPEN_AS_OF_OUT_OF_RANGE',
      'asOf',
    );
    await refuse(`/open/api/datasets/${ds}/download.csv?asOf=2000-01-01`, 'OPEN_AS_OF_OUT_OF_RANGE', 'asOf');
    await refuse(`/open/api/datasets/${ds}/diff?from=2000-01-01`, 'OPEN_AS_OF_OUT_OF_RANGE', 'from');
    await refuse(
      `/open/api/datasets/${ds}/diff?from=${encodeURIComponent(v1.at)}&to=x`,
      'OPEN_AS_OF_INVALID',
      'to',
    );
    await refuse(
      `/open/api/datasets/${ds}/diff?from=${encodeURIComponent(v2.at)}&to=${encodeURIComponent(v1.at)}`,
      'OPEN_DIFF_RANGE',
      'from',
    );
    const missing = await json<ErrorBody>(`/open/api/datasets/${ds}/diff`, 400);
    expect(missing.error.code).toBe('REQUEST_VALIDATION_FAILED');
    expect(JSON.stringify(missing.error.details)).toContain('from');

    const ckan = await json<{ success: boolean; error: Record<string, unknown> }>(
      `/open/api/3/action/datastore_search?resource_id=${f.open$.id}&as_of=2000-01-01`,
      409,
    );
    expect(ckan.success).toBe(false);
    expect(ckan.error.__type).toBe('Validation Error');
    expect(String((ckan.error.as_of as string[])[0])).toContain('earliest');
  });

  it('diffs two moments exactly: added, changed items only, removed; sensitive items never', async () => {
    const url = `/open/api/datasets/${ds}/diff?from=${encodeURIComponent(v1.at)}&to=${encodeURIComponent(v2.at)}`;
    const diff = await json<Diff>(url);
    expect(diff.from).toBe(v1.at);
    expect(diff.to).toBe(v2.at);
    const byKey = Object.fromEntries(diff.items.map((i) => [String(i.key.编号), i]));
    expect(byKey).toEqual({
      F1: {
        kind: 'changed',
        key: { 编号: 'F1' },
        before: { 名称: '服务点1' },
        after: { 名称: '服务点1（迁址）' },
      },
      F3: {
        kind: 'removed',
        key: { 编号: 'F3' },
        before: { 编号: 'F3', 名称: '服务点3', 金额: 30 },
        after: null,
      },
      F6: {
        kind: 'added',
        key: { 编号: 'F6' },
        before: null,
        after: { 编号: 'F6', 名称: '服务点6', 金额: 60 },
      },
    });
    expect(diff.nextCursor).toBeNull();
    // F2 changed only in its sensitive item: no difference, and no sensitive value anywhere.
    for (const n of [0, 1, 2, 5, 6, 50]) expect(JSON.stringify(diff)).not.toContain(idCard(n));
    // The version's own link gives the same; to defaults to now.
    expect((await json<Diff>(path(v2.links.diff))).items).toEqual(diff.items);
    expect(
      (await json<Diff>(`/open/api/datasets/${ds}/diff?from=${encodeURIComponent(v1.at)}`)).items,
    ).toEqual(diff.items);
    // From before anything: the first version's five, all added.
    const all = await json<Diff>(path(v1.links.diff));
    expect(all.items.map((i) => `${i.kind}:${String(i.key.编号)}`).sort()).toEqual(
      rows.map((r) => `added:${r.编号}`),
    );

    // Keyset pages of one: the same three, each once.
    const paged: DiffItem[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const page: Diff = await json<Diff>(`${url}&limit=1&after=${after}`);
      paged.push(...page.items);
      after = page.nextCursor;
      expect(paged.length).toBeLessThanOrEqual(3);
    }
    expect(paged).toEqual(diff.items);

    // 有条件开放 data is not public; 不予开放 does not exist.
    const conditional = await json<ErrorBody>(
      `/open/api/datasets/${name(f.conditional$.code)}/diff?from=${encodeURIComponent(v1.at)}`,
      403,
    );
    expect(conditional.error.code).toBe('OPEN_DATASET_CONDITIONAL');
    await json(`/open/api/datasets/${name(f.closed$.code)}/diff?from=${encodeURIComponent(v1.at)}`, 404);
  });

  it('publishes the versions as a valid Atom feed with permanent ids and links to the diff and the data', async () => {
    const res = await get(`/open/api/datasets/${ds}/changes.atom`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const feed = parseXml(res.body);
    expect(feed.name).toBe('feed');
    expect(feed.uri).toBe('http://www.w3.org/2005/Atom');
    const self = `http://127.0.0.1:8080/open/api/datasets/${ds}/changes.atom`;
    expect(child(feed, 'id')!.text).toBe(self);
    expect(child(feed, 'title')!.text).toBe('便民服务点信息 · 数据变更');
    expect(child(child(feed, 'author')!, 'name')!.text).toBe('市民政局');
    expect(child(feed, 'updated')!.text).toBe(v2.at);
    expect(children(feed, 'link').map((l) => l.attributes)).toEqual([
      { rel: 'self', type: 'application/atom+xml', href: self },
      { rel: 'alternate', type: 'text/html', href: `http://127.0.0.1:8080/open/datasets/${ds}` },
    ]);
    const entries = children(feed, 'entry');
    expect(entries.map((e) => child(e, 'id')!.text)).toEqual([`urn:uuid:${v2.id}`, `urn:uuid:${v1.id}`]);
    expect(entries.map((e) => child(e, 'updated')!.text)).toEqual([v2.at, v1.at]);
    expect(child(entries[0]!, 'title')!.text).toMatch(/新增 1 条 · 更新 2 条 · 删除 1 条$/);
    expect(child(entries[0]!, 'summary')!.text).toContain('Inserted 1, updated 2, deleted 1.');
    const links = children(entries[0]!, 'link').map((l) => l.attributes);
    expect(links.find((l) => l.rel === 'alternate')!.href).toBe(v2.links.diff);
    expect(links.find((l) => l.rel === 'related')!.href).toBe(v2.links.query);
    // The entry's links answer.
    expect((await json<Diff>(path(v2.links.diff))).items).toHaveLength(3);
    for (const r of rows) expect(res.body).not.toContain(r.负责人身份证号);
    // Fetching it again: the same document (ids and times are the versions').
    expect((await get(`/open/api/datasets/${ds}/changes.atom`)).body).toBe(res.body);
    expect((await get(`/open/api/datasets/${name(f.closed$.code)}/changes.atom`)).statusCode).toBe(404);
  });
});
