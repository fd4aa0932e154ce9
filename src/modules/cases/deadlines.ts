/**
 * Deadlines of a case in working days (pure). Both periods of the item — 法定办结时限 (legal) and 承诺办结时限
 * (promised) — run from the day of acceptance, that day not counted; the working days the clock stood still (补正,
 * 挂起) and an extension (延期) move them later. A deadline is met when the decision falls on or before its day
 * (China Standard Time); the promised one warns when `warnDays` working days or fewer are left.
 */
import { chinaDayEnd, chinaDayStart, chinaToday } from '../../lib/time.ts';
import { addWorkdays, subtractWorkdays, workdaysBetween } from '../../lib/workdays.ts';

export const DEFAULT_WARN_DAYS = 2;

export type Clock = 'not_started' | 'running' | 'stopped' | 'ended';
export type Sla = 'none' | 'ok' | 'warning' | 'overdue';

export interface ClockFacts {
  acceptedAt: Date | null;
  legalDays: number;
  promisedDays: number;
  extensionDays: number;
  /** Working days of the stops already ended. */
  stoppedWorkdays: number;
  /** Since when the clock stands still, when it does (a stop after acceptance). */
  stoppedSince: Date | null;
  /** When the clock ended: the decision (or null). */
  endedAt: Date | null;
  /** Set once the timer found the promised (legal) deadline passed: stays, whatever moves later. */
  promisedOverdueAt?: Date | null;
  legalOverdueAt?: Date | null;
}

export interface Deadline {
  /** The last day (YYYY-MM-DD, China Standard Time). */
  dueOn: string;
  /** The instant it passes: the end of that day. */
  dueAt: Date;
  /** Working days left after today (or after the decision's day) up to the due day; negative once past. */
  remainingWorkdays: number;
  overdue: boolean;
}

export interface Deadlines {
  clock: Clock;
  /** Working days the clock stood still, the current stop counted up to today. */
  stoppedWorkdays: number;
  legal: Deadline | null;
  promised: Deadline | null;
  sla: Sla;
  /** When the promised deadline's warning begins (the start of its day), while the clock runs. */
  warnAt: Date | null;
}

function deadline(
  start: string,
  days: number,
  today: string,
  overdueSince: Date | null | undefined,
): Deadline {
  const dueOn = addWorkdays(start, days);
  const passed = today > dueOn;
  return {
    dueOn,
    dueAt: chinaDayEnd(dueOn),
    remainingWorkdays: workdaysBetween(today, dueOn),
    overdue: passed || !!overdueSince,
  };
}

/** The deadlines as of `now`. */
export function computeDeadlines(f: ClockFacts, now: Date, warnDays = DEFAULT_WARN_DAYS): Deadlines {
  const clock: Clock = !f.acceptedAt
    ? 'not_started'
    : f.endedAt
      ? 'ended'
      : f.stoppedSince
        ? 'stopped'
        : 'running';
  if (!f.acceptedAt)
    return { clock, stoppedWorkdays: 0, legal: null, promised: null, sla: 'none', warnAt: null };
  const today = chinaToday(f.endedAt ?? now);
  const current = f.stoppedSince ? Math.max(0, workdaysBetween(chinaToday(f.stoppedSince), today)) : 0;
  const stopped = f.stoppedWorkdays + current;
  const start = chinaToday(f.acceptedAt);
  const shift = stopped + f.extensionDays;
  const legal = deadline(start, f.legalDays + shift, today, f.legalOverdueAt);
  const promised = deadline(start, f.promisedDays + shift, today, f.promisedOverdueAt);
  const warnOn = subtractWorkdays(promised.dueOn, Math.min(warnDays, f.promisedDays + shift));
  const sla: Sla = promised.overdue
    ? 'overdue'
    : clock !== 'ended' && promised.remainingWorkdays <= warnDays
      ? 'warning'
      : 'ok';
  return {
    clock,
    stoppedWorkdays: stopped,
    legal,
    promised,
    sla,
    warnAt: clock === 'running' ? chinaDayStart(warnOn) : null,
  };
}
