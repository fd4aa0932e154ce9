/**
 * The open catalog as DCAT-AP 3.0, for harvesters such as data.europa.eu's and CKAN's ckanext-dcat: a
 * dcat:Catalog of the open datasets (无条件开放 and 有条件开放 only), each a dcat:Dataset with one dcat:Distribution per
 * download format, the CKAN Action API as a dcat:DataService, and each dataset's quality score as a DQV
 * measurement. Controlled values come from the EU vocabularies DCAT-AP names (frequency, file type, access right,
 * data theme, language). Large catalogs are paged as Hydra's PartialCollectionView, as ckanext-dcat does.
 * Every IRI starts with the configured public address, never the request's Host header.
 */
import { UPDATE_CYCLES } from '../catalog/index.ts';
import type { OrgService } from '../org/index.ts';
import { groupOf, LICENSE, tagsOf } from './ckan.ts';
import type { Dataset, OpenDatasets } from './datasets.ts';
import type { OpenQuality } from './quality.ts';
import type { DatasetQualityT } from './quality-schema.ts';
import { add, iri, lit, node, term, toJsonLd, toRdfXml, toTurtle, typed, zh, type RdfNode } from './rdf.ts';

export type DcatFormat = 'ttl' | 'rdf' | 'jsonld';

export const DCAT_TYPES: Record<DcatFormat, string> = {
  ttl: 'text/turtle; charset=utf-8',
  rdf: 'application/rdf+xml; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
};

/** Datasets per page of the feed unless the harvester asks for another size. */
export const DCAT_PAGE_SIZE = 100;
export const DCAT_MAX_PAGE_SIZE = 1000;

const EU = 'http://publications.europa.eu/resource/authority/';
const IANA = 'https://www.iana.org/assignments/media-types/';

/** The download formats (download-routes.ts) with their EU file types and media types. */
const DISTRIBUTIONS = [
  { ext: 'csv', eu: 'CSV', media: 'text/csv', zh: 'CSV（UTF-8，RFC 4180）' },
  { ext: 'json', eu: 'JSON', media: 'application/json', zh: 'JSON' },
  {
    ext: 'xlsx',
    eu: 'XLSX',
    media: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    zh: 'Excel 工作簿（XLSX）',
  },
] as const;

/**
 * 基础/主题信息资源 classes on the EU data themes (DCAT-AP's mandatory theme vocabulary); 部门信息资源, classed
 * only by their department, are government and public sector data.
 */
const EU_THEMES: Record<string, string> = {
  'base-01': 'SOCI',
  'base-02': 'ECON',
  'base-03': 'ENVI',
  'base-04': 'ECON',
  'base-05': 'GOVE',
  'theme-01': 'GOVE',
  'theme-02': 'HEAL',
  'theme-03': 'SOCI',
  'theme-04': 'HEAL',
  'theme-05': 'JUST',
  'theme-06': 'ECON',
  'theme-07': 'ENER',
  'theme-08': 'ECON',
  'theme-09': 'REGI',
  'theme-10': 'SOCI',
  'theme-11': 'ENVI',
  'theme-12': 'JUST',
};

/** tel: IRIs (RFC 3966) of a contact phone: 0518-85800000 → tel:+86-518-85800000; 12345 stays local. */
export function telIris(phone: string | null): string[] {
  return (phone ?? '')
    .split(/[,，;；、/]+/)
    .map((p) => p.trim().replace(/[\s()（）]+/g, '-'))
    .filter((p) => /^\+?[0-9][0-9-]*$/.test(p))
    .map((p) => {
      const digits = p.replace(/-/g, '');
      if (p.startsWith('+')) return `tel:${p}`;
      if (p.startsWith('0')) return `tel:+86-${p.slice(1)}`;
      if (/^1\d{10}$/.test(digits)) return `tel:+86-${digits}`;
      return `tel:${p};phone-context=+86`;
    });
}

export interface DcatPage {
  /** 1-based. */
  page: number;
  limit: number;
}

export class OpenDcat {
  constructor(
    private readonly datasets: OpenDatasets,
    private readonly quality: OpenQuality,
    private readonly org: OrgService,
  ) {}

