import type { Db, Queryable } from '../../db/index.ts';
import { AppError, type ErrorCode } from '../../core/errors.ts';
import type { Actor, AuditService, BatchEntry } from '../audit/index.ts';
import type { Resource } from '../catalog/index.ts';
import type { IdentityService } from '../identity/index.ts';
import { AccessLog, type CallGrant } from './access-log.ts';
import { grantRepo } from './grant-repo.ts';
import { grantState } from './presenters.ts';
import { chinaToday } from '../../lib/time.ts';
import { type AccessGrantRow } from './repo.ts';
import type { SharingResources } from './resources.ts';
import type { UsageMode } from './schema.ts';

// How long a consumer's grants are remembered between calls (each call still confirms its grant at commit).
const GRANT_CACHE_MS = 5_000;

/** Who is calling the data service, for which department, from where. */
export interface Caller {
  actor: Actor;
  consumerDepartmentId: string;
  apiKeyId: string | null;
}

/** One data-service call as the gate sees it. */
export interface Call {
  action: 'data.lookup' | 'data.query' | 'data.verify' | 'data.export';
  mode: UsageMode;
  resourceId: string;
  caller: Caller;
  purpose: string | null;
  /** For a verification: how many the caller's key (or user) may make per minute. */
  verifyPerMinute?: number;
}

/** What a call's work reports: its answer, what its audit entry says, and what it weighs. */
export interface Outcome<T> {
  result: T;
  details: Record<string, unknown>;
  /** Records disclosed (usage figures). */
  records: number;
  /** What the call uses of the daily quota (default: the records, at least one). */
  quotaUnits?: number;
}

/**
 * 访问控制: every data-service call passes here. It decides the grant (agreement, grant, purpose, validity, mode)
 * from a few seconds' memory of the consumer's grants, runs the work, and has `AccessLog` write the call's access
 * row; that commit re-reads the grant and key and counts the quota and the per-minute rates in the
 * database, so every limit holds across processes and nothing leaves before its entry is written.
 */
export class AccessGate {
  readonly #log: AccessLog;
  readonly #grantCache = new Map<string, { rows: AccessGrantRow[]; at: number }>();

  constructor(
    private readonly db: Db,
    audit: AuditService,
    private readonly identity: IdentityService,
    private readonly resources: SharingResources,
  ) {
    this.#log = new AccessLog(db, audit, (q, keyIds) => this.keyStates(q, keyIds));
  }

  /** For `audit verify`: checks data-access batch entries against the access rows they vouch for. */
  verifyBatches(entries: BatchEntry[]) {
    return this.#log.verifyBatches(entries);
  }

  /** Forgets remembered grants (after any change to grants or agreements in this process). */
  forget(): void {
    this.#grantCache.clear();
  }

