import type { Queryable } from '../../db/index.ts';

/** One data access as `sharing_access_log` holds it (migration 0011). */
export interface AccessRow {
  id: string;
  at: Date;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  code: string | null;
  actor_id: string | null;
  actor_name: string | null;
  actor_kind: string;
  ip: string | null;
  request_id: string | null;
  api_key_id: string | null;
  resource_id: string;
  provider_department_id: string | null;
  consumer_department_id: string | null;
  grant_id: string | null;
  purpose: string | null;
  key_digests: string[];
  key_count: number;
  items: string[];
  masked_items: string[];
  records: number;
  details: Record<string, unknown>;
}

/** What the usage pages filter the access log by. */
export interface AccessFilter {
  providerIds?: string[] | undefined;
  consumerIds?: string[] | undefined;
  resourceId?: string | undefined;
  grantId?: string | undefined;
  outcome?: string | undefined;
  keyDigest?: string | undefined;
  before?: string | undefined;
}

/** Separates the values of a text array passed as one text (unnest takes no ragged arrays); writers strip it. */
export const LIST_SEP = '\x1f';

const COLUMNS = `id, at, action, outcome, code, actor_id, actor_name, actor_kind, ip, request_id, api_key_id,
  resource_id, provider_department_id, consumer_department_id, grant_id, purpose, key_digests, key_count, items,
  masked_items, records, details`;

// The group's rows as arrays (a fixed text, prepared once per connection), in the audit entry's round trip. Uses
// no `$` but its parameters (see Companion).
const INSERT = `INSERT INTO sharing_access_log (${COLUMNS})
  SELECT r.id, $1, r.action, r.outcome, r.code, r.actor_id, r.actor_name, r.actor_kind, r.ip, r.request_id,
         r.api_key_id, r.resource_id, r.provider_department_id, r.consumer_department_id, r.grant_id, r.purpose,
         string_to_array(r.key_digests, E'\\x1f'), r.key_count, string_to_array(r.items, E'\\x1f'),
         string_to_array(r.masked_items, E'\\x1f'), r.records, r.details::jsonb
  FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
              $10::text[], $11::text[], $12::text[], $13::uuid[], $14::uuid[], $15::uuid[], $16::text[],
              $17::text[], $18::bigint[], $19::text[], $20::text[], $21::bigint[], $22::text[])
    AS r(id, action, outcome, code, actor_id, actor_name, actor_kind, ip, request_id, api_key_id, resource_id,
         provider_department_id, consumer_department_id, grant_id, purpose, key_digests, key_count, items,
         masked_items, records, details)`;

export const accessRepo = {
  /** The insert of a group's rows, as a statement for the audit entry's round trip (all rows share `at`). */
  insertStatement(at: Date, rows: readonly AccessRow[]): { sql: string; params: unknown[] } {
    const col = <K extends keyof AccessRow>(k: K) => rows.map((r) => r[k]);
    const list = (k: 'key_digests' | 'items' | 'masked_items') => rows.map((r) => r[k].join(LIST_SEP));
    return {
      sql: INSERT,
      params: [
        at,
        col('id'),
        col('action'),
        col('outcome'),
        col('code'),
        col('actor_id'),
        col('actor_name'),
        col('actor_kind'),
        col('ip'),
        col('request_id'),
        col('api_key_id'),
        col('resource_id'),
        col('provider_department_id'),
        col('consumer_department_id'),
        col('grant_id'),
        col('purpose'),
        list('key_digests'),
        col('key_count'),
        list('items'),
        list('masked_items'),
        col('records'),
        rows.map((r) => JSON.stringify(r.details)),
      ],
    };
  },

  /** Accesses newest first, `limit` of them, below the `before` id (keyset). */
  async list(q: Queryable, f: AccessFilter, limit: number): Promise<AccessRow[]> {
    const conds: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (f.providerIds) conds.push(`provider_department_id = ANY(${p(f.providerIds)}::uuid[])`);
    if (f.consumerIds) conds.push(`consumer_department_id = ANY(${p(f.consumerIds)}::uuid[])`);
    if (f.resourceId) conds.push(`resource_id = ${p(f.resourceId)}`);
    if (f.grantId) conds.push(`grant_id = ${p(f.grantId)}::uuid`);
    if (f.outcome) conds.push(`outcome = ${p(f.outcome)}`);
    if (f.keyDigest) conds.push(`key_digests @> ARRAY[${p(f.keyDigest)}::text]`);
    if (f.before) conds.push(`id < ${p(f.before)}::bigint`);
    const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
    const { rows } = await q.query<AccessRow>(
      `SELECT ${COLUMNS} FROM sharing_access_log ${where} ORDER BY id DESC LIMIT ${p(limit)}`,
      params,
    );
    return rows;
  },

  /** The rows of batches whose ids lie in [lo, hi) and whose time lies in [from, to] (so partitions prune). */
  async batchRows(q: Queryable, lo: string, hi: string, from: Date, to: Date): Promise<AccessRow[]> {
    const { rows } = await q.query<AccessRow>(
      `SELECT ${COLUMNS} FROM sharing_access_log
        WHERE id >= $1::bigint AND id < $2::bigint AND at >= $3 AND at <= $4 ORDER BY id`,
      [lo, hi, from, to],
    );
    return rows;
  },

  /** Before when retention has removed accesses (-infinity: never). */
  async horizon(q: Queryable): Promise<Date | null> {
    const { rows } = await q.query<{ purged_before: Date | string }>(
      `SELECT purged_before FROM sharing_access_log_horizon`,
    );
    const v = rows[0]?.purged_before;
    return v instanceof Date && Number.isFinite(v.getTime()) ? v : null;
  },

  /** Creates the day partitions from today to `daysAhead` days ahead; the names created. */
  async ensurePartitions(q: Queryable, daysAhead: number): Promise<string[]> {
    const { rows } = await q.query<{ name: string }>(
      'SELECT sharing_access_log_ensure_partitions(now(), $1) AS name',
      [daysAhead],
    );
    return rows.map((r) => r.name);
  },

  /**
   * Removes the accesses before `before` (a China Standard Time midnight): drops the day partitions that end by
   * then, deletes older rows left in the default partition, and moves the horizon. Counts what went.
   */
  async purgeBefore(q: Queryable, before: Date): Promise<{ partitions: number; rows: number }> {
    const { rows: parts } = await q.query<{ name: string; upper: string }>(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS upper
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'sharing_access_log'::regclass AND c.relname ~ '^sharing_access_log_p[0-9]{8}$'`,
    );
    let partitions = 0;
    let removed = 0;
    for (const part of parts) {
      const day = /^sharing_access_log_p(\d{4})(\d{2})(\d{2})$/.exec(part.name);
      if (!day) continue;
      // The partition's day ends at the next China midnight.
      const end = new Date(`${day[1]}-${day[2]}-${day[3]}T00:00:00+08:00`).getTime() + 86_400_000;
      if (end > before.getTime()) continue;
      const { rows: n } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${part.name}"`);
      await q.query(`DROP TABLE "${part.name}"`);
      partitions += 1;
      removed += n[0]?.n ?? 0;
    }
    await q.query(`SET LOCAL tongban.access_log_retention = 'on'`);
    const { rowCount } = await q.query(`DELETE FROM sharing_access_log_default WHERE at < $1`, [before]);
    await q.query(`UPDATE sharing_access_log_horizon SET purged_before = GREATEST(purged_before, $1)`, [
      before,
    ]);
    return { partitions, rows: removed + rowCount };
  },
};
