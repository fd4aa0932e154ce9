import type { Queryable } from '../../db/index.ts';
import type { CaseState } from './machine.ts';
import type { CaseItemSnapshotT } from './schema.ts';

export interface CaseRow {
  id: string;
  number: string;
  item: CaseItemSnapshotT;
  item_code: string;
  department_id: string;
  applicant_kind: 'person' | 'legal_person';
  applicant_code: string;
  applicant_name: string;
  applicant_user_id: string | null;
  state: CaseState;
  resume_state: CaseState | null;
  outcome: 'granted' | 'refused' | null;
  clock: 'not_started' | 'running' | 'stopped' | 'ended';
  received_at: Date;
  accepted_at: Date | null;
  decided_at: Date | null;
  closed_at: Date | null;
  stopped_since: Date | null;
  stopped_workdays: number;
  extension_days: number;
  legal_due_on: string | null;
  promised_due_on: string | null;
  warn_at: Date | null;
  promised_due_at: Date | null;
  legal_due_at: Date | null;
  warned_at: Date | null;
  promised_overdue_at: Date | null;
  legal_overdue_at: Date | null;
  license_id: string | null;
  version: number;
  opened_by: string | null;
  idempotency_key: string | null;
  request_digest: string | null;
}

export interface EventRow {
  id: string;
  case_id: string;
  action: string;
  from_state: CaseState | null;
  to_state: CaseState;
  reason: string | null;
  details: Record<string, unknown>;
  actor_id: string | null;
  actor_name: string | null;
  at: Date;
}

export interface TimerRow {
  id: string;
  case_id: string;
  kind: 'sla_warning' | 'promised_overdue' | 'legal_overdue' | 'notify';
  due_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface NotificationRow {
  id: string;
  case_id: string;
  case_number: string;
  audience: 'applicant' | 'staff';
  department_id: string;
  kind: string;
  title: string;
  body: string;
  created_at: Date;
  read_at: Date | null;
}

export type NewCase = Omit<
  CaseRow,
  | 'id'
  | 'number'
  | 'version'
  | 'resume_state'
  | 'outcome'
  | 'clock'
  | 'accepted_at'
  | 'decided_at'
  | 'closed_at'
  | 'stopped_since'
  | 'stopped_workdays'
  | 'extension_days'
  | 'legal_due_on'
  | 'promised_due_on'
  | 'warn_at'
  | 'promised_due_at'
  | 'legal_due_at'
  | 'warned_at'
  | 'promised_overdue_at'
  | 'legal_overdue_at'
  | 'license_id'
>;

/** The columns a transition rewrites. */
export type CaseUpdate = Pick<
  CaseRow,
  | 'state'
  | 'resume_state'
  | 'outcome'
  | 'clock'
  | 'accepted_at'
  | 'decided_at'
  | 'closed_at'
  | 'stopped_since'
  | 'stopped_workdays'
  | 'extension_days'
  | 'legal_due_on'
  | 'promised_due_on'
  | 'warn_at'
  | 'promised_due_at'
  | 'legal_due_at'
  | 'license_id'
>;

export interface InboxFilter {
  departmentIds: string[] | null;
  states: CaseState[] | null;
  due?: 'overdue' | 'warning' | 'stopped' | 'ok' | undefined;
  q?: string | undefined;
  now: Date;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const caseRepo = {
  async nextNumber(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: string }>(`SELECT nextval('service_case_number_seq')::text AS n`);
    return Number(rows[0]!.n);
  },

