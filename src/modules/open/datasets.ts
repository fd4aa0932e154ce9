/**
 * The open datasets (开放数据集): the published catalog resources whose 开放属性 is 无条件开放 or 有条件开放, with
 * their data in the exchange. Nothing is copied: a dataset is a view of a resource, its name a stable slug of the
 * resource's code, its columns the resource's items. 不予开放 resources never appear. Held in memory for a short
 * while (the catalog changes by review and publication, not by the second).
 */
import type { CatalogService, Item, Resource } from '../catalog/index.ts';
import type { OrgService } from '../org/index.ts';
import type { ColumnType, OpenColumn } from './query/index.ts';

export type OpenType = 'open' | 'conditional';

export interface DatasetColumn extends OpenColumn {
  item: Item;
  /** 敏感: never leaves unmasked, and cannot be filtered, grouped or sorted on (that would reveal it). */
  sensitive: boolean;
}

export interface Dataset {
  resource: Resource;
  /** CKAN's `name`: `^[a-z0-9_-]{2,100}$`, from the resource code (101001/000012 → r101001-000012). */
  name: string;
  openType: OpenType;
  organization: { id: string; name: string; title: string; shortName: string };
  /** Every item but binary ones (G), in catalog order. */
  columns: DatasetColumn[];
  /** When the metadata or the data last changed: what harvesters page by. */
  modifiedAt: string;
}

const CACHE_MS = 30_000;

/** A dataset's name from its resource code: stable, unique, and within CKAN's alphabet. */
export function datasetName(code: string): string {
  return `r${code.replace('/', '-')}`;
}

const TYPES: Record<Item['dataType'], ColumnType | null> = {
  C: 'text',
  M: 'text',
  N: 'number',
  Y: 'number',
  B: 'number',
  F: 'number',
  I: 'integer',
  D: 'date',
  T: 'datetime',
  L: 'boolean',
  G: null,
};

const CASTS: Record<ColumnType, string> = {
  text: '',
  number: '::numeric',
  integer: '::bigint',
  date: '::date',
  datetime: '::timestamptz',
  boolean: '::boolean',
};

/** The trusted SQL of an item's value in the exchange's `d.data` (the name as a quoted literal). */
function columnSql(name: string, type: ColumnType): string {
  const literal = `'${name.replaceAll("'", "''")}'`;
  return type === 'text' ? `(d.data->>${literal})` : `((d.data->>${literal})${CASTS[type]})`;
}

export function columnsOf(items: readonly Item[]): DatasetColumn[] {
  const out: DatasetColumn[] = [];
  for (const item of items) {
    const type = TYPES[item.dataType];
    if (!type) continue;
    out.push({ name: item.name, type, sql: columnSql(item.name, type), item, sensitive: item.sensitive });
  }
  return out;
}

export class OpenDatasets {
  #cache: { at: number; list: Dataset[]; byName: Map<string, Dataset> } | null = null;
  #loading: Promise<Dataset[]> | null = null;

  constructor(
    private readonly catalog: CatalogService,
    private readonly org: OrgService,
  ) {}

  /** Every open dataset, newest change first. */
  async list(): Promise<Dataset[]> {
    if (this.#cache && Date.now() - this.#cache.at < CACHE_MS) return this.#cache.list;
    this.#loading ??= this.#load().finally(() => (this.#loading = null));
    return this.#loading;
  }

  async byName(name: string): Promise<Dataset | null> {
    await this.list();
    return this.#cache?.byName.get(name) ?? null;
  }

  /** By the resource's id, or a CKAN resource id (the resource's id with a `-json`/`-xlsx` format suffix). */
  async byResourceId(id: string): Promise<Dataset | null> {
    const base = id.replace(/-(csv|json|xlsx)$/, '');
    return (await this.list()).find((d) => d.resource.id === base) ?? null;
  }

  /** Forget the cache (a test, or a publication the caller knows of). */
  invalidate(): void {
    this.#cache = null;
  }

  async #load(): Promise<Dataset[]> {
    const resources = (await this.catalog.publishedResources()).filter(
      (r) => r.openType === 'open' || r.openType === 'conditional',
    );
    const departments = await this.org.getMany(resources.map((r) => r.departmentId));
    const list = resources.map((resource): Dataset => {
      const d = departments.get(resource.departmentId);
      const modified = [resource.updatedAt, resource.lastDataChangeAt].filter((t): t is string => !!t).sort();
      return {
        resource,
        name: datasetName(resource.code),
        openType: resource.openType as OpenType,
        organization: {
          id: resource.departmentId,
          name: (d?.uscc ?? resource.departmentCode).toLowerCase(),
          title: d?.name ?? resource.departmentName,
          shortName: d?.shortName ?? resource.departmentName,
        },
        columns: columnsOf(resource.items),
        modifiedAt: new Date(modified.at(-1) ?? resource.updatedAt).toISOString(),
      };
    });
    list.sort((a, b) => (a.modifiedAt < b.modifiedAt ? 1 : a.modifiedAt > b.modifiedAt ? -1 : 0));
    this.#cache = { at: Date.now(), list, byName: new Map(list.map((d) => [d.name, d])) };
    return list;
  }
}
