/**
 * One batch's writing inside its transaction. Rows are checked one by one as they are read and streamed with COPY
 * into the session's staging table, so PostgreSQL stores piece k while the server parses and checks piece k+1.
 * When the source ends, a few set-based statements (stage-repo.ts) classify the staged rows against the records
 * held, log the changes and move the records' pointers; a snapshot then deletes what it did not name. The batch's
 * counts accumulate in `result`.
 */
import type { Db, Queryable } from '../../db/index.ts';
import { KeyFingerprints } from './key-set.ts';
import type { IngestResultT, RowErrorT } from './schema.ts';
import { APPEND_COPY, copyEscape as esc, joinPlan, STAGE_COPY, stageRepo } from './stage-repo.ts';
import { sanitizeText } from './text.ts';
import type { IngestMode, OnError, RowError, SourceRow } from './types.ts';
import type { RecordSchema } from './validate.ts';

/** Rejected rows a result lists; the rest are counted. */
export const MAX_LISTED_ERRORS = 1000;
/**
 * Characters handed to the COPY stream at a time. Small enough that each piece's bytes stay under glibc's mmap
 * threshold and reuse the same heap chunks: with 256 Ki-character pieces the process heap grew by ~100 MB over
 * three 200k-row pushes (freed pieces fragmenting it) against ~30 MB now, at the same speed.
 */
const PIECE_CHARS = 32 * 1024;
/**
 * Characters per COPY statement: PostgreSQL streams each one, PGlite gathers it into one blob first, so this bounds
 * the embedded engine's memory whatever the batch size.
 */
const SEGMENT_CHARS = 16 * 1024 * 1024;

type RowIterator = AsyncIterator<SourceRow> | Iterator<SourceRow>;

export class BatchWriter {
  /** Rule code → rows that broke it. */
  readonly errorCounts: Record<string, number> = {};
  /** Set by the first bad row of a batch that refuses on error. */
  failed = false;
  /** The change-log head as this batch has moved it. */
  seq: number;

