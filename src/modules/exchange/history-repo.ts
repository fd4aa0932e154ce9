/**
 * The SQL of a resource's past: its records as of a moment, what changed between two moments and the batches that
 * changed it — all read from the change log (`exchange_change`), which retention compacts only beyond
 * CHANGE_LOG_RETENTION_DAYS (retention.ts), so any moment inside that window can be rebuilt exactly.
 *
 * A record's state at a moment is its latest change logged at or before it (highest seq among those), absent when
 * that change is a delete or there is none.
 */
import type { Queryable } from '../../db/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `data` projected onto `$n` (a text[] of item names): the items not named never leave the database. */
const project = (data: string, param: string) =>
  `CASE WHEN ${data} IS NULL THEN NULL ELSE COALESCE(
     (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(${data}) e WHERE e.key = ANY(${param}::text[])),
     '{}'::jsonb) END`;

export interface DiffRow {
  seq: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface VersionRow {
  id: string;
  started_at: Date;
  inserted: string;
  updated: string;
  deleted: string;
  first_seq: string;
  last_seq: string;
}

export const historyRepo = {
  /**
   * The records of one resource as of `asOf`, as a derived table `d` (record_key, updated_at, data) of the same
   * shape as `exchangeRepo.currentFrom`, for SQL compiled elsewhere. The id and the moment are literals, not
   * parameters, so the caller's placeholders start at $1: the id is checked to be a UUID and the moment is a Date
   * printed by `toISOString` (digits, `-`, `:`, `.`, `T`, `Z`), so nothing else reaches the text.
   */
  asOfFrom(resourceId: string, asOf: Date): string {
    if (!UUID.test(resourceId)) throw new TypeError('asOfFrom: not a resource id');
    const at = asOf.toISOString();
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at))
      throw new TypeError('asOfFrom: not a moment');
    return `(SELECT h.record_key, h.at AS updated_at, h.data FROM (
               SELECT DISTINCT ON (record_key) record_key, op, data, at FROM exchange_change
                WHERE resource_id = '${resourceId}'::uuid AND at <= '${at}'::timestamptz
                ORDER BY record_key, seq DESC) h
              WHERE h.op <> 'D') d`;
  },

  /**
   * A keyset page of the records as of `asOf`, in key order, projected onto `items` as text (`->>`): `[key,
   * value…]`, as `exchangeRepo.currentValuesPage` gives the current ones.
   */
  async asOfValuesPage(
    q: Queryable,
    resourceId: string,
    asOf: Date,
    items: readonly string[],
    after: string | null,
    limit: number,
  ): Promise<(string | null)[][]> {
    const params: unknown[] = [resourceId, asOf, limit, after];
    const columns = items.map((name, i) => `h.data->>$${params.push(name)}::text AS v${i}`);
    const { rows } = await q.query<Record<string, string | null>>(
      `SELECT h.record_key, ${columns.join(', ') || 'NULL AS none'} FROM (
         SELECT DISTINCT ON (record_key) record_key, op, data FROM exchange_change
          WHERE resource_id = $1 AND at <= $2 AND ($4::text IS NULL OR record_key > $4)
          ORDER BY record_key, seq DESC) h
        WHERE h.op <> 'D' ORDER BY h.record_key LIMIT $3`,
      params,
    );
    const keys = ['record_key', ...items.map((_, i) => `v${i}`)];
    return rows.map((row) => keys.map((k) => row[k] ?? null));
  },

  /**
   * The records whose state differs between `from` and `to` (from < to), projected onto `items`: each with its
   * state before (null: absent then) and after (null: absent now), ordered and keyset-paged by the seq of its
   * latest change at or before `to` — one per record, and no key text in the cursor (a key item may be
   * sensitive). A record that only changed in items outside `items`, or came and went, or changed and changed
   * back within the interval, is no difference.
   */
  async diff(
    q: Queryable,
    resourceId: string,
    from: Date,
    to: Date,
    items: readonly string[],
    afterSeq: number,
    limit: number,
  ): Promise<DiffRow[]> {
    const { rows } = await q.query<DiffRow>(
      `WITH touched AS (
         SELECT DISTINCT ON (record_key) record_key, seq, op, data FROM exchange_change
          WHERE resource_id = $1 AND at > $2 AND at <= $3
          ORDER BY record_key, seq DESC),
       earlier AS (
         SELECT DISTINCT ON (c.record_key) c.record_key, c.op, c.data FROM exchange_change c
          WHERE c.resource_id = $1 AND c.at <= $2 AND c.record_key IN (SELECT record_key FROM touched)
          ORDER BY c.record_key, c.seq DESC),
       pair AS (
         SELECT t.seq,
                ${project("CASE WHEN e.op = 'D' THEN NULL ELSE e.data END", '$4')} AS before,
                ${project("CASE WHEN t.op = 'D' THEN NULL ELSE t.data END", '$4')} AS after
           FROM touched t LEFT JOIN earlier e ON e.record_key = t.record_key
          WHERE t.seq > $5)
       SELECT seq, before, after FROM pair
        WHERE before IS DISTINCT FROM after
        ORDER BY seq LIMIT $6`,
      [resourceId, from, to, items, afterSeq, limit],
    );
    return rows;
  },

  /** The applied batches that changed the resource, newest first, keyset-paged by their last seq. */
  async versions(
    q: Queryable,
    resourceId: string,
    beforeSeq: number | null,
    limit: number,
  ): Promise<VersionRow[]> {
    const { rows } = await q.query<VersionRow>(
      `SELECT id, started_at, inserted, updated, deleted, first_seq, last_seq FROM exchange_batch
        WHERE resource_id = $1 AND outcome = 'applied' AND last_seq IS NOT NULL
          AND ($2::bigint IS NULL OR last_seq < $2)
        ORDER BY last_seq DESC LIMIT $3`,
      [resourceId, beforeSeq, limit],
    );
    return rows;
  },

  async versionCount(q: Queryable, resourceId: string): Promise<number> {
    const { rows } = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM exchange_batch
        WHERE resource_id = $1 AND outcome = 'applied' AND last_seq IS NOT NULL`,
      [resourceId],
    );
    return rows[0]?.n ?? 0;
  },

  /** The newest applied batches with changes after `afterSeq`, oldest first (what a change feed has not sent). */
  async versionsAfter(
    q: Queryable,
    resourceId: string,
    afterSeq: number,
    limit: number,
  ): Promise<VersionRow[]> {
    const { rows } = await q.query<VersionRow>(
      `SELECT id, started_at, inserted, updated, deleted, first_seq, last_seq FROM exchange_batch
        WHERE resource_id = $1 AND outcome = 'applied' AND last_seq IS NOT NULL AND last_seq > $2
        ORDER BY last_seq LIMIT $3`,
      [resourceId, afterSeq, limit],
    );
    return rows;
  },
};
