import type { Queryable } from '../../db/index.ts';

export interface AgreementRow {
  id: string;
  department_id: string;
  title: string;
  parties: string;
  signed_on: string;
  valid_from: string;
  valid_to: string;
  file_name: string;
  file_size: number;
  file_sm3: string;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

export interface PolicyRow {
  response_hours: number;
  second_approval_sensitive: boolean;
  max_query_limit: number;
  updated_by: string | null;
  updated_at: Date;
}

export interface RequestRow {
  id: string;
  resource_id: string;
  provider_department_id: string;
  consumer_department_id: string;
  api_key_id: string | null;
  items: string[];
  unmasked_items: string[];
  purpose: string;
  legal_basis: string;
  usage_modes: string[];
  period_from: string;
  period_to: string;
  expected_daily_volume: number | null;
  status: string;
  approved_items: string[] | null;
  approved_unmasked: string[] | null;
  approved_to: string | null;
  daily_quota: number | null;
  rate_per_minute: number | null;
  reason: string | null;
  first_decided_by: string | null;
  first_decided_at: Date | null;
  second_decided_by: string | null;
  second_decided_at: Date | null;
  due_at: Date;
  grant_id: string | null;
  created_by: string | null;
  created_at: Date;
}

export interface AttachmentRow {
  id: string;
  request_id: string;
  file_name: string;
  content_type: string;
  file_size: number;
  file_sm3: string;
  created_at: Date;
}

export interface GrantRow {
  id: string;
  resource_id: string;
  provider_department_id: string;
  consumer_department_id: string;
  api_key_id: string | null;
  request_id: string | null;
  source: 'self_service' | 'approval';
  items: string[];
  unmasked_items: string[];
  purpose: string;
  usage_modes: string[];
  valid_from: Date;
  valid_to: Date;
  daily_quota: number | null;
  rate_per_minute: number | null;
  expected_daily_volume: number | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  created_by: string | null;
  created_at: Date;
}

/** A grant as the access check reads it: with whether its consumer has an agreement in force today. */
export type AccessGrantRow = GrantRow & { agreement_in_force: boolean };

export interface UsageIncrement {
  grantId: string;
  resourceId: string;
  day: string;
  calls: number;
  records: number;
  denied: number;
}

const DATE = (col: string) => `to_char(${col}, 'YYYY-MM-DD') AS ${col.split('.').pop()}`;
const AGREEMENT_COLS = `id, department_id, title, parties, ${DATE('signed_on')}, ${DATE('valid_from')},
  ${DATE('valid_to')}, file_name, file_size, file_sm3, created_by, created_at, revoked_at, revoke_reason`;
const REQUEST_COLS = `r.id, r.resource_id, r.provider_department_id, r.consumer_department_id, r.api_key_id, r.items,
  r.unmasked_items, r.purpose, r.legal_basis, r.usage_modes, ${DATE('r.period_from')}, ${DATE('r.period_to')},
  r.expected_daily_volume, r.status, r.approved_items, r.approved_unmasked, ${DATE('r.approved_to')}, r.daily_quota,
  r.rate_per_minute, r.reason, r.first_decided_by, r.first_decided_at, r.second_decided_by, r.second_decided_at,
  r.due_at, r.grant_id, r.created_by, r.created_at`;

const GRANT_COLS = `g.id, g.resource_id, g.provider_department_id, g.consumer_department_id, g.api_key_id,
  g.request_id, g.source, g.items, g.unmasked_items, g.purpose, g.usage_modes, g.valid_from, g.valid_to, g.daily_quota,
  g.rate_per_minute, g.expected_daily_volume, g.revoked_at, g.revoked_by, g.revoke_reason, g.created_by, g.created_at`;

/** The filter of a request or grant list: whose, in which state. */
export interface ListFilter {
  consumerIds?: string[] | null;
  providerIds?: string[] | null;
  /** Either side: consumer or provider in these departments. */
  eitherIds?: string[] | null;
  resourceId?: string | undefined;
}

function sideConds(f: ListFilter, params: unknown[], alias: string): string[] {
  const conds: string[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (f.consumerIds) conds.push(`${alias}.consumer_department_id = ANY(${p(f.consumerIds)}::uuid[])`);
  if (f.providerIds) conds.push(`${alias}.provider_department_id = ANY(${p(f.providerIds)}::uuid[])`);
  if (f.eitherIds) {
    const x = p(f.eitherIds);
    conds.push(
      `(${alias}.consumer_department_id = ANY(${x}::uuid[]) OR ${alias}.provider_department_id = ANY(${x}::uuid[]))`,
    );
  }
  if (f.resourceId) conds.push(`${alias}.resource_id = ${p(f.resourceId)}`);
  return conds;
}

export const sharingRepo = {
  // ---- agreements ---------------------------------------------------------------------------------

  async insertAgreement(
    q: Queryable,
    a: {
      departmentId: string;
      title: string;
      parties: string;
      signedOn: string;
      validFrom: string;
      validTo: string;
      fileName: string;
      fileSm3: string;
      content: Buffer;
      createdBy: string | null;
    },
  ): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO sharing_agreement (department_id, title, parties, signed_on, valid_from, valid_to, file_name,
         file_size, file_sm3, file_content, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        a.departmentId,
        a.title,
        a.parties,
        a.signedOn,
        a.validFrom,
        a.validTo,
        a.fileName,
        a.content.length,
        a.fileSm3,
        a.content,
        a.createdBy,
      ],
    );
    return rows[0]!.id;
  },

