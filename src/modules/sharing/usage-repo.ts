import type { Queryable } from '../../db/index.ts';
import type { LockedHead } from '../audit/index.ts';
import {
  AGREEMENT_IN_FORCE,
  sideConds,
  type AccessGrantRow,
  type ListFilter,
  type UsageIncrement,
} from './repo.ts';

type GrantState = Pick<
  AccessGrantRow,
  'id' | 'revoked_at' | 'valid_from' | 'valid_to' | 'agreement_in_force'
>;
type Totals = { calls: number; denied: number; quotaUsed: number };

// A group commit's one statement of confirmation and counting: the state of the grants its calls were decided
// under (revocation, validity, agreement: read now, in the commit's transaction), and the calls added to the
// per-day counters and the per-minute windows, each answered with its total. The counter rows are locked in the
// order given (sorted by grant, then by subject), so concurrent groups in any process take them in turn. It also
// claims an audit chain's head for the group's entry (AuditService.shardClaim: a free one, never waited for), so
// the entry needs no statement of its own to lock it.
const CONFIRM_AND_COUNT = `WITH st AS (
    SELECT g.id, g.revoked_at, g.valid_from, g.valid_to, ${AGREEMENT_IN_FORCE}
      FROM sharing_grant g WHERE g.id = ANY($1::uuid[])
  ), used AS (
    INSERT INTO sharing_usage (grant_id, day, resource_id, calls, records, denied, quota_used)
    SELECT * FROM unnest($3::uuid[], $4::date[], $5::uuid[], $6::bigint[], $7::bigint[], $8::bigint[],
                         $9::bigint[])
    ON CONFLICT (grant_id, day) DO UPDATE SET calls = sharing_usage.calls + EXCLUDED.calls,
      records = sharing_usage.records + EXCLUDED.records, denied = sharing_usage.denied + EXCLUDED.denied,
      quota_used = sharing_usage.quota_used + EXCLUDED.quota_used
    RETURNING grant_id, calls, denied, quota_used
  ), rated AS (
    INSERT INTO sharing_rate_window (subject, minute, calls)
    SELECT s, $10::bigint, c FROM unnest($11::text[], $12::int[]) AS t(s, c)
    ON CONFLICT (subject, minute) DO UPDATE SET calls = sharing_rate_window.calls + EXCLUDED.calls
    RETURNING subject, calls
  ), claimed AS (
    CLAIM
  )
  SELECT 'g' AS kind, id::text AS id, revoked_at, valid_from, valid_to, agreement_in_force,
         NULL::bigint AS calls, NULL::bigint AS denied, NULL::bigint AS quota_used, NULL::text[] AS ids FROM st
  UNION ALL
  SELECT 'u', grant_id::text, NULL, NULL, NULL, NULL, calls, denied, quota_used, NULL FROM used
  UNION ALL
  SELECT 'r', subject, NULL, NULL, NULL, NULL, calls::bigint, NULL, NULL, NULL FROM rated
  UNION ALL
  SELECT 'h', hash, NULL, NULL, NULL, NULL, seq::bigint, shard::bigint, NULL, ids FROM claimed`;
