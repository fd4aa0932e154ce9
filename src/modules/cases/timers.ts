/**
 * Durable timers of cases (service_case_timer): the SLA warning, the promised and the legal deadline passing, and
 * the notifications handed to an external sender.
 *
 * Claiming. Every server process runs a `CaseTimerWorker`; a worker leases due timers in one statement
 * (`FOR UPDATE SKIP LOCKED`, lease_owner/lease_until), so a timer is in one worker's hands at a time. A deadline
 * timer fires in one transaction that locks the timer and the case, checks again against the case as it is now (a
 * step may have moved the deadline: the timer then ends without effect), marks the case (warned_at,
 * promised_overdue_at, legal_overdue_at — each set once), logs an event, notifies the department's staff, audits
 * and marks the timer done. A worker that dies mid-way leaves its lease to expire and another fires the timer —
 * once, as the transaction commits whole or not at all. A `notify` timer calls the sender outside any transaction
 * (at least once) and is retried with a growing delay, 8 tries at most.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/index.ts';
import { chinaToday } from '../../lib/time.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import { deadlinesOf } from './clock.ts';
import type { CaseNotifications } from './notifications.ts';
import { caseRepo, type TimerRow } from './repo.ts';

const MAX_TRIES = 8;
const MAX_ERROR = 500;

const MARK = {
  sla_warning: 'warned_at',
  promised_overdue: 'promised_overdue_at',
  legal_overdue: 'legal_overdue_at',
} as const;

const STAFF_MESSAGE = {
  sla_warning: (n: string, item: string, due: string) => ({
    title: '办件即将超期',
    body: `办件 ${n}「${item}」距承诺办结期限（${due}）不足 2 个工作日。`,
  }),
  promised_overdue: (n: string, item: string, due: string) => ({
    title: '办件已超承诺时限',
    body: `办件 ${n}「${item}」已超过承诺办结期限（${due}）。`,
  }),
  legal_overdue: (n: string, item: string, due: string) => ({
    title: '办件已超法定时限',
    body: `办件 ${n}「${item}」已超过法定办结期限（${due}）。`,
  }),
};

export class CaseTimers {
  readonly #actor: Actor = { id: null, name: 'case-timers', kind: 'system', ip: null, requestId: null };

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly notifications: CaseNotifications,
    private readonly warnDays: number,
  ) {}

  /** Leases due timers (see the file's comment). */
  claim(owner: string, now: Date, leaseSeconds: number, limit: number): Promise<TimerRow[]> {
    return caseRepo.claimTimers(this.db, owner, now, leaseSeconds, limit);
  }

  /** Fires one leased timer; answers whether it had an effect (a mark, or a notification sent). */
  async fire(owner: string, t: TimerRow, now: Date): Promise<boolean> {
    if (t.kind === 'notify') return this.#send(owner, t, now);
    const kind = t.kind;
    return this.db.transaction(async (tx) => {
      // The case first, then the timer: the order a step takes them in (it cancels timers under the case's lock).
      const row = await caseRepo.byId(tx, t.case_id, true);
      if (!(await caseRepo.heldTimer(tx, t.id, owner))) return false;
      let effect = false;
      if (row && row.clock === 'running') {
        const d = deadlinesOf(row, now, this.warnDays);
        const deadline = t.kind === 'legal_overdue' ? d.legal : d.promised;
        const today = chinaToday(now);
        const due =
          deadline &&
          (t.kind === 'sla_warning'
            ? !row.warned_at && d.warnAt !== null && d.warnAt <= now
            : t.kind === 'promised_overdue'
              ? !row.promised_overdue_at && today > deadline.dueOn
              : !row.legal_overdue_at && today > deadline.dueOn);
        if (due && deadline) {
          effect = true;
          await caseRepo.mark(tx, row.id, MARK[kind], now);
          await caseRepo.insertEvent(tx, {
            case_id: row.id,
            action: t.kind,
            from_state: row.state,
            to_state: row.state,
            reason: null,
            details: { dueOn: deadline.dueOn },
            actor_id: null,
            actor_name: this.#actor.name,
            at: now,
          });
          await this.notifications.add(tx, row, {
            audience: 'staff',
            kind: t.kind,
            ...STAFF_MESSAGE[kind](row.number, row.item.itemName, deadline.dueOn),
            at: now,
          });
          await this.audit.record(
            this.#actor,
            {
              action: `case.${t.kind}`,
              objectType: 'case',
              objectId: row.id,
              departmentId: row.department_id,
              outcome: 'success',
              details: { number: row.number, dueOn: deadline.dueOn, timerId: t.id },
            },
            tx,
          );
        }
      }
      await caseRepo.finishTimer(tx, t.id, owner, now);
      return effect;
    });
  }

  async #send(owner: string, t: TimerRow, now: Date): Promise<boolean> {
    const row = await caseRepo.byId(this.db, t.case_id);
    const n = row && (await this.notifications.outgoing(String(t.payload.notificationId), row));
    try {
      if (n) await this.notifications.sender.send(n);
    } catch (err) {
      const tries = t.attempts + 1;
      const delay = Math.min(3600_000, 1000 * 2 ** tries);
      await caseRepo.failTimer(
        this.db,
        t.id,
        owner,
        (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR),
        new Date(now.getTime() + delay),
        tries >= MAX_TRIES,
      );
      return false;
    }
    return caseRepo.finishTimer(this.db, t.id, owner, now);
  }
}

export interface CaseTimerWorkerOptions {
  workerId?: string | undefined;
  /** How often to look for due timers (default 5 s). */
  pollMs?: number | undefined;
  /** Lease on a claimed timer (default 60 s). */
  leaseSeconds?: number | undefined;
  /** Timers fired per round (default 50). */
  batch?: number | undefined;
  onError?: ((err: unknown) => void) | undefined;
}

/** The loop every server process runs (src/server/main.ts), sharing the timers through leases. */
export class CaseTimerWorker {
  readonly id: string;
  readonly #pollMs: number;
  readonly #leaseSeconds: number;
  readonly #batch: number;
  readonly #onError: (err: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopping = false;

  constructor(
    private readonly timers: CaseTimers,
    options: CaseTimerWorkerOptions = {},
  ) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#pollMs = options.pollMs ?? 5000;
    this.#leaseSeconds = options.leaseSeconds ?? 60;
    this.#batch = options.batch ?? 50;
    this.#onError =
      options.onError ??
      ((err) => process.emitWarning(`case timers (${this.id}): ${err instanceof Error ? err.message : err}`));
  }

  start(): void {
    if (this.#timer) return;
    this.#stopping = false;
    this.#timer = setInterval(() => this.kick(), this.#pollMs);
    this.#timer.unref();
    this.kick();
  }

  kick(): void {
    if (this.#running || this.#stopping) return;
    this.#running = this.runOnce()
      .catch(this.#onError)
      .finally(() => (this.#running = undefined));
  }

  /** Fires every timer due by `now` (rounds of `batch`); answers how many had an effect. */
  async runOnce(now: Date = new Date()): Promise<number> {
    let effects = 0;
    for (;;) {
      if (this.#stopping) return effects;
      const claimed = await this.timers.claim(this.id, now, this.#leaseSeconds, this.#batch);
      for (const t of claimed) {
        try {
          if (await this.timers.fire(this.id, t, now)) effects++;
        } catch (err) {
          // Left leased: another round (here or elsewhere) takes it once the lease runs out.
          this.#onError(err);
        }
      }
      if (claimed.length < this.#batch) return effects;
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
