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
import { OpenDatasets } from './datasets.ts';
import { OpenDownloads } from './downloads.ts';
import { OpenPortal } from './portal.ts';
import { OpenRecords } from './records.ts';
import type { OpenFiguresT } from './schema.ts';
import { OpenUsage } from './usage.ts';

const FIGURES_MS = 10_000;

export class OpenService {
  readonly datasets: OpenDatasets;
  readonly records: OpenRecords;
  readonly usage: OpenUsage;
  readonly portal: OpenPortal;
  readonly downloads: OpenDownloads;
  #ckan = new Map<string, CkanActions>();
  #figures: { at: number; value: OpenFiguresT } | null = null;

  constructor(
    db: Db,
    catalog: CatalogService,
    private readonly exchange: ExchangeService,
    org: OrgService,
  ) {
    this.datasets = new OpenDatasets(catalog, org);
    this.records = new OpenRecords(exchange);
    this.usage = new OpenUsage(db);
    this.portal = new OpenPortal(this.datasets, exchange);
    this.downloads = new OpenDownloads(this.datasets, exchange, this.usage);
  }

  /** The CKAN Action API with resource URLs under `base` (the configured public address). */
  ckan(base: string): CkanActions {
    let actions = this.#ckan.get(base);
    if (!actions) this.#ckan.set(base, (actions = new CkanActions(this.datasets, this.records, base)));
    return actions;
  }

  /** Departments, datasets, records, downloads and API calls: counted, never typed (cached a few seconds). */
  async figures(): Promise<OpenFiguresT> {
    if (this.#figures && Date.now() - this.#figures.at < FIGURES_MS) return this.#figures.value;
    const list = await this.datasets.list();
    const held = await Promise.all(
      list.map(async (d) => (await this.exchange.resource(d.resource.id)).recordsHeld),
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
