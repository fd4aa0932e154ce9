/** The macro-economy registry's SQL, and only here. */
import type { Queryable } from '../../db/index.ts';
import type { Clause, DataQuery } from './sdmx-query.ts';

export interface SourceRow {
  resource_id: string;
  subscription_id: string;
  department_id: string;
  applied_seq: string;
  last_sync_at: Date | null;
  last_success_at: Date | null;
  last_changes: number;
  last_skipped: number;
  last_error: string | null;
}

/** One change of the source resource, read into the registry's terms. */
export interface ObservationChange {
  seq: number;
  op: 'insert' | 'update' | 'delete';
  indicator: string;
  freq: string;
  region: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  value: number | null;
  status: string | null;
  at: string;
}

export interface IndicatorUpsert {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  unitCode: string;
  department: string;
}

export interface ObservationRow {
  indicator: string;
  freq: string;
  region: string;
  period: string;
  period_start: string;
  period_end: string;
  value: string;
  obs_status: string;
  unit_code: string;
  revision: number;
}

export interface IndicatorRow {
  code: string;
  name_zh: string;
  name_en: string;
  unit: string;
  unit_code: string;
  department: string;
  frequencies: string[] | null;
  regions: number;
  observations: number;
  first_period: string | null;
  last_period: string | null;
}

export interface RevisionRow {
  revision: number;
  op: 'insert' | 'update' | 'delete';
  value: string | null;
  obs_status: string | null;
  source_seq: string;
  changed_at: Date;
}

const SOURCE_COLUMNS = `resource_id, subscription_id, department_id, applied_seq, last_sync_at, last_success_at,
  last_changes, last_skipped, last_error`;

