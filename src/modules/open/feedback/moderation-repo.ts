/** The SQL the moderation needs across every kind of feedback: the queue, hiding and restoring, flags, the throttle. */
import type { Queryable } from '../../../db/index.ts';
import type { FeedbackKind } from './schema.ts';

const TABLE: Record<FeedbackKind, string> = {
  request: 'open_data_request',
  report: 'open_error_report',
  rating: 'open_rating',
  showcase: 'open_showcase',
};

export interface QueueRow {
  kind: FeedbackKind;
  id: string;
  title: string;
  text: string;
  author_name: string;
  status: string;
  resource_id: string | null;
  department_id: string | null;
  url: string | null;
  flags: number;
  hidden_at: string | null;
  hidden_reason: string | null;
  created_at: string;
}

// One shape for the four kinds; a rating's "status" is its stars, its title its comment.
const QUEUE = `
  SELECT 'request' AS kind, id, title, description AS text, author_name, status, NULL::uuid AS resource_id,
         department_id, NULL::text AS url, flags, hidden_at, hidden_reason, created_at
    FROM open_data_request
  UNION ALL
  SELECT 'report', id, coalesce(record_key, ''), description, author_name, status, resource_id, department_id,
         NULL, flags, hidden_at, hidden_reason, created_at
    FROM open_error_report
  UNION ALL
  SELECT 'rating', id, coalesce(comment, ''), coalesce(comment, ''), author_name, stars::text, resource_id, NULL,
         NULL, flags, hidden_at, hidden_reason, updated_at
    FROM open_rating
  UNION ALL
  SELECT 'showcase', id, title, description, author_name, status, NULL, NULL, url, flags, hidden_at,
         hidden_reason, created_at
    FROM open_showcase`;

export type QueueFilter = 'pending' | 'flagged' | 'hidden' | 'all';

export const moderationRepo = {
  async queue(
    q: Queryable,
    kind: FeedbackKind | undefined,
    filter: QueueFilter,
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: QueueRow[] }> {
    const params: unknown[] = [];
    const parts: string[] = [];
    if (kind) parts.push(`kind = $${params.push(kind)}`);
    if (filter === 'pending')
      parts.push(
        "hidden_at IS NULL AND ((kind = 'showcase' AND status = 'pending') OR (kind = 'request' AND status = 'submitted'))",
      );
    if (filter === 'flagged') parts.push('hidden_at IS NULL AND flags > 0');
    if (filter === 'hidden') parts.push('hidden_at IS NOT NULL');
    const { rows } = await q.query<QueueRow & { total: number }>(
      `SELECT *, count(*) OVER ()::int AS total FROM (${QUEUE}) f
       ${parts.length ? `WHERE ${parts.join(' AND ')}` : ''}
       ORDER BY flags DESC, created_at DESC, id LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
      params,
    );
    return { total: rows[0]?.total ?? 0, rows };
  },

  /** Hides or restores one item; false when it was already so (or does not exist). */
  async setHidden(
    q: Queryable,
    kind: FeedbackKind,
    id: string,
    hide: boolean,
    reason: string,
  ): Promise<boolean> {
    const { rows } = await q.query<{ id: string }>(
      hide
        ? `UPDATE ${TABLE[kind]} SET hidden_at = now(), hidden_reason = $2 WHERE id = $1 AND hidden_at IS NULL RETURNING id`
        : `UPDATE ${TABLE[kind]} SET hidden_at = NULL, hidden_reason = $2 WHERE id = $1 AND hidden_at IS NOT NULL RETURNING id`,
      [id, reason],
    );
    return rows.length > 0;
  },

  /** The item's state, locked for the moderation's change; null when there is none. */
  async lockState(
    q: Queryable,
    kind: FeedbackKind,
    id: string,
  ): Promise<{ hidden: boolean; department_id: string | null } | null> {
    const department = kind === 'request' || kind === 'report' ? 'department_id' : 'NULL::uuid';
    const { rows } = await q.query<{ hidden: boolean; department_id: string | null }>(
      `SELECT hidden_at IS NOT NULL AS hidden, ${department} AS department_id FROM ${TABLE[kind]} WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  },

  /** One flag per account and item: true when this one is new (and counted on the item). */
  async flag(q: Queryable, kind: FeedbackKind, id: string, userId: string): Promise<boolean> {
    const { rows } = await q.query<{ object_id: string }>(
      `INSERT INTO open_feedback_flag (kind, object_id, user_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING object_id`,
      [kind, id, userId],
    );
    if (!rows.length) return false;
    await q.query(`UPDATE ${TABLE[kind]} SET flags = flags + 1 WHERE id = $1`, [id]);
    return true;
  },

  /** Whether the item exists and is shown to the public (what a flag may be about). */
  async shown(q: Queryable, kind: FeedbackKind, id: string): Promise<boolean> {
    const extra = kind === 'showcase' ? " AND status = 'approved'" : '';
    const { rows } = await q.query(
      `SELECT 1 FROM ${TABLE[kind]} WHERE id = $1 AND hidden_at IS NULL${extra}`,
      [id],
    );
    return rows.length > 0;
  },

  /**
   * Serializes one account's submissions (a transaction-scoped lock on its id) and counts what it submitted in the
   * last hour: requests, reports, showcases and rating changes.
   */
  async lockAndCountRecent(q: Queryable, userId: string): Promise<number> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('open_feedback:' || $1::text))`, [userId]);
    const { rows } = await q.query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM open_data_request WHERE user_id = $1 AND created_at > now() - interval '1 hour')
             + (SELECT count(*) FROM open_error_report WHERE user_id = $1 AND created_at > now() - interval '1 hour')
             + (SELECT count(*) FROM open_showcase WHERE user_id = $1 AND created_at > now() - interval '1 hour')
             + (SELECT count(*) FROM open_rating WHERE user_id = $1 AND updated_at > now() - interval '1 hour'))::int AS n`,
      [userId],
    );
    return rows[0]!.n;
  },
};
