/**
 * CKAN's Action API over the open datasets, so that CKAN's own clients (`ckanapi`), harvesters and the many tools
 * that speak it work unchanged: the shapes of package, resource, organization, group and tag follow CKAN 2.10.
 * A dataset is a package, its department the organization, its 基础/主题 classification a group, the words of its
 * name (jieba) its tags; each package has three resources — CSV (the datastore one, id = the catalog resource's id),
 * JSON and XLSX downloads.
 */
import { BASE_ITEMS, THEME_ITEMS, UPDATE_CYCLES } from '../catalog/index.ts';
import { AppError } from '../../core/errors.ts';
import { segment } from '../../lib/text.ts';
import type { DatasetGate } from './access.ts';
import type { Dataset, OpenDatasets } from './datasets.ts';
import { DATASTORE_MAX_LIMIT, DatastoreInputError, type OpenRecords } from './records.ts';
import { parseFq, matchesFq, type FqClause } from './ckan-fq.ts';
import type { OpenQuality } from './quality.ts';
import type { DatasetQualityT } from './quality-schema.ts';

/** CKAN's error types with their HTTP statuses. */
export const CKAN_ERRORS = {
  'Not Found Error': 404,
  'Validation Error': 409,
  'Authorization Error': 403,
  'Bad request': 400,
} as const;
export type CkanErrorType = keyof typeof CKAN_ERRORS;

export class CkanError extends Error {
  constructor(
    readonly type: CkanErrorType,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
  }
}

type Params = Record<string, unknown>;

/** The licence of the portal's 无条件开放 data (CKAN's license_id; DCAT's dct:license). */
export const LICENSE = {
  id: 'cc-by',
  title: 'Creative Commons Attribution',
  url: 'http://www.opendefinition.org/licenses/cc-by',
};
const CYCLE_ZH = new Map<string, string>(UPDATE_CYCLES.map((c) => [c.value, c.zh]));
const OPEN_ZH = { open: '无条件开放', conditional: '有条件开放' } as const;
const FORMATS = ['CSV', 'JSON', 'XLSX'] as const;

export function groupOf(classCode: string): { name: string; title: string } | null {
  const item = classCode.slice(1, 3);
  if (classCode[0] === '1' && BASE_ITEMS[item]) return { name: `base-${item}`, title: BASE_ITEMS[item] };
  if (classCode[0] === '2' && THEME_ITEMS[item]) return { name: `theme-${item}`, title: THEME_ITEMS[item] };
  return null;
}

const ALL_GROUPS = [
  ...Object.entries(BASE_ITEMS).map(([k, v]) => ({ name: `base-${k}`, title: `基础信息资源 · ${v}` })),
  ...Object.entries(THEME_ITEMS).map(([k, v]) => ({ name: `theme-${k}`, title: `主题信息资源 · ${v}` })),
];

/** Words of a name as tags: jieba's search-mode words of two characters or more, each once. */
export function tagsOf(ds: Dataset): string[] {
  return [...new Set(segment(ds.resource.name).filter((w) => [...w].length >= 2))];
}

function int(params: Params, key: string, fallback: number, max: number): number {
  const raw = params[key];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(String(raw));
  if (!Number.isInteger(n) || n < 0)
    throw new CkanError('Validation Error', `${key}: must be a natural number`, {
      [key]: ['Invalid integer'],
    });
  if (n > max)
    throw new CkanError('Validation Error', `${key}: must be at most ${max}`, {
      [key]: [`Must be less than or equal to ${max}`],
    });
  return n;
}

function text(params: Params, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function bool(params: Params, key: string, fallback: boolean): boolean {
  const v = params[key];
  if (v === undefined || v === null || v === '') return fallback;
  return v === true || v === 'true' || v === 'True' || v === '1';
}

/** A boolean flag as CKAN's validators read it (true/false, 1/0, yes/no); anything else is a validation error. */
function flag(params: Params, key: string): boolean {
  const v = params[key];
  if (v === undefined || v === null || v === '') return false;
  if (typeof v === 'boolean') return v;
  const s = String(v).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off'].includes(s)) return false;
  throw new CkanError('Validation Error', `${key}: must be true or false`, { [key]: ['Not a boolean'] });
}

/** A JSON parameter given as JSON text (GET) or as a value (POST). */
function json(params: Params, key: string): unknown {
  const v = params[key];
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    throw new CkanError('Validation Error', `${key}: not valid JSON`, { [key]: ['Cannot parse JSON'] });
  }
}