  /** Rows staged: records and deletions (named) plus quarantined rows. */
  #staged = 0;
  #named = 0;
  #keys = new KeyFingerprints();
  #repeated = false;
  /**
   * The direct path: while the resource held nothing when the batch began, and every row so far is a new key, rows
   * are appended to the change log as inserts (no staging, no classification); `#appendedRows` keeps their row
   * numbers in case a later row (a deletion, a repeated key) needs the staged path after all.
   */
  #direct: boolean;
  #appendedRows = new RowNumbers();
  #carry = '';
  readonly #atText: string;

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
      /** Records the resource held when the batch began (chooses the join method). */
      recordsHeld: number;
    },
  ) {
    this.seq = batch.baseSeq;
    this.#direct = batch.recordsHeld === 0 && batch.onError === 'reject';
    this.#atText = batch.at.toISOString();
  }

  /** A refused batch stops writing at its first bad row; a dry run goes on, so a preview counts every good row. */
  get writing(): boolean {
    return !this.failed || this.batch.dryRun;
  }

  /** Checks every row of the source and stages the good ones (and the quarantined ones). */
  async consume(rows: AsyncIterable<SourceRow> | Iterable<SourceRow>): Promise<void> {
    await stageRepo.open(this.tx);
    const it: RowIterator =
      Symbol.asyncIterator in rows
        ? rows[Symbol.asyncIterator]()
        : (rows as Iterable<SourceRow>)[Symbol.iterator]();
    const state = { done: false };
    while (!state.done) {
      const direct = this.#direct;
      await this.db.copyIn(direct ? APPEND_COPY : STAGE_COPY, this.#segment(it, state), this.tx);
      if (direct && !this.#direct) await this.#unwindAppended();
    }
  }

  /**
   * COPY text of the next rows, up to SEGMENT_CHARS; sets `state.done` when the source ends. A row that ends the
   * direct path ends the segment too, and opens the next one (into the staging table).
   */
  async *#segment(it: RowIterator, state: { done: boolean }): AsyncGenerator<string> {
    let piece = this.#carry;
    this.#carry = '';
    let sent = 0;
    for (;;) {
      const next = await it.next();
      if (next.done) {
        state.done = true;
        break;
      }
      const direct = this.#direct;
      const line = this.#line(next.value);
      if (direct && !this.#direct) {
        this.#carry = line;
        break;
      }
      piece += line;
      if (piece.length >= PIECE_CHARS) {
        sent += piece.length;
        yield piece;
        piece = '';
        if (sent >= SEGMENT_CHARS) break;
      }
    }
    if (piece) yield piece;
  }

  /** The COPY line of one source row ('' when nothing is written for it). */
  #line(source: SourceRow): string {
    this.result.received++;
    if (source.error) return this.#reject(source.row, undefined, [source.error], null);
    const { mode } = this.batch;
    const checked = this.schema.check(source.values, source.row, { allowDelete: mode === 'upsert' });
    if (!checked.ok) return this.#reject(source.row, source.values, checked.errors, checked.key);
    if (!this.writing) return '';
    this.#staged++;
    this.#named++;
    if (this.#keys.add(checked.key)) this.#repeated = true;
    // A deletion or a repeated key needs the classification: from here on the batch is staged.
    if (this.#direct && (this.#repeated || checked.delete)) this.#direct = false;
    if (this.#direct) {
      this.#appendedRows.push(source.row);
      const { resourceId, batchId } = this.batch;
      const seq = this.batch.baseSeq + this.#appendedRows.length;
      return `${resourceId}\t${seq}\tI\t${esc(checked.key)}\t${esc(checked.json!)}\t${checked.hash}\t${batchId}\t${this.#atText}\n`;
    }
    return checked.delete
      ? `${source.row}\tD\t${esc(checked.key)}\t\\N\t\\N\t\\N\n`
      : `${source.row}\tR\t${esc(checked.key)}\t${checked.hash}\t${esc(checked.json!)}\t\\N\n`;
  }

  /** The direct path ended: what it appended to the change log moves into the staging table, in row order. */
  async #unwindAppended(): Promise<void> {
    const { resourceId, baseSeq } = this.batch;
    await stageRepo.unwindAppended(this.tx, resourceId, baseSeq, this.#appendedRows.toArray());
    this.#appendedRows = new RowNumbers();
  }

  /**
   * A bad row: listed and counted; quarantined (its key, when valid, kept from a snapshot's deletion) or the batch
   * fails. Returns the staging line of a quarantined row.
   */
  #reject(
    row: number,
    raw: Record<string, unknown> | undefined,
    errors: RowError[],
    key: string | null,
  ): string {
    this.result.rejectedTotal++;
    for (const e of errors) {
      this.errorCounts[e.code] = (this.errorCounts[e.code] ?? 0) + 1;
      if (this.result.rejected.length < MAX_LISTED_ERRORS) this.result.rejected.push(e as RowErrorT);
    }
    if (this.batch.onError !== 'quarantine') {
      this.failed = true;
      return '';
    }
    if (!this.writing) return '';
    this.#staged++;
    // Stored as jsonb: text PostgreSQL refuses (NUL, lone surrogates) is replaced, the errors say where it was.
    const rawJson = JSON.stringify(sanitizeRaw(raw ?? {}));
    return `${row}\tQ\t${key === null ? '\\N' : esc(key)}\t\\N\t${esc(rawJson)}\t${esc(JSON.stringify(errors))}\n`;
  }

  /**
   * The batch's set-based writes: a snapshot names each key once (a repeated key makes the set ambiguous, so the
   * batch is refused), the staged rows are classified and applied, a snapshot deletes every record it did not
   * name, and quarantined rows are set aside.
   */
  async finish(): Promise<void> {
    if (this.#direct) {
      // Every row was a new key of an empty resource: the keys point at the changes just appended.
      const appended = this.#appendedRows.length;
      if (!this.writing || appended === 0) return;
      await stageRepo.pointAtAppended(this.tx, this.batch.resourceId, this.batch.baseSeq, this.batch.at);
      this.result.inserted += appended;
      this.seq += appended;
      return;
    }
    if (!this.writing || this.#staged === 0) {
      if (this.writing && this.batch.mode === 'snapshot') await this.#deleteUnnamed();
      return;
    }
    const { tx } = this;
    const { resourceId, batchId, at, mode } = this.batch;
    if (mode === 'snapshot' && this.#repeated && (await this.#refuseRepeatedKeys())) return;
    const applied = await stageRepo.apply(tx, {
      resourceId,
      batchId,
      at,
      after: this.seq,
      repeated: mode === 'upsert' && this.#repeated,
      plan: joinPlan(this.#staged, this.batch.recordsHeld),
    });
    const named = this.#named;
    this.result.inserted += applied.inserted;
    this.result.updated += applied.updated;
    this.result.deleted += applied.deleted;
    this.result.unchanged += named - applied.inserted - applied.updated - applied.deleted;
    this.seq += applied.inserted + applied.updated + applied.deleted;
    if (mode === 'snapshot') await this.#deleteUnnamed();
    if (this.batch.onError === 'quarantine')
      this.result.quarantined += await stageRepo.quarantine(tx, resourceId, batchId);
  }

  async #deleteUnnamed(): Promise<void> {
    const { resourceId, batchId, at } = this.batch;
    const deleted = await stageRepo.deleteUnnamed(this.tx, { resourceId, batchId, at, after: this.seq });
    this.result.deleted += deleted;
    this.seq += deleted;
  }

  /** Lists the rows that repeat a key of the snapshot and fails the batch; false when no key is repeated. */
  async #refuseRepeatedKeys(): Promise<boolean> {
    const repeated = await stageRepo.repeatedKeys(this.tx, MAX_LISTED_ERRORS);
    if (!repeated.length) return false;
    const field = this.schema.keyItems.join(',');
    for (const d of repeated)
      for (const row of d.rows.slice(1))
        this.#reject(
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
    this.failed = true;
    return true;
  }
}

/** Row numbers in a growable typed array: 8 bytes a row, however long the batch. */
class RowNumbers {
  #rows = new Float64Array(1024);
  length = 0;

  push(row: number): void {
    if (this.length === this.#rows.length) {
      const grown = new Float64Array(this.#rows.length * 2);
      grown.set(this.#rows);
      this.#rows = grown;
    }
    this.#rows[this.length++] = row;
  }

  toArray(): number[] {
    return Array.from(this.#rows.subarray(0, this.length));
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
