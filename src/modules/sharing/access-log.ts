import type { Db, Queryable } from '../../db/index.ts';
import type { ErrorCode } from '../../core/errors.ts';
import {
  SYSTEM_ACTOR,
  type Actor,
  type AuditEvent,
  type AuditService,
  type BatchEntry,
} from '../audit/index.ts';
import { chinaToday } from '../../lib/time.ts';
import { accessDigest, accessRow } from './access-rows.ts';
import { accessRepo } from './access-repo.ts';
import { grantState } from './presenters.ts';
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

/** Reads which of these API keys can no longer be used, and why (the refusal code by key id). */
export type KeyStates = (q: Queryable, apiKeyIds: string[]) => Promise<Map<string, ErrorCode>>;

interface Pending {
  access: Access;
  resolve: (v: AccessVerdict) => void;
  reject: (e: unknown) => void;
}

/** The audit action of a group commit's one entry, which carries the digest of the group's access rows. */
export const BATCH_ACTION = 'data.batch';
const BATCH_ACTOR: Actor = { ...SYSTEM_ACTOR, name: 'data-service' };

// Flag a day when calls pass this many times the usual daily volume (or the volume the request expected), and
// never below MIN_FLAG_CALLS (a few dozen calls on a new grant are not unusual).
const FLAG_FACTOR = 3;
const MIN_FLAG_CALLS = 200;
const BASELINE_DAYS = 14;
// Per-minute counters are kept this many minutes, then deleted (at most once a minute per process).
const RATE_KEEP_MINUTES = 10;
// At most this many calls per group: an access row's id is its batch entry's id × 1000 + its place in the group.
const MAX_GROUP = 500;
// Groups committed at the same time. (Two were measured slower, with the counting inside or outside the group's
// transaction: the groups halve, and the work per call is mostly per group.)
const DRAINERS = 1;
// The longest a group waits for calls on their way (see #gather).
const MAX_GATHER_MS = 8;
// Day partitions are made this many days ahead, when a process first writes and whenever the day changes.
const PARTITION_DAYS_AHEAD = 3;

/** How a call counted when the group was counted, so a refusal decided afterwards can take it back exactly. */
interface Counted {
  grantId: string;
  resourceId: string;
  records: number;
  quotaUnits: number;
  subjects: string[];
}

/**
 * Writes data accesses with group commit: calls arriving while a group is being written are written together in
 * the next one. Per group, one transaction of two statements: ONE that confirms the grants the calls were decided
 * under, counts the calls (per-day counters, per-minute windows) and claims an audit chain's head (the API keys'
 * state is read beside it), and ONE that writes the group's rows to `sharing_access_log` together with the single
 * audit entry carrying their SM3 digest (the chain covers every access; `audit verify` recomputes it). A call is
 * answered only after its row has committed, so no data leaves unlogged, and the quota and the per-minute rates are
 * decided here under the counter rows' locks, so concurrent calls in any number of processes cannot overrun them;
 * a call refused after counting (revoked grant or key, a limit) gives its count back in the same transaction.
 */
