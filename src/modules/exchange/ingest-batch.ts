/**
 * One batch's writing inside its transaction: rows are checked one by one, gathered into chunks, classified
 * against the records held (insert, update, unchanged, delete) and applied with their change-log entries; a
 * snapshot finally deletes what it did not name. The batch's counts accumulate in `result`.
 */
import type { Db, Queryable } from '../../db/index.ts';
import { exchangeRepo, type NewChange } from './repo.ts';
import type { IngestResultT, RowErrorT } from './schema.ts';
import { sanitizeText } from './text.ts';
import type { IngestMode, OnError, RowError, SourceRow } from './types.ts';
import type { RecordSchema } from './validate.ts';

/** Rows validated and written together; bounds memory whatever the batch size. */
export const CHUNK = 2000;
/** Rejected rows a result lists; the rest are counted. */
export const MAX_LISTED_ERRORS = 1000;

interface Pending {
  row: number;
  key: string;
  json: string | null;
  hash: string;
  del: boolean;
}

interface Plan {
  changes: NewChange[];
  counts: { inserted: number; updated: number; unchanged: number; deleted: number };
  next: number;
}

export class BatchWriter {
  /** Rule code → rows that broke it. */
  readonly errorCounts: Record<string, number> = {};
  /** Set by the first bad row of a batch that refuses on error. */
  failed = false;
  /** The change-log head as this batch has moved it. */
  seq: number;

  #pending: Pending[] = [];
  #pendingKeys = new Set<string>();
  #seen: { key: string; row: number; kept: boolean }[] = [];
  #quarantine: { row: number; raw: Record<string, unknown>; errors: RowError[] }[] = [];
  /**
   * While the resource held nothing when the batch began, every key is new unless the batch itself repeats one:
   * chunks then skip the lookup, under a savepoint, and a key conflict replays the chunk with it.
   */
  #empty: boolean;

  constructor(
    private readonly db: Db,
    private readonly tx: Queryable,
    private readonly schema: RecordSchema,
    private readonly result: IngestResultT,
    private readonly batch: {
      resourceId: string;
      batchId: string;
      at: Date;
      mode: IngestMode;
      onError: OnError;
      dryRun: boolean;
      baseSeq: number;
      recordsHeld: number;
    },
  ) {
    this.seq = batch.baseSeq;
    this.#empty = batch.recordsHeld === 0;
  }

  /** A refused batch stops writing at its first bad row; a dry run goes on, so a preview counts every good row. */
  get writing(): boolean {
    return !this.failed || this.batch.dryRun;
  }

  async begin(): Promise<void> {
    if (this.batch.mode === 'snapshot') await exchangeRepo.createSeen(this.tx);
  }

  /** Checks every row of the source and writes them chunk by chunk. */
  async consume(rows: AsyncIterable<SourceRow> | Iterable<SourceRow>): Promise<void> {
    const { mode } = this.batch;
    for await (const source of rows) {
      this.result.received++;
      if (source.error) {
        this.reject(source.row, undefined, [source.error], null);
      } else {
        const checked = this.schema.check(source.values, source.row, { allowDelete: mode === 'upsert' });
        if (!checked.ok) this.reject(source.row, source.values, checked.errors, checked.key);
        else {
          // The same key twice in one chunk: write what came before first, so the later row sees it.
          if (this.#pendingKeys.has(checked.key)) await this.flush();
          this.#pending.push({
            row: source.row,
            key: checked.key,
            json: checked.json,
            hash: checked.hash,
            del: checked.delete,
          });
          this.#pendingKeys.add(checked.key);
          if (mode === 'snapshot') this.#seen.push({ key: checked.key, row: source.row, kept: false });
        }
      }
      if (this.#pending.length + this.#quarantine.length >= CHUNK) await this.flush();
    }
    await this.flush();
  }

