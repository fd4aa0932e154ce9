/**
 * The ingest use case: every way records come in (push, upload, connector page, seed, a quarantined row fixed)
 * ends here. The steps, in order: resolve the resource and its validator → answer a repeated Idempotency-Key from
 * the stored result → lock the resource's stream → check and stage the rows, then apply them set-based
 * (BatchWriter) → commit the stream head, the batch row, the catalog's last change and the audit entry together.
 * A refused or broken batch rolls everything back and is then logged and audited on its own.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor } from '../audit/index.ts';
import type { Resource } from '../catalog/index.ts';
import type { ExchangeCore } from './core.ts';
import { BatchWriter } from './ingest-batch.ts';
import { presentResult } from './presenters.ts';
import { exchangeRepo, type BatchInsert, type BatchRow } from './repo.ts';
import type { IngestResultT } from './schema.ts';
import type { BatchSource, IngestMode, OnError, SourceRow } from './types.ts';

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

type Rows = AsyncIterable<SourceRow> | Iterable<SourceRow>;

class Rejected extends Error {}
class DryRun extends Error {}

/** What one ingest call knows about its batch, from start to log. */
interface BatchContext {
  actor: Actor;
  resource: Resource;
  opts: IngestOptions;
  result: IngestResultT;
  errorCounts: Record<string, number>;
  startedAt: Date;
}

