/**
 * 公共数据开放, wired: `datasets` (the open resources of the catalog), `records` (queries and CKAN's
 * datastore_search over the exchange's records), `usage` (calls and downloads counted),
 * `downloads` (whole datasets as CSV, JSON or XLSX, streamed) and `ckan(base)`, the Action
 * API; `figures` are the portal's live numbers, computed from the data.
 */
import type { Db } from '../../db/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import type { OrgService } from '../org/index.ts';
import { CkanActions } from './ckan.ts';
import { OpenDcat } from './dcat.ts';
import { OpenDatasets } from './datasets.ts';
import { OpenDevelopers, type DeveloperDeps } from './developers.ts';
import { OpenDownloads } from './downloads.ts';
import { RatingTotals } from './feedback/ratings.ts';
import { OpenPortal } from './portal.ts';
import { OpenQuality } from './quality.ts';
import { OpenRecords } from './records.ts';
import type { OpenFiguresT } from './schema.ts';
import { OpenUsage } from './usage.ts';
import { OpenVersions } from './versions.ts';

const FIGURES_MS = 10_000;

export class OpenService {
  readonly datasets: OpenDatasets;
  readonly records: OpenRecords;
  readonly usage: OpenUsage;
  readonly portal: OpenPortal;
  readonly downloads: OpenDownloads;
  /** Versions, diffs and the change feed, from the exchange's change log. */
  readonly versions: OpenVersions;
  /** 数据质量评分 per dataset and department (quality.ts). */
  readonly quality: OpenQuality;
  /** The open catalog as DCAT-AP (dcat.ts). */
  readonly dcat: OpenDcat;
  /** 开发者: API keys with quotas, 有条件开放 applications, who may read what (developers.ts). */
  readonly developers: OpenDevelopers;
  #ckan = new Map<string, CkanActions>();
  #figures: { at: number; value: OpenFiguresT } | null = null;

  constructor(
    db: Db,
    catalog: CatalogService,
    private readonly exchange: ExchangeService,
    org: OrgService,
    developers: DeveloperDeps,
  ) {
    this.datasets = new OpenDatasets(catalog, org);
    this.records = new OpenRecords(exchange);
    this.usage = new OpenUsage(db);
    this.quality = new OpenQuality(this.datasets, exchange);
    this.portal = new OpenPortal(this.datasets, exchange, this.quality, new RatingTotals(db));
    this.dcat = new OpenDcat(this.datasets, this.quality, org);
    this.downloads = new OpenDownloads(this.datasets, exchange, this.usage);
    this.versions = new OpenVersions(this.datasets, exchange, this.usage);
    this.developers = new OpenDevelopers(db, this.datasets, org, developers);
  }

  /** The CKAN Action API with resource URLs under `base` (the configured public address). */
  ckan(base: string): CkanActions {
    let actions = this.#ckan.get(base);
    if (!actions)
      this.#ckan.set(base, (actions = new CkanActions(this.datasets, this.records, base, this.quality)));
    return actions;
  }

  /** Departments, datasets, records, downloads and API calls: counted, never typed (cached a few seconds). */
  async figures(): Promise<OpenFiguresT> {
    if (this.#figures && Date.now() - this.#figures.at < FIGURES_MS) return this.#figures.value;
    const list = await this.datasets.list();
    // One read for every dataset's records held, not a resource's whole exchange state per dataset.
    const held = [...(await this.exchange.held(list.map((d) => d.resource.id))).values()].map(
      (h) => h.recordsHeld,
    );
    const usage = await this.usage.totals();
    const value: OpenFiguresT = {
      departments: new Set(list.map((d) => d.organization.id)).size,
      datasets: list.length,
      openDatasets: list.filter((d) => d.openType === 'open').length,
      conditionalDatasets: list.filter((d) => d.openType === 'conditional').length,
      records: held.reduce((a, b) => a + b, 0),
      downloads: usage.download,
      apiCalls: usage.api,
      computedAt: new Date().toISOString(),
    };
    this.#figures = { at: Date.now(), value };
    return value;
  }
}
