import type { Queryable } from '../../db/index.ts';
import { containing, likeLiteral } from '../../db/sql.ts';
import { UPDATE_CYCLES } from './vocab.ts';

export interface ResourceRow {
  id: string;
  code: string;
  class_code: string;
  department_id: string;
  status: string;
  current_version: number;
  published_version: number | null;
  publish_date: string | null;
  last_data_change_at: Date | null;
  created_at: Date;
  updated_at: Date;
  name: string;
  summary: string;
  category: string;
  format_category: string;
  sharing_type: string;
  open_type: string;
  update_cycle: string;
  item_count: number;
  overdue: boolean;
}

export interface VersionRow {
  resource_id: string;
  version: number;
  status: string;
  fields: Record<string, unknown>;
  items: Record<string, unknown>[];
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
  published_at: Date | null;
}

export interface EventRow {
  version: number;
  action: string;
  actor_name: string | null;
  comment: string | null;
  at: Date;
}

/** The columns a reader's view of a resource is searched and counted by. */
export interface Shown {
  name: string;
  summary: string;
  category: string;
  formatCategory: string;
  sharingType: string;
  openType: string;
  updateCycle: string;
  itemCount: number;
  classCode: string;
  departmentId: string;
  /** Space-separated search tokens per weight: A name, B item names and tags, C summary, D codes. */
  tokens: { a: string; b: string; c: string; d: string };
}

// Overdue: published, has a cycle, and its data (or, never fed, its publication) is older than the cycle allows.
const OVERDUE_SQL = `(r.status = 'published' AND CASE r.update_cycle ${UPDATE_CYCLES.filter(
  (c) => c.overdueDays !== null,
)
  .map(
    (c) =>
      `WHEN '${c.value}' THEN COALESCE(r.last_data_change_at, r.publish_date::timestamptz) < now() - interval '${c.overdueDays} days'`,
  )
  .join(' ')} ELSE false END)`;

const SELECT = `SELECT r.id, r.code, r.class_code, r.department_id, r.status, r.current_version, r.published_version,
  r.publish_date, r.last_data_change_at, r.created_at, r.updated_at, r.name, r.summary, r.category, r.format_category,
  r.sharing_type, r.open_type, r.update_cycle, r.item_count, ${OVERDUE_SQL} AS overdue FROM catalog_resource r`;

const SEARCH_VECTOR = `setweight(to_tsvector('simple', $A), 'A') || setweight(to_tsvector('simple', $B), 'B') ||
  setweight(to_tsvector('simple', $C), 'C') || setweight(to_tsvector('simple', $D), 'D')`;

export interface Filters {
  departmentId?: string | undefined;
  category?: string | undefined;
  formatCategory?: string | undefined;
  sharingType?: string | undefined;
  openType?: string | undefined;
  updateCycle?: string | undefined;
  status?: string | undefined;
  overdue?: boolean | undefined;
}

export const FACETS = [
  'departmentId',
  'category',
  'formatCategory',
  'sharingType',
  'openType',
  'updateCycle',
  'status',
] as const;
export type Facet = (typeof FACETS)[number];
const FACET_COLUMN: Record<Facet, string> = {
  departmentId: 'r.department_id::text',
  category: 'r.category',
  formatCategory: 'r.format_category',
  sharingType: 'r.sharing_type',
  openType: 'r.open_type',
  updateCycle: 'r.update_cycle',
  status: 'r.status',
};

/** Who may see what: all, the published catalog plus some departments' unpublished resources, or published only. */
export type Visibility = { kind: 'all' } | { kind: 'published'; plusDepartments: string[] };

export interface SearchSpec {
  /** Search tokens (segmented, Simplified), or null for no text search. */
  tokens: string[] | null;
  mode: 'all' | 'any';
  /** The query as typed (Simplified), for exact-name and code matches. */
  raw: string | null;
  filters: Filters;
  visibility: Visibility;
}

