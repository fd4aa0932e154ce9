/**
 * DCAT-AP 3 export of the published resource catalog, as JSON-LD and as Turtle.
 *
 * Both serializations are written from one in-memory graph, so they carry the same triples. The module is
 * pure and has no RDF library at runtime: the Turtle writer and the JSON-LD shape below are small enough to
 * keep correct by hand, and the tests check them against n3 and jsonld.
 */
import type { Resource } from './schema.ts';
import { categoryOf, itemName } from './classification.ts';
import { CATEGORIES, FORMATS, OPEN_TYPES, SHARING_METHODS, SHARING_TYPES, UPDATE_CYCLES } from './vocab.ts';

/** What the catalog says about itself; the resources say the rest. */
export interface DcatCatalogInfo {
  /** Absolute URL the platform is served at; every IRI in the export starts with it. */
  baseUrl: string;
  title: string;
  titleEn: string;
  description: string;
  publisherName: string;
  /** 统一社会信用代码 of the publisher (市信息中心). */
  publisherCode: string;
  /** xsd:date (YYYY-MM-DD) or xsd:dateTime. */
  issued?: string;
  /** xsd:date (YYYY-MM-DD) or xsd:dateTime. */
  modified: string;
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary

/** The namespaces of the export, in the order Turtle declares them and JSON-LD's @context lists them. */
export const DCAT_NAMESPACES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  adms: 'http://www.w3.org/ns/adms#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

const NS = DCAT_NAMESPACES;
const dcat = (local: string) => NS.dcat + local;
const dct = (local: string) => NS.dct + local;
const foaf = (local: string) => NS.foaf + local;
const vcard = (local: string) => NS.vcard + local;
const skos = (local: string) => NS.skos + local;
const rdfs = (local: string) => NS.rdfs + local;
const xsd = (local: string) => NS.xsd + local;

const EU_AUTHORITY = 'http://publications.europa.eu/resource/authority/';
const LANGUAGE_ZHO = `${EU_AUTHORITY}language/ZHO`;
const IANA_MEDIA_TYPES = 'https://www.iana.org/assignments/media-types/';
// City government departments and the city's information centre are local authorities in the ADMS sense.
const LOCAL_AUTHORITY = 'http://purl.org/adms/publishertype/LocalAuthority';

/** EU access-right authority codes (DCAT-AP's controlled vocabulary for dct:accessRights). */
export type AccessRight = 'PUBLIC' | 'RESTRICTED' | 'NON_PUBLIC';

/**
 * Sub-formats (as stewards write them in 格式 detail, matched case-insensitively per token) that have an EU
 * file-type code, with their IANA media type where one is registered. Formats without a code (OFD, WPS, …)
 * get no dct:format; the sub-format still shows in the distribution's description.
 */
const FILE_TYPES: Record<string, { eu: string; media: string | null }> = {
  XLSX: { eu: 'XLSX', media: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  XLS: { eu: 'XLS', media: 'application/vnd.ms-excel' },
  ODS: { eu: 'ODS', media: 'application/vnd.oasis.opendocument.spreadsheet' },
  CSV: { eu: 'CSV', media: 'text/csv' },
  JSON: { eu: 'JSON', media: 'application/json' },
  GEOJSON: { eu: 'GEOJSON', media: 'application/geo+json' },
  XML: { eu: 'XML', media: 'application/xml' },
  PDF: { eu: 'PDF', media: 'application/pdf' },
  DOCX: { eu: 'DOCX', media: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  DOC: { eu: 'DOC', media: 'application/msword' },
  TXT: { eu: 'TXT', media: 'text/plain' },
  HTML: { eu: 'HTML', media: 'text/html' },
  HTM: { eu: 'HTML', media: 'text/html' },
  ZIP: { eu: 'ZIP', media: 'application/zip' },
  JPEG: { eu: 'JPEG', media: 'image/jpeg' },
  JPG: { eu: 'JPEG', media: 'image/jpeg' },
  PNG: { eu: 'PNG', media: 'image/png' },
  TIFF: { eu: 'TIFF', media: 'image/tiff' },
  TIF: { eu: 'TIFF', media: 'image/tiff' },
  SHP: { eu: 'SHP', media: null },
  MP4: { eu: 'MP4', media: 'video/mp4' },
};

// ---------------------------------------------------------------------------------------------------------
// Graph model: named nodes at the top level, blank nodes nested where they are used (as in both outputs).

interface IriTerm {
  readonly kind: 'iri';
  readonly iri: string;
}
interface LiteralTerm {
  readonly kind: 'literal';
  readonly value: string;
  readonly lang: string | null;
  /** Full IRI; null for a plain xsd:string. */
  readonly datatype: string | null;
}
interface GraphNode {
  readonly kind: 'node';
  /** null for a blank node. */
  readonly iri: string | null;
  readonly types: string[];
  readonly props: Map<string, Term[]>;
}
type Term = IriTerm | LiteralTerm | GraphNode;

class Graph {
  private readonly named = new Map<string, GraphNode>();

  /** The named node for an IRI, created on first use, so a node shared by datasets is described once. */
  node(iri: string, type?: string): GraphNode {
    const id = escapeIri(iri);
    let n = this.named.get(id);
    if (!n) {
      n = { kind: 'node', iri: id, types: [], props: new Map() };
      this.named.set(id, n);
    }
    if (type !== undefined && !n.types.includes(type)) n.types.push(type);
    return n;
  }

  /** Named nodes in creation order, leaving out ones nothing was said about (Turtle has no empty subject). */
  roots(): GraphNode[] {
    return [...this.named.values()].filter((n) => n.types.length > 0 || n.props.size > 0);
  }
}

const blank = (type: string): GraphNode => ({ kind: 'node', iri: null, types: [type], props: new Map() });
const ref = (iri: string): IriTerm => ({ kind: 'iri', iri: escapeIri(iri) });
const literal = (value: string, lang: string | null, datatype: string | null): LiteralTerm => ({
  kind: 'literal',
  value: wellFormed(value),
  lang,
  datatype,
});
const zh = (value: string) => literal(value, 'zh', null);
const en = (value: string) => literal(value, 'en', null);
const str = (value: string) => literal(value, null, null);

function termKey(t: Term): string | null {
  if (t.kind === 'iri') return `<${t.iri}>`;
  if (t.kind === 'literal') return JSON.stringify([t.value, t.lang, t.datatype]);
  return t.iri === null ? null : `<${t.iri}>`;
}

/**
 * Adds a statement unless it is already there (RDF graphs are sets, and JSON-LD processors merge duplicates,
 * so Turtle must not repeat them either). A named node as object becomes a reference to it. With `single`,
 * nothing is added once the property has any value: for properties SKOS and DCAT-AP allow once per node.
 */
function add(subject: GraphNode, predicate: string, object: Term | null | undefined, single = false): void {
  if (!object) return;
  const o: Term = object.kind === 'node' && object.iri !== null ? ref(object.iri) : object;
  const list = subject.props.get(predicate) ?? [];
  if (single && list.length > 0) return;
  const key = termKey(o);
  if (key !== null && list.some((x) => termKey(x) === key)) return;
  list.push(o);
  subject.props.set(predicate, list);
}

// Lone surrogates cannot be written as UTF-8 Turtle; both outputs replace them the same way.
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const IRI_FORBIDDEN = '<>"{}|^`\\';
const hex = (ch: string, width: number) => ch.charCodeAt(0).toString(16).toUpperCase().padStart(width, '0');

// Characters that IRIREF forbids are percent-encoded when an IRI is made, so Turtle and JSON-LD (whose
// toRDF drops IRIs with spaces) carry the same, valid IRI.
function escapeIri(iri: string): string {
  let out = '';
  for (const ch of wellFormed(iri)) {
    out += ch <= ' ' || IRI_FORBIDDEN.includes(ch) ? `%${hex(ch, 2)}` : ch;
  }
  return out;
}

const DATE = /^-?\d{4,}-\d{2}-\d{2}$/;
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** xsd:date for a plain date, xsd:dateTime for a timestamp (normalized to ISO when needed), null if neither. */
function dateLiteral(value: string | null | undefined): LiteralTerm | null {
  if (value === null || value === undefined) return null;
  const s = value.trim();
  if (DATE.test(s)) return literal(s, null, xsd('date'));
  if (DATE_TIME.test(s)) return literal(s, null, xsd('dateTime'));
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : literal(new Date(t).toISOString(), null, xsd('dateTime'));
}

// ---------------------------------------------------------------------------------------------------------
// Mapping

/** The EU access-right code for a resource: open data is public, anything shared on conditions restricted. */
export function accessRightOf(r: Pick<Resource, 'openType' | 'sharingType'>): AccessRight {
  if (r.openType === 'open') return 'PUBLIC';
  if (r.openType === 'conditional' || r.sharingType !== 'none') return 'RESTRICTED';
  return 'NON_PUBLIC';
}

/**
 * A tel: IRI (RFC 3966) per number in a contact phone. Chinese numbers become global ones (+86, the trunk
 * 0 dropped); short service numbers such as 12345 stay local with phone-context=+86. Text that is not a
 * phone number is kept, percent-encoded, rather than lost.
 */
function telIris(phone: string): string[] {
  return phone
    .split(/[,，;；、/]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const m = /^(\+?\(?[0-9][0-9 ().-]*?)\s*(?:(?:转|分机|ext\.?|x)\s*([0-9]+))?$/i.exec(p);
      if (!m?.[1]) return `tel:${encodeURIComponent(p)}`;
      const num = m[1]
        .replace(/[ ().-]+/g, '-')
        .replace(/^-|-$/g, '')
        .replace(/^\+-/, '+');
      const ext = m[2] ? `;ext=${m[2]}` : '';
      const digits = num.replace(/\D/g, '');
      if (num.startsWith('+')) return `tel:${num}${ext}`;
      if (num.startsWith('00')) return `tel:+${num.slice(2).replace(/^-/, '')}${ext}`;
      if (num.startsWith('0')) return `tel:+86-${num.slice(1).replace(/^-/, '')}${ext}`;
      if (/^1\d{10}$/.test(digits)) return `tel:+86-${digits}${ext}`;
      return `tel:${num}${ext};phone-context=+86`;
    });
}

function fileType(formatDetail: string): { eu: string; media: string | null } | null {
  for (const token of formatDetail.toUpperCase().split(/[^A-Z0-9]+/)) {
    const hit = FILE_TYPES[token];
    if (hit) return hit;
  }
  return null;
}

function labelOf<V extends string>(list: readonly { value: V; zh: string }[], value: V): string {
  return list.find((t) => t.value === value)?.zh ?? value;
}

interface Context {
  graph: Graph;
  base: string;
  catalog: GraphNode;
  scheme: GraphNode;
}

const datasetIri = (base: string, code: string) => `${base}/catalog/resources/${encodeURIComponent(code)}`;

function agent(ctx: Context, name: string, code: string): GraphNode {
  const a = ctx.graph.node(`${ctx.base}/departments/${encodeURIComponent(code)}`, foaf('Agent'));
  // One name per agent, even if the catalog's publisher is also a department under a longer name.
  add(a, foaf('name'), zh(name), true);
  add(a, dct('identifier'), str(code));
  add(a, dct('type'), ref(LOCAL_AUTHORITY));
  return a;
}

/**
 * The SKOS concept for a classification code, with its broader concepts up to the 类: 类 (1 digit),
 * 项 (3), 目 (6), then the full code when it is a 细目. Only 类 and 项 have guideline names; a 部门信息资源's
 * 项 is named by its department, and deeper levels by their 项 and code.
 */
function classificationConcept(ctx: Context, classCode: string, departmentName: string): GraphNode | null {
  if (classCode === '') return null;
  const lengths = [...new Set([1, 3, 6].filter((l) => l < classCode.length).concat(classCode.length))];
  const category = categoryOf(classCode);
  const categoryLabel = labelOf(CATEGORIES, category);
  const itemLabel = itemName(classCode) ?? (category === 'department' ? departmentName : categoryLabel);
  let parent: GraphNode | null = null;
  for (const len of lengths) {
    const code = classCode.slice(0, len);
    const label = len === 1 ? categoryLabel : len === 3 ? itemLabel : `${itemLabel}（${code}）`;
    const c = ctx.graph.node(
      `${ctx.base}/catalog/classification/${encodeURIComponent(code)}`,
      skos('Concept'),
    );
    add(c, skos('prefLabel'), zh(label), true);
    add(c, skos('notation'), str(code));
    add(c, skos('inScheme'), ctx.scheme);
    if (parent) {
      add(c, skos('broader'), parent);
      add(parent, skos('narrower'), c);
    } else {
      add(c, skos('topConceptOf'), ctx.scheme);
      add(ctx.scheme, skos('hasTopConcept'), c);
    }
    parent = c;
  }
  return parent;
}

/** 共享类型 with its condition (or, for 不予共享, its legal basis), 共享方式 and 开放属性, one per line. */
function rightsText(r: Resource): string {
  const lines = [`共享类型：${labelOf(SHARING_TYPES, r.sharingType)}`];
  const condition = r.sharingCondition?.trim();
  if (condition) lines.push(`${r.sharingType === 'none' ? '不予共享依据' : '共享条件'}：${condition}`);
  lines.push(`共享方式：${labelOf(SHARING_METHODS, r.sharingMethod)}`);
  lines.push(`开放属性：${labelOf(OPEN_TYPES, r.openType)}`);
  const openCondition = r.openCondition?.trim();
  if (openCondition) lines.push(`开放条件：${openCondition}`);
  return lines.join('\n');
}

function addResource(ctx: Context, r: Resource): void {
  const { graph, base } = ctx;
  const iri = datasetIri(base, r.code);
  const ds = graph.node(iri, dcat('Dataset'));
  add(ctx.catalog, dcat('dataset'), ds);

  add(ds, dct('identifier'), str(r.code));
  add(ds, dct('title'), zh(r.name));
  add(ds, dct('description'), zh(r.summary));
  const publisher = agent(ctx, r.departmentName, r.departmentCode);
  add(ds, dct('publisher'), publisher);

  const items = [...r.items].sort((a, b) => a.position - b.position);
  for (const item of items) if (item.name.trim() !== '') add(ds, dcat('keyword'), zh(item.name.trim()));
  const classItem = itemName(r.classCode);
  if (classItem) add(ds, dcat('keyword'), zh(classItem));
  add(ds, dcat('theme'), classificationConcept(ctx, r.classCode, r.departmentName));

  const cycle = UPDATE_CYCLES.find((c) => c.value === r.updateCycle);
  if (cycle) add(ds, dct('accrualPeriodicity'), ref(`${EU_AUTHORITY}frequency/${cycle.eu}`));
  add(ds, dct('issued'), dateLiteral(r.publishDate));
  add(ds, dct('modified'), dateLiteral(r.updatedAt));

  const contactName = r.contactName?.trim() ?? '';
  const phones = telIris(r.contactPhone ?? '');
  if (contactName !== '' || phones.length > 0) {
    const kind = blank(vcard('Kind'));
    if (contactName !== '') add(kind, vcard('fn'), zh(contactName));
    for (const tel of phones) add(kind, vcard('hasTelephone'), ref(tel));
    add(ds, dcat('contactPoint'), kind);
  }

  const accessRights = ref(`${EU_AUTHORITY}access-right/${accessRightOf(r)}`);
  add(ds, dct('accessRights'), accessRights);
  const rights = blank(dct('RightsStatement'));
  add(rights, rdfs('label'), zh(rightsText(r)));
  add(ds, dct('rights'), rights);

  for (const code of r.relatedCodes)
    if (code !== r.code) add(ds, dct('relation'), ref(datasetIri(base, code)));

  // One distribution: the catalog entry records a single 格式 (category plus sub-format) per resource.
  const formatLabel = labelOf(FORMATS, r.formatCategory);
  const detail = r.formatDetail.trim();
  const dist = graph.node(`${iri}#distribution`, dcat('Distribution'));
  add(ds, dcat('distribution'), dist);
  add(dist, dct('title'), zh(`${r.name}（${formatLabel}）`));
  add(dist, dct('description'), zh(detail === '' ? formatLabel : `${formatLabel}：${detail}`));
  // DCAT-AP makes accessURL mandatory; the resource's catalog page is where access is requested.
  add(dist, dcat('accessURL'), ref(iri));
  const type = fileType(detail);
  if (type) {
    add(dist, dct('format'), ref(`${EU_AUTHORITY}file-type/${type.eu}`));
    if (type.media) add(dist, dcat('mediaType'), ref(IANA_MEDIA_TYPES + type.media));
  }

  if (r.formatCategory === 'service_api') {
    const service = graph.node(`${iri}#service`, dcat('DataService'));
    add(service, dct('title'), zh(`${r.name}（${formatLabel}）`));
    add(service, dcat('endpointURL'), ref(`${base}/api/data/${encodeURIComponent(r.code)}`));
    add(service, dcat('servesDataset'), ds);
    add(service, dct('publisher'), publisher);
    add(service, dct('accessRights'), accessRights);
    add(dist, dcat('accessService'), service);
    add(ctx.catalog, dcat('service'), service);
  }
}

function buildGraph(info: DcatCatalogInfo, resources: Resource[]): Graph {
  const base = info.baseUrl.trim().replace(/\/+$/, '');
  if (!URL.canParse(base)) throw new Error(`DCAT export needs an absolute baseUrl, got "${info.baseUrl}"`);
  const modified = dateLiteral(info.modified);
  if (!modified) throw new Error(`DCAT export needs modified as a date or timestamp, got "${info.modified}"`);

  const graph = new Graph();
  const catalog = graph.node(`${base}/api/catalog/dcat`, dcat('Catalog'));
  const scheme = graph.node(`${base}/catalog/classification`, skos('ConceptScheme'));
  const ctx: Context = { graph, base, catalog, scheme };

  add(catalog, dct('title'), zh(info.title));
  add(catalog, dct('title'), en(info.titleEn));
  add(catalog, dct('description'), zh(info.description));
  add(catalog, dct('publisher'), agent(ctx, info.publisherName, info.publisherCode));
  add(catalog, dct('issued'), dateLiteral(info.issued));
  add(catalog, dct('modified'), modified);
  add(catalog, dct('language'), ref(LANGUAGE_ZHO));
  add(catalog, dcat('themeTaxonomy'), scheme);

  add(scheme, dct('title'), zh('政务信息资源分类'));
  add(scheme, dct('title'), en('Government information resource classification'));
  add(scheme, skos('prefLabel'), zh('政务信息资源分类'));

  for (const r of resources) addResource(ctx, r);
  return graph;
}

// ---------------------------------------------------------------------------------------------------------
// JSON-LD

const JSONLD_CONTEXT: Record<string, string> = { ...NS };

// Compact form of an IRI (dct:title) when the local part is a plain name; JSON-LD and Turtle both accept it.
function compact(iri: string): string {
  for (const [prefix, ns] of Object.entries(NS)) {
    if (iri.startsWith(ns) && /^[A-Za-z][A-Za-z0-9_-]*$/.test(iri.slice(ns.length))) {
      return `${prefix}:${iri.slice(ns.length)}`;
    }
  }
  return iri;
}

const oneOrMany = <T>(list: T[]): T | T[] => (list.length === 1 ? (list[0] as T) : list);

function jsonLdTerm(t: Term): unknown {
  if (t.kind === 'iri') return { '@id': t.iri };
  if (t.kind === 'node') return jsonLdNode(t);
  if (t.lang !== null) return { '@value': t.value, '@language': t.lang };
  if (t.datatype !== null) return { '@value': t.value, '@type': compact(t.datatype) };
  return t.value;
}

function jsonLdNode(n: GraphNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (n.iri !== null) out['@id'] = n.iri;
  if (n.types.length > 0) out['@type'] = oneOrMany(n.types.map(compact));
  for (const [p, objects] of n.props) out[compact(p)] = oneOrMany(objects.map(jsonLdTerm));
  return out;
}

/** The published catalog as a DCAT-AP 3 JSON-LD document (object, ready for JSON.stringify). */
export function toDcatJsonLd(info: DcatCatalogInfo, resources: Resource[]): object {
  // The context is inline: the platform may run without network, and consumers need not fetch anything.
  return { '@context': JSONLD_CONTEXT, '@graph': buildGraph(info, resources).roots().map(jsonLdNode) };
}

// ---------------------------------------------------------------------------------------------------------
// Turtle

const INDENT = '    ';

function turtleIri(iri: string): string {
  const c = compact(iri);
  return c === iri ? `<${escapeIri(iri)}>` : c;
}

const ECHARS: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// Turtle's ECHARs where they exist, \u escapes for the other control characters; everything else (Chinese
// included) is written as is, the document being UTF-8.
function turtleString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += ECHARS[ch] ?? (code < 0x20 || code === 0x7f ? `\\u${hex(ch, 4)}` : ch);
  }
  return `${out}"`;
}

function turtleTerm(t: Term, indent: string): string {
  if (t.kind === 'iri') return turtleIri(t.iri);
  if (t.kind === 'node') {
    if (t.iri !== null) return turtleIri(t.iri);
    const inner = indent + INDENT;
    return `[\n${inner}${turtlePredicates(t, inner)}\n${indent}]`;
  }
  if (t.lang !== null) return `${turtleString(t.value)}@${t.lang}`;
  if (t.datatype !== null) return `${turtleString(t.value)}^^${turtleIri(t.datatype)}`;
  return turtleString(t.value);
}

function turtlePredicates(n: GraphNode, indent: string): string {
  const parts: string[] = [];
  if (n.types.length > 0) parts.push(`a ${n.types.map(turtleIri).join(', ')}`);
  for (const [p, objects] of n.props) {
    parts.push(`${turtleIri(p)} ${objects.map((o) => turtleTerm(o, indent)).join(', ')}`);
  }
  return parts.join(` ;\n${indent}`);
}

/** The same graph as Turtle text. */
export function toDcatTurtle(info: DcatCatalogInfo, resources: Resource[]): string {
  const prefixes = Object.entries(NS).map(([prefix, ns]) => `@prefix ${prefix}: <${ns}> .`);
  const subjects = buildGraph(info, resources)
    .roots()
    .map((n) => `${turtleIri(n.iri ?? '')}\n${INDENT}${turtlePredicates(n, INDENT)} .`);
  return `${prefixes.join('\n')}\n\n${subjects.join('\n\n')}\n`;
}