export class CkanActions {
  constructor(
    private readonly datasets: OpenDatasets,
    private readonly records: OpenRecords,
    /** The portal's public address, for resource URLs (never the request's Host). */
    private readonly base: string,
    private readonly quality: OpenQuality,
  ) {}

  /** Runs an action by its name; unknown keys of `params` are ignored, as CKAN does. */
  /** `gate`: what the caller may read of a dataset's records (a developer's key may open a 有条件开放 one). */
  async run(action: string, params: Params, gate?: DatasetGate): Promise<unknown> {
    switch (action) {
      case 'site_read':
        return true;
      case 'status_show':
        return this.#status();
      case 'package_list':
        return this.#packageList(params);
      case 'package_search':
        return this.#packageSearch(params);
      case 'package_show': {
        const ds = await this.#dataset(params, 'id');
        return this.#package(ds, await this.quality.of(ds.name));
      }
      case 'resource_show':
        return this.#resourceShow(params);
      case 'organization_list':
        return this.#organizationList(params);
      case 'organization_show':
        return this.#organizationShow(params);
      case 'group_list':
        return this.#groupList(params);
      case 'group_show':
        return this.#groupShow(params);
      case 'tag_list':
        return this.#tagList();
      case 'datastore_search':
        return this.#datastoreSearch(params, gate);
      case 'datastore_search_sql':
        throw new CkanError(
          'Authorization Error',
          'datastore_search_sql is not enabled on this portal; use datastore_search or the query API',
        );
      default:
        throw new CkanError('Bad request', `Action name not known: ${action}`);
    }
  }

