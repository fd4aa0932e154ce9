/** Reading the catalogue: the public search and item page, the staff's working view, and an item's versions. */
import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import { segment, simplify } from '../../lib/text.ts';
import type { OrgService } from '../org/index.ts';
import { REGISTRIES, REGISTRY_KINDS } from '../registries/index.ts';
import { presentItem } from './presenters.ts';
import { serviceRepo, type ItemFilter, type ItemRow, type VersionRow } from './repo.ts';
import type { ItemVersionT, ManageItemQueryT, PublicItemQueryT, ServiceItemT } from './schema.ts';
import { CHANNELS, DEPTHS, ITEM_KINDS, MATERIAL_FORMS } from './vocab.ts';

/** Departments whose unpublished items the caller sees: null for every one (the operator, the auditor). */
export type Keeps = string[] | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fields compared between versions, in the order the changes are listed. */
const COMPARED = [
  'name',
  'code',
  'kind',
  'departmentId',
  'legalBasis',
  'conditions',
  'legalDays',
  'promisedDays',
  'channels',
  'visits',
  'depth',
  'fee',
  'steps',
  'resultLicense',
  'materials',
] as const;

export class ServiceReads {
  constructor(
    private readonly db: Db,
    private readonly org: OrgService,
  ) {}

  vocabulary() {
    return {
      kinds: ITEM_KINDS.map((k) => ({ ...k })),
      channels: CHANNELS.map((c) => ({ ...c })),
      depths: DEPTHS.map((d) => ({ ...d })),
      materialForms: MATERIAL_FORMS.map((f) => ({ ...f })),
      registries: REGISTRY_KINDS.map((k) => ({
        value: k,
        zh: REGISTRIES[k].nameZh,
        fields: REGISTRIES[k].fields.map((f) => f.name),
      })),
    };
  }

  /** The public search: published items, in their published version. */
  async search(query: PublicItemQueryT): Promise<{ total: number; items: ServiceItemT[] }> {
    return this.find(query, true, []);
  }

  /** The staff's list: published items, plus every item (in its working version) of the departments it keeps. */
  async manage(query: ManageItemQueryT, keeps: Keeps): Promise<{ total: number; items: ServiceItemT[] }> {
    return this.find(query, false, keeps);
  }

  private async find(
    query: ManageItemQueryT,
    published: boolean,
    keeps: Keeps,
  ): Promise<{ total: number; items: ServiceItemT[] }> {
    const raw = query.q?.trim() ? simplify(query.q.trim()) : null;
    // websearch syntax characters are dropped from tokens so a query cannot change its own meaning.
    const tokens = (raw ? segment(raw) : [])
      .map((t) => t.replace(/["'\-:&|!()<>\\]/g, ''))
      .filter((t) => t && t !== 'or');
    const filter: ItemFilter = {
      tokens: tokens.length ? tokens : null,
      raw,
      mode: 'all',
      departmentId: query.department,
      kind: query.kind,
      status: query.status,
      plusDepartments: keeps,
    };
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    let found = await serviceRepo.search(this.db, filter, published, limit, offset);
    // Every word first; when nothing has them all, any of them (ranked), so a loose query still finds something.
    if (found.total === 0 && filter.tokens && filter.tokens.length > 1) {
      filter.mode = 'any';
      found = await serviceRepo.search(this.db, filter, published, limit, offset);
    }
    const depts = await this.org.getMany(found.rows.map((r) => r.body.departmentId));
    return {
      total: found.total,
      items: found.rows.map((r) =>
        presentItem(r, { version: r.shown_version, body: r.body, published_at: r.published_at }, depts),
      ),
    };
  }

  /** The item's row, or SERVICE_ITEM_NOT_FOUND. */
  async row(id: string): Promise<ItemRow> {
    const row = UUID.test(id) ? await serviceRepo.byId(this.db, id) : undefined;
    if (!row) throw new AppError('SERVICE_ITEM_NOT_FOUND', { id });
    return row;
  }

  /** Whether a caller keeping `keeps` sees the item at all (published, or of a department it keeps). */
  visible(row: ItemRow, keeps: Keeps): boolean {
    return row.published_version !== null || keeps === null || keeps.includes(row.department_id);
  }

  /** The published item (the public page). */
  async published(id: string): Promise<ServiceItemT> {
    const row = await this.row(id);
    if (row.published_version === null) throw new AppError('SERVICE_ITEM_NOT_FOUND', { id });
    return this.present(row, row.published_version);
  }

  /** The working version for a department the caller keeps, the published one otherwise. */
  async working(row: ItemRow, keeps: Keeps): Promise<ServiceItemT> {
    const keep = keeps === null || keeps.includes(row.department_id);
    if (!keep && row.published_version === null) throw new AppError('SERVICE_ITEM_NOT_FOUND', { id: row.id });
    return this.present(row, keep ? row.current_version : row.published_version!);
  }

  /**
   * The versions, newest first, each with what changed from the one before; the public and other departments see
   * the published history (published and superseded versions), a department that keeps the item its drafts too.
   */
  async versions(row: ItemRow, keeps: Keeps): Promise<ItemVersionT[]> {
    const keep = keeps === null || keeps.includes(row.department_id);
    if (!keep && row.published_version === null) throw new AppError('SERVICE_ITEM_NOT_FOUND', { id: row.id });
    const all = await serviceRepo.versions(this.db, row.id);
    const shown = keep ? all : all.filter((v) => v.status !== 'draft');
    const depts = await this.org.getMany(shown.map((v) => v.body.departmentId));
    const out = shown.map((v, i): ItemVersionT => {
      const prev = i > 0 ? shown[i - 1]! : null;
      return {
        version: v.version,
        status: v.status,
        createdAt: v.created_at.toISOString(),
        createdByName: v.created_by_name,
        updatedAt: v.updated_at.toISOString(),
        publishedAt: v.published_at?.toISOString() ?? null,
        publishedByName: v.published_by_name,
        changes: prev ? changed(prev, v) : [],
        item: presentItem(row, v, depts),
      };
    });
    return out.reverse();
  }

  private async present(row: ItemRow, version: number): Promise<ServiceItemT> {
    const v = (await serviceRepo.version(this.db, row.id, version))!;
    const depts = await this.org.getMany([v.body.departmentId]);
    return presentItem(row, v, depts);
  }
}

function changed(a: VersionRow, b: VersionRow): string[] {
  return COMPARED.filter((f) => JSON.stringify(a.body[f] ?? null) !== JSON.stringify(b.body[f] ?? null));
}