/** A batch's result before its first row. */
export function emptyResult(batchId: string, resourceId: string, opts: IngestOptions): IngestResultT {
  return {
    batchId,
    resourceId,
    mode: opts.mode ?? 'upsert',
    onError: opts.onError ?? 'reject',
    dryRun: opts.dryRun ?? false,
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
}

export class IngestService {
  constructor(private readonly core: ExchangeCore) {}

  /**
   * Streams rows into one batch: validated against the catalog, diffed against the records held, and applied with
   * their change-log entries in one transaction. Nothing is stored unless the whole batch commits.
   */
  async ingest(actor: Actor, resourceId: string, rows: Rows, opts: IngestOptions): Promise<IngestResultT> {
    const resource = await this.core.recordResource(resourceId);
    const key = opts.idempotencyKey ?? null;
    const dryRun = opts.dryRun ?? false;
    if (key && !dryRun) {
      const earlier = await exchangeRepo.appliedBatchByKey(this.core.deps.db, resourceId, key);
      if (earlier) return this.#replay(earlier, rows, opts);
    }
    const ctx: BatchContext = {
      actor,
      resource,
      opts,
      result: emptyResult(randomUUID(), resourceId, opts),
      errorCounts: {},
      startedAt: new Date(),
    };
    let replayOf: BatchRow | undefined;
    try {
      // A whole snapshot can take longer than the pool's statement limit: this transaction gets the bulk one.
      replayOf = await this.core.deps.db.transaction((tx) => this.#write(tx, ctx, rows), { bulk: true });
    } catch (err) {
      if (err instanceof DryRun) return ctx.result;
      throw await this.#refused(ctx, err);
    }
    if (replayOf) return this.#replay(replayOf, rows, opts);
    const { result } = ctx;
    if (result.lastSeq !== null) this.core.committed(resourceId, result.lastSeq);
    return result;
  }

  /** The batch's transaction; answers the twin batch instead when one committed while this one waited. */
  async #write(tx: Queryable, ctx: BatchContext, rows: Rows): Promise<BatchRow | undefined> {
    const { resource, opts, result } = ctx;
    const key = opts.idempotencyKey ?? null;
    const stream = await exchangeRepo.lockStream(tx, resource.id, resource.departmentId);
    if (key && !result.dryRun) {
      // A twin request may have committed while this one waited for the stream lock.
      const twin = await exchangeRepo.appliedBatchByKey(tx, resource.id, key);
      if (twin) return twin;
    }
    const baseSeq = Number(stream.last_seq);
    const writer = new BatchWriter(this.core.deps.db, tx, this.core.schemaOf(resource), result, {
      resourceId: resource.id,
      batchId: result.batchId,
      at: ctx.startedAt,
      mode: result.mode,
      onError: result.onError,
      dryRun: result.dryRun,
      baseSeq,
      recordsHeld: Number(stream.records_held),
    });
    ctx.errorCounts = writer.errorCounts;
    await writer.consume(rows);
    await writer.finish();
    if (writer.failed && !result.dryRun) throw new Rejected();

    result.bytes = opts.bytes?.() ?? 0;
    result.durationMs = Date.now() - ctx.startedAt.getTime();
    if (writer.seq > baseSeq) {
      result.firstSeq = baseSeq + 1;
      result.lastSeq = writer.seq;
    }
    if (result.dryRun) throw new DryRun();
    await this.#commit(tx, ctx, writer.seq > baseSeq ? writer.seq : null);
    return undefined;
  }

  /** The batch's last writes, in its own commit: stream head, exchange log, catalog freshness, audit. */
  async #commit(tx: Queryable, ctx: BatchContext, lastSeq: number | null): Promise<void> {
    const { resource, opts, result, actor, startedAt } = ctx;
    const changed = lastSeq !== null;
    if (changed)
      await exchangeRepo.advanceStream(tx, resource.id, lastSeq, result.inserted - result.deleted, startedAt);
    await exchangeRepo.insertBatch(tx, {
      ...batchFields(ctx),
      outcome: 'applied',
      idempotencyKey: opts.idempotencyKey ?? null,
      bodyHash: opts.bodyDigest?.() ?? null,
    });
    if (changed) await this.core.deps.catalog.markDataChanged(resource.id, startedAt, tx);
    await opts.beforeCommit?.(tx, result);
    await this.core.deps.audit.record(
      actor,
      {
        action: 'exchange.ingest',
        objectType: 'catalog_resource',
        objectId: resource.id,
        departmentId: resource.departmentId,
        outcome: 'success',
        details: {
          batchId: result.batchId,
          source: opts.source,
          mode: result.mode,
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
  }

  /** After a rollback: logs and audits the refusal, and gives the error the caller should see. */
  async #refused(ctx: BatchContext, err: unknown): Promise<unknown> {
    const { result, errorCounts } = ctx;
    result.durationMs = Date.now() - ctx.startedAt.getTime();
    result.bytes = ctx.opts.bytes?.() ?? result.bytes;
    if (err instanceof Rejected) {
      await this.#logFailure(ctx, 'rejected', null);
      return new AppError('EXCHANGE_BATCH_REJECTED', {
        batchId: result.batchId,
        received: result.received,
        rejectedTotal: result.rejectedTotal,
        errorCounts,
        rejected: result.rejected,
      });
    }
    const message =
      err instanceof AppError ? err.localized('zh') : err instanceof Error ? err.message : String(err);
    await this.#logFailure(ctx, 'failed', message).catch(() => undefined);
    return err;
  }

  /** A refused batch stores no data, but the exchange log and the audit trail still say it came. */
  async #logFailure(ctx: BatchContext, outcome: 'rejected' | 'failed', message: string | null) {
    const { resource, result, opts, actor } = ctx;
    await this.core.deps.db.transaction(async (tx) => {
      await exchangeRepo.insertBatch(tx, {
        ...batchFields({
          ...ctx,
          result: { ...result, firstSeq: null, lastSeq: null, inserted: 0, updated: 0, deleted: 0 },
        }),
        outcome,
        idempotencyKey: null,
        bodyHash: null,
        errorMessage: message,
      });
      await this.core.deps.audit.record(
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
  async #replay(earlier: BatchRow, rows: Rows, opts: IngestOptions): Promise<IngestResultT> {
    // Read the body to its end: its digest is only known then.
    for await (const _ of rows) void _;
    const digest = opts.bodyDigest?.() ?? null;
    if (digest !== null && earlier.body_hash !== null && digest !== earlier.body_hash)
      throw new AppError('EXCHANGE_IDEMPOTENCY_CONFLICT', { batchId: earlier.id });
    return { ...presentResult(earlier), replayed: true };
  }
}

function batchFields(
  ctx: BatchContext,
): Omit<BatchInsert, 'outcome' | 'idempotencyKey' | 'bodyHash'> & { errorMessage: string | null } {
  const { result, resource, opts, actor, errorCounts, startedAt } = ctx;
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
    errorMessage: null,
    startedAt,
    durationMs: result.durationMs,
  };
}