  #status() {
    return {
      site_title: '连云港市公共数据开放平台',
      site_description: '通办 Tongban 公共数据开放网站',
      site_url: this.base,
      ckan_version: '2.10.4',
      locale_default: 'zh_Hans_CN',
      extensions: ['datastore', 'dcat'],
    };
  }

  async #dataset(params: Params, key: string): Promise<Dataset> {
    const id = text(params, key);
    if (!id) throw new CkanError('Validation Error', `Missing value: ${key}`, { [key]: ['Missing value'] });
    const ds =
      (await this.datasets.byName(id)) ??
      (await this.datasets.byResourceId(id)) ??
      (await this.datasets.list()).find((d) => d.resource.code === id) ??
      null;
    if (!ds) throw new CkanError('Not Found Error', 'Not found');
    return ds;
  }

  #resources(ds: Dataset) {
    return FORMATS.map((format, position) => {
      const ext = format.toLowerCase();
      return {
        id: format === 'CSV' ? ds.resource.id : `${ds.resource.id}-${ext}`,
        package_id: ds.resource.id,
        name: `${ds.resource.name}（${format}）`,
        description: `${ds.resource.name}的全部记录，${format} 格式`,
        format,
        mimetype: {
          CSV: 'text/csv',
          JSON: 'application/json',
          XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        }[format],
        url: `${this.base}/open/api/datasets/${ds.name}/download.${ext}`,
        datastore_active: format === 'CSV',
        position,
        state: 'active',
        url_type: null,
        created: ds.resource.publishDate ? `${ds.resource.publishDate}T00:00:00` : ds.resource.updatedAt,
        last_modified: ds.modifiedAt,
      };
    });
  }

  #package(ds: Dataset, quality: DatasetQualityT | null) {
    const r = ds.resource;
    const group = groupOf(r.classCode);
    const tags = tagsOf(ds);
    const resources = this.#resources(ds);
    return {
      id: r.id,
      name: ds.name,
      title: r.name,
      type: 'dataset',
      state: 'active',
      private: false,
      notes: r.summary,
      url: `${this.base}/open/datasets/${ds.name}`,
      version: String(r.publishedVersion ?? r.version),
      author: r.departmentName,
      maintainer: r.contactName,
      maintainer_email: null,
      license_id: LICENSE.id,
      license_title: LICENSE.title,
      license_url: LICENSE.url,
      metadata_created: r.publishDate ? `${r.publishDate}T00:00:00` : r.updatedAt,
      metadata_modified: ds.modifiedAt,
      owner_org: ds.organization.id,
      organization: this.#organization(ds.organization),
      groups: group
        ? [{ id: group.name, name: group.name, title: group.title, display_name: group.title }]
        : [],
      tags: tags.map((t) => ({ id: t, name: t, display_name: t, state: 'active', vocabulary_id: null })),
      num_tags: tags.length,
      resources,
      num_resources: resources.length,
      extras: [
        { key: 'resource_code', value: r.code },
        { key: 'open_type', value: ds.openType },
        { key: 'open_type_label', value: OPEN_ZH[ds.openType] },
        { key: 'open_condition', value: r.openCondition ?? '' },
        { key: 'update_cycle', value: CYCLE_ZH.get(r.updateCycle) ?? r.updateCycle },
        // 数据质量评分 (quality.ts): extras are text in CKAN, so the criteria go as one JSON string.
        ...(quality
          ? [
              { key: 'quality_score', value: String(quality.score) },
              {
                key: 'quality_criteria',
                value: JSON.stringify(
                  quality.criteria.map(({ id, status, points, weight }) => ({ id, status, points, weight })),
                ),
              },
            ]
          : []),
      ],
    };
  }

  #organization(o: Dataset['organization']) {
    return {
      id: o.id,
      name: o.name,
      title: o.title,
      display_name: o.title,
      description: o.shortName,
      type: 'organization',
      state: 'active',
      is_organization: true,
      approval_status: 'approved',
      image_url: '',
    };
  }

  async #packageList(params: Params) {
    const limit = int(params, 'limit', 1000, 1000);
    const offset = int(params, 'offset', 0, 1_000_000);
    return (await this.datasets.list())
      .map((d) => d.name)
      .sort()
      .slice(offset, offset + limit);
  }

  async #packageSearch(params: Params) {
    const rows = int(params, 'rows', 10, 1000);
    const start = int(params, 'start', 0, 1_000_000);
    const q = (text(params, 'q') ?? '').trim();
    let clauses: FqClause[];
    try {
      clauses = parseFq(text(params, 'fq') ?? '');
    } catch (err) {
      throw new CkanError('Validation Error', (err as Error).message, { fq: [(err as Error).message] });
    }
    // CKAN's include_private and include_drafts: accepted, and they change nothing here. A private or draft
    // dataset would be one the caller may see by its rights; the portal has none to show anybody — it lists
    // only published resources whose 开放属性 opens them (不予开放 and unpublished ones are never datasets),
    // and every package it shows is public (`private: false`, `state: active`).
    flag(params, 'include_private');
    flag(params, 'include_drafts');
    const all = await this.datasets.list();
    const quality = await this.quality.all();
    const scored = all
      .map((ds) => ({ ds, pkg: this.#package(ds, quality.get(ds.name) ?? null) }))
      .filter(({ pkg }) => matchesFq(clauses, pkg))
      .map((x) => ({ ...x, score: score(q, x.ds) }))
      .filter((x) => q === '' || q === '*:*' || x.score > 0);
    sortResults(
      scored,
      text(params, 'sort') ??
        (q && q !== '*:*' ? 'score desc, metadata_modified desc' : 'metadata_modified desc'),
    );
    const facetFields = json(params, 'facet.field');
    const fields = Array.isArray(facetFields) ? facetFields.map(String) : [];
    const limit = int(params, 'facet.limit', 50, 1000);
    const facets: Record<string, Record<string, number>> = {};
    const searchFacets: Record<
      string,
      { title: string; items: { name: string; display_name: string; count: number }[] }
    > = {};
    for (const f of fields) {
      const counts = new Map<string, { display: string; count: number }>();
      for (const { pkg } of scored)
        for (const [name, display] of facetValues(pkg, f)) {
          const c = counts.get(name) ?? { display, count: 0 };
          c.count++;
          counts.set(name, c);
        }
      const items = [...counts.entries()]
        .map(([name, c]) => ({ name, display_name: c.display, count: c.count }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
        .slice(0, limit);
      facets[f] = Object.fromEntries(items.map((i) => [i.name, i.count]));
      searchFacets[f] = { title: f, items };
    }
    return {
      count: scored.length,
      sort: text(params, 'sort') ?? null,
      results: scored.slice(start, start + rows).map((x) => x.pkg),
      facets,
      search_facets: searchFacets,
    };
  }

  async #resourceShow(params: Params) {
    const id = text(params, 'id');
    if (!id) throw new CkanError('Validation Error', 'Missing value: id', { id: ['Missing value'] });
    const ds = await this.datasets.byResourceId(id);
    const resource = ds && this.#resources(ds).find((r) => r.id === id);
    if (!resource) throw new CkanError('Not Found Error', 'Resource was not found.');
    return resource;
  }

  async #organizations() {
    const byId = new Map<string, { org: Dataset['organization']; count: number }>();
    for (const d of await this.datasets.list()) {
      const e = byId.get(d.organization.id) ?? { org: d.organization, count: 0 };
      e.count++;
      byId.set(d.organization.id, e);
    }
    return [...byId.values()].sort((a, b) => a.org.name.localeCompare(b.org.name));
  }

  async #organizationList(params: Params) {
    const orgs = await this.#organizations();
    if (!bool(params, 'all_fields', false)) return orgs.map((o) => o.org.name);
    return orgs.map((o) => ({ ...this.#organization(o.org), package_count: o.count }));
  }

  async #organizationShow(params: Params) {
    const id = text(params, 'id');
    const found = (await this.#organizations()).find((o) => o.org.name === id || o.org.id === id);
    if (!found) throw new CkanError('Not Found Error', 'Organization not found');
    const quality = await this.quality.all();
    const packages = bool(params, 'include_datasets', false)
      ? (await this.datasets.list())
          .filter((d) => d.organization.id === found.org.id)
          .map((d) => this.#package(d, quality.get(d.name) ?? null))
      : undefined;
    return {
      ...this.#organization(found.org),
      package_count: found.count,
      ...(packages ? { packages } : {}),
    };
  }

  async #groupCounts() {
    const counts = new Map<string, number>();
    for (const d of await this.datasets.list()) {
      const g = groupOf(d.resource.classCode);
      if (g) counts.set(g.name, (counts.get(g.name) ?? 0) + 1);
    }
    return counts;
  }

  #group(g: { name: string; title: string }, count: number) {
    return {
      id: g.name,
      name: g.name,
      title: g.title,
      display_name: g.title,
      type: 'group',
      state: 'active',
      is_organization: false,
      package_count: count,
      description: '',
      image_url: '',
    };
  }

  async #groupList(params: Params) {
    const counts = await this.#groupCounts();
    const groups = ALL_GROUPS.filter((g) => counts.has(g.name));
    return bool(params, 'all_fields', false)
      ? groups.map((g) => this.#group(g, counts.get(g.name)!))
      : groups.map((g) => g.name);
  }

  async #groupShow(params: Params) {
    const id = text(params, 'id');
    const g = ALL_GROUPS.find((x) => x.name === id);
    if (!g) throw new CkanError('Not Found Error', 'Group not found');
    return this.#group(g, (await this.#groupCounts()).get(g.name) ?? 0);
  }

  async #tagList() {
    const tags = new Set<string>();
    for (const d of await this.datasets.list()) for (const t of tagsOf(d)) tags.add(t);
    return [...tags].sort();
  }

  /** `as_of` inside the history kept, or CKAN's validation error naming it (with the earliest moment). */
  #asOf(value: string): Date {
    try {
      return this.records.moment(value, 'as_of');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const earliest = err.details?.earliest;
      const message = `as_of: ${err.message}${typeof earliest === 'string' ? ` (earliest ${earliest})` : ''}`;
      throw new CkanError('Validation Error', message, { as_of: [message] });
    }
  }

  async #datastoreSearch(params: Params, gate?: DatasetGate) {
    const resourceId = text(params, 'resource_id') ?? text(params, 'id');
    if (!resourceId)
      throw new CkanError('Validation Error', 'Missing value: resource_id', {
        resource_id: ['Missing value'],
      });
    const found = await this.datasets.byResourceId(resourceId);
    if (!found) throw new CkanError('Not Found Error', `Resource "${resourceId}" was not found.`);
    const ds = gate ? await gate(found) : found;
    if (ds.openType !== 'open' && !gate)
      throw new CkanError(
        'Authorization Error',
        '有条件开放数据：需注册开发者并经提供部门批准后使用 (conditional open data needs an approved application)',
      );
    const limit = int(params, 'limit', 100, DATASTORE_MAX_LIMIT);
    const offset = int(params, 'offset', 0, 1_000_000);
    const filters = json(params, 'filters');
    if (filters !== undefined && (filters === null || typeof filters !== 'object' || Array.isArray(filters)))
      throw new CkanError('Validation Error', 'filters: not a JSON object', {
        filters: ['Not a JSON Object'],
      });
    const qRaw = params.q;
    const q = typeof qRaw === 'string' && qRaw.trim().startsWith('{') ? json(params, 'q') : qRaw;
    const fieldsRaw = params.fields;
    const fields = Array.isArray(fieldsRaw)
      ? fieldsRaw.map(String)
      : typeof fieldsRaw === 'string' && fieldsRaw.trim()
        ? fieldsRaw.split(',').map((f) => f.trim())
        : undefined;
    // Tongban's extension: `as_of`, the records as they were then (the query API's asOf).
    const asOfText = text(params, 'as_of');
    const asOf = asOfText === undefined ? undefined : this.#asOf(asOfText);
    try {
      const found = await this.records.datastoreSearch(ds, {
        asOf,
        filters: filters as Record<string, unknown> | undefined,
        q:
          typeof q === 'string' || (q && typeof q === 'object')
            ? (q as string | Record<string, unknown>)
            : undefined,
        fields,
        sort: text(params, 'sort'),
        limit,
        offset,
        includeTotal: bool(params, 'include_total', true),
      });
      const link = (o: number) => {
        const u = new URLSearchParams({ resource_id: ds.resource.id, ...(o ? { offset: String(o) } : {}) });
        if (limit !== 100) u.set('limit', String(limit));
        if (asOfText !== undefined) u.set('as_of', asOfText);
        return `/open/api/3/action/datastore_search?${u.toString()}`;
      };
      return {
        include_total: found.total !== undefined,
        resource_id: ds.resource.id,
        fields: found.fields,
        records_format: 'objects',
        records: found.records,
        limit,
        offset,
        _links: { start: link(0), next: link(offset + limit) },
        ...(found.total !== undefined ? { total: found.total, total_was_estimated: false } : {}),
      };
    } catch (err) {
      if (err instanceof DatastoreInputError)
        throw new CkanError('Validation Error', err.message, { [err.field]: [err.message] });
      throw err;
    }
  }
}

