import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../../db/index.ts';
import { randomToken } from '../../lib/crypto.ts';
import { maskRecord } from '../../lib/mask.ts';
import type { SecretBox } from '../../lib/secretbox.ts';
import { AppError } from '../../server/errors.ts';
import type { Scope } from '../identity/policy.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { CatalogService } from '../catalog/service.ts';
import type { Resource } from '../catalog/schema.ts';
import { RECORD_FORMATS } from '../catalog/vocab.ts';
import type { OrgService } from '../org/service.ts';
import {
  exchangeRepo,
  type BatchRow,
  type NewChange,
  type RecordFilter,
  type SubscriptionRow,
} from './repo.ts';
import type {
  BatchDetailT,
  BatchT,
  ChangesPageT,
  ExchangeResourceDetailT,
  ExchangeResourceT,
  IngestResultT,
  QualityReportT,
  ResourceListQueryT,
  RowErrorT,
  StatsQueryT,
  StatsReportT,
  SubscriptionInputT,
  SubscriptionPatchT,
  SubscriptionT,
} from './schema.ts';
import type { BatchSource, IngestMode, OnError, RowError, SourceRow } from './types.ts';
import { compileRecordSchema, DELETE_FIELD, type RecordSchema } from './validate.ts';

/** Rows validated and written together; bounds memory whatever the batch size. */
const CHUNK = 2000;
/** Rejected rows a result lists; the rest are counted. */
const MAX_LISTED_ERRORS = 1000;

export interface IngestOptions {
  source: BatchSource;
  mode?: IngestMode | undefined;
  onError?: OnError | undefined;
  dryRun?: boolean | undefined;
  idempotencyKey?: string | undefined;
  /** The SM3 digest of the request body, known once the rows are consumed (idempotency compares it). */
  bodyDigest?: (() => string) | undefined;
  /** Bytes read so far from the source. */
  bytes?: (() => number) | undefined;
  /** Runs in the batch's transaction just before it commits (a connector advances its high-water mark here). */
  beforeCommit?: ((tx: Queryable, result: IngestResultT) => Promise<void>) | undefined;
}

/** Visible resources: the whole city, or those of some departments. */
export type Reach = Scope;

class Rejected extends Error {}
class DryRun extends Error {}

/** The key items' values, parsed back from the canonical key. */
function keyValues(key: string): unknown[] {
  return JSON.parse(key) as unknown[];
}

const OPS = { I: 'insert', U: 'update', D: 'delete' } as const;

/**
 * The exchange hub: records of every published record-holding resource, validated against the catalog, stored
 * with a gap-free per-resource change log, and handed to subscribers.
 */
/** Which items a reader receives and which of the sensitive ones in clear. null items: all. */
export interface RecordView {
  items: string[] | null;
  unmasked: string[];
  grantId?: string;
}

/** The sharing module's answer for subscriptions to 有条件共享 resources; throws its refusal. */
export interface SubscriptionAccess {
  subscriptionScope(
    resource: Resource,
    consumerDepartmentId: string,
    q?: Queryable,
  ): Promise<{ items: string[]; unmasked: string[]; grantId: string }>;
}

