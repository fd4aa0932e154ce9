import type { Db, Queryable } from '../../db/index.ts';
import type { ErrorCode } from '../../core/errors.ts';
import type { Actor, AuditEvent, AuditService } from '../audit/index.ts';
import { chinaToday } from '../../lib/time.ts';
import { type UsageIncrement } from './repo.ts';
import { usageRepo } from './usage-repo.ts';

/** The grant a call was decided under, as the quota, the rate and the unusual-volume check need it. */
export interface CallGrant {
  id: string;
  resourceId: string;
  dailyQuota: number | null;
  ratePerMinute: number | null;
  expectedDailyVolume: number | null;
}

/** One data access to log: its audit entry, and how it counts against its grant. */
export interface Access {
  actor: Actor;
  event: AuditEvent;
  grant: CallGrant | null;
  /** success and failure (e.g. key not found) count as calls; denied ones as denials. */
  records: number;
  /** What the call uses of the grant's daily quota if it is answered (the records it returns, at least one). */
  quotaUnits: number;
  /** A per-minute limit on the caller itself (verifications per key), counted besides the grant's own rate. */
  rate: { subject: string; limit: number } | null;
  /** The API key the call came with, confirmed still valid at commit (it may have been answered from memory). */
  apiKeyId: string | null;
}

/** Logged as it was, or refused at commit: the quota, or a grant or key that stopped being valid meanwhile. */
export type AccessVerdict = { ok: true } | { ok: false; code: ErrorCode };

/**
 * Reads, in the commit's transaction, which of the grants and API keys the group's calls were decided under can no
 * longer be used, and why (the refusal code by grant id and by key id).
 */
export type Confirm = (
  tx: Queryable,
  grantIds: string[],
  apiKeyIds: string[],
) => Promise<{ grants: Map<string, ErrorCode>; keys: Map<string, ErrorCode> }>;

interface Pending {
  access: Access;
  resolve: (v: AccessVerdict) => void;
  reject: (e: unknown) => void;
}

// Flag a day when calls pass this many times the usual daily volume (or the volume the request expected), and
// never below MIN_FLAG_CALLS (a few dozen calls on a new grant are not unusual).
const FLAG_FACTOR = 3;
const MIN_FLAG_CALLS = 200;
const BASELINE_DAYS = 14;
// Per-minute counters are kept this many minutes, then deleted (at most once a minute per process).
const RATE_KEEP_MINUTES = 10;
const MAX_GROUP = 500;
// One group in flight. (Two, one preparing while the other holds the chain's lock, was measured slower: the groups
// halve, and the work per call is mostly per group.)
const DRAINERS = 1;

/**
 * Writes data-access entries with group commit: calls arriving while a write is in flight are written together in
 * the next transaction (one audit-chain lock, one multi-row insert, one counter upsert). A call is answered only
 * after its entry has committed, so no data leaves without its audit entry, and the daily quota and the per-minute
 * rates are decided here, under the counter rows' locks, so concurrent calls in any number of processes cannot
 * overrun them.
 */
