import type { Queryable } from '../../db/index.ts';
import { containing } from '../../db/sql.ts';
import type { Role, RoleGrant } from './policy.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  department_id: string | null;
  status: 'active' | 'disabled';
  created_at: Date;
  last_login_at: Date | null;
}

export interface RoleRow {
  user_id: string;
  role: Role;
  department_id: string | null;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  department_id: string;
  role: Role;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export type ThrottleScope = 'account' | 'ip';

export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface UserFilter {
  q?: string | undefined;
  departmentId?: string | undefined;
  role?: string | undefined;
  /** Restricts to these departments (a steward sees only its own); undefined means no restriction. */
  departmentIds?: string[] | undefined;
}

function userWhere(f: UserFilter) {
  const conds: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.q) {
    const like = p(containing(f.q));
    conds.push(`(u.username ILIKE ${like} OR u.display_name ILIKE ${like})`);
  }
  if (f.departmentId) conds.push(`u.department_id = ${p(f.departmentId)}`);
  if (f.departmentIds) conds.push(`u.department_id = ANY(${p(f.departmentIds)}::uuid[])`);
  if (f.role)
    conds.push(`EXISTS (SELECT 1 FROM role_assignment r WHERE r.user_id = u.id AND r.role = ${p(f.role)})`);
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

const API_KEY_COLUMNS = `k.id, k.name, k.prefix, k.secret_hash, k.department_id, k.role, k.created_by,
  u.username AS created_by_name, k.created_at, k.expires_at, k.last_used_at, k.revoked_at`;

export const identityRepo = {
  async userByUsername(q: Queryable, username: string): Promise<UserRow | undefined> {
    const { rows } = await q.query<UserRow>('SELECT * FROM app_user WHERE username = $1', [username]);
    return rows[0];
  },

  async userById(q: Queryable, id: string): Promise<UserRow | undefined> {
    const { rows } = await q.query<UserRow>('SELECT * FROM app_user WHERE id = $1', [id]);
    return rows[0];
  },

  async searchUsers(q: Queryable, f: UserFilter, limit: number, offset: number) {
    const w = userWhere(f);
    const total = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM app_user u ${w.sql}`,
      w.params,
    );
    const { rows } = await q.query<UserRow>(
      `SELECT u.* FROM app_user u ${w.sql} ORDER BY u.username LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
      [...w.params, limit, offset],
    );
    return { total: total.rows[0]?.n ?? 0, rows };
  },

  async insertUser(
    q: Queryable,
    u: { username: string; displayName: string; passwordHash: string; departmentId: string | null },
  ): Promise<UserRow> {
    const { rows } = await q.query<UserRow>(
      `INSERT INTO app_user (username, display_name, password_hash, department_id)
       VALUES ($1, $2, $3, $4) RETURNING *`,
      [u.username, u.displayName, u.passwordHash, u.departmentId],
    );
    return rows[0]!;
  },

  async updateUser(
    q: Queryable,
    id: string,
    patch: {
      displayName?: string | undefined;
      departmentId?: string | null | undefined;
      status?: string | undefined;
    },
  ): Promise<UserRow | undefined> {
    const { rows } = await q.query<UserRow>(
      `UPDATE app_user SET
         display_name = COALESCE($2, display_name),
         department_id = CASE WHEN $3::boolean THEN $4::uuid ELSE department_id END,
         status = COALESCE($5, status),
         updated_at = now()
       WHERE id = $1 RETURNING *`,
      [
        id,
        patch.displayName ?? null,
        patch.departmentId !== undefined,
        patch.departmentId ?? null,
        patch.status ?? null,
      ],
    );
    return rows[0];
  },

  async setPassword(q: Queryable, id: string, passwordHash: string): Promise<void> {
    await q.query('UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1', [
      id,
      passwordHash,
    ]);
  },

  async touchLogin(q: Queryable, id: string): Promise<void> {
    await q.query('UPDATE app_user SET last_login_at = now() WHERE id = $1', [id]);
  },

  async rolesOf(q: Queryable, userIds: string[]): Promise<RoleRow[]> {
    if (userIds.length === 0) return [];
    const { rows } = await q.query<RoleRow>(
      `SELECT user_id, role, department_id FROM role_assignment WHERE user_id = ANY($1::uuid[])
       ORDER BY created_at, role`,
      [userIds],
    );
    return rows;
  },