/** A query's relevance to a dataset: every word must occur in its name, summary, items or department (partial words count). */
export function score(q: string, ds: Dataset): number {
  if (q === '' || q === '*:*') return 1;
  const words = q.split(/\s+/).filter(Boolean);
  const name = ds.resource.name.toLowerCase();
  const rest = [
    ds.resource.summary,
    ds.organization.title,
    ds.resource.items.map((i) => i.name).join(' '),
    ds.resource.code,
  ]
    .join(' ')
    .toLowerCase();
  let s = 0;
  for (const raw of words) {
    const w = raw.toLowerCase();
    if (name.includes(w)) s += name === w ? 10 : 3;
    else if (rest.includes(w)) s += 1;
    else return 0;
  }
  return s;
}

function facetValues(pkg: Record<string, unknown>, field: string): [string, string][] {
  const p = pkg as {
    organization: { name: string; title: string };
    groups: { name: string; title: string }[];
    tags: { name: string }[];
    resources: { format: string }[];
    extras: { key: string; value: string }[];
  };
  switch (field) {
    case 'organization':
      return [[p.organization.name, p.organization.title]];
    case 'groups':
      return p.groups.map((g) => [g.name, g.title]);
    case 'tags':
      return p.tags.map((t) => [t.name, t.name]);
    case 'res_format':
      return p.resources.map((r) => [r.format, r.format]);
    case 'license_id':
      return [[LICENSE.id, LICENSE.title]];
    default: {
      const extra = p.extras.find((e) => e.key === field);
      return extra ? [[extra.value, extra.value]] : [];
    }
  }
}

function sortResults(list: { pkg: Record<string, unknown>; score: number }[], sort: string): void {
  const keys = sort
    .split(',')
    .map((s) => s.trim().split(/\s+/))
    .filter((p) => p[0]);
  const value = (x: { pkg: Record<string, unknown>; score: number }, field: string): string | number => {
    if (field === 'score') return x.score;
    if (field === 'title_string' || field === 'title') return String(x.pkg.title);
    return String(x.pkg[field] ?? '');
  };
  list.sort((a, b) => {
    for (const [field, dir] of keys) {
      const va = value(a, field!);
      const vb = value(b, field!);
      const c =
        typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      if (c !== 0) return dir?.toLowerCase() === 'desc' ? -c : c;
    }
    return String(a.pkg.name).localeCompare(String(b.pkg.name));
  });
}
