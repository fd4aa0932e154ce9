import type { Db, Queryable } from '../../db/index.ts';
import { randomToken, safeEqual, sm3 } from '../../lib/crypto.ts';
import { AppError, validationError, type FieldError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { OrgService } from '../org/index.ts';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { ROLE_SCOPE, ROLES, type Principal, type Role, type RoleGrant, type Scope } from './policy.ts';
import type { ApiKey, RoleAssignment, User } from './schema.ts';
import { AccountSubjects } from './subjects.ts';
import { Registrations } from './registration.ts';
import { identityRepo, type ApiKeyRow, type RoleRow, type UserRow } from './repo.ts';

export type { ApiKey, RoleAssignment, User };

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: User;
}

/** Outcome of reading credentials off a request: who it is, or why nobody is. */
export type Authentication =
  | { ok: true; principal: Principal; sessionId: string | null; csrfToken: string | null }
  | {
      ok: false;
      code: 'AUTH_SESSION_EXPIRED' | 'AUTH_API_KEY_INVALID' | 'AUTH_API_KEY_REVOKED' | 'AUTH_API_KEY_EXPIRED';
    };

/**
 * Sign-in throttling (see migration 0010). Per account and per address, the first `maxPerAccount` / `maxPerIp`
 * failures are checked at once; after that each next attempt waits 1 s, 2 s, 4 s … up to `maxDelaySeconds` before
 * the password is even looked at. Failures are forgotten `windowMinutes` after the last wait ended.
 */
export interface LoginThrottle {
  windowMinutes: number;
  maxPerAccount: number;
  maxPerIp: number;
  /** The longest wait between attempts (default 15 minutes): a growing delay, never a lockout. */
  maxDelaySeconds?: number | undefined;
}

/** Login attempts are kept this long past the throttle's window, for the audit of sign-in trouble. */
const ATTEMPT_LOG_MARGIN_DAYS = 30;
const DAY_MS = 86_400_000;

const SESSION_PREFIX = 'tbs_';
const API_KEY_PREFIX = 'tbk_';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** 统一身份认证: users, roles, sessions and department API keys. */
// How long an authenticated API key is remembered for callers that re-check it before answering.
const KEY_CACHE_MS = 30_000;