const CONFIRM_PARAMS = 12;
/** The statement with an audit claim's text in place, its parameters numbered after ours (one text per claim). */
const withClaim = new Map<string, string>();
function confirmAndCountSql(claimSql: string): string {
  let sql = withClaim.get(claimSql);
  if (!sql) {
    const renumbered = claimSql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + CONFIRM_PARAMS}`);
    sql = CONFIRM_AND_COUNT.replace('CLAIM', renumbered);
    withClaim.set(claimSql, sql);
  }
  return sql;
}

/** The SQL of usage: the per-day counters (quota), the per-minute counters (rates), flags. */
export const usageRepo = {
  /**
   * Confirms grants and counts calls in one round trip (see CONFIRM_AND_COUNT): the grants' states now, each
   * counter's day totals after the addition, each per-minute subject's count after the addition.
   */
  async confirmAndCount(
    q: Queryable,
    grantIds: readonly string[],
    today: string,
    inc: readonly UsageIncrement[],
    minute: number,
    rates: ReadonlyMap<string, number>,
    claim: { sql: string; params: unknown[] },
  ): Promise<{
    grants: GrantState[];
    usage: Map<string, Totals>;
    rates: Map<string, number>;
    claimed: LockedHead | undefined;
  }> {
    const subjects = [...rates.keys()].sort();
    const { rows } = await q.query<{
      kind: 'g' | 'u' | 'r';
      id: string;
      revoked_at: Date | null;
      valid_from: Date | null;
      valid_to: Date | null;
      agreement_in_force: boolean | null;
      calls: string | null;
      denied: string | null;
      quota_used: string | null;
      ids: string[] | null;
    }>(
      confirmAndCountSql(claim.sql),
      [
        grantIds,
        today,
        inc.map((i) => i.grantId),
        inc.map((i) => i.day),
        inc.map((i) => i.resourceId),
        inc.map((i) => i.calls),
        inc.map((i) => i.records),
        inc.map((i) => i.denied),
        inc.map((i) => i.quotaUsed),
        minute,
        subjects,
        subjects.map((s) => rates.get(s)!),
        ...claim.params,
      ],
      { prepare: true },
    );
    const grants: GrantState[] = [];
    const usage = new Map<string, Totals>();
    const rated = new Map<string, number>();
    let claimed: LockedHead | undefined;
    for (const r of rows) {
      if (r.kind === 'g')
        grants.push({
          id: r.id,
          revoked_at: r.revoked_at,
          valid_from: r.valid_from!,
          valid_to: r.valid_to!,
          agreement_in_force: r.agreement_in_force!,
        });
      else if (r.kind === 'u')
        usage.set(r.id, {
          calls: Number(r.calls),
          denied: Number(r.denied),
          quotaUsed: Number(r.quota_used),
        });
      else if (r.kind === 'r') rated.set(r.id, Number(r.calls));
      else claimed = { shard: Number(r.denied), seq: String(r.calls), hash: r.id, ids: r.ids ?? [] };
    }
    return { grants, usage, rates: rated, claimed };
  },

  /** Adds calls to the per-day counters; returns each grant's totals after the addition. */
  async addUsage(q: Queryable, inc: readonly UsageIncrement[]) {
    if (!inc.length) return new Map<string, { calls: number; denied: number; quotaUsed: number }>();
    const { rows } = await q.query<{ grant_id: string; calls: string; denied: string; quota_used: string }>(
      `INSERT INTO sharing_usage (grant_id, day, resource_id, calls, records, denied, quota_used)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::bigint[], $5::bigint[], $6::bigint[],
                            $7::bigint[])
       ON CONFLICT (grant_id, day) DO UPDATE SET calls = sharing_usage.calls + EXCLUDED.calls,
         records = sharing_usage.records + EXCLUDED.records, denied = sharing_usage.denied + EXCLUDED.denied,
         quota_used = sharing_usage.quota_used + EXCLUDED.quota_used
       RETURNING grant_id, calls, denied, quota_used`,
      [
        inc.map((i) => i.grantId),
        inc.map((i) => i.day),
        inc.map((i) => i.resourceId),
        inc.map((i) => i.calls),
        inc.map((i) => i.records),
        inc.map((i) => i.denied),
        inc.map((i) => i.quotaUsed),
      ],
      { prepare: true },
    );
    return new Map(
      rows.map((r) => [
        r.grant_id,
        { calls: Number(r.calls), denied: Number(r.denied), quotaUsed: Number(r.quota_used) },
      ]),
    );
  },

  /**
   * Adds to per-minute counters (sorted by subject, so concurrent groups lock rows in one order) and returns each
   * subject's count after the addition. The counter row's lock holds concurrent commits in any process in turn.
   */
  async addRate(
    q: Queryable,
    minute: number,
    inc: ReadonlyMap<string, number>,
  ): Promise<Map<string, number>> {
    if (!inc.size) return new Map();
    const subjects = [...inc.keys()].sort();
    const { rows } = await q.query<{ subject: string; calls: number }>(
      `INSERT INTO sharing_rate_window (subject, minute, calls)
       SELECT s, $2::bigint, c FROM unnest($1::text[], $3::int[]) AS t(s, c)
       ON CONFLICT (subject, minute) DO UPDATE SET calls = sharing_rate_window.calls + EXCLUDED.calls
       RETURNING subject, calls`,
      [subjects, minute, subjects.map((s) => inc.get(s)!)],
      { prepare: true },
    );
    return new Map(rows.map((r) => [r.subject, Number(r.calls)]));
  },

  /** Forgets per-minute counters of minutes before `minute`. */
  async pruneRate(q: Queryable, minute: number): Promise<void> {
    await q.query(`DELETE FROM sharing_rate_window WHERE minute < $1`, [minute]);
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

  /** Today's calls and quota used, per grant. */
  async today(
    q: Queryable,
    grantIds: string[],
    today: string,
  ): Promise<Map<string, { calls: number; quotaUsed: number }>> {
    if (!grantIds.length) return new Map();
    const { rows } = await q.query<{ grant_id: string; calls: string; quota_used: string }>(
      `SELECT grant_id, calls, quota_used FROM sharing_usage WHERE grant_id = ANY($1::uuid[]) AND day = $2::date`,
      [grantIds, today],
    );
    return new Map(
      rows.map((r) => [r.grant_id, { calls: Number(r.calls), quotaUsed: Number(r.quota_used) }]),
    );
  },

  async insertFlag(
    q: Queryable,
    flag: { grantId: string; day: string; calls: number; baseline: number; kind: 'volume' | 'verify_burst' },
  ) {
    await q.query(
      `INSERT INTO sharing_usage_flag (grant_id, day, calls, baseline, kind) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (grant_id, day, kind) DO UPDATE SET calls = GREATEST(sharing_usage_flag.calls, EXCLUDED.calls)`,
      [flag.grantId, flag.day, flag.calls, flag.baseline, flag.kind],
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
      kind: 'volume' | 'verify_burst';
      acknowledged_at: Date | null;
    }>(
      `SELECT fl.id, fl.grant_id, g.resource_id, g.consumer_department_id, to_char(fl.day, 'YYYY-MM-DD') AS day,
              fl.calls, fl.baseline, fl.kind, fl.acknowledged_at
         FROM sharing_usage_flag fl JOIN sharing_grant g ON g.id = fl.grant_id
        WHERE fl.day BETWEEN $1::date AND $2::date${where}
        ORDER BY fl.acknowledged_at IS NULL DESC, fl.day DESC LIMIT 100`,
      params,
    );
    return { byDay: byDay.rows, byGrant: byGrant.rows, flags: flags.rows };
  },
};