class Where {
  readonly conds: string[] = [];
  readonly params: unknown[] = [];
  p(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
  get sql(): string {
    return this.conds.length ? `WHERE ${this.conds.join(' AND ')}` : '';
  }
}

function buildWhere(spec: SearchSpec, skip?: Facet): { w: Where; tsq: string | null } {
  const w = new Where();
  if (spec.visibility.kind === 'published') {
    const visible = `(r.published_version IS NOT NULL AND r.status <> 'retired')`;
    w.conds.push(
      spec.visibility.plusDepartments.length
        ? `(${visible} OR r.department_id = ANY(${w.p(spec.visibility.plusDepartments)}::uuid[]))`
        : visible,
    );
  }
  let tsq: string | null = null;
  if (spec.tokens?.length) {
    // Both functions accept any text without syntax errors; 'or' is websearch syntax for a disjunction.
    tsq =
      spec.mode === 'all'
        ? `plainto_tsquery('simple', ${w.p(spec.tokens.join(' '))})`
        : `websearch_to_tsquery('simple', ${w.p(spec.tokens.join(' or '))})`;
    const raw = w.p(containing(spec.raw ?? ''));
    w.conds.push(`(r.search @@ ${tsq} OR r.name ILIKE ${raw} OR r.code ILIKE ${raw})`);
  }
  const f = spec.filters;
  for (const facet of FACETS) {
    const value = f[facet];
    if (value === undefined || facet === skip) continue;
    w.conds.push(`${FACET_COLUMN[facet]} = ${w.p(value)}`);
  }
  if (f.overdue !== undefined) w.conds.push(f.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`);
  return { w, tsq };
}

export const catalogRepo = {
  /** The next 顺序码 for a classification code, atomically. */
  async nextSequence(q: Queryable, classCode: string): Promise<number> {
    const { rows } = await q.query<{ last_value: number }>(
      `INSERT INTO catalog_code_sequence (class_code, last_value) VALUES ($1, 1)
       ON CONFLICT (class_code) DO UPDATE SET last_value = catalog_code_sequence.last_value + 1
       RETURNING last_value`,
      [classCode],
    );
    return rows[0]!.last_value;
  },

  /**
   * Takes one 顺序码 per entry of `classCodes` (a code appears once per resource) in one statement, the same
   * values single takes in that order would get; returns each classification code's last value.
   */
  async reserveSequences(q: Queryable, classCodes: string[]): Promise<Map<string, number>> {
    if (classCodes.length === 0) return new Map();
    const { rows } = await q.query<{ class_code: string; last_value: number }>(
      `INSERT INTO catalog_code_sequence AS s (class_code, last_value)
       SELECT class_code, count(*)::int FROM unnest($1::text[]) AS c (class_code) GROUP BY class_code
       ON CONFLICT (class_code) DO UPDATE SET last_value = s.last_value + EXCLUDED.last_value
       RETURNING s.class_code, s.last_value`,
      [classCodes],
    );
    return new Map(rows.map((r) => [r.class_code, Number(r.last_value)]));
  },

  /**
   * Inserts published resources with their first version and its publish event in one statement: the rows
   * insertResource, insertVersion and insertEvent would write one by one, events numbered in the given order.
   */
  async insertPublished(
    q: Queryable,
    resources: {
      code: string;
      shown: Shown;
      lastDataChangeAt: string | null;
      fields: object;
      items: object[];
    }[],
    common: {
      publishDate: string;
      publishedAt: Date;
      actorId: string | null;
      actorName: string | null;
      comment: string | null;
    },
  ): Promise<void> {
    if (resources.length === 0) return;
    // One jsonb document carries the batch: the same text both engines parse, however large the batch.
    const batch = resources.map((r, ord) => ({
      ord,
      code: r.code,
      class_code: r.shown.classCode,
      department_id: r.shown.departmentId,
      last_data_change_at: r.lastDataChangeAt,
      name: r.shown.name,
      summary: r.shown.summary,
      category: r.shown.category,
      format_category: r.shown.formatCategory,
      sharing_type: r.shown.sharingType,
      open_type: r.shown.openType,
      update_cycle: r.shown.updateCycle,
      item_count: r.shown.itemCount,
      a: r.shown.tokens.a,
      b: r.shown.tokens.b,
      c: r.shown.tokens.c,
      d: r.shown.tokens.d,
      fields: r.fields,
      items: r.items,
    }));
    const search = SEARCH_VECTOR.replace('$A', 'i.a')
      .replace('$B', 'i.b')
      .replace('$C', 'i.c')
      .replace('$D', 'i.d');
    // Foreign keys are checked at the end of the statement, so versions and events may use the new ids.
    await q.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x (ord integer, code text, class_code text,
           department_id uuid, last_data_change_at timestamptz, name text, summary text, category text,
           format_category text, sharing_type text, open_type text, update_cycle text, item_count integer,
           a text, b text, c text, d text, fields jsonb, items jsonb)
       ), resource AS (
         INSERT INTO catalog_resource (code, class_code, department_id, status, current_version, published_version,
           publish_date, last_data_change_at, name, summary, category, format_category, sharing_type, open_type,
           update_cycle, item_count, search)
         SELECT i.code, i.class_code, i.department_id, 'published', 1, 1, $2::date, i.last_data_change_at, i.name,
           i.summary, i.category, i.format_category, i.sharing_type, i.open_type, i.update_cycle, i.item_count,
           ${search}
         FROM input i ORDER BY i.ord
         RETURNING id, code
       ), version AS (
         INSERT INTO catalog_version (resource_id, version, status, fields, items, created_by, created_by_name,
           published_at)
         SELECT r.id, 1, 'published', i.fields, i.items, $3::text, $4::text, $5::timestamptz
         FROM resource r JOIN input i ON i.code = r.code
       )
       INSERT INTO catalog_event (resource_id, version, action, actor_id, actor_name, comment)
       SELECT r.id, 1, 'publish', $3::text, $4::text, $6::text
       FROM resource r JOIN input i ON i.code = r.code ORDER BY i.ord`,
      [
        JSON.stringify(batch),
        common.publishDate,
        common.actorId,
        common.actorName,
        common.publishedAt,
        common.comment,
      ],
    );
  },

