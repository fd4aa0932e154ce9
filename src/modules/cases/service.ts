import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { AuditService } from '../audit/index.ts';
import { can, caseStepAction, type IdentityService, type Principal } from '../identity/index.ts';
import type { LicenseService } from '../licenses/index.ts';
import type { OrgService } from '../org/index.ts';
import { deadlinesOf, machineOf } from './clock.ts';
import { DEFAULT_WARN_DAYS } from './deadlines.ts';
import { CaseIntake } from './intake.ts';
import { allowedActions, type CaseState, OPEN_STATES } from './machine.ts';
import { CaseNotifications, IN_APP_ONLY, type CaseNotificationSender } from './notifications.ts';
import { CasePresenter } from './presenters.ts';
import { caseRepo, type CaseRow } from './repo.ts';
import type { CaseDetailT, CaseInboxQueryT, CaseSummaryT } from './schema.ts';
import { CaseTimers } from './timers.ts';
import { CaseWorkflow } from './workflow.ts';

export interface CaseServiceOptions {
  /** Carries notifications beyond the platform (SMS, a webhook); default in-app only. */
  sender?: CaseNotificationSender | undefined;
  /** Working days left on the promised deadline at which a case warns (default 2). */
  warnDays?: number | undefined;
}

/** Reading cases: one case with its events and deadlines, a department's inbox, an applicant's own. */
export class CaseReads {
  constructor(
    private readonly db: Db,
    private readonly identity: IdentityService,
    private readonly present: CasePresenter,
    private readonly warnDays: number,
  ) {}

  /** The row, for routes to authorize against first; CASE_NOT_FOUND when there is none. */
  async row(id: string): Promise<CaseRow> {
    const row = await caseRepo.byId(this.db, id);
    if (!row) throw new AppError('CASE_NOT_FOUND', { id });
    return row;
  }

  /** The codes (身份证号, 统一社会信用代码) the account speaks for. */
  async subjectCodes(userId: string): Promise<string[]> {
    return (await this.identity.subjects.of(userId)).map((s) => s.code);
  }

  /** The case page: the actions offered are the state machine's that the principal's roles allow. */
  async detail(row: CaseRow, principal: Principal | null, now = new Date()): Promise<CaseDetailT> {
    const machine = machineOf(row, deadlinesOf(row, now, this.warnDays));
    const actions = principal
      ? allowedActions(machine).filter((a) =>
          can(principal, caseStepAction(a), { departmentId: row.department_id }),
        )
      : [];
    return this.present.detail(row, await caseRepo.events(this.db, row.id), actions, now);
  }

  async inbox(
    departmentIds: string[] | null,
    query: CaseInboxQueryT,
    now = new Date(),
  ): Promise<{ total: number; items: CaseSummaryT[] }> {
    const state = query.state ?? 'open';
    const states: CaseState[] | null =
      state === 'all' ? null : state === 'open' ? [...OPEN_STATES] : [state as CaseState];
    const ids = query.departmentId
      ? departmentIds === null || departmentIds.includes(query.departmentId)
        ? [query.departmentId]
        : []
      : departmentIds;
    const { total, rows } = await caseRepo.inbox(
      this.db,
      { departmentIds: ids, states, due: query.due, q: query.q, now },
      query.limit ?? 50,
      query.offset ?? 0,
    );
    return { total, items: await this.present.summaries(rows, now) };
  }

  async mine(userId: string, limit: number, offset: number) {
    const codes = await this.subjectCodes(userId);
    const { total, rows } = await caseRepo.mine(this.db, userId, codes, limit, offset);
    return { total, items: await this.present.summaries(rows) };
  }
}

/**
 * 办件: the case engine, one service per use case family — intake (收件, idempotent), the workflow's steps with
 * their deadlines and result license, reads, notifications and the durable timers — wired once.
 */
export class CaseService {
  readonly intake: CaseIntake;
  readonly workflow: CaseWorkflow;
  readonly reads: CaseReads;
  readonly notifications: CaseNotifications;
  readonly timers: CaseTimers;

  constructor(
    db: Db,
    audit: AuditService,
    org: OrgService,
    identity: IdentityService,
    licenses: LicenseService,
    options: CaseServiceOptions = {},
  ) {
    const warnDays = options.warnDays ?? DEFAULT_WARN_DAYS;
    this.notifications = new CaseNotifications(db, options.sender ?? IN_APP_ONLY);
    this.intake = new CaseIntake(db, audit, org, identity, licenses, this.notifications);
    this.workflow = new CaseWorkflow(db, audit, licenses, this.notifications, warnDays);
    this.reads = new CaseReads(db, identity, new CasePresenter(org, warnDays), warnDays);
    this.timers = new CaseTimers(db, audit, this.notifications, warnDays);
  }
}
