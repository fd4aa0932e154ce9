/**
 * The SQL of the staged ingest. A batch's checked rows are streamed with COPY into a session-local staging table;
 * then a few set-based statements classify them against the records held (one join), append the changes to the
 * log with gap-free sequence numbers and move the records' pointers. Unchanged rows are filtered by the join and
 * never parsed as JSON by the database.
 *
 * Plans: each statement runs with the join method the batch's size calls for (`joinPlan`), never one the planner
 * picks from statistics the records table may not have (autovacuum may be off, and PGlite never gathers any), so
 * every statement is linear in the batch, or in the resource's records for a snapshot's deletions.
 */
import type { Queryable } from '../../db/index.ts';

/** COPY text-format escaping: JSON has no raw tabs or newlines, so only the backslash needs doubling. */
export const copyEscape = (s: string) => (s.includes('\\') ? s.replace(/\\/g, '\\\\') : s);

/** The staging table's columns, in COPY order. kind: R a record, D a deletion (upsert), Q a quarantined row. */
export const STAGE_COPY =
  'COPY exchange_stage (row_no, kind, record_key, content_hash, data, errors) FROM STDIN';

export interface AppliedCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

/** The change a staged row makes: D a held key deleted, I a new key, U a held key with other content. */
const OP = `CASE WHEN kind = 'D' THEN 'D' WHEN existed THEN 'U' ELSE 'I' END`;
const CHANGED = `CASE WHEN kind = 'D' THEN existed ELSE before IS DISTINCT FROM content_hash END`;

/**
 * Logs the changes of `classified` (a subquery with kind, record_key, content_hash, data, existed, before), in its
 * order. Sequence numbers come from the session's temporary sequence, set to the stream's head first: unlike
 * row_number(), nextval() does not buffer the rows (with their JSON) before numbering them.
 */
const logChanges = (classified: string) => `
  logged AS (
    INSERT INTO exchange_change (resource_id, seq, op, record_key, data, content_hash, batch_id, at)
    SELECT $1, nextval('exchange_stage_seq'), ${OP}, record_key,
           CASE WHEN kind = 'D' THEN NULL ELSE data::jsonb END, CASE WHEN kind = 'D' THEN NULL ELSE content_hash END,
           $2, $3
      FROM (${classified}) c
     WHERE ${CHANGED}
    RETURNING seq, op, record_key, content_hash)`;

const COUNTS = `
  SELECT count(*) FILTER (WHERE op = 'I')::int AS inserted, count(*) FILTER (WHERE op = 'U')::int AS updated,
         count(*) FILTER (WHERE op = 'D')::int AS deleted
    FROM logged`;

/**
 * Each key at most once in the batch: one join against the held records classifies every row, and each change
 * moves its key's pointer. The numbering follows the join's output; with distinct keys any order is a valid order
 * of the batch.
 */
const APPLY_DISTINCT = `
  WITH ${logChanges(
    `SELECT s.kind, s.record_key, s.content_hash, s.data, r.seq IS NOT NULL AS existed, r.content_hash AS before
       FROM exchange_stage s LEFT JOIN exchange_record r ON r.resource_id = $1 AND r.record_key = s.record_key
      WHERE s.kind <> 'Q'`,
  )},
  added AS (
    INSERT INTO exchange_record (resource_id, record_key, content_hash, seq, updated_at)
    SELECT $1, record_key, content_hash, seq, $3 FROM logged WHERE op = 'I'),
  changed AS (
    UPDATE exchange_record r SET content_hash = l.content_hash, seq = l.seq, updated_at = $3
      FROM logged l WHERE l.op = 'U' AND r.resource_id = $1 AND r.record_key = l.record_key),
  gone AS (
    DELETE FROM exchange_record r USING logged l
     WHERE l.op = 'D' AND r.resource_id = $1 AND r.record_key = l.record_key)
  ${COUNTS}`;

/**
 * A key named more than once (an upsert may update a record twice, or delete and re-insert it): each row is
 * compared with the state the previous row of its key left, changes are numbered in row order, and the pointer
 * follows the key's last change.
 */
