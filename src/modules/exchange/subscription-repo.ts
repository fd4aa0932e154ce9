/** The SQL of subscriptions, pull deliveries and dead letters (webhook leasing is in delivery/repo.ts). */
import type { Queryable } from '../../db/index.ts';

export interface SubscriptionRow {
  id: string;
  resource_id: string;
  consumer_department_id: string;
  items: string[] | null;
  mode: 'pull' | 'webhook';
  webhook_url: string | null;
  secret_enc: string | null;
  status: 'active' | 'paused' | 'dead';
  acked_seq: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  last_delivered_at: Date | null;
  created_by: string | null;
  created_at: Date;
  last_seq: string;
}

const SUBSCRIPTION_SELECT = `SELECT s.*, COALESCE(st.last_seq, 0) AS last_seq
  FROM exchange_subscription s LEFT JOIN exchange_stream st ON st.resource_id = s.resource_id`;

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  mode: 'pull' | 'webhook';
  from_seq: string;
  to_seq: string;
  changes: number;
  bytes: string;
  attempt: number;
  outcome: 'delivered' | 'failed';
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  at: Date;
}

export interface DeadLetterRow {
  id: string;
  subscription_id: string;
  resource_id: string;
  consumer_department_id: string;
  from_seq: string;
  to_seq: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  redelivered_at: Date | null;
}

export const subscriptionRepo = {
  async subscription(q: Queryable, id: string): Promise<SubscriptionRow | undefined> {
    const { rows } = await q.query<SubscriptionRow>(`${SUBSCRIPTION_SELECT} WHERE s.id = $1`, [id]);
    return rows[0];
  },

  async subscriptions(
    q: Queryable,
    f: { consumerIds: string[] | null; providerIds: string[] | null; resourceId?: string | undefined },
  ): Promise<SubscriptionRow[]> {
    const { rows } = await q.query<SubscriptionRow>(
      `${SUBSCRIPTION_SELECT}
        WHERE ($1::uuid[] IS NULL AND $2::uuid[] IS NULL
               OR s.consumer_department_id = ANY($1::uuid[]) OR st.department_id = ANY($2::uuid[]))
          AND ($3::uuid IS NULL OR s.resource_id = $3)
        ORDER BY s.created_at DESC`,
      [f.consumerIds, f.providerIds, f.resourceId ?? null],
    );
    return rows;
  },

  async subscriptionExists(q: Queryable, resourceId: string, consumerId: string): Promise<boolean> {
    const { rows } = await q.query(
      `SELECT 1 FROM exchange_subscription WHERE resource_id = $1 AND consumer_department_id = $2`,
      [resourceId, consumerId],
    );
    return rows.length > 0;
  },

  async insertSubscription(
    q: Queryable,
    s: {
      resourceId: string;
      consumerDepartmentId: string;
      items: string[] | null;
      mode: string;
      webhookUrl: string | null;
      secretEnc: string | null;
      maxAttempts: number;
      ackedSeq: number;
      createdBy: string | null;
    },
  ): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO exchange_subscription (resource_id, consumer_department_id, items, mode, webhook_url, secret_enc,
         max_attempts, acked_seq, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        s.resourceId,
        s.consumerDepartmentId,
        s.items,
        s.mode,
        s.webhookUrl,
        s.secretEnc,
        s.maxAttempts,
        s.ackedSeq,
        s.createdBy,
      ],
    );
    return rows[0]!.id;
  },

  async patchSubscription(
    q: Queryable,
    id: string,
    p: { status?: string | undefined; webhookUrl?: string | undefined; maxAttempts?: number | undefined },
  ) {
    await q.query(
      `UPDATE exchange_subscription SET status = COALESCE($2, status), webhook_url = COALESCE($3, webhook_url),
         max_attempts = COALESCE($4, max_attempts),
         attempts = CASE WHEN $2 = 'active' THEN 0 ELSE attempts END,
         next_attempt_at = CASE WHEN $2 = 'active' THEN now() ELSE next_attempt_at END
       WHERE id = $1`,
      [id, p.status ?? null, p.webhookUrl ?? null, p.maxAttempts ?? null],
    );
  },

  async deleteSubscription(q: Queryable, id: string) {
    await q.query(`DELETE FROM exchange_subscription WHERE id = $1`, [id]);
  },

  /** Moves a pull subscription's acknowledged cursor forward (never back). */
  async ack(q: Queryable, id: string, cursor: number) {
    await q.query(`UPDATE exchange_subscription SET acked_seq = GREATEST(acked_seq, $2) WHERE id = $1`, [
      id,
      cursor,
    ]);
  },

  async deliveries(q: Queryable, subscriptionId: string, limit: number): Promise<DeliveryRow[]> {
    const { rows } = await q.query<DeliveryRow>(
      `SELECT * FROM exchange_delivery WHERE subscription_id = $1 ORDER BY at DESC LIMIT $2`,
      [subscriptionId, limit],
    );
    return rows;
  },

  async deadLetters(q: Queryable, subscriptionIds: string[] | null, open: boolean): Promise<DeadLetterRow[]> {
    const { rows } = await q.query<DeadLetterRow>(
      `SELECT d.*, s.consumer_department_id FROM exchange_dead_letter d
         JOIN exchange_subscription s ON s.id = d.subscription_id
        WHERE ($1::uuid[] IS NULL OR d.subscription_id = ANY($1::uuid[])) AND (NOT $2 OR d.redelivered_at IS NULL)
        ORDER BY d.created_at DESC LIMIT 500`,
      [subscriptionIds, open],
    );
    return rows;
  },

  async deadLetter(q: Queryable, id: string) {
    const { rows } = await q.query<{ id: string; subscription_id: string; redelivered_at: Date | null }>(
      `SELECT id, subscription_id, redelivered_at FROM exchange_dead_letter WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0];
  },

  /** Clears a dead letter: the subscription resumes from its acknowledged seq at once. */
  async redeliver(q: Queryable, id: string, subscriptionId: string, by: string | null) {
    await q.query(
      `UPDATE exchange_dead_letter SET redelivered_at = now(), redelivered_by = $2 WHERE id = $1`,
      [id, by],
    );
    await q.query(
      `UPDATE exchange_subscription SET status = 'active', attempts = 0, next_attempt_at = now(), last_error = NULL
        WHERE id = $1`,
      [subscriptionId],
    );
  },
};
