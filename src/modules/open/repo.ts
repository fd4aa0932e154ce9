import type { Queryable } from '../../db/index.ts';

export type UsageKind = 'api' | 'download';

export const openRepo = {
  /** Adds counts to the day's rows (one statement for the whole batch). */
  async addUsage(q: Queryable, rows: { day: string; resourceId: string; kind: UsageKind; count: number }[]) {
    if (!rows.length) return;
    await q.query(
      `INSERT INTO open_usage (day, resource_id, kind, count)
       SELECT * FROM unnest($1::date[], $2::uuid[], $3::text[], $4::bigint[])
       ON CONFLICT (day, resource_id, kind) DO UPDATE SET count = open_usage.count + EXCLUDED.count`,
      [
        rows.map((r) => r.day),
        rows.map((r) => r.resourceId),
        rows.map((r) => r.kind),
        rows.map((r) => r.count),
      ],
    );
  },

  async usageTotals(q: Queryable): Promise<{ kind: UsageKind; count: string }[]> {
    const { rows } = await q.query<{ kind: UsageKind; count: string }>(
      `SELECT kind, sum(count)::text AS count FROM open_usage GROUP BY kind`,
    );
    return rows;
  },
};
