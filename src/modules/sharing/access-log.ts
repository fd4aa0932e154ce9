import type { Db, Queryable } from '../../db/index.ts';
import type { ErrorCode } from '../../server/errors.ts';
import type { Actor, AuditEvent, AuditService } from '../audit/service.ts';
import { chinaToday, sharingRepo, type UsageIncrement } from './repo.ts';

/** The grant a call was decided under, as the quota and the unusual-volume check need it. */
export interface CallGrant {
  id: string;
  resourceId: string;
  dailyQuota: number | null;
  expectedDailyVolume: number | null;
}

/** One data access to log: its audit entry, and how it counts against its grant. */
export interface Access {
  actor: Actor;
  event: AuditEvent;
  grant: CallGrant | null;
  /** success and failure (e.g. key not found) count as calls; denied ones as denials. */
  records: number;
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
const MAX_GROUP = 500;
// One group in flight. (Two, one preparing while the other holds the chain's lock, was measured slower: the groups
// halve, and the work per call is mostly per group.)
const DRAINERS = 1;

/**
 * Writes data-access entries with group commit: calls arriving while a write is in flight are written together in
 * the next transaction (one audit-chain lock, one multi-row insert, one counter upsert). A call is answered only
 * after its entry has committed, so no data leaves without its audit entry, and the daily quota is decided here,
 * under the counter row's lock, so concurrent calls in any number of processes cannot overrun it.
 */
export class AccessLog {
  #queue: Pending[] = [];
  #drainers = 0;
  /** Per grant and day: its usual daily calls, and the count above which the day is flagged. */
  readonly #thresholds = new Map<string, { usual: number; threshold: number }>();
  readonly #flagged = new Set<string>();

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
      a.records = 0;
      a.event = { ...a.event, outcome: 'denied', details: { ...denialDetails(a.event.details), code } };
    });
    const inc = new Map<string, UsageIncrement>();
    const callsOf = new Map<string, number[]>();
    group.forEach((a, i) => {
      if (!a.grant) return;
      let u = inc.get(a.grant.id);
      if (!u) {
        u = { grantId: a.grant.id, resourceId: a.grant.resourceId, day, calls: 0, records: 0, denied: 0 };
        inc.set(a.grant.id, u);
      }
      if (a.event.outcome === 'denied') u.denied++;
      else {
        u.calls++;
        u.records += a.records;
        (callsOf.get(a.grant.id) ?? callsOf.set(a.grant.id, []).get(a.grant.id)!).push(i);
      }
    });
    // In grant order, so two groups committing at once lock the same counter rows in the same order.
    const totals = await sharingRepo.addUsage(
      tx,
      [...inc.values()].sort((a, b) => (a.grantId < b.grantId ? -1 : a.grantId > b.grantId ? 1 : 0)),
    );

    // Quota: of this group's calls on a grant, those past the quota become refusals.
    const corrections: UsageIncrement[] = [];
    for (const [grantId, indexes] of callsOf) {
      const grant = group[indexes[0]!]!.grant!;
      const total = totals.get(grantId)?.calls ?? 0;
      if (grant.dailyQuota === null || total <= grant.dailyQuota) continue;
      const before = total - indexes.length;
      const allowed = Math.max(0, grant.dailyQuota - before);
      const refused = indexes.slice(allowed);
      let records = 0;
      for (const i of refused) {
        const a = group[i]!;
        records += a.records;
        verdicts[i] = { ok: false, code: 'SHARING_QUOTA_EXCEEDED' };
        a.event = {
          ...a.event,
          outcome: 'denied',
          details: {
            ...denialDetails(a.event.details),
            code: 'SHARING_QUOTA_EXCEEDED',
            quota: grant.dailyQuota,
          },
        };
      }
      corrections.push({
        grantId,
        resourceId: grant.resourceId,
        day,
        calls: -refused.length,
        records: -records,
        denied: refused.length,
      });
      totals.set(grantId, {
        calls: total - refused.length,
        denied: (totals.get(grantId)?.denied ?? 0) + refused.length,
      });
    }
    if (corrections.length) await sharingRepo.addUsage(tx, corrections);

    // Unusual volume: far above the grant's usual day.
    for (const [grantId, indexes] of callsOf) {
      const grant = group[indexes[0]!]!.grant!;
      const calls = totals.get(grantId)?.calls ?? 0;
      const key = `${grantId}:${day}`;
      if (this.#flagged.has(key)) continue;
      let t = this.#thresholds.get(key);
      if (t === undefined) {
        if (this.#thresholds.size > 10_000) this.#thresholds.clear();
        const baseline = await sharingRepo.baseline(tx, grantId, day, BASELINE_DAYS);
        const usual = Math.max(baseline, grant.expectedDailyVolume ?? 0);
        t = { usual, threshold: Math.max(MIN_FLAG_CALLS, FLAG_FACTOR * usual) };
        this.#thresholds.set(key, t);
      }
      if (calls > t.threshold) {
        await sharingRepo.insertFlag(tx, grantId, day, calls, t.usual);
        this.#flagged.add(key);
      }
    }

    await this.audit.recordMany(
      group.map((a) => ({ actor: a.actor, event: a.event })),
      tx,
    );
    return verdicts;
  }
}

/** A refused call's details keep who and why, not what would have been returned. */
function denialDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!details) return {};
  const { records: _records, maskedItems: _masked, ...rest } = details;
  return { ...rest, records: 0 };
}
