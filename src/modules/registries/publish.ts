/**
 * The registry as a provider: its golden records are written to its own catalog resource (基础信息资源) through
 * the exchange's ingest, like any department's push, so the exchange's change log carries every golden change
 * and other departments get the records through sharing grants and subscriptions like any other resource. A
 * merged-away record is written with its status and the id it now is, so a subscriber can follow the merge.
 */
import type { Db } from '../../db/index.ts';
import type { Actor } from '../audit/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import { REGISTRIES, type RegistryKind } from './kinds.ts';
import { registryRepo, type EntityRow } from './repo.ts';

const BATCH = 5000;

/** The items of a registry's resource besides its golden fields. */
export const PUBLISHED_ITEMS: Record<
  RegistryKind,
  { id: string; status: string; mergedInto: string; updatedAt: string }
> = {
  population: { id: '人员编号', status: '档案状态', mergedInto: '合并至人员编号', updatedAt: '更新时间' },
  legal_person: { id: '法人编号', status: '档案状态', mergedInto: '合并至法人编号', updatedAt: '更新时间' },
};

const STATUS_ZH: Record<EntityRow['status'], string> = {
  active: '有效',
  merged: '已合并',
  retired: '已注销',
};

export function publishedRow(
  kind: RegistryKind,
  e: EntityRow,
  items: ReadonlySet<string>,
): Record<string, unknown> {
  const names = PUBLISHED_ITEMS[kind];
  const row: Record<string, unknown> = {
    [names.id]: e.id,
    [names.status]: STATUS_ZH[e.status],
    [names.mergedInto]: e.merged_into,
    [names.updatedAt]: new Date(e.updated_at).toISOString(),
  };
  for (const f of REGISTRIES[kind].fields) row[f.name] = e.golden[f.name] ?? null;
  for (const k of Object.keys(row)) if (!items.has(k)) delete row[k];
  return row;
}

export class RegistryPublisher {
  constructor(
    private readonly db: Db,
    private readonly catalog: CatalogService,
    private readonly exchange: ExchangeService,
  ) {}

  /** Writes every changed golden record of the registry to its resource; returns how many were written. */
  async publish(actor: Actor, kind: RegistryKind): Promise<number> {
    const registry = await registryRepo.get(this.db, kind);
    if (!registry?.resource_id) return 0;
    const [resource] = await this.catalog.publishedResources([registry.resource_id]).catch(() => []);
    if (!resource) return 0;
    const items = new Set(resource.items.map((i) => i.name));
    let written = 0;
    for (;;) {
      const batch = await registryRepo.unpublished(this.db, kind, BATCH);
      if (!batch.length) break;
      const rows = batch.map((e, i) => ({ row: i + 1, values: publishedRow(kind, e, items) }));
      await this.exchange.ingest(actor, resource.id, rows, { source: 'push', mode: 'upsert' });
      await registryRepo.markPublished(
        this.db,
        batch.map((e) => ({ id: e.id, version: e.version })),
      );
      written += batch.length;
      if (batch.length < BATCH) break;
    }
    return written;
  }
}
