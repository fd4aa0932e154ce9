import type { Queryable } from '../../db/index.ts';
import type { StoredItem } from './presenters.ts';

export interface ItemRow {
  id: string;
  code: string;
  department_id: string;
  status: 'draft' | 'published';
  current_version: number;
  published_version: number | null;
  name: string;
  kind: string;
  updated_at: Date;
}

export interface VersionRow {
  item_id: string;
  version: number;
  status: 'draft' | 'published' | 'superseded';
  body: StoredItem;
  created_at: Date;
  created_by_name: string | null;
  updated_at: Date;
  published_at: Date | null;
  published_by_name: string | null;
}

export interface SearchRow extends ItemRow {
  body: StoredItem;
  score: number;
  shown_version: number;
  published_at: Date | null;
}

/** The columns readers filter and search on, from the version shown. */
export interface Shown {
  name: string;
  kind: string;
  departmentId: string;
  online: boolean;
  visits: number;
  promisedDays: number;
  materialCount: number;
  sharedCount: number;
  /** Search text by weight: A the name, B the code and department, C the materials. */
  a: string;
  b: string;
  c: string;
}

export interface ItemFilter {
  tokens: string[] | null;
  raw: string | null;
  mode: 'all' | 'any';
  departmentId?: string | undefined;
  kind?: string | undefined;
  status?: 'draft' | 'published' | undefined;
  /** Only published items, plus any item of these departments (null: every item). */
  plusDepartments: string[] | null;
}

const SEARCH = `setweight(to_tsvector('simple', $A), 'A') || setweight(to_tsvector('simple', $B), 'B') ||
  setweight(to_tsvector('simple', $C), 'C')`;
const search = (a: string, b: string, c: string) => SEARCH.replace('$A', a).replace('$B', b).replace('$C', c);

const ITEM = `i.id, i.code, i.department_id, i.status, i.current_version, i.published_version, i.name, i.kind,
  i.updated_at`;
const VERSION = `v.item_id, v.version, v.status, v.body, v.created_at, v.created_by_name, v.updated_at,
  v.published_at, v.published_by_name`;

/** Text for ILIKE with its wildcards escaped. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** `%text%` for ILIKE: the name (or code) ends with the query (the item itself: 结婚登记 → 内地居民结婚登记) ranks first. */
const containing = (s: string) => `%${escapeLike(s)}%`;

function where(f: ItemFilter, published: boolean) {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const conds: string[] = [];
  if (published) conds.push('i.published_version IS NOT NULL');
  else if (f.plusDepartments !== null)
    conds.push(
      f.plusDepartments.length
        ? `(i.published_version IS NOT NULL OR i.department_id = ANY(${p(f.plusDepartments)}::uuid[]))`
        : 'i.published_version IS NOT NULL',
    );
  let tsq: string | null = null;
  if (f.tokens?.length) {
    tsq =
      f.mode === 'all'
        ? `plainto_tsquery('simple', ${p(f.tokens.join(' '))})`
        : `websearch_to_tsquery('simple', ${p(f.tokens.join(' or '))})`;
    const raw = p(containing(f.raw ?? ''));
    conds.push(`(i.search @@ ${tsq} OR i.name ILIKE ${raw} OR i.code ILIKE ${raw})`);
  } else if (f.raw) {
    const raw = p(containing(f.raw));
    conds.push(`(i.name ILIKE ${raw} OR i.code ILIKE ${raw})`);
  }
  if (f.departmentId) conds.push(`i.department_id = ${p(f.departmentId)}::uuid`);
  if (f.kind) conds.push(`i.kind = ${p(f.kind)}`);
  if (f.status) conds.push(`i.status = ${p(f.status)}`);
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params, p, tsq };
}

