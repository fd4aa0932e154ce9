/**
 * How a registry fills itself. Each source is a catalog resource the registry's department subscribes to (pull).
 * A sync reads the change log past the seq the source has applied and, page by page, in one transaction per page:
 * projects each change onto the registry's fields (one record per person a row names), links the records that
 * are new or changed (linker.ts, against the held records that share a blocking key), writes them, applies the
 * merges a record proved, opens reviews, recomputes the touched golden records and moves the applied seq. Then
 * it acknowledges the page to the exchange, and writes the changed golden records to the registry's own resource
 * (publish.ts), whose change log is how other departments follow the registry.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db, Queryable } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import type { OrgService } from '../org/index.ts';
import { refreshGolden } from './golden.ts';
import { normalizeFor, REGISTRIES, type RegistryKind } from './kinds.ts';
import { PageLinker, type HeldRecord } from './linker.ts';
import { defaultParameters, type ModelParameters } from './matching/model.ts';
import type { NormalizedPerson } from './matching/normalize.ts';
import { trainFromRecords } from './matching/training.ts';
import { newEntityId } from './ids.ts';
import {
  registryRepo,
  type EventWrite,
  type FieldSpec,
  type Projection,
  type RecordWrite,
  type RegistryRow,
  type SourceRow,
} from './repo.ts';

// A page is one transaction: small enough that requests sharing PGlite's one connection wait well under a second.
const PAGE = 500;
const LEASE_SECONDS = 300;
/** The model is estimated again when the registry has grown this much since the last estimate. */
const RETRAIN_GROWTH = 2;
const MIN_TRAINING_RECORDS = 1000;

export interface RegistryDeps {
  db: Db;
  audit: AuditService;
  org: OrgService;
  catalog: CatalogService;
  exchange: ExchangeService;
}

export interface SyncOutcome {
  sourceId: string;
  applied: number;
  skipped: number;
  appliedSeq: number;
  ran: boolean;
  /** Milliseconds from the change's commit in the source to its golden record, per applied page (the latest). */
  lagMs: number | null;
}

export interface Change {
  seq: number;
  op: 'insert' | 'update' | 'delete';
  key: unknown[];
  data: Record<string, unknown> | null;
  at: string;
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s =
    typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  return s === '' ? null : s;
}

function project(spec: FieldSpec, data: Record<string, unknown>): string | null {
  if (typeof spec === 'string') return text(data[spec]);
  if ('const' in spec) return spec.const;
  const v = text(data[spec.item]);
  return v === null ? null : (spec.map[v] ?? v);
}

/** The records a change describes: one per projection, keyed by the source key and the projection's role. */
export function recordsOfChange(
  projections: readonly Projection[],
  c: Change,
): { recordKey: string; fields: Record<string, string | null> | null }[] {
  const base = c.key.map((k) => (k === null || k === undefined ? '' : String(k))).join('|');
  return projections.map((p) => {
    const recordKey = p.role ? `${base}#${p.role}` : base;
    if (c.op === 'delete' || !c.data) return { recordKey, fields: null };
    const fields: Record<string, string | null> = {};
    for (const [field, spec] of Object.entries(p.fields)) fields[field] = project(spec, c.data);
    return { recordKey, fields };
  });
}

/** Whether a projected record carries enough to be a person (a name) or a legal person (a code or a name). */
function usable(kind: RegistryKind, f: Record<string, string | null>): boolean {
  if (kind === 'population') return f['姓名'] !== null && f['姓名'] !== undefined;
  return Boolean(f['统一社会信用代码'] || f['组织机构代码'] || f['名称']);
}

export class RegistrySync {
  readonly #holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(private readonly deps: RegistryDeps) {}

  async model(q: Queryable, kind: RegistryKind): Promise<ModelParameters> {
    const row = await registryRepo.get(q, kind);
    return (row?.model as ModelParameters | null) ?? defaultParameters();
  }

