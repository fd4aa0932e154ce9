/** The SQL of exchange retention: expired log rows rolled up into the daily figures, then deleted. */
import type { Queryable } from '../../db/index.ts';

/** CST day of a timestamp column, the way the figures count days. */
const DAY = `(at AT TIME ZONE 'Asia/Shanghai')::date`;

export const retentionRepo = {
  /** Deletes up to `limit` batch rows older than `before`, adding the applied ones to exchange_ingest_daily. */
  async purgeBatches(q: Queryable, before: Date, limit: number): Promise<number> {
    const { rows } = await q.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM exchange_batch WHERE id IN (SELECT id FROM exchange_batch WHERE at < $1 ORDER BY at LIMIT $2)
         RETURNING department_id, at, outcome, received, rejected, inserted, deleted),
       rolled AS (
         INSERT INTO exchange_ingest_daily AS d (department_id, day, received, held_delta, batches)
         SELECT department_id, ${DAY}, sum(received - rejected), sum(inserted - deleted), count(*)
           FROM gone WHERE outcome = 'applied' GROUP BY 1, 2
         ON CONFLICT (department_id, day) DO UPDATE SET received = d.received + EXCLUDED.received,
           held_delta = d.held_delta + EXCLUDED.held_delta, batches = d.batches + EXCLUDED.batches
         RETURNING 1)
       SELECT (SELECT count(*)::int FROM gone) AS n`,
      [before, limit],
    );
    return rows[0]!.n;
  },

  /** Deletes up to `limit` delivery rows older than `before`, adding the delivered ones to exchange_delivery_daily. */
  async purgeDeliveries(q: Queryable, before: Date, limit: number): Promise<number> {
    const { rows } = await q.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM exchange_delivery
          WHERE id IN (SELECT id FROM exchange_delivery WHERE at < $1 ORDER BY at LIMIT $2)
         RETURNING consumer_department_id, at, outcome, changes),
       rolled AS (
         INSERT INTO exchange_delivery_daily AS d (department_id, day, delivered, deliveries)
         SELECT consumer_department_id, ${DAY}, sum(changes), count(*)
           FROM gone WHERE outcome = 'delivered' GROUP BY 1, 2
         ON CONFLICT (department_id, day) DO UPDATE SET delivered = d.delivered + EXCLUDED.delivered,
           deliveries = d.deliveries + EXCLUDED.deliveries
         RETURNING 1)
       SELECT (SELECT count(*)::int FROM gone) AS n`,
      [before, limit],
    );
    return rows[0]!.n;
  },

  /** Quarantined rows the steward resolved (resubmitted or discarded) before `before`; open ones stay. */
  async purgeResolvedQuarantine(q: Queryable, before: Date): Promise<number> {
    const { rowCount } = await q.query(
      `DELETE FROM exchange_quarantine WHERE status <> 'open' AND resolved_at < $1`,
      [before],
    );
    return rowCount;
  },

  /** Dead letters redelivered before `before`; open ones stay until someone acts. */
  async purgeRedeliveredDeadLetters(q: Queryable, before: Date): Promise<number> {
    const { rowCount } = await q.query(`DELETE FROM exchange_dead_letter WHERE redelivered_at < $1`, [
      before,
    ]);
    return rowCount;
  },

  /**
   * Per resource with changes: its head, and the lowest seq any subscriber (active, paused or dead) has
   * acknowledged — null without subscribers.
   */
  async streams(
    q: Queryable,
  ): Promise<{ resource_id: string; last_seq: string; min_acked: string | null }[]> {
    const { rows } = await q.query<{ resource_id: string; last_seq: string; min_acked: string | null }>(
      `SELECT st.resource_id, st.last_seq,
              (SELECT min(s.acked_seq) FROM exchange_subscription s WHERE s.resource_id = st.resource_id)
                AS min_acked
         FROM exchange_stream st WHERE st.last_seq > 0 ORDER BY st.resource_id`,
    );
    return rows;
  },

  /** The highest seq of a resource's changes logged before `before` (0 when none). */
  async lastSeqBefore(q: Queryable, resourceId: string, before: Date): Promise<number> {
    const { rows } = await q.query<{ seq: string | null }>(
      `SELECT max(seq) AS seq FROM exchange_change WHERE resource_id = $1 AND at < $2`,
      [resourceId, before],
    );
    return Number(rows[0]?.seq ?? 0);
  },

  /**
   * Compacts a resource's change log up to seq `upTo`: deletes every change a later one (≤ upTo) of the same
   * record supersedes, and deletes whose record then has nothing left. What remains up to `upTo` is the latest
   * state of each record still held at that point, so the log read from 0 still yields every record, and any
   * record's state at `upTo` or later can be rebuilt.
   */
  async compactChanges(q: Queryable, resourceId: string, upTo: number): Promise<number> {
    const { rowCount } = await q.query(
      `DELETE FROM exchange_change c USING (
         SELECT seq FROM (
           SELECT seq, op, lead(seq) OVER (PARTITION BY record_key ORDER BY seq) AS next
             FROM exchange_change WHERE resource_id = $1 AND seq <= $2) x
          WHERE op = 'D' OR next IS NOT NULL) old
        WHERE c.resource_id = $1 AND c.seq = old.seq`,
      [resourceId, upTo],
    );
    return rowCount;
  },
};
