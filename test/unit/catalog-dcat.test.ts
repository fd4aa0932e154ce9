import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { Parser } from 'n3';
import type { Quad, Term } from 'n3';
import jsonld from 'jsonld';
import type { JsonLdDocument, Options } from 'jsonld';
import { accessRightOf, toDcatJsonLd, toDcatTurtle } from '../../src/modules/catalog/dcat.ts';
import type { DcatCatalogInfo } from '../../src/modules/catalog/dcat.ts';
import type { Resource } from '../../src/modules/catalog/schema.ts';
import type { UpdateCycle } from '../../src/modules/catalog/vocab.ts';

const BASE = 'https://data.lyg.gov.cn';
const CATALOG = `${BASE}/api/catalog/dcat`;

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const EU = 'http://publications.europa.eu/resource/authority/';
const TYPE = `${RDF}type`;

// A summary with everything Turtle must escape: double quotes, backslashes, a newline, a tab, a single quote.
const TRICKY = '记录"户籍人口"基本信息；路径 C:\\人口\\基础库\n第二行：含 \'单引号\' 与制表\t符';

const INFO: DcatCatalogInfo = {
  baseUrl: `${BASE}/`,
  title: '连云港市政务信息资源目录',
  titleEn: 'Lianyungang government information resource catalog',
  description: '连云港市各部门已发布的政务信息资源。',
  publisherName: '连云港市信息中心',
  publisherCode: '12320700466912345X',
  issued: '2024-01-01',
  modified: '2025-06-30T08:00:00.000Z',
};

let seq = 0;
function item(name: string): Resource['items'][number] {
  return {
    name,
    dataType: 'C',
    length: 50,
    required: true,
    description: null,
    semanticTag: null,
    isKey: false,
    sensitive: false,
    position: seq++,
  };
}

function resource(overrides: Partial<Resource>): Resource {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    code: '101001/000001',
    category: 'base',
    status: 'published',
    version: 1,
    publishedVersion: 1,
    departmentName: '连云港市公安局',
    departmentCode: '11320700014123456A',
    publishDate: '2025-01-15',
    lastDataChangeAt: null,
    overdue: false,
    updatedAt: '2025-06-01T02:03:04.000Z',
    name: '资源',
    classCode: '101001',
    departmentId: '00000000-0000-4000-8000-000000000001',
    summary: '摘要',
    formatCategory: 'spreadsheet',
    formatDetail: 'xlsx',
    sharingType: 'unconditional',
    sharingCondition: null,
    sharingMethod: 'file',
    openType: 'open',
    openCondition: null,
    updateCycle: 'daily',
    relatedCodes: [],
    contactName: null,
    contactPhone: null,
    items: [item('名称')],
    ...overrides,
  };
}

const POPULATION = resource({
  code: '101001/000001',
  classCode: '101001',
  name: '人口基本信息',
  summary: TRICKY,
  items: [item('姓名'), item('公民身份号码'), item('户籍地址')],
  relatedCodes: ['102/000002'],
  contactName: '张三',
  contactPhone: '0518-85601234',
});
const LEGAL_PERSON = resource({
  id: '00000000-0000-4000-8000-000000000002',
  code: '102/000002',
  classCode: '102',
  name: '法人单位登记信息',
  departmentName: '连云港市市场监督管理局',
  departmentCode: '11320700MB1567890B',
  summary: '法人单位的登记信息，通过接口提供。',
  formatCategory: 'service_api',
  formatDetail: 'JSON',
  sharingType: 'conditional',
  sharingCondition: '仅用于"行政审批"业务\n需经提供方审核',
  sharingMethod: 'api',
  openType: 'conditional',
  openCondition: '申请后开放',
  updateCycle: 'realtime',
  relatedCodes: ['101001/000001', '999/000404'],
  items: [item('统一社会信用代码'), item('单位名称')],
});
const CASE_FILES = resource({
  id: '00000000-0000-4000-8000-000000000003',
  code: '305001/000003',
  category: 'department',
  classCode: '305001',
  name: '案件卷宗',
  summary: '案件卷宗电子文件。',
  formatCategory: 'electronic_file',
  formatDetail: 'OFD',
  sharingType: 'none',
  sharingCondition: '依据《中华人民共和国保守国家秘密法》',
  openType: 'closed',
  updateCycle: 'irregular',
  publishDate: null,
  contactPhone: '12345',
  items: [item('案件编号')],
});
const ENVIRONMENT = resource({
  id: '00000000-0000-4000-8000-000000000004',
  code: '211/000004',
  category: 'theme',
  classCode: '211',
  name: '排污许可信息',
  departmentName: '连云港市生态环境局',
  departmentCode: '11320700MB1999999C',
  summary: '排污单位的许可信息。',
  formatCategory: 'database',
  formatDetail: 'CSV、XLSX',
  sharingType: 'conditional',
  sharingCondition: '用于环境监管',
  sharingMethod: 'database',
  openType: 'closed',
  updateCycle: 'semiannual',
  contactName: '李四',
  contactPhone: '13812345678',
  items: [item('许可证编号'), item('单位名称')],
});
const RESOURCES = [POPULATION, LEGAL_PERSON, CASE_FILES, ENVIRONMENT];

