import { chinaToday } from '../../lib/time.ts';
import { workdaysBetween } from '../../lib/workdays.ts';
import type { OrgService } from '../org/index.ts';
import { deadlinesOf } from './clock.ts';
import type { Deadline } from './deadlines.ts';
import type { CaseAction } from './machine.ts';
import type { CaseRow, EventRow } from './repo.ts';
import type { CaseDetailT, CaseEventT, CaseSummaryT } from './schema.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const deadline = (d: Deadline | null) =>
  d
    ? {
        dueOn: d.dueOn,
        dueAt: d.dueAt.toISOString(),
        remainingWorkdays: d.remainingWorkdays,
        overdue: d.overdue,
      }
    : null;

export class CasePresenter {
  constructor(
    private readonly org: OrgService,
    private readonly warnDays: number,
  ) {}

  async summaries(rows: CaseRow[], now = new Date()): Promise<CaseSummaryT[]> {
    const names = await this.org.getMany([...new Set(rows.map((r) => r.department_id))]);
    return rows.map((r) => this.#summary(r, names.get(r.department_id)?.name ?? '', now));
  }

  #summary(r: CaseRow, departmentName: string, now: Date): CaseSummaryT {
    const d = deadlinesOf(r, now, this.warnDays);
    return {
      id: r.id,
      number: r.number,
      item: r.item,
      departmentName,
      applicant: {
        kind: r.applicant_kind,
        code: r.applicant_code,
        name: r.applicant_name,
        userId: r.applicant_user_id,
      },
      state: r.state,
      outcome: r.outcome,
      clock: d.clock,
      sla: d.sla,
      receivedAt: r.received_at.toISOString(),
      acceptedAt: iso(r.accepted_at),
      decidedAt: iso(r.decided_at),
      closedAt: iso(r.closed_at),
      legalDueOn: d.legal?.dueOn ?? null,
      promisedDueOn: d.promised?.dueOn ?? null,
      remainingWorkdays: d.promised && d.clock !== 'ended' ? d.promised.remainingWorkdays : null,
      licenseId: r.license_id,
      version: r.version,
    };
  }

  async detail(
    r: CaseRow,
    events: EventRow[],
    allowedActions: CaseAction[],
    now = new Date(),
  ): Promise<CaseDetailT> {
    const [summary] = await this.summaries([r], now);
    const d = deadlinesOf(r, now, this.warnDays);
    const stops: CaseDetailT['deadlines']['stops'] = [];
    let open: (typeof stops)[number] | null = null;
    let missing: string[] | null = null;
    for (const e of events) {
      if (e.action === 'request_corrections') missing = (e.details.missing as string[] | undefined) ?? null;
      if (e.details.clock === 'stop') {
        open = {
          kind: e.action === 'suspend' ? 'suspended' : 'corrections',
          from: e.at.toISOString(),
          to: null,
          workdays: 0,
          reason: e.reason,
        };
        stops.push(open);
      } else if (e.details.clock === 'resume' && open) {
        open.to = e.at.toISOString();
        open.workdays = Number(e.details.stoppedWorkdays ?? 0);
        open = null;
      }
    }
    if (open) open.workdays = Math.max(0, workdaysBetween(chinaToday(new Date(open.from)), chinaToday(now)));
    return {
      ...summary!,
      deadlines: {
        clock: d.clock,
        sla: d.sla,
        stoppedWorkdays: d.stoppedWorkdays,
        extensionDays: r.extension_days,
        legal: deadline(d.legal),
        promised: deadline(d.promised),
        warnAt: iso(d.warnAt),
        promisedOverdueAt: iso(r.promised_overdue_at),
        legalOverdueAt: iso(r.legal_overdue_at),
        stops,
      },
      events: events.map(presentEvent),
      missing: r.state === 'corrections' ? missing : null,
      allowedActions,
    };
  }
}

export function presentEvent(e: EventRow): CaseEventT {
  return {
    id: e.id,
    action: e.action,
    fromState: e.from_state,
    toState: e.to_state,
    reason: e.reason,
    details: e.details,
    actorName: e.actor_name,
    at: e.at.toISOString(),
  };
}