  async insertResource(
    q: Queryable,
    r: {
      code: string;
      status: string;
      shown: Shown;
      publishDate: string | null;
      lastDataChangeAt: string | null;
      publishedVersion: number | null;
    },
  ): Promise<string> {
    const s = r.shown;
    const sql =
      `INSERT INTO catalog_resource (code, class_code, department_id, status, current_version, published_version,
        publish_date, last_data_change_at, name, summary, category, format_category, sharing_type, open_type, update_cycle,
        item_count, search)
      VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, ${SEARCH_VECTOR})
      RETURNING id`
        .replace('$A', '$16')
        .replace('$B', '$17')
        .replace('$C', '$18')
        .replace('$D', '$19');
    const { rows } = await q.query<{ id: string }>(sql, [
      r.code,
      s.classCode,
      s.departmentId,
      r.status,
      r.publishedVersion,
      r.publishDate,
      r.lastDataChangeAt,
      s.name,
      s.summary,
      s.category,
      s.formatCategory,
      s.sharingType,
      s.openType,
      s.updateCycle,
      s.itemCount,
      s.tokens.a,
      s.tokens.b,
      s.tokens.c,
      s.tokens.d,
    ]);
    return rows[0]!.id;
  },

  /** Refreshes the reader's view columns from a version. */
  async updateShown(q: Queryable, id: string, s: Shown): Promise<void> {
    const sql =
      `UPDATE catalog_resource SET class_code = $2, department_id = $3, name = $4, summary = $5, category = $6,
        format_category = $7, sharing_type = $8, open_type = $9, update_cycle = $10, item_count = $11,
        search = ${SEARCH_VECTOR}, updated_at = now() WHERE id = $1`
        .replace('$A', '$12')
        .replace('$B', '$13')
        .replace('$C', '$14')
        .replace('$D', '$15');
    await q.query(sql, [
      id,
      s.classCode,
      s.departmentId,
      s.name,
      s.summary,
      s.category,
      s.formatCategory,
      s.sharingType,
      s.openType,
      s.updateCycle,
      s.itemCount,
      s.tokens.a,
      s.tokens.b,
      s.tokens.c,
      s.tokens.d,
    ]);
  },

  async setState(
    q: Queryable,
    id: string,
    state: {
      status: string;
      currentVersion: number;
      publishedVersion?: number | null;
      publishDate?: string | null;
    },
  ): Promise<void> {
    await q.query(
      `UPDATE catalog_resource SET status = $2, current_version = $3,
         published_version = CASE WHEN $4::boolean THEN $5::integer ELSE published_version END,
         publish_date = CASE WHEN $6::boolean THEN $7::date ELSE publish_date END,
         updated_at = now() WHERE id = $1`,
      [
        id,
        state.status,
        state.currentVersion,
        state.publishedVersion !== undefined,
        state.publishedVersion ?? null,
        state.publishDate !== undefined,
        state.publishDate ?? null,
      ],
    );
  },

