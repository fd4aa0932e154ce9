import { likeLiteral } from '../../db/sql.ts';
import type { Db, Queryable } from '../../db/index.ts';

/** COPY text-format escaping: JSON has no raw tabs or newlines, so only the backslash needs doubling. */
const esc = (s: string) => (s.includes('\\') ? s.replace(/\\/g, '\\\\') : s);

export interface StreamRow {
  last_seq: string;
  records_held: string;
}

export interface NewChange {
  seq: number;
  op: 'I' | 'U' | 'D';
  key: string;
  /** JSON text of the record; null for a delete. */
  json: string | null;
  hash: string;
}

export interface BatchRow {
  id: string;
  resource_id: string;
  department_id: string;
  source: string;
  mode: string;
  on_error: string;
  idempotency_key: string | null;
  body_hash: string | null;
  actor_name: string | null;
  outcome: string;
  received: string;
  inserted: string;
  updated: string;
  unchanged: string;
  deleted: string;
  rejected: string;
  bytes: string;
  first_seq: string | null;
  last_seq: string | null;
  error_counts: Record<string, number>;
  errors: unknown[];
  error_message: string | null;
  started_at: Date;
  duration_ms: number;
  at: Date;
}

export interface BatchInsert {
  id: string;
  resourceId: string;
  departmentId: string;
  source: string;
  mode: string;
  onError: string;
  idempotencyKey: string | null;
  bodyHash: string | null;
  actorId: string | null;
  actorName: string | null;
  outcome: 'applied' | 'rejected' | 'failed';
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  bytes: number;
  firstSeq: number | null;
  lastSeq: number | null;
  errorCounts: Record<string, number>;
  errors: unknown[];
  errorMessage: string | null;
  startedAt: Date;
  durationMs: number;
}

export interface ChangeRow {
  seq: string;
  op: 'I' | 'U' | 'D';
  record_key: string;
  data: Record<string, unknown> | null;
  at: Date;
}

/** One condition of a record query: an item compared with a typed value. */
export interface RecordFilter {
  item: string;
  op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'prefix';
  value: unknown;
}

