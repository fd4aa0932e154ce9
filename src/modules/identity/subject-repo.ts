import type { Queryable } from '../../db/index.ts';

export type SubjectKind = 'person' | 'legal_person';

export interface SubjectRow {
  user_id: string;
  subject_kind: SubjectKind;
  subject_code: string;
  subject_name: string;
  bound_by: string | null;
  bound_at: Date;
}

export const subjectRepo = {
  async bind(
    q: Queryable,
    s: { userId: string; kind: SubjectKind; code: string; name: string; by: string | null },
  ): Promise<void> {
    await q.query(
      `INSERT INTO account_subject (user_id, subject_kind, subject_code, subject_name, bound_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, subject_code) DO UPDATE SET subject_name = EXCLUDED.subject_name`,
      [s.userId, s.kind, s.code, s.name, s.by],
    );
  },

  /** The department each account or API key acts for (null for a city-wide account). */
  async actorDepartments(
    q: Queryable,
    ids: string[],
  ): Promise<{ id: string; department_id: string | null }[]> {
    const { rows } = await q.query<{ id: string; department_id: string | null }>(
      `SELECT id::text AS id, department_id::text AS department_id FROM app_user WHERE id::text = ANY($1::text[])
       UNION ALL
       SELECT id::text, department_id::text FROM api_key WHERE id::text = ANY($1::text[])`,
      [ids],
    );
    return rows;
  },

  async ofUser(q: Queryable, userId: string): Promise<SubjectRow[]> {
    const { rows } = await q.query<SubjectRow>(
      `SELECT user_id, subject_kind, subject_code, subject_name, bound_by, bound_at FROM account_subject
        WHERE user_id = $1 ORDER BY bound_at, subject_code`,
      [userId],
    );
    return rows;
  },
};