const datasetIri = (code: string) => `${BASE}/catalog/resources/${encodeURIComponent(code)}`;

async function jsonLdQuads(doc: object): Promise<Quad[]> {
  // Serialized and parsed again, as a client would receive it.
  const parsed: unknown = JSON.parse(JSON.stringify(doc));
  const options: Options.ToRdf & { safe: boolean } = {
    format: 'application/n-quads',
    // Safe mode turns anything jsonld would silently drop (a relative IRI, an unknown term) into an error.
    safe: true,
    documentLoader: (url: string) => Promise.reject(new Error(`the JSON-LD export must not load ${url}`)),
  };
  const nquads = await jsonld.toRDF(parsed as JsonLdDocument, options);
  if (typeof nquads !== 'string') throw new Error('expected N-Quads text');
  return new Parser({ format: 'N-Quads' }).parse(nquads);
}

const turtleQuads = (text: string): Quad[] => new Parser({ format: 'Turtle' }).parse(text);

function termKey(t: Term): string {
  if (t.termType === 'BlankNode') return '_:';
  if (t.termType === 'Literal') return `${JSON.stringify(t.value)}@${t.language}^^${t.datatype.value}`;
  return `<${t.value}>`;
}
const tripleKey = (q: Quad) => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`;
// Exact identity of a triple, blank-node labels included (to find repeated statements within one graph).
const rawKey = (q: Quad) =>
  JSON.stringify([
    q.subject.termType,
    q.subject.value,
    q.predicate.value,
    q.object.termType,
    termKey(q.object),
    q.object.value,
  ]);
const hasBlank = (q: Quad) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode';

class Graph {
  constructor(readonly quads: Quad[]) {}
  objects(subject: string | Term, predicate: string): Term[] {
    const s = typeof subject === 'string' ? `<${subject}>` : termKey(subject);
    return this.quads
      .filter(
        (q) =>
          q.predicate.value === predicate &&
          (typeof subject === 'string' ? termKey(q.subject) === s : q.subject.equals(subject)),
      )
      .map((q) => q.object);
  }
  values(subject: string | Term, predicate: string): string[] {
    return this.objects(subject, predicate).map((o) => o.value);
  }
  one(subject: string | Term, predicate: string): Term {
    const all = this.objects(subject, predicate);
    expect(all, `${String(subject)} ${predicate}`).toHaveLength(1);
    return all[0] as Term;
  }
  types(subject: string | Term): string[] {
    return this.values(subject, TYPE);
  }
}

function expectLiteral(t: Term, value: string, language: string, datatype?: string): void {
  expect(t.termType).toBe('Literal');
  expect(t.value).toBe(value);
  if (t.termType !== 'Literal') return;
  expect(t.language).toBe(language);
  if (datatype) expect(t.datatype.value).toBe(datatype);
}

async function bothGraphs(info: DcatCatalogInfo, resources: Resource[]): Promise<[Graph, Graph]> {
  const ttl = new Graph(turtleQuads(toDcatTurtle(info, resources)));
  const json = new Graph(await jsonLdQuads(toDcatJsonLd(info, resources)));
  return [ttl, json];
}

function expectSameGraph(a: Quad[], b: Quad[]): void {
  expect(a.length).toBe(b.length);
  const ground = (qs: Quad[]) =>
    qs
      .filter((q) => !hasBlank(q))
      .map(tripleKey)
      .sort();
  const withBlank = (qs: Quad[]) => qs.filter(hasBlank).map(tripleKey).sort();
  expect(ground(a)).toEqual(ground(b));
  // Blank-node labels differ between the two parsers; the triples around them must match otherwise.
  expect(withBlank(a)).toEqual(withBlank(b));
  expect(a.filter(hasBlank).length).toBe(b.filter(hasBlank).length);
  // An RDF graph is a set: the Turtle must not state anything twice (the JSON-LD processor would merge it).
  expect(new Set(a.map(rawKey)).size).toBe(a.length);
  for (const q of [...a, ...b]) expect(q.graph.termType).toBe('DefaultGraph');
}

describe('DCAT-AP export', () => {
  it('Turtle and JSON-LD carry the same graph', async () => {
    const [ttl, json] = await bothGraphs(INFO, RESOURCES);
    expect(ttl.quads.length).toBeGreaterThan(100);
    expectSameGraph(ttl.quads, json.quads);
  });

  it('escapes IRIs the same way in both outputs', async () => {
    const info = { ...INFO, baseUrl: 'https://example.org/数据 目录/' };
    const odd = resource({ departmentCode: 'A B<C>', contactPhone: '见"官网"' });
    const [ttl, json] = await bothGraphs(info, [odd]);
    expectSameGraph(ttl.quads, json.quads);
    const catalog = 'https://example.org/数据%20目录/api/catalog/dcat';
    expect(ttl.types(catalog)).toEqual([`${DCAT}Catalog`]);
    expect(ttl.values(catalog, `${DCAT}dataset`)).toEqual([
      'https://example.org/数据%20目录/catalog/resources/101001%2F000001',
    ]);
    const publisher = ttl.one(ttl.one(catalog, `${DCAT}dataset`), `${DCT}publisher`);
    expect(publisher.value).toBe('https://example.org/数据%20目录/departments/A%20B%3CC%3E');
    const contact = ttl.one(ttl.one(catalog, `${DCAT}dataset`), `${DCAT}contactPoint`);
    expect(ttl.values(contact, `${VCARD}hasTelephone`)).toEqual([`tel:${encodeURIComponent('见"官网"')}`]);
  });

  it('describes the catalog with its mandatory and recommended properties', async () => {
    const [g] = await bothGraphs(INFO, RESOURCES);
    expect(g.types(CATALOG)).toEqual([`${DCAT}Catalog`]);
    const titles = g.objects(CATALOG, `${DCT}title`);
    expect(titles).toHaveLength(2);
    expectLiteral(
      titles.find((t) => t.termType === 'Literal' && t.language === 'zh') as Term,
      INFO.title,
      'zh',
    );
    expectLiteral(
      titles.find((t) => t.termType === 'Literal' && t.language === 'en') as Term,
      INFO.titleEn,
      'en',
    );
    expectLiteral(g.one(CATALOG, `${DCT}description`), INFO.description, 'zh');
    expectLiteral(g.one(CATALOG, `${DCT}issued`), '2024-01-01', '', `${XSD}date`);
    expectLiteral(g.one(CATALOG, `${DCT}modified`), INFO.modified, '', `${XSD}dateTime`);
    expect(g.values(CATALOG, `${DCT}language`)).toEqual([`${EU}language/ZHO`]);

    const publisher = g.one(CATALOG, `${DCT}publisher`);
    expect(publisher.value).toBe(`${BASE}/departments/${INFO.publisherCode}`);
    expect(g.types(publisher)).toEqual([`${FOAF}Agent`]);
    expectLiteral(g.one(publisher, `${FOAF}name`), INFO.publisherName, 'zh');
    expectLiteral(g.one(publisher, `${DCT}identifier`), INFO.publisherCode, '', `${XSD}string`);

    expect(g.values(CATALOG, `${DCAT}dataset`).sort()).toEqual(
      RESOURCES.map((r) => datasetIri(r.code)).sort(),
    );
    const scheme = g.one(CATALOG, `${DCAT}themeTaxonomy`);
    expect(g.types(scheme)).toEqual([`${SKOS}ConceptScheme`]);
    expect(g.values(scheme, `${DCT}title`)).toContain('政务信息资源分类');
    expect(g.values(scheme, `${SKOS}hasTopConcept`).sort()).toEqual(
      ['1', '2', '3'].map((c) => `${BASE}/catalog/classification/${c}`),
    );
    expect(g.values(CATALOG, `${DCAT}service`)).toEqual([`${datasetIri(LEGAL_PERSON.code)}#service`]);
  });

  it('describes every dataset with its mandatory properties, publisher, keywords and theme', async () => {
    const [g] = await bothGraphs(INFO, RESOURCES);
    for (const r of RESOURCES) {
      const ds = datasetIri(r.code);
      expect(g.types(ds), r.code).toEqual([`${DCAT}Dataset`]);
      expectLiteral(g.one(ds, `${DCT}title`), r.name, 'zh');
      expectLiteral(g.one(ds, `${DCT}description`), r.summary, 'zh');
      expectLiteral(g.one(ds, `${DCT}identifier`), r.code, '');
      expectLiteral(g.one(ds, `${DCT}modified`), r.updatedAt, '', `${XSD}dateTime`);
      if (r.publishDate) expectLiteral(g.one(ds, `${DCT}issued`), r.publishDate, '', `${XSD}date`);
      else expect(g.objects(ds, `${DCT}issued`)).toEqual([]);

      const publisher = g.one(ds, `${DCT}publisher`);
      expect(publisher.value).toBe(`${BASE}/departments/${r.departmentCode}`);
      expect(g.types(publisher)).toEqual([`${FOAF}Agent`]);
      expectLiteral(g.one(publisher, `${FOAF}name`), r.departmentName, 'zh');
      expect(g.values(publisher, `${DCT}identifier`)).toEqual([r.departmentCode]);

      const keywords = g.objects(ds, `${DCAT}keyword`);
      for (const k of keywords) expect(k.termType === 'Literal' && k.language).toBe('zh');
      expect(keywords.map((k) => k.value)).toEqual(expect.arrayContaining(r.items.map((i) => i.name)));

      const theme = g.one(ds, `${DCAT}theme`);
      expect(theme.value).toBe(`${BASE}/catalog/classification/${r.classCode}`);
      expect(g.types(theme)).toEqual([`${SKOS}Concept`]);
      expect(g.values(theme, `${SKOS}notation`)).toEqual([r.classCode]);
      expect(g.values(theme, `${SKOS}inScheme`)).toEqual([`${BASE}/catalog/classification`]);
      expect(g.objects(theme, `${SKOS}prefLabel`)).toHaveLength(1);
    }
    // The 项 name joins the keywords for base and thematic resources; departmental codes have none.
    expect(g.values(datasetIri(POPULATION.code), `${DCAT}keyword`)).toContain('人口');
    expect(g.values(datasetIri(ENVIRONMENT.code), `${DCAT}keyword`)).toContain('生态环保');
    expect(g.values(`${BASE}/catalog/classification/102`, `${SKOS}prefLabel`)).toEqual(['法人单位']);
    expect(g.values(`${BASE}/catalog/classification/305`, `${SKOS}prefLabel`)).toEqual(['连云港市公安局']);
    // 目 below 项 below 类.
    expect(g.values(`${BASE}/catalog/classification/101001`, `${SKOS}broader`)).toEqual([
      `${BASE}/catalog/classification/101`,
    ]);
    expect(g.values(`${BASE}/catalog/classification/101`, `${SKOS}broader`)).toEqual([
      `${BASE}/catalog/classification/1`,
    ]);
  });

  it('gives every dataset one distribution with an access URL and, where mapped, an EU file type', async () => {
    const [g] = await bothGraphs(INFO, RESOURCES);
    const expected: Record<string, string | null> = {
      [POPULATION.code]: 'XLSX',
      [LEGAL_PERSON.code]: 'JSON',
      [CASE_FILES.code]: null,
      [ENVIRONMENT.code]: 'CSV',
    };
    for (const r of RESOURCES) {
      const ds = datasetIri(r.code);
      const dist = g.one(ds, `${DCAT}distribution`);
      expect(g.types(dist)).toEqual([`${DCAT}Distribution`]);
      expect(g.values(dist, `${DCAT}accessURL`)).toEqual([ds]);
      expect(g.objects(dist, `${DCT}title`)).toHaveLength(1);
      const fileType = expected[r.code];
      expect(g.values(dist, `${DCT}format`)).toEqual(fileType ? [`${EU}file-type/${fileType}`] : []);
      // The sub-format is always readable, mapped or not.
      expect(g.values(dist, `${DCT}description`)[0]).toContain(r.formatDetail);
    }
    const apiDist = g.one(datasetIri(LEGAL_PERSON.code), `${DCAT}distribution`);
    expect(g.values(apiDist, `${DCAT}mediaType`)).toEqual([
      'https://www.iana.org/assignments/media-types/application/json',
    ]);
    const service = g.one(apiDist, `${DCAT}accessService`);
    expect(g.types(service)).toEqual([`${DCAT}DataService`]);
    expect(g.values(service, `${DCAT}endpointURL`)).toEqual([`${BASE}/api/data/102%2F000002`]);
    expect(g.values(service, `${DCAT}servesDataset`)).toEqual([datasetIri(LEGAL_PERSON.code)]);
    expect(g.objects(service, `${DCT}title`)).toHaveLength(1);
    for (const r of [POPULATION, CASE_FILES, ENVIRONMENT]) {
      expect(g.objects(g.one(datasetIri(r.code), `${DCAT}distribution`), `${DCAT}accessService`)).toEqual([]);
    }
  });

  const FREQUENCIES: Record<UpdateCycle, string> = {
    realtime: 'CONT',
    daily: 'DAILY',
    weekly: 'WEEKLY',
    monthly: 'MONTHLY',
    quarterly: 'QUARTERLY',
    semiannual: 'ANNUAL_2',
    annual: 'ANNUAL',
    irregular: 'IRREG',
  };
  it.each(Object.entries(FREQUENCIES))('maps update cycle %s to frequency %s', async (cycle, eu) => {
    const r = resource({ updateCycle: cycle as UpdateCycle });
    const [ttl, json] = await bothGraphs(INFO, [r]);
    for (const g of [ttl, json]) {
      expect(g.values(datasetIri(r.code), `${DCT}accrualPeriodicity`)).toEqual([`${EU}frequency/${eu}`]);
    }
  });

  it('maps sharing and open types to EU access rights, with a readable rights statement', async () => {
    expect(accessRightOf({ openType: 'open', sharingType: 'unconditional' })).toBe('PUBLIC');
    expect(accessRightOf({ openType: 'conditional', sharingType: 'none' })).toBe('RESTRICTED');
    expect(accessRightOf({ openType: 'closed', sharingType: 'unconditional' })).toBe('RESTRICTED');
    expect(accessRightOf({ openType: 'closed', sharingType: 'conditional' })).toBe('RESTRICTED');
    expect(accessRightOf({ openType: 'closed', sharingType: 'none' })).toBe('NON_PUBLIC');

    const [g] = await bothGraphs(INFO, RESOURCES);
    const expected: [Resource, string][] = [
      [POPULATION, 'PUBLIC'],
      [LEGAL_PERSON, 'RESTRICTED'],
      [CASE_FILES, 'NON_PUBLIC'],
      [ENVIRONMENT, 'RESTRICTED'],
    ];
    for (const [r, right] of expected) {
      const ds = datasetIri(r.code);
      expect(g.values(ds, `${DCT}accessRights`), r.code).toEqual([`${EU}access-right/${right}`]);
      const rights = g.one(ds, `${DCT}rights`);
      expect(rights.termType).toBe('BlankNode');
      expect(g.types(rights)).toEqual([`${DCT}RightsStatement`]);
      const label = g.one(rights, `${RDFS}label`);
      expect(label.termType === 'Literal' && label.language).toBe('zh');
      expect(label.value).toContain(
        { unconditional: '无条件共享', conditional: '有条件共享', none: '不予共享' }[r.sharingType],
      );
      if (r.sharingCondition) expect(label.value).toContain(r.sharingCondition);
    }
    const service = `${datasetIri(LEGAL_PERSON.code)}#service`;
    expect(g.values(service, `${DCT}accessRights`)).toEqual([`${EU}access-right/RESTRICTED`]);
  });

  it('round-trips Chinese text with quotes, backslashes and newlines exactly', async () => {
    const ttlText = toDcatTurtle(INFO, RESOURCES);
    // Chinese is written as UTF-8, not as \u escapes.
    expect(ttlText).toContain('人口基本信息');
    const [ttl, json] = await bothGraphs(INFO, RESOURCES);
    for (const g of [ttl, json]) {
      expectLiteral(g.one(datasetIri(POPULATION.code), `${DCT}description`), TRICKY, 'zh');
      const rights = g.one(datasetIri(LEGAL_PERSON.code), `${DCT}rights`);
      expect(g.one(rights, `${RDFS}label`).value).toContain('仅用于"行政审批"业务\n需经提供方审核');
    }
    // Other control characters, a carriage return and characters outside the BMP survive as well.
    const odd = '回车\r控制\u0001\u007F表情😀"\\';
    const [ttl2, json2] = await bothGraphs(INFO, [resource({ name: odd })]);
    for (const g of [ttl2, json2])
      expectLiteral(g.one(datasetIri('101001/000001'), `${DCT}title`), odd, 'zh');
  });

  it('adds a contact point only when there is a contact, with tel: IRIs', async () => {
    const [g] = await bothGraphs(INFO, RESOURCES);
    expect(g.objects(datasetIri(LEGAL_PERSON.code), `${DCAT}contactPoint`)).toEqual([]);
    const phones: [Resource, string | null, string][] = [
      [POPULATION, '张三', 'tel:+86-518-85601234'],
      [CASE_FILES, null, 'tel:12345;phone-context=+86'],
      [ENVIRONMENT, '李四', 'tel:+86-13812345678'],
    ];
    for (const [r, name, tel] of phones) {
      const kind = g.one(datasetIri(r.code), `${DCAT}contactPoint`);
      expect(kind.termType).toBe('BlankNode');
      expect(g.types(kind)).toEqual([`${VCARD}Kind`]);
      expect(g.values(kind, `${VCARD}fn`)).toEqual(name ? [name] : []);
      expect(g.objects(kind, `${VCARD}hasTelephone`).map((t) => [t.termType, t.value])).toEqual([
        ['NamedNode', tel],
      ]);
    }
  });

  it('links related resources', async () => {
    const [g] = await bothGraphs(INFO, RESOURCES);
    expect(g.values(datasetIri(POPULATION.code), `${DCT}relation`)).toEqual([datasetIri(LEGAL_PERSON.code)]);
    expect(g.values(datasetIri(LEGAL_PERSON.code), `${DCT}relation`).sort()).toEqual(
      [datasetIri('101001/000001'), datasetIri('999/000404')].sort(),
    );
    expect(g.objects(datasetIri(CASE_FILES.code), `${DCT}relation`)).toEqual([]);
  });

  it('embeds its JSON-LD context and keeps RDF libraries out of the production module', () => {
    const doc = toDcatJsonLd(INFO, RESOURCES) as { '@context': unknown; '@graph': unknown[] };
    expect(typeof doc['@context']).toBe('object');
    expect(doc['@context']).toMatchObject({
      dcat: DCAT,
      dct: DCT,
      foaf: FOAF,
      vcard: VCARD,
      skos: SKOS,
      xsd: XSD,
    });
    const source = readFileSync(new URL('../../src/modules/catalog/dcat.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from ['"](n3|jsonld)['"]/);
  });

  it('exports an empty catalog and rejects a relative base URL', async () => {
    const [ttl, json] = await bothGraphs(INFO, []);
    expectSameGraph(ttl.quads, json.quads);
    expect(ttl.objects(CATALOG, `${DCAT}dataset`)).toEqual([]);
    expect(() => toDcatTurtle({ ...INFO, baseUrl: '/tongban' }, RESOURCES)).toThrow(/absolute baseUrl/);
  });
});
