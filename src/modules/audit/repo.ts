import type { Queryable } from '../../db/index.ts';
import { containing, likeLiteral } from '../../db/sql.ts';

export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_kind: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  department_id: string | null;
  ip: string | null;
  request_id: string | null;
  outcome: string;
  details: Record<string, unknown>;
  shard: number;
  seq: string;
  prev_hash: string;
  hash: string;
}

/** One shard's chain head: the last seq written and its hash (seq 0 and the genesis hash when empty). */
export interface ChainHead {
  shard: number;
  seq: string;
  hash: string;
}

/** A head locked by the writing transaction, with the ids its entries take. */
export interface LockedHead extends ChainHead {
  ids: string[];
}

export interface CheckpointRow {
  id: string;
  at: Date;
  payload: string;
  signature: string;
  public_key: string;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  outcome?: string | undefined;
  departmentId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  actionPrefix?: string | undefined;
  objectIds?: string[] | undefined;
  departmentIds?: string[] | undefined;
  /** Data accesses on these provider departments' resources (the data service records the provider). */
  providerDepartmentIds?: string[] | undefined;
  /** Entries whose details contain this JSON (jsonb @>). */
  detail?: Record<string, unknown> | undefined;
  /** Data accesses that touched a key with this digest (`AuditService.subjectDigest`). */
  keyDigest?: string | undefined;
  /** Data accesses that touched a key with any of these digests (a subject's number and its golden record ids). */
  anyKeyDigest?: string[] | undefined;
  /** Leave out everything these actors did (a subject's own look at its own data). */
  notActorIds?: string[] | undefined;
  /** Leave out routine system work: successful `exchange.*` entries of the system actor (connectors, webhooks). */
  hideRoutine?: boolean | undefined;
}

// Word for word the predicate of the partial index audit_log_people_idx (migration 0007), so the planner uses it.
const NOT_ROUTINE = `(actor_kind <> 'system' OR outcome <> 'success' OR action NOT LIKE 'exchange.%')`;

