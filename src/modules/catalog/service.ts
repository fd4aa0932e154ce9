import type { Db, Queryable } from '../../db/index.ts';
import { segment, simplify } from '../../lib/text.ts';
import { AppError, validationError, type FieldError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { Department, OrgService } from '../org/index.ts';
import { categoryOf, isValidClassCode, itemName } from './classification.ts';
import { checkItems, type ItemRuleCode } from './rules.ts';
import {
  catalogRepo,
  FACETS,
  type Filters,
  type ResourceRow,
  type SearchSpec,
  type Shown,
  type VersionRow,
  type Visibility,
} from './repo.ts';
import type {
  FieldChange,
  HistoryEvent,
  ItemChange,
  ItemInput,
  Resource,
  ResourceInput,
  SearchQuery,
  SearchHit,
  SearchResult,
  Stats,
  Version,
} from './schema.ts';
import {
  CATEGORIES,
  DATA_TYPES,
  FORMATS,
  OPEN_TYPES,
  SEMANTIC_TAGS,
  SHARING_METHODS,
  SHARING_TYPES,
  STATUSES,
  UPDATE_CYCLES,
} from './vocab.ts';

export type { Visibility };
export type Transition = 'submit' | 'approve' | 'reject' | 'publish' | 'retire';

/** What a version stores besides its items: every ResourceInput field but the items. */
type VersionFields = Omit<ResourceInput, 'items'>;

const TRANSITIONS: Record<Transition, { from: readonly string[]; to: string; versionStatus: string }> = {
  submit: { from: ['draft'], to: 'submitted', versionStatus: 'submitted' },
  approve: { from: ['submitted'], to: 'approved', versionStatus: 'approved' },
  // 退回: back to the steward, who edits the same version and submits again.
  reject: { from: ['submitted', 'approved'], to: 'draft', versionStatus: 'draft' },
  publish: { from: ['approved'], to: 'published', versionStatus: 'published' },
  retire: { from: ['draft', 'submitted', 'approved', 'published'], to: 'retired', versionStatus: 'retired' },
};

/** Resources per statement when seeding: about half a megabyte of parameters for the demo catalog's. */
const SEED_BATCH = 200;

const today = () => new Date().toISOString().slice(0, 10);

function splitInput(input: ResourceInput): { fields: VersionFields; items: ItemInput[] } {
  const { items, ...fields } = input;
  return { fields, items };
}

/** The API's code and words for each item rule (rules.ts, which the web editor shares). */
const ITEM_RULE_MESSAGES: Record<ItemRuleCode, (name: string) => { code: string; zh: string; en: string }> = {
  items_required: () => ({
    code: 'required',
    zh: '至少需要一个信息项',
    en: 'At least one information item is needed',
  }),
  key_required: () => ({
    code: 'key_required',
    zh: '数据库、电子表格和服务接口类资源须至少指定一个主键信息项',
    en: 'Record formats need at least one key item',
  }),
  item_name_duplicate: (name) => ({
    code: 'duplicate',
    zh: `信息项名称“${name}”重复`,
    en: `Duplicate item name "${name}"`,
  }),
  length_required: () => ({
    code: 'required',
    zh: '字符型信息项须填写长度',
    en: 'Character items need a length',
  }),
};

/** The semantic rules a schema cannot express; every problem is reported at once, by field path. */
export function checkResource(input: ResourceInput): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, code: string, zh: string, en: string) =>
    errors.push({ field, code, message: { zh, en } });
  if (!isValidClassCode(input.classCode)) {
    add('classCode', 'class_code', '信息资源分类代码不存在', 'Unknown classification code');
  }
  if (input.sharingType === 'conditional' && !input.sharingCondition?.trim()) {
    add(
      'sharingCondition',
      'required',
      '有条件共享须填写共享条件',
      'Conditional sharing needs its conditions',
    );
  }
  if (input.sharingType === 'none' && !input.sharingCondition?.trim()) {
    add('sharingCondition', 'legal_basis', '不予共享须填写法律依据', 'Not sharing needs its legal basis');
  }
  if (input.openType === 'conditional' && !input.openCondition?.trim()) {
    add('openCondition', 'required', '有条件开放须填写开放条件', 'Conditional opening needs its conditions');
  }
  if (input.sharingType === 'none' && input.openType !== 'closed') {
    add(
      'openType',
      'open_not_shared',
      '不予共享的资源不能向社会开放',
      'A resource that is not shared cannot be open',
    );
  }
  for (const p of checkItems(input.formatCategory, input.items)) {
    const { code, zh, en } = ITEM_RULE_MESSAGES[p.code](p.name ?? '');
    add(p.index === null ? p.field : `items.${p.index}.${p.field}`, code, zh, en);
  }
  return errors;
}

