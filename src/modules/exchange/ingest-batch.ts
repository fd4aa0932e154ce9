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
import { copyEscape as esc, joinPlan, STAGE_COPY, stageRepo } from './stage-repo.ts';
import { sanitizeText } from './text.ts';
import type { IngestMode, OnError, RowError, SourceRow } from './types.ts';
import type { RecordSchema } from './validate.ts';

/** Rejected rows a result lists; the rest are counted. */
export const MAX_LISTED_ERRORS = 1000;
/** Characters handed to the COPY stream at a time. */
const PIECE_CHARS = 256 * 1024;
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
    while (!state.done) await this.db.copyIn(STAGE_COPY, this.#segment(it, state), this.tx);
  }

  /** COPY text of the next rows, up to SEGMENT_CHARS; sets `state.done` when the source ends. */
  async *#segment(it: RowIterator, state: { done: boolean }): AsyncGenerator<string> {
    let piece = '';
    let sent = 0;
    for (;;) {
      const next = await it.next();
      if (next.done) {
        state.done = true;
        break;
      }
      piece += this.#line(next.value);
      if (piece.length >= PIECE_CHARS) {
        sent += piece.length;
        yield piece;
        piece = '';
        if (sent >= SEGMENT_CHARS) break;
      }
    }
    if (piece) yield piece;
  }

  /** The staging line of one source row ('' when nothing is staged for it). */
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
    return checked.delete
      ? `${source.row}\tD\t${esc(checked.key)}\t\\N\t\\N\t\\N\n`
      : `${source.row}\tR\t${esc(checked.key)}\t${checked.hash}\t${esc(checked.json!)}\t\\N\n`;
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
