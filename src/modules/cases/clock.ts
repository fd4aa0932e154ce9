/**
 * What a case's row says about its clock, and what follows from it: the deadline columns a transition rewrites and
 * the durable timers it (re)schedules, both inside the transition's transaction.
 */
import type { Queryable } from '../../db/index.ts';
import { computeDeadlines, type ClockFacts, type Deadlines } from './deadlines.ts';
import type { MachineCase } from './machine.ts';
import { caseRepo, type CaseRow, type CaseUpdate } from './repo.ts';

export function factsOf(
  row: Pick<
    CaseRow,
    | 'item'
    | 'accepted_at'
    | 'extension_days'
    | 'stopped_workdays'
    | 'stopped_since'
    | 'decided_at'
    | 'promised_overdue_at'
    | 'legal_overdue_at'
  >,
): ClockFacts {
  return {
    acceptedAt: row.accepted_at,
    legalDays: row.item.legalDays,
    promisedDays: row.item.promisedDays,
    extensionDays: row.extension_days,
    stoppedWorkdays: row.stopped_workdays,
    stoppedSince: row.stopped_since,
    endedAt: row.decided_at,
    promisedOverdueAt: row.promised_overdue_at,
    legalOverdueAt: row.legal_overdue_at,
  };
}

export function deadlinesOf(row: CaseRow, now: Date, warnDays?: number): Deadlines {
  return computeDeadlines(factsOf(row), now, warnDays);
}

export function machineOf(row: CaseRow, d: Deadlines): MachineCase {
  return {
    state: row.state,
    resumeState: row.resume_state,
    extended: row.extension_days > 0,
    accepted: row.accepted_at !== null,
    deadlinePassed: d.promised?.overdue ?? false,
  };
}

/** The derived columns of a case whose facts are `row`, as of `now`. */
export function deadlineColumns(
  row: CaseRow,
  now: Date,
  warnDays?: number,
): Pick<
  CaseUpdate,
  'clock' | 'legal_due_on' | 'promised_due_on' | 'warn_at' | 'promised_due_at' | 'legal_due_at'
> {
  const d = deadlinesOf(row, now, warnDays);
  return {
    clock: d.clock,
    legal_due_on: d.legal?.dueOn ?? null,
    promised_due_on: d.promised?.dueOn ?? null,
    warn_at: d.warnAt,
    promised_due_at: d.promised?.dueAt ?? null,
    legal_due_at: d.legal?.dueAt ?? null,
  };
}

/**
 * Replaces the case's pending deadline timers by those its clock now calls for: while it runs, the SLA warning
 * (once per case), the promised and the legal deadline passing (each until marked).
 */
export async function reschedule(tx: Queryable, row: CaseRow, now: Date, warnDays?: number): Promise<void> {
  await caseRepo.cancelDeadlineTimers(tx, row.id);
  const d = deadlinesOf(row, now, warnDays);
  if (d.clock !== 'running' || !d.promised || !d.legal) return;
  const timers: Parameters<typeof caseRepo.insertTimers>[1] = [];
  if (!row.warned_at && d.warnAt)
    timers.push({
      caseId: row.id,
      kind: 'sla_warning',
      dueAt: d.warnAt,
      payload: { dueOn: d.promised.dueOn },
    });
  if (!row.promised_overdue_at)
    timers.push({
      caseId: row.id,
      kind: 'promised_overdue',
      dueAt: d.promised.dueAt,
      payload: { dueOn: d.promised.dueOn },
    });
  if (!row.legal_overdue_at)
    timers.push({
      caseId: row.id,
      kind: 'legal_overdue',
      dueAt: d.legal.dueAt,
      payload: { dueOn: d.legal.dueOn },
    });
  await caseRepo.insertTimers(tx, timers);
}