  /** One page of the catalog in a serialization; `base` is the configured public address. */
  async render(format: DcatFormat, base: string, paging: DcatPage): Promise<string> {
    const nodes = await this.graph(base, paging, format);
    return format === 'ttl'
      ? toTurtle(nodes)
      : format === 'rdf'
        ? toRdfXml(nodes)
        : JSON.stringify(toJsonLd(nodes));
  }

  async graph(base: string, { page, limit }: DcatPage, format: DcatFormat): Promise<RdfNode[]> {
    const all = await this.datasets.list();
    const scores = await this.quality.all();
    // A stable order for paging: a harvester walking the pages must meet every dataset once.
    const sorted = [...all].sort((a, b) => a.name.localeCompare(b.name));
    const slice = sorted.slice((page - 1) * limit, page * limit);
    const operator = await this.org.findByKeyOrId('xxzx');

    const catalogIri = `${base}/open/catalog`;
    const catalog = node(catalogIri, term('dcat:Catalog'));
    add(catalog, term('dct:title'), zh('连云港市公共数据开放平台'));
    add(catalog, term('dct:title'), lit('Lianyungang Public Data Open Platform', 'en'));
    add(
      catalog,
      term('dct:description'),
      zh('本市各部门向社会开放的公共数据：无条件开放的数据可直接下载，有条件开放的数据经申请批准后使用。'),
    );
    add(catalog, term('dct:language'), iri(`${EU}language/ZHO`));
    add(catalog, term('foaf:homepage'), iri(`${base}/open`));
    add(catalog, term('dct:license'), iri(LICENSE.url));
    const modified = all
      .map((d) => d.modifiedAt)
      .sort()
      .at(-1);
    if (modified) add(catalog, term('dct:modified'), typed(modified, 'dateTime'));
    const publisher = node(`${catalogIri}#publisher`, term('foaf:Agent'));
    add(publisher, term('foaf:name'), zh(operator?.name ?? '连云港市公共数据开放平台'));
    add(publisher, term('dct:type'), iri('http://purl.org/adms/publishertype/LocalAuthority'));
    add(catalog, term('dct:publisher'), publisher);

    const service = node(`${catalogIri}#ckan-api`, term('dcat:DataService'));
    add(service, term('dct:title'), zh('CKAN 数据接口（Action API）'));
    add(service, term('dcat:endpointURL'), iri(`${base}/open/api/3/action`));
    add(service, term('dcat:endpointDescription'), iri('https://docs.ckan.org/en/2.10/api/'));
    add(service, term('dct:conformsTo'), iri('https://docs.ckan.org/en/2.10/api/'));
    add(service, term('dct:accessRights'), iri(`${EU}access-right/PUBLIC`));
    add(service, term('dct:license'), iri(LICENSE.url));
    add(service, term('dct:publisher'), publisher);
    add(catalog, term('dcat:service'), service);

    const metric = node(`${base}/open/quality#score`, term('dqv:Metric'));
    add(metric, term('skos:prefLabel'), zh('数据质量评分（0–100）'));
    add(metric, term('dqv:expectedDataType'), iri(term('xsd:integer')));

    const nodes: RdfNode[] = [catalog, publisher, service, metric];
    const agents = new Map<string, RdfNode>();
    for (const ds of slice) {
      const dataset = this.#dataset(base, ds, scores.get(ds.name) ?? null, agents, nodes, metric);
      add(catalog, term('dcat:dataset'), dataset);
      add(service, term('dcat:servesDataset'), dataset);
    }
    nodes.push(...agents.values());

    const pages = Math.max(1, Math.ceil(sorted.length / limit));
    const pageIri = (n: number) =>
      `${base}/open/catalog.${format}?page=${n}${limit === DCAT_PAGE_SIZE ? '' : `&limit=${limit}`}`;
    const view = node(pageIri(page), term('hydra:PartialCollectionView'));
    add(view, term('hydra:totalItems'), typed(String(sorted.length), 'integer'));
    add(view, term('hydra:itemsPerPage'), typed(String(limit), 'integer'));
    add(view, term('hydra:first'), iri(pageIri(1)));
    add(view, term('hydra:last'), iri(pageIri(pages)));
    if (page > 1) add(view, term('hydra:previous'), iri(pageIri(Math.min(page - 1, pages))));
    if (page < pages) add(view, term('hydra:next'), iri(pageIri(page + 1)));
    nodes.push(view);
    return nodes;
  }