function itemsOf(v: VersionRow): ItemInput[] {
  return v.items as unknown as ItemInput[];
}

function fieldsOf(v: VersionRow): VersionFields {
  return v.fields as unknown as VersionFields;
}

/** Field-by-field differences, items matched by name. */
export function diffVersions(
  before: { fields: VersionFields; items: ItemInput[] },
  after: { fields: VersionFields; items: ItemInput[] },
): { changes: FieldChange[]; itemChanges: ItemChange[] } {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const changes: FieldChange[] = [];
  const keys = new Set([...Object.keys(before.fields), ...Object.keys(after.fields)]) as Set<
    keyof VersionFields
  >;
  for (const key of keys) {
    const a = before.fields[key];
    const b = after.fields[key];
    if (!same(a, b)) changes.push({ field: key, before: a ?? null, after: b ?? null });
  }
  const itemChanges: ItemChange[] = [];
  const old = new Map(before.items.map((item, i) => [item.name, { ...item, position: i + 1 }]));
  const now = new Map(after.items.map((item, i) => [item.name, { ...item, position: i + 1 }]));
  for (const [name, item] of now) {
    const prev = old.get(name);
    if (!prev) {
      itemChanges.push({ name, change: 'added', fields: [] });
      continue;
    }
    const fields = (Object.keys(item) as (keyof typeof item)[])
      .filter((k) => !same(prev[k], item[k]))
      .map((k) => ({ field: k, before: prev[k] ?? null, after: item[k] ?? null }));
    if (fields.length) itemChanges.push({ name, change: 'changed', fields });
  }
  for (const name of old.keys())
    if (!now.has(name)) itemChanges.push({ name, change: 'removed', fields: [] });
  return { changes, itemChanges };
}