  async agreement(q: Queryable, id: string): Promise<AgreementRow | undefined> {
    const { rows } = await q.query<AgreementRow>(
      `SELECT ${AGREEMENT_COLS} FROM sharing_agreement WHERE id = $1`,
      [id],
    );
    return rows[0];
  },

  async agreementFile(q: Queryable, id: string) {
    const { rows } = await q.query<{ file_name: string; file_content: Uint8Array; department_id: string }>(
      `SELECT file_name, file_content, department_id FROM sharing_agreement WHERE id = $1`,
      [id],
    );
    return rows[0];
  },

  async agreements(q: Queryable, departmentIds: string[] | null): Promise<AgreementRow[]> {
    const { rows } = await q.query<AgreementRow>(
      `SELECT ${AGREEMENT_COLS} FROM sharing_agreement
        WHERE ($1::uuid[] IS NULL OR department_id = ANY($1::uuid[]))
        ORDER BY valid_to DESC, created_at DESC`,
      [departmentIds],
    );
    return rows;
  },

  async revokeAgreement(q: Queryable, id: string, by: string | null, reason: string) {
    await q.query(
      `UPDATE sharing_agreement SET revoked_at = now(), revoked_by = $2, revoke_reason = $3
        WHERE id = $1 AND revoked_at IS NULL`,
      [id, by, reason],
    );
  },

  /** Per department: the latest end date of an agreement in force on `today`, and of one that has lapsed. */
  async coverage(q: Queryable, today: string) {
    const { rows } = await q.query<{
      department_id: string;
      in_force_until: string | null;
      last_expired: string | null;
    }>(
      `SELECT department_id,
              to_char(max(valid_to) FILTER (WHERE revoked_at IS NULL AND valid_from <= $1::date AND valid_to >= $1::date),
                      'YYYY-MM-DD') AS in_force_until,
              to_char(max(valid_to) FILTER (WHERE revoked_at IS NULL AND valid_to < $1::date), 'YYYY-MM-DD') AS last_expired
         FROM sharing_agreement GROUP BY department_id`,
      [today],
    );
    return rows;
  },

  // ---- policy -------------------------------------------------------------------------------------

  async policy(q: Queryable): Promise<PolicyRow> {
    const { rows } = await q.query<PolicyRow>(
      `SELECT response_hours, second_approval_sensitive, max_query_limit, updated_by, updated_at FROM sharing_policy`,
    );
    return rows[0]!;
  },

  async updatePolicy(
    q: Queryable,
    p: {
      responseHours?: number | undefined;
      secondApprovalSensitive?: boolean | undefined;
      maxQueryLimit?: number | undefined;
    },
    by: string | null,
  ) {
    await q.query(
      `UPDATE sharing_policy SET response_hours = COALESCE($1, response_hours),
              second_approval_sensitive = COALESCE($2, second_approval_sensitive),
              max_query_limit = COALESCE($3, max_query_limit), updated_by = $4, updated_at = now()`,
      [p.responseHours ?? null, p.secondApprovalSensitive ?? null, p.maxQueryLimit ?? null, by],
    );
  },

