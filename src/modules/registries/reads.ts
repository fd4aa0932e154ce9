/**
 * Reading the registries: the overview a steward watches (counts and quality computed from the tables), golden
 * records by page and one by one (with provenance, linked source records and history), the match API, and the
 * conflict and review queues. Every read of personal data is audited with the golden record ids as keys.
 */
import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { OrgService } from '../org/index.ts';
import { rulesOf } from './golden.ts';
import { normalizeFor, REGISTRIES, type RegistryKind } from './kinds.ts';
import { PageLinker, type HeldRecord } from './linker.ts';
import { FIELD_LEVELS, FIELDS } from './matching/compare.ts';
import { defaultParameters, type ModelParameters } from './matching/model.ts';
import { RegistryPresenter } from './presenters.ts';
import { registryRepo, type EntityRow, type ReviewRow, type SourceRow } from './repo.ts';
import type { GoldenRecordT } from './schema.ts';

const MAX_REDIRECTS = 20;

export class RegistryReads {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
  ) {}

  async #presenter(kind?: RegistryKind): Promise<{ present: RegistryPresenter; sources: SourceRow[] }> {
    const sources = await registryRepo.sources(this.db, kind);
    return { present: new RegistryPresenter(new Map(sources.map((s) => [s.id, s.name]))), sources };
  }

  async departmentOf(kind: RegistryKind): Promise<string> {
    const row = await registryRepo.get(this.db, kind);
    if (!row) throw new AppError('REGISTRY_NOT_FOUND', { registry: kind });
    return row.department_id;
  }

  async list(): Promise<RegistryKind[]> {
    return (await registryRepo.all(this.db)).map((r) => r.kind);
  }

  async overview(kind: RegistryKind, canSteward: boolean) {
    const row = await registryRepo.get(this.db, kind);
    if (!row) throw new AppError('REGISTRY_NOT_FOUND', { registry: kind });
    const def = REGISTRIES[kind];
    const [counts, perSource, dept, rules, { sources }] = await Promise.all([
      registryRepo.counts(this.db, kind),
      registryRepo.recordsPerSource(this.db, kind),
      this.org.get(row.department_id),
      rulesOf(this.db, kind),
      this.#presenter(kind),
    ]);
    const model = row.model as ModelParameters | null;
    return {
      kind,
      segment: (kind === 'population' ? 'population' : 'legal-person') as 'population' | 'legal-person',
      nameZh: def.nameZh,
      nameEn: def.nameEn,
      departmentId: row.department_id,
      departmentName: dept.name,
      resourceId: row.resource_id,
      entities: counts.entities,
      merged: counts.merged,
      records: counts.records,
      byLink: counts.by_link ?? {},
      openConflicts: counts.open_conflicts,
      openReviews: counts.open_reviews,
      withConflicts: counts.with_conflicts,
      completeness: def.fields.map((f) => {
        const filled = counts.complete?.[f.name] ?? 0;
        return { field: f.name, filled, rate: counts.entities ? filled / counts.entities : 0 };
      }),
      thresholds: { match: row.match_at, review: row.review_at },
      model:
        model && row.model_at
          ? {
              records: row.model_records,
              at: new Date(row.model_at).toISOString(),
              prior: model.prior,
              fields: FIELDS.map((field) => ({
                field,
                levels: FIELD_LEVELS[field].map((agreement, l) => ({
                  agreement,
                  m: model.m[field][l]!,
                  u: model.u[field][l]!,
                  weight: Math.log2(model.m[field][l]! / model.u[field][l]!),
                })),
              })),
            }
          : null,
      rules: def.fields
        .map((f) => ({ field: f.name, ...rules[f.name]!, fixedSourceId: rules[f.name]!.fixedSource }))
        .map(({ fixedSource: _fixed, ...r }) => r),
      sources: sources.map((s) => ({
        id: s.id,
        resourceId: s.resource_id,
        subscriptionId: s.subscription_id,
        name: s.name,
        priority: s.priority,
        projections: s.projections,
        appliedSeq: Number(s.applied_seq),
        lastSeq: Number(s.last_seq),
        records: perSource.get(s.id) ?? 0,
        lastSyncAt: s.last_sync_at ? new Date(s.last_sync_at).toISOString() : null,
        lastChanges: s.last_changes,
        lastSkipped: s.last_skipped,
        lastError: s.last_error,
      })),
      canSteward,
    };
  }

  async page(
    actor: Actor,
    kind: RegistryKind,
    q: { limit: number; after: string | null; q: string | null; conflicts: boolean },
    clear: boolean,
  ): Promise<{ items: GoldenRecordT[]; next: string | null }> {
    const departmentId = await this.departmentOf(kind);
    const rows = await registryRepo.page(this.db, kind, { ...q, limit: q.limit + 1 });
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    const { present } = await this.#presenter(kind);
    await this.audit.record(actor, {
      action: 'registry.read',
      objectType: 'registry',
      objectId: kind,
      departmentId,
      outcome: 'success',
      details: {
        keys: page.flatMap((e) => (e.key ? [e.id, e.key] : [e.id])),
        rows: page.length,
        clear,
        search: q.q !== null,
      },
    });
    return {
      items: page.map((e) => present.golden(e, clear)),
      next: more ? page[page.length - 1]!.id : null,
    };
  }

  /** One golden record; a merged-away id answers with the record it is now (and says so). */
  async detail(actor: Actor, kind: RegistryKind, id: string, clear: boolean) {
    const departmentId = await this.departmentOf(kind);
    const e = await this.#current(kind, id);
    const { present } = await this.#presenter(kind);
    const [records, history, conflicts, reviews] = await Promise.all([
      registryRepo.recordsOfEntity(this.db, e.id),
      registryRepo.events(this.db, e.id, 100),
      registryRepo.openConflicts(this.db, [e.id]),
      this.#reviewsOf(e.id, present, clear),
    ]);
    const conflictRows = await Promise.all(conflicts.map((c) => registryRepo.conflict(this.db, c.id)));
    await this.audit.record(actor, {
      action: 'registry.read',
      objectType: 'registry_entity',
      objectId: e.id,
      departmentId,
      outcome: 'success',
      // The key too, so the read shows in the subject's "who used my data" by its number.
      details: { keys: e.key ? [e.id, e.key] : [e.id], clear },
    });
    return {
      record: present.golden(e, clear),
      redirectedFrom: e.id === id ? null : id,
      sources: records.map((r) => present.linked(kind, r, clear)),
      history: history.map((h) => ({
        id: String(h.id),
        kind: h.kind,
        detail: clear ? h.detail : redactDetail(h.detail),
        actor: h.actor,
        at: new Date(h.at).toISOString(),
      })),
      conflicts: conflictRows.filter((c) => c !== null).map((c) => present.conflict(c, e.name)),
      reviews,
    };
  }

  /** A golden record as it is now (following merges); 404 when the id is not one of this registry's. */
  async #current(kind: RegistryKind, id: string): Promise<EntityRow> {
    let e = await registryRepo.entity(this.db, id);
    if (!e || e.registry !== kind) throw new AppError('REGISTRY_ENTITY_NOT_FOUND', { id });
    for (let hop = 0; e.status === 'merged' && e.merged_into && hop < MAX_REDIRECTS; hop++) {
      const next = await registryRepo.entity(this.db, e.merged_into);
      if (!next) break;
      e = next;
    }
    return e;
  }

  /** A golden record's current id, key and name, unaudited: for the pages that gather around one subject. */
  async subjectOf(
    kind: RegistryKind,
    id: string,
  ): Promise<{ id: string; key: string | null; name: string | null }> {
    const e = await this.#current(kind, id);
    return { id: e.id, key: e.key, name: e.name };
  }

  /** The active golden record holding a key (身份证号 / 统一社会信用代码), or null. */
  async idOfKey(kind: RegistryKind, key: string): Promise<string | null> {
    return (await registryRepo.entitiesByKeys(this.db, kind, [key])).get(key) ?? null;
  }

  async #reviewsOf(entityId: string, present: RegistryPresenter, clear: boolean) {
    const rows = await registryRepo.openReviewsOf(this.db, entityId);
    return Promise.all(rows.map((r) => this.#review(r, present, clear)));
  }

  async #review(r: ReviewRow, present: RegistryPresenter, clear: boolean) {
    const record = await registryRepo.record(this.db, r.source_id, r.record_key);
    const candidate = await registryRepo.entity(this.db, r.candidate_id);
    return present.review(
      r,
      present.maskFields(r.registry, record?.fields ?? {}, clear).fields,
      candidate ? present.maskFields(r.registry, candidate.golden, clear).fields : null,
    );
  }

  /** Candidate golden records for the fields of a form or an incoming record, best first, each with its explanation. */
  async match(
    actor: Actor,
    kind: RegistryKind,
    fields: Record<string, string | undefined>,
    limit: number,
    clear: boolean,
  ) {
    const departmentId = await this.departmentOf(kind);
    const clean: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(fields)) clean[k] = v === undefined || v.trim() === '' ? null : v;
    const { norm, blocks } = normalizeFor(kind, clean);
    const usable =
      kind === 'population'
        ? 'idNumber' in norm && (norm.idNumber !== null || norm.idRaw !== null || norm.name !== null)
        : 'uscc' in norm && (norm.uscc !== null || norm.orgCode !== null || norm.name !== null);
    if (!usable || !blocks.length)
      throw new AppError('REGISTRY_MATCH_NO_FIELDS', {
        registry: kind,
        needs: kind === 'population' ? ['身份证号', '姓名'] : ['统一社会信用代码', '组织机构代码', '名称'],
      });
    const row = (await registryRepo.get(this.db, kind))!;
    const params = (row.model as ModelParameters | null) ?? defaultParameters();
    const linker = new PageLinker(kind, params, { match: row.match_at, review: row.review_at }, () => '');
    const mates = await registryRepo.blockMates(this.db, kind, blocks);
    linker.load(
      mates.map((m): HeldRecord => ({
        sourceId: m.source_id,
        recordKey: m.record_key,
        entityId: m.entity_id,
        norm: m.norm,
        blocks: m.blocks,
      })),
      new Map(mates.map((m) => [m.entity_id, m.created])),
    );
    const candidates = linker.candidates(norm, blocks).slice(0, limit);
    const entities = new Map(
      (
        await registryRepo.entities(
          this.db,
          candidates.map((c) => c.entityId),
        )
      ).map((e) => [e.id, e]),
    );
    const { present } = await this.#presenter(kind);
    await this.audit.record(actor, {
      action: 'registry.match',
      objectType: 'registry',
      objectId: kind,
      departmentId,
      outcome: 'success',
      details: {
        keys: candidates.map((c) => c.entityId),
        candidates: candidates.length,
        fields: Object.keys(fields).filter((k) => clean[k] !== null),
      },
    });
    return candidates
      .filter((c) => entities.has(c.entityId))
      .map((c) => ({
        id: c.entityId,
        score: c.why.probability,
        decision: c.decision,
        why: c.why,
        record: present.golden(entities.get(c.entityId)!, clear),
      }));
  }

  async conflicts(kind: RegistryKind, status: string, limit: number, offset: number) {
    const rows = await registryRepo.conflicts(this.db, kind, status, limit, offset);
    const { present } = await this.#presenter(kind);
    const names = new Map(
      (
        await registryRepo.entities(
          this.db,
          rows.map((r) => r.entity_id),
        )
      ).map((e) => [e.id, e.name]),
    );
    return {
      total: rows[0] ? Number(rows[0].total) : 0,
      items: rows.map((c) => present.conflict(c, names.get(c.entity_id) ?? null)),
    };
  }

  async reviews(kind: RegistryKind, status: string, limit: number, offset: number) {
    const rows = await registryRepo.reviews(this.db, kind, status, limit, offset);
    const { present } = await this.#presenter(kind);
    return {
      total: rows[0] ? Number(rows[0].total) : 0,
      items: await Promise.all(rows.map((r) => this.#review(r, present, true))),
    };
  }
}

/** History details name values (a changed 身份证号 …): masked callers see which fields changed, not the values. */
function redactDetail(detail: unknown): unknown {
  if (!detail || typeof detail !== 'object') return detail;
  const d = detail as Record<string, unknown>;
  if (d.changes && typeof d.changes === 'object')
    return { ...d, changes: Object.fromEntries(Object.keys(d.changes).map((k) => [k, null])) };
  if ('values' in d) return { ...d, values: null };
  if ('before' in d) return { ...d, before: null };
  return detail;
}