  async insertVersion(
    q: Queryable,
    v: {
      resourceId: string;
      version: number;
      status: string;
      fields: object;
      items: object[];
      createdBy: string | null;
      createdByName: string | null;
      publishedAt?: Date | null;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO catalog_version (resource_id, version, status, fields, items, created_by, created_by_name, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        v.resourceId,
        v.version,
        v.status,
        JSON.stringify(v.fields),
        JSON.stringify(v.items),
        v.createdBy,
        v.createdByName,
        v.publishedAt ?? null,
      ],
    );
  },

  async updateVersion(
    q: Queryable,
    resourceId: string,
    version: number,
    v: { fields: object; items: object[] },
  ): Promise<void> {
    await q.query(
      'UPDATE catalog_version SET fields = $3, items = $4 WHERE resource_id = $1 AND version = $2',
      [resourceId, version, JSON.stringify(v.fields), JSON.stringify(v.items)],
    );
  },

  async setVersionStatus(
    q: Queryable,
    resourceId: string,
    version: number,
    status: string,
    publishedAt?: Date,
  ): Promise<void> {
    await q.query(
      `UPDATE catalog_version SET status = $3, published_at = COALESCE($4, published_at) WHERE resource_id = $1 AND version = $2`,
      [resourceId, version, status, publishedAt ?? null],
    );
  },