export const economyRepo = {
  async sources(q: Queryable): Promise<SourceRow[]> {
    const { rows } = await q.query<SourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM economy_source ORDER BY created_at, resource_id`,
    );
    return rows;
  },

  async source(q: Queryable, resourceId: string): Promise<SourceRow | undefined> {
    const { rows } = await q.query<SourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM economy_source WHERE resource_id = $1`,
      [resourceId],
    );
    return rows[0];
  },

  async insertSource(
    q: Queryable,
    s: { resourceId: string; subscriptionId: string; departmentId: string },
  ): Promise<void> {
    await q.query(
      `INSERT INTO economy_source (resource_id, subscription_id, department_id) VALUES ($1, $2, $3)`,
      [s.resourceId, s.subscriptionId, s.departmentId],
    );
  },

  /** Takes the source's lease when nobody holds it; answers the applied seq, or null when someone does. */
  async claim(q: Queryable, resourceId: string, holder: string, seconds: number): Promise<number | null> {
    const { rows } = await q.query<{ applied_seq: string }>(
      `UPDATE economy_source SET lease_holder = $2, lease_until = now() + make_interval(secs => $3)
       WHERE resource_id = $1 AND lease_until < now() RETURNING applied_seq`,
      [resourceId, holder, seconds],
    );
    return rows[0] ? Number(rows[0].applied_seq) : null;
  },

  async release(
    q: Queryable,
    resourceId: string,
    holder: string,
    outcome: { changes: number; skipped: number; error: string | null },
  ): Promise<void> {
    await q.query(
      `UPDATE economy_source SET lease_holder = NULL, lease_until = '-infinity', last_sync_at = now(),
         last_success_at = CASE WHEN $5::text IS NULL THEN now() ELSE last_success_at END,
         last_changes = $3, last_skipped = $4, last_error = $5
       WHERE resource_id = $1 AND lease_holder = $2`,
      [resourceId, holder, outcome.changes, outcome.skipped, outcome.error],
    );
  },

  /**
   * Applies one page of changes set-based: every change becomes a revision (numbered after the key's last one),
   * each key takes the state of its last change (deleted, or inserted/updated), the indicators their latest
   * names, and the source its new applied seq — three statements whatever the page's size.
   */
  async apply(
    tx: Queryable,
    resourceId: string,
    changes: readonly ObservationChange[],
    indicators: readonly IndicatorUpsert[],
    appliedSeq: number,
  ): Promise<void> {
    if (changes.length) {
      const cols = [
        changes.map((c) => c.seq),
        changes.map((c) => c.op),
        changes.map((c) => c.indicator),
        changes.map((c) => c.freq),
        changes.map((c) => c.region),
        changes.map((c) => c.period),
        changes.map((c) => c.periodStart),
        changes.map((c) => c.periodEnd),
        changes.map((c) => (c.value === null ? null : String(c.value))),
        changes.map((c) => c.status),
        changes.map((c) => c.at),
      ];
      const source = `unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[],
          $8::date[], $9::numeric[], $10::text[], $11::timestamptz[])
        AS c(seq, op, indicator, freq, region, period, period_start, period_end, value, status, at)`;
      // One statement: number the changes after each key's last revision, append them all as revisions, and
      // give each key the state of its last change (deleted, or inserted/updated with that revision).
      await tx.query(
        `WITH c AS (SELECT * FROM ${source}),
         numbered AS (
           -- A probe of the primary key per change: the plan cannot turn into a scan, statistics or not.
           SELECT c.*, COALESCE(m.last, 0) + row_number() OVER (
                    PARTITION BY c.indicator, c.freq, c.region, c.period ORDER BY c.seq) AS revision
           FROM c LEFT JOIN LATERAL (
             SELECT max(r.revision) AS last FROM economy_observation_revision r
             WHERE r.indicator = c.indicator AND r.freq = c.freq AND r.region = c.region AND r.period = c.period
           ) m ON true
         ), rev AS (
           INSERT INTO economy_observation_revision
             (indicator, freq, region, period, revision, op, value, obs_status, source_seq, changed_at)
           SELECT indicator, freq, region, period, revision, op, value, status, seq, at FROM numbered
         ), last AS (
           SELECT DISTINCT ON (indicator, freq, region, period) * FROM numbered
           ORDER BY indicator, freq, region, period, seq DESC
         ), gone AS (
           DELETE FROM economy_observation o USING last
           WHERE last.op = 'delete' AND o.indicator = last.indicator AND o.freq = last.freq
             AND o.region = last.region AND o.period = last.period
         )
         INSERT INTO economy_observation (indicator, freq, region, period, period_start, period_end, value,
           obs_status, revision, source_seq, updated_at)
         SELECT indicator, freq, region, period, period_start, period_end, value, status, revision, seq, at
         FROM last WHERE op <> 'delete'
         ON CONFLICT (indicator, freq, region, period) DO UPDATE SET
           period_start = excluded.period_start, period_end = excluded.period_end, value = excluded.value,
           obs_status = excluded.obs_status, revision = excluded.revision, source_seq = excluded.source_seq,
           updated_at = excluded.updated_at`,
        cols,
      );
    }
    if (indicators.length) {
      await tx.query(
        `INSERT INTO economy_indicator AS i (code, name_zh, name_en, unit, unit_code, department)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
           unit = excluded.unit, unit_code = excluded.unit_code, department = excluded.department,
           updated_at = now()
         WHERE (i.name_zh, i.name_en, i.unit, i.unit_code, i.department)
           IS DISTINCT FROM (excluded.name_zh, excluded.name_en, excluded.unit, excluded.unit_code,
                             excluded.department)`,
        [
          indicators.map((i) => i.code),
          indicators.map((i) => i.nameZh),
          indicators.map((i) => i.nameEn),
          indicators.map((i) => i.unit),
          indicators.map((i) => i.unitCode),
          indicators.map((i) => i.department),
        ],
      );
    }
    await tx.query(`UPDATE economy_source SET applied_seq = $2 WHERE resource_id = $1`, [
      resourceId,
      appliedSeq,
    ]);
  },

  /** Observations matching an SDMX query, ordered by series and period; at most `limit`. */
  async observations(q: Queryable, query: DataQuery, limit: number): Promise<ObservationRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    const column = {
      FREQ: 'o.freq',
      REF_AREA: 'o.region',
      INDICATOR: 'o.indicator',
      OBS_STATUS: 'o.obs_status',
    };
    for (const [dim, values] of [
      ['FREQ', query.key.FREQ],
      ['REF_AREA', query.key.REF_AREA],
      ['INDICATOR', query.key.INDICATOR],
    ] as const) {
      if (values) where.push(`${column[dim]} = ANY(${p(values)}::text[])`);
    }
    const clause = (c: Clause) =>
      '(' +
      c
        .map(
          (all) =>
            '(' +
            all
              .map((cond) => {
                if (cond.kind === 'code')
                  return `${column[cond.component]} ${cond.op === 'eq' ? '=' : '<>'} ${p(cond.value)}`;
                const { period } = cond;
                switch (cond.op) {
                  case 'eq':
                    return `o.period = ${p(period.id)}`;
                  case 'ne':
                    return `o.period <> ${p(period.id)}`;
                  case 'ge':
                    return `o.period_start >= ${p(period.start)}::date`;
                  case 'gt':
                    return `o.period_start > ${p(period.end)}::date`;
                  case 'le':
                    return `o.period_end <= ${p(period.end)}::date`;
                  case 'lt':
                    return `o.period_end < ${p(period.start)}::date`;
                }
              })
              .join(' AND ') +
            ')',
        )
        .join(' OR ') +
      ')';
    for (const c of query.clauses) where.push(clause(c));
    const { rows } = await q.query<ObservationRow>(
      `SELECT o.indicator, o.freq, o.region, o.period, o.period_start::text AS period_start,
              o.period_end::text AS period_end, o.value::text AS value, o.obs_status, i.unit_code, o.revision
       FROM economy_observation o JOIN economy_indicator i ON i.code = o.indicator
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY o.freq, o.region, o.indicator, o.period_start, o.period_end
       LIMIT ${p(limit)}`,
      params,
    );
    return rows;
  },

  async indicators(q: Queryable): Promise<IndicatorRow[]> {
    const { rows } = await q.query<IndicatorRow>(
      `SELECT i.code, i.name_zh, i.name_en, i.unit, i.unit_code, i.department,
              array_agg(DISTINCT o.freq ORDER BY o.freq) FILTER (WHERE o.freq IS NOT NULL) AS frequencies,
              count(DISTINCT o.region)::int AS regions, count(o.indicator)::int AS observations,
              min(o.period) AS first_period, max(o.period) AS last_period
       FROM economy_indicator i LEFT JOIN economy_observation o ON o.indicator = i.code
       GROUP BY i.code ORDER BY i.code`,
    );
    return rows;
  },

  async indicator(q: Queryable, code: string): Promise<IndicatorRow | undefined> {
    return (await this.indicators(q)).find((i) => i.code === code);
  },

  async revisions(
    q: Queryable,
    k: { indicator: string; freq: string; region: string; period: string },
  ): Promise<RevisionRow[]> {
    const { rows } = await q.query<RevisionRow>(
      `SELECT revision, op, value::text AS value, obs_status, source_seq, changed_at
       FROM economy_observation_revision
       WHERE indicator = $1 AND freq = $2 AND region = $3 AND period = $4 ORDER BY revision`,
      [k.indicator, k.freq, k.region, k.period],
    );
    return rows;
  },

  async counts(q: Queryable): Promise<{ indicators: number; observations: number; revisions: number }> {
    const { rows } = await q.query<{ indicators: number; observations: number; revisions: number }>(
      `SELECT (SELECT count(*) FROM economy_indicator)::int AS indicators,
              (SELECT count(*) FROM economy_observation)::int AS observations,
              (SELECT count(*) FROM economy_observation_revision)::int AS revisions`,
    );
    return rows[0]!;
  },

  /** Adds a process's tally of SDMX reads. */
  async addUsage(
    q: Queryable,
    tally: readonly { day: string; flow: string; format: string; calls: number }[],
  ) {
    if (!tally.length) return;
    await q.query(
      `INSERT INTO economy_sdmx_usage AS u (day, flow, format, calls)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (day, flow, format) DO UPDATE SET calls = u.calls + excluded.calls`,
      [
        tally.map((t) => t.day),
        tally.map((t) => t.flow),
        tally.map((t) => t.format),
        tally.map((t) => t.calls),
      ],
    );
  },

  async usage(q: Queryable, today: string): Promise<{ today: number; total: number }> {
    const { rows } = await q.query<{ today: string | null; total: string | null }>(
      `SELECT sum(calls) FILTER (WHERE day = $1::date)::text AS today, sum(calls)::text AS total
       FROM economy_sdmx_usage`,
      [today],
    );
    return { today: Number(rows[0]?.today ?? 0), total: Number(rows[0]?.total ?? 0) };
  },
};
