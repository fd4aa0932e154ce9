import type { Queryable } from '../../db/index.ts';
import { containing } from '../../db/sql.ts';

export interface DepartmentRow {
  id: string;
  key: string | null;
  name: string;
  short_name: string;
  uscc: string;
  region_code: string;
  region_name: string;
  parent_id: string | null;
  parent_name: string | null;
  created_at: Date;
}

export interface RegionRow {
  code: string;
  name: string;
  level: 'province' | 'city' | 'district' | 'town' | 'village';
  parent_code: string | null;
}

export interface DepartmentFields {
  key?: string | null;
  name: string;
  shortName: string;
  uscc: string;
  regionCode: string;
  parentId: string | null;
}

const DEPARTMENT_SELECT = `SELECT d.id, d.key, d.name, d.short_name, d.uscc, d.region_code, r.name AS region_name,
  d.parent_id, p.name AS parent_name, d.created_at
  FROM department d JOIN region r ON r.code = d.region_code LEFT JOIN department p ON p.id = d.parent_id`;

export const orgRepo = {
  async departmentById(q: Queryable, id: string): Promise<DepartmentRow | undefined> {
    const { rows } = await q.query<DepartmentRow>(`${DEPARTMENT_SELECT} WHERE d.id = $1`, [id]);
    return rows[0];
  },

  async departmentByRef(q: Queryable, ref: string): Promise<DepartmentRow | undefined> {
    const { rows } = await q.query<DepartmentRow>(
      `${DEPARTMENT_SELECT} WHERE d.id::text = $1 OR d.key = $1 OR d.name = $1 OR d.uscc = $1 LIMIT 1`,
      [ref],
    );
    return rows[0];
  },

  async departmentIdByKey(q: Queryable, key: string): Promise<string | undefined> {
    const { rows } = await q.query<{ id: string }>('SELECT id FROM department WHERE key = $1', [key]);
    return rows[0]?.id;
  },

  async departmentsByIds(q: Queryable, ids: string[]): Promise<DepartmentRow[]> {
    if (ids.length === 0) return [];
    const { rows } = await q.query<DepartmentRow>(`${DEPARTMENT_SELECT} WHERE d.id = ANY($1::uuid[])`, [ids]);
    return rows;
  },

  async searchDepartments(q: Queryable, text: string | undefined, limit: number, offset: number) {
    const params: unknown[] = [];
    let where = '';
    if (text) {
      params.push(containing(text));
      where = `WHERE d.name ILIKE $1 OR d.short_name ILIKE $1 OR d.uscc ILIKE $1`;
    }
    const total = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM department d ${where}`,
      params,
    );
    const { rows } = await q.query<DepartmentRow>(
      `${DEPARTMENT_SELECT} ${where} ORDER BY d.created_at, d.name LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { total: total.rows[0]?.n ?? 0, rows };
  },

  async departmentConflicts(
    q: Queryable,
    name: string,
    uscc: string,
    exceptId: string | null,
  ): Promise<{ name: boolean; uscc: boolean }> {
    const { rows } = await q.query<{ name_taken: boolean; uscc_taken: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM department WHERE name = $1 AND id IS DISTINCT FROM $3::uuid) AS name_taken,
              EXISTS (SELECT 1 FROM department WHERE uscc = $2 AND id IS DISTINCT FROM $3::uuid) AS uscc_taken`,
      [name, uscc, exceptId],
    );
    return { name: rows[0]?.name_taken ?? false, uscc: rows[0]?.uscc_taken ?? false };
  },

  async insertDepartment(q: Queryable, d: DepartmentFields): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO department (key, name, short_name, uscc, region_code, parent_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [d.key ?? null, d.name, d.shortName, d.uscc, d.regionCode, d.parentId],
    );
    return rows[0]!.id;
  },

  async updateDepartment(q: Queryable, id: string, d: DepartmentFields): Promise<void> {
    await q.query(
      `UPDATE department SET name = $2, short_name = $3, uscc = $4, region_code = $5, parent_id = $6,
         updated_at = now() WHERE id = $1`,
      [id, d.name, d.shortName, d.uscc, d.regionCode, d.parentId],
    );
  },

  /** Ids of the department and all its ancestors, nearest first. */
  async ancestry(q: Queryable, id: string): Promise<string[]> {
    const { rows } = await q.query<{ id: string }>(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM department WHERE id = $1
         UNION ALL
         SELECT d.id, d.parent_id, up.depth + 1 FROM department d JOIN up ON d.id = up.parent_id WHERE up.depth < 64
       ) SELECT id FROM up ORDER BY depth`,
      [id],
    );
    return rows.map((r) => r.id);
  },

  async countDepartments(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM department');
    return rows[0]?.n ?? 0;
  },

  async regionByCode(q: Queryable, code: string): Promise<RegionRow | undefined> {
    const { rows } = await q.query<RegionRow>(
      'SELECT code, name, level, parent_code FROM region WHERE code = $1',
      [code],
    );
    return rows[0];
  },

  async regions(q: Queryable, level: string | undefined, parent: string | undefined): Promise<RegionRow[]> {
    const { rows } = await q.query<RegionRow>(
      `SELECT code, name, level, parent_code FROM region
       WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR parent_code = $2) ORDER BY code`,
      [level ?? null, parent ?? null],
    );
    return rows;
  },

  async regionCounts(q: Queryable): Promise<Record<string, number>> {
    const { rows } = await q.query<{ level: string; n: number }>(
      'SELECT level, count(*)::int AS n FROM region GROUP BY level',
    );
    return Object.fromEntries(rows.map((r) => [r.level, r.n]));
  },

  /** Inserts regions in one statement per chunk; existing codes are left as they are. */
  async upsertRegions(q: Queryable, regions: RegionRow[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < regions.length; i += 1000) {
      const chunk = regions.slice(i, i + 1000);
      const res = await q.query(
        `INSERT INTO region (code, name, level, parent_code)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT (code) DO NOTHING`,
        [
          chunk.map((r) => r.code),
          chunk.map((r) => r.name),
          chunk.map((r) => r.level),
          chunk.map((r) => r.parent_code),
        ],
      );
      inserted += res.rowCount;
    }
    return inserted;
  },
};