  async replaceRoles(q: Queryable, userId: string, roles: RoleGrant[]): Promise<void> {
    await q.query('DELETE FROM role_assignment WHERE user_id = $1', [userId]);
    for (const r of roles) {
      await q.query('INSERT INTO role_assignment (user_id, role, department_id) VALUES ($1, $2, $3)', [
        userId,
        r.role,
        r.departmentId,
      ]);
    }
  },

  async countActiveAdmins(q: Queryable, excludingUserId: string): Promise<number> {
    const { rows } = await q.query<{ n: number }>(
      `SELECT count(DISTINCT u.id)::int AS n FROM app_user u JOIN role_assignment r ON r.user_id = u.id
       WHERE r.role = 'platform_admin' AND u.status = 'active' AND u.id <> $1`,
      [excludingUserId],
    );
    return rows[0]?.n ?? 0;
  },

  async countUsers(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user');
    return rows[0]?.n ?? 0;
  },

  async usersByRole(q: Queryable): Promise<{ role: Role; count: number }[]> {
    const { rows } = await q.query<{ role: Role; count: number }>(
      `SELECT role, count(DISTINCT user_id)::int AS count FROM role_assignment GROUP BY role ORDER BY role`,
    );
    return rows;
  },

  /**
   * Admits or refuses one sign-in attempt for an account or an address, counting it when admitted — one statement
   * under the row's lock, so concurrent attempts are decided one after another (see migration 0010).
   */
  async claimAttempt(
    q: Queryable,
    scope: ThrottleScope,
    key: string,
    now: Date,
    rule: { free: number; capSeconds: number; forgetSeconds: number },
  ): Promise<{ admitted: boolean; failures: number; nextAt: Date }> {
    const { rows } = await q.query<{ admitted: boolean; failures: number; next_at: Date }>(
      `INSERT INTO login_throttle AS t (scope, key, failures, next_at, last_at)
       VALUES ($1, $2, 1, $3::timestamptz + login_throttle_delay(1, $4, $5), $3)
       ON CONFLICT (scope, key) DO UPDATE SET
         failures = CASE WHEN $3 > t.next_at + make_interval(secs => $6) THEN 1
                         WHEN t.next_at <= $3 THEN t.failures + 1
                         ELSE t.failures END,
         next_at = CASE WHEN $3 > t.next_at + make_interval(secs => $6) THEN $3 + login_throttle_delay(1, $4, $5)
                        WHEN t.next_at <= $3 THEN $3 + login_throttle_delay(t.failures + 1, $4, $5)
                        ELSE t.next_at END,
         admitted_seq = CASE WHEN t.next_at <= $3 THEN t.seq + 1 ELSE t.admitted_seq END,
         seq = t.seq + 1,
         last_at = $3
       RETURNING failures, next_at, seq = admitted_seq AS admitted`,
      [scope, key, now, rule.free, rule.capSeconds, rule.forgetSeconds],
    );
    const r = rows[0]!;
    return { admitted: r.admitted, failures: r.failures, nextAt: r.next_at };
  },

  /** Takes back one counted attempt (a success, or an attempt the other scope refused); never a reset. */
  async refundAttempt(
    q: Queryable,
    scope: ThrottleScope,
    key: string,
    rule: { free: number; capSeconds: number },
  ): Promise<void> {
    // The wait goes back to what the remaining count implies, from the latest attempt.
    await q.query(
      `UPDATE login_throttle SET failures = greatest(failures - 1, 0),
         next_at = least(next_at, last_at + login_throttle_delay(greatest(failures - 1, 0), $3, $4))
       WHERE scope = $1 AND key = $2`,
      [scope, key, rule.free, rule.capSeconds],
    );
  },

  /** A success clears the account's failures and waits. */
  async clearAccount(q: Queryable, key: string): Promise<void> {
    await q.query(`DELETE FROM login_throttle WHERE scope = 'account' AND key = $1`, [key]);
  },

  async recordAttempt(q: Queryable, username: string, ip: string, success: boolean): Promise<void> {
    await q.query('INSERT INTO login_attempt (username, ip, success) VALUES ($1, $2, $3)', [
      username,
      ip,
      success,
    ]);
  },

  /** Retention: the attempt log past its window, throttle rows a next attempt would start afresh anyway. */
  async purgeLoginState(
    q: Queryable,
    attemptsBefore: Date,
    throttleBefore: Date,
  ): Promise<{ loginAttempts: number; loginThrottles: number }> {
    const a = await q.query('DELETE FROM login_attempt WHERE at < $1', [attemptsBefore]);
    const t = await q.query('DELETE FROM login_throttle WHERE next_at < $1', [throttleBefore]);
    return { loginAttempts: a.rowCount, loginThrottles: t.rowCount };
  },

