/** The SQL of reuse showcases (应用展示) and the datasets each uses. */
import type { Queryable } from '../../../db/index.ts';
import type { ShowcaseStatus } from './schema.ts';

export interface ShowcaseRow {
  id: string;
  user_id: string;
  author_name: string;
  kind: 'app' | 'article' | 'visualization';
  title: string;
  description: string;
  url: string;
  status: ShowcaseStatus;
  decision_reason: string | null;
  decided_at: string | null;
  flags: number;
  hidden_at: string | null;
  hidden_reason: string | null;
  created_at: string;
  resource_ids: string[];
}

const COLUMNS = `s.id, s.user_id, s.author_name, s.kind, s.title, s.description, s.url, s.status, s.decision_reason,
  s.decided_at, s.flags, s.hidden_at, s.hidden_reason, s.created_at,
  ARRAY(SELECT d.resource_id::text FROM open_showcase_dataset d WHERE d.showcase_id = s.id ORDER BY d.resource_id)
    AS resource_ids`;

export const showcaseRepo = {
  /** Inserts with its datasets, or returns null when the same account already sent the same showcase. */
  async insert(
    q: Queryable,
    r: Pick<ShowcaseRow, 'user_id' | 'author_name' | 'kind' | 'title' | 'description' | 'url'> & {
      digest: string;
      resource_ids: string[];
    },
  ): Promise<string | null> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO open_showcase (user_id, author_name, digest, kind, title, description, url, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending')
       ON CONFLICT (user_id, digest) DO NOTHING
       RETURNING id`,
      [r.user_id, r.author_name, r.digest, r.kind, r.title, r.description, r.url],
    );
    const id = rows[0]?.id;
    if (!id) return null;
    await q.query(
      `INSERT INTO open_showcase_dataset (showcase_id, resource_id) SELECT $1, unnest($2::uuid[])`,
      [id, r.resource_ids],
    );
    return id;
  },

  async idByDigest(q: Queryable, userId: string, digest: string): Promise<string | null> {
    const { rows } = await q.query<{ id: string }>(
      `SELECT id FROM open_showcase WHERE user_id = $1 AND digest = $2`,
      [userId, digest],
    );
    return rows[0]?.id ?? null;
  },

  async byId(q: Queryable, id: string, lock = false): Promise<ShowcaseRow | null> {
    const { rows } = await q.query<ShowcaseRow>(
      `SELECT ${COLUMNS} FROM open_showcase s WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  },

  /** Approved, shown showcases, newest first; of one dataset when given. */
  async published(
    q: Queryable,
    f: { resourceId?: string | undefined; kind?: string | undefined },
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: ShowcaseRow[] }> {
    const params: unknown[] = [];
    const parts = ["s.status = 'approved'", 's.hidden_at IS NULL'];
    if (f.resourceId)
      parts.push(
        `EXISTS (SELECT 1 FROM open_showcase_dataset d WHERE d.showcase_id = s.id AND d.resource_id = $${params.push(f.resourceId)})`,
      );
    if (f.kind) parts.push(`s.kind = $${params.push(f.kind)}`);
    const { rows } = await q.query<ShowcaseRow & { total: number }>(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM open_showcase s WHERE ${parts.join(' AND ')}
       ORDER BY s.seq DESC LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
      params,
    );
    return { total: rows[0]?.total ?? 0, rows };
  },

  async decide(q: Queryable, id: string, status: ShowcaseStatus, reason: string | null): Promise<void> {
    await q.query(
      `UPDATE open_showcase SET status = $2, decision_reason = $3, decided_at = now(), updated_at = now()
       WHERE id = $1`,
      [id, status, reason],
    );
  },
};
