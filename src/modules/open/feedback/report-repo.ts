/** The SQL of error reports (纠错) on open datasets. */
import type { Queryable } from '../../../db/index.ts';
import type { ReportStatus } from './schema.ts';

export interface ReportRow {
  id: string;
  resource_id: string;
  department_id: string;
  user_id: string;
  author_name: string;
  record_key: string | null;
  item: string | null;
  description: string;
  status: ReportStatus;
  reply: string | null;
  replied_at: string | null;
  flags: number;
  hidden_at: string | null;
  hidden_reason: string | null;
  created_at: string;
}

const COLUMNS = `id, resource_id, department_id, user_id, author_name, record_key, item, description, status, reply,
  replied_at, flags, hidden_at, hidden_reason, created_at`;

export const reportRepo = {
  /** Inserts, or returns null when the same account already sent the same report (its digest). */
  async insert(
    q: Queryable,
    r: Pick<
      ReportRow,
      'resource_id' | 'department_id' | 'user_id' | 'author_name' | 'record_key' | 'item' | 'description'
    > & { digest: string },
  ): Promise<ReportRow | null> {
    const { rows } = await q.query<ReportRow>(
      `INSERT INTO open_error_report
         (resource_id, department_id, user_id, author_name, digest, record_key, item, description, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open')
       ON CONFLICT (user_id, digest) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        r.resource_id,
        r.department_id,
        r.user_id,
        r.author_name,
        r.digest,
        r.record_key,
        r.item,
        r.description,
      ],
    );
    return rows[0] ?? null;
  },

  async byDigest(q: Queryable, userId: string, digest: string): Promise<ReportRow | null> {
    const { rows } = await q.query<ReportRow>(
      `SELECT ${COLUMNS} FROM open_error_report WHERE user_id = $1 AND digest = $2`,
      [userId, digest],
    );
    return rows[0] ?? null;
  },

  async byId(q: Queryable, id: string, lock = false): Promise<ReportRow | null> {
    const { rows } = await q.query<ReportRow>(
      `SELECT ${COLUMNS} FROM open_error_report WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  },

  /** A dataset's shown reports, newest first. */
  async ofResource(q: Queryable, resourceId: string, limit: number): Promise<ReportRow[]> {
    const { rows } = await q.query<ReportRow>(
      `SELECT ${COLUMNS} FROM open_error_report WHERE resource_id = $1 AND hidden_at IS NULL
       ORDER BY seq DESC LIMIT $2`,
      [resourceId, limit],
    );
    return rows;
  },

  async ofDepartments(
    q: Queryable,
    departmentIds: string[] | null,
    state: 'waiting' | 'answered' | 'all',
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: ReportRow[] }> {
    const params: unknown[] = [];
    const parts = ['hidden_at IS NULL'];
    if (departmentIds) parts.push(`department_id = ANY($${params.push(departmentIds)}::uuid[])`);
    if (state === 'waiting') parts.push("status = 'open'");
    if (state === 'answered') parts.push("status <> 'open'");
    const { rows } = await q.query<ReportRow & { total: number }>(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM open_error_report WHERE ${parts.join(' AND ')}
       ORDER BY seq DESC LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
      params,
    );
    return { total: rows[0]?.total ?? 0, rows };
  },

  async answer(q: Queryable, id: string, status: ReportStatus, reply: string): Promise<void> {
    await q.query(
      `UPDATE open_error_report SET status = $2, reply = $3, replied_at = now(), updated_at = now() WHERE id = $1`,
      [id, status, reply],
    );
  },
};
