/** The SQL of developers' webhooks (migration 0021): registration, and the delivery workers' leases. */
import type { Queryable } from '../../db/index.ts';

export interface WebhookRow {
  id: string;
  developer_id: string;
  resource_id: string;
  url: string;
  secret_enc: string;
  acked_seq: string;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  last_delivered_at: Date | null;
  delivered: string;
  created_at: Date;
}

export const webhookRepo = {
  /** Inserts the webhook unless the developer has one for this dataset and URL; answers whichever is there. */
  async insert(
    q: Queryable,
    w: { developerId: string; resourceId: string; url: string; secretEnc: string; ackedSeq: number },
  ): Promise<{ row: WebhookRow; created: boolean }> {
    const { rows } = await q.query<WebhookRow>(
      `INSERT INTO open_webhook (developer_id, resource_id, url, secret_enc, acked_seq) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (developer_id, resource_id, url) DO NOTHING RETURNING *`,
      [w.developerId, w.resourceId, w.url, w.secretEnc, w.ackedSeq],
    );
    if (rows[0]) return { row: rows[0], created: true };
    const existing = await q.query<WebhookRow>(
      `SELECT * FROM open_webhook WHERE developer_id = $1 AND resource_id = $2 AND url = $3`,
      [w.developerId, w.resourceId, w.url],
    );
    return { row: existing.rows[0]!, created: false };
  },

  async byId(q: Queryable, id: string): Promise<WebhookRow | undefined> {
    const { rows } = await q.query<WebhookRow>(`SELECT * FROM open_webhook WHERE id = $1`, [id]);
    return rows[0];
  },

  async ofDeveloper(q: Queryable, developerId: string): Promise<WebhookRow[]> {
    const { rows } = await q.query<WebhookRow>(
      `SELECT * FROM open_webhook WHERE developer_id = $1 ORDER BY created_at, id`,
      [developerId],
    );
    return rows;
  },

  /** Serializes one developer's registrations until the transaction ends (so a count stays true). */
  async lockDeveloper(q: Queryable, developerId: string): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('open_webhook:' || $1::text))`, [developerId]);
  },

  async countOfDeveloper(q: Queryable, developerId: string): Promise<number> {
    const { rows } = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM open_webhook WHERE developer_id = $1`,
      [developerId],
    );
    return rows[0]?.n ?? 0;
  },

  async remove(q: Queryable, id: string): Promise<boolean> {
    const { rowCount } = await q.query(`DELETE FROM open_webhook WHERE id = $1`, [id]);
    return rowCount > 0;
  },

  /**
   * Leases up to `limit` due webhooks to `owner` for `leaseSeconds`: due (next_attempt_at reached) and not leased
   * by a live worker; `FOR UPDATE SKIP LOCKED`, so concurrent workers in any process never take the same one.
   */
  async claim(q: Queryable, owner: string, leaseSeconds: number, limit: number): Promise<WebhookRow[]> {
    const { rows } = await q.query<WebhookRow>(
      `UPDATE open_webhook w SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
        WHERE w.id IN (SELECT id FROM open_webhook
                        WHERE next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING w.*`,
      [owner, leaseSeconds, limit],
    );
    return rows;
  },

  /** Nothing to send: released, and looked at again after `idleMs` (or sooner, when woken). */
  async idle(q: Queryable, id: string, owner: string, idleMs: number): Promise<void> {
    await q.query(
      `UPDATE open_webhook SET lease_owner = NULL, lease_until = NULL,
              next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
        WHERE id = $1 AND lease_owner = $2`,
      [id, owner, idleMs],
    );
  },

  /** A 2xx: the version is acknowledged, the next one (if any) is due at once. */
  async delivered(
    q: Queryable,
    id: string,
    owner: string,
    ackedSeq: number,
    status: number,
  ): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE open_webhook SET acked_seq = $3, attempts = 0, next_attempt_at = now(), lease_owner = NULL,
              lease_until = NULL, last_status = $4, last_error = NULL, last_delivered_at = now(),
              delivered = delivered + 1
        WHERE id = $1 AND lease_owner = $2`,
      [id, owner, ackedSeq, status],
    );
    return rowCount > 0;
  },

  /** A failure: the same version is due again after `delayMs`. */
  async failed(
    q: Queryable,
    id: string,
    owner: string,
    status: number | null,
    error: string,
    delayMs: number,
  ): Promise<void> {
    await q.query(
      `UPDATE open_webhook SET attempts = attempts + 1, last_status = $3, last_error = $4, lease_owner = NULL,
              lease_until = NULL, next_attempt_at = now() + make_interval(secs => $5::double precision / 1000)
        WHERE id = $1 AND lease_owner = $2`,
      [id, owner, status, error, delayMs],
    );
  },

  /** A version of the resource was committed: its idle webhooks are due now (in this process's database). */
  async wake(q: Queryable, resourceId: string): Promise<void> {
    await q.query(
      `UPDATE open_webhook SET next_attempt_at = now()
        WHERE resource_id = $1 AND attempts = 0 AND next_attempt_at > now()`,
      [resourceId],
    );
  },
};