  /** A bad row: listed and counted; quarantined (its key kept from snapshot deletion) or the batch fails. */
  reject(
    row: number,
    raw: Record<string, unknown> | undefined,
    errors: RowError[],
    key: string | null,
  ): void {
    this.result.rejectedTotal++;
    for (const e of errors) {
      this.errorCounts[e.code] = (this.errorCounts[e.code] ?? 0) + 1;
      if (this.result.rejected.length < MAX_LISTED_ERRORS) this.result.rejected.push(e as RowErrorT);
    }
    if (this.batch.onError === 'quarantine') {
      // Stored as jsonb: text PostgreSQL refuses (NUL, lone surrogates) is replaced, the errors say where it was.
      this.#quarantine.push({ row, raw: sanitizeRaw(raw ?? {}), errors });
      if (key !== null && this.batch.mode === 'snapshot') this.#seen.push({ key, row, kept: true });
    } else this.failed = true;
  }

  async flush(): Promise<void> {
    if (this.writing && this.#pending.length) await this.#applyPending();
    if (this.writing && this.#seen.length) await exchangeRepo.addSeen(this.db, this.tx, this.#seen);
    if (this.writing && this.#quarantine.length) {
      await exchangeRepo.insertQuarantine(
        this.tx,
        this.batch.resourceId,
        this.batch.batchId,
        this.#quarantine,
      );
      this.result.quarantined += this.#quarantine.length;
    }
    this.#pending = [];
    this.#pendingKeys = new Set();
    this.#seen = [];
    this.#quarantine = [];
  }

  /**
   * A snapshot's end: it names each key once (a repeated key makes the set ambiguous, so the batch is refused),
   * and every record it did not name is deleted and logged.
   */
  async closeSnapshot(): Promise<void> {
    if (this.batch.mode !== 'snapshot' || !this.writing) return;
    const dups = await exchangeRepo.seenDuplicates(this.tx, MAX_LISTED_ERRORS);
    const field = this.schema.keyItems.join(',');
    for (const d of dups)
      for (const row of d.rows.slice(1))
        this.reject(
          Number(row),
          undefined,
          [
            {
              row: Number(row),
              field,
              code: 'DUPLICATE_KEY',
              message: `主键 ${d.record_key} 在本批次中重复出现（首次出现在第 ${d.rows[0]} 行）`,
            },
          ],
          null,
        );
    if (dups.length) {
      this.failed = true;
      return;
    }
    const { resourceId, batchId, at, baseSeq } = this.batch;
    this.result.deleted += await exchangeRepo.deleteUnseen(this.tx, resourceId, batchId, at, this.seq);
    this.seq = baseSeq + this.result.inserted + this.result.updated + this.result.deleted;
  }

  #classify(stored: Map<string, string>): Plan {
    const counts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
    const changes: NewChange[] = [];
    let next = this.seq;
    for (const p of this.#pending) {
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
  }

  async #applyPending(): Promise<void> {
    const { tx, db } = this;
    const { resourceId, batchId, at } = this.batch;
    let plan: Plan | undefined;
    if (this.#empty) {
      plan = this.#classify(new Map());
      await tx.query('SAVEPOINT exchange_chunk');
      try {
        await exchangeRepo.applyChanges(db, tx, resourceId, batchId, at, plan.changes);
        await tx.query('RELEASE SAVEPOINT exchange_chunk');
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err;
        await tx.query('ROLLBACK TO SAVEPOINT exchange_chunk');
        this.#empty = false;
        plan = undefined;
      }
    }
    if (!plan) {
      const stored = await exchangeRepo.hashesOf(
        tx,
        resourceId,
        this.#pending.map((p) => p.key),
      );
      plan = this.#classify(stored);
      await exchangeRepo.applyChanges(db, tx, resourceId, batchId, at, plan.changes);
    }
    this.seq = plan.next;
    this.result.inserted += plan.counts.inserted;
    this.result.updated += plan.counts.updated;
    this.result.unchanged += plan.counts.unchanged;
    this.result.deleted += plan.counts.deleted;
  }
}

/** A rejected row's raw values with names and text made storable (nested values included). */
function sanitizeRaw(raw: Record<string, unknown>): Record<string, unknown> {
  const clean = (v: unknown): unknown => {
    if (typeof v === 'string') return sanitizeText(v);
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [sanitizeText(k), clean(x)]));
    return v;
  };
  return clean(raw) as Record<string, unknown>;
}
