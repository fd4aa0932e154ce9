/**
 * The SQL of webhook delivery: claiming due subscriptions under a row lease, and moving a claimed subscription on
 * after a POST (advance, back off, dead-letter). Every write after the claim is guarded by `lease_owner = worker`,
 * so a worker whose lease has expired and been taken over changes nothing.
 */
import type { Queryable } from '../../../db/index.ts';
import type { SubscriptionRow } from '../subscription-repo.ts';

/** A subscription a worker has just leased, with its resource's change-log head (`last_seq`). */
export type ClaimedSubscription = SubscriptionRow & { webhook_url: string };

export const deliveryRepo = {
  /**
   * Leases up to `limit` due webhook subscriptions to `worker` for `leaseSeconds`: active, behind their resource's
   * head, past their backoff, and not leased by a live worker. Rows another transaction is claiming right now are
   * skipped (SKIP LOCKED), so concurrent workers never claim the same subscription.
   */
  async claim(
    q: Queryable,
    worker: string,
    leaseSeconds: number,
    limit: number,
  ): Promise<ClaimedSubscription[]> {
    const { rows } = await q.query<ClaimedSubscription>(
      `WITH due AS (
         SELECT s.id, st.last_seq FROM exchange_subscription s
           JOIN exchange_stream st ON st.resource_id = s.resource_id
          WHERE s.mode = 'webhook' AND s.status = 'active' AND st.last_seq > s.acked_seq
            AND s.next_attempt_at <= now() AND (s.lease_until IS NULL OR s.lease_until < now())
          ORDER BY s.next_attempt_at
          LIMIT $3
            FOR UPDATE OF s SKIP LOCKED)
       UPDATE exchange_subscription s
          SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
         FROM due WHERE s.id = due.id
       RETURNING s.*, due.last_seq`,
      [worker, leaseSeconds, limit],
    );
    return rows;
  },

  /**
   * The receiver acknowledged changes up to `toSeq`: move acked_seq there, clear the failure count and the lease.
   * False when the lease was lost (or acked_seq moved), in which case nothing changed.
   */
  async delivered(
    q: Queryable,
    id: string,
    worker: string,
    fromAcked: number,
    toSeq: number,
  ): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE exchange_subscription
          SET acked_seq = $4, attempts = 0, last_error = NULL, last_delivered_at = now(), next_attempt_at = now(),
              lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2 AND acked_seq = $3`,
      [id, worker, fromAcked, toSeq],
    );
    return rowCount > 0;
  },

  /**
   * A failed attempt: count it, schedule the next one `backoffMs` from now, and release the lease; on reaching
   * max_attempts the subscription goes 'dead'. Undefined when the lease was lost.
   */
  async failed(
    q: Queryable,
    id: string,
    worker: string,
    error: string,
    backoffMs: number,
  ): Promise<{ attempts: number; max_attempts: number; dead: boolean; acked_seq: string } | undefined> {
    const { rows } = await q.query<{
      attempts: number;
      max_attempts: number;
      dead: boolean;
      acked_seq: string;
    }>(
      `UPDATE exchange_subscription
          SET attempts = attempts + 1, last_error = $3,
              next_attempt_at = now() + make_interval(secs => $4::double precision / 1000),
              status = CASE WHEN attempts + 1 >= max_attempts THEN 'dead' ELSE status END,
              lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2
       RETURNING attempts, max_attempts, status = 'dead' AS dead, acked_seq`,
      [id, worker, error, backoffMs],
    );
    return rows[0];
  },

  /** Stops a subscription the consumer may no longer receive (its grant was revoked …) until someone resumes it. */
  async pause(q: Queryable, id: string, worker: string, error: string): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE exchange_subscription SET status = 'paused', last_error = $3, lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2`,
      [id, worker, error],
    );
    return rowCount > 0;
  },

  /** Gives a lease back without changing anything else (nothing to send after all). */
  async release(q: Queryable, id: string, worker: string): Promise<void> {
    await q.query(
      `UPDATE exchange_subscription SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2`,
      [id, worker],
    );
  },

  async insertDeadLetter(
    q: Queryable,
    d: {
      subscriptionId: string;
      resourceId: string;
      fromSeq: number;
      toSeq: number;
      attempts: number;
      error: string;
    },
  ): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO exchange_dead_letter (subscription_id, resource_id, from_seq, to_seq, attempts, last_error)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [d.subscriptionId, d.resourceId, d.fromSeq, d.toSeq, d.attempts, d.error],
    );
    return rows[0]!.id;
  },

  /**
   * One delivery in the exchange log: a webhook POST (its id is the X-Tongban-Delivery header the receiver saw) or
   * a page read by pull (id generated).
   */
  async insertDelivery(
    q: Queryable,
    d: {
      id?: string;
      subscriptionId: string;
      resourceId: string;
      consumerDepartmentId: string;
      mode: 'pull' | 'webhook';
      fromSeq: number;
      toSeq: number;
      changes: number;
      bytes: number;
      attempt: number;
      outcome: 'delivered' | 'failed';
      statusCode: number | null;
      error: string | null;
      worker: string | null;
      durationMs: number;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO exchange_delivery (id, subscription_id, resource_id, consumer_department_id, mode, from_seq, to_seq,
         changes, bytes, attempt, outcome, status_code, error, worker, duration_ms)
       VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        d.id ?? null,
        d.subscriptionId,
        d.resourceId,
        d.consumerDepartmentId,
        d.mode,
        d.fromSeq,
        d.toSeq,
        d.changes,
        d.bytes,
        d.attempt,
        d.outcome,
        d.statusCode,
        d.error,
        d.worker,
        d.durationMs,
      ],
    );
  },
};
