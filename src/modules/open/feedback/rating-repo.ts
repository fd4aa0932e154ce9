/** The SQL of ratings and of their running totals (count and sum of stars per dataset). */
import type { Queryable } from '../../../db/index.ts';

export interface RatingRow {
  id: string;
  resource_id: string;
  user_id: string;
  author_name: string;
  stars: number;
  comment: string | null;
  flags: number;
  hidden_at: string | null;
  hidden_reason: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = `id, resource_id, user_id, author_name, stars, comment, flags, hidden_at, hidden_reason,
  created_at, updated_at`;

export const ratingRepo = {
  /** The account's first rating of the dataset, or null when it has one already (left unchanged). */
  async insertNew(
    q: Queryable,
    r: Pick<RatingRow, 'resource_id' | 'user_id' | 'author_name' | 'stars' | 'comment'>,
  ): Promise<RatingRow | null> {
    const { rows } = await q.query<RatingRow>(
      `INSERT INTO open_rating (resource_id, user_id, author_name, stars, comment) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (resource_id, user_id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [r.resource_id, r.user_id, r.author_name, r.stars, r.comment],
    );
    return rows[0] ?? null;
  },

  async mine(q: Queryable, resourceId: string, userId: string, lock = false): Promise<RatingRow | null> {
    const { rows } = await q.query<RatingRow>(
      `SELECT ${COLUMNS} FROM open_rating WHERE resource_id = $1 AND user_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [resourceId, userId],
    );
    return rows[0] ?? null;
  },

  async byId(q: Queryable, id: string, lock = false): Promise<RatingRow | null> {
    const { rows } = await q.query<RatingRow>(
      `SELECT ${COLUMNS} FROM open_rating WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  },

  async replace(q: Queryable, id: string, stars: number, comment: string | null): Promise<RatingRow> {
    const { rows } = await q.query<RatingRow>(
      `UPDATE open_rating SET stars = $2, comment = $3, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, stars, comment],
    );
    return rows[0]!;
  },

  /** Moves a dataset's totals by a change: +1/−1 ratings, ± stars. */
  async addToTotal(q: Queryable, resourceId: string, count: number, stars: number): Promise<void> {
    if (!count && !stars) return;
    // A decrease moves a row that exists (it was counted); the upsert's proposed row would break the CHECKs.
    if (count < 0 || stars < 0) {
      await q.query(
        `UPDATE open_rating_total SET count = count + $2, stars = stars + $3 WHERE resource_id = $1`,
        [resourceId, count, stars],
      );
      return;
    }
    await q.query(
      `INSERT INTO open_rating_total (resource_id, count, stars) VALUES ($1, $2, $3)
       ON CONFLICT (resource_id) DO UPDATE
         SET count = open_rating_total.count + EXCLUDED.count, stars = open_rating_total.stars + EXCLUDED.stars`,
      [resourceId, count, stars],
    );
  },

  async totals(
    q: Queryable,
    resourceIds: string[],
  ): Promise<{ resource_id: string; count: number; stars: number }[]> {
    if (!resourceIds.length) return [];
    const { rows } = await q.query<{ resource_id: string; count: number; stars: number }>(
      `SELECT resource_id, count, stars FROM open_rating_total WHERE resource_id = ANY($1::uuid[])`,
      [resourceIds],
    );
    return rows;
  },

  /** The latest shown ratings that say something. */
  async recentComments(q: Queryable, resourceId: string, limit: number): Promise<RatingRow[]> {
    const { rows } = await q.query<RatingRow>(
      `SELECT ${COLUMNS} FROM open_rating
       WHERE resource_id = $1 AND hidden_at IS NULL AND comment IS NOT NULL
       ORDER BY updated_at DESC LIMIT $2`,
      [resourceId, limit],
    );
    return rows;
  },
};