export class AccessLog {
  #queue: Pending[] = [];
  #drainers = 0;
  /** Groups being committed. */
  #inFlight = 0;
  /** Per grant and day: its usual daily calls, and the count above which the day is flagged. */
  readonly #thresholds = new Map<string, { usual: number; threshold: number }>();
  readonly #flagged = new Set<string>();
  #prunedMinute = 0;
  #partitionsDay = '';
  /** How many calls a group may expect: the callers seen together lately (see #gather). */
  #expected = 1;
  #wake: (() => void) | undefined;
  /** How long the last group took to commit, ms: what waiting for the calls on their way may cost at most. */
  #lastCommitMs = 0;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly keyStates: KeyStates,
  ) {}

  /** Logs one access; resolves once written, with the refusal when the commit refused it (quota, revocation). */
  write(access: Access): Promise<AccessVerdict> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ access, resolve, reject });
      if (this.#wake && this.#queue.length >= this.#expected) this.#wake();
      if (this.#drainers < DRAINERS) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#drainers++;
    try {
      while (this.#queue.length) {
        // One turn of the event loop first: PGlite answers synchronously, so without it a request runs from its first
        // statement to this commit without letting the requests already received reach their write and join.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.#partitions();
        // PGlite runs in this thread: a commit there is CPU, not waiting, and a wait would only delay it.
        if (!this.#inFlight && this.db.engine !== 'pglite') await this.#gather();
        const group = this.#queue.splice(0, MAX_GROUP);
        if (!group.length) break;
        this.#inFlight++;
        try {
          const started = performance.now();
          const accesses = group.map((p) => p.access);
          const verdicts = await this.db.transaction((tx) => this.#commit(tx, accesses));
          this.#lastCommitMs = performance.now() - started;
          // The callers seen together: this group and those who queued during its commit. Shrinks slowly when
          // fewer call, so a quieter spell waits less and less.
          this.#expected = Math.max(group.length + this.#queue.length, Math.floor(this.#expected * 0.75), 1);
          group.forEach((p, i) => p.resolve(verdicts[i]!));
        } catch (err) {
          for (const p of group) p.reject(err);
        } finally {
          this.#inFlight--;
        }
      }
    } finally {
      this.#drainers--;
    }
  }

  /**
   * Waits, for at most half the last commit's time (and MAX_GATHER_MS), until as many calls are queued as were
   * seen together lately. A commit costs about the same for 8 calls as for 16 (its round trips and WAL flush), but
   * with one group in flight concurrent callers split into two cohorts that alternate, each half a group: the
   * callers just answered are sending their next calls, and joining them makes one full group again.
   */
  async #gather(): Promise<void> {
    const target = Math.min(MAX_GROUP, this.#expected);
    if (this.#queue.length >= target) return;
    const budget = Math.min(MAX_GATHER_MS, this.#lastCommitMs / 2);
    if (budget < 0.5) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, budget);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  /** The coming days' partitions, once per process and day (a failure leaves rows to the default partition). */
  async #partitions(): Promise<void> {
    const today = chinaToday();
    if (today === this.#partitionsDay) return;
    this.#partitionsDay = today;
    try {
      await this.db.transaction(async (tx) => {
        // Creating a partition locks the table briefly; never queue the data service behind a long read for it.
        await tx.query("SET LOCAL lock_timeout = '2s'");
        await accessRepo.ensurePartitions(tx, PARTITION_DAYS_AHEAD);
      });
    } catch {
      // The default partition takes the rows; the next process start or day tries again.
    }
  }

  async #commit(tx: Queryable, group: Access[]): Promise<AccessVerdict[]> {
    if (!group.length) return [];
    const db = tx;
    const now = new Date();
    const day = chinaToday(now);
    const minute = Math.floor(now.getTime() / 60_000);
    const verdicts: AccessVerdict[] = group.map(() => ({ ok: true }));

    // Count every call as decided; refusals found below give their count back.
    const inc = new Map<string, UsageIncrement>();
    const rateCalls = new Map<string, { limit: number; code: ErrorCode; calls: number[] }>();
    const counted = new Map<number, Counted>();
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
      if (a.event.outcome === 'denied') {
        u.denied++;
        return;
      }
      u.calls++;
      u.records += a.records;
      u.quotaUsed += a.quotaUnits;
      const subjects: string[] = [];
      const rate = (subject: string, limit: number, code: ErrorCode) => {
        const c = rateCalls.get(subject) ?? rateCalls.set(subject, { limit, code, calls: [] }).get(subject)!;
        c.calls.push(i);
        subjects.push(subject);
      };
      if (a.grant.ratePerMinute != null)
        rate(`grant:${a.grant.id}`, a.grant.ratePerMinute, 'SHARING_RATE_LIMITED');
      if (a.rate) rate(a.rate.subject, a.rate.limit, 'SHARING_VERIFY_RATE_LIMITED');
      counted.set(i, {
        grantId: a.grant.id,
        resourceId: a.grant.resourceId,
        records: a.records,
        quotaUnits: a.quotaUnits,
        subjects,
      });
    });
    // Grants and keys may come from this process's memory: what was decided under them stands only if they are
    // still valid now, read here after every call of the group was decided and before any is answered, so a
    // revocation committed anywhere stops the next call. The keys are read beside the count: on another
    // connection, in parallel, on PostgreSQL; in the transaction on PGlite (one connection).
    const keyIds = [...new Set(group.flatMap((a) => (a.apiKeyId ? [a.apiKeyId] : [])))];
    const claim = this.audit.shardClaim(1);
    const [keys, { grants, usage, rates, claimed }] = await Promise.all([
      keyIds.length
        ? this.keyStates(this.db.engine === 'pglite' ? tx : this.db, keyIds)
        : Promise.resolve(new Map<string, ErrorCode>()),
      usageRepo.confirmAndCount(
        db,
        [...new Set([...counted.values()].map((c) => c.grantId))],
        day,
        [...inc.values()].sort((a, b) => (a.grantId < b.grantId ? -1 : a.grantId > b.grantId ? 1 : 0)),
        minute,
        new Map([...rateCalls].map(([s, c]) => [s, c.calls.length])),
        claim,
      ),
    ]);
    const refused = new Map<number, { code: ErrorCode; extra: Record<string, unknown> }>();
    // A key no longer valid is the refusal whatever else was decided.
    group.forEach((a, i) => {
      const code = a.apiKeyId ? keys.get(a.apiKeyId) : undefined;
      if (!code) return;
      if (counted.has(i)) refused.set(i, { code, extra: {} });
      else {
        verdicts[i] = { ok: false, code };
        deny(a, code);
      }
    });
    const refusedGrants = new Map<string, ErrorCode>();
    for (const g of grants) {
      const state = grantState(g, now);
      if (state !== 'active')
        refusedGrants.set(
          g.id,
          state === 'revoked'
            ? 'SHARING_GRANT_REVOKED'
            : state === 'suspended'
              ? 'SHARING_NO_AGREEMENT'
              : 'SHARING_GRANT_EXPIRED',
        );
    }
    for (const [i, c] of counted) {
      const code = refusedGrants.get(c.grantId);
      if (code && !refused.has(i)) refused.set(i, { code, extra: {} });
    }

    // Per-minute limits: of the group's calls still standing, those past the limit (after the counts of others)
    // are refused; a caller whose verifications reach the limit raises a burst flag on the grants it used.
    const bursts: { grantId: string; calls: number; limit: number }[] = [];
    for (const [subject, c] of rateCalls) {
      const total = rates.get(subject) ?? 0;
      if (total <= c.limit) continue;
      let room = Math.max(0, c.limit - (total - c.calls.length));
      for (const i of c.calls) {
        if (refused.has(i)) continue;
        if (room > 0) {
          room--;
          continue;
        }
        const a = group[i]!;
        refused.set(i, {
          code: c.code,
          extra: a.rate && c.code === 'SHARING_VERIFY_RATE_LIMITED' ? { perMinute: a.rate.limit } : {},
        });
        if (c.code === 'SHARING_VERIFY_RATE_LIMITED' && a.grant)
          bursts.push({ grantId: a.grant.id, calls: total, limit: c.limit });
      }
    }

    // Quota: of the calls on a grant still standing, those that would take the day's use past the quota become
    // refusals (a query page weighs its records, so a smaller call after a refused one may still fit).
    const byGrant = new Map<string, number[]>();
    for (const [i, c] of counted)
      (byGrant.get(c.grantId) ?? byGrant.set(c.grantId, []).get(c.grantId)!).push(i);
    for (const [grantId, indexes] of byGrant) {
      const grant = group[indexes[0]!]!.grant!;
      const total = usage.get(grantId);
      if (grant.dailyQuota === null || !total) continue;
      const standing = indexes.filter((i) => !refused.has(i));
      let used = total.quotaUsed - indexes.reduce((n, i) => n + counted.get(i)!.quotaUnits, 0);
      if (used + standing.reduce((n, i) => n + counted.get(i)!.quotaUnits, 0) <= grant.dailyQuota) continue;
      for (const i of standing) {
        const units = counted.get(i)!.quotaUnits;
        if (used + units <= grant.dailyQuota) used += units;
        else refused.set(i, { code: 'SHARING_QUOTA_EXCEEDED', extra: { quota: grant.dailyQuota } });
      }
    }

    // Refused calls give their count back, on the day's counter and on every window they were counted on.
    if (refused.size) {
      const fixes = new Map<string, UsageIncrement>();
      const back = new Map<string, number>();
      for (const [i, r] of refused) {
        const c = counted.get(i)!;
        const fix =
          fixes.get(c.grantId) ??
          fixes
            .set(c.grantId, {
              grantId: c.grantId,
              resourceId: c.resourceId,
              day,
              calls: 0,
              records: 0,
              denied: 0,
              quotaUsed: 0,
            })
            .get(c.grantId)!;
        fix.calls--;
        fix.denied++;
        fix.records -= c.records;
        fix.quotaUsed -= c.quotaUnits;
        for (const s of c.subjects) back.set(s, (back.get(s) ?? 0) - 1);
        verdicts[i] = { ok: false, code: r.code };
        deny(group[i]!, r.code, r.extra);
        const t = usage.get(c.grantId);
        if (t)
          usage.set(c.grantId, {
            calls: t.calls - 1,
            denied: t.denied + 1,
            quotaUsed: t.quotaUsed - c.quotaUnits,
          });
      }
      await usageRepo.addUsage(
        db,
        [...fixes.values()].sort((a, b) => (a.grantId < b.grantId ? -1 : a.grantId > b.grantId ? 1 : 0)),
      );
      if (back.size) await usageRepo.addRate(db, minute, back);
    }
    for (const b of bursts) {
      const key = `${b.grantId}:${day}:verify_burst`;
      if (this.#flagged.has(key)) continue;
      await usageRepo.insertFlag(db, {
        grantId: b.grantId,
        day,
        calls: b.calls,
        baseline: b.limit,
        kind: 'verify_burst',
      });
      this.#flagged.add(key);
    }
    if (minute !== this.#prunedMinute) {
      this.#prunedMinute = minute;
      await usageRepo.pruneRate(db, minute - RATE_KEEP_MINUTES);
    }

    // Unusual volume: far above the grant's usual day.
    for (const [grantId, indexes] of byGrant) {
      if (indexes.every((i) => refused.has(i))) continue;
      const grant = group[indexes[0]!]!.grant!;
      const calls = usage.get(grantId)?.calls ?? 0;
      const key = `${grantId}:${day}`;
      if (this.#flagged.has(key)) continue;
      let t = this.#thresholds.get(key);
      if (t === undefined) {
        if (this.#thresholds.size > 10_000) this.#thresholds.clear();
        const baseline = await usageRepo.baseline(db, grantId, day, BASELINE_DAYS);
        const usual = Math.max(baseline, grant.expectedDailyVolume ?? 0);
        t = { usual, threshold: Math.max(MIN_FLAG_CALLS, FLAG_FACTOR * usual) };
        this.#thresholds.set(key, t);
      }
      if (calls > t.threshold) {
        await usageRepo.insertFlag(db, { grantId, day, calls, baseline: t.usual, kind: 'volume' });
        this.#flagged.add(key);
      }
    }

    // The group's rows and the one audit entry vouching for them, in one statement.
    await this.audit.recordWith(
      1,
      ([batchId], at) => {
        const base = BigInt(batchId!) * 1000n;
        const rows = group.map((a, i) =>
          accessRow(a.actor, a.event, String(base + BigInt(i)), at, a.records, (keys) =>
            this.audit.keyDigests(keys),
          ),
        );
        const denied = rows.filter((r) => r.outcome === 'denied').length;
        return {
          entries: [
            {
              actor: BATCH_ACTOR,
              event: {
                action: BATCH_ACTION,
                objectType: 'sharing_access_log',
                outcome: 'success',
                details: { accesses: rows.length, denied, digest: accessDigest(rows) },
              },
            },
          ],
          companion: accessRepo.insertStatement(at, rows),
        };
      },
      tx,
      claimed,
    );
    return verdicts;
  }

  /**
   * For `audit verify`: each batch entry's rows, recomputed. A batch older than what retention has removed is not
   * expected to have rows any more.
   */
  async verifyBatches(entries: BatchEntry[]): Promise<{ id: string; reason: string } | null> {
    const horizon = await accessRepo.horizon(this.db);
    const live = entries.filter((e) => !horizon || e.at >= horizon);
    if (!live.length) return null;
    let lo = BigInt(live[0]!.id);
    let hi = lo;
    let from = live[0]!.at;
    let to = from;
    for (const e of live) {
      const id = BigInt(e.id);
      if (id < lo) lo = id;
      if (id > hi) hi = id;
      if (e.at < from) from = e.at;
      if (e.at > to) to = e.at;
    }
    const rows = await accessRepo.batchRows(this.db, String(lo * 1000n), String((hi + 1n) * 1000n), from, to);
    const byBatch = new Map<string, typeof rows>();
    for (const r of rows) {
      const batch = String(BigInt(r.id) / 1000n);
      (byBatch.get(batch) ?? byBatch.set(batch, []).get(batch)!).push(r);
    }
    for (const e of live) {
      const mine = (byBatch.get(e.id) ?? []).filter((r) => r.at.getTime() === e.at.getTime());
      const expected = Number(e.details.accesses);
      if (mine.length !== expected)
        return {
          id: e.id,
          reason: `data access batch ${e.id} vouches for ${expected} access rows, ${mine.length} found (rows deleted or added)`,
        };
      if (accessDigest(mine) !== e.details.digest)
        return {
          id: e.id,
          reason: `data access batch ${e.id}: access rows do not match its digest (rows changed)`,
        };
    }
    return null;
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
