/** The SQL of the exchange figures: per-department daily statistics and the data-quality report. */
import type { Queryable } from '../../db/index.ts';

export const figuresRepo = {
  /** Rows received and rejected per resource and rule over the last `days` days. */
  async quality(q: Queryable, days: number, departmentIds: string[] | null) {
    const { rows } = await q.query<{
      resource_id: string;
      batches: number;
      rejected_batches: number;
      rows_received: string;
      rows_rejected: string;
      by_rule: Record<string, number> | null;
      open_quarantine: number;
    }>(
      `WITH b AS (
         SELECT * FROM exchange_batch
          WHERE at > now() - make_interval(days => $1) AND ($2::uuid[] IS NULL OR department_id = ANY($2::uuid[]))),
       rules AS (
         SELECT b.resource_id, jsonb_object_agg(k, n) AS by_rule FROM (
           SELECT resource_id, e.key AS k, sum(e.value::bigint)::int AS n
             FROM b, jsonb_each_text(b.error_counts) e GROUP BY resource_id, e.key) b GROUP BY b.resource_id)
       SELECT b.resource_id, count(*)::int AS batches, count(*) FILTER (WHERE outcome = 'rejected')::int
           AS rejected_batches, sum(received) AS rows_received, sum(b.rejected) AS rows_rejected, rules.by_rule,
         (SELECT count(*)::int FROM exchange_quarantine x WHERE x.resource_id = b.resource_id AND x.status = 'open')
           AS open_quarantine
         FROM b LEFT JOIN rules ON rules.resource_id = b.resource_id
        GROUP BY b.resource_id, rules.by_rule ORDER BY sum(b.rejected) DESC, b.resource_id`,
      [days, departmentIds],
    );
    return rows;
  },
  /**
   * Per department and day: records received (batches applied), held (running inserted − deleted), delivered to
   * it as a consumer, exchanges (batches + deliveries) and cumulative shared: from the exchange log, plus the
   * daily rollups the retention job wrote for the log rows it deleted, so purging never changes a figure.
   */
  async stats(q: Queryable, from: string, to: string, departmentIds: string[] | null) {
    const { rows } = await q.query<{
      day: string;
      department_id: string;
      records_held: string;
      records_received: string;
      records_delivered: string;
      exchanges: string;
      cumulative_shared: string;
    }>(
      `WITH ingest AS (
         SELECT department_id, day, sum(received) AS received, sum(held_delta) AS held_delta,
                sum(batches) AS batches FROM (
           SELECT department_id, (at AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(received - rejected) AS received,
                  sum(inserted - deleted) AS held_delta, count(*) AS batches
             FROM exchange_batch WHERE outcome = 'applied' GROUP BY 1, 2
           UNION ALL
           SELECT department_id, day, received, held_delta, batches FROM exchange_ingest_daily) b GROUP BY 1, 2),
       outgoing AS (
         SELECT department_id, day, sum(delivered) AS delivered, sum(deliveries) AS deliveries FROM (
           SELECT consumer_department_id AS department_id, (at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                  sum(changes) AS delivered, count(*) AS deliveries
             FROM exchange_delivery WHERE outcome = 'delivered' GROUP BY 1, 2
           UNION ALL
           SELECT department_id, day, delivered, deliveries FROM exchange_delivery_daily) d GROUP BY 1, 2),
       daily AS (
         SELECT COALESCE(i.department_id, o.department_id) AS department_id, COALESCE(i.day, o.day) AS day,
                COALESCE(i.received, 0) AS received, COALESCE(i.held_delta, 0) AS held_delta,
                COALESCE(o.delivered, 0) AS delivered,
                COALESCE(i.batches, 0) + COALESCE(o.deliveries, 0) AS exchanges
           FROM ingest i FULL JOIN outgoing o ON o.department_id = i.department_id AND o.day = i.day),
       running AS (
         SELECT *, sum(held_delta) OVER w AS held, sum(delivered) OVER w AS shared
           FROM daily WINDOW w AS (PARTITION BY department_id ORDER BY day))
       SELECT day::text AS day, department_id, held AS records_held, received AS records_received,
              delivered AS records_delivered, exchanges, shared AS cumulative_shared
         FROM running
        WHERE day BETWEEN $1::date AND $2::date AND ($3::uuid[] IS NULL OR department_id = ANY($3::uuid[]))
        ORDER BY day, department_id`,
      [from, to, departmentIds],
    );
    return rows;
  },

  /** Records held now per provider department (departments idle in a date range still hold their data). */
  async heldByDepartment(q: Queryable, departmentIds: string[] | null) {
    const { rows } = await q.query<{ department_id: string; records_held: string; resources: number }>(
      `SELECT department_id, sum(records_held) AS records_held, count(*)::int AS resources FROM exchange_stream
        WHERE records_held > 0 AND ($1::uuid[] IS NULL OR department_id = ANY($1::uuid[]))
        GROUP BY department_id ORDER BY sum(records_held) DESC`,
      [departmentIds],
    );
    return rows;
  },

  async totals(q: Queryable, departmentIds: string[] | null) {
    const { rows } = await q.query<{
      records_held: string;
      resources_with_data: number;
      subscriptions: number;
      delivered: string;
    }>(
      `SELECT (SELECT COALESCE(sum(records_held), 0) FROM exchange_stream
                WHERE $1::uuid[] IS NULL OR department_id = ANY($1::uuid[])) AS records_held,
              (SELECT count(*)::int FROM exchange_stream
                WHERE records_held > 0 AND ($1::uuid[] IS NULL OR department_id = ANY($1::uuid[])))
                AS resources_with_data,
              (SELECT count(*)::int FROM exchange_subscription
                WHERE $1::uuid[] IS NULL OR consumer_department_id = ANY($1::uuid[])) AS subscriptions,
              (SELECT COALESCE(sum(changes), 0) FROM exchange_delivery
                WHERE outcome = 'delivered' AND ($1::uuid[] IS NULL OR consumer_department_id = ANY($1::uuid[])))
              + (SELECT COALESCE(sum(delivered), 0) FROM exchange_delivery_daily
                WHERE $1::uuid[] IS NULL OR department_id = ANY($1::uuid[])) AS delivered`,
      [departmentIds],
    );
    return rows[0]!;
  },
};
