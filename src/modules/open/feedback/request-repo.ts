/** The SQL of data requests (数据需求) and their +1 votes. */
import type { Queryable } from '../../../db/index.ts';
import type { RequestStatus } from './schema.ts';

export interface RequestRow {
  id: string;
  user_id: string;
  author_name: string;
  title: string;
  description: string;
  purpose: string;
  department_id: string | null;
  status: RequestStatus;
  answer: string | null;
  planned_date: string | null;
  dataset_name: string | null;
  answered_at: string | null;
  votes: number;
  flags: number;
  hidden_at: string | null;
  hidden_reason: string | null;
  created_at: string;
}

const COLUMNS = `id, user_id, author_name, title, description, purpose, department_id, status, answer,
  planned_date::text AS planned_date, dataset_name, answered_at, votes, flags, hidden_at, hidden_reason, created_at`;

export interface RequestFilter {
  status?: RequestStatus | undefined;
  departmentId?: string | undefined;
  q?: string | undefined;
}

/** `LIKE` text with its wildcards taken literally. */
export const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function where(f: RequestFilter, params: unknown[], withStatus: boolean): string {
  const parts = ['hidden_at IS NULL'];
  if (withStatus && f.status) parts.push(`status = $${params.push(f.status)}`);
  if (f.departmentId) parts.push(`department_id = $${params.push(f.departmentId)}`);
  if (f.q?.trim()) {
    const n = params.push(likeText(f.q.trim()));
    parts.push(`(title ILIKE $${n} OR description ILIKE $${n})`);
  }
  return parts.join(' AND ');
}

export const requestRepo = {
  /** Inserts, or returns null when the same account already sent the same request (its digest). */
  async insert(
    q: Queryable,
    r: Pick<
      RequestRow,
      'user_id' | 'author_name' | 'title' | 'description' | 'purpose' | 'department_id' | 'status'
    > & { digest: string },
  ): Promise<RequestRow | null> {
    const { rows } = await q.query<RequestRow>(
      `INSERT INTO open_data_request (user_id, author_name, digest, title, description, purpose, department_id, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (user_id, digest) DO NOTHING
       RETURNING ${COLUMNS}`,
      [r.user_id, r.author_name, r.digest, r.title, r.description, r.purpose, r.department_id, r.status],
    );
    return rows[0] ?? null;
  },

  async byDigest(q: Queryable, userId: string, digest: string): Promise<RequestRow | null> {
    const { rows } = await q.query<RequestRow>(
      `SELECT ${COLUMNS} FROM open_data_request WHERE user_id = $1 AND digest = $2`,
      [userId, digest],
    );
    return rows[0] ?? null;
  },

  async byId(q: Queryable, id: string, lock = false): Promise<RequestRow | null> {
    const { rows } = await q.query<RequestRow>(
      `SELECT ${COLUMNS} FROM open_data_request WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  },

  /** The shown requests matching the filter, newest or most voted first, and the count per status. */
  async list(
    q: Queryable,
    f: RequestFilter,
    sort: 'recent' | 'votes',
    limit: number,
    offset: number,
  ): Promise<{ total: number; counts: { status: RequestStatus; n: number }[]; rows: RequestRow[] }> {
    const params: unknown[] = [];
    const w = where(f, params, true);
    const order = sort === 'votes' ? 'votes DESC, seq DESC' : 'seq DESC';
    const { rows } = await q.query<RequestRow>(
      `SELECT ${COLUMNS} FROM open_data_request WHERE ${w}
       ORDER BY ${order} LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
      params,
    );
    // Counted over the other filters, so the status tabs show what each would list.
    const countParams: unknown[] = [];
    const counts = await q.query<{ status: RequestStatus; n: number }>(
      `SELECT status, count(*)::int AS n FROM open_data_request WHERE ${where(f, countParams, false)}
       GROUP BY status`,
      countParams,
    );
    const total = counts.rows.filter((c) => !f.status || c.status === f.status).reduce((a, c) => a + c.n, 0);
    return { total, counts: counts.rows, rows };
  },

  /** A department's requests: those waiting for its answer, answered ones, or both. */
  async ofDepartments(
    q: Queryable,
    departmentIds: string[] | null,
    state: 'waiting' | 'answered' | 'all',
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: RequestRow[] }> {
    const params: unknown[] = [];
    const parts = ['hidden_at IS NULL', "status <> 'submitted'"];
    if (departmentIds) parts.push(`department_id = ANY($${params.push(departmentIds)}::uuid[])`);
    if (state === 'waiting') parts.push("status = 'routed'");
    if (state === 'answered') parts.push("status IN ('planned', 'available', 'declined')");
    const { rows } = await q.query<RequestRow & { total: number }>(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM open_data_request WHERE ${parts.join(' AND ')}
       ORDER BY seq DESC LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
      params,
    );
    return { total: rows[0]?.total ?? 0, rows };
  },

  async route(q: Queryable, id: string, departmentId: string): Promise<void> {
    await q.query(
      `UPDATE open_data_request SET department_id = $2, status = 'routed', updated_at = now() WHERE id = $1`,
      [id, departmentId],
    );
  },

  async answer(
    q: Queryable,
    id: string,
    a: { status: RequestStatus; answer: string; planned_date: string | null; dataset_name: string | null },
  ): Promise<void> {
    await q.query(
      `UPDATE open_data_request SET status = $2, answer = $3, planned_date = $4::date, dataset_name = $5,
         answered_at = now(), updated_at = now()
       WHERE id = $1`,
      [id, a.status, a.answer, a.planned_date, a.dataset_name],
    );
  },

  /** Adds the account's +1 once; the request's count moves only when the vote is new. */
  async vote(q: Queryable, requestId: string, userId: string): Promise<{ votes: number; added: boolean }> {
    const { rows } = await q.query<{ votes: number }>(
      `WITH v AS (
         INSERT INTO open_request_vote (request_id, user_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING request_id
       )
       UPDATE open_data_request SET votes = votes + 1 WHERE id = (SELECT request_id FROM v)
       RETURNING votes`,
      [requestId, userId],
    );
    if (rows[0]) return { votes: rows[0].votes, added: true };
    const { rows: now } = await q.query<{ votes: number }>(
      `SELECT votes FROM open_data_request WHERE id = $1`,
      [requestId],
    );
    return { votes: now[0]!.votes, added: false };
  },
};