  /** Retention: sessions that ended (expired or revoked) before the cut-off. */
  async purgeSessions(q: Queryable, endedBefore: Date): Promise<number> {
    const { rowCount } = await q.query(`DELETE FROM session WHERE expires_at < $1 OR revoked_at < $1`, [
      endedBefore,
    ]);
    return rowCount;
  },

  async insertSession(
    q: Queryable,
    s: {
      tokenHash: string;
      csrfToken: string;
      userId: string;
      expiresAt: Date;
      ip: string;
      userAgent: string | null;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO session (token_hash, csrf_token, user_id, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.tokenHash, s.csrfToken, s.userId, s.expiresAt, s.ip, s.userAgent],
    );
  },

  async sessionByTokenHash(q: Queryable, tokenHash: string): Promise<SessionRow | undefined> {
    const { rows } = await q.query<SessionRow>(
      'SELECT id, user_id, csrf_token, expires_at, revoked_at FROM session WHERE token_hash = $1',
      [tokenHash],
    );
    return rows[0];
  },

  async revokeSession(q: Queryable, id: string): Promise<void> {
    await q.query('UPDATE session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
  },

  async revokeSessionsOf(q: Queryable, userId: string): Promise<void> {
    await q.query('UPDATE session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [
      userId,
    ]);
  },

  async insertApiKey(
    q: Queryable,
    k: {
      name: string;
      prefix: string;
      secretHash: string;
      departmentId: string;
      role: Role;
      createdBy: string | null;
      expiresAt: Date | null;
    },
  ): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO api_key (name, prefix, secret_hash, department_id, role, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [k.name, k.prefix, k.secretHash, k.departmentId, k.role, k.createdBy, k.expiresAt],
    );
    return rows[0]!.id;
  },

  async apiKeyById(q: Queryable, id: string): Promise<ApiKeyRow | undefined> {
    const { rows } = await q.query<ApiKeyRow>(
      `SELECT ${API_KEY_COLUMNS} FROM api_key k LEFT JOIN app_user u ON u.id = k.created_by WHERE k.id = $1`,
      [id],
    );
    return rows[0];
  },

  async keyStates(q: Queryable, ids: string[]) {
    const { rows } = await q.query<{ id: string; revoked_at: Date | null; expires_at: Date | null }>(
      `SELECT id, revoked_at, expires_at FROM api_key WHERE id = ANY($1::uuid[])`,
      [ids],
      { prepare: true },
    );
    return rows;
  },

  /** What authenticating a key needs, on every call of a department system: one indexed row, no join. */
  async apiKeyForAuth(q: Queryable, prefix: string) {
    const { rows } = await q.query<
      Pick<
        ApiKeyRow,
        | 'id'
        | 'name'
        | 'secret_hash'
        | 'department_id'
        | 'role'
        | 'expires_at'
        | 'last_used_at'
        | 'revoked_at'
      >
    >(
      `SELECT id, name, secret_hash, department_id, role, expires_at, last_used_at, revoked_at
         FROM api_key WHERE prefix = $1`,
      [prefix],
      { prepare: true },
    );
    return rows[0];
  },

  async apiKeyByPrefix(q: Queryable, prefix: string): Promise<ApiKeyRow | undefined> {
    const { rows } = await q.query<ApiKeyRow>(
      `SELECT ${API_KEY_COLUMNS} FROM api_key k LEFT JOIN app_user u ON u.id = k.created_by WHERE k.prefix = $1`,
      [prefix],
    );
    return rows[0];
  },

  async listApiKeys(q: Queryable, departmentIds: string[] | undefined): Promise<ApiKeyRow[]> {
    const { rows } = await q.query<ApiKeyRow>(
      `SELECT ${API_KEY_COLUMNS} FROM api_key k LEFT JOIN app_user u ON u.id = k.created_by
       WHERE ($1::uuid[] IS NULL OR k.department_id = ANY($1::uuid[]))
       ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC`,
      [departmentIds ?? null],
    );
    return rows;
  },

  async revokeApiKey(q: Queryable, id: string, by: string | null): Promise<void> {
    await q.query(
      'UPDATE api_key SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL',
      [id, by],
    );
  },

  // Written at most once a minute per key, so a busy system does not turn every read into a write.
  async touchApiKey(q: Queryable, id: string): Promise<void> {
    await q.query(
      `UPDATE api_key SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  },

  async countActiveApiKeys(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM api_key WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    );
    return rows[0]?.n ?? 0;
  },
};