  /** Syncs every source of a registry; a failing source keeps its error and does not stop the others. */
  async syncRegistry(actor: Actor, kind: RegistryKind): Promise<SyncOutcome[]> {
    const out: SyncOutcome[] = [];
    for (const source of await registryRepo.sources(this.deps.db, kind)) {
      try {
        out.push(await this.sync(actor, source));
      } catch {
        out.push({
          sourceId: source.id,
          applied: 0,
          skipped: 0,
          appliedSeq: Number(source.applied_seq),
          ran: true,
          lagMs: null,
        });
      }
    }
    if (out.some((o) => o.applied > 0)) await this.maybeTrain(kind);
    return out;
  }

  /**
   * One source, page after page until caught up. Nothing is pulled when the change log has nothing past the
   * applied seq, so an idle loop leaves no pull in the log.
   */
  async sync(actor: Actor, source: SourceRow): Promise<SyncOutcome> {
    const { db, exchange, audit } = this.deps;
    const kind = source.registry;
    const applied0 = await registryRepo.claim(db, source.id, this.#holder, LEASE_SECONDS);
    if (applied0 === null)
      return {
        sourceId: source.id,
        applied: 0,
        skipped: 0,
        appliedSeq: Number(source.applied_seq),
        ran: false,
        lagMs: null,
      };
    let appliedSeq = applied0;
    let applied = 0;
    let skipped = 0;
    let lastSeq = appliedSeq;
    let lagMs: number | null = null;
    try {
      const sub = await exchange.subscription(source.subscription_id);
      lastSeq = sub.lastSeq;
      const registry = (await registryRepo.get(db, kind))!;
      const params = (registry.model as ModelParameters | null) ?? defaultParameters();
      while (appliedSeq < lastSeq) {
        const page = await exchange.pull(actor, source.subscription_id, appliedSeq, PAGE);
        lastSeq = page.lastSeq;
        if (!page.changes.length) break;
        const result = await db.transaction(
          (tx) =>
            this.applyPage(
              tx,
              registry,
              params,
              source,
              page.changes,
              page.nextCursor,
              actor.name ?? 'system',
            ),
          { bulk: true },
        );
        await exchange.ack(actor, source.subscription_id, page.nextCursor);
        appliedSeq = page.nextCursor;
        applied += result.applied;
        skipped += result.skipped;
        const newest = page.changes.reduce((m, c) => Math.max(m, Date.parse(c.at)), 0);
        lagMs = Date.now() - newest;
      }
      await registryRepo.release(db, source.id, this.#holder, {
        changes: applied,
        skipped,
        lastSeq,
        error: null,
      });
      if (applied || skipped || actor.kind !== 'system')
        await audit.record(actor, {
          action: 'registry.sync',
          objectType: 'registry_source',
          objectId: source.id,
          departmentId: registry.department_id,
          outcome: 'success',
          details: { registry: kind, resourceId: source.resource_id, applied, skipped, appliedSeq },
        });
      return { sourceId: source.id, applied, skipped, appliedSeq, ran: true, lagMs };
    } catch (err) {
      const message = err instanceof AppError ? err.code : err instanceof Error ? err.message : String(err);
      await registryRepo.release(db, source.id, this.#holder, {
        changes: applied,
        skipped,
        lastSeq,
        error: message.slice(0, 500),
      });
      throw err;
    }
  }

  /** Applies one page of a source's changes (see the file's comment). */
  async applyPage(
    tx: Queryable,
    registry: RegistryRow,
    params: ModelParameters,
    source: SourceRow,
    changes: readonly Change[],
    appliedSeq: number,
    actorName: string,
  ): Promise<{ applied: number; skipped: number }> {
    const kind = registry.kind;
    await registryRepo.lock(tx, kind);
    // The page's records, the last change of each winning.
    const upserts = new Map<string, { fields: Record<string, string | null>; seq: number; at: string }>();
    const deletes = new Set<string>();
    let skipped = 0;
    for (const c of changes) {
      for (const r of recordsOfChange(source.projections, c)) {
        if (r.fields === null || !usable(kind, r.fields)) {
          if (r.fields !== null) skipped++;
          upserts.delete(r.recordKey);
          deletes.add(r.recordKey);
          continue;
        }
        deletes.delete(r.recordKey);
        upserts.set(r.recordKey, { fields: r.fields, seq: c.seq, at: c.at });
      }
    }
    const keys = [...upserts.keys(), ...deletes];
    const existing = new Map(
      (await registryRepo.recordsOf(tx, source.id, keys)).map((r) => [r.record_key, r]),
    );
    const touched = new Set<string>();
    const writes: RecordWrite[] = [];
    const settledByKey: string[] = [];
    const relink: {
      recordKey: string;
      norm: RecordWrite['norm'];
      blocks: string[];
      fields: Record<string, string | null>;
      seq: number;
      at: string;
    }[] = [];

    const normalized = new Map([...upserts].map(([k, u]) => [k, normalizeFor(kind, u.fields)]));
    // A valid key the registry already holds is the person (or organization) itself: no scoring needed.
    const known = await registryRepo.entitiesByKeys(tx, kind, [
      ...new Set([...normalized.values()].map((n) => n.key).filter((k) => k !== null)),
    ]);
    for (const [recordKey, u] of upserts) {
      const { norm, blocks, key } = normalized.get(recordKey)!;
      const held = existing.get(recordKey);
      // The same person as before (or a steward's decision): the record stays where it is.
      if (held && (held.pinned || JSON.stringify(held.norm) === JSON.stringify(norm))) {
        touched.add(held.entity_id);
        writes.push({
          source_id: source.id,
          record_key: recordKey,
          entity_id: held.entity_id,
          fields: u.fields,
          norm,
          blocks,
          seq: u.seq,
          changed_at: u.at,
          link: held.link,
          score: held.score,
          why: held.why,
          pinned: held.pinned,
        });
        continue;
      }
      if (held) touched.add(held.entity_id);
      const byKey = key === null ? undefined : known.get(key);
      if (byKey !== undefined) {
        touched.add(byKey);
        settledByKey.push(recordKey);
        writes.push({
          source_id: source.id,
          record_key: recordKey,
          entity_id: byKey,
          fields: u.fields,
          norm,
          blocks,
          seq: u.seq,
          changed_at: u.at,
          link: 'key',
          score: 1,
          why: {
            probability: 1,
            weight: 0,
            evidence: [
              {
                field: kind === 'population' ? 'idNumber' : 'uscc',
                level: kind === 'population' ? 3 : 1,
                agreement: 'same number',
                weight: 0,
              },
            ],
          },
          pinned: false,
        });
        continue;
      }
      relink.push({ recordKey, norm, blocks, fields: u.fields, seq: u.seq, at: u.at });
    }

    const newIds: string[] = [];
    let current = (id: string) => id;
    const merges: { from: string; into: string }[] = [];
    const reviews: Parameters<typeof registryRepo.writeReviews>[2] = [];
    const settled: string[] = [];
    if (relink.length) {
      const linker = new PageLinker(
        kind,
        params,
        { match: registry.match_at, review: registry.review_at },
        () => {
          const id = newEntityId(REGISTRIES[kind].idPrefix);
          newIds.push(id);
          return id;
        },
      );
      const union = [...new Set(relink.flatMap((r) => r.blocks))];
      const mates = await registryRepo.blockMates(tx, kind, union);
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
      current = (id) => linker.current(id);
      const outcomes = relink.map((r) => {
        linker.release({ sourceId: source.id, recordKey: r.recordKey });
        const o = linker.link({
          sourceId: source.id,
          recordKey: r.recordKey,
          norm: r.norm,
          blocks: r.blocks,
        });
        for (const from of o.merged) merges.push({ from, into: o.entityId });
        return { r, o };
      });
      for (const { r, o } of outcomes) {
        const entityId = linker.current(o.entityId);
        touched.add(entityId);
        writes.push({
          source_id: source.id,
          record_key: r.recordKey,
          entity_id: entityId,
          fields: r.fields,
          norm: r.norm,
          blocks: r.blocks,
          seq: r.seq,
          changed_at: r.at,
          link: o.link,
          score: o.score,
          why: o.why,
          pinned: false,
        });
        if (o.review)
          reviews.push({
            source_id: source.id,
            record_key: r.recordKey,
            entity_id: entityId,
            candidate_id: linker.current(o.review.candidateId),
            score: o.review.score,
            why: o.review.why,
          });
        else settled.push(r.recordKey);
      }
    }

    // A golden record born in this page and merged within it never existed for anyone: it is not kept.
    const born = new Set(newIds);
    const transient = new Set(merges.filter((m) => born.has(m.from)).map((m) => m.from));
    await registryRepo.insertEntities(
      tx,
      kind,
      newIds.filter((id) => !transient.has(id)),
    );
    await registryRepo.writeRecords(tx, kind, writes);
    // Blocking keys follow the records: a held record whose keys changed drops its old ones.
    const changedBlocks = writes.filter((w) => {
      const held = existing.get(w.record_key);
      return !held || held.blocks.join('\u0000') !== w.blocks.join('\u0000');
    });
    await registryRepo.setBlocks(
      tx,
      kind,
      changedBlocks.flatMap((w) => {
        const held = existing.get(w.record_key);
        return held ? [{ source_id: source.id, record_key: w.record_key, blocks: held.blocks }] : [];
      }),
      changedBlocks,
    );
    const events: EventWrite[] = [];
    for (const merge of merges) {
      if (transient.has(merge.from)) {
        touched.delete(merge.from);
        continue;
      }
      const m = { from: merge.from, into: current(merge.into) };
      const moved = await registryRepo.moveRecords(tx, m.from, m.into);
      await registryRepo.markMerged(tx, m.from, m.into);
      touched.add(m.into);
      touched.delete(m.from);
      const detail = { from: m.from, into: m.into, records: moved, by: 'matcher', source: source.id };
      events.push({ entity_id: m.into, kind: 'merged', detail, actor: actorName });
      events.push({ entity_id: m.from, kind: 'merged', detail, actor: actorName });
    }
    const deleted = await registryRepo.deleteRecords(tx, source.id, [...deletes]);
    for (const d of deleted) touched.add(d.entity_id);
    await registryRepo.setBlocks(
      tx,
      kind,
      deleted.map((d) => ({ source_id: source.id, record_key: d.record_key, blocks: d.blocks })),
      [],
    );
    await registryRepo.dropReviews(tx, source.id, [...settled, ...settledByKey, ...deletes]);
    await registryRepo.writeReviews(tx, kind, reviews);
    await registryRepo.addEvents(tx, kind, events);
    await refreshGolden(tx, kind, touched, actorName);
    await registryRepo.setApplied(tx, source.id, appliedSeq);
    return { applied: upserts.size + deletes.size, skipped };
  }

  /** Estimates the matching model from the registry's own records when it has grown enough since the last time. */
  async maybeTrain(kind: RegistryKind, force = false): Promise<boolean> {
    if (kind !== 'population') return false;
    const { db } = this.deps;
    const row = await registryRepo.get(db, kind);
    if (!row) return false;
    const counts = await registryRepo.counts(db, kind);
    if (
      !force &&
      (counts.records < MIN_TRAINING_RECORDS || counts.records < row.model_records * RETRAIN_GROWTH)
    )
      return false;
    const sample = (await registryRepo.sampleNorms(db, kind, 50_000)) as NormalizedPerson[];
    const model = trainFromRecords(sample);
    await registryRepo.setModel(db, kind, model, counts.records);
    return true;
  }
}
