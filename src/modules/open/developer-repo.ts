/** The SQL of the open data portal's developers: API keys, the usage meter and 有条件开放 applications (0020). */
import type { Queryable } from '../../db/index.ts';

export interface KeyRow {
  id: string;
  developer_id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  daily_quota: number | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface MeterRow {
  day: string;
  calls: string;
  rows: string;
  downloads: string;
}

export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'revoked';

export interface ApplicationRow {
  id: string;
  developer_id: string;
  resource_id: string;
  department_id: string;
  purpose: string;
  items: string[];
  period_start: string;
  period_end: string;
  status: ApplicationStatus;
  reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
}

const APPLICATION_COLUMNS = `id, developer_id, resource_id, department_id, purpose, items,
  period_start::text AS period_start, period_end::text AS period_end, status, reason, decided_by, decided_at,
  created_at`;

export const developerRepo = {
  async insertKey(
    q: Queryable,
    k: { developerId: string; name: string; prefix: string; secretHash: string },
  ): Promise<KeyRow> {
    const { rows } = await q.query<KeyRow>(
      `INSERT INTO open_api_key (developer_id, name, prefix, secret_hash) VALUES ($1, $2, $3, $4) RETURNING *`,
      [k.developerId, k.name, k.prefix, k.secretHash],
    );
    return rows[0]!;
  },

  async keysOf(q: Queryable, developerId: string): Promise<KeyRow[]> {
    const { rows } = await q.query<KeyRow>(
      `SELECT * FROM open_api_key WHERE developer_id = $1 ORDER BY created_at DESC, id`,
      [developerId],
    );
    return rows;
  },

  async allKeys(q: Queryable, limit: number, offset: number): Promise<{ total: number; rows: KeyRow[] }> {
    const { rows } = await q.query<KeyRow & { total: number }>(
      `SELECT *, count(*) OVER ()::int AS total FROM open_api_key
       ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return { total: rows[0]?.total ?? 0, rows };
  },

  async keyById(q: Queryable, id: string, lock = false): Promise<KeyRow | undefined> {
    const { rows } = await q.query<KeyRow>(
      `SELECT * FROM open_api_key WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  },

  async keyByPrefix(q: Queryable, prefix: string): Promise<KeyRow | undefined> {
    const { rows } = await q.query<KeyRow>(`SELECT * FROM open_api_key WHERE prefix = $1`, [prefix]);
    return rows[0];
  },

  async revokeKey(q: Queryable, id: string): Promise<void> {
    await q.query(`UPDATE open_api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  },

  async setQuota(q: Queryable, id: string, quota: number | null): Promise<void> {
    await q.query(`UPDATE open_api_key SET daily_quota = $2 WHERE id = $1`, [id, quota]);
  },

  async touchKey(q: Queryable, id: string): Promise<void> {
    await q.query(`UPDATE open_api_key SET last_used_at = now() WHERE id = $1`, [id]);
  },

  /** Adds a batch of counts and answers each subject's new totals for the day (one statement). */
  async addMeter(
    q: Queryable,
    rows: { day: string; subject: string; calls: number; rows: number; downloads: number }[],
  ): Promise<{ day: string; subject: string; calls: string }[]> {
    if (!rows.length) return [];
    const { rows: out } = await q.query<{ day: string; subject: string; calls: string }>(
      `INSERT INTO open_meter (day, subject, calls, rows, downloads)
       SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])
       ON CONFLICT (subject, day) DO UPDATE SET calls = open_meter.calls + EXCLUDED.calls,
         rows = open_meter.rows + EXCLUDED.rows, downloads = open_meter.downloads + EXCLUDED.downloads
       RETURNING day::text AS day, subject, calls::text AS calls`,
      [
        rows.map((r) => r.day),
        rows.map((r) => r.subject),
        rows.map((r) => r.calls),
        rows.map((r) => r.rows),
        rows.map((r) => r.downloads),
      ],
    );
    return out;
  },

  async callsOn(q: Queryable, subject: string, day: string): Promise<number> {
    const { rows } = await q.query<{ calls: string }>(
      `SELECT calls::text AS calls FROM open_meter WHERE subject = $1 AND day = $2`,
      [subject, day],
    );
    return Number(rows[0]?.calls ?? 0);
  },

  async meterSince(
    q: Queryable,
    subjects: string[],
    since: string,
  ): Promise<(MeterRow & { subject: string })[]> {
    const { rows } = await q.query<MeterRow & { subject: string }>(
      `SELECT subject, day::text AS day, calls::text AS calls, rows::text AS rows, downloads::text AS downloads
       FROM open_meter WHERE subject = ANY($1::text[]) AND day >= $2 ORDER BY day`,
      [subjects, since],
    );
    return rows;
  },

  async insertApplication(
    q: Queryable,
    a: {
      developerId: string;
      resourceId: string;
      departmentId: string;
      purpose: string;
      items: string[];
      periodStart: string;
      periodEnd: string;
    },
  ): Promise<ApplicationRow | undefined> {
    // The partial unique index keeps one open application per developer and dataset; a second is no row.
    const { rows } = await q.query<ApplicationRow>(
      `INSERT INTO open_application
         (developer_id, resource_id, department_id, purpose, items, period_start, period_end)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7)
       ON CONFLICT (developer_id, resource_id) WHERE status IN ('pending', 'approved') DO NOTHING
       RETURNING ${APPLICATION_COLUMNS}`,
      [a.developerId, a.resourceId, a.departmentId, a.purpose, a.items, a.periodStart, a.periodEnd],
    );
    return rows[0];
  },

  async applicationById(q: Queryable, id: string, lock = false): Promise<ApplicationRow | undefined> {
    const { rows } = await q.query<ApplicationRow>(
      `SELECT ${APPLICATION_COLUMNS} FROM open_application WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  },

  async applications(
    q: Queryable,
    filter: {
      developerId?: string | undefined;
      departmentIds?: string[] | undefined;
      status?: ApplicationStatus | undefined;
    },
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: ApplicationRow[] }> {
    const { rows } = await q.query<ApplicationRow & { total: number }>(
      `SELECT ${APPLICATION_COLUMNS}, count(*) OVER ()::int AS total FROM open_application
       WHERE ($1::uuid IS NULL OR developer_id = $1)
         AND ($2::uuid[] IS NULL OR department_id = ANY($2::uuid[]))
         AND ($3::text IS NULL OR status = $3)
       ORDER BY (status = 'pending') DESC, created_at DESC, id
       LIMIT $4 OFFSET $5`,
      [filter.developerId ?? null, filter.departmentIds ?? null, filter.status ?? null, limit, offset],
    );
    return { total: rows[0]?.total ?? 0, rows };
  },

  async decide(
    q: Queryable,
    id: string,
    d: { status: ApplicationStatus; reason: string | null; decidedBy: string | null },
  ): Promise<void> {
    await q.query(
      `UPDATE open_application SET status = $2, reason = $3, decided_by = $4, decided_at = now() WHERE id = $1`,
      [id, d.status, d.reason, d.decidedBy],
    );
  },

  /** The approval in force today for a developer and a dataset, read on every keyed call (so a revocation bites at once). */
  async approvalInForce(
    q: Queryable,
    developerId: string,
    resourceId: string,
    today: string,
  ): Promise<ApplicationRow | undefined> {
    const { rows } = await q.query<ApplicationRow>(
      `SELECT ${APPLICATION_COLUMNS} FROM open_application
       WHERE developer_id = $1 AND resource_id = $2 AND status = 'approved'
         AND period_start <= $3::date AND period_end >= $3::date`,
      [developerId, resourceId, today],
    );
    return rows[0];
  },
};