const APPLY_REPEATED = `
  WITH ${logChanges(
    `SELECT s.kind, s.record_key, s.content_hash, s.data,
            CASE WHEN s.occurrence = 1 THEN r.seq IS NOT NULL ELSE s.prev_kind <> 'D' END AS existed,
            CASE WHEN s.occurrence = 1 THEN r.content_hash WHEN s.prev_kind = 'D' THEN NULL ELSE s.prev_hash END
              AS before
       FROM (SELECT row_no, kind, record_key, content_hash, data, lag(kind) OVER w AS prev_kind,
                    lag(content_hash) OVER w AS prev_hash, row_number() OVER w AS occurrence
               FROM exchange_stage WHERE kind <> 'Q'
             WINDOW w AS (PARTITION BY record_key ORDER BY row_no)) s
       LEFT JOIN exchange_record r ON r.resource_id = $1 AND r.record_key = s.record_key
      ORDER BY s.row_no`,
  )},
  final AS (SELECT DISTINCT ON (record_key) seq, op, record_key, content_hash FROM logged
             ORDER BY record_key, seq DESC),
  kept AS (
    INSERT INTO exchange_record (resource_id, record_key, content_hash, seq, updated_at)
    SELECT $1, record_key, content_hash, seq, $3 FROM final WHERE op <> 'D'
    ON CONFLICT (resource_id, record_key) DO UPDATE
      SET content_hash = EXCLUDED.content_hash, seq = EXCLUDED.seq, updated_at = EXCLUDED.updated_at),
  gone AS (
    DELETE FROM exchange_record r USING final f
     WHERE f.op = 'D' AND r.resource_id = $1 AND r.record_key = f.record_key)
  ${COUNTS}`;

/**
 * How a batch meets the held records, chosen from sizes the ingest knows rather than from table statistics:
 * `hash` (a large batch, not small beside the records held) hashes one side and reads the resource's records
 * through the primary key's resource_id prefix, linear in both and never a scan of a whole partition (which holds
 * other resources too); `index` (a small batch, or a few rows against many records) probes the primary key once
 * per row. The other methods are switched off for the statement, so a planner without statistics cannot pick a
 * nested loop over a scan, which is quadratic.
 */
export type JoinPlan = 'hash' | 'index';
const PLAN_SETTINGS: Record<JoinPlan, string[]> = {
  hash: ['enable_nestloop', 'enable_seqscan'],
  index: ['enable_hashjoin', 'enable_mergejoin', 'enable_material', 'enable_bitmapscan', 'enable_seqscan'],
};
/** A batch hashes from this many rows on, unless it is under 1/INDEX_PLAN_RATIO of the records held. */
const HASH_PLAN_FROM = 5000;
const INDEX_PLAN_RATIO = 20;

/** The join method for `staged` rows against `held` records. */
export function joinPlan(staged: number, held: number): JoinPlan {
  return staged >= HASH_PLAN_FROM && staged * INDEX_PLAN_RATIO >= held ? 'hash' : 'index';
}

async function withPlan<T>(tx: Queryable, plan: JoinPlan, run: () => Promise<T>): Promise<T> {
  const names = PLAN_SETTINGS[plan];
  const set = (value: 'on' | 'off') =>
    tx.query(`SELECT ${names.map((n) => `set_config('${n}', '${value}', true)`).join(', ')}`);
  await set('off');
  const out = await run();
  await set('on');
  return out;
}

/** The direct path's COPY: new records of an empty resource, straight into the change log as inserts. */
export const APPEND_COPY =
  'COPY exchange_change (resource_id, seq, op, record_key, data, content_hash, batch_id, at) FROM STDIN';

