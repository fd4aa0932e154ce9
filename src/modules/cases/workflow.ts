/**
 * The steps of a case (受理 … 办结): one transaction per step, under the case's row lock — the state machine's
 * answer applied, the clock's columns recomputed, the deadline timers rescheduled, the event logged, the applicant
 * notified and the audit entry written together. A 准予 of an item with a result license issues the license to the
 * applicant in the same transaction, so it is issued exactly once.
 */
import type { Db, Queryable } from '../../db/index.ts';
import { AppError, validationError } from '../../core/errors.ts';
import { chinaToday } from '../../lib/time.ts';
import { workdaysBetween } from '../../lib/workdays.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { LicenseIssueInputT, LicenseService } from '../licenses/index.ts';
import { deadlineColumns, deadlinesOf, machineOf, reschedule } from './clock.ts';
import { transition, type Step } from './machine.ts';
import { applicantMessage, type CaseNotifications } from './notifications.ts';
import { caseRepo, type CaseRow } from './repo.ts';
import type { CaseTransitionInputT } from './schema.ts';

export class CaseWorkflow {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly licenses: LicenseService,
    private readonly notifications: CaseNotifications,
    private readonly warnDays: number,
  ) {}

  /** Takes one step; `at` backdates it (the demo's history), requests use now. Answers the case's new row. */
  async step(
    actor: Actor,
    id: string,
    input: CaseTransitionInputT,
    options: { at?: Date } = {},
  ): Promise<CaseRow> {
    return this.db.transaction(async (tx) => {
      const row = await caseRepo.byId(tx, id, true);
      if (!row) throw new AppError('CASE_NOT_FOUND', { id });
      if (input.version !== undefined && input.version !== row.version)
        throw new AppError('CASE_VERSION_CONFLICT', { id, version: row.version });
      const now = options.at ?? new Date();
      const step = transition(machineOf(row, deadlinesOf(row, now, this.warnDays)), input);
      const next: CaseRow = { ...row, state: step.to, resume_state: step.resumeState };
      const details: Record<string, unknown> = {};
      if (step.clock) details.clock = step.clock;
      switch (step.clock) {
        case 'start':
          next.accepted_at = now;
          break;
        case 'stop':
          next.stopped_since = now;
          break;
        case 'resume': {
          const days = row.stopped_since
            ? Math.max(0, workdaysBetween(chinaToday(row.stopped_since), chinaToday(now)))
            : 0;
          next.stopped_workdays = row.stopped_workdays + days;
          next.stopped_since = null;
          details.stoppedWorkdays = days;
          break;
        }
        case 'extend':
          next.extension_days = row.extension_days + step.days!;
          details.days = step.days;
          break;
        case 'end':
          next.decided_at = now;
          break;
      }
      if (step.outcome) {
        next.outcome = step.outcome;
        details.outcome = step.outcome;
      }
      if (step.to === 'closed' || step.to === 'rejected_at_intake') next.closed_at = now;
      if (step.missing) details.missing = step.missing;
      if (input.action === 'grant' && row.item.resultLicenseTypeCode && !row.license_id) {
        next.license_id = await this.#issueLicense(tx, actor, row, input, now);
        details.licenseId = next.license_id;
      }
      Object.assign(next, deadlineColumns(next, now, this.warnDays));
      if (step.clock === 'start' || step.clock === 'extend' || step.clock === 'resume') {
        details.legalDueOn = next.legal_due_on;
        details.promisedDueOn = next.promised_due_on;
      }
      await caseRepo.update(tx, id, next);
      next.version = row.version + 1;
      await caseRepo.insertEvent(tx, {
        case_id: id,
        action: input.action,
        from_state: step.from,
        to_state: step.to,
        reason: step.reason,
        details,
        actor_id: actor.kind === 'user' ? actor.id : null,
        actor_name: actor.name,
        at: now,
      });
      await reschedule(tx, next, now, this.warnDays);
      await this.#notify(tx, next, input.action, step, now);
      await this.audit.record(
        actor,
        {
          action: `case.${input.action}`,
          objectType: 'case',
          objectId: id,
          departmentId: row.department_id,
          outcome: 'success',
          details: {
            number: row.number,
            from: step.from,
            to: step.to,
            ...(step.reason ? { reason: step.reason } : {}),
            ...details,
            keys: [row.applicant_code],
          },
        },
        tx,
      );
      return next;
    });
  }

  async #notify(tx: Queryable, row: CaseRow, action: string, step: Step, at: Date): Promise<void> {
    const message = applicantMessage(action, row, {
      reason: step.reason,
      missing: step.missing,
      days: step.days,
      promisedDueOn: row.promised_due_on,
      licenseId: row.license_id,
    });
    if (message)
      await this.notifications.add(tx, row, {
        audience: 'applicant',
        kind: action,
        ...message,
        at,
      });
  }

  /** The result license (准予): the type's fields from the decision, the holder's name and ID number filled in. */
  async #issueLicense(
    tx: Queryable,
    actor: Actor,
    row: CaseRow,
    input: CaseTransitionInputT,
    now: Date,
  ): Promise<string> {
    const code = row.item.resultLicenseTypeCode!;
    const type = await this.licenses.types.row(code, tx).catch(() => null);
    const kind = row.applicant_kind === 'person' ? '111' : '001';
    if (!type || type.holder_kind !== kind)
      throw validationError([
        {
          field: 'item.resultLicenseTypeCode',
          code: type ? 'HOLDER_KIND' : 'UNKNOWN',
          message: {
            zh: type ? '该证照的持证主体类型与申请人不符' : '电子证照库中没有该证照类型',
            en: type ? 'The license type is for another kind of holder' : 'No such license type',
          },
        },
      ]);
    const data: LicenseIssueInputT['data'] = { ...(input.license?.data ?? {}) };
    for (const f of type.fields) {
      if (data[f.name] !== undefined) continue;
      if (f.tag === 'person_name' && row.applicant_kind === 'person') data[f.name] = row.applicant_name;
      if (f.tag === 'id_card' && row.applicant_kind === 'person') data[f.name] = row.applicant_code;
    }
    const license: LicenseIssueInputT = {
      typeCode: code,
      number: input.license?.number ?? row.number,
      holder: { code: row.applicant_code, name: row.applicant_name },
      issuedOn: chinaToday(now),
      ...(input.license?.validFrom ? { validFrom: input.license.validFrom } : {}),
      data,
    };
    const problems = this.licenses.issuer.problems(type, license);
    if (problems.length)
      throw validationError(
        problems.map((p) => ({
          ...p,
          field: p.field.startsWith('holder') ? `applicant.${p.field.slice(7)}` : `license.${p.field}`,
        })),
      );
    return this.licenses.issuer.issueIn(tx, actor, type, license);
  }
}