export const exchangeRepo = {
  /** Creates the resource's stream row if needed and locks it for the rest of the transaction. */
  async lockStream(q: Queryable, resourceId: string, departmentId: string): Promise<StreamRow> {
    await q.query(
      `INSERT INTO exchange_stream (resource_id, department_id) VALUES ($1, $2) ON CONFLICT (resource_id) DO NOTHING`,
      [resourceId, departmentId],
    );
    const { rows } = await q.query<StreamRow>(
      `SELECT last_seq, records_held FROM exchange_stream WHERE resource_id = $1 FOR UPDATE`,
      [resourceId],
    );
    return rows[0]!;
  },

  async advanceStream(q: Queryable, resourceId: string, lastSeq: number, heldDelta: number, at: Date | null) {
    await q.query(
      `UPDATE exchange_stream SET last_seq = $2, records_held = records_held + $3,
         last_change_at = COALESCE($4, last_change_at) WHERE resource_id = $1`,
      [resourceId, lastSeq, heldDelta, at],
    );
  },

  async lastSeq(q: Queryable, resourceId: string): Promise<number> {
    const { rows } = await q.query<{ last_seq: string }>(
      `SELECT last_seq FROM exchange_stream WHERE resource_id = $1`,
      [resourceId],
    );
    return Number(rows[0]?.last_seq ?? 0);
  },

  async appliedBatchByKey(q: Queryable, resourceId: string, key: string): Promise<BatchRow | undefined> {
    const { rows } = await q.query<BatchRow>(
      `SELECT * FROM exchange_batch WHERE resource_id = $1 AND idempotency_key = $2 AND outcome = 'applied'`,
      [resourceId, key],
    );
    return rows[0];
  },

  /** The stored content hashes of those of `keys` the resource holds. */
  async hashesOf(q: Queryable, resourceId: string, keys: string[]): Promise<Map<string, string>> {
    const { rows } = await q.query<{ record_key: string; content_hash: string }>(
      `SELECT record_key, content_hash FROM exchange_record WHERE resource_id = $1 AND record_key = ANY($2::text[])`,
      [resourceId, keys],
    );
    return new Map(rows.map((r) => [r.record_key, r.content_hash]));
  },

  /** Appends changes to the log and applies them to the current records, in bulk. */
  async applyChanges(
    db: Db,
    tx: Queryable,
    resourceId: string,
    batchId: string,
    at: Date,
    changes: NewChange[],
  ) {
    if (!changes.length) return;
    const atText = at.toISOString();
    const log: string[] = [];
    const inserts: string[] = [];
    const updates: NewChange[] = [];
    const deletes: string[] = [];
    for (const c of changes) {
      log.push(
        `${resourceId}\t${c.seq}\t${c.op}\t${esc(c.key)}\t${c.json === null ? '\\N' : esc(c.json)}\t${batchId}\t${atText}\n`,
      );
      if (c.op === 'I')
        inserts.push(`${resourceId}\t${esc(c.key)}\t${esc(c.json!)}\t${c.hash}\t${c.seq}\t${atText}\n`);
      else if (c.op === 'U') updates.push(c);
      else deletes.push(c.key);
    }
    await db.copyIn(
      'COPY exchange_change (resource_id, seq, op, record_key, data, batch_id, at) FROM STDIN',
      [log.join('')],
      tx,
    );
    if (inserts.length)
      await db.copyIn(
        'COPY exchange_record (resource_id, record_key, data, content_hash, seq, updated_at) FROM STDIN',
        [inserts.join('')],
        tx,
      );
    if (updates.length)
      await tx.query(
        `UPDATE exchange_record r SET data = u.data, content_hash = u.hash, seq = u.seq, updated_at = $2
           FROM unnest($3::text[], $4::jsonb[], $5::text[], $6::bigint[]) AS u(record_key, data, hash, seq)
          WHERE r.resource_id = $1 AND r.record_key = u.record_key`,
        [
          resourceId,
          at,
          updates.map((u) => u.key),
          updates.map((u) => u.json),
          updates.map((u) => u.hash),
          updates.map((u) => u.seq),
        ],
      );
    if (deletes.length)
      await tx.query(`DELETE FROM exchange_record WHERE resource_id = $1 AND record_key = ANY($2::text[])`, [
        resourceId,
        deletes,
      ]);
  },

  /** The keys a snapshot has named so far (kept rows protect quarantined keys from deletion). */
  async createSeen(tx: Queryable) {
    await tx.query(
      `CREATE TEMP TABLE exchange_seen (record_key text NOT NULL, row_no bigint NOT NULL, kept boolean NOT NULL)
         ON COMMIT DROP`,
    );
  },

  async addSeen(db: Db, tx: Queryable, seen: { key: string; row: number; kept: boolean }[]) {
    if (!seen.length) return;
    await db.copyIn(
      'COPY exchange_seen (record_key, row_no, kept) FROM STDIN',
      [seen.map((s) => `${esc(s.key)}\t${s.row}\t${s.kept ? 't' : 'f'}\n`).join('')],
      tx,
    );
  },

  /** Keys a snapshot named more than once, with the rows that named them. */
  async seenDuplicates(tx: Queryable, limit: number): Promise<{ record_key: string; rows: string[] }[]> {
    const { rows } = await tx.query<{ record_key: string; rows: string[] }>(
      `SELECT record_key, array_agg(row_no ORDER BY row_no)::text[] AS rows FROM exchange_seen WHERE NOT kept
        GROUP BY record_key HAVING count(*) > 1 ORDER BY min(row_no) LIMIT $1`,
      [limit],
    );
    return rows;
  },

  /** Deletes every record the snapshot did not name, logging each as a change from seq `after` + 1. */
  async deleteUnseen(
    tx: Queryable,
    resourceId: string,
    batchId: string,
    at: Date,
    after: number,
  ): Promise<number> {
    const { rows } = await tx.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM exchange_record r
          WHERE r.resource_id = $1 AND NOT EXISTS (SELECT 1 FROM exchange_seen s WHERE s.record_key = r.record_key)
         RETURNING r.record_key),
       logged AS (
         INSERT INTO exchange_change (resource_id, seq, op, record_key, data, batch_id, at)
         SELECT $1, $4::bigint + row_number() OVER (ORDER BY record_key), 'D', record_key, NULL, $2, $3 FROM gone
         RETURNING 1)
       SELECT count(*)::int AS n FROM logged`,
      [resourceId, batchId, at, after],
    );
    return rows[0]!.n;
  },

  async insertQuarantine(
    tx: Queryable,
    resourceId: string,
    batchId: string,
    rows: { row: number; raw: Record<string, unknown>; errors: unknown[] }[],
  ) {
    if (!rows.length) return;
    await tx.query(
      `INSERT INTO exchange_quarantine (resource_id, batch_id, row_no, raw, errors)
       SELECT $1, $2, u.row_no, u.raw, u.errors FROM unnest($3::bigint[], $4::jsonb[], $5::jsonb[]) AS u(row_no, raw, errors)`,
      [
        resourceId,
        batchId,
        rows.map((r) => r.row),
        rows.map((r) => JSON.stringify(r.raw)),
        rows.map((r) => JSON.stringify(r.errors)),
      ],
    );
  },

  async insertBatch(q: Queryable, b: BatchInsert) {
    await q.query(
      `INSERT INTO exchange_batch (id, resource_id, department_id, source, mode, on_error, idempotency_key, body_hash,
         actor_id, actor_name, outcome, received, inserted, updated, unchanged, deleted, rejected, bytes, first_seq,
         last_seq, error_counts, errors, error_message, started_at, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
         $23, $24, $25)`,
      [
        b.id,
        b.resourceId,
        b.departmentId,
        b.source,
        b.mode,
        b.onError,
        b.idempotencyKey,
        b.bodyHash,
        b.actorId,
        b.actorName,
        b.outcome,
        b.received,
        b.inserted,
        b.updated,
        b.unchanged,
        b.deleted,
        b.rejected,
        b.bytes,
        b.firstSeq,
        b.lastSeq,
        JSON.stringify(b.errorCounts),
        JSON.stringify(b.errors),
        b.errorMessage,
        b.startedAt,
        b.durationMs,
      ],
    );
  },

  async batch(q: Queryable, id: string): Promise<(BatchRow & { resource_name?: string }) | undefined> {
    const { rows } = await q.query<BatchRow>(`SELECT * FROM exchange_batch WHERE id = $1`, [id]);
    return rows[0];
  },

  async batches(q: Queryable, resourceId: string, limit: number, offset: number) {
    const { rows } = await q.query<BatchRow & { total: string }>(
      `SELECT *, count(*) OVER () AS total FROM exchange_batch WHERE resource_id = $1
        ORDER BY at DESC LIMIT $2 OFFSET $3`,
      [resourceId, limit, offset],
    );
    return rows;
  },

  /** Exchange state of many resources at once: stream head, batches, open quarantine, subscriptions. */
  async resourceStates(q: Queryable, ids: string[]) {
    const { rows } = await q.query<{
      resource_id: string;
      last_seq: string | null;
      records_held: string | null;
      last_change_at: Date | null;
      batches: number;
      open_quarantine: number;
      subscriptions: number;
    }>(
      `SELECT r.id AS resource_id, st.last_seq, st.records_held, st.last_change_at,
         (SELECT count(*)::int FROM exchange_batch b WHERE b.resource_id = r.id) AS batches,
         (SELECT count(*)::int FROM exchange_quarantine x WHERE x.resource_id = r.id AND x.status = 'open')
           AS open_quarantine,
         (SELECT count(*)::int FROM exchange_subscription s WHERE s.resource_id = r.id) AS subscriptions
       FROM unnest($1::uuid[]) AS r(id) LEFT JOIN exchange_stream st ON st.resource_id = r.id`,
      [ids],
    );
    return new Map(rows.map((r) => [r.resource_id, r]));
  },

  async resourceIdsWithData(q: Queryable): Promise<string[]> {
    const { rows } = await q.query<{ resource_id: string }>(
      `SELECT resource_id FROM exchange_stream WHERE last_seq > 0`,
    );
    return rows.map((r) => r.resource_id);
  },

  async records(q: Queryable, resourceId: string, after: string | null, limit: number) {
    const { rows } = await q.query<{
      record_key: string;
      seq: string;
      updated_at: Date;
      data: Record<string, unknown>;
    }>(
      `SELECT record_key, seq, updated_at, data FROM exchange_record
        WHERE resource_id = $1 AND ($2::text IS NULL OR record_key > $2) ORDER BY record_key LIMIT $3`,
      [resourceId, after, limit],
    );
    return rows;
  },

  /** One held record by canonical key: the data service's lookup (and the benchmark's bare route). */
  async recordByKey(q: Queryable, resourceId: string, key: string) {
    const { rows } = await q.query<{ record_key: string; updated_at: Date; data: Record<string, unknown> }>(
      `SELECT record_key, updated_at, data FROM exchange_record WHERE resource_id = $1 AND record_key = $2`,
      [resourceId, key],
      { prepare: true },
    );
    return rows[0];
  },

  /**
   * Held records matching every filter, keyset-paged by key. Item names and values are parameters; comparisons
   * are on the typed JSON value (eq, ne, in) or its text in C collation (ranges, prefix), which orders ISO dates
   * and codes the way they read.
   */
  async findRecords(
    q: Queryable,
    resourceId: string,
    filters: readonly RecordFilter[],
    after: string | null,
    limit: number,
  ) {
    const params: unknown[] = [resourceId, after, limit];
    const p = (v: unknown) => `$${params.push(v)}`;
    const conds = filters.map((f) => {
      const item = p(f.item);
      switch (f.op) {
        case 'eq':
          return f.value === null
            ? `(data->${item}) IS NULL`
            : `(data->${item}) = ${p(JSON.stringify(f.value))}::jsonb`;
        case 'ne':
          return `(data->${item}) IS DISTINCT FROM ${p(JSON.stringify(f.value))}::jsonb`;
        case 'in':
          return `(data->${item}) IN (SELECT jsonb_array_elements(${p(JSON.stringify(f.value))}::jsonb))`;
        case 'prefix':
          return `(data->>${item}) LIKE ${p(likeLiteral(String(f.value)) + '%')}`;
        default: {
          const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op];
          return typeof f.value === 'number'
            ? `jsonb_typeof(data->${item}) = 'number' AND (data->>${item})::numeric ${op} ${p(f.value)}::numeric`
            : `(data->>${item}) COLLATE "C" ${op} ${p(String(f.value))} COLLATE "C"`;
        }
      }
    });
    const { rows } = await q.query<{ record_key: string; updated_at: Date; data: Record<string, unknown> }>(
      `SELECT record_key, updated_at, data FROM exchange_record
        WHERE resource_id = $1 AND ($2::text IS NULL OR record_key > $2)${conds.map((c) => ` AND ${c}`).join('')}
        ORDER BY record_key LIMIT $3`,
      params,
    );
    return rows;
  },

  async changes(q: Queryable, resourceId: string, after: number, limit: number): Promise<ChangeRow[]> {
    const { rows } = await q.query<ChangeRow>(
      `SELECT seq, op, record_key, data, at FROM exchange_change
        WHERE resource_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [resourceId, after, limit],
    );
    return rows;
  },

  async quarantine(q: Queryable, resourceId: string, limit: number, offset: number) {
    const { rows } = await q.query<{
      id: string;
      batch_id: string;
      row_no: string;
      raw: Record<string, unknown>;
      errors: unknown[];
      created_at: Date;
      total: string;
    }>(
      `SELECT id, batch_id, row_no, raw, errors, created_at, count(*) OVER () AS total FROM exchange_quarantine
        WHERE resource_id = $1 AND status = 'open' ORDER BY created_at, row_no LIMIT $2 OFFSET $3`,
      [resourceId, limit, offset],
    );
    return rows;
  },

  async openQuarantined(q: Queryable, id: string) {
    const { rows } = await q.query<{ id: string; resource_id: string; raw: Record<string, unknown> }>(
      `SELECT id, resource_id, raw FROM exchange_quarantine WHERE id = $1 AND status = 'open' FOR UPDATE`,
      [id],
    );
    return rows[0];
  },

  async resolveQuarantined(q: Queryable, id: string, status: 'resubmitted' | 'discarded', by: string | null) {
    await q.query(
      `UPDATE exchange_quarantine SET status = $2, resolved_at = now(), resolved_by = $3 WHERE id = $1`,
      [id, status, by],
    );
  },
};
