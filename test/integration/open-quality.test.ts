import jsonld from 'jsonld';
import type { JsonLdDocument } from 'jsonld';
import { Parser, Store, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem, buildResourceInput } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, publishResource } from '../support/exchange.ts';
import { datasetName as name, openFixture } from '../support/open.ts';

const BASE = 'http://127.0.0.1:8080';
const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  dqv: 'http://www.w3.org/ns/dqv#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
};
const EU = 'http://publications.europa.eu/resource/authority/';
const TYPE = `${NS.rdf}type`;

const rows = Array.from({ length: 12 }, (_, i) => ({
  编号: `F${String(i + 1).padStart(3, '0')}`,
  名称: `便民服务点${i + 1}`,
  金额: (i + 1) * 10.5,
  启用日期: `2024-0${(i % 9) + 1}-1${i % 10}`,
}));
/** Half the items described, the numeric one with its unit: 15 × (0.7 × 0.5 + 0.3) = 9.75 → 10 of 15 points. */
const items = [
  buildItem({ name: '编号', isKey: true, length: 10, description: '服务点的统一编号' }),
  buildItem({ name: '名称', length: 50 }),
  buildItem({ name: '金额', dataType: 'N', length: 12, description: '年度服务金额，单位：元' }),
  buildItem({ name: '启用日期', dataType: 'D', length: null, semanticTag: 'date' }),
];

type Envelope<T = unknown> = {
  success: boolean;
  result?: T;
  error?: { __type: string; message: string } & Record<string, unknown>;
};
type Criterion = { id: string; status: string; points: number; weight: number; improve: unknown };
type Detail = { name: string; quality: number; qualityCriteria: Criterion[]; records: number };
type Ranking = {
  criteria: { id: string; weight: number }[];
  departments: {
    rank: number;
    organization: { name: string; title: string };
    score: number;
    datasets: number;
    items: { name: string; score: number }[];
  }[];
};

/** A triple as comparable text; blank nodes are all alike (each parser labels them its own way). */
function key(q: Quad | { subject: Quad['subject']; predicate: Quad['predicate']; object: Quad['object'] }) {
  const t = (x: Quad['object']) =>
    x.termType === 'BlankNode'
      ? '_'
      : x.termType === 'Literal'
        ? JSON.stringify([x.value, x.language, x.language ? '' : x.datatype.value])
        : `<${x.value}>`;
  return `${t(q.subject as Quad['object'])} <${q.predicate.value}> ${t(q.object)}`;
}

const parseTurtle = (text: string) => new Parser({ format: 'text/turtle' }).parse(text);

function parseRdfXml(text: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const out: Quad[] = [];
    const parser = new RdfXmlParser();
    parser.on('data', (q: Quad) => out.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(out));
    parser.write(text);
    parser.end();
  });
}

async function parseJsonLd(text: string): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(JSON.parse(text) as JsonLdDocument, {
    format: 'application/n-quads',
  })) as unknown as string;
  return new Parser({ format: 'N-Quads' }).parse(nquads);
}