export class AccessLog {
  #queue: Pending[] = [];
  #drainers = 0;
  /** Per grant and day: its usual daily calls, and the count above which the day is flagged. */
  readonly #thresholds = new Map<string, { usual: number; threshold: number }>();
  readonly #flagged = new Set<string>();
  #prunedMinute = 0;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly confirm: Confirm,
  ) {}

  /** Logs one access; resolves once written, with the refusal when the commit refused it (quota, revocation). */
  write(access: Access): Promise<AccessVerdict> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ access, resolve, reject });
      if (this.#drainers < DRAINERS) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#drainers++;
    try {
      while (this.#queue.length) {
        // One turn of the event loop first: PGlite answers synchronously, so without it a request runs from its first
        // statement to this commit without letting the requests already received reach their write and join. The
        // group is then taken once the transaction has begun, so calls that queued while it waited join it too.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (!this.#queue.length) break; // the other drainer took them
        let group: Pending[] | undefined;
        try {
          const verdicts = await this.db.transaction((tx) => {
            group = this.#queue.splice(0, MAX_GROUP);
            return this.#commit(
              tx,
              group.map((p) => p.access),
            );
          });
          group!.forEach((p, i) => p.resolve(verdicts[i]!));
        } catch (err) {
          for (const p of group ?? this.#queue.splice(0, MAX_GROUP)) p.reject(err);
        }
      }
    } finally {
      this.#drainers--;
    }
  }

  async #commit(tx: Queryable, group: Access[]): Promise<AccessVerdict[]> {
    if (!group.length) return [];
    const day = chinaToday();
    const verdicts: AccessVerdict[] = group.map(() => ({ ok: true }));
    // Grants and keys may come from this process's memory: what was decided under them stands only if they are
    // still valid now, read in this transaction, so a revocation anywhere stops the next call that commits after it.
    const live = group.filter((a) => a.event.outcome !== 'denied');
    const { grants, keys } = await this.confirm(
      tx,
      [...new Set(live.flatMap((a) => (a.grant ? [a.grant.id] : [])))],
      [...new Set(group.flatMap((a) => (a.apiKeyId ? [a.apiKeyId] : [])))],
    );
    group.forEach((a, i) => {
      // A key no longer valid is the refusal whatever else was decided; a grant only matters if it was used.
      const keyCode = a.apiKeyId ? keys.get(a.apiKeyId) : undefined;
      const grantCode = a.event.outcome !== 'denied' && a.grant ? grants.get(a.grant.id) : undefined;
      const code = keyCode ?? grantCode;
      if (!code) return;
      verdicts[i] = { ok: false, code };
      deny(a, code);
    });
    await this.#rates(tx, group, verdicts);

    const inc = new Map<string, UsageIncrement>();
    const callsOf = new Map<string, number[]>();
    group.forEach((a, i) => {
      if (!a.grant) return;
      let u = inc.get(a.grant.id);
      if (!u) {
        u = {
          grantId: a.grant.id,
          resourceId: a.grant.resourceId,
          day,
          calls: 0,
          records: 0,
          denied: 0,
          quotaUsed: 0,
        };
        inc.set(a.grant.id, u);
      }
      if (a.event.outcome === 'denied') u.denied++;
      else {
        u.calls++;
        u.records += a.records;
        u.quotaUsed += a.quotaUnits;
        (callsOf.get(a.grant.id) ?? callsOf.set(a.grant.id, []).get(a.grant.id)!).push(i);
      }
    });
    // In grant order, so two groups committing at once lock the same counter rows in the same order.
    const totals = await usageRepo.addUsage(
      tx,
      [...inc.values()].sort((a, b) => (a.grantId < b.grantId ? -1 : a.grantId > b.grantId ? 1 : 0)),
    );

    // Quota: of this group's calls on a grant, those that would take the day's use past the quota become refusals
    // (a query page weighs its records, so a smaller call after a refused one may still fit).
    const corrections: UsageIncrement[] = [];
    for (const [grantId, indexes] of callsOf) {
      const grant = group[indexes[0]!]!.grant!;
      const total = totals.get(grantId);
      if (grant.dailyQuota === null || !total || total.quotaUsed <= grant.dailyQuota) continue;
      let used = total.quotaUsed - indexes.reduce((n, i) => n + group[i]!.quotaUnits, 0);
      const refused: number[] = [];
      for (const i of indexes) {
        const units = group[i]!.quotaUnits;
        if (used + units <= grant.dailyQuota) used += units;
        else refused.push(i);
      }
      const fix: UsageIncrement = {
        grantId,
        resourceId: grant.resourceId,
        day,
        calls: -refused.length,
        records: 0,
        denied: refused.length,
        quotaUsed: 0,
      };
      for (const i of refused) {
        const a = group[i]!;
        fix.records -= a.records;
        fix.quotaUsed -= a.quotaUnits;
        verdicts[i] = { ok: false, code: 'SHARING_QUOTA_EXCEEDED' };
        deny(a, 'SHARING_QUOTA_EXCEEDED', { quota: grant.dailyQuota });
      }
      corrections.push(fix);
      totals.set(grantId, {
        calls: total.calls - refused.length,
        denied: total.denied + refused.length,
        quotaUsed: total.quotaUsed + fix.quotaUsed,
      });
      const answered = indexes.filter((i) => !refused.includes(i));
      if (answered.length) callsOf.set(grantId, answered);
      else callsOf.delete(grantId);
    }
    if (corrections.length) await usageRepo.addUsage(tx, corrections);

    // Unusual volume: far above the grant's usual day.
    for (const [grantId, indexes] of callsOf) {
      const grant = group[indexes[0]!]!.grant!;
      const calls = totals.get(grantId)?.calls ?? 0;
      const key = `${grantId}:${day}`;
      if (this.#flagged.has(key)) continue;
      let t = this.#thresholds.get(key);
      if (t === undefined) {
        if (this.#thresholds.size > 10_000) this.#thresholds.clear();
        const baseline = await usageRepo.baseline(tx, grantId, day, BASELINE_DAYS);
        const usual = Math.max(baseline, grant.expectedDailyVolume ?? 0);
        t = { usual, threshold: Math.max(MIN_FLAG_CALLS, FLAG_FACTOR * usual) };
        this.#thresholds.set(key, t);
      }
      if (calls > t.threshold) {
        await usageRepo.insertFlag(tx, { grantId, day, calls, baseline: t.usual, kind: 'volume' });
        this.#flagged.add(key);
      }
    }

    await this.audit.recordMany(
      group.map((a) => ({ actor: a.actor, event: a.event })),
      tx,
    );
    return verdicts;
  }

  /**
   * Per-minute limits, counted in `sharing_rate_window` under its rows' locks: a grant's calls per minute, and a
   * caller's verifications per minute. Calls past a limit become refusals (and do not count); a caller whose
   * verifications reach the limit raises a burst flag on the grants it used.
   */
  async #rates(tx: Queryable, group: Access[], verdicts: AccessVerdict[]): Promise<void> {
    const minute = Math.floor(Date.now() / 60_000);
    const counted = new Map<string, { limit: number; code: ErrorCode; calls: number[] }>();
    const count = (subject: string, limit: number, code: ErrorCode, i: number) => {
      const c = counted.get(subject) ?? counted.set(subject, { limit, code, calls: [] }).get(subject)!;
      c.calls.push(i);
    };
    group.forEach((a, i) => {
      if (a.event.outcome === 'denied') return;
      if (a.grant?.ratePerMinute != null)
        count(`grant:${a.grant.id}`, a.grant.ratePerMinute, 'SHARING_RATE_LIMITED', i);
      if (a.rate) count(a.rate.subject, a.rate.limit, 'SHARING_VERIFY_RATE_LIMITED', i);
    });
    if (counted.size) {
      const totals = await usageRepo.addRate(
        tx,
        minute,
        new Map([...counted].map(([s, c]) => [s, c.calls.length])),
      );
      const refused = new Set<number>();
      const bursts: { grantId: string; calls: number; limit: number }[] = [];
      for (const [subject, c] of counted) {
        const total = totals.get(subject) ?? 0;
        if (total <= c.limit) continue;
        const allowed = Math.max(0, c.limit - (total - c.calls.length));
        for (const i of c.calls.slice(allowed)) {
          if (verdicts[i]!.ok) verdicts[i] = { ok: false, code: c.code };
          refused.add(i);
          if (c.code === 'SHARING_VERIFY_RATE_LIMITED' && group[i]!.grant)
            bursts.push({ grantId: group[i]!.grant!.id, calls: total, limit: c.limit });
        }
      }
      // Refused calls give their place back, on every counter they were counted on.
      const back = new Map<string, number>();
      for (const [subject, c] of counted) {
        const n = c.calls.filter((i) => refused.has(i)).length;
        if (n) back.set(subject, -n);
      }
      if (back.size) await usageRepo.addRate(tx, minute, back);
      for (const i of refused) {
        const a = group[i]!;
        const v = verdicts[i]!;
        if (!v.ok)
          deny(
            a,
            v.code,
            a.rate && v.code === 'SHARING_VERIFY_RATE_LIMITED' ? { perMinute: a.rate.limit } : {},
          );
      }
      const day = chinaToday();
      for (const b of bursts) {
        const key = `${b.grantId}:${day}:verify_burst`;
        if (this.#flagged.has(key)) continue;
        await usageRepo.insertFlag(tx, {
          grantId: b.grantId,
          day,
          calls: b.calls,
          baseline: b.limit,
          kind: 'verify_burst',
        });
        this.#flagged.add(key);
      }
    }
    if (minute !== this.#prunedMinute) {
      this.#prunedMinute = minute;
      await usageRepo.pruneRate(tx, minute - RATE_KEEP_MINUTES);
    }
  }
}

/** Turns a call into a refusal: its entry keeps who and why, not what would have been returned. */
function deny(a: Access, code: ErrorCode, extra: Record<string, unknown> = {}): void {
  a.records = 0;
  a.quotaUnits = 0;
  a.event = { ...a.event, outcome: 'denied', details: { ...denialDetails(a.event.details), code, ...extra } };
}

/** A refused call's details keep who and why, not what would have been returned. */
function denialDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!details) return {};
  const { records: _records, maskedItems: _masked, ...rest } = details;
  return { ...rest, records: 0 };
}