  // ---- requests -----------------------------------------------------------------------------------

  async insertRequest(
    q: Queryable,
    r: {
      resourceId: string;
      providerId: string;
      consumerId: string;
      apiKeyId: string | null;
      items: string[];
      unmaskedItems: string[];
      purpose: string;
      legalBasis: string;
      usageModes: string[];
      periodFrom: string;
      periodTo: string;
      expectedDailyVolume: number | null;
      status: string;
      createdAt: Date;
      dueAt: Date;
      createdBy: string | null;
    },
  ): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO sharing_request (resource_id, provider_department_id, consumer_department_id, api_key_id, items,
         unmasked_items, purpose, legal_basis, usage_modes, period_from, period_to, expected_daily_volume, status,
         due_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
      [
        r.resourceId,
        r.providerId,
        r.consumerId,
        r.apiKeyId,
        r.items,
        r.unmaskedItems,
        r.purpose,
        r.legalBasis,
        r.usageModes,
        r.periodFrom,
        r.periodTo,
        r.expectedDailyVolume,
        r.status,
        r.dueAt,
        r.createdBy,
        r.createdAt,
      ],
    );
    return rows[0]!.id;
  },

  async request(q: Queryable, id: string, forUpdate = false): Promise<RequestRow | undefined> {
    const { rows } = await q.query<RequestRow>(
      `SELECT ${REQUEST_COLS} FROM sharing_request r WHERE r.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  },

  async requests(
    q: Queryable,
    f: ListFilter & { status?: string | undefined; overdueAt?: Date | undefined; statuses?: string[] },
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: RequestRow[] }> {
    const params: unknown[] = [];
    const conds = sideConds(f, params, 'r');
    if (f.status) conds.push(`r.status = $${params.push(f.status)}`);
    if (f.statuses) conds.push(`r.status = ANY($${params.push(f.statuses)}::text[])`);
    if (f.overdueAt)
      conds.push(`r.status IN ('pending', 'second_review') AND r.due_at < $${params.push(f.overdueAt)}`);
    const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
    const total = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sharing_request r ${where}`,
      params,
    );
    const { rows } = await q.query<RequestRow>(
      `SELECT ${REQUEST_COLS} FROM sharing_request r ${where}
        ORDER BY (r.status IN ('pending', 'second_review')) DESC, r.due_at, r.created_at DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { total: total.rows[0]?.n ?? 0, rows };
  },

  async openRequestExists(q: Queryable, resourceId: string, consumerId: string): Promise<boolean> {
    const { rows } = await q.query(
      `SELECT 1 FROM sharing_request WHERE resource_id = $1 AND consumer_department_id = $2
          AND status IN ('pending', 'second_review') LIMIT 1`,
      [resourceId, consumerId],
    );
    return rows.length > 0;
  },

  async decideRequest(
    q: Queryable,
    id: string,
    d: {
      status: string;
      stage: 'first' | 'second';
      by: string | null;
      approvedItems?: string[] | null;
      approvedUnmasked?: string[] | null;
      approvedTo?: string | null;
      dailyQuota?: number | null;
      ratePerMinute?: number | null;
      reason?: string | null;
      grantId?: string | null;
    },
  ) {
    await q.query(
      `UPDATE sharing_request SET status = $2,
              first_decided_by = CASE WHEN $3 = 'first' THEN $4 ELSE first_decided_by END,
              first_decided_at = CASE WHEN $3 = 'first' THEN now() ELSE first_decided_at END,
              second_decided_by = CASE WHEN $3 = 'second' THEN $4 ELSE second_decided_by END,
              second_decided_at = CASE WHEN $3 = 'second' THEN now() ELSE second_decided_at END,
              approved_items = COALESCE($5, approved_items), approved_unmasked = COALESCE($6, approved_unmasked),
              approved_to = COALESCE($7::date, approved_to), daily_quota = COALESCE($8, daily_quota),
              reason = COALESCE($9, reason), grant_id = COALESCE($10, grant_id),
              rate_per_minute = COALESCE($11, rate_per_minute), updated_at = now()
        WHERE id = $1`,
      [
        id,
        d.status,
        d.stage,
        d.by,
        d.approvedItems ?? null,
        d.approvedUnmasked ?? null,
        d.approvedTo ?? null,
        d.dailyQuota ?? null,
        d.reason ?? null,
        d.grantId ?? null,
        d.ratePerMinute ?? null,
      ],
    );
  },

  async withdrawRequest(q: Queryable, id: string) {
    await q.query(`UPDATE sharing_request SET status = 'withdrawn', updated_at = now() WHERE id = $1`, [id]);
  },

  async insertAttachment(
    q: Queryable,
    a: { requestId: string; fileName: string; contentType: string; fileSm3: string; content: Buffer },
  ): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO sharing_attachment (request_id, file_name, content_type, file_size, file_sm3, content)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [a.requestId, a.fileName, a.contentType, a.content.length, a.fileSm3, a.content],
    );
    return rows[0]!.id;
  },

  async attachments(q: Queryable, requestIds: string[]): Promise<AttachmentRow[]> {
    const { rows } = await q.query<AttachmentRow>(
      `SELECT id, request_id, file_name, content_type, file_size, file_sm3, created_at FROM sharing_attachment
        WHERE request_id = ANY($1::uuid[]) ORDER BY created_at`,
      [requestIds],
    );
    return rows;
  },

  async attachmentContent(q: Queryable, requestId: string, id: string) {
    const { rows } = await q.query<{ file_name: string; content_type: string; content: Uint8Array }>(
      `SELECT file_name, content_type, content FROM sharing_attachment WHERE id = $1 AND request_id = $2`,
      [id, requestId],
    );
    return rows[0];
  },

  // ---- grants -------------------------------------------------------------------------------------

  async insertGrant(
    q: Queryable,
    g: {
      resourceId: string;
      providerId: string;
      consumerId: string;
      apiKeyId: string | null;
      requestId: string | null;
      source: 'self_service' | 'approval';
      items: string[];
      unmaskedItems: string[];
      purpose: string;
      usageModes: string[];
      validFrom: Date;
      validTo: Date;
      dailyQuota: number | null;
      ratePerMinute: number | null;
      expectedDailyVolume: number | null;
      createdBy: string | null;
    },
  ): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO sharing_grant (resource_id, provider_department_id, consumer_department_id, api_key_id, request_id,
         source, items, unmasked_items, purpose, usage_modes, valid_from, valid_to, daily_quota, rate_per_minute,
         expected_daily_volume, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
      [
        g.resourceId,
        g.providerId,
        g.consumerId,
        g.apiKeyId,
        g.requestId,
        g.source,
        g.items,
        g.unmaskedItems,
        g.purpose,
        g.usageModes,
        g.validFrom,
        g.validTo,
        g.dailyQuota,
        g.ratePerMinute,
        g.expectedDailyVolume,
        g.createdBy,
      ],
    );
    return rows[0]!.id;
  },

  async grant(q: Queryable, id: string): Promise<AccessGrantRow | undefined> {
    const { rows } = await q.query<AccessGrantRow>(
      `SELECT ${GRANT_COLS}, ${AGREEMENT_IN_FORCE} FROM sharing_grant g WHERE g.id = $1`,
      [id, chinaToday()],
    );
    return rows[0];
  },

  /**
   * The grants a consumer department holds on a resource, revoked and lapsed ones included (so a refusal can say
   * why), each with whether the department has an agreement in force today. One indexed query per call.
   */
  async grantsForAccess(
    q: Queryable,
    resourceId: string,
    consumerId: string,
    today: string,
  ): Promise<AccessGrantRow[]> {
    const { rows } = await q.query<AccessGrantRow>(
      `SELECT ${GRANT_COLS}, ${AGREEMENT_IN_FORCE} FROM sharing_grant g
        WHERE g.resource_id = $1 AND g.consumer_department_id = $3 ORDER BY g.created_at DESC`,
      [resourceId, today, consumerId],
      { prepare: true },
    );
    return rows;
  },

  /** Revocation, validity and agreement of these grants now: what a commit confirms before answering. */
  async grantStates(q: Queryable, ids: string[], today: string) {
    const { rows } = await q.query<
      Pick<AccessGrantRow, 'id' | 'revoked_at' | 'valid_from' | 'valid_to' | 'agreement_in_force'>
    >(
      `SELECT g.id, g.revoked_at, g.valid_from, g.valid_to, ${AGREEMENT_IN_FORCE}
         FROM sharing_grant g WHERE g.id = ANY($1::uuid[])`,
      [ids, today],
      { prepare: true },
    );
    return rows;
  },

  /** Does the department have an agreement in force on `today`? */
  async agreementInForce(q: Queryable, departmentId: string, today: string): Promise<boolean> {
    const { rows } = await q.query(
      `SELECT 1 FROM sharing_agreement WHERE department_id = $1 AND revoked_at IS NULL
          AND valid_from <= $2::date AND valid_to >= $2::date LIMIT 1`,
      [departmentId, today],
      { prepare: true },
    );
    return rows.length > 0;
  },

  /** Grants, newest first; `activeAt` keeps those usable at that moment (not revoked, within validity). */
  async grants(
    q: Queryable,
    f: ListFilter & { consumerIdsAny?: string[] | null },
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: AccessGrantRow[] }> {
    const params: unknown[] = [chinaToday()];
    const conds = sideConds(f, params, 'g');
    const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
    // $1 (today) is only read by the row query; the count names it so both take the same parameters.
    const total = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n, $1::date AS today FROM sharing_grant g ${where}`,
      params,
    );
    const { rows } = await q.query<AccessGrantRow>(
      `SELECT ${GRANT_COLS}, ${AGREEMENT_IN_FORCE.replaceAll('$2', '$1')} FROM sharing_grant g ${where}
        ORDER BY g.created_at DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { total: total.rows[0]?.n ?? 0, rows };
  },

  async revokeGrant(q: Queryable, id: string, by: string | null, reason: string) {
    await q.query(
      `UPDATE sharing_grant SET revoked_at = now(), revoked_by = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL`,
      [id, by, reason],
    );
  },

  // ---- usage --------------------------------------------------------------------------------------

  /** Adds calls to the per-day counters; returns each grant's totals after the addition. */
  async addUsage(q: Queryable, inc: readonly UsageIncrement[]) {
    if (!inc.length) return new Map<string, { calls: number; denied: number }>();
    const { rows } = await q.query<{ grant_id: string; calls: string; denied: string }>(
      `INSERT INTO sharing_usage (grant_id, day, resource_id, calls, records, denied)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::bigint[], $5::bigint[], $6::bigint[])
       ON CONFLICT (grant_id, day) DO UPDATE SET calls = sharing_usage.calls + EXCLUDED.calls,
         records = sharing_usage.records + EXCLUDED.records, denied = sharing_usage.denied + EXCLUDED.denied
       RETURNING grant_id, calls, denied`,
      [
        inc.map((i) => i.grantId),
        inc.map((i) => i.day),
        inc.map((i) => i.resourceId),
        inc.map((i) => i.calls),
        inc.map((i) => i.records),
        inc.map((i) => i.denied),
      ],
      { prepare: true },
    );
    return new Map(rows.map((r) => [r.grant_id, { calls: Number(r.calls), denied: Number(r.denied) }]));
  },

  /** Calls per day of a grant over the `days` days before `today` (missing days count as 0). */
  async baseline(q: Queryable, grantId: string, today: string, days: number): Promise<number> {
    const { rows } = await q.query<{ total: string | null }>(
      `SELECT sum(calls) AS total FROM sharing_usage
        WHERE grant_id = $1 AND day < $2::date AND day >= $2::date - $3::int`,
      [grantId, today, days],
    );
    return Number(rows[0]?.total ?? 0) / days;
  },

  async callsToday(q: Queryable, grantIds: string[], today: string): Promise<Map<string, number>> {
    if (!grantIds.length) return new Map();
    const { rows } = await q.query<{ grant_id: string; calls: string }>(
      `SELECT grant_id, calls FROM sharing_usage WHERE grant_id = ANY($1::uuid[]) AND day = $2::date`,
      [grantIds, today],
    );
    return new Map(rows.map((r) => [r.grant_id, Number(r.calls)]));
  },

  async insertFlag(q: Queryable, grantId: string, day: string, calls: number, baseline: number) {
    await q.query(
      `INSERT INTO sharing_usage_flag (grant_id, day, calls, baseline) VALUES ($1, $2, $3, $4)
       ON CONFLICT (grant_id, day) DO UPDATE SET calls = GREATEST(sharing_usage_flag.calls, EXCLUDED.calls)`,
      [grantId, day, calls, baseline],
    );
  },

  async flag(q: Queryable, id: string) {
    const { rows } = await q.query<{ id: string; grant_id: string }>(
      `SELECT id, grant_id FROM sharing_usage_flag WHERE id = $1`,
      [id],
    );
    return rows[0];
  },

  async acknowledgeFlag(q: Queryable, id: string, by: string | null) {
    await q.query(
      `UPDATE sharing_usage_flag SET acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1 AND acknowledged_at IS NULL`,
      [id, by],
    );
  },

  /** Usage per day and per grant between two days, for grants matching the side filter. */
  async usage(q: Queryable, f: ListFilter & { grantId?: string | undefined }, from: string, to: string) {
    const params: unknown[] = [from, to];
    const conds = sideConds(f, params, 'g');
    if (f.grantId) conds.push(`g.id = $${params.push(f.grantId)}`);
    const where = conds.map((c) => ` AND ${c}`).join('');
    const byDay = await q.query<{ day: string; calls: string; records: string; denied: string }>(
      `SELECT to_char(u.day, 'YYYY-MM-DD') AS day, sum(u.calls) AS calls, sum(u.records) AS records,
              sum(u.denied) AS denied
         FROM sharing_usage u JOIN sharing_grant g ON g.id = u.grant_id
        WHERE u.day BETWEEN $1::date AND $2::date${where}
        GROUP BY u.day ORDER BY u.day`,
      params,
    );
    const byGrant = await q.query<{
      grant_id: string;
      resource_id: string;
      consumer_department_id: string;
      provider_department_id: string;
      purpose: string;
      calls: string;
      records: string;
      denied: string;
    }>(
      `SELECT g.id AS grant_id, g.resource_id, g.consumer_department_id, g.provider_department_id, g.purpose,
              sum(u.calls) AS calls, sum(u.records) AS records, sum(u.denied) AS denied
         FROM sharing_usage u JOIN sharing_grant g ON g.id = u.grant_id
        WHERE u.day BETWEEN $1::date AND $2::date${where}
        GROUP BY g.id ORDER BY sum(u.calls) DESC LIMIT 200`,
      params,
    );
    const flags = await q.query<{
      id: string;
      grant_id: string;
      resource_id: string;
      consumer_department_id: string;
      day: string;
      calls: string;
      baseline: number;
      acknowledged_at: Date | null;
    }>(
      `SELECT fl.id, fl.grant_id, g.resource_id, g.consumer_department_id, to_char(fl.day, 'YYYY-MM-DD') AS day,
              fl.calls, fl.baseline, fl.acknowledged_at
         FROM sharing_usage_flag fl JOIN sharing_grant g ON g.id = fl.grant_id
        WHERE fl.day BETWEEN $1::date AND $2::date${where}
        ORDER BY fl.acknowledged_at IS NULL DESC, fl.day DESC LIMIT 100`,
      params,
    );
    return { byDay: byDay.rows, byGrant: byGrant.rows, flags: flags.rows };
  },

  /** Ids of grants on the side filter (for reading their access entries from the audit log). */
  async grantIds(q: Queryable, f: ListFilter): Promise<string[]> {
    const params: unknown[] = [];
    const conds = sideConds(f, params, 'g');
    const { rows } = await q.query<{ id: string }>(
      `SELECT g.id FROM sharing_grant g ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}`,
      params,
    );
    return rows.map((r) => r.id);
  },
};

// $2: today (YYYY-MM-DD, China Standard Time).
const AGREEMENT_IN_FORCE = `EXISTS (SELECT 1 FROM sharing_agreement a WHERE a.department_id = g.consumer_department_id
    AND a.revoked_at IS NULL AND a.valid_from <= $2::date AND a.valid_to >= $2::date) AS agreement_in_force`;

const CST_OFFSET_MS = 8 * 3600 * 1000;

/** Today's date in China Standard Time (agreements, quotas and usage days follow the city's calendar). */
export function chinaToday(at: Date = new Date()): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}