export class ExchangeService {
  readonly #events = new EventEmitter();
  readonly #schemas = new Map<string, RecordSchema>();
  #access: SubscriptionAccess | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly catalog: CatalogService,
    private readonly secrets: SecretBox,
  ) {
    this.#events.setMaxListeners(100);
  }

  /** Installed by the sharing module: what a consumer may receive from a 有条件共享 resource. */
  setSubscriptionAccess(access: SubscriptionAccess): void {
    this.#access = access;
  }

  /**
   * What a subscription delivers: its items (key items always), masked by the default policy; for a 有条件共享
   * resource only the items the consumer's grant covers, in clear where the grant says so. Throws the sharing
   * refusal (no agreement, no grant, revoked …) when the consumer may not receive anything now.
   */
  async subscriptionView(
    resource: Resource,
    consumerDepartmentId: string,
    items: string[] | null,
    q?: Queryable,
  ): Promise<RecordView> {
    if (resource.sharingType !== 'conditional') return { items, unmasked: [] };
    if (!this.#access) throw new AppError('EXCHANGE_SHARING_CONDITIONAL', { resourceId: resource.id });
    const scope = await this.#access.subscriptionScope(resource, consumerDepartmentId, q);
    const granted = new Set(scope.items);
    return {
      items: (items ?? scope.items).filter((i) => granted.has(i)),
      unmasked: scope.unmasked,
      grantId: scope.grantId,
    };
  }

  /** One held record by its canonical key (see canonicalKey). */
  async recordByKey(resourceId: string, key: string, q: Queryable = this.db) {
    return exchangeRepo.recordByKey(q, resourceId, key);
  }

  /** Held records matching every filter, keyset-paged by canonical key. */
  async findRecords(
    resourceId: string,
    filters: readonly RecordFilter[],
    after: string | null,
    limit: number,
    q: Queryable = this.db,
  ) {
    return exchangeRepo.findRecords(q, resourceId, filters, after, limit);
  }

  /**
   * The canonical key of a record from its key items' values as a caller typed them (converted and checked the
   * way ingest does), or the field errors that say why it is not a valid key.
   */
  canonicalKey(
    resource: Resource,
    values: Record<string, unknown>,
  ):
    | { ok: true; key: string }
    | { ok: false; errors: { field: string | null; code: string; message: string }[] } {
    const schema = this.schemaOf(resource);
    const probe: Record<string, unknown> = { [DELETE_FIELD]: true };
    for (const name of schema.keyItems) probe[name] = values[name];
    const checked = schema.check(probe, 1, { allowDelete: true });
    if (!checked.ok)
      return {
        ok: false,
        errors: checked.errors.map(({ field, code, message }) => ({ field, code, message })),
      };
    return { ok: true, key: checked.key };
  }

  /** Called after a batch with changes commits (delivery workers wake on it). */
  onCommitted(listener: (e: { resourceId: string; lastSeq: number }) => void): () => void {
    this.#events.on('committed', listener);
    return () => this.#events.off('committed', listener);
  }

  /** A published resource whose format holds records, or the error that says why not. */
  async recordResource(resourceId: string): Promise<Resource> {
    const [resource] = await this.catalog.publishedResources([resourceId]).catch(() => []);
    if (!resource || resource.status === 'retired')
      throw new AppError('EXCHANGE_RESOURCE_NOT_FOUND', { resourceId });
    if (!RECORD_FORMATS.includes(resource.formatCategory))
      throw new AppError('EXCHANGE_RESOURCE_NOT_RECORDS', {
        resourceId,
        formatCategory: resource.formatCategory,
      });
    return resource;
  }

  schemaOf(resource: Resource): RecordSchema {
    const id = `${resource.id}:${resource.publishedVersion}`;
    let schema = this.#schemas.get(id);
    if (!schema) {
      schema = compileRecordSchema(resource.items);
      this.#schemas.set(id, schema);
    }
    return schema;
  }

  /**
   * Streams rows into one batch: validated against the catalog, diffed against the records held, and applied with
   * their change-log entries in one transaction. Nothing is stored unless the whole batch commits.
   */
  async ingest(
    actor: Actor,
    resourceId: string,
    rows: AsyncIterable<SourceRow> | Iterable<SourceRow>,
    opts: IngestOptions,
  ): Promise<IngestResultT> {
    const resource = await this.recordResource(resourceId);
    const schema = this.schemaOf(resource);
    const mode: IngestMode = opts.mode ?? 'upsert';
    const onError: OnError = opts.onError ?? 'reject';
    const dryRun = opts.dryRun ?? false;
    const key = opts.idempotencyKey ?? null;
    const startedAt = new Date();
    const batchId = randomUUID();

    if (key && !dryRun) {
      const earlier = await exchangeRepo.appliedBatchByKey(this.db, resourceId, key);
      if (earlier) return this.replay(earlier, rows, opts);
    }

    const result: IngestResultT = {
      batchId,
      resourceId,
      mode,
      onError,
      dryRun,
      replayed: false,
      received: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      quarantined: 0,
      rejected: [],
      rejectedTotal: 0,
      firstSeq: null,
      lastSeq: null,
      bytes: 0,
      durationMs: 0,
    };
    const errorCounts: Record<string, number> = {};
    const at = startedAt;
    let replayOf: BatchRow | undefined;

    try {
      await this.db.transaction(async (tx) => {
        const stream = await exchangeRepo.lockStream(tx, resourceId, resource.departmentId);
        if (key && !dryRun) {
          // A twin request may have committed while this one waited for the stream lock.
          replayOf = await exchangeRepo.appliedBatchByKey(tx, resourceId, key);
          if (replayOf) return;
        }
        const baseSeq = Number(stream.last_seq);
        let seq = baseSeq;
        if (mode === 'snapshot') await exchangeRepo.createSeen(tx);

        let pending: { row: number; key: string; json: string | null; hash: string; del: boolean }[] = [];
        let pendingKeys = new Set<string>();
        let seen: { key: string; row: number; kept: boolean }[] = [];
        let quarantine: { row: number; raw: Record<string, unknown>; errors: RowError[] }[] = [];
        let failed = false;

        const reject = (
          row: number,
          raw: Record<string, unknown> | undefined,
          errors: RowError[],
          k: string | null,
        ) => {
          result.rejectedTotal++;
          for (const e of errors) {
            errorCounts[e.code] = (errorCounts[e.code] ?? 0) + 1;
            if (result.rejected.length < MAX_LISTED_ERRORS) result.rejected.push(e as RowErrorT);
          }
          if (onError === 'quarantine') {
            quarantine.push({ row, raw: raw ?? {}, errors });
            if (k !== null && mode === 'snapshot') seen.push({ key: k, row, kept: true });
          } else failed = true;
        };

        // While the resource held nothing when the batch began, every key is new unless the batch itself repeats
        // one: chunks then skip the lookup, under a savepoint, and a key conflict replays the chunk with it.
        let empty = Number(stream.records_held) === 0;
        const classify = (stored: Map<string, string>) => {
          const counts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
          const changes: NewChange[] = [];
          let next = seq;
          for (const p of pending) {
            const before = stored.get(p.key);
            if (p.del) {
              if (before === undefined) counts.unchanged++;
              else {
                changes.push({ seq: ++next, op: 'D', key: p.key, json: null, hash: '' });
                counts.deleted++;
              }
            } else if (before === undefined) {
              changes.push({ seq: ++next, op: 'I', key: p.key, json: p.json, hash: p.hash });
              counts.inserted++;
            } else if (before !== p.hash) {
              changes.push({ seq: ++next, op: 'U', key: p.key, json: p.json, hash: p.hash });
              counts.updated++;
            } else counts.unchanged++;
          }
          return { changes, counts, next };
        };
        const applyPending = async () => {
          let plan: ReturnType<typeof classify> | undefined;
          if (empty) {
            plan = classify(new Map());
            await tx.query('SAVEPOINT exchange_chunk');
            try {
              await exchangeRepo.applyChanges(this.db, tx, resourceId, batchId, at, plan.changes);
              await tx.query('RELEASE SAVEPOINT exchange_chunk');
            } catch (err) {
              if ((err as { code?: string }).code !== '23505') throw err;
              await tx.query('ROLLBACK TO SAVEPOINT exchange_chunk');
              empty = false;
              plan = undefined;
            }
          }
          if (!plan) {
            plan = classify(
              await exchangeRepo.hashesOf(
                tx,
                resourceId,
                pending.map((p) => p.key),
              ),
            );
            await exchangeRepo.applyChanges(this.db, tx, resourceId, batchId, at, plan.changes);
          }
          seq = plan.next;
          result.inserted += plan.counts.inserted;
          result.updated += plan.counts.updated;
          result.unchanged += plan.counts.unchanged;
          result.deleted += plan.counts.deleted;
        };

        // A refused batch stops writing at its first bad row; a dry run goes on, so a preview counts every good row.
        const writing = () => !failed || dryRun;
        const flush = async () => {
          if (writing() && pending.length) await applyPending();
          if (writing() && seen.length) await exchangeRepo.addSeen(this.db, tx, seen);
          if (writing() && quarantine.length) {
            await exchangeRepo.insertQuarantine(tx, resourceId, batchId, quarantine);
            result.quarantined += quarantine.length;
          }
          pending = [];
          pendingKeys = new Set();
          seen = [];
          quarantine = [];
        };

        for await (const source of rows) {
          result.received++;
          if (source.error) {
            reject(source.row, undefined, [source.error], null);
          } else {
            const checked = schema.check(source.values, source.row, { allowDelete: mode === 'upsert' });
            if (!checked.ok) reject(source.row, source.values, checked.errors, checked.key);
            else {
              // The same key twice in one chunk: write what came before first, so the later row sees it.
              if (pendingKeys.has(checked.key)) await flush();
              pending.push({
                row: source.row,
                key: checked.key,
                json: checked.json,
                hash: checked.hash,
                del: checked.delete,
              });
              pendingKeys.add(checked.key);
              if (mode === 'snapshot') seen.push({ key: checked.key, row: source.row, kept: false });
            }
          }
          if (pending.length + quarantine.length >= CHUNK) await flush();
        }
        await flush();

        if (mode === 'snapshot' && writing()) {
          // A snapshot names each key once; a repeated key makes the set ambiguous, so the batch is refused.
          const dups = await exchangeRepo.seenDuplicates(tx, MAX_LISTED_ERRORS);
          for (const d of dups)
            for (const row of d.rows.slice(1))
              reject(
                Number(row),
                undefined,
                [
                  {
                    row: Number(row),
                    field: schema.keyItems.join(','),
                    code: 'DUPLICATE_KEY',
                    message: `主键 ${d.record_key} 在本批次中重复出现（首次出现在第 ${d.rows[0]} 行）`,
                  },
                ],
                null,
              );
          if (dups.length) failed = true;
          else {
            result.deleted += await exchangeRepo.deleteUnseen(tx, resourceId, batchId, at, seq);
            seq = baseSeq + result.inserted + result.updated + result.deleted;
          }
        }
        if (failed && !dryRun) throw new Rejected();

        result.bytes = opts.bytes?.() ?? 0;
        result.durationMs = Date.now() - startedAt.getTime();
        if (seq > baseSeq) {
          result.firstSeq = baseSeq + 1;
          result.lastSeq = seq;
        }
        if (dryRun) throw new DryRun();

        const changed = seq > baseSeq;
        await exchangeRepo.advanceStream(
          tx,
          resourceId,
          seq,
          result.inserted - result.deleted,
          changed ? at : null,
        );
        await exchangeRepo.insertBatch(tx, {
          ...this.batchFields(result, resource, opts, actor, errorCounts, startedAt),
          outcome: 'applied',
          idempotencyKey: key,
          bodyHash: opts.bodyDigest?.() ?? null,
        });
        if (changed) await this.catalog.markDataChanged(resourceId, at, tx);
        await opts.beforeCommit?.(tx, result);
        await this.audit.record(
          actor,
          {
            action: 'exchange.ingest',
            objectType: 'catalog_resource',
            objectId: resourceId,
            departmentId: resource.departmentId,
            outcome: 'success',
            details: {
              batchId,
              source: opts.source,
              mode,
              received: result.received,
              inserted: result.inserted,
              updated: result.updated,
              deleted: result.deleted,
              quarantined: result.quarantined,
              firstSeq: result.firstSeq,
              lastSeq: result.lastSeq,
            },
          },
          tx,
        );
      });
    } catch (err) {
      if (err instanceof DryRun) return result;
      result.durationMs = Date.now() - startedAt.getTime();
      result.bytes = opts.bytes?.() ?? result.bytes;
      if (err instanceof Rejected) {
        await this.logFailure(result, resource, opts, actor, errorCounts, startedAt, 'rejected', null);
        throw new AppError('EXCHANGE_BATCH_REJECTED', {
          batchId,
          received: result.received,
          rejectedTotal: result.rejectedTotal,
          errorCounts,
          rejected: result.rejected,
        });
      }
      const message =
        err instanceof AppError ? err.localized('zh') : err instanceof Error ? err.message : String(err);
      await this.logFailure(result, resource, opts, actor, errorCounts, startedAt, 'failed', message).catch(
        () => undefined,
      );
      throw err;
    }
    if (replayOf) return this.replay(replayOf, rows, opts);
    if (result.lastSeq !== null) this.#events.emit('committed', { resourceId, lastSeq: result.lastSeq });
    return result;
  }

  private batchFields(
    result: IngestResultT,
    resource: Resource,
    opts: IngestOptions,
    actor: Actor,
    errorCounts: Record<string, number>,
    startedAt: Date,
  ) {
    return {
      id: result.batchId,
      resourceId: resource.id,
      departmentId: resource.departmentId,
      source: opts.source,
      mode: result.mode,
      onError: result.onError,
      actorId: actor.id,
      actorName: actor.name,
      received: result.received,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      deleted: result.deleted,
      rejected: result.rejectedTotal,
      bytes: result.bytes,
      firstSeq: result.firstSeq,
      lastSeq: result.lastSeq,
      errorCounts,
      errors: result.rejected,
      errorMessage: null as string | null,
      startedAt,
      durationMs: result.durationMs,
    };
  }

  /** A refused batch stores no data, but the exchange log and the audit trail still say it came. */
  private async logFailure(
    result: IngestResultT,
    resource: Resource,
    opts: IngestOptions,
    actor: Actor,
    errorCounts: Record<string, number>,
    startedAt: Date,
    outcome: 'rejected' | 'failed',
    message: string | null,
  ) {
    await this.db.transaction(async (tx) => {
      await exchangeRepo.insertBatch(tx, {
        ...this.batchFields(
          { ...result, firstSeq: null, lastSeq: null, inserted: 0, updated: 0, deleted: 0 },
          resource,
          opts,
          actor,
          errorCounts,
          startedAt,
        ),
        outcome,
        idempotencyKey: null,
        bodyHash: null,
        errorMessage: message,
      });
      await this.audit.record(
        actor,
        {
          action: 'exchange.ingest',
          objectType: 'catalog_resource',
          objectId: resource.id,
          departmentId: resource.departmentId,
          outcome: 'failure',
          details: {
            batchId: result.batchId,
            source: opts.source,
            outcome,
            rejected: result.rejectedTotal,
            message,
          },
        },
        tx,
      );
    });
  }

  /** The same Idempotency-Key again: the body must be the same, and the first result is returned. */
  private async replay(
    earlier: BatchRow,
    rows: AsyncIterable<SourceRow> | Iterable<SourceRow>,
    opts: IngestOptions,
  ): Promise<IngestResultT> {
    // Read the body to its end: its digest is only known then.
    for await (const _ of rows) void _;
    const digest = opts.bodyDigest?.() ?? null;
    if (digest !== null && earlier.body_hash !== null && digest !== earlier.body_hash)
      throw new AppError('EXCHANGE_IDEMPOTENCY_CONFLICT', { batchId: earlier.id });
    return { ...this.presentResult(earlier), replayed: true };
  }

  private presentResult(b: BatchRow): IngestResultT {
    return {
      batchId: b.id,
      resourceId: b.resource_id,
      mode: b.mode as IngestMode,
      onError: b.on_error as OnError,
      dryRun: false,
      replayed: false,
      received: Number(b.received),
      inserted: Number(b.inserted),
      updated: Number(b.updated),
      unchanged: Number(b.unchanged),
      deleted: Number(b.deleted),
      quarantined: b.on_error === 'quarantine' ? Number(b.rejected) : 0,
      rejected: b.errors as RowErrorT[],
      rejectedTotal: Number(b.rejected),
      firstSeq: b.first_seq === null ? null : Number(b.first_seq),
      lastSeq: b.last_seq === null ? null : Number(b.last_seq),
      bytes: Number(b.bytes),
      durationMs: b.duration_ms,
    };
  }

  // Reading

  /** Published record-holding resources within reach, with their exchange state. */
  async resources(
    reach: Reach,
    query: ResourceListQueryT,
  ): Promise<{ total: number; items: ExchangeResourceT[] }> {
    if (reach.kind === 'none') return { total: 0, items: [] };
    let list = (await this.catalog.publishedResources()).filter(
      (r) => RECORD_FORMATS.includes(r.formatCategory) && r.status !== 'retired',
    );
    if (reach.kind === 'departments') list = list.filter((r) => reach.ids.includes(r.departmentId));
    if (query.departmentId) list = list.filter((r) => r.departmentId === query.departmentId);
    if (query.q) {
      const q = query.q.trim();
      list = list.filter((r) => r.name.includes(q) || r.code.includes(q) || r.departmentName.includes(q));
    }
    const states = await exchangeRepo.resourceStates(
      this.db,
      list.map((r) => r.id),
    );
    if (query.withData) list = list.filter((r) => Number(states.get(r.id)?.last_seq ?? 0) > 0);
    list.sort(
      (a, b) =>
        Number(states.get(b.id)?.records_held ?? 0) - Number(states.get(a.id)?.records_held ?? 0) ||
        a.code.localeCompare(b.code),
    );
    const offset = query.offset ?? 0;
    const page = list.slice(offset, offset + (query.limit ?? 50));
    const connectors = await this.connectorSummaries(page.map((r) => r.id));
    return {
      total: list.length,
      items: page.map((r) => this.presentResource(r, states.get(r.id), connectors.get(r.id) ?? null)),
    };
  }

  async resource(resourceId: string): Promise<ExchangeResourceDetailT> {
    const r = await this.recordResource(resourceId);
    const states = await exchangeRepo.resourceStates(this.db, [r.id]);
    const connectors = await this.connectorSummaries([r.id]);
    return {
      ...this.presentResource(r, states.get(r.id), connectors.get(r.id) ?? null),
      items: r.items.map((i) => ({
        name: i.name,
        dataType: i.dataType,
        length: i.length,
        required: i.required,
        isKey: i.isKey,
        sensitive: i.sensitive,
        semanticTag: i.semanticTag,
      })),
    };
  }

  /** Connector status per resource; the connector module fills this in when it is wired. */
  connectorSummaries: (ids: string[]) => Promise<Map<string, ExchangeResourceT['connector']>> = async () =>
    new Map();

  private presentResource(
    r: Resource,
    s: Awaited<ReturnType<typeof exchangeRepo.resourceStates>> extends Map<string, infer V>
      ? V | undefined
      : never,
    connector: ExchangeResourceT['connector'],
  ): ExchangeResourceT {
    const lastChangeAt = s?.last_change_at ?? null;
    // The catalog's own timeliness rule (data older than the update cycle allows, counted from publication
    // when no data came yet), now fed by this change log.
    const overdue = r.overdue;
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      formatCategory: r.formatCategory,
      sharingType: r.sharingType,
      updateCycle: r.updateCycle,
      recordsHeld: Number(s?.records_held ?? 0),
      lastSeq: Number(s?.last_seq ?? 0),
      lastChangeAt: lastChangeAt?.toISOString() ?? null,
      overdue,
      batches: s?.batches ?? 0,
      openQuarantine: s?.open_quarantine ?? 0,
      subscriptions: s?.subscriptions ?? 0,
      connector,
    };
  }

  async batches(
    resourceId: string,
    limit: number,
    offset: number,
  ): Promise<{ total: number; items: BatchT[] }> {
    const r = await this.recordResource(resourceId);
    const rows = await exchangeRepo.batches(this.db, resourceId, limit, offset);
    return { total: Number(rows[0]?.total ?? 0), items: rows.map((b) => this.presentBatch(b, r.name)) };
  }

  async batch(id: string): Promise<BatchDetailT & { departmentId: string }> {
    const b = await exchangeRepo.batch(this.db, id);
    if (!b) throw new AppError('EXCHANGE_BATCH_NOT_FOUND', { id });
    const [r] = await this.catalog.publishedResources([b.resource_id]);
    return {
      ...this.presentBatch(b, r?.name ?? ''),
      errors: b.errors as RowErrorT[],
      departmentId: b.department_id,
    };
  }

  private presentBatch(b: BatchRow, resourceName: string): BatchT {
    return {
      id: b.id,
      resourceId: b.resource_id,
      resourceName,
      source: b.source as BatchT['source'],
      mode: b.mode as IngestMode,
      onError: b.on_error as OnError,
      outcome: b.outcome as BatchT['outcome'],
      actorName: b.actor_name,
      received: Number(b.received),
      inserted: Number(b.inserted),
      updated: Number(b.updated),
      unchanged: Number(b.unchanged),
      deleted: Number(b.deleted),
      rejected: Number(b.rejected),
      bytes: Number(b.bytes),
      firstSeq: b.first_seq === null ? null : Number(b.first_seq),
      lastSeq: b.last_seq === null ? null : Number(b.last_seq),
      errorCounts: b.error_counts,
      errorMessage: b.error_message,
      durationMs: b.duration_ms,
      at: b.at.toISOString(),
    };
  }

  /** Held records, keyset-paged by key; sensitive items masked (the console is not a grant). */
  async records(resourceId: string, after: string | null, limit: number) {
    const r = await this.recordResource(resourceId);
    const states = await exchangeRepo.resourceStates(this.db, [resourceId]);
    const rows = await exchangeRepo.records(this.db, resourceId, after, limit);
    return {
      total: Number(states.get(resourceId)?.records_held ?? 0),
      items: rows.map((x) => ({
        key: x.record_key,
        seq: Number(x.seq),
        updatedAt: x.updated_at.toISOString(),
        data: maskRecord(x.data, r.items),
      })),
      nextCursor: rows.length === limit ? rows[rows.length - 1]!.record_key : null,
    };
  }

  /**
   * Changes after `after`, projected to `items` (key items always kept) and masked: sensitive non-key items are
   * masked until a grant (the sharing module) says otherwise.
   */
  async changes(
    resource: Resource,
    after: number,
    limit: number,
    view: RecordView | null,
    q: Queryable = this.db,
  ): Promise<ChangesPageT> {
    const rows = await exchangeRepo.changes(q, resource.id, after, limit);
    const lastSeq = await exchangeRepo.lastSeq(q, resource.id);
    const items = view?.items ?? null;
    const unmasked = view ? new Set(view.unmasked) : undefined;
    const wanted = items
      ? new Set([...items, ...resource.items.filter((i) => i.isKey).map((i) => i.name)])
      : null;
    return {
      resourceId: resource.id,
      changes: rows.map((c) => {
        let data = c.data;
        if (data && wanted) data = Object.fromEntries(Object.entries(data).filter(([k]) => wanted.has(k)));
        return {
          seq: Number(c.seq),
          op: OPS[c.op],
          key: keyValues(c.record_key),
          data: data && maskRecord(data, resource.items, unmasked),
          at: c.at.toISOString(),
        };
      }),
      nextCursor: rows.length ? Number(rows[rows.length - 1]!.seq) : after,
      lastSeq,
    };
  }

  // Quarantine

  async quarantine(resourceId: string, limit: number, offset: number) {
    await this.recordResource(resourceId);
    const rows = await exchangeRepo.quarantine(this.db, resourceId, limit, offset);
    return {
      total: Number(rows[0]?.total ?? 0),
      items: rows.map((x) => ({
        id: x.id,
        batchId: x.batch_id,
        row: Number(x.row_no),
        raw: x.raw,
        errors: x.errors as RowErrorT[],
        createdAt: x.created_at.toISOString(),
      })),
    };
  }

  async quarantinedResource(id: string): Promise<string> {
    const row = await exchangeRepo.openQuarantined(this.db, id);
    if (!row) throw new AppError('EXCHANGE_QUARANTINE_NOT_FOUND', { id });
    return row.resource_id;
  }

  /** The steward's corrected row goes through the same ingest path; the quarantined row closes with it. */
  async resubmit(actor: Actor, id: string, values: Record<string, unknown>): Promise<IngestResultT> {
    const resourceId = await this.quarantinedResource(id);
    const result = await this.ingest(actor, resourceId, [{ row: 1, values }], {
      source: 'quarantine',
      mode: 'upsert',
      onError: 'reject',
      beforeCommit: async (tx) => {
        if (!(await exchangeRepo.openQuarantined(tx, id)))
          throw new AppError('EXCHANGE_QUARANTINE_NOT_FOUND', { id });
        await exchangeRepo.resolveQuarantined(tx, id, 'resubmitted', actor.name);
      },
    });
    return result;
  }

  async discard(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await exchangeRepo.openQuarantined(tx, id);
      if (!row) throw new AppError('EXCHANGE_QUARANTINE_NOT_FOUND', { id });
      await exchangeRepo.resolveQuarantined(tx, id, 'discarded', actor.name);
      await this.audit.record(
        actor,
        {
          action: 'exchange.quarantine.discard',
          objectType: 'exchange_quarantine',
          objectId: id,
          outcome: 'success',
          details: { resourceId: row.resource_id },
        },
        tx,
      );
    });
  }

  async quality(reach: Reach, days: number, departmentId?: string): Promise<QualityReportT> {
    if (reach.kind === 'none') return { days, resources: [] };
    let ids = reach.kind === 'departments' ? reach.ids : null;
    if (departmentId) ids = ids ? ids.filter((d) => d === departmentId) : [departmentId];
    const rows = await exchangeRepo.quality(this.db, days, ids);
    const resources = new Map(
      (await this.catalog.publishedResources(rows.map((r) => r.resource_id))).map((r) => [r.id, r]),
    );
    return {
      days,
      resources: rows.map((r) => {
        const received = Number(r.rows_received);
        const rejected = Number(r.rows_rejected);
        return {
          resourceId: r.resource_id,
          resourceName: resources.get(r.resource_id)?.name ?? '',
          departmentName: resources.get(r.resource_id)?.departmentName ?? '',
          batches: r.batches,
          rejectedBatches: r.rejected_batches,
          rowsReceived: received,
          rowsRejected: rejected,
          errorRate: received ? rejected / received : 0,
          byRule: r.by_rule ?? {},
          openQuarantine: r.open_quarantine,
        };
      }),
    };
  }

  // Subscriptions

  async subscriptionRow(id: string): Promise<SubscriptionRow> {
    const s = await exchangeRepo.subscription(this.db, id);
    if (!s) throw new AppError('EXCHANGE_SUBSCRIPTION_NOT_FOUND', { id });
    return s;
  }

  /** The webhook signing key of a subscription (for the delivery worker only). */
  subscriptionSecret(s: SubscriptionRow): string | null {
    return s.secret_enc ? this.secrets.open(s.secret_enc) : null;
  }

  async subscriptions(f: {
    consumerIds: string[] | null;
    providerIds: string[] | null;
    resourceId?: string | undefined;
  }): Promise<SubscriptionT[]> {
    return this.presentSubscriptions(await exchangeRepo.subscriptions(this.db, f));
  }

  async subscription(id: string): Promise<SubscriptionT> {
    return (await this.presentSubscriptions([await this.subscriptionRow(id)]))[0]!;
  }

  private async presentSubscriptions(rows: SubscriptionRow[]): Promise<SubscriptionT[]> {
    const resources = new Map(
      (await this.catalog.publishedResources([...new Set(rows.map((r) => r.resource_id))])).map((r) => [
        r.id,
        r,
      ]),
    );
    const depts = await this.org.getMany(rows.map((r) => r.consumer_department_id));
    return rows.map((s) => {
      const r = resources.get(s.resource_id);
      const acked = Number(s.acked_seq);
      const last = Number(s.last_seq);
      return {
        id: s.id,
        resourceId: s.resource_id,
        resourceCode: r?.code ?? '',
        resourceName: r?.name ?? '',
        providerDepartmentName: r?.departmentName ?? '',
        consumerDepartmentId: s.consumer_department_id,
        consumerDepartmentName: depts.get(s.consumer_department_id)?.name ?? '',
        items: s.items,
        mode: s.mode,
        webhookUrl: s.webhook_url,
        status: s.status,
        ackedSeq: acked,
        lastSeq: last,
        lag: Math.max(0, last - acked),
        attempts: s.attempts,
        maxAttempts: s.max_attempts,
        nextAttemptAt: s.next_attempt_at.toISOString(),
        lastError: s.last_error,
        lastDeliveredAt: s.last_delivered_at?.toISOString() ?? null,
        createdAt: s.created_at.toISOString(),
      };
    });
  }

  /**
   * Subscribes a consumer department. 无条件共享 resources are self-service; 有条件共享 ones need a grant in force
   * with the subscription mode (see subscriptionView); 不予共享 ones cannot be subscribed to.
   */
  async subscribe(
    actor: Actor,
    input: SubscriptionInputT,
  ): Promise<{ subscription: SubscriptionT; secret: string | null }> {
    const resource = await this.recordResource(input.resourceId);
    await this.org.get(input.consumerDepartmentId);
    if (resource.sharingType === 'none')
      throw new AppError('EXCHANGE_SHARING_NONE', {
        resourceId: resource.id,
        legalBasis: resource.sharingCondition,
      });
    const names = new Set(resource.items.map((i) => i.name));
    const unknown = (input.items ?? []).filter((i) => !names.has(i));
    if (unknown.length)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: unknown.map((name) => ({
          field: 'items',
          code: 'UNKNOWN_ITEM',
          message: { zh: `目录中没有信息项「${name}」`, en: `The catalog has no item "${name}"` },
        })),
      });
    // 有条件共享: only within a grant that includes the subscription mode (the operator included).
    const view = await this.subscriptionView(resource, input.consumerDepartmentId, input.items ?? null);
    if (resource.sharingType === 'conditional' && input.items) {
      const allowed = new Set(view.items);
      const outside = input.items.filter(
        (i) => !allowed.has(i) && !resource.items.some((x) => x.isKey && x.name === i),
      );
      if (outside.length) throw new AppError('SHARING_ITEM_NOT_GRANTED', { items: outside });
    }
    if (input.mode === 'webhook' && !input.webhookUrl)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: [
          {
            field: 'webhookUrl',
            code: 'REQUIRED',
            message: { zh: '推送订阅需要接收地址', en: 'A webhook subscription needs a URL' },
          },
        ],
      });
    const secret = input.mode === 'webhook' ? randomToken(32) : null;
    const id = await this.db.transaction(async (tx) => {
      if (await exchangeRepo.subscriptionExists(tx, resource.id, input.consumerDepartmentId))
        throw new AppError('EXCHANGE_SUBSCRIPTION_EXISTS', { resourceId: resource.id });
      const head = await exchangeRepo.resourceStates(tx, [resource.id]);
      const id = await exchangeRepo.insertSubscription(tx, {
        resourceId: resource.id,
        consumerDepartmentId: input.consumerDepartmentId,
        items: input.items ?? null,
        mode: input.mode,
        webhookUrl: input.mode === 'webhook' ? input.webhookUrl! : null,
        secretEnc: secret && this.secrets.seal(secret),
        maxAttempts: input.maxAttempts ?? 16,
        ackedSeq: input.from === 'latest' ? Number(head.get(resource.id)?.last_seq ?? 0) : 0,
        createdBy: actor.name,
      });
      await this.audit.record(
        actor,
        {
          action: 'exchange.subscribe',
          objectType: 'exchange_subscription',
          objectId: id,
          departmentId: input.consumerDepartmentId,
          outcome: 'success',
          details: {
            resourceId: resource.id,
            code: resource.code,
            mode: input.mode,
            items: input.items ?? null,
          },
        },
        tx,
      );
      return id;
    });
    return { subscription: await this.subscription(id), secret };
  }

  async patchSubscription(actor: Actor, id: string, patch: SubscriptionPatchT): Promise<SubscriptionT> {
    const s = await this.subscriptionRow(id);
    await this.db.transaction(async (tx) => {
      await exchangeRepo.patchSubscription(tx, id, patch);
      await this.audit.record(
        actor,
        {
          action: 'exchange.subscription.update',
          objectType: 'exchange_subscription',
          objectId: id,
          departmentId: s.consumer_department_id,
          outcome: 'success',
          details: { ...patch },
        },
        tx,
      );
    });
    return this.subscription(id);
  }

  async unsubscribe(actor: Actor, id: string): Promise<void> {
    const s = await this.subscriptionRow(id);
    await this.db.transaction(async (tx) => {
      await exchangeRepo.deleteSubscription(tx, id);
      await this.audit.record(
        actor,
        {
          action: 'exchange.unsubscribe',
          objectType: 'exchange_subscription',
          objectId: id,
          departmentId: s.consumer_department_id,
          outcome: 'success',
          details: { resourceId: s.resource_id },
        },
        tx,
      );
    });
  }

  /** A pull read: the changes after the cursor, logged as a delivery and audited. */
  async pull(actor: Actor, id: string, after: number | undefined, limit: number): Promise<ChangesPageT> {
    const s = await this.subscriptionRow(id);
    const resource = await this.recordResource(s.resource_id);
    const from = after ?? Number(s.acked_seq);
    if (from > Number(s.last_seq))
      throw new AppError('EXCHANGE_CURSOR_INVALID', { after: from, lastSeq: Number(s.last_seq) });
    const started = Date.now();
    let view: RecordView;
    try {
      view = await this.subscriptionView(resource, s.consumer_department_id, s.items);
    } catch (err) {
      // A pull outside the consumer's grant is a refused data access: it leaves its trace like any other.
      if (err instanceof AppError)
        await this.audit.record(actor, {
          action: 'exchange.pull',
          objectType: 'exchange_subscription',
          objectId: s.id,
          departmentId: s.consumer_department_id,
          outcome: 'denied',
          details: { resourceId: s.resource_id, code: err.code },
        });
      throw err;
    }
    const page = await this.changes(resource, from, limit, view);
    await this.db.transaction(async (tx) => {
      if (page.changes.length)
        await exchangeRepo.insertDelivery(tx, {
          subscriptionId: s.id,
          resourceId: s.resource_id,
          consumerDepartmentId: s.consumer_department_id,
          mode: 'pull',
          fromSeq: page.changes[0]!.seq,
          toSeq: page.nextCursor,
          changes: page.changes.length,
          bytes: Buffer.byteLength(JSON.stringify(page.changes)),
          attempt: 1,
          outcome: 'delivered',
          statusCode: 200,
          error: null,
          worker: null,
          durationMs: Date.now() - started,
        });
      await this.audit.record(
        actor,
        {
          action: 'exchange.pull',
          objectType: 'exchange_subscription',
          objectId: s.id,
          departmentId: s.consumer_department_id,
          outcome: 'success',
          details: {
            resourceId: s.resource_id,
            after: from,
            changes: page.changes.length,
            next: page.nextCursor,
          },
        },
        tx,
      );
    });
    return page;
  }

  async ack(actor: Actor, id: string, cursor: number): Promise<SubscriptionT> {
    const s = await this.subscriptionRow(id);
    if (cursor > Number(s.last_seq))
      throw new AppError('EXCHANGE_CURSOR_INVALID', { cursor, lastSeq: Number(s.last_seq) });
    await this.db.transaction(async (tx) => {
      await exchangeRepo.ack(tx, id, cursor);
      await this.audit.record(
        actor,
        {
          action: 'exchange.ack',
          objectType: 'exchange_subscription',
          objectId: id,
          departmentId: s.consumer_department_id,
          outcome: 'success',
          details: { cursor },
        },
        tx,
      );
    });
    return this.subscription(id);
  }

  async deliveries(id: string, limit: number) {
    const rows = await exchangeRepo.deliveries(this.db, id, limit);
    return rows.map((d) => ({
      id: d.id,
      subscriptionId: d.subscription_id,
      mode: d.mode,
      fromSeq: Number(d.from_seq),
      toSeq: Number(d.to_seq),
      changes: d.changes,
      bytes: Number(d.bytes),
      attempt: d.attempt,
      outcome: d.outcome,
      statusCode: d.status_code,
      error: d.error,
      durationMs: d.duration_ms,
      at: d.at.toISOString(),
    }));
  }

  async deadLetters(subscriptionIds: string[] | null, open: boolean) {
    const rows = await exchangeRepo.deadLetters(this.db, subscriptionIds, open);
    const resources = new Map(
      (await this.catalog.publishedResources([...new Set(rows.map((r) => r.resource_id))])).map((r) => [
        r.id,
        r,
      ]),
    );
    const depts = await this.org.getMany(rows.map((r) => r.consumer_department_id));
    return rows.map((d) => ({
      id: d.id,
      subscriptionId: d.subscription_id,
      resourceId: d.resource_id,
      resourceName: resources.get(d.resource_id)?.name ?? '',
      consumerDepartmentId: d.consumer_department_id,
      consumerDepartmentName: depts.get(d.consumer_department_id)?.name ?? '',
      fromSeq: Number(d.from_seq),
      toSeq: Number(d.to_seq),
      attempts: d.attempts,
      lastError: d.last_error,
      createdAt: d.created_at.toISOString(),
      redeliveredAt: d.redelivered_at?.toISOString() ?? null,
    }));
  }

  async deadLetterSubscription(id: string): Promise<SubscriptionRow> {
    const d = await exchangeRepo.deadLetter(this.db, id);
    if (!d || d.redelivered_at) throw new AppError('EXCHANGE_DEAD_LETTER_NOT_FOUND', { id });
    return this.subscriptionRow(d.subscription_id);
  }

  async redeliver(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const d = await exchangeRepo.deadLetter(tx, id);
      if (!d || d.redelivered_at) throw new AppError('EXCHANGE_DEAD_LETTER_NOT_FOUND', { id });
      await exchangeRepo.redeliver(tx, id, d.subscription_id, actor.name);
      await this.audit.record(
        actor,
        {
          action: 'exchange.redeliver',
          objectType: 'exchange_subscription',
          objectId: d.subscription_id,
          outcome: 'success',
          details: { deadLetterId: id },
        },
        tx,
      );
    });
    this.#events.emit('committed', { resourceId: '', lastSeq: 0 });
  }

  // Figures

  async stats(query: StatsQueryT): Promise<StatsReportT> {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const to = query.to ?? today;
    const from = query.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
    if (from > to)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: [
          { field: 'from', code: 'RANGE', message: { zh: '开始日期晚于结束日期', en: 'from is after to' } },
        ],
      });
    const ids = query.departmentId ? [query.departmentId] : null;
    const rows = await exchangeRepo.stats(this.db, from, to, ids);
    const totals = await exchangeRepo.totals(this.db, ids);
    const heldNow = await exchangeRepo.heldByDepartment(this.db, ids);
    const depts = await this.org.getMany([
      ...rows.map((r) => r.department_id),
      ...heldNow.map((h) => h.department_id),
    ]);
    const received = rows.reduce((n, r) => n + Number(r.records_received), 0);
    const exchanges = rows.reduce((n, r) => n + Number(r.exchanges), 0);
    const deliveredInRange = rows.reduce((n, r) => n + Number(r.records_delivered), 0);
    return {
      from,
      to,
      totals: {
        recordsHeld: Number(totals.records_held),
        recordsReceived: received,
        recordsDelivered: deliveredInRange,
        exchanges,
        cumulativeShared: Number(totals.delivered),
        resourcesWithData: totals.resources_with_data,
        subscriptions: totals.subscriptions,
      },
      departments: heldNow.map((h) => ({
        departmentId: h.department_id,
        departmentName: depts.get(h.department_id)?.name ?? '',
        recordsHeld: Number(h.records_held),
        resources: h.resources,
      })),
      rows: rows.map((r) => ({
        day: r.day,
        departmentId: r.department_id,
        departmentName: depts.get(r.department_id)?.name ?? '',
        recordsHeld: Number(r.records_held),
        recordsReceived: Number(r.records_received),
        recordsDelivered: Number(r.records_delivered),
        exchanges: Number(r.exchanges),
        cumulativeShared: Number(r.cumulative_shared),
      })),
    };
  }
}
