import type { Queryable } from '../../db/index.ts';
import { containing, likeLiteral } from '../../db/sql.ts';

// Every audit writer, in every process, serializes on this lock so ids and prev_hash form one chain.
const AUDIT_CHAIN_LOCK = 74_520_181_124;

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
  prev_hash: string;
  hash: string;
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
}

function where(f: AuditFilter): { sql: string; params: unknown[] } {
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
  if (f.providerDepartmentIds)
    add(`details->>'providerDepartmentId' = ANY(?::text[])`, f.providerDepartmentIds);
  if (f.from) add(`at >= ?`, f.from);
  if (f.to) add(`at < ?`, f.to);
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

export const auditRepo = {
  async lockChain(q: Queryable): Promise<void> {
    await q.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK], { prepare: true });
  },

  async last(q: Queryable): Promise<{ id: string; hash: string } | undefined> {
    const { rows } = await q.query<{ id: string; hash: string }>(
      'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1',
      [],
      { prepare: true },
    );
    return rows[0];
  },

  async insert(q: Queryable, r: AuditRow): Promise<void> {
    await auditRepo.insertMany(q, [r]);
  },

  /** Appends entries in one statement (a group commit of data-access entries). */
  async insertMany(q: Queryable, rows: readonly AuditRow[]): Promise<void> {
    const params: unknown[] = [];
    const values = rows.map((r) => {
      const base = params.length;
      params.push(
        r.id,
        r.at,
        r.actor_id,
        r.actor_name,
        r.actor_kind,
        r.action,
        r.object_type,
        r.object_id,
        r.department_id,
        r.ip,
        r.request_id,
        r.outcome,
        JSON.stringify(r.details),
        r.prev_hash,
        r.hash,
      );
      return `(${Array.from({ length: 15 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await q.query(
      `INSERT INTO audit_log (id, at, actor_id, actor_name, actor_kind, action, object_type, object_id,
         department_id, ip, request_id, outcome, details, prev_hash, hash)
       VALUES ${values.join(', ')}`,
      params,
    );
  },

  async search(q: Queryable, f: AuditFilter, limit: number, offset: number) {
    const w = where(f);
    const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${w.sql}`, w.params);
    const { rows } = await q.query<AuditRow>(
      `SELECT * FROM audit_log ${w.sql} ORDER BY id DESC LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
      [...w.params, limit, offset],
    );
    return { total: total.rows[0]?.n ?? 0, rows };
  },

  /** A page of the chain in id order, for verification. */
  async pageAfter(q: Queryable, afterId: string, limit: number): Promise<AuditRow[]> {
    const { rows } = await q.query<AuditRow>('SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2', [
      afterId,
      limit,
    ]);
    return rows;
  },

  async actions(q: Queryable): Promise<string[]> {
    const { rows } = await q.query<{ action: string }>(
      'SELECT DISTINCT action FROM audit_log ORDER BY action',
    );
    return rows.map((r) => r.action);
  },

  async countSince(q: Queryable, since: Date): Promise<number> {
    const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE at >= $1', [
      since,
    ]);
    return rows[0]?.n ?? 0;
  },
};
