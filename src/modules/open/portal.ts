/**
 * The public site's own reads (typed, for the web app): search with facets counted over the other filters, and a
 * dataset's page — metadata, the data dictionary from the catalog items, the record count and download links.
 * The same relevance as CKAN's package_search (`score`), so both find the same datasets.
 */
import { UPDATE_CYCLES } from '../catalog/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import { AppError } from '../../core/errors.ts';
import { groupOf, score } from './ckan.ts';
import type { Dataset, OpenDatasets } from './datasets.ts';
import type { RatingTotals } from './feedback/ratings.ts';
import type { OpenRatingSummaryT } from './feedback/schema.ts';
import type { OpenQuality } from './quality.ts';
import type { DatasetQualityT } from './quality-schema.ts';
import type {
  OpenDatasetDetailT,
  OpenDatasetSearchT,
  OpenDatasetSummaryT,
  OpenSearchQueryT,
} from './schema.ts';

const CYCLE_ZH = new Map<string, string>(UPDATE_CYCLES.map((c) => [c.value, c.zh]));
const OPEN_ZH = { open: '无条件开放', conditional: '有条件开放' } as const;

type FacetKey = 'organization' | 'group' | 'openType' | 'updateCycle';

function facetOf(ds: Dataset, key: FacetKey): { value: string; label: string } | null {
  switch (key) {
    case 'organization':
      return { value: ds.organization.name, label: ds.organization.title };
    case 'group': {
      const g = groupOf(ds.resource.classCode);
      return g ? { value: g.name, label: g.title } : null;
    }
    case 'openType':
      return { value: ds.openType, label: OPEN_ZH[ds.openType] };
    case 'updateCycle':
      return {
        value: ds.resource.updateCycle,
        label: CYCLE_ZH.get(ds.resource.updateCycle) ?? ds.resource.updateCycle,
      };
  }
}

export class OpenPortal {
  constructor(
    private readonly datasets: OpenDatasets,
    private readonly exchange: ExchangeService,
    private readonly quality: OpenQuality,
    private readonly ratings: RatingTotals,
  ) {}

  #summary(ds: Dataset, quality: DatasetQualityT | null, rating: OpenRatingSummaryT): OpenDatasetSummaryT {
    const g = groupOf(ds.resource.classCode);
    return {
      name: ds.name,
      title: ds.resource.name,
      summary: ds.resource.summary,
      code: ds.resource.code,
      organization: { name: ds.organization.name, title: ds.organization.title },
      group: g ? { name: g.name, title: g.title } : null,
      openType: ds.openType,
      updateCycle: ds.resource.updateCycle,
      modifiedAt: ds.modifiedAt,
      columns: ds.columns.filter((c) => !c.sensitive).length,
      quality: quality?.score ?? 0,
      rating,
    };
  }

  async search(q: OpenSearchQueryT): Promise<OpenDatasetSearchT> {
    const text = (q.q ?? '').trim();
    const filters: Partial<Record<FacetKey, string>> = {
      organization: q.organization,
      group: q.group,
      openType: q.openType,
      updateCycle: q.updateCycle,
    };
    const all = (await this.datasets.list())
      .map((ds) => ({ ds, score: score(text, ds) }))
      .filter((x) => x.score > 0);
    const passes = (ds: Dataset, except?: FacetKey) =>
      (Object.keys(filters) as FacetKey[]).every(
        (k) => k === except || !filters[k] || facetOf(ds, k)?.value === filters[k],
      );
    const hits = all.filter((x) => passes(x.ds));
    const sort = q.sort ?? (text ? 'relevance' : 'modified');
    const quality = await this.quality.all();
    const scoreOf = (ds: Dataset) => quality.get(ds.name)?.score ?? 0;
    hits.sort((a, b) =>
      sort === 'relevance' && b.score !== a.score
        ? b.score - a.score
        : sort === 'quality' && scoreOf(b.ds) !== scoreOf(a.ds)
          ? scoreOf(b.ds) - scoreOf(a.ds)
          : sort === 'title'
            ? a.ds.resource.name.localeCompare(b.ds.resource.name, 'zh')
            : a.ds.modifiedAt < b.ds.modifiedAt
              ? 1
              : a.ds.modifiedAt > b.ds.modifiedAt
                ? -1
                : a.ds.name.localeCompare(b.ds.name),
    );
    // Each facet counted with the other filters applied, as the catalog search does.
    const facets = Object.fromEntries(
      (['organization', 'group', 'openType', 'updateCycle'] as FacetKey[]).map((key) => {
        const counts = new Map<string, { label: string; count: number }>();
        for (const { ds } of all) {
          if (!passes(ds, key)) continue;
          const f = facetOf(ds, key);
          if (!f) continue;
          const c = counts.get(f.value) ?? { label: f.label, count: 0 };
          c.count++;
          counts.set(f.value, c);
        }
        return [
          key,
          [...counts]
            .map(([value, c]) => ({ value, label: c.label, count: c.count }))
            .sort((a, b) => b.count - a.count),
        ];
      }),
    ) as OpenDatasetSearchT['facets'];
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 20;
    const page = hits.slice(offset, offset + limit);
    // The page's ratings from their running totals: one read, never the ratings themselves.
    const ratings = await this.ratings.of(page.map((x) => x.ds.resource.id));
    return {
      count: hits.length,
      items: page.map((x) =>
        this.#summary(x.ds, quality.get(x.ds.name) ?? null, ratings.get(x.ds.resource.id)!),
      ),
      facets,
    };
  }

  async detail(name: string, base: string): Promise<OpenDatasetDetailT> {
    const ds = await this.datasets.byName(name);
    if (!ds) throw new AppError('OPEN_DATASET_NOT_FOUND', { name });
    const r = ds.resource;
    const download = (ext: string) => `${base}/open/api/datasets/${ds.name}/download.${ext}`;
    const quality = await this.quality.of(ds.name);
    return {
      ...this.#summary(ds, quality, (await this.ratings.of([r.id])).get(r.id)!),
      qualityCriteria: quality?.criteria ?? [],
      openCondition: r.openCondition,
      departmentCode: r.departmentCode,
      publishDate: r.publishDate,
      formatCategory: r.formatCategory,
      contactName: r.contactName,
      contactPhone: r.contactPhone,
      records: (await this.exchange.resource(r.id)).recordsHeld,
      dictionary: r.items.map((i) => {
        const column = ds.columns.find((c) => c.name === i.name);
        return {
          name: i.name,
          dataType: i.dataType,
          type: column?.type ?? null,
          length: i.length,
          description: i.description,
          isKey: i.isKey,
          // 敏感: listed so the dictionary is whole, never served.
          open: !!column && !column.sensitive,
        };
      }),
      downloads: { csv: download('csv'), json: download('json'), xlsx: download('xlsx') },
      api: {
        query: `${base}/open/api/datasets/${ds.name}/query`,
        datastoreSearch: `${base}/open/api/3/action/datastore_search?resource_id=${r.id}`,
        packageShow: `${base}/open/api/3/action/package_show?id=${ds.name}`,
      },
    };
  }
}
