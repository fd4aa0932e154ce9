/**
 * The registry steward's tools: survivorship rules and source ranks, the conflict queue, the review queue, and
 * merge / un-merge. Every decision is audited and leaves a history entry on the golden records it touched; an
 * un-merge reads its merge's entry and puts back exactly the records that moved, in the state they had, so the
 * golden records recompute to what they were.
 */
import type { Db, Queryable } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import { refreshGolden, rulesOf } from './golden.ts';
import { REGISTRIES, type RegistryKind } from './kinds.ts';
import { registryRepo, type RecordRow } from './repo.ts';
import { canonical, type RuleKind } from './survivorship.ts';

const REFRESH_CHUNK = 2000;

export interface RuleInput {
  field: string;
  rule: RuleKind;
  fixedSourceId: string | null;
  conflict: boolean;
}

/** A record's state before a steward moved it: what an un-merge restores. */
interface MovedRecord {
  sourceId: string;
  recordKey: string;
  link: string;
  score: number | null;
  why: unknown;
  pinned: boolean;
}

export class RegistryStewardship {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async #departmentOf(q: Queryable, kind: RegistryKind): Promise<string> {
    const row = await registryRepo.get(q, kind);
    if (!row) throw new AppError('REGISTRY_NOT_FOUND', { registry: kind });
    return row.department_id;
  }

  /** Recomputes every golden record of a registry (after a rule or rank change), a chunk per transaction. */
  async refreshAll(kind: RegistryKind, actorName: string | null): Promise<number> {
    const ids = await registryRepo.entityIds(this.db, kind);
    let changed = 0;
    for (let i = 0; i < ids.length; i += REFRESH_CHUNK) {
      const chunk = ids.slice(i, i + REFRESH_CHUNK);
      changed += (
        await this.db.transaction(
          async (tx) => {
            await registryRepo.lock(tx, kind);
            return refreshGolden(tx, kind, chunk, actorName);
          },
          { bulk: true },
        )
      ).length;
    }
    return changed;
  }

  async setRules(actor: Actor, kind: RegistryKind, rules: RuleInput[]): Promise<{ changed: number }> {
    const def = REGISTRIES[kind];
    const sources = new Set((await registryRepo.sources(this.db, kind)).map((s) => s.id));
    const fields = rules.flatMap((r, i) => {
      const problems: { field: string; code: string; message: { zh: string; en: string } }[] = [];
      if (!def.fields.some((f) => f.name === r.field))
        problems.push({
          field: `rules[${i}].field`,
          code: 'UNKNOWN_FIELD',
          message: {
            zh: `${def.nameZh}没有字段「${r.field}」`,
            en: `The registry has no field "${r.field}"`,
          },
        });
      if (r.rule === 'fixed' && (!r.fixedSourceId || !sources.has(r.fixedSourceId)))
        problems.push({
          field: `rules[${i}].fixedSourceId`,
          code: 'UNKNOWN_SOURCE',
          message: {
            zh: '“固定来源”规则须指定本库的一个来源',
            en: 'A fixed-source rule must name one of the registry’s sources',
          },
        });
      return problems;
    });
    if (fields.length) throw new AppError('REQUEST_VALIDATION_FAILED', { fields });
    const departmentId = await this.#departmentOf(this.db, kind);
    await this.db.transaction(async (tx) => {
      await registryRepo.lock(tx, kind);
      for (const r of rules)
        await registryRepo.setRule(
          tx,
          kind,
          {
            field: r.field,
            rule: r.rule,
            fixedSource: r.rule === 'fixed' ? r.fixedSourceId : null,
            conflict: r.conflict,
          },
          actor.name ?? 'system',
        );
      await this.audit.record(
        actor,
        {
          action: 'registry.rules',
          objectType: 'registry',
          objectId: kind,
          departmentId,
          outcome: 'success',
          details: { rules: rules.map((r) => `${r.field}:${r.rule}${r.conflict ? '+conflict' : ''}`) },
        },
        tx,
      );
    });
    return { changed: await this.refreshAll(kind, actor.name) };
  }

  /** Ranks the registry's sources for the source-priority rule (the first is trusted first). */
  async rankSources(actor: Actor, kind: RegistryKind, order: string[]): Promise<{ changed: number }> {
    const sources = await registryRepo.sources(this.db, kind);
    const known = new Set(sources.map((s) => s.id));
    if (
      order.length !== sources.length ||
      new Set(order).size !== order.length ||
      order.some((id) => !known.has(id))
    )
      throw new AppError('REGISTRY_SOURCE_ORDER_INVALID', { expected: sources.map((s) => s.id) });
    const departmentId = await this.#departmentOf(this.db, kind);
    await this.db.transaction(async (tx) => {
      await registryRepo.lock(tx, kind);
      await registryRepo.setPriorities(tx, kind, order);
      await this.audit.record(
        actor,
        {
          action: 'registry.rules',
          objectType: 'registry',
          objectId: kind,
          departmentId,
          outcome: 'success',
          details: { order },
        },
        tx,
      );
    });
    return { changed: await this.refreshAll(kind, actor.name) };
  }

  /** Resolves a conflict with one of the values the sources offer, or dismisses it. */
  async decideConflict(
    actor: Actor,
    id: string,
    decision: { value: string | null; dismiss: boolean },
  ): Promise<string> {
    const c = await registryRepo.conflict(this.db, id);
    if (!c) throw new AppError('REGISTRY_CONFLICT_NOT_FOUND', { id });
    if (c.status !== 'open') throw new AppError('REGISTRY_CONFLICT_CLOSED', { id, status: c.status });
    let chosen: string | null = null;
    if (!decision.dismiss) {
      chosen = canonical(c.field, decision.value);
      if (chosen === null || !c.candidates.some((x) => x.value === chosen))
        throw new AppError('REGISTRY_CONFLICT_VALUE', {
          field: c.field,
          offered: c.candidates.map((x) => x.value),
        });
    }
    const departmentId = await this.#departmentOf(this.db, c.registry);
    await this.db.transaction(async (tx) => {
      if (
        !(await registryRepo.decideConflict(
          tx,
          id,
          decision.dismiss ? 'dismissed' : 'resolved',
          chosen,
          actor.name ?? 'system',
        ))
      )
        throw new AppError('REGISTRY_CONFLICT_CLOSED', { id });
      await registryRepo.addEvents(tx, c.registry, [
        {
          entity_id: c.entity_id,
          kind: 'resolved',
          detail: { field: c.field, chosen, dismissed: decision.dismiss },
          actor: actor.name,
        },
      ]);
      await refreshGolden(tx, c.registry, [c.entity_id], actor.name);
      await this.audit.record(
        actor,
        {
          action: 'registry.conflict.decide',
          objectType: 'registry_entity',
          objectId: c.entity_id,
          departmentId,
          outcome: 'success',
          details: { conflict: id, field: c.field, dismissed: decision.dismiss },
        },
        tx,
      );
    });
    return c.entity_id;
  }

  /** A steward's decision on a record the matcher could not decide: link it to the candidate, or keep it apart. */
  async decideReview(actor: Actor, id: string, decision: 'link' | 'apart'): Promise<string> {
    const r = await registryRepo.review(this.db, id);
    if (!r) throw new AppError('REGISTRY_REVIEW_NOT_FOUND', { id });
    if (r.status !== 'open') throw new AppError('REGISTRY_REVIEW_CLOSED', { id, status: r.status });
    const departmentId = await this.#departmentOf(this.db, r.registry);
    return this.db.transaction(async (tx) => {
      await registryRepo.lock(tx, r.registry);
      const record = await registryRepo.record(tx, r.source_id, r.record_key);
      if (!record) throw new AppError('REGISTRY_REVIEW_CLOSED', { id, status: 'gone' });
      const candidate = await this.#active(tx, r.candidate_id);
      if (
        !(await registryRepo.decideReview(
          tx,
          id,
          decision === 'link' ? 'linked' : 'apart',
          actor.name ?? 'system',
        ))
      )
        throw new AppError('REGISTRY_REVIEW_CLOSED', { id });
      const from = record.entity_id;
      const into = decision === 'link' ? candidate.id : from;
      await registryRepo.pin(tx, r.source_id, r.record_key, into);
      await registryRepo.addEvents(tx, r.registry, [
        {
          entity_id: into,
          kind: decision === 'link' ? 'linked' : 'unlinked',
          detail: {
            sourceId: r.source_id,
            recordKey: r.record_key,
            from,
            candidate: candidate.id,
            review: id,
          },
          actor: actor.name,
        },
      ]);
      await refreshGolden(tx, r.registry, [from, into], actor.name);
      await this.audit.record(
        actor,
        {
          action: 'registry.review.decide',
          objectType: 'registry_entity',
          objectId: into,
          departmentId,
          outcome: 'success',
          details: { review: id, decision, candidate: candidate.id },
        },
        tx,
      );
      return into;
    });
  }

  async #active(q: Queryable, id: string) {
    const e = await registryRepo.entity(q, id);
    if (!e) throw new AppError('REGISTRY_ENTITY_NOT_FOUND', { id });
    if (e.status !== 'active')
      throw new AppError('REGISTRY_ENTITY_NOT_ACTIVE', { id, status: e.status, mergedInto: e.merged_into });
    return e;
  }

  /** Merges golden record `from` into `into` (a steward who knows they are one); `from` redirects to `into`. */
  async merge(
    actor: Actor,
    kind: RegistryKind,
    from: string,
    into: string,
    reason: string,
  ): Promise<{ eventId: string }> {
    if (from === into) throw new AppError('REGISTRY_MERGE_SELF', { id: from });
    const departmentId = await this.#departmentOf(this.db, kind);
    return this.db.transaction(async (tx) => {
      await registryRepo.lock(tx, kind);
      const a = await this.#active(tx, from);
      const b = await this.#active(tx, into);
      if (a.registry !== kind || b.registry !== kind)
        throw new AppError('REGISTRY_ENTITY_NOT_FOUND', { id: a.registry !== kind ? from : into });
      const records = await registryRepo.recordsOfEntity(tx, from);
      const moved: MovedRecord[] = records.map((r: RecordRow) => ({
        sourceId: r.source_id,
        recordKey: r.record_key,
        link: r.link,
        score: r.score,
        why: r.why,
        pinned: r.pinned,
      }));
      await registryRepo.moveListed(
        tx,
        moved.map((m) => [m.sourceId, m.recordKey]),
        into,
      );
      await registryRepo.markMerged(tx, from, into);
      await registryRepo.closeConflicts(
        tx,
        (await registryRepo.openConflicts(tx, [from])).map((c) => c.id),
      );
      const detail = { from, into, moved, by: 'steward', reason, before: { from: a.golden, into: b.golden } };
      await registryRepo.addEvents(tx, kind, [
        { entity_id: from, kind: 'merged', detail, actor: actor.name },
        { entity_id: into, kind: 'merged', detail, actor: actor.name },
      ]);
      await refreshGolden(tx, kind, [into], actor.name);
      await this.audit.record(
        actor,
        {
          action: 'registry.merge',
          objectType: 'registry_entity',
          objectId: into,
          departmentId,
          outcome: 'success',
          details: { from, into, records: moved.length, reason },
        },
        tx,
      );
      // The merge's entry on `into` is the one an un-merge names (refreshGolden adds an 'updated' one after it).
      return { eventId: (await registryRepo.lastEvent(tx, into, 'merged'))! };
    });
  }

  /**
   * Undoes a merge: the records that moved go back to the merged-away golden record in the state they had, it is
   * active again under its own id, and both golden records are recomputed. Refused when a later merge or un-merge
   * touched either, since the records it would move may no longer be where the merge left them.
   */
  async unmerge(
    actor: Actor,
    kind: RegistryKind,
    eventId: string,
    reason: string,
  ): Promise<{ restored: string }> {
    const departmentId = await this.#departmentOf(this.db, kind);
    return this.db.transaction(async (tx) => {
      await registryRepo.lock(tx, kind);
      const e = await registryRepo.event(tx, eventId);
      if (!e || e.registry !== kind || e.kind !== 'merged')
        throw new AppError('REGISTRY_MERGE_NOT_FOUND', { eventId });
      const d = e.detail as { from: string; into: string; moved?: MovedRecord[]; records?: string[][] };
      if (e.entity_id !== d.into) throw new AppError('REGISTRY_MERGE_NOT_FOUND', { eventId });
      const from = await registryRepo.entity(tx, d.from);
      if (!from || from.status !== 'merged' || from.merged_into !== d.into)
        throw new AppError('REGISTRY_UNMERGE_STALE', { eventId, reason: 'not merged' });
      if (await registryRepo.laterStructuralEvents(tx, [d.from, d.into], eventId))
        throw new AppError('REGISTRY_UNMERGE_STALE', { eventId, reason: 'later merge' });
      // A steward's merge kept each record's state; the matcher's kept only which records moved (they go back
      // pinned, so the matcher does not merge them again).
      const moved: MovedRecord[] =
        d.moved ??
        (d.records ?? []).map(([sourceId, recordKey]) => ({
          sourceId: sourceId!,
          recordKey: recordKey!,
          link: 'steward',
          score: null,
          why: null,
          pinned: true,
        }));
      await registryRepo.reactivate(tx, d.from);
      await registryRepo.restoreRecords(tx, moved, d.from, d.into);
      const detail = { from: d.from, into: d.into, merge: eventId, records: moved.length, reason };
      await registryRepo.addEvents(tx, kind, [
        { entity_id: d.from, kind: 'unmerged', detail, actor: actor.name },
        { entity_id: d.into, kind: 'unmerged', detail, actor: actor.name },
      ]);
      await refreshGolden(tx, kind, [d.from, d.into], actor.name, await rulesOf(tx, kind));
      await this.audit.record(
        actor,
        {
          action: 'registry.unmerge',
          objectType: 'registry_entity',
          objectId: d.from,
          departmentId,
          outcome: 'success',
          details: detail,
        },
        tx,
      );
      return { restored: d.from };
    });
  }
}
