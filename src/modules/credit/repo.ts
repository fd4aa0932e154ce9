import type { Queryable } from '../../db/index.ts';
import { publicSql } from './rules.ts';
import type {
  CaseKind,
  CaseStatus,
  ListKind,
  ListStatus,
  PenaltyKind,
  Severity,
  SubjectCategory,
} from './schema.ts';

export interface RecordRow {
  id: string;
  seq: string;
  kind: 'penalty' | 'license';
  department_id: string;
  subject_name: string;
  subject_category: SubjectCategory;
  subject_code: string;
  legal_rep: string | null;
  decision_no: string;
  decision_date: string;
  authority_name: string;
  authority_code: string;
  source_name: string;
  violation_type: string | null;
  violation_facts: string | null;
  basis: string | null;
  penalty_kinds: PenaltyKind[] | null;
  penalty_content: string | null;
  fine_amount: string | null;
  confiscated_amount: string | null;
  license_affected: string | null;
  penalty_valid_until: string | null;
  severity: Severity | null;
  doc_name: string | null;
  license_category: string | null;
  certificate_name: string | null;
  license_no: string | null;
  license_content: string | null;
  valid_from: string | null;
  valid_to: string | null;
  repair_from: string | null;
  publicity_until: string | null;
  status: 'active' | 'withdrawn';
  repaired_on: string | null;
  corrected_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A record as written: everything but identity, status and timestamps. */
export type NewRecord = Omit<
  RecordRow,
  'id' | 'seq' | 'status' | 'repaired_on' | 'corrected_at' | 'created_at' | 'updated_at'
> & { created_by: string | null };

export interface ListRow {
  id: string;
  seq: string;
  list_kind: ListKind;
  list_name: string;
  department_id: string;
  subject_name: string;
  subject_category: SubjectCategory;
  subject_code: string;
  basis: string;
  listed_on: string;
  valid_until: string | null;
  removed_on: string | null;
  removal_reason: string | null;
}

export type NewListEntry = Omit<ListRow, 'id' | 'seq' | 'removed_on' | 'removal_reason'> & {
  created_by: string | null;
};

export interface CaseRow {
  id: string;
  seq: string;
  kind: CaseKind;
  record_id: string;
  department_id: string;
  subject_code: string;
  applicant_id: string | null;
  applicant_name: string;
  reason: string;
  attachment: string | null;
  status: CaseStatus;
  filed_on: string;
  accept_due: string;
  accepted_on: string | null;
  decide_due: string | null;
  decided_on: string | null;
  resolution: 'withdraw' | 'correct' | null;
  decision_note: string | null;
  // From the record:
  record_kind: 'penalty' | 'license';
  record_decision_no: string;
  record_subject_name: string;
  record_subject_category: SubjectCategory;
}

export interface CaseEventRow {
  case_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  actor_name: string | null;
  at: Date;
}

const RECORD_COLUMNS = `r.id, r.seq::text AS seq, r.kind, r.department_id, r.subject_name, r.subject_category,
  r.subject_code, r.legal_rep, r.decision_no, r.decision_date::text AS decision_date, r.authority_name,
  r.authority_code, r.source_name, r.violation_type, r.violation_facts, r.basis, r.penalty_kinds, r.penalty_content,
  r.fine_amount::text AS fine_amount, r.confiscated_amount::text AS confiscated_amount, r.license_affected,
  r.penalty_valid_until::text AS penalty_valid_until, r.severity, r.doc_name, r.license_category,
  r.certificate_name, r.license_no, r.license_content, r.valid_from::text AS valid_from,
  r.valid_to::text AS valid_to, r.repair_from::text AS repair_from, r.publicity_until::text AS publicity_until,
  r.status, r.repaired_on::text AS repaired_on, r.corrected_at, r.created_at, r.updated_at`;

const LIST_COLUMNS = `l.id, l.seq::text AS seq, l.list_kind, l.list_name, l.department_id, l.subject_name,
  l.subject_category, l.subject_code, l.basis, l.listed_on::text AS listed_on, l.valid_until::text AS valid_until,
  l.removed_on::text AS removed_on, l.removal_reason`;

const CASE_COLUMNS = `c.id, c.seq::text AS seq, c.kind, c.record_id, c.department_id, c.subject_code, c.applicant_id,
  c.applicant_name, c.reason, c.attachment, c.status, c.filed_on::text AS filed_on, c.accept_due::text AS accept_due,
  c.accepted_on::text AS accepted_on, c.decide_due::text AS decide_due, c.decided_on::text AS decided_on,
  c.resolution, c.decision_note, r.kind AS record_kind, r.decision_no AS record_decision_no,
  r.subject_name AS record_subject_name, r.subject_category AS record_subject_category`;

/** A LIKE pattern for "contains `text`": its own % and _ (and the escape character) match only themselves. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The list status against `today` ($n) for an entry aliased `l`. */
function listStatusSql(status: ListStatus, today: string): string {
  switch (status) {
    case 'removed':
      return `l.removed_on IS NOT NULL AND l.removed_on <= ${today}`;
    case 'pending':
      return `(l.removed_on IS NULL OR l.removed_on > ${today}) AND l.listed_on > ${today}`;
    case 'expired':
      return `(l.removed_on IS NULL OR l.removed_on > ${today}) AND l.listed_on <= ${today} AND l.valid_until < ${today}`;
    case 'in_force':
      return `(l.removed_on IS NULL OR l.removed_on > ${today}) AND l.listed_on <= ${today}
        AND (l.valid_until IS NULL OR l.valid_until >= ${today})`;
  }
}

export const creditRepo = {
  // ---- records -------------------------------------------------------------------------------------------

  /** The departments owning existing records under these keys (kind, authority code, decision number). */
  async existingKeys(
    q: Queryable,
    keys: { kind: string; authority_code: string; decision_no: string }[],
  ): Promise<{ kind: string; authority_code: string; decision_no: string; department_id: string }[]> {
    const { rows } = await q.query<{
      kind: string;
      authority_code: string;
      decision_no: string;
      department_id: string;
    }>(
      `SELECT r.kind, r.authority_code, r.decision_no, r.department_id
         FROM credit_record r
         JOIN jsonb_to_recordset($1::jsonb) AS k(kind text, authority_code text, decision_no text)
           ON k.kind = r.kind AND k.authority_code = r.authority_code AND k.decision_no = r.decision_no`,
      [JSON.stringify(keys)],
    );
    return rows;
  },

  /** Inserts or updates (same kind, authority and number) in one statement; answers ids in input order. */
  async upsertRecords(q: Queryable, records: NewRecord[]): Promise<{ id: string; inserted: boolean }[]> {
    const { rows } = await q.query<{ id: string; inserted: boolean; ord: number }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(kind text, department_id uuid,
           subject_name text, subject_category text, subject_code text, legal_rep text, decision_no text,
           decision_date date, authority_name text, authority_code text, source_name text, violation_type text,
           violation_facts text, basis text, penalty_kinds text[], penalty_content text, fine_amount numeric,
           confiscated_amount numeric, license_affected text, penalty_valid_until date, severity text,
           doc_name text, license_category text, certificate_name text, license_no text, license_content text,
           valid_from date, valid_to date, repair_from date, publicity_until date, created_by text, ord bigint)
       ), written AS (
         INSERT INTO credit_record AS r (kind, department_id, subject_name, subject_category, subject_code,
           legal_rep, decision_no, decision_date, authority_name, authority_code, source_name, violation_type,
           violation_facts, basis, penalty_kinds, penalty_content, fine_amount, confiscated_amount,
           license_affected, penalty_valid_until, severity, doc_name, license_category, certificate_name,
           license_no, license_content, valid_from, valid_to, repair_from, publicity_until, created_by)
         SELECT kind, department_id, subject_name, subject_category, subject_code, legal_rep, decision_no,
           decision_date, authority_name, authority_code, source_name, violation_type, violation_facts, basis,
           penalty_kinds, penalty_content, fine_amount, confiscated_amount, license_affected, penalty_valid_until,
           severity, doc_name, license_category, certificate_name, license_no, license_content, valid_from,
           valid_to, repair_from, publicity_until, created_by
           FROM input ORDER BY ord
         ON CONFLICT (kind, authority_code, decision_no) DO UPDATE SET
           subject_name = EXCLUDED.subject_name, subject_category = EXCLUDED.subject_category,
           subject_code = EXCLUDED.subject_code, legal_rep = EXCLUDED.legal_rep,
           decision_date = EXCLUDED.decision_date, authority_name = EXCLUDED.authority_name,
           source_name = EXCLUDED.source_name, violation_type = EXCLUDED.violation_type,
           violation_facts = EXCLUDED.violation_facts, basis = EXCLUDED.basis,
           penalty_kinds = EXCLUDED.penalty_kinds, penalty_content = EXCLUDED.penalty_content,
           fine_amount = EXCLUDED.fine_amount, confiscated_amount = EXCLUDED.confiscated_amount,
           license_affected = EXCLUDED.license_affected, penalty_valid_until = EXCLUDED.penalty_valid_until,
           severity = EXCLUDED.severity, doc_name = EXCLUDED.doc_name,
           license_category = EXCLUDED.license_category, certificate_name = EXCLUDED.certificate_name,
           license_no = EXCLUDED.license_no, license_content = EXCLUDED.license_content,
           valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, repair_from = EXCLUDED.repair_from,
           publicity_until = EXCLUDED.publicity_until, updated_at = now()
          WHERE r.department_id = EXCLUDED.department_id
         RETURNING r.id, r.kind, r.authority_code, r.decision_no, (r.xmax = 0) AS inserted
       )
       SELECT w.id, w.inserted, i.ord::int AS ord
         FROM written w JOIN input i
           ON i.kind = w.kind AND i.authority_code = w.authority_code AND i.decision_no = w.decision_no
        ORDER BY i.ord`,
      [JSON.stringify(records.map((r, i) => ({ ...r, ord: i + 1 })))],
    );
    return rows.map((r) => ({ id: r.id, inserted: r.inserted }));
  },

  async recordById(q: Queryable, id: string): Promise<RecordRow | null> {
    const { rows } = await q.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM credit_record r WHERE r.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  },

  async recordForUpdate(q: Queryable, id: string): Promise<RecordRow | null> {
    const { rows } = await q.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM credit_record r WHERE r.id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  },

  async listRecords(
    q: Queryable,
    filter: {
      kind?: string | undefined;
      departmentIds: string[] | null;
      departmentId?: string | undefined;
      text?: string | undefined;
      code?: string | undefined;
      publicity?: string | undefined;
    },
    today: string,
    limit: number,
    after?: string,
  ): Promise<RecordRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.kind) where.push(`r.kind = ${p(filter.kind)}`);
    if (filter.departmentIds) where.push(`r.department_id = ANY(${p(filter.departmentIds)}::uuid[])`);
    if (filter.departmentId) where.push(`r.department_id = ${p(filter.departmentId)}`);
    if (filter.code) where.push(`r.subject_code = ${p(filter.code)}`);
    else if (filter.text) where.push(`r.subject_name LIKE ${p(contains(filter.text))} ESCAPE '\\'`);
    if (filter.publicity) {
      const t = `${p(today)}::date`;
      switch (filter.publicity) {
        case 'public':
          where.push(publicSql(t));
          break;
        case 'withdrawn':
          where.push(`r.status = 'withdrawn'`);
          break;
        case 'not_publicized':
          where.push(`r.status = 'active' AND r.kind = 'penalty' AND r.severity = 'minor'`);
          break;
        case 'repaired':
          where.push(
            `r.status = 'active' AND NOT (r.kind = 'penalty' AND r.severity = 'minor') AND r.repaired_on IS NOT NULL`,
          );
          break;
        case 'ended':
          where.push(
            `r.status = 'active' AND NOT (r.kind = 'penalty' AND r.severity = 'minor') AND r.repaired_on IS NULL
             AND r.publicity_until < ${t}`,
          );
          break;
      }
    }
    if (after) where.push(`r.seq < ${p(after)}::bigint`);
    const { rows } = await q.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM credit_record r
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.seq DESC LIMIT ${p(limit + 1)}`,
      params,
    );
    return rows;
  },

  async recordsOfSubject(q: Queryable, code: string): Promise<RecordRow[]> {
    const { rows } = await q.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM credit_record r WHERE r.subject_code = $1 ORDER BY r.decision_date DESC, r.seq DESC`,
      [code],
    );
    return rows;
  },

  async publicRecordsOfSubject(q: Queryable, code: string, today: string): Promise<RecordRow[]> {
    const { rows } = await q.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM credit_record r
        WHERE r.subject_code = $1 AND ${publicSql('$2::date')}
        ORDER BY r.decision_date DESC, r.seq DESC`,
      [code, today],
    );
    return rows;
  },

  async correctRecord(
    q: Queryable,
    id: string,
    patch: { withdraw: boolean; fields: Partial<Record<string, string | number>> },
  ): Promise<void> {
    const sets = [`corrected_at = now()`, `updated_at = now()`];
    const params: unknown[] = [id];
    if (patch.withdraw) sets.push(`status = 'withdrawn'`);
    const columns: Record<string, string> = {
      subjectName: 'subject_name',
      legalRepresentative: 'legal_rep',
      violationFacts: 'violation_facts',
      penaltyContent: 'penalty_content',
      fineAmount: 'fine_amount',
      confiscatedAmount: 'confiscated_amount',
      licenseContent: 'license_content',
    };
    for (const [k, v] of Object.entries(patch.fields)) {
      const col = columns[k];
      if (!col || v === undefined) continue;
      params.push(v);
      sets.push(`${col} = $${params.length}`);
    }
    await q.query(`UPDATE credit_record SET ${sets.join(', ')} WHERE id = $1`, params);
  },

  async markRepaired(q: Queryable, id: string, day: string): Promise<void> {
    await q.query(`UPDATE credit_record SET repaired_on = $2, updated_at = now() WHERE id = $1`, [id, day]);
  },

  async countRecords(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM credit_record`);
    return rows[0]!.n;
  },

  // ---- public search --------------------------------------------------------------------------------------

  /**
   * Subjects with anything in public view, by name fragment (legal persons and 个体工商户 only) or exact code,
   * newest name first.
   */
  async publicSubjects(
    q: Queryable,
    search: { text: string | null; code: string | null },
    today: string,
    limit: number,
  ): Promise<
    {
      subject_code: string;
      subject_name: string;
      subject_category: SubjectCategory;
      penalties: number;
      licenses: number;
      red: number;
      black: number;
    }[]
  > {
    const match = search.code
      ? `x.subject_code = $2`
      : `x.subject_category <> 'person' AND x.subject_name LIKE $2 ESCAPE '\\'`;
    const { rows } = await q.query<{
      subject_code: string;
      subject_name: string;
      subject_category: SubjectCategory;
      penalties: number;
      licenses: number;
      red: number;
      black: number;
    }>(
      `WITH recs AS (
         SELECT r.subject_code, r.subject_name, r.subject_category, r.kind, r.seq FROM credit_record r
          WHERE ${publicSql('$1::date')}
       ), lists AS (
         SELECT l.subject_code, l.subject_name, l.subject_category, l.list_kind, l.seq FROM credit_list_entry l
          WHERE ${listStatusSql('in_force', '$1::date')}
       ), subjects AS (
         SELECT subject_code, subject_name, subject_category, seq FROM recs
         UNION ALL SELECT subject_code, subject_name, subject_category, seq FROM lists
       ), named AS (
         SELECT DISTINCT ON (x.subject_code) x.subject_code, x.subject_name, x.subject_category
           FROM subjects x WHERE ${match}
          ORDER BY x.subject_code, x.seq DESC
       )
       SELECT n.subject_code, n.subject_name, n.subject_category,
              (SELECT count(*)::int FROM recs WHERE recs.subject_code = n.subject_code AND recs.kind = 'penalty') AS penalties,
              (SELECT count(*)::int FROM recs WHERE recs.subject_code = n.subject_code AND recs.kind = 'license') AS licenses,
              (SELECT count(*)::int FROM lists WHERE lists.subject_code = n.subject_code AND lists.list_kind = 'red') AS red,
              (SELECT count(*)::int FROM lists WHERE lists.subject_code = n.subject_code AND lists.list_kind = 'black') AS black
         FROM named n ORDER BY n.subject_name, n.subject_code LIMIT $3`,
      [today, search.code ?? contains(search.text ?? ''), limit],
    );
    return rows;
  },

  // ---- lists ---------------------------------------------------------------------------------------------

  async insertListEntries(q: Queryable, entries: NewListEntry[]): Promise<string[]> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO credit_list_entry (list_kind, list_name, department_id, subject_name, subject_category,
              subject_code, basis, listed_on, valid_until, created_by)
       SELECT list_kind, list_name, department_id, subject_name, subject_category, subject_code, basis, listed_on,
              valid_until, created_by
         FROM jsonb_to_recordset($1::jsonb) AS x(list_kind text, list_name text,
              department_id uuid, subject_name text, subject_category text, subject_code text, basis text,
              listed_on date, valid_until date, created_by text)
       RETURNING id`,
      [JSON.stringify(entries)],
    );
    return rows.map((r) => r.id);
  },

  async listEntryById(q: Queryable, id: string, lock = false): Promise<ListRow | null> {
    const { rows } = await q.query<ListRow>(
      `SELECT ${LIST_COLUMNS} FROM credit_list_entry l WHERE l.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  },

  async removeListEntry(q: Queryable, id: string, day: string, reason: string): Promise<void> {
    await q.query(`UPDATE credit_list_entry SET removed_on = $2, removal_reason = $3 WHERE id = $1`, [
      id,
      day,
      reason,
    ]);
  },

  async listEntries(
    q: Queryable,
    filter: {
      listKind?: string | undefined;
      status?: ListStatus | undefined;
      text?: string | undefined;
      code?: string | undefined;
    },
    today: string,
    limit: number,
    after?: string,
  ): Promise<ListRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.listKind) where.push(`l.list_kind = ${p(filter.listKind)}`);
    if (filter.status) where.push(listStatusSql(filter.status, `${p(today)}::date`));
    if (filter.code) where.push(`l.subject_code = ${p(filter.code)}`);
    else if (filter.text)
      where.push(
        `(l.subject_name LIKE ${p(contains(filter.text))} ESCAPE '\\' OR l.list_name LIKE $${params.length} ESCAPE '\\')`,
      );
    if (after) where.push(`l.seq < ${p(after)}::bigint`);
    const { rows } = await q.query<ListRow>(
      `SELECT ${LIST_COLUMNS} FROM credit_list_entry l ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY l.seq DESC LIMIT ${p(limit + 1)}`,
      params,
    );
    return rows;
  },

  async listEntriesOfSubject(q: Queryable, code: string): Promise<ListRow[]> {
    const { rows } = await q.query<ListRow>(
      `SELECT ${LIST_COLUMNS} FROM credit_list_entry l WHERE l.subject_code = $1 ORDER BY l.listed_on DESC, l.seq DESC`,
      [code],
    );
    return rows;
  },

  async countListEntries(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM credit_list_entry`);
    return rows[0]!.n;
  },

  // ---- cases ---------------------------------------------------------------------------------------------

  async insertCase(
    q: Queryable,
    c: {
      kind: CaseKind;
      record_id: string;
      department_id: string;
      subject_code: string;
      applicant_id: string | null;
      applicant_name: string;
      reason: string;
      attachment: string | null;
      filed_on: string;
      accept_due: string;
      status?: CaseStatus;
      accepted_on?: string | null;
      decide_due?: string | null;
      decided_on?: string | null;
      decision_note?: string | null;
    },
  ): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO credit_case (kind, record_id, department_id, subject_code, applicant_id, applicant_name, reason,
              attachment, filed_on, accept_due, status, accepted_on, decide_due, decided_on, decision_note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        c.kind,
        c.record_id,
        c.department_id,
        c.subject_code,
        c.applicant_id,
        c.applicant_name,
        c.reason,
        c.attachment,
        c.filed_on,
        c.accept_due,
        c.status ?? 'submitted',
        c.accepted_on ?? null,
        c.decide_due ?? null,
        c.decided_on ?? null,
        c.decision_note ?? null,
      ],
    );
    return rows[0]!.id;
  },

  async openCaseOf(q: Queryable, recordId: string, kind: CaseKind): Promise<boolean> {
    const { rows } = await q.query(
      `SELECT 1 FROM credit_case WHERE record_id = $1 AND kind = $2 AND status IN ('submitted', 'accepted') LIMIT 1`,
      [recordId, kind],
    );
    return rows.length > 0;
  },

  async caseById(q: Queryable, id: string, lock = false): Promise<CaseRow | null> {
    const { rows } = await q.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM credit_case c JOIN credit_record r ON r.id = c.record_id WHERE c.id = $1
        ${lock ? 'FOR UPDATE OF c' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  },

  async updateCase(
    q: Queryable,
    id: string,
    patch: {
      status: CaseStatus;
      accepted_on?: string;
      decide_due?: string;
      decided_on?: string;
      resolution?: 'withdraw' | 'correct' | null;
      decision_note: string;
    },
  ): Promise<void> {
    await q.query(
      `UPDATE credit_case SET status = $2, accepted_on = coalesce($3::date, accepted_on),
              decide_due = coalesce($4::date, decide_due), decided_on = coalesce($5::date, decided_on),
              resolution = coalesce($6, resolution), decision_note = $7
        WHERE id = $1`,
      [
        id,
        patch.status,
        patch.accepted_on ?? null,
        patch.decide_due ?? null,
        patch.decided_on ?? null,
        patch.resolution ?? null,
        patch.decision_note,
      ],
    );
  },

  async listCases(
    q: Queryable,
    filter: {
      departmentIds: string[] | null;
      subjectCodes?: string[] | undefined;
      kind?: string | undefined;
      status?: string | undefined;
      open?: boolean | undefined;
      overdue?: boolean | undefined;
    },
    today: string,
    limit: number,
    after?: string,
  ): Promise<CaseRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.departmentIds) where.push(`c.department_id = ANY(${p(filter.departmentIds)}::uuid[])`);
    if (filter.subjectCodes) where.push(`c.subject_code = ANY(${p(filter.subjectCodes)}::text[])`);
    if (filter.kind) where.push(`c.kind = ${p(filter.kind)}`);
    if (filter.status) where.push(`c.status = ${p(filter.status)}`);
    if (filter.open) where.push(`c.status IN ('submitted', 'accepted')`);
    if (filter.overdue !== undefined) {
      const t = `${p(today)}::date`;
      const late = `((c.status = 'submitted' AND c.accept_due < ${t}) OR (c.status = 'accepted' AND c.decide_due < ${t}))`;
      where.push(filter.overdue ? late : `NOT ${late}`);
    }
    if (after) where.push(`c.seq < ${p(after)}::bigint`);
    const { rows } = await q.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM credit_case c JOIN credit_record r ON r.id = c.record_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.seq DESC LIMIT ${p(limit + 1)}`,
      params,
    );
    return rows;
  },

  async insertCaseEvent(
    q: Queryable,
    e: {
      case_id: string;
      action: string;
      from_status: string | null;
      to_status: string;
      note: string | null;
      actor_name: string | null;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO credit_case_event (case_id, action, from_status, to_status, note, actor_name)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [e.case_id, e.action, e.from_status, e.to_status, e.note, e.actor_name],
    );
  },

  async caseEvents(q: Queryable, caseIds: string[]): Promise<CaseEventRow[]> {
    if (!caseIds.length) return [];
    const { rows } = await q.query<CaseEventRow>(
      `SELECT case_id, action, from_status, to_status, note, actor_name, at FROM credit_case_event
        WHERE case_id = ANY($1::uuid[]) ORDER BY id`,
      [caseIds],
    );
    return rows;
  },

  async countCases(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM credit_case`);
    return rows[0]!.n;
  },
};