export const stageRepo = {
  /**
   * The staging table, once per database session: its rows vanish at commit or rollback, so a batch always starts
   * from an empty one and a killed batch leaves nothing behind.
   */
  async open(tx: Queryable): Promise<void> {
    await tx.query(
      `CREATE TEMP TABLE IF NOT EXISTS exchange_stage (
         row_no bigint NOT NULL, kind char(1) NOT NULL, record_key text, content_hash text, data text, errors text
       ) ON COMMIT DELETE ROWS`,
    );
    await tx.query('CREATE TEMP SEQUENCE IF NOT EXISTS exchange_stage_seq');
  },

  /** Points each key appended by the direct path (changes after `after`) at its change. */
  async pointAtAppended(tx: Queryable, resourceId: string, after: number, at: Date): Promise<void> {
    // A range of the primary key, never a scan of the partition.
    await withPlan(tx, 'index', () =>
      tx.query(
        `INSERT INTO exchange_record (resource_id, record_key, content_hash, seq, updated_at)
         SELECT resource_id, record_key, content_hash, seq, $3 FROM exchange_change
          WHERE resource_id = $1 AND seq > $2`,
        [resourceId, after, at],
      ),
    );
  },

  /**
   * Moves the changes the direct path appended (after `after`) back into the staging table, under the row numbers
   * they came from, so the rest of the batch is classified with them.
   */
  async unwindAppended(tx: Queryable, resourceId: string, after: number, rows: number[]): Promise<void> {
    if (!rows.length) return;
    await withPlan(tx, 'index', async () => {
      await tx.query(
        `INSERT INTO exchange_stage (row_no, kind, record_key, content_hash, data)
         SELECT r.row_no, 'R', c.record_key, c.content_hash, c.data::text
           FROM unnest($3::bigint[]) WITH ORDINALITY AS r(row_no, i)
           JOIN exchange_change c ON c.resource_id = $1 AND c.seq = $2::bigint + r.i`,
        [resourceId, after, rows],
      );
      await tx.query(`DELETE FROM exchange_change WHERE resource_id = $1 AND seq > $2`, [resourceId, after]);
    });
  },

  /** Keys staged more than once, with the rows that named them (a snapshot refuses them). */
  async repeatedKeys(tx: Queryable, limit: number): Promise<{ record_key: string; rows: string[] }[]> {
    const { rows } = await tx.query<{ record_key: string; rows: string[] }>(
      `SELECT record_key, array_agg(row_no ORDER BY row_no)::text[] AS rows FROM exchange_stage WHERE kind <> 'Q'
        GROUP BY record_key HAVING count(*) > 1 ORDER BY min(row_no) LIMIT $1`,
      [limit],
    );
    return rows;
  },

  /**
   * Classifies the staged rows against the records held and applies the changes, numbered from `after` + 1.
   * `repeated`: the batch may name a key more than once (slower: rows are ordered per key).
   */
  async apply(
    tx: Queryable,
    b: { resourceId: string; batchId: string; at: Date; after: number; repeated: boolean; plan: JoinPlan },
  ): Promise<AppliedCounts> {
    await tx.query(`SELECT setval('exchange_stage_seq', $1::bigint + 1, false)`, [b.after]);
    const { rows } = await withPlan(tx, b.plan, () =>
      tx.query<AppliedCounts>(b.repeated ? APPLY_REPEATED : APPLY_DISTINCT, [b.resourceId, b.batchId, b.at]),
    );
    return rows[0]!;
  },

  /**
   * A snapshot's end: deletes every record it did not name (quarantined keys included), logged from `after` + 1.
   * Always by hashing: it reads every record of the resource (through the primary key), whatever the batch's size.
   */
  async deleteUnnamed(
    tx: Queryable,
    b: { resourceId: string; batchId: string; at: Date; after: number },
  ): Promise<number> {
    const { rows } = await withPlan(tx, 'hash', () =>
      tx.query<{ n: number }>(
        `WITH gone AS (
           DELETE FROM exchange_record r
            WHERE r.resource_id = $1
              AND NOT EXISTS (SELECT 1 FROM exchange_stage s WHERE s.record_key = r.record_key)
           RETURNING r.record_key),
         logged AS (
           INSERT INTO exchange_change (resource_id, seq, op, record_key, data, batch_id, at)
           SELECT $1, $4::bigint + row_number() OVER (ORDER BY record_key), 'D', record_key, NULL, $2, $3 FROM gone
           RETURNING 1)
         SELECT count(*)::int AS n FROM logged`,
        [b.resourceId, b.batchId, b.at, b.after],
      ),
    );
    return rows[0]!.n;
  },

  /** Moves the staged quarantined rows into the quarantine, for the steward to fix or discard. */
  async quarantine(tx: Queryable, resourceId: string, batchId: string): Promise<number> {
    const { rowCount } = await tx.query(
      `INSERT INTO exchange_quarantine (resource_id, batch_id, row_no, raw, errors)
       SELECT $1, $2, row_no, data::jsonb, errors::jsonb FROM exchange_stage WHERE kind = 'Q' ORDER BY row_no`,
      [resourceId, batchId],
    );
    return rowCount;
  },
};