/** 政务信息资源目录: resources, their versions and review, search, statistics. */
export class CatalogService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
  ) {}

  vocabulary() {
    return {
      categories: [...CATEGORIES],
      formats: [...FORMATS],
      dataTypes: [...DATA_TYPES],
      sharingTypes: [...SHARING_TYPES],
      sharingMethods: [...SHARING_METHODS],
      openTypes: [...OPEN_TYPES],
      updateCycles: UPDATE_CYCLES.map((c) => ({ ...c })),
      semanticTags: [...SEMANTIC_TAGS],
      statuses: [...STATUSES],
    };
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** The resource by id or code, as the caller may see it: the working version when it may see unpublished ones. */
  async get(ref: string, visibility: Visibility): Promise<Resource> {
    const row = await this.find(this.db, ref);
    const mayWork = this.seesUnpublished(visibility, row?.department_id);
    if (!row || (!mayWork && (row.published_version === null || row.status === 'retired'))) {
      throw new AppError('CATALOG_RESOURCE_NOT_FOUND', { ref });
    }
    const version = mayWork ? row.current_version : row.published_version!;
    const v = (await catalogRepo.version(this.db, row.id, version))!;
    const depts = await this.org.getMany([row.department_id]);
    return this.present(row, v, depts);
  }

  /** A resource by code inside an import's transaction: its id and department. */
  async findForImport(q: Queryable, code: string): Promise<{ id: string; departmentId: string } | undefined> {
    const row = await catalogRepo.byCode(q, code);
    return row && { id: row.id, departmentId: row.department_id };
  }

  /** The department a resource belongs to, for authorization before acting on it. */
  async departmentOf(id: string): Promise<string> {
    const row = await catalogRepo.byId(this.db, id);
    if (!row) throw new AppError('CATALOG_RESOURCE_NOT_FOUND', { ref: id });
    return row.department_id;
  }

  async search(query: SearchQuery, visibility: Visibility): Promise<SearchResult> {
    const spec = this.spec(query, visibility);
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    let found = await catalogRepo.search(this.db, spec, limit, offset);
    // Every word first; when nothing has them all, any of them (ranked), so a loose query still finds something.
    if (found.total === 0 && spec.tokens && spec.tokens.length > 1) {
      spec.mode = 'any';
      found = await catalogRepo.search(this.db, spec, limit, offset);
    }
    // A facet with its own filter counts without it (so the other values stay selectable); the rest share one pass.
    const own = FACETS.filter((f) => spec.filters[f] !== undefined);
    const shared = FACETS.filter((f) => spec.filters[f] === undefined);
    const counts = await catalogRepo.facetsTogether(this.db, spec, shared);
    for (const f of own) counts.set(f, await catalogRepo.facet(this.db, spec, f));
    const facets = Object.fromEntries(FACETS.map((f) => [f, counts.get(f)!])) as Record<
      (typeof FACETS)[number],
      { value: string; count: number }[]
    >;
    const depts = await this.org.getMany([
      ...found.rows.map((r) => r.department_id),
      ...facets.departmentId.map((f) => f.value),
    ]);
    return {
      total: found.total,
      items: found.rows.map((r) => ({
        ...this.summary(r, depts),
        itemCount: r.item_count,
        score: Number(r.score),
      })),
      facets: {
        ...facets,
        departmentId: facets.departmentId.map((f) => ({ ...f, label: depts.get(f.value)?.name ?? f.value })),
      },
    };
  }

  async stats(): Promise<Stats> {
    const s = await catalogRepo.stats(this.db);
    const depts = await this.org.getMany(s.overdueByDepartment.map((d) => d.department_id));
    return {
      departments: s.departments,
      resources: s.resources,
      items: s.items,
      byStatus: s.byStatus,
      byCategory: s.byCategory,
      bySharingType: s.bySharingType,
      byOpenType: s.byOpenType,
      overdue: s.overdue,
      overdueByDepartment: s.overdueByDepartment.map((d) => ({
        departmentId: d.department_id,
        departmentName: depts.get(d.department_id)?.name ?? d.department_id,
        count: d.count,
      })),
    };
  }

  async versions(
    id: string,
    visibility: Visibility,
  ): Promise<{ versions: Version[]; history: HistoryEvent[] }> {
    const resource = await this.get(id, visibility);
    const mayWork = this.seesUnpublished(visibility, resource.departmentId);
    const all = await catalogRepo.allVersions(this.db, resource.id);
    // Readers of the published catalog see the published history, not drafts in the making.
    const shown = mayWork ? all : all.filter((v) => v.status === 'published' || v.status === 'superseded');
    const versions: Version[] = shown.map((v, i) => {
      const prev = i > 0 ? shown[i - 1]! : null;
      // The first version is the baseline: it has nothing to differ from.
      const diff = !prev
        ? { changes: [], itemChanges: [] }
        : diffVersions(
            { fields: fieldsOf(prev), items: itemsOf(prev) },
            {
              fields: fieldsOf(v),
              items: itemsOf(v),
            },
          );
      return {
        version: v.version,
        status: v.status as Version['status'],
        createdAt: v.created_at.toISOString(),
        createdByName: v.created_by_name,
        publishedAt: v.published_at?.toISOString() ?? null,
        ...diff,
      };
    });
    const events = await catalogRepo.events(this.db, resource.id);
    const visibleVersions = new Set(shown.map((v) => v.version));
    return {
      versions: versions.reverse(),
      history: events
        .filter((e) => visibleVersions.has(e.version))
        .map((e) => ({
          at: e.at.toISOString(),
          version: e.version,
          action: e.action as HistoryEvent['action'],
          actorName: e.actor_name,
          comment: e.comment,
        })),
    };
  }

  /** Published resources with their items, for export (DCAT, Excel) and for other modules. */
  async publishedResources(ids?: string[]): Promise<Resource[]> {
    const wanted = ids ?? (await catalogRepo.publishedIds(this.db));
    const rows = (await catalogRepo.byIds(this.db, wanted)).filter((r) => r.published_version !== null);

    const versions = new Map(
      (
        await catalogRepo.versionsOf(
          this.db,
          rows.map((r) => r.id),
          'published',
        )
      ).map((v) => [v.resource_id, v]),
    );
    const depts = await this.org.getMany(rows.map((r) => r.department_id));
    return rows.map((r) => this.present(r, versions.get(r.id)!, depts));
  }

  /** Every resource a search finds (all pages), in the versions the caller sees, for the Excel export. */
  async exportResources(query: SearchQuery, visibility: Visibility): Promise<Resource[]> {
    const spec = this.spec(query, visibility);
    const { rows } = await catalogRepo.search(this.db, spec, 100_000, 0);
    const byVersion = { published: [] as ResourceRow[], current: [] as ResourceRow[] };
    for (const r of rows) {
      (this.seesUnpublished(visibility, r.department_id) ? byVersion.current : byVersion.published).push(r);
    }
    const versions = new Map<string, VersionRow>();
    for (const which of ['published', 'current'] as const) {
      const ids = byVersion[which].map((r) => r.id);
      for (const v of await catalogRepo.versionsOf(this.db, ids, which)) versions.set(v.resource_id, v);
    }
    const depts = await this.org.getMany(rows.map((r) => r.department_id));
    return rows.map((r) => this.present(r, versions.get(r.id)!, depts));
  }

  // ---- writing ---------------------------------------------------------------------------------

  async create(actor: Actor, input: ResourceInput): Promise<Resource> {
    const { id } = await this.db.transaction((t) => this.createIn(t, actor, input, 'create'));
    return this.get(id, { kind: 'all' });
  }

  /** Creates a draft inside the caller's transaction (the Excel import creates many in one). */
  async createIn(
    t: Queryable,
    actor: Actor,
    input: ResourceInput,
    origin: 'create' | 'import',
  ): Promise<{ id: string; code: string }> {
    const errors = checkResource(input);
    if (errors.length) throw validationError(errors);
    const dept = await this.org.get(input.departmentId, t);
    const { fields, items } = splitInput(input);
    const seq = await catalogRepo.nextSequence(t, input.classCode);
    const code = `${input.classCode}/${String(seq).padStart(6, '0')}`;
    const id = await catalogRepo.insertResource(t, {
      code,
      status: 'draft',
      shown: this.shown(input, code, dept),
      publishDate: null,
      lastDataChangeAt: null,
      publishedVersion: null,
    });
    await catalogRepo.insertVersion(t, {
      resourceId: id,
      version: 1,
      status: 'draft',
      fields,
      items,
      createdBy: actor.id,
      createdByName: actor.name,
    });
    await catalogRepo.insertEvent(t, {
      resourceId: id,
      version: 1,
      action: origin,
      actorId: actor.id,
      actorName: actor.name,
      comment: null,
    });
    await this.audit.record(
      actor,
      {
        action: 'catalog.create',
        objectType: 'catalog_resource',
        objectId: id,
        departmentId: dept.id,
        outcome: 'success',
        details: { code, name: input.name, origin },
      },
      t,
    );
    return { id, code };
  }

  /**
   * Saves a steward's edit. A draft is edited in place; a published resource gets a new draft version
   * (修订) while the published one stays valid; a version under review must be returned first.
   */
  async update(actor: Actor, id: string, input: ResourceInput): Promise<Resource> {
    await this.db.transaction((t) => this.updateIn(t, actor, id, input, 'update'));
    return this.get(id, { kind: 'all' });
  }

  /** The edit inside the caller's transaction; 'unchanged' when the input equals the current version. */
  async updateIn(
    t: Queryable,
    actor: Actor,
    id: string,
    input: ResourceInput,
    origin: 'update' | 'import',
  ): Promise<'changed' | 'unchanged'> {
    const errors = checkResource(input);
    if (errors.length) throw validationError(errors);
    const dept = await this.org.get(input.departmentId, t);
    const row = await catalogRepo.byId(t, id, true);
    if (!row) throw new AppError('CATALOG_RESOURCE_NOT_FOUND', { ref: id });
    const current = (await catalogRepo.version(t, id, row.current_version))!;
    const { fields, items } = splitInput(input);
    const diff = diffVersions({ fields: fieldsOf(current), items: itemsOf(current) }, { fields, items });
    if (diff.changes.length === 0 && diff.itemChanges.length === 0) return 'unchanged';
    if (fields.classCode !== fieldsOf(current).classCode) {
      throw validationError([
        {
          field: 'classCode',
          code: 'immutable',
          message: {
            zh: '信息资源分类代码是资源代码的一部分，不能修改；请新建资源',
            en: 'The classification code is part of the resource code and cannot change; create a new resource',
          },
        },
      ]);
    }
    let version = row.current_version;
    let action: string = origin;
    if (row.status === 'draft') {
      await catalogRepo.updateVersion(t, id, version, { fields, items });
    } else if (row.status === 'published') {
      version += 1;
      action = origin === 'import' ? 'import' : 'revise';
      await catalogRepo.insertVersion(t, {
        resourceId: id,
        version,
        status: 'draft',
        fields,
        items,
        createdBy: actor.id,
        createdByName: actor.name,
      });
      await catalogRepo.setState(t, id, { status: 'draft', currentVersion: version });
    } else {
      throw new AppError('CATALOG_TRANSITION_INVALID', { status: row.status, action: 'update' });
    }
    // Readers keep seeing the published version until the revision is published.
    if (row.published_version === null)
      await catalogRepo.updateShown(t, id, this.shown(input, row.code, dept));
    await catalogRepo.insertEvent(t, {
      resourceId: id,
      version,
      action,
      actorId: actor.id,
      actorName: actor.name,
      comment: null,
    });
    await this.audit.record(
      actor,
      {
        action: 'catalog.update',
        objectType: 'catalog_resource',
        objectId: id,
        departmentId: dept.id,
        outcome: 'success',
        details: {
          code: row.code,
          name: input.name,
          version,
          changed: diff.changes.map((c) => c.field),
          itemChanges: diff.itemChanges.length,
          origin,
        },
      },
      t,
    );
    return 'changed';
  }

  async transition(actor: Actor, id: string, action: Transition, comment: string | null): Promise<Resource> {
    const rule = TRANSITIONS[action];
    await this.db.transaction(async (t) => {
      const row = await catalogRepo.byId(t, id, true);
      if (!row) throw new AppError('CATALOG_RESOURCE_NOT_FOUND', { ref: id });
      if (!rule.from.includes(row.status)) {
        throw new AppError('CATALOG_TRANSITION_INVALID', { status: row.status, action });
      }
      const version = row.current_version;
      if (action === 'publish') {
        if (row.published_version !== null) {
          await catalogRepo.setVersionStatus(t, id, row.published_version, 'superseded');
        }
        await catalogRepo.setVersionStatus(t, id, version, 'published', new Date());
        const v = (await catalogRepo.version(t, id, version))!;
        const dept = await this.org.get(fieldsOf(v).departmentId, t);
        await catalogRepo.updateShown(
          t,
          id,
          this.shown({ ...fieldsOf(v), items: itemsOf(v) }, row.code, dept),
        );
        await catalogRepo.setState(t, id, {
          status: 'published',
          currentVersion: version,
          publishedVersion: version,
          publishDate: row.publish_date ?? today(),
        });
      } else {
        await catalogRepo.setVersionStatus(t, id, version, rule.versionStatus);
        // A returned revision of a published resource is a draft again; the published version still stands.
        await catalogRepo.setState(t, id, { status: rule.to, currentVersion: version });
      }
      await catalogRepo.insertEvent(t, {
        resourceId: id,
        version,
        action,
        actorId: actor.id,
        actorName: actor.name,
        comment,
      });
      await this.audit.record(
        actor,
        {
          action: `catalog.${action}`,
          objectType: 'catalog_resource',
          objectId: id,
          departmentId: row.department_id,
          outcome: 'success',
          details: { code: row.code, name: row.name, version, comment },
        },
        t,
      );
    });
    return this.get(id, { kind: 'all' });
  }

  /** Records when a resource's data last changed (fed by the exchange). */
  async markDataChanged(id: string, at: Date, q: Queryable = this.db): Promise<void> {
    await catalogRepo.setLastDataChange(q, id, at);
  }

  /**
   * Loads published resources in bulk (the demo city): one transaction, no review round trip, one audit
   * entry for the whole load. Does nothing when the catalog already has resources. Every entry is checked
   * first, as a steward's would be; any problem refuses the whole load, each named `entries.<index>.<field>`.
   * The rows are written a batch at a time (SEED_BATCH resources per statement), the same rows resource-by-
   * resource creation and publication would leave, codes given in the entries' order.
   */
  async seedPublished(
    actor: Actor,
    entries: (ResourceInput & { lastDataChangeAt: string | null })[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<number> {
    if ((await catalogRepo.count(this.db)) > 0) return 0;
    const depts = await this.org.getMany(entries.map((e) => e.departmentId));
    const errors: FieldError[] = [];
    for (const [i, { lastDataChangeAt: _at, ...input }] of entries.entries()) {
      const problems = checkResource(input);
      if (!depts.has(input.departmentId)) {
        problems.unshift({
          field: 'departmentId',
          code: 'unknown',
          message: { zh: '部门不存在', en: 'Unknown department' },
        });
      }
      for (const p of problems) errors.push({ ...p, field: `entries.${i}.${p.field}` });
    }
    if (errors.length) throw validationError(errors);
    // The day the city presented its catalog.
    const publishDate = '2018-11-23';
    const publishedAt = new Date(`${publishDate}T09:00:00+08:00`);
    await this.db.transaction(async (t) => {
      const last = await catalogRepo.reserveSequences(
        t,
        entries.map((e) => e.classCode),
      );
      const counts = new Map<string, number>();
      for (const e of entries) counts.set(e.classCode, (counts.get(e.classCode) ?? 0) + 1);
      // The load took each classification code's last `count` values; they go out in the entries' order.
      const taken = new Map([...counts].map(([classCode, n]) => [classCode, last.get(classCode)! - n]));
      const rows = entries.map((entry) => {
        const { lastDataChangeAt, ...input } = entry;
        const { fields, items } = splitInput(input);
        const seq = taken.get(input.classCode)! + 1;
        taken.set(input.classCode, seq);
        const code = `${input.classCode}/${String(seq).padStart(6, '0')}`;
        return {
          code,
          shown: this.shown(input, code, depts.get(input.departmentId)!),
          lastDataChangeAt,
          fields,
          items,
        };
      });
      for (let done = 0; done < rows.length;) {
        const batch = rows.slice(done, done + SEED_BATCH);
        await catalogRepo.insertPublished(t, batch, {
          publishDate,
          publishedAt,
          actorId: actor.id,
          actorName: actor.name,
          comment: '示范目录初始发布',
        });
        done += batch.length;
        onProgress?.(done, rows.length);
      }
      await this.audit.record(
        actor,
        {
          action: 'catalog.seed',
          objectType: 'catalog',
          outcome: 'success',
          details: { resources: entries.length, items: entries.reduce((n, e) => n + e.items.length, 0) },
        },
        t,
      );
    });
    return entries.length;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  seesUnpublished(visibility: Visibility, departmentId: string | undefined): boolean {
    if (visibility.kind === 'all') return true;
    return departmentId !== undefined && visibility.plusDepartments.includes(departmentId);
  }

  private spec(query: SearchQuery, visibility: Visibility): SearchSpec {
    const raw = query.q?.trim() ? simplify(query.q.trim()) : null;
    const tokens = raw ? segment(raw) : [];
    const filters: Filters = {
      departmentId: query.departmentId,
      category: query.category,
      formatCategory: query.formatCategory,
      sharingType: query.sharingType,
      openType: query.openType,
      updateCycle: query.updateCycle,
      status: query.status,
      overdue: query.overdue,
    };
    // websearch syntax characters are dropped from tokens so a query cannot change its own meaning.
    const clean = tokens.map((t) => t.replace(/["'\-:&|!()<>\\]/g, '')).filter((t) => t && t !== 'or');
    return { tokens: clean.length ? clean : null, mode: 'all', raw, filters, visibility };
  }

  private async find(q: Queryable, ref: string) {
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref)
      ? catalogRepo.byId(q, ref)
      : catalogRepo.byCode(q, ref);
  }

  private shown(input: ResourceInput, code: string, dept: Department): Shown {
    const tokens = (texts: (string | null | undefined)[]) =>
      [...new Set(texts.flatMap((t) => (t ? segment(t) : [])))].join(' ');
    const tagLabels = input.items.flatMap((i) =>
      i.semanticTag ? [SEMANTIC_TAGS.find((t) => t.value === i.semanticTag)?.zh] : [],
    );
    return {
      name: input.name,
      summary: input.summary,
      category: categoryOf(input.classCode),
      formatCategory: input.formatCategory,
      sharingType: input.sharingType,
      openType: input.openType,
      updateCycle: input.updateCycle,
      itemCount: input.items.length,
      classCode: input.classCode,
      departmentId: input.departmentId,
      tokens: {
        a: tokens([input.name]),
        b: tokens([
          ...input.items.map((i) => i.name),
          ...tagLabels,
          itemName(input.classCode),
          dept.name,
          dept.shortName,
        ]),
        c: tokens([input.summary, ...input.items.map((i) => i.description)]),
        d: [code.replace('/', ' '), input.classCode, input.formatDetail.toLowerCase()].join(' '),
      },
    };
  }

  private summary(r: ResourceRow, depts: Map<string, Department>): SearchHit {
    return {
      id: r.id,
      code: r.code,
      category: r.category as Resource['category'],
      status: r.status as Resource['status'],
      version: r.current_version,
      publishedVersion: r.published_version,
      departmentId: r.department_id,
      departmentName: depts.get(r.department_id)?.name ?? '',
      departmentCode: depts.get(r.department_id)?.uscc ?? '',
      publishDate: r.publish_date,
      lastDataChangeAt: r.last_data_change_at?.toISOString() ?? null,
      overdue: r.overdue,
      updatedAt: r.updated_at.toISOString(),
      name: r.name,
      classCode: r.class_code,
      summary: r.summary,
      formatCategory: r.format_category as Resource['formatCategory'],
      sharingType: r.sharing_type as Resource['sharingType'],
      openType: r.open_type as Resource['openType'],
      updateCycle: r.update_cycle as Resource['updateCycle'],
      itemCount: r.item_count,
    };
  }

  private present(r: ResourceRow, v: VersionRow, depts: Map<string, Department>): Resource {
    const fields = fieldsOf(v);
    const { itemCount: _count, ...summary } = this.summary(r, depts);
    const dept = depts.get(fields.departmentId) ?? depts.get(r.department_id);
    return {
      ...summary,
      ...fields,
      version: v.version,
      category: categoryOf(fields.classCode),
      departmentName: dept?.name ?? '',
      departmentCode: dept?.uscc ?? '',
      items: itemsOf(v).map((item, i) => ({ ...item, position: i + 1 })),
    };
  }
}
