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
  verify_per_minute: number;
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
  /** What the calls used of the daily quota (the records they returned, at least one per call). */
  quotaUsed: number;
}

const DATE = (col: string) => `to_char(${col}, 'YYYY-MM-DD') AS ${col.split('.').pop()}`;
const AGREEMENT_COLS = `id, department_id, title, parties, ${DATE('signed_on')}, ${DATE('valid_from')},
  ${DATE('valid_to')}, file_name, file_size, file_sm3, created_by, created_at, revoked_at, revoke_reason`;
export const REQUEST_COLS = `r.id, r.resource_id, r.provider_department_id, r.consumer_department_id, r.api_key_id, r.items,
  r.unmasked_items, r.purpose, r.legal_basis, r.usage_modes, ${DATE('r.period_from')}, ${DATE('r.period_to')},
  r.expected_daily_volume, r.status, r.approved_items, r.approved_unmasked, ${DATE('r.approved_to')}, r.daily_quota,
  r.rate_per_minute, r.reason, r.first_decided_by, r.first_decided_at, r.second_decided_by, r.second_decided_at,
  r.due_at, r.grant_id, r.created_by, r.created_at`;

export const GRANT_COLS = `g.id, g.resource_id, g.provider_department_id, g.consumer_department_id, g.api_key_id,
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

export function sideConds(f: ListFilter, params: unknown[], alias: string): string[] {
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

/** The SQL of agreements and the operator's settings (requests: request-repo.ts; grants: grant-repo.ts; usage: usage-repo.ts). */
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
      `SELECT response_hours, second_approval_sensitive, max_query_limit, verify_per_minute, updated_by, updated_at
         FROM sharing_policy`,
    );
    return rows[0]!;
  },

  async updatePolicy(
    q: Queryable,
    p: {
      responseHours?: number | undefined;
      secondApprovalSensitive?: boolean | undefined;
      maxQueryLimit?: number | undefined;
      verifyPerMinute?: number | undefined;
    },
    by: string | null,
  ) {
    await q.query(
      `UPDATE sharing_policy SET response_hours = COALESCE($1, response_hours),
              second_approval_sensitive = COALESCE($2, second_approval_sensitive),
              max_query_limit = COALESCE($3, max_query_limit), updated_by = $4, updated_at = now(),
              verify_per_minute = COALESCE($5, verify_per_minute)`,
      [
        p.responseHours ?? null,
        p.secondApprovalSensitive ?? null,
        p.maxQueryLimit ?? null,
        by,
        p.verifyPerMinute ?? null,
      ],
    );
  },
};

/** $2: today (YYYY-MM-DD, China Standard Time). */
export const AGREEMENT_IN_FORCE = `EXISTS (SELECT 1 FROM sharing_agreement a WHERE a.department_id = g.consumer_department_id
    AND a.revoked_at IS NULL AND a.valid_from <= $2::date AND a.valid_to >= $2::date) AS agreement_in_force`;
