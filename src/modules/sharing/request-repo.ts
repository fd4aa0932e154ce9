import type { Queryable } from '../../db/index.ts';
import { REQUEST_COLS, sideConds, type AttachmentRow, type ListFilter, type RequestRow } from './repo.ts';

/** The SQL of requests (申请) and their attachments. */
export const requestRepo = {
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
};
