import type { Queryable } from '../../db/index.ts';
import { chinaToday } from '../../lib/time.ts';
import { AGREEMENT_IN_FORCE, GRANT_COLS, sideConds, type AccessGrantRow, type ListFilter } from './repo.ts';

/** The SQL of grants (授权): their rows, the reads the access gate makes, revocation. */
export const grantRepo = {
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
};