function where(f: AuditFilter, before: string | undefined): { sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (cond: string, value: unknown) => {
    params.push(value);
    conds.push(cond.replace('?', `$${params.length}`));
  };
  if (f.actor) add(`actor_name ILIKE ?`, containing(f.actor));
  if (f.action) add(`action = ?`, f.action);
  if (f.objectType) add(`object_type = ?`, f.objectType);
  if (f.objectId) add(`object_id = ?`, f.objectId);
  if (f.outcome) add(`outcome = ?`, f.outcome);
  if (f.departmentId) add(`department_id = ?`, f.departmentId);
  if (f.actionPrefix) add(`action LIKE ?`, `${likeLiteral(f.actionPrefix)}%`);
  if (f.objectIds) add(`object_id = ANY(?)`, f.objectIds);
  if (f.departmentIds) add(`department_id = ANY(?)`, f.departmentIds);
  if (f.detail) add(`details @> ?`, JSON.stringify(f.detail));
  if (f.keyDigest) add(`details->'keyDigests' @> ?::jsonb`, JSON.stringify([f.keyDigest]));
  if (f.anyKeyDigest) {
    // One containment per digest, OR-ed: each is answered by the GIN index (a bitmap OR), unlike jsonb_exists_any.
    const parts = f.anyKeyDigest.map((d) => {
      params.push(JSON.stringify([d]));
      return `details->'keyDigests' @> $${params.length}::jsonb`;
    });
    conds.push(parts.length ? `(${parts.join(' OR ')})` : 'false');
  }
  if (f.notActorIds?.length) add(`(actor_id IS NULL OR actor_id <> ALL(?::text[]))`, f.notActorIds);
  if (f.providerDepartmentIds)
    add(`details->>'providerDepartmentId' = ANY(?::text[])`, f.providerDepartmentIds);
  if (f.from) add(`at >= ?`, f.from);
  if (f.to) add(`at < ?`, f.to);
  if (before) add(`id < ?`, before);
  if (f.hideRoutine) conds.push(NOT_ROUTINE);
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

const CHAIN_COLUMNS = `id, at, actor_id, actor_name, actor_kind, action, object_type, object_id, department_id, ip,
  request_id, outcome, details, shard, seq, prev_hash, hash`;

// A writer takes the first shard no other transaction holds, starting from its own preference, so concurrent
// writers spread over the shards without waiting; only when every shard is busy does it wait, on its preferred one.
// The ids come in the same round trip, only once the head row is locked.
const TAKE_SHARD = (wait: boolean) => `WITH h AS (
    SELECT shard, seq, hash FROM audit_chain_head ORDER BY shard # $1 LIMIT 1 FOR UPDATE${wait ? '' : ' SKIP LOCKED'}
  )
  SELECT h.shard, h.seq, h.hash,
         ARRAY(SELECT nextval('audit_log_id_seq') FROM generate_series(1, $2))::text[] AS ids
  FROM h`;
const TAKE_FREE_SHARD = TAKE_SHARD(false);
const WAIT_FOR_SHARD = TAKE_SHARD(true);
const LOCK_SHARD = `SELECT shard, seq, hash,
    ARRAY(SELECT nextval('audit_log_id_seq') FROM generate_series(1, $2))::text[] AS ids
  FROM audit_chain_head WHERE shard = $1 FOR UPDATE`;

// One statement appends the entries (arrays, so the text is fixed and prepared once per connection) and moves the
// shard's head; the group's time and shard are the same for every entry.
const APPEND = `WITH appended AS (
  INSERT INTO audit_log (id, at, actor_id, actor_name, actor_kind, action, object_type, object_id, department_id,
                         ip, request_id, outcome, details, shard, seq, prev_hash, hash)
  SELECT r.id, $1, r.actor_id, r.actor_name, r.actor_kind, r.action, r.object_type, r.object_id, r.department_id,
         r.ip, r.request_id, r.outcome, r.details::jsonb, $2, r.seq, r.prev_hash, r.hash
  FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::uuid[],
              $11::text[], $12::text[], $13::text[], $14::text[], $15::bigint[], $16::text[], $17::text[])
    AS r(id, actor_id, actor_name, actor_kind, action, object_type, object_id, department_id, ip, request_id,
         outcome, details, seq, prev_hash, hash)
)
UPDATE audit_chain_head SET seq = $18, hash = $19 WHERE shard = $2`;
const APPEND_PARAMS = 19;

/** APPEND with a companion statement first, its parameters numbered after APPEND's (one text per companion). */
const withCompanion = new Map<string, string>();
function appendWith(companionSql: string): string {
  let sql = withCompanion.get(companionSql);
  if (!sql) {
    const renumbered = companionSql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + APPEND_PARAMS}`);
    sql = `WITH companion AS (${renumbered}),\n${APPEND.slice('WITH '.length)}`;
    withCompanion.set(companionSql, sql);
  }
  return sql;
}

/** TAKE_FREE_SHARD as a part of another module's statement: `$1` the preference, `$2` the ids wanted. */
export const CLAIM_FREE_SHARD = TAKE_FREE_SHARD;

export const auditRepo = {
  /**
   * Locks a shard's head row for this transaction and returns it with `n` ids of the city-wide sequence: a free
   * shard if any (`preference` orders them), otherwise the preferred one, waited for.
   */
  async takeShard(q: Queryable, preference: number, n: number): Promise<LockedHead> {
    const free = await q.query<LockedHead>(TAKE_FREE_SHARD, [preference, n], { prepare: true });
    if (free.rows[0]) return free.rows[0];
    const { rows } = await q.query<LockedHead>(WAIT_FOR_SHARD, [preference, n], { prepare: true });
    if (!rows[0]) throw new Error('audit_chain_head has no shards');
    return rows[0];
  },

  /** The shard's head, locked, with `n` ids: how a transaction that already writes to a shard goes on with it. */
  async lockShard(q: Queryable, shard: number, n: number): Promise<LockedHead> {
    const { rows } = await q.query<LockedHead>(LOCK_SHARD, [shard, n], { prepare: true });
    return rows[0]!;
  },

  /** Appends entries of one shard, in seq order, and moves the shard's head to the last of them. */
  async append(
    q: Queryable,
    at: Date,
    shard: number,
    rows: readonly AuditRow[],
    companion?: { sql: string; params: unknown[] },
  ): Promise<void> {
    const col = <K extends keyof AuditRow>(k: K) => rows.map((r) => r[k]);
    const last = rows.at(-1)!;
    await q.query(
      companion ? appendWith(companion.sql) : APPEND,
      [
        at,
        shard,
        col('id'),
        col('actor_id'),
        col('actor_name'),
        col('actor_kind'),
        col('action'),
        col('object_type'),
        col('object_id'),
        col('department_id'),
        col('ip'),
        col('request_id'),
        col('outcome'),
        rows.map((r) => JSON.stringify(r.details)),
        col('seq'),
        col('prev_hash'),
        col('hash'),
        last.seq,
        last.hash,
        ...(companion?.params ?? []),
      ],
      { prepare: true },
    );
  },

  /** Entries newest first, `limit` of them, below the `before` id (keyset: no count, no offset). */
  async search(q: Queryable, f: AuditFilter, limit: number, before?: string): Promise<AuditRow[]> {
    const w = where(f, before);
    const { rows } = await q.query<AuditRow>(
      `SELECT ${CHAIN_COLUMNS} FROM audit_log ${w.sql} ORDER BY id DESC LIMIT $${w.params.length + 1}`,
      [...w.params, limit],
    );
    return rows;
  },

  async heads(q: Queryable): Promise<ChainHead[]> {
    const { rows } = await q.query<ChainHead>('SELECT shard, seq, hash FROM audit_chain_head ORDER BY shard');
    return rows;
  },

  /** A page of one shard's chain in seq order, after `afterSeq` and up to `toSeq`. */
  async chainPage(
    q: Queryable,
    shard: number,
    afterSeq: string,
    toSeq: string,
    limit: number,
  ): Promise<AuditRow[]> {
    const { rows } = await q.query<AuditRow>(
      `SELECT ${CHAIN_COLUMNS} FROM audit_log WHERE shard = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
      [shard, afterSeq, toSeq, limit],
    );
    return rows;
  },

  /** The entry at one position of a shard's chain. */
  async entryAt(q: Queryable, shard: number, seq: string): Promise<AuditRow | undefined> {
    const { rows } = await q.query<AuditRow>(
      `SELECT ${CHAIN_COLUMNS} FROM audit_log WHERE shard = $1 AND seq = $2`,
      [shard, seq],
    );
    return rows[0];
  },

  /** The distinct actions, by skipping along the (action, id) index rather than reading the log. */
  async actions(q: Queryable): Promise<string[]> {
    const { rows } = await q.query<{ action: string }>(
      `WITH RECURSIVE a AS (
         (SELECT action FROM audit_log ORDER BY action LIMIT 1)
         UNION ALL
         SELECT (SELECT l.action FROM audit_log l WHERE l.action > a.action ORDER BY l.action LIMIT 1)
         FROM a WHERE a.action IS NOT NULL
       )
       SELECT action FROM a WHERE action IS NOT NULL`,
    );
    return rows.map((r) => r.action);
  },

  async countSince(q: Queryable, since: Date): Promise<number> {
    const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE at >= $1', [
      since,
    ]);
    return rows[0]?.n ?? 0;
  },

  /** Creates the coming months' partitions; the names created. */
  async ensurePartitions(q: Queryable, monthsAhead: number): Promise<string[]> {
    const { rows } = await q.query<{ name: string }>(
      'SELECT audit_log_ensure_partitions(now(), $1) AS name',
      [monthsAhead],
    );
    return rows.map((r) => r.name);
  },

  async insertCheckpoint(
    q: Queryable,
    c: { at: Date; payload: string; signature: string; publicKey: string },
  ): Promise<CheckpointRow> {
    const { rows } = await q.query<CheckpointRow>(
      `INSERT INTO audit_checkpoint (at, payload, signature, public_key) VALUES ($1, $2, $3, $4)
       RETURNING id, at, payload, signature, public_key`,
      [c.at, c.payload, c.signature, c.publicKey],
    );
    return rows[0]!;
  },

  /** Checkpoints newest first, below the `before` id. */
  async checkpoints(q: Queryable, limit: number, before?: string): Promise<CheckpointRow[]> {
    const { rows } = await q.query<CheckpointRow>(
      `SELECT id, at, payload, signature, public_key FROM audit_checkpoint
       ${before ? 'WHERE id < $2' : ''} ORDER BY id DESC LIMIT $1`,
      before ? [limit, before] : [limit],
    );
    return rows;
  },

  async checkpoint(q: Queryable, id: string): Promise<CheckpointRow | undefined> {
    const { rows } = await q.query<CheckpointRow>(
      'SELECT id, at, payload, signature, public_key FROM audit_checkpoint WHERE id = $1',
      [id],
    );
    return rows[0];
  },
};