  /**
   * Runs one data-service call: decides the grant, runs `work` within it, and writes exactly one access row for
   * the call, whatever its outcome, before anything is returned.
   */
  async access<T>(
    call: Call,
    work: (resource: Resource, grant: AccessGrantRow) => Promise<Outcome<T>>,
  ): Promise<T> {
    const { caller, purpose, resourceId } = call;
    const base = {
      action: call.action,
      objectType: 'resource',
      objectId: resourceId,
      departmentId: caller.consumerDepartmentId,
    };
    const log = (
      event: { outcome: 'success' | 'denied' | 'failure'; details: Record<string, unknown> },
      grant: AccessGrantRow | null,
      records = 0,
      quotaUnits = 0,
    ) =>
      this.#log.write({
        actor: caller.actor,
        event: { ...base, ...event },
        grant: grant && callGrant(grant),
        records,
        quotaUnits,
        apiKeyId: caller.apiKeyId,
        rate:
          call.verifyPerMinute !== undefined
            ? {
                subject: `verify:${caller.apiKeyId ?? caller.actor.id ?? 'anonymous'}`,
                limit: call.verifyPerMinute,
              }
            : null,
      });
    let resource: Resource;
    try {
      resource = await this.resources.get(resourceId);
    } catch (err) {
      const verdict = await log(
        {
          outcome: 'failure',
          details: { code: 'CATALOG_RESOURCE_NOT_FOUND', purpose, apiKeyId: caller.apiKeyId },
        },
        null,
      );
      if (!verdict.ok) throw new AppError(verdict.code, { resourceId });
      throw err;
    }
    const common = {
      purpose,
      apiKeyId: caller.apiKeyId,
      resourceCode: resource.code,
      providerDepartmentId: resource.departmentId,
    };
    const decision = await this.decide(resource, caller, purpose, call.mode);
    if (!decision.ok) {
      const verdict = await log(
        {
          outcome: 'denied',
          details: { ...common, code: decision.code, grantId: decision.grant?.id ?? null },
        },
        decision.grant,
      );
      throw new AppError(verdict.ok ? decision.code : verdict.code, { resourceId });
    }
    const grant = decision.grant;
    let outcome: Outcome<T>;
    try {
      outcome = await work(resource, grant);
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'INTERNAL_ERROR';
      const keys = err instanceof AppError ? err.details?.keys : undefined;
      // Refusals by the grant's scope are denials; the caller's mistakes (bad key, unknown record) are failures that
      // count as calls.
      const denied = REFUSALS.has(code);
      const verdict = await log(
        {
          outcome: denied ? 'denied' : 'failure',
          details: { ...common, grantId: grant.id, code, ...(keys ? { keys } : {}) },
        },
        grant,
        0,
        1,
      );
      if (err instanceof AppError && err.details?.keys) delete err.details.keys;
      // Refused at commit (the grant or key was revoked meanwhile, a limit reached): that is the answer.
      if (!verdict.ok) throw new AppError(verdict.code, limitDetails(verdict.code, resourceId, grant));
      throw err;
    }
    const verdict = await log(
      { outcome: 'success', details: { ...common, grantId: grant.id, ...outcome.details } },
      grant,
      outcome.records,
      outcome.quotaUnits ?? Math.max(1, outcome.records),
    );
    if (!verdict.ok) throw new AppError(verdict.code, limitDetails(verdict.code, resourceId, grant));
    return outcome.result;
  }

  /**
   * The grant a call may use, or the refusal that says why not, checked in this order: agreement in force, any
   * grant at all, purpose stated, purpose granted, grant revoked / out of its period, usage mode. (Quota and rates
   * are counted when the call's entry commits.)
   */
  private async decide(
    resource: Resource,
    caller: Caller,
    purpose: string | null,
    mode: UsageMode,
  ): Promise<
    { ok: true; grant: AccessGrantRow } | { ok: false; code: ErrorCode; grant: AccessGrantRow | null }
  > {
    const today = chinaToday();
    const all = (await this.grantsOf(resource.id, caller.consumerDepartmentId, today)).filter(
      (g) => g.api_key_id === null || g.api_key_id === caller.apiKeyId,
    );
    const agreement = all.length
      ? all[0]!.agreement_in_force
      : await grantRepo.agreementInForce(this.db, caller.consumerDepartmentId, today);
    if (!agreement) return { ok: false, code: 'SHARING_NO_AGREEMENT', grant: null };
    if (!all.length) return { ok: false, code: 'SHARING_NO_GRANT', grant: null };
    if (purpose === null) return { ok: false, code: 'SHARING_PURPOSE_REQUIRED', grant: null };
    const forPurpose = all.filter((g) => g.purpose === purpose);
    if (!forPurpose.length) return { ok: false, code: 'SHARING_PURPOSE_MISMATCH', grant: null };
    const now = new Date();
    const live = forPurpose.filter((g) => grantState(g, now) === 'active');
    if (!live.length) {
      const revoked = forPurpose.find((g) => g.revoked_at);
      return revoked
        ? { ok: false, code: 'SHARING_GRANT_REVOKED', grant: revoked }
        : { ok: false, code: 'SHARING_GRANT_EXPIRED', grant: forPurpose[0]! };
    }
    // Verification discloses less than a lookup, so a query grant covers it too.
    const withMode = live.filter(
      (g) => g.usage_modes.includes(mode) || (mode === 'verify' && g.usage_modes.includes('query')),
    );
    if (!withMode.length) return { ok: false, code: 'SHARING_MODE_NOT_GRANTED', grant: live[0]! };
    // A grant bound to the calling key is the more specific one.
    return { ok: true, grant: withMode.find((g) => g.api_key_id !== null) ?? withMode[0]! };
  }

  /**
   * A consumer's grants on a resource, remembered for GRANT_CACHE_MS. Safe because nothing decided under them is
   * answered before `confirm` has re-read, in the commit's transaction, that the grant is still in force (so a
   * revocation or a lapsed agreement in any process stops the next call); what memory can delay is only a grant
   * issued in another process, seen here within GRANT_CACHE_MS. Writes in this process forget everything at once.
   */
  private async grantsOf(resourceId: string, consumerId: string, today: string): Promise<AccessGrantRow[]> {
    const key = `${resourceId}:${consumerId}:${today}`;
    const hit = this.#grantCache.get(key);
    if (hit && Date.now() - hit.at < GRANT_CACHE_MS) return hit.rows;
    const rows = await grantRepo.grantsForAccess(this.db, resourceId, consumerId, today);
    if (this.#grantCache.size > 10_000) this.#grantCache.clear();
    this.#grantCache.set(key, { rows, at: Date.now() });
    return rows;
  }

  /** The refusal for each API key that can no longer be used (grants are confirmed by the commit itself). */
  private async keyStates(q: Queryable, keyIds: string[]) {
    const keys = new Map<string, ErrorCode>();
    for (const [id, state] of await this.identity.keyStates(keyIds, q))
      keys.set(id, state === 'revoked' ? 'AUTH_API_KEY_REVOKED' : 'AUTH_API_KEY_EXPIRED');
    return keys;
  }

  /** For the exchange hub: what a consumer department may receive by subscription (throws the refusal). */
  async subscriptionScope(resource: Resource, consumerId: string, q: Queryable = this.db) {
    const today = chinaToday();
    const all = await grantRepo.grantsForAccess(q, resource.id, consumerId, today);
    if (!all.length) {
      const agreement = await grantRepo.agreementInForce(q, consumerId, today);
      throw new AppError(agreement ? 'SHARING_NO_GRANT' : 'SHARING_NO_AGREEMENT', {
        resourceId: resource.id,
      });
    }
    if (!all[0]!.agreement_in_force) throw new AppError('SHARING_NO_AGREEMENT', { resourceId: resource.id });
    const live = all.filter((g) => grantState(g) === 'active');
    if (!live.length)
      throw new AppError(all.some((g) => g.revoked_at) ? 'SHARING_GRANT_REVOKED' : 'SHARING_GRANT_EXPIRED', {
        resourceId: resource.id,
      });
    const withMode = live.filter((g) => g.usage_modes.includes('subscription'));
    if (!withMode.length)
      throw new AppError('SHARING_MODE_NOT_GRANTED', { resourceId: resource.id, mode: 'subscription' });
    // Several grants with the subscription mode: the union of their items, in clear where any grants it.
    return {
      items: [...new Set(withMode.flatMap((g) => g.items))],
      unmasked: [...new Set(withMode.flatMap((g) => g.unmasked_items))],
      grantId: withMode[0]!.id,
    };
  }
}

/** Codes a call's work raises when the grant's scope refuses it (audited as denied, not as the caller's failure). */
const REFUSALS = new Set<ErrorCode>([
  'SHARING_ITEM_NOT_GRANTED',
  'SHARING_VERIFY_ITEM_NOT_CLEAR',
  'SHARING_QUERY_FILTER_REQUIRED',
  'SHARING_QUERY_NOT_SELECTIVE',
  'SHARING_QUERY_KEY_RANGE',
]);

function callGrant(g: AccessGrantRow): CallGrant {
  return {
    id: g.id,
    resourceId: g.resource_id,
    dailyQuota: g.daily_quota,
    ratePerMinute: g.rate_per_minute,
    expectedDailyVolume: g.expected_daily_volume,
  };
}

function limitDetails(code: ErrorCode, resourceId: string, grant: AccessGrantRow) {
  if (code === 'SHARING_QUOTA_EXCEEDED') return { resourceId, quota: grant.daily_quota };
  if (code === 'SHARING_RATE_LIMITED') return { resourceId, perMinute: grant.rate_per_minute };
  return { resourceId };
}