describe.each(ENGINES)('open data quality and DCAT-AP on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof openFixture>>;
  /** 无条件开放 of 民政局 with a one-word summary, no contact and (at first) no data. */
  let sparse$: { id: string; code: string };
  /** 无条件开放 of 民政局, never published: a draft, never a dataset. */
  let draft$: { id: string };

  const get = async <T = unknown>(url: string, headers: Record<string, string> = {}) => {
    const res = await t.call(null, { method: 'GET', url, headers });
    return { status: res.statusCode, body: res.json() as T, headers: res.headers };
  };
  const text = async (url: string, headers: Record<string, string> = {}) => {
    const res = await t.call(null, { method: 'GET', url, headers });
    expect(res.statusCode, res.body).toBe(200);
    return { body: res.body, type: String(res.headers['content-type']), headers: res.headers };
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await openFixture(t, items, rows);
    sparse$ = await publishResource(t, f.admin, f.mz, {
      name: '服务点名录',
      summary: '服务点',
      classCode: '211001',
      openType: 'open',
      sharingType: 'unconditional',
      sharingCondition: null,
      contactName: null,
      contactPhone: null,
      items,
    });
    const created = await t.call(f.admin, {
      method: 'POST',
      url: '/api/catalog/resources',
      payload: {
        ...buildResourceInput(f.mz, {
          name: '服务点草稿',
          openType: 'open',
          sharingType: 'unconditional',
          sharingCondition: null,
        }),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    draft$ = created.json() as { id: string };
    t.services.open.datasets.invalidate();
  });
  afterAll(() => t?.close());

  it('scores each dataset from the catalog and the exchange, criterion by criterion', async () => {
    const open = await get<Detail>(`/open/api/datasets/${name(f.open$.code)}`);
    expect(open.status).toBe(200);
    const byId = Object.fromEntries(open.body.qualityCriteria.map((c) => [c.id, c]));
    expect(byId.items).toMatchObject({ status: 'partial', points: 10, weight: 15 });
    for (const id of ['license', 'description', 'updateCycle', 'formats', 'downloads', 'timeliness'])
      expect(byId[id], id).toMatchObject({ status: 'passed', improve: null });
    expect(open.body.quality).toBe(open.body.qualityCriteria.reduce((n, c) => n + c.points, 0));
    expect(open.body.quality).toBe(95);

    const sparse = await get<Detail>(`/open/api/datasets/${name(sparse$.code)}`);
    const failed = sparse.body.qualityCriteria.filter((c) => c.status === 'failed').map((c) => c.id);
    expect(failed.sort()).toEqual(['contact', 'description', 'downloads', 'timeliness', 'updateCycle']);
    expect(sparse.body.quality).toBe(10 + 10 + 10 + 5);
    for (const c of sparse.body.qualityCriteria.filter((x) => x.status !== 'passed'))
      expect(c.improve, c.id).not.toBeNull();
  });

  it('sorts the typed search by quality and shows the score on every result', async () => {
    const res = await get<{ items: { name: string; quality: number }[] }>('/open/api/datasets?sort=quality');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.name)).toHaveLength(3);
    expect(res.body.items.at(-1)).toEqual(expect.objectContaining({ name: name(sparse$.code), quality: 35 }));
    const scores = res.body.items.map((i) => i.quality);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await get('/open/api/datasets?sort=best')).status).toBe(400);
  });

  it('ranks departments by their datasets’ average, and follows new data once the datasets reload', async () => {
    const before = await get<Ranking>('/open/api/quality');
    expect(before.status).toBe(200);
    expect(before.body.criteria.reduce((n, c) => n + c.weight, 0)).toBe(100);
    expect(before.body.departments.map((d) => [d.organization.title, d.rank, d.score, d.datasets])).toEqual([
      ['市公安局', 1, 95, 1],
      ['市民政局', 2, 65, 2],
    ]);
    expect(before.body.departments[1]!.items.map((i) => i.score)).toEqual([95, 35]);
    expect((await get('/open/api/quality?sort=x')).status).toBe(400);

    const pushed = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${sparse$.id}/records?onError=reject`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson(rows),
    });
    expect(pushed.statusCode, pushed.body).toBeLessThan(300);
    t.services.open.datasets.invalidate();
    const after = await get<Ranking>('/open/api/quality');
    // Downloads, the update cycle and timeliness now pass: 35 + 15 + 15 + 10.
    expect(after.body.departments.find((d) => d.organization.title === '市民政局')).toMatchObject({
      score: 85,
      items: [{ score: 95 }, { score: 75 }],
    });
    expect((await get<Detail>(`/open/api/datasets/${name(sparse$.code)}`)).body.quality).toBe(75);
  });

  it('puts the score in CKAN’s extras', async () => {
    const extras = (pkg: { extras: { key: string; value: string }[] }) =>
      Object.fromEntries(pkg.extras.map((e) => [e.key, e.value]));
    const show = await get<Envelope<{ extras: { key: string; value: string }[] }>>(
      `/open/api/3/action/package_show?id=${name(f.conditional$.code)}`,
    );
    const detail = await get<Detail>(`/open/api/datasets/${name(f.conditional$.code)}`);
    expect(extras(show.body.result!).quality_score).toBe(String(detail.body.quality));
    const criteria = JSON.parse(extras(show.body.result!).quality_criteria!) as Criterion[];
    expect(criteria.map((c) => c.points)).toEqual(detail.body.qualityCriteria.map((c) => c.points));
    const search = await get<
      Envelope<{ results: { name: string; extras: { key: string; value: string }[] }[] }>
    >('/open/api/3/action/package_search?rows=10');
    for (const pkg of search.body.result!.results)
      expect(Number(extras(pkg).quality_score)).toBeGreaterThan(0);
  });

  it('accepts include_private and include_drafts, and shows no private, draft or 不予开放 dataset to anyone', async () => {
    type Search = Envelope<{
      count: number;
      results: { id: string; name: string; private: boolean; state: string }[];
    }>;
    const plain = await get<Search>('/open/api/3/action/package_search?rows=100');
    const all = await get<Search>(
      '/open/api/3/action/package_search?rows=100&include_private=true&include_drafts=True',
    );
    expect(all.status).toBe(200);
    expect(all.body.result!.count).toBe(3);
    expect(all.body.result!.results.map((p) => p.name)).toEqual(
      plain.body.result!.results.map((p) => p.name),
    );
    const ids = all.body.result!.results.map((p) => p.id);
    expect(ids).not.toContain(f.closed$.id);
    expect(ids).not.toContain(draft$.id);
    for (const p of all.body.result!.results) expect(p).toMatchObject({ private: false, state: 'active' });
    // The same with a JSON body, as ckanapi posts it, and with a developer's sign-in header absent or not.
    const post = await t.call(null, {
      method: 'POST',
      url: '/open/api/3/action/package_search',
      payload: { include_private: true, include_drafts: true, rows: 100 },
    });
    expect((post.json() as Search).result!.count).toBe(3);
    const bad = await get<Search>('/open/api/3/action/package_search?include_private=maybe');
    expect(bad.status).toBe(409);
    expect(bad.body.error).toMatchObject({ __type: 'Validation Error', include_private: ['Not a boolean'] });
  });

  it('counts the records held for every dataset in one read of the exchange', async () => {
    const held = vi.spyOn(t.services.exchange, 'held');
    const one = vi.spyOn(t.services.exchange, 'resource');
    try {
      const figures = await t.services.open.figures();
      expect(held).toHaveBeenCalledTimes(1);
      expect(one).not.toHaveBeenCalled();
      const details = await Promise.all(
        [f.open$, f.conditional$, sparse$].map((r) => get<Detail>(`/open/api/datasets/${name(r.code)}`)),
      );
      expect(figures.records).toBe(details.reduce((n, d) => n + d.body.records, 0));
      expect(figures.records).toBe(3 * rows.length);
    } finally {
      held.mockRestore();
      one.mockRestore();
    }
    const byId = await t.services.exchange.held([f.closed$.id, '00000000-0000-4000-8000-000000000000']);
    expect(byId.get(f.closed$.id)).toMatchObject({ recordsHeld: rows.length });
    expect(byId.get('00000000-0000-4000-8000-000000000000')).toEqual({ recordsHeld: 0, lastChangeAt: null });
  });

  it('publishes the open catalog as DCAT-AP in Turtle, RDF/XML and JSON-LD with the same triples', async () => {
    // A forged Host never reaches an IRI: they start with the configured public address.
    const ttl = await text('/open/catalog.ttl', { host: 'evil.example' });
    expect(ttl.type).toContain('text/turtle');
    expect(ttl.body).not.toContain('evil.example');
    const rdf = await text('/open/catalog.rdf');
    expect(rdf.type).toContain('application/rdf+xml');
    const json = await text('/open/catalog.jsonld');
    expect(json.type).toContain('application/ld+json');

    const fromTtl = parseTurtle(ttl.body);
    const fromXml = await parseRdfXml(rdf.body);
    const fromJson = await parseJsonLd(json.body);
    // Only the page's own address differs: each serialization's Hydra view names its own file.
    const sorted = (qs: Quad[]) =>
      qs.map((q) => key(q).replace(/\/open\/catalog\.(rdf|jsonld)\?/g, '/open/catalog.ttl?')).sort();
    expect(fromTtl.length).toBeGreaterThan(100);
    expect(sorted(fromXml)).toEqual(sorted(fromTtl));
    expect(sorted(fromJson)).toEqual(sorted(fromTtl));

    const g = new Store(fromTtl);
    const one = (s: string | null, p: string) => g.getObjects(s, p, null).map((o) => o.value);
    const catalog = `${BASE}/open/catalog`;
    expect(g.getSubjects(TYPE, `${NS.dcat}Catalog`, null).map((s) => s.value)).toEqual([catalog]);
    const datasets = one(catalog, `${NS.dcat}dataset`).sort();
    expect(datasets).toEqual(
      [f.open$, f.conditional$, sparse$].map((r) => `${BASE}/open/datasets/${name(r.code)}`).sort(),
    );
    expect(ttl.body).not.toContain(name(f.closed$.code));

    const open = `${BASE}/open/datasets/${name(f.open$.code)}`;
    expect(one(open, `${NS.dct}identifier`)).toEqual([f.open$.code]);
    expect(g.getObjects(open, `${NS.dct}title`, null)[0]).toMatchObject({
      value: '便民服务点信息',
      language: 'zh',
    });
    expect(one(open, `${NS.dct}accessRights`)).toEqual([`${EU}access-right/PUBLIC`]);
    expect(one(open, `${NS.dct}accrualPeriodicity`)).toEqual([`${EU}frequency/DAILY`]);
    expect(one(open, `${NS.dcat}theme`)).toEqual([`${EU}data-theme/ENVI`]);
    expect(one(open, `${NS.dcat}keyword`)).toEqual(expect.arrayContaining(['生态环保', '便民']));
    expect(one(open, `${NS.dct}modified`)).toHaveLength(1);
    expect(one(open, `${NS.dct}issued`)[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const publisher = one(open, `${NS.dct}publisher`)[0]!;
    expect(one(publisher, `${NS.foaf}name`)).toEqual(['市民政局']);
    const contact = g.getObjects(open, `${NS.dcat}contactPoint`, null)[0]!;
    expect(g.getObjects(contact, `${NS.vcard}hasTelephone`, null).map((o) => o.value)).toEqual([
      'tel:+86-518-85800000',
    ]);
    const conditional = `${BASE}/open/datasets/${name(f.conditional$.code)}`;
    expect(one(conditional, `${NS.dct}accessRights`)).toEqual([`${EU}access-right/RESTRICTED`]);

    const dists = one(open, `${NS.dcat}distribution`);
    expect(dists.flatMap((d) => one(d, `${NS.dct}format`)).sort()).toEqual(
      ['CSV', 'JSON', 'XLSX'].map((x) => `${EU}file-type/${x}`),
    );
    for (const d of dists) {
      const url = one(d, `${NS.dcat}downloadURL`)[0]!;
      expect(url).toMatch(
        new RegExp(`^${BASE}/open/api/datasets/${name(f.open$.code)}/download\\.(csv|json|xlsx)$`),
      );
      expect(one(d, `${NS.dcat}mediaType`)[0]).toMatch(
        /^https:\/\/www\.iana\.org\/assignments\/media-types\//,
      );
      expect(one(d, `${NS.dct}license`)).toHaveLength(1);
    }
    // The downloads the feed names are the portal's own.
    const csv = dists.map((d) => one(d, `${NS.dcat}downloadURL`)[0]!).find((u) => u.endsWith('.csv'))!;
    expect((await t.call(null, { method: 'GET', url: csv.slice(BASE.length) })).statusCode).toBe(200);

    const service = one(catalog, `${NS.dcat}service`)[0]!;
    expect(one(service, `${NS.dcat}endpointURL`)).toEqual([`${BASE}/open/api/3/action`]);
    expect(one(service, `${NS.dcat}servesDataset`)).toHaveLength(3);

    const measurement = g.getObjects(open, `${NS.dqv}hasQualityMeasurement`, null)[0]!;
    const detail = await get<Detail>(`/open/api/datasets/${name(f.open$.code)}`);
    expect(g.getObjects(measurement, `${NS.dqv}value`, null)[0]!.value).toBe(String(detail.body.quality));
  });

  it('pages the feed with Hydra, every dataset once, and negotiates the serialization', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/open/catalog.ttl?limit=2';
    let pages = 0;
    while (url) {
      const page: string = (await text(url)).body;
      const g = new Store(parseTurtle(page));
      pages++;
      seen.push(...g.getObjects(`${BASE}/open/catalog`, `${NS.dcat}dataset`, null).map((o) => o.value));
      const view = g.getSubjects(TYPE, `${NS.hydra}PartialCollectionView`, null)[0]!;
      expect(g.getObjects(view, `${NS.hydra}totalItems`, null)[0]!.value).toBe('3');
      expect(g.getObjects(view, `${NS.hydra}last`, null)[0]!.value).toBe(
        `${BASE}/open/catalog.ttl?page=2&limit=2`,
      );
      url = g.getObjects(view, `${NS.hydra}next`, null)[0]?.value.slice(BASE.length);
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);

    const beyond = await get<{ error: { code: string; details: { fields: { field: string }[] } } }>(
      '/open/catalog.ttl?limit=2&page=3',
    );
    expect(beyond.status).toBe(400);
    expect(beyond.body.error.details.fields[0]!.field).toBe('page');
    expect((await get('/open/catalog.rdf?limit=0')).status).toBe(400);
    expect((await get('/open/catalog.jsonld?limit=1001')).status).toBe(400);

    const xml = await text('/open/catalog', { accept: 'text/html;q=0.9, application/rdf+xml' });
    expect(xml.type).toContain('application/rdf+xml');
    expect(xml.headers['content-location']).toBe('/open/catalog.rdf');
    const ld = await text('/open/catalog?limit=1', { accept: 'application/ld+json' });
    expect(ld.type).toContain('application/ld+json');
    expect((await text('/open/catalog', { accept: '*/*' })).type).toContain('text/turtle');
  });
});