export class IdentityService {
  /** API keys this process authenticated recently, by the SM3 of the token (see authenticate's cachedKeys). */
  readonly #keys = new Map<
    string,
    { auth: Authentication & { ok: true }; at: number; expiresAt: Date | null }
  >();
  readonly #keyExpiry = new Map<string, Date | null>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly options: {
      sessionTtlHours: number;
      throttle: LoginThrottle;
      /** The time throttling decides by; tests pass a fixed clock. */
      clock?: (() => Date) | undefined;
    },
  ) {
    this.subjects = new AccountSubjects(db, audit);
    this.registration = new Registrations(db, audit, options.sessionTtlHours);
  }

  /** Self-registration of open data developers (registration.ts). */
  readonly registration: Registrations;

  /** Which person or legal person each account speaks for (实名核验). */
  readonly subjects: AccountSubjects;

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  // ---- sessions -------------------------------------------------------------------------------

  async login(
    actor: Actor,
    username: string,
    password: string,
    userAgent: string | null,
  ): Promise<LoginResult> {
    const ip = actor.ip ?? 'unknown';
    const account = username.trim().toLowerCase();
    const deny = async (
      reason: 'rate_limited' | 'wrong_password' | 'unknown_user' | 'disabled',
      userId?: string,
      retryAfterSeconds?: number,
    ) => {
      await this.db.transaction(async (tx) => {
        if (reason !== 'rate_limited') await identityRepo.recordAttempt(tx, username, ip, false);
        await this.audit.record(
          { ...actor, id: userId ?? null, name: username },
          {
            action: 'auth.login',
            objectType: 'user',
            objectId: userId ?? null,
            outcome: reason === 'rate_limited' ? 'denied' : 'failure',
            details: { username, reason, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) },
          },
          tx,
        );
      });
      if (reason === 'rate_limited') return new AppError('AUTH_RATE_LIMITED', { retryAfterSeconds });
      return new AppError(reason === 'disabled' ? 'AUTH_ACCOUNT_DISABLED' : 'AUTH_INVALID_CREDENTIALS');
    };

    // Each attempt is counted before the password is checked, so concurrent guesses cannot slip past the limit
    // together; the address first, so an attempt its address may not make costs the account nothing.
    const { windowMinutes, maxPerAccount, maxPerIp, maxDelaySeconds = 900 } = this.options.throttle;
    const now = this.now();
    const rule = (free: number) => ({ free, capSeconds: maxDelaySeconds, forgetSeconds: windowMinutes * 60 });
    const wait = (nextAt: Date) => Math.max(1, Math.ceil((nextAt.getTime() - now.getTime()) / 1000));
    const byIp = await identityRepo.claimAttempt(this.db, 'ip', ip, now, rule(maxPerIp));
    if (!byIp.admitted) throw await deny('rate_limited', undefined, wait(byIp.nextAt));
    const byAccount = await identityRepo.claimAttempt(this.db, 'account', account, now, rule(maxPerAccount));
    if (!byAccount.admitted) {
      await identityRepo.refundAttempt(this.db, 'ip', ip, rule(maxPerIp));
      throw await deny('rate_limited', undefined, wait(byAccount.nextAt));
    }

    const row = await identityRepo.userByUsername(this.db, username);
    const valid = await verifyPassword(row?.password_hash, password);
    if (!row || !valid) throw await deny(row ? 'wrong_password' : 'unknown_user', row?.id);
    if (row.status !== 'active') throw await deny('disabled', row.id);

    const token = SESSION_PREFIX + randomToken(32);
    const csrfToken = randomToken(24);
    const expiresAt = new Date(Date.now() + this.options.sessionTtlHours * 3_600_000);
    await this.db.transaction(async (tx) => {
      await identityRepo.insertSession(tx, {
        tokenHash: sm3(token),
        csrfToken,
        userId: row.id,
        expiresAt,
        ip,
        userAgent,
      });
      await identityRepo.recordAttempt(tx, username, ip, true);
      // The owner's success clears the account's waits; the address only gets this attempt back.
      await identityRepo.clearAccount(tx, account);
      await identityRepo.refundAttempt(tx, 'ip', ip, rule(maxPerIp));
      await identityRepo.touchLogin(tx, row.id);
      await this.audit.record(
        { ...actor, id: row.id, name: row.username, kind: 'user' },
        {
          action: 'auth.login',
          objectType: 'user',
          objectId: row.id,
          departmentId: row.department_id,
          outcome: 'success',
          details: { username },
        },
        tx,
      );
    });
    return { token, csrfToken, expiresAt, user: await this.getUser(row.id) };
  }

  async logout(actor: Actor, sessionId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await identityRepo.revokeSession(tx, sessionId);
      await this.audit.record(
        actor,
        { action: 'auth.logout', objectType: 'session', objectId: sessionId, outcome: 'success' },
        tx,
      );
    });
  }

  /**
   * Resolves a session token or an API key to a principal. `cachedKeys`: an API key may be answered from this
   * process's memory of keys it authenticated in the last KEY_CACHE_MS — only for callers that confirm the key is
   * still valid in the transaction that answers the call (the data service does, see `keyStates`).
   */
  async authenticate(token: string, options: { cachedKeys?: boolean } = {}): Promise<Authentication> {
    if (token.startsWith(API_KEY_PREFIX)) {
      if (options.cachedKeys) {
        const digest = sm3(token);
        const hit = this.#keys.get(digest);
        if (hit && Date.now() - hit.at < KEY_CACHE_MS && (!hit.expiresAt || hit.expiresAt > new Date()))
          return hit.auth;
        const auth = await this.authenticateKey(token);
        if (auth.ok) {
          if (this.#keys.size > 10_000) this.#keys.clear();
          this.#keys.set(digest, {
            auth,
            at: Date.now(),
            expiresAt: this.#keyExpiry.get(auth.principal.id) ?? null,
          });
        }
        return auth;
      }
      return this.authenticateKey(token);
    }
    const session = await identityRepo.sessionByTokenHash(this.db, sm3(token));
    if (!session || session.revoked_at || session.expires_at <= new Date())
      return { ok: false, code: 'AUTH_SESSION_EXPIRED' };
    const user = await identityRepo.userById(this.db, session.user_id);
    if (!user || user.status !== 'active') return { ok: false, code: 'AUTH_SESSION_EXPIRED' };
    const roles = await identityRepo.rolesOf(this.db, [user.id]);
    return {
      ok: true,
      sessionId: session.id,
      csrfToken: session.csrf_token,
      principal: {
        kind: 'user',
        id: user.id,
        name: user.username,
        departmentId: user.department_id,
        roles: roles.map((r) => ({ role: r.role, departmentId: r.department_id })),
      },
    };
  }

  private async authenticateKey(token: string): Promise<Authentication> {
    const prefix = token.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + 8);
    const key = await identityRepo.apiKeyForAuth(this.db, prefix);
    if (!key || !safeEqual(key.secret_hash, sm3(token))) return { ok: false, code: 'AUTH_API_KEY_INVALID' };
    if (key.revoked_at) return { ok: false, code: 'AUTH_API_KEY_REVOKED' };
    if (key.expires_at && key.expires_at <= new Date()) return { ok: false, code: 'AUTH_API_KEY_EXPIRED' };
    this.#keyExpiry.set(key.id, key.expires_at);
    // A system calls many times a second: note its use once a minute, not on every call.
    if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > 60_000)
      await identityRepo.touchApiKey(this.db, key.id);
    return {
      ok: true,
      sessionId: null,
      csrfToken: null,
      principal: {
        kind: 'apikey',
        id: key.id,
        name: key.name,
        departmentId: key.department_id,
        roles: [{ role: key.role, departmentId: key.department_id }],
      },
    };
  }

  /**
   * Retention: deletes sessions that ended more than `sessionDays` ago, login attempts older than
   * `loginAttemptDays` (never younger than the throttle's window), and throttle rows whose failures a next attempt
   * would forget anyway. Returns how many rows of each went.
   */
  async purgeExpired(
    now: Date,
    keep: { sessionDays: number; loginAttemptDays?: number | undefined },
  ): Promise<{ sessions: number; loginAttempts: number; loginThrottles: number }> {
    const windowMs = this.options.throttle.windowMinutes * 60_000;
    const attemptMs = Math.max(windowMs, (keep.loginAttemptDays ?? ATTEMPT_LOG_MARGIN_DAYS) * DAY_MS);
    return this.db.transaction(async (tx) => {
      const sessions = await identityRepo.purgeSessions(
        tx,
        new Date(now.getTime() - keep.sessionDays * DAY_MS),
      );
      const login = await identityRepo.purgeLoginState(
        tx,
        new Date(now.getTime() - attemptMs),
        new Date(now.getTime() - windowMs),
      );
      return { sessions, ...login };
    });
  }

  // ---- users ----------------------------------------------------------------------------------

  async getUser(id: string): Promise<User> {
    const row = await identityRepo.userById(this.db, id);
    if (!row) throw new AppError('USER_NOT_FOUND', { id });
    return (await this.presentUsers([row]))[0]!;
  }

  async findUserByUsername(username: string): Promise<User | undefined> {
    const row = await identityRepo.userByUsername(this.db, username);
    return row && (await this.presentUsers([row]))[0];
  }

  /** Users visible within `scope` (a steward's scope is its own department). */
  async searchUsers(
    scope: Scope,
    filter: { q?: string | undefined; departmentId?: string | undefined; role?: string | undefined },
    limit: number,
    offset: number,
  ) {
    if (scope.kind === 'none') return { total: 0, items: [] };
    const departmentIds = scope.kind === 'departments' ? scope.ids : undefined;
    const { total, rows } = await identityRepo.searchUsers(
      this.db,
      { ...filter, departmentIds },
      limit,
      offset,
    );
    return { total, items: await this.presentUsers(rows) };
  }

  async createUser(
    actor: Actor,
    input: {
      username: string;
      displayName: string;
      password: string;
      departmentId?: string | null | undefined;
      roles?: RoleGrant[] | undefined;
    },
  ): Promise<User> {
    const username = input.username.trim();
    const roles = input.roles ?? [];
    const errors: FieldError[] = [];
    if (!/^[a-z][a-z0-9_.-]{2,63}$/.test(username)) {
      errors.push({
        field: 'username',
        code: 'format',
        message: {
          zh: '用户名须以小写字母开头，由 3–64 位小写字母、数字、下划线、点或连字符组成',
          en: 'Username must start with a lowercase letter and have 3–64 lowercase letters, digits, _ . or -',
        },
      });
    }
    errors.push(...this.passwordErrors(input.password, username));
    if (errors.length) throw validationError(errors);
    if (input.departmentId) await this.org.get(input.departmentId);
    await this.checkRoles(roles);
    const passwordHash = await hashPassword(input.password);
    const id = await this.db.transaction(async (tx) => {
      if (await identityRepo.userByUsername(tx, username))
        throw new AppError('USER_USERNAME_TAKEN', { field: 'username', username });
      const row = await identityRepo.insertUser(tx, {
        username,
        displayName: input.displayName.trim(),
        passwordHash,
        departmentId: input.departmentId ?? null,
      });
      await identityRepo.replaceRoles(tx, row.id, roles);
      await this.audit.record(
        actor,
        {
          action: 'user.create',
          objectType: 'user',
          objectId: row.id,
          departmentId: row.department_id,
          outcome: 'success',
          details: { username, roles: roles.map(describeGrant) },
        },
        tx,
      );
      return row.id;
    });
    return this.getUser(id);
  }

  async updateUser(
    actor: Actor,
    id: string,
    patch: {
      displayName?: string | undefined;
      departmentId?: string | null | undefined;
      status?: 'active' | 'disabled' | undefined;
    },
  ): Promise<User> {
    const before = await this.getUser(id);
    if (patch.departmentId) await this.org.get(patch.departmentId);
    await this.db.transaction(async (tx) => {
      if (patch.status === 'disabled' && before.roles.some((r) => r.role === 'platform_admin')) {
        await this.keepOneAdmin(tx, id);
      }
      await identityRepo.updateUser(tx, id, { ...patch, displayName: patch.displayName?.trim() });
      // A disabled account loses its sessions at once, not when they expire.
      if (patch.status === 'disabled') await identityRepo.revokeSessionsOf(tx, id);
      await this.audit.record(
        actor,
        {
          action: 'user.update',
          objectType: 'user',
          objectId: id,
          departmentId: patch.departmentId ?? before.departmentId,
          outcome: 'success',
          details: { username: before.username, changes: patch },
        },
        tx,
      );
    });
    return this.getUser(id);
  }

  async setRoles(actor: Actor, id: string, roles: RoleGrant[]): Promise<User> {
    const before = await this.getUser(id);
    await this.checkRoles(roles);
    await this.db.transaction(async (tx) => {
      if (
        before.roles.some((r) => r.role === 'platform_admin') &&
        !roles.some((r) => r.role === 'platform_admin')
      ) {
        await this.keepOneAdmin(tx, id);
      }
      await identityRepo.replaceRoles(tx, id, roles);
      await this.audit.record(
        actor,
        {
          action: 'user.roles',
          objectType: 'user',
          objectId: id,
          departmentId: before.departmentId,
          outcome: 'success',
          details: {
            username: before.username,
            before: before.roles.map(describeGrant),
            after: roles.map(describeGrant),
          },
        },
        tx,
      );
    });
    return this.getUser(id);
  }

  async resetPassword(actor: Actor, id: string, password: string): Promise<void> {
    const user = await this.getUser(id);
    const errors = this.passwordErrors(password, user.username);
    if (errors.length) throw validationError(errors);
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      await identityRepo.setPassword(tx, id, passwordHash);
      await identityRepo.revokeSessionsOf(tx, id);
      await this.audit.record(
        actor,
        {
          action: 'user.password',
          objectType: 'user',
          objectId: id,
          departmentId: user.departmentId,
          outcome: 'success',
          details: { username: user.username },
        },
        tx,
      );
    });
  }

  /** Creates the user when missing (demo city, first admin); returns its id and whether it was new. */
  async ensureUser(
    actor: Actor,
    input: {
      username: string;
      displayName: string;
      password?: string | undefined;
      departmentId: string | null;
      roles: RoleGrant[];
    },
  ): Promise<{ id: string; created: boolean; password: string | null }> {
    const existing = await identityRepo.userByUsername(this.db, input.username);
    if (existing) return { id: existing.id, created: false, password: null };
    const password = input.password ?? generatePassword();
    const user = await this.createUser(actor, { ...input, password });
    return { id: user.id, created: true, password };
  }

  async counts(): Promise<{
    users: number;
    activeApiKeys: number;
    usersByRole: { role: Role; count: number }[];
  }> {
    const [users, activeApiKeys, usersByRole] = await Promise.all([
      identityRepo.countUsers(this.db),
      identityRepo.countActiveApiKeys(this.db),
      identityRepo.usersByRole(this.db),
    ]);
    return { users, activeApiKeys, usersByRole };
  }

  // ---- API keys -------------------------------------------------------------------------------

  async listApiKeys(scope: Scope, departmentId?: string): Promise<ApiKey[]> {
    if (scope.kind === 'none') return [];
    let ids = scope.kind === 'departments' ? scope.ids : undefined;
    if (departmentId) ids = ids ? ids.filter((d) => d === departmentId) : [departmentId];
    return this.presentKeys(await identityRepo.listApiKeys(this.db, ids));
  }

  async getApiKey(id: string): Promise<ApiKey> {
    const row = await identityRepo.apiKeyById(this.db, id);
    if (!row) throw new AppError('APIKEY_NOT_FOUND', { id });
    return (await this.presentKeys([row]))[0]!;
  }

  /** A key by id or by its public prefix (for the CLI). */
  async findApiKey(idOrPrefix: string): Promise<ApiKey | undefined> {
    const row = /^[0-9a-f-]{36}$/i.test(idOrPrefix)
      ? await identityRepo.apiKeyById(this.db, idOrPrefix)
      : await identityRepo.apiKeyByPrefix(this.db, idOrPrefix);
    return row && (await this.presentKeys([row]))[0];
  }

  /** Issues a key; the secret is returned here once and only its SM3 digest is stored. */
  async createApiKey(
    actor: Actor,
    input: {
      name: string;
      departmentId: string;
      role?: Role | undefined;
      expiresAt?: string | null | undefined;
    },
  ): Promise<{ apiKey: ApiKey; secret: string }> {
    const role = input.role ?? 'dept_consumer';
    if (role !== 'dept_consumer' && role !== 'dept_steward') {
      throw validationError([
        {
          field: 'role',
          code: 'role',
          message: {
            zh: 'API 密钥只能授予部门数据使用者或部门数据管理员角色',
            en: 'An API key can only act as dept_consumer or dept_steward',
          },
        },
      ]);
    }
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt <= new Date()) {
      throw validationError([
        {
          field: 'expiresAt',
          code: 'past',
          message: { zh: '过期时间必须晚于当前时间', en: 'Expiry must be in the future' },
        },
      ]);
    }
    await this.org.get(input.departmentId);
    const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
    const secret = `${API_KEY_PREFIX}${prefix}_${randomToken(32)}`;
    const id = await this.db.transaction(async (tx) => {
      const id = await identityRepo.insertApiKey(tx, {
        name: input.name.trim(),
        prefix,
        secretHash: sm3(secret),
        departmentId: input.departmentId,
        role,
        createdBy: actor.kind === 'user' ? actor.id : null,
        expiresAt,
      });
      await this.audit.record(
        actor,
        {
          action: 'apikey.create',
          objectType: 'apikey',
          objectId: id,
          departmentId: input.departmentId,
          outcome: 'success',
          details: { name: input.name, prefix, role },
        },
        tx,
      );
      return id;
    });
    return { apiKey: await this.getApiKey(id), secret };
  }

  /**
   * Which of these keys can no longer be used (revoked, expired or gone), read in the caller's transaction: how a
   * call answered from the key cache confirms its key before it is answered.
   */
  async keyStates(ids: string[], q: Queryable = this.db): Promise<Map<string, 'revoked' | 'expired'>> {
    const out = new Map<string, 'revoked' | 'expired'>();
    if (!ids.length) return out;
    const rows = await identityRepo.keyStates(q, [...new Set(ids)]);
    const now = new Date();
    for (const id of new Set(ids)) {
      const r = rows.find((x) => x.id === id);
      if (!r || r.revoked_at) out.set(id, 'revoked');
      else if (r.expires_at && r.expires_at <= now) out.set(id, 'expired');
    }
    return out;
  }

  async revokeApiKey(actor: Actor, id: string): Promise<ApiKey> {
    const key = await this.getApiKey(id);
    for (const [digest, hit] of this.#keys)
      if (hit.auth.ok && hit.auth.principal.id === id) this.#keys.delete(digest);
    await this.db.transaction(async (tx) => {
      await identityRepo.revokeApiKey(tx, id, actor.kind === 'user' ? actor.id : null);
      await this.audit.record(
        actor,
        {
          action: 'apikey.revoke',
          objectType: 'apikey',
          objectId: id,
          departmentId: key.departmentId,
          outcome: 'success',
          details: { name: key.name, prefix: key.prefix, alreadyRevoked: key.revokedAt !== null },
        },
        tx,
      );
    });
    return this.getApiKey(id);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private passwordErrors(password: string, username: string): FieldError[] {
    const problem = passwordProblem(password, username);
    if (!problem) return [];
    const text: Record<string, { zh: string; en: string }> = {
      too_short: { zh: '密码至少 10 位', en: 'Password must have at least 10 characters' },
      contains_username: { zh: '密码不能包含用户名', en: 'Password must not contain the username' },
      too_simple: {
        zh: '密码须包含至少两类字符（大小写字母、数字、符号）',
        en: 'Password must mix at least two of lower case, upper case, digits and symbols',
      },
    };
    return [{ field: 'password', code: `password_${problem}`, message: text[problem]! }];
  }

  private async checkRoles(roles: RoleGrant[]): Promise<void> {
    const errors: FieldError[] = [];
    roles.forEach((r, i) => {
      if (!ROLES.includes(r.role)) return;
      const needs = ROLE_SCOPE[r.role] === 'department';
      if (needs !== (r.departmentId !== null && r.departmentId !== undefined)) {
        errors.push({
          field: `roles.${i}.departmentId`,
          code: needs ? 'scope_required' : 'scope_forbidden',
          message: needs
            ? { zh: '该角色必须指定所属部门', en: 'This role must be scoped to a department' }
            : { zh: '该角色为全市范围，不能指定部门', en: 'This role is city-wide and takes no department' },
        });
      }
    });
    if (errors.length) throw new AppError('USER_ROLE_SCOPE_INVALID', { fields: errors });
    const ids = roles.map((r) => r.departmentId).filter((d): d is string => !!d);
    const found = await this.org.getMany(ids);
    const missing = ids.find((d) => !found.has(d));
    if (missing) throw new AppError('ORG_DEPARTMENT_NOT_FOUND', { id: missing });
  }

  private async keepOneAdmin(tx: Queryable, userId: string): Promise<void> {
    if ((await identityRepo.countActiveAdmins(tx, userId)) === 0) throw new AppError('USER_LAST_ADMIN');
  }

  private async presentUsers(rows: UserRow[]): Promise<User[]> {
    const roles = await identityRepo.rolesOf(
      this.db,
      rows.map((r) => r.id),
    );
    const deptIds = [...rows.map((r) => r.department_id), ...roles.map((r) => r.department_id)].filter(
      (d): d is string => !!d,
    );
    const depts = await this.org.getMany(deptIds);
    const byUser = new Map<string, RoleRow[]>();
    for (const r of roles) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      departmentId: r.department_id,
      departmentName: r.department_id ? (depts.get(r.department_id)?.name ?? null) : null,
      status: r.status,
      roles: (byUser.get(r.id) ?? []).map((g) => ({
        role: g.role,
        departmentId: g.department_id,
        departmentName: g.department_id ? (depts.get(g.department_id)?.name ?? null) : null,
      })),
      createdAt: r.created_at.toISOString(),
      lastLoginAt: iso(r.last_login_at),
    }));
  }

  private async presentKeys(rows: ApiKeyRow[]): Promise<ApiKey[]> {
    const depts = await this.org.getMany(rows.map((r) => r.department_id));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      role: r.role,
      departmentId: r.department_id,
      departmentName: depts.get(r.department_id)?.name ?? null,
      createdAt: r.created_at.toISOString(),
      createdByName: r.created_by_name,
      lastUsedAt: iso(r.last_used_at),
      expiresAt: iso(r.expires_at),
      revokedAt: iso(r.revoked_at),
    }));
  }
}

function describeGrant(g: RoleGrant): string {
  return g.departmentId ? `${g.role}@${g.departmentId}` : g.role;
}