  #dataset(
    base: string,
    ds: Dataset,
    quality: DatasetQualityT | null,
    agents: Map<string, RdfNode>,
    nodes: RdfNode[],
    metric: RdfNode,
  ): RdfNode {
    const r = ds.resource;
    const page = `${base}/open/datasets/${ds.name}`;
    const dataset = node(page, term('dcat:Dataset'));
    nodes.push(dataset);
    add(dataset, term('dct:identifier'), lit(r.code));
    add(dataset, term('dct:title'), zh(r.name));
    add(dataset, term('dct:description'), zh(r.summary));
    add(dataset, term('dcat:landingPage'), iri(page));

    let agent = agents.get(ds.organization.id);
    if (!agent) {
      // The department's own page on the portal: its datasets, found by the search's organization filter.
      agent = node(`${base}/open/datasets?organization=${ds.organization.name}`, term('foaf:Agent'));
      add(agent, term('foaf:name'), zh(ds.organization.title));
      add(agent, term('dct:identifier'), lit(ds.organization.name));
      add(agent, term('dct:type'), iri('http://purl.org/adms/publishertype/LocalAuthority'));
      agents.set(ds.organization.id, agent);
    }
    add(dataset, term('dct:publisher'), agent);

    const group = groupOf(r.classCode);
    add(dataset, term('dcat:theme'), iri(`${EU}data-theme/${group ? EU_THEMES[group.name] : 'GOVE'}`));
    if (group) add(dataset, term('dcat:keyword'), zh(group.title));
    for (const tag of tagsOf(ds)) add(dataset, term('dcat:keyword'), zh(tag));

    const cycle = UPDATE_CYCLES.find((c) => c.value === r.updateCycle);
    if (cycle) add(dataset, term('dct:accrualPeriodicity'), iri(`${EU}frequency/${cycle.eu}`));
    add(dataset, term('dct:modified'), typed(ds.modifiedAt, 'dateTime'));
    if (r.publishDate) add(dataset, term('dct:issued'), typed(r.publishDate, 'date'));
    add(dataset, term('dct:language'), iri(`${EU}language/ZHO`));

    const phones = telIris(r.contactPhone);
    if (r.contactName?.trim() || phones.length) {
      const kind = node(null, term('vcard:Kind'));
      add(kind, term('vcard:fn'), zh(r.contactName?.trim() || ds.organization.title));
      for (const tel of phones) add(kind, term('vcard:hasTelephone'), iri(tel));
      add(dataset, term('dcat:contactPoint'), kind);
    }

    const restricted = ds.openType === 'conditional';
    const access = iri(`${EU}access-right/${restricted ? 'RESTRICTED' : 'PUBLIC'}`);
    add(dataset, term('dct:accessRights'), access);
    const condition = r.openCondition?.trim();
    if (restricted) {
      const rights = node(null, term('dct:RightsStatement'));
      add(rights, term('skos:prefLabel'), zh(`有条件开放${condition ? `：${condition}` : ''}`));
      add(dataset, term('dct:rights'), rights);
    }

    if (quality) {
      const m = node(null, term('dqv:QualityMeasurement'));
      add(m, term('dqv:isMeasurementOf'), metric);
      add(m, term('dqv:value'), typed(String(quality.score), 'integer'));
      add(dataset, term('dqv:hasQualityMeasurement'), m);
    }

    for (const f of DISTRIBUTIONS) {
      const url = `${base}/open/api/datasets/${ds.name}/download.${f.ext}`;
      const dist = node(`${page}#${f.ext}`, term('dcat:Distribution'));
      add(dist, term('dct:title'), zh(`${r.name}（${f.zh}）`));
      add(dist, term('dcat:accessURL'), iri(url));
      add(dist, term('dcat:downloadURL'), iri(url));
      add(dist, term('dcat:mediaType'), iri(IANA + f.media));
      add(dist, term('dct:format'), iri(`${EU}file-type/${f.eu}`));
      add(dist, term('dct:license'), iri(LICENSE.url));
      add(dist, term('dct:accessRights'), access);
      add(dist, term('dct:modified'), typed(ds.modifiedAt, 'dateTime'));
      // The CSV is also the datastore resource the CKAN API queries.
      if (f.ext === 'csv') add(dist, term('dcat:accessService'), iri(`${base}/open/catalog#ckan-api`));
      add(dataset, term('dcat:distribution'), dist);
      nodes.push(dist);
    }
    return dataset;
  }
}