  /** Inserts the case; with an idempotency key already used by the account, nothing (undefined). */
  async insert(q: Queryable, c: NewCase & { number: string }): Promise<string | undefined> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO service_case (number, item, item_code, department_id, applicant_kind, applicant_code,
              applicant_name, applicant_user_id, state, received_at, opened_by, idempotency_key, request_digest)
       VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (opened_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        c.number,
        JSON.stringify(c.item),
        c.item_code,
        c.department_id,
        c.applicant_kind,
        c.applicant_code,
        c.applicant_name,
        c.applicant_user_id,
        c.state,
        c.received_at,
        c.opened_by,
        c.idempotency_key,
        c.request_digest,
      ],
    );
    return rows[0]?.id;
  },

  async byIdempotencyKey(q: Queryable, openedBy: string, key: string): Promise<CaseRow | undefined> {
    const { rows } = await q.query<CaseRow>(
      `SELECT * FROM service_case WHERE opened_by = $1 AND idempotency_key = $2`,
      [openedBy, key],
    );
    return rows[0];
  },

  async byId(q: Queryable, id: string, forUpdate = false): Promise<CaseRow | undefined> {
    const { rows } = await q.query<CaseRow>(
      `SELECT * FROM service_case WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  },

  async update(q: Queryable, id: string, u: CaseUpdate): Promise<void> {
    await q.query(
      `UPDATE service_case SET state = $2, resume_state = $3, outcome = $4, clock = $5, accepted_at = $6,
              decided_at = $7, closed_at = $8, stopped_since = $9, stopped_workdays = $10, extension_days = $11,
              legal_due_on = $12, promised_due_on = $13, warn_at = $14, promised_due_at = $15, legal_due_at = $16,
              license_id = $17, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        id,
        u.state,
        u.resume_state,
        u.outcome,
        u.clock,
        u.accepted_at,
        u.decided_at,
        u.closed_at,
        u.stopped_since,
        u.stopped_workdays,
        u.extension_days,
        u.legal_due_on,
        u.promised_due_on,
        u.warn_at,
        u.promised_due_at,
        u.legal_due_at,
        u.license_id,
      ],
    );
  },

  /** A timer's mark: the warning or a deadline passing, set once. */
  async mark(
    q: Queryable,
    id: string,
    column: 'warned_at' | 'promised_overdue_at' | 'legal_overdue_at',
    at: Date,
  ): Promise<void> {
    await q.query(
      `UPDATE service_case SET ${column} = COALESCE(${column}, $2), version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, at],
    );
  },

  async insertEvent(
    q: Queryable,
    e: Omit<EventRow, 'id' | 'details'> & { details: Record<string, unknown> },
  ): Promise<void> {
    await q.query(
      `INSERT INTO service_case_event (case_id, action, from_state, to_state, reason, details, actor_id, actor_name, at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
      [
        e.case_id,
        e.action,
        e.from_state,
        e.to_state,
        e.reason,
        JSON.stringify(e.details),
        e.actor_id,
        e.actor_name,
        e.at,
      ],
    );
  },

  async events(q: Queryable, caseId: string): Promise<EventRow[]> {
    const { rows } = await q.query<EventRow>(
      `SELECT id::text AS id, case_id, action, from_state, to_state, reason, details, actor_id, actor_name, at
         FROM service_case_event e WHERE case_id = $1 ORDER BY e.id`,
      [caseId],
    );
    return rows;
  },

  async inbox(
    q: Queryable,
    f: InboxFilter,
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: CaseRow[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.departmentIds) where.push(`department_id = ANY(${p(f.departmentIds)}::uuid[])`);
    if (f.states) where.push(`state = ANY(${p(f.states)}::text[])`);
    if (f.q) {
      const t = p(like(f.q));
      where.push(`(number ILIKE ${t} OR applicant_name ILIKE ${t} OR item->>'itemName' ILIKE ${t})`);
    }
    if (f.due === 'stopped') where.push(`clock = 'stopped'`);
    else if (f.due) {
      const now = p(f.now);
      const overdue = `(promised_overdue_at IS NOT NULL OR (clock = 'running' AND promised_due_at <= ${now})
                        OR (clock = 'ended' AND decided_at >= promised_due_at))`;
      if (f.due === 'overdue') where.push(overdue);
      else if (f.due === 'warning') where.push(`NOT ${overdue} AND clock = 'running' AND warn_at <= ${now}`);
      else where.push(`NOT ${overdue} AND clock <> 'stopped' AND (warn_at IS NULL OR warn_at > ${now})`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM service_case ${clause}`,
      params,
    );
    const { rows } = await q.query<CaseRow>(
      `SELECT * FROM service_case ${clause}
        ORDER BY (state IN ('closed', 'rejected_at_intake')), promised_due_at NULLS LAST, received_at DESC, id
        LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    return { total: total.rows[0]!.n, rows };
  },

  /** The cases an account applied for or whose applicant it speaks for, newest first. */
  async mine(
    q: Queryable,
    userId: string,
    codes: string[],
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: CaseRow[] }> {
    const clause = `WHERE applicant_user_id = $1 OR applicant_code = ANY($2::text[])`;
    const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM service_case ${clause}`, [
      userId,
      codes,
    ]);
    const { rows } = await q.query<CaseRow>(
      `SELECT * FROM service_case ${clause} ORDER BY received_at DESC, id LIMIT $3 OFFSET $4`,
      [userId, codes, limit, offset],
    );
    return { total: total.rows[0]!.n, rows };
  },

  // --- timers ---

  async cancelDeadlineTimers(q: Queryable, caseId: string): Promise<void> {
    await q.query(
      `UPDATE service_case_timer SET status = 'cancelled', lease_owner = NULL, lease_until = NULL
        WHERE case_id = $1 AND status = 'pending' AND kind <> 'notify'`,
      [caseId],
    );
  },

  async insertTimers(
    q: Queryable,
    timers: { caseId: string; kind: TimerRow['kind']; dueAt: Date; payload?: Record<string, unknown> }[],
  ): Promise<void> {
    if (!timers.length) return;
    await q.query(
      `INSERT INTO service_case_timer (case_id, kind, due_at, payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[])`,
      [
        timers.map((t) => t.caseId),
        timers.map((t) => t.kind),
        timers.map((t) => t.dueAt),
        timers.map((t) => JSON.stringify(t.payload ?? {})),
      ],
    );
  },

  /**
   * Leases up to `limit` due timers to `owner` for `leaseSeconds`: pending, due by `now`, not leased by a live
   * worker; `FOR UPDATE SKIP LOCKED`, so workers in any process never take the same one.
   */
  async claimTimers(
    q: Queryable,
    owner: string,
    now: Date,
    leaseSeconds: number,
    limit: number,
  ): Promise<TimerRow[]> {
    const { rows } = await q.query<TimerRow>(
      `UPDATE service_case_timer t SET lease_owner = $1, lease_until = $2::timestamptz + make_interval(secs => $3)
        WHERE t.id IN (SELECT id FROM service_case_timer
                        WHERE status = 'pending' AND due_at <= $2 AND (lease_until IS NULL OR lease_until < $2)
                        ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING t.id::text AS id, t.case_id, t.kind, t.due_at, t.payload, t.attempts`,
      [owner, now, leaseSeconds, limit],
    );
    return rows;
  },

  /** The timer, locked, when this owner still holds it and it is still pending. */
  async heldTimer(q: Queryable, id: string, owner: string): Promise<boolean> {
    const { rows } = await q.query(
      `SELECT 1 FROM service_case_timer WHERE id = $1 AND lease_owner = $2 AND status = 'pending' FOR UPDATE`,
      [id, owner],
    );
    return rows.length > 0;
  },

  async finishTimer(q: Queryable, id: string, owner: string, at: Date): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE service_case_timer SET status = 'done', fired_at = $3, lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2 AND status = 'pending'`,
      [id, owner, at],
    );
    return rowCount > 0;
  },

  async failTimer(
    q: Queryable,
    id: string,
    owner: string,
    error: string,
    retryAt: Date,
    give_up: boolean,
  ): Promise<void> {
    await q.query(
      `UPDATE service_case_timer SET attempts = attempts + 1, last_error = $3, due_at = $4,
              status = CASE WHEN $5 THEN 'failed' ELSE status END, lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2`,
      [id, owner, error, retryAt, give_up],
    );
  },

  async pendingTimers(q: Queryable, caseId: string): Promise<{ kind: string; due_at: Date }[]> {
    const { rows } = await q.query<{ kind: string; due_at: Date }>(
      `SELECT kind, due_at FROM service_case_timer WHERE case_id = $1 AND status = 'pending' ORDER BY due_at`,
      [caseId],
    );
    return rows;
  },

  // --- notifications ---

  async insertNotification(
    q: Queryable,
    n: Pick<
      NotificationRow,
      'case_id' | 'audience' | 'department_id' | 'kind' | 'title' | 'body' | 'created_at'
    >,
  ): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO service_case_notification (case_id, audience, department_id, kind, title, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text AS id`,
      [n.case_id, n.audience, n.department_id, n.kind, n.title, n.body, n.created_at],
    );
    return rows[0]!.id;
  },

  async notification(q: Queryable, id: string): Promise<NotificationRow | undefined> {
    const { rows } = await q.query<NotificationRow>(
      `SELECT n.id::text AS id, n.case_id, c.number AS case_number, n.audience, n.department_id, n.kind, n.title,
              n.body, n.created_at, n.read_at
         FROM service_case_notification n JOIN service_case c ON c.id = n.case_id WHERE n.id = $1`,
      [id],
    );
    return rows[0];
  },

  /** An account's notifications: its cases' (as applicant) and its departments' staff ones; null: every department. */
  async notifications(
    q: Queryable,
    who: { userId: string; codes: string[]; departmentIds: string[] | null; applicant: boolean },
    unreadOnly: boolean,
    limit: number,
  ): Promise<{ unread: number; rows: NotificationRow[] }> {
    const mine = who.applicant
      ? `(n.audience = 'applicant' AND (c.applicant_user_id = $1 OR c.applicant_code = ANY($2::text[])))`
      : 'false';
    const staff =
      who.departmentIds === null
        ? `n.audience = 'staff'`
        : `(n.audience = 'staff' AND n.department_id = ANY($3::uuid[]))`;
    const base = `FROM service_case_notification n JOIN service_case c ON c.id = n.case_id
                   WHERE (${mine} OR ${staff})`;
    const params = [who.userId, who.codes, who.departmentIds ?? []];
    const unread = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n ${base} AND n.read_at IS NULL`,
      params,
    );
    const { rows } = await q.query<NotificationRow>(
      `SELECT n.id::text AS id, n.case_id, c.number AS case_number, n.audience, n.department_id, n.kind, n.title,
              n.body, n.created_at, n.read_at
         ${base} ${unreadOnly ? 'AND n.read_at IS NULL' : ''} ORDER BY n.id DESC LIMIT $4`,
      [...params, limit],
    );
    return { unread: unread.rows[0]!.n, rows };
  },

  async markRead(
    q: Queryable,
    who: { userId: string; codes: string[]; departmentIds: string[] | null; applicant: boolean },
    ids: string[] | null,
    at: Date,
  ): Promise<number> {
    const mine = who.applicant
      ? `(n.audience = 'applicant' AND (c.applicant_user_id = $1 OR c.applicant_code = ANY($2::text[])))`
      : 'false';
    const staff =
      who.departmentIds === null
        ? `n.audience = 'staff'`
        : `(n.audience = 'staff' AND n.department_id = ANY($3::uuid[]))`;
    const { rowCount } = await q.query(
      `UPDATE service_case_notification n SET read_at = $4
         FROM service_case c
        WHERE c.id = n.case_id AND n.read_at IS NULL AND (${mine} OR ${staff})
          ${ids ? 'AND n.id = ANY($5::bigint[])' : ''}`,
      [who.userId, who.codes, who.departmentIds ?? [], at, ...(ids ? [ids] : [])],
    );
    return rowCount;
  },
};