  async insertEvent(
    q: Queryable,
    e: {
      resourceId: string;
      version: number;
      action: string;
      actorId: string | null;
      actorName: string | null;
      comment: string | null;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO catalog_event (resource_id, version, action, actor_id, actor_name, comment) VALUES ($1, $2, $3, $4, $5, $6)`,
      [e.resourceId, e.version, e.action, e.actorId, e.actorName, e.comment],
    );
  },

  async byId(q: Queryable, id: string, forUpdate = false): Promise<ResourceRow | undefined> {
    const { rows } = await q.query<ResourceRow>(
      `${SELECT} WHERE r.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  },

  async byCode(q: Queryable, code: string): Promise<ResourceRow | undefined> {
    const { rows } = await q.query<ResourceRow>(`${SELECT} WHERE r.code = $1`, [code]);
    return rows[0];
  },

  async byIds(q: Queryable, ids: string[]): Promise<ResourceRow[]> {
    if (ids.length === 0) return [];
    const { rows } = await q.query<ResourceRow>(`${SELECT} WHERE r.id = ANY($1::uuid[]) ORDER BY r.code`, [
      ids,
    ]);
    return rows;
  },

  async byCodes(q: Queryable, codes: string[]): Promise<ResourceRow[]> {
    if (codes.length === 0) return [];
    const { rows } = await q.query<ResourceRow>(`${SELECT} WHERE r.code = ANY($1::text[])`, [codes]);
    return rows;
  },

  async version(q: Queryable, resourceId: string, version: number): Promise<VersionRow | undefined> {
    const { rows } = await q.query<VersionRow>(
      'SELECT * FROM catalog_version WHERE resource_id = $1 AND version = $2',
      [resourceId, version],
    );
    return rows[0];
  },

  async versionsOf(
    q: Queryable,
    resourceIds: string[],
    which: 'published' | 'current',
  ): Promise<VersionRow[]> {
    if (resourceIds.length === 0) return [];
    const column = which === 'published' ? 'r.published_version' : 'r.current_version';
    const { rows } = await q.query<VersionRow>(
      `SELECT v.* FROM catalog_version v JOIN catalog_resource r ON r.id = v.resource_id AND v.version = ${column}
       WHERE r.id = ANY($1::uuid[])`,
      [resourceIds],
    );
    return rows;
  },

  async allVersions(q: Queryable, resourceId: string): Promise<VersionRow[]> {
    const { rows } = await q.query<VersionRow>(
      'SELECT * FROM catalog_version WHERE resource_id = $1 ORDER BY version',
      [resourceId],
    );
    return rows;
  },

  async events(q: Queryable, resourceId: string): Promise<EventRow[]> {
    const { rows } = await q.query<EventRow>(
      'SELECT version, action, actor_name, comment, at FROM catalog_event WHERE resource_id = $1 ORDER BY id',
      [resourceId],
    );
    return rows;
  },

  async search(q: Queryable, spec: SearchSpec, limit: number, offset: number) {
    const { w, tsq } = buildWhere(spec);
    const total = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM catalog_resource r ${w.sql}`,
      w.params,
    );
    // Exact name first, then names that start with the query, then text relevance.
    const rank = tsq
      ? `ts_rank_cd(r.search, ${tsq}, 1) + CASE WHEN r.name = ${w.p(spec.raw)} THEN 10 WHEN r.name ILIKE ${w.p(`${likeLiteral(spec.raw ?? '')}%`)} THEN 2 ELSE 0 END`
      : '0';
    const { rows } = await q.query<ResourceRow & { score: number }>(
      `SELECT * FROM (${SELECT.replace(' FROM catalog_resource r', `, (${rank})::float8 AS score FROM catalog_resource r`)} ${w.sql}) s
       ORDER BY score DESC, code LIMIT ${w.p(limit)} OFFSET ${w.p(offset)}`,
      w.params,
    );
    return { total: total.rows[0]?.n ?? 0, rows };
  },

  /**
   * Counts per value of several facets in one pass (GROUPING SETS). Only for facets without a filter of
   * their own: those all share the same WHERE, which is the search's.
   */
  async facetsTogether(
    q: Queryable,
    spec: SearchSpec,
    facets: Facet[],
  ): Promise<Map<Facet, { value: string; count: number }[]>> {
    const out = new Map<Facet, { value: string; count: number }[]>(facets.map((f) => [f, []]));
    if (facets.length === 0) return out;
    const { w } = buildWhere(spec);
    const cols = facets.map((f, i) => `${FACET_COLUMN[f]} AS f${i}`).join(', ');
    const sets = facets.map((f) => `(${FACET_COLUMN[f]})`).join(', ');
    const { rows } = await q.query<Record<string, string | number | null>>(
      `SELECT ${cols}, count(*)::int AS count FROM catalog_resource r ${w.sql} GROUP BY GROUPING SETS (${sets})`,
      w.params,
    );
    // Facet columns are never null, so in each row exactly one of them is set: the set it was grouped by.
    for (const row of rows) {
      const i = facets.findIndex((_, j) => row[`f${j}`] !== null);
      if (i >= 0) out.get(facets[i]!)!.push({ value: String(row[`f${i}`]), count: Number(row.count) });
    }
    for (const list of out.values()) list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    return out;
  },

  /** Counts per value of one facet, with every other filter applied. */
  async facet(q: Queryable, spec: SearchSpec, facet: Facet): Promise<{ value: string; count: number }[]> {
    const { w } = buildWhere(spec, facet);
    const { rows } = await q.query<{ value: string; count: number }>(
      `SELECT ${FACET_COLUMN[facet]} AS value, count(*)::int AS count FROM catalog_resource r ${w.sql}
       GROUP BY 1 ORDER BY 2 DESC, 1`,
      w.params,
    );
    return rows;
  },

  async stats(q: Queryable) {
    const published = `r.published_version IS NOT NULL AND r.status <> 'retired'`;
    const totals = await q.query<{ departments: number; resources: number; items: number; overdue: number }>(
      `SELECT count(DISTINCT r.department_id)::int AS departments, count(*)::int AS resources,
         COALESCE(sum(r.item_count), 0)::int AS items, count(*) FILTER (WHERE ${OVERDUE_SQL})::int AS overdue
       FROM catalog_resource r WHERE ${published}`,
    );
    const group = async (column: string, where = published) =>
      (
        await q.query<{ value: string; count: number }>(
          `SELECT ${column} AS value, count(*)::int AS count FROM catalog_resource r WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`,
        )
      ).rows;
    const overdueByDepartment = await q.query<{ department_id: string; count: number }>(
      `SELECT r.department_id, count(*)::int AS count FROM catalog_resource r WHERE ${OVERDUE_SQL}
       GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    return {
      ...totals.rows[0]!,
      byStatus: await group('r.status', 'true'),
      byCategory: await group('r.category'),
      bySharingType: await group('r.sharing_type'),
      byOpenType: await group('r.open_type'),
      overdueByDepartment: overdueByDepartment.rows,
    };
  },

  async setLastDataChange(q: Queryable, id: string, at: Date): Promise<void> {
    await q.query('UPDATE catalog_resource SET last_data_change_at = $2 WHERE id = $1', [id, at]);
  },

  async publishedIds(q: Queryable): Promise<string[]> {
    const { rows } = await q.query<{ id: string }>(
      `SELECT id FROM catalog_resource WHERE published_version IS NOT NULL AND status <> 'retired' ORDER BY code`,
    );
    return rows.map((r) => r.id);
  },

  async count(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_resource');
    return rows[0]?.n ?? 0;
  },
};