export const serviceRepo = {
  async count(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM service_item');
    return rows[0]!.n;
  },

  async byId(q: Queryable, id: string, lock = false): Promise<ItemRow | undefined> {
    const { rows } = await q.query<ItemRow>(
      `SELECT ${ITEM} FROM service_item i WHERE i.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  },

  async codeTaken(q: Queryable, code: string, except: string | null): Promise<boolean> {
    const { rows } = await q.query(
      `SELECT 1 FROM service_item WHERE code = $1 AND id IS DISTINCT FROM $2::uuid`,
      [code, except],
    );
    return rows.length > 0;
  },

  async version(q: Queryable, id: string, version: number): Promise<VersionRow | undefined> {
    const { rows } = await q.query<VersionRow>(
      `SELECT ${VERSION} FROM service_item_version v WHERE v.item_id = $1 AND v.version = $2`,
      [id, version],
    );
    return rows[0];
  },

  async versions(q: Queryable, id: string): Promise<VersionRow[]> {
    const { rows } = await q.query<VersionRow>(
      `SELECT ${VERSION} FROM service_item_version v WHERE v.item_id = $1 ORDER BY v.version`,
      [id],
    );
    return rows;
  },

  /**
   * A page of items with the version each is shown in: the published one for the public (`published`), else the
   * working one for a department the caller keeps and the published one for the rest.
   */
  async search(
    q: Queryable,
    f: ItemFilter,
    published: boolean,
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: SearchRow[] }> {
    const w = where(f, published);
    const total = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM service_item i ${w.sql}`,
      w.params,
    );
    const rank = w.tsq
      ? `ts_rank_cd(i.search, ${w.tsq}, 1) + CASE WHEN i.name = ${w.p(f.raw)} OR i.code = ${w.p(f.raw)} THEN 10
           WHEN i.name ILIKE ${w.p(`%${escapeLike(f.raw ?? '')}`)} THEN 5
           WHEN i.name ILIKE ${w.p(`${escapeLike(f.raw ?? '')}%`)} THEN 4
           WHEN i.name ILIKE ${w.p(containing(f.raw ?? ''))} THEN 3 ELSE 0 END`
      : '0';
    const shownVersion = published
      ? 'i.published_version'
      : f.plusDepartments === null
        ? 'i.current_version'
        : `CASE WHEN i.department_id = ANY(${w.p(f.plusDepartments)}::uuid[]) THEN i.current_version
             ELSE i.published_version END`;
    const { rows } = await q.query<SearchRow>(
      `SELECT s.*, v.body, v.published_at FROM (
         SELECT ${ITEM}, (${rank})::float8 AS score, ${shownVersion} AS shown_version
         FROM service_item i ${w.sql}
         ORDER BY score DESC, length(i.name), i.code LIMIT ${w.p(limit)} OFFSET ${w.p(offset)}
       ) s JOIN service_item_version v ON v.item_id = s.id AND v.version = s.shown_version
       ORDER BY s.score DESC, length(s.name), s.code`,
      w.params,
    );
    return { total: total.rows[0]?.n ?? 0, rows };
  },

  async insertItem(
    q: Queryable,
    r: { code: string; shown: Shown; body: StoredItem; actorName: string | null },
  ): Promise<string> {
    const s = r.shown;
    const { rows } = await q.query<{ id: string }>(
      `WITH item AS (
         INSERT INTO service_item (code, department_id, status, current_version, published_version, name, kind,
           online, visits, promised_days, material_count, shared_count, search)
         VALUES ($1, $2, 'draft', 1, NULL, $3, $4, $5, $6, $7, $8, $9, ${search('$10', '$11', '$12')})
         RETURNING id
       ), version AS (
         INSERT INTO service_item_version (item_id, version, status, body, created_by_name)
         SELECT id, 1, 'draft', $13::jsonb, $14 FROM item
       )
       SELECT id FROM item`,
      [
        r.code,
        s.departmentId,
        s.name,
        s.kind,
        s.online,
        s.visits,
        s.promisedDays,
        s.materialCount,
        s.sharedCount,
        s.a,
        s.b,
        s.c,
        JSON.stringify(r.body),
        r.actorName,
      ],
    );
    return rows[0]!.id;
  },

  /** Writes the columns readers see (and the code, which may change while nothing is published). */
  async updateShown(q: Queryable, id: string, code: string, s: Shown): Promise<void> {
    await q.query(
      `UPDATE service_item SET code = $2, department_id = $3, name = $4, kind = $5, online = $6, visits = $7,
         promised_days = $8, material_count = $9, shared_count = $10, search = ${search('$11', '$12', '$13')},
         updated_at = now()
       WHERE id = $1`,
      [
        id,
        code,
        s.departmentId,
        s.name,
        s.kind,
        s.online,
        s.visits,
        s.promisedDays,
        s.materialCount,
        s.sharedCount,
        s.a,
        s.b,
        s.c,
      ],
    );
  },

  async setState(
    q: Queryable,
    id: string,
    state: { status: 'draft' | 'published'; currentVersion: number; publishedVersion?: number },
  ): Promise<void> {
    await q.query(
      `UPDATE service_item SET status = $2, current_version = $3,
         published_version = COALESCE($4::int, published_version), updated_at = now()
       WHERE id = $1`,
      [id, state.status, state.currentVersion, state.publishedVersion ?? null],
    );
  },

  async insertVersion(q: Queryable, id: string, version: number, body: StoredItem, actorName: string | null) {
    await q.query(
      `INSERT INTO service_item_version (item_id, version, status, body, created_by_name)
       VALUES ($1, $2, 'draft', $3::jsonb, $4)`,
      [id, version, JSON.stringify(body), actorName],
    );
  },

  async updateVersion(q: Queryable, id: string, version: number, body: StoredItem): Promise<void> {
    await q.query(
      `UPDATE service_item_version SET body = $3::jsonb, updated_at = now() WHERE item_id = $1 AND version = $2`,
      [id, version, JSON.stringify(body)],
    );
  },

  async publishVersion(
    q: Queryable,
    id: string,
    version: number,
    previous: number | null,
    actorName: string | null,
  ) {
    if (previous !== null)
      await q.query(
        `UPDATE service_item_version SET status = 'superseded' WHERE item_id = $1 AND version = $2`,
        [id, previous],
      );
    await q.query(
      `UPDATE service_item_version SET status = 'published', published_at = now(), published_by_name = $3
       WHERE item_id = $1 AND version = $2`,
      [id, version, actorName],
    );
  },

  /**
   * Published items in bulk (the demo): one statement for the items and their first versions, from one jsonb
   * document both engines parse the same way.
   */
  async insertPublished(
    q: Queryable,
    items: { code: string; shown: Shown; body: StoredItem }[],
    common: { actorName: string | null; publishedAt: Date },
  ): Promise<void> {
    if (!items.length) return;
    const batch = items.map((r, ord) => ({
      ord,
      code: r.code,
      department_id: r.shown.departmentId,
      name: r.shown.name,
      kind: r.shown.kind,
      online: r.shown.online,
      visits: r.shown.visits,
      promised_days: r.shown.promisedDays,
      material_count: r.shown.materialCount,
      shared_count: r.shown.sharedCount,
      a: r.shown.a,
      b: r.shown.b,
      c: r.shown.c,
      body: r.body,
    }));
    await q.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x (ord integer, code text, department_id uuid, name text,
           kind text, online boolean, visits integer, promised_days integer, material_count integer,
           shared_count integer, a text, b text, c text, body jsonb)
       ), item AS (
         INSERT INTO service_item (code, department_id, status, current_version, published_version, name, kind,
           online, visits, promised_days, material_count, shared_count, search, created_at, updated_at)
         SELECT i.code, i.department_id, 'published', 1, 1, i.name, i.kind, i.online, i.visits, i.promised_days,
           i.material_count, i.shared_count, ${search('i.a', 'i.b', 'i.c')}, $3::timestamptz, $3::timestamptz
         FROM input i ORDER BY i.ord
         RETURNING id, code
       )
       INSERT INTO service_item_version (item_id, version, status, body, created_at, created_by_name, updated_at,
         published_at, published_by_name)
       SELECT t.id, 1, 'published', i.body, $3::timestamptz, $2::text, $3::timestamptz, $3::timestamptz, $2::text
       FROM item t JOIN input i ON i.code = t.code`,
      [JSON.stringify(batch), common.actorName, common.publishedAt.toISOString()],
    );
  },

  /** Published items per department and kind, for the figures. */
  async counts(q: Queryable): Promise<{ items: number; published: number; shared: number; online: number }> {
    const { rows } = await q.query<{ items: number; published: number; shared: number; online: number }>(
      `SELECT count(*)::int AS items, count(published_version)::int AS published,
         count(*) FILTER (WHERE shared_count > 0)::int AS shared, count(*) FILTER (WHERE online)::int AS online
       FROM service_item`,
    );
    return rows[0]!;
  },
};
