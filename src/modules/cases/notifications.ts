/**
 * Notifications of a case (办件通知): an in-app row for the applicant at every step, and for the department's staff
 * when a case nears or passes its deadline. A sender adapter (SMS, a webhook …) may carry them further: it gets
 * each one through a durable `notify` timer, after the step commits, at least once. The default sender is in-app
 * only and writes nothing external.
 */
import type { Db, Queryable } from '../../db/index.ts';
import { caseRepo, type CaseRow, type NotificationRow } from './repo.ts';
import type { CaseNotificationT } from './schema.ts';

/** What a sender receives. */
export interface OutgoingNotification {
  id: string;
  caseId: string;
  caseNumber: string;
  audience: 'applicant' | 'staff';
  departmentId: string;
  applicant: { kind: 'person' | 'legal_person'; code: string; name: string; userId: string | null };
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
}

/** Carries notifications beyond the platform. `external: false` means no outbox rows are written at all. */
export interface CaseNotificationSender {
  readonly name: string;
  readonly external: boolean;
  /** Throws to be retried later (with a growing delay, up to 8 tries). */
  send(n: OutgoingNotification): Promise<void>;
}

/** The default: the in-app row is all; nothing leaves the platform. */
export const IN_APP_ONLY: CaseNotificationSender = {
  name: 'in_app',
  external: false,
  async send() {},
};

export interface Who {
  userId: string;
  codes: string[];
  /** Departments whose staff notifications the account reads; null: every department. */
  departmentIds: string[] | null;
  applicant: boolean;
}

const present = (r: NotificationRow): CaseNotificationT => ({
  id: r.id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  audience: r.audience,
  kind: r.kind,
  title: r.title,
  body: r.body,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

export class CaseNotifications {
  constructor(
    private readonly db: Db,
    readonly sender: CaseNotificationSender,
  ) {}

  /** Writes a notification (and its outbox timer when the sender goes outside), inside the step's transaction. */
  async add(
    tx: Queryable,
    row: Pick<CaseRow, 'id' | 'department_id'>,
    n: { audience: 'applicant' | 'staff'; kind: string; title: string; body: string; at: Date },
  ): Promise<string> {
    const id = await caseRepo.insertNotification(tx, {
      case_id: row.id,
      audience: n.audience,
      department_id: row.department_id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      created_at: n.at,
    });
    if (this.sender.external)
      await caseRepo.insertTimers(tx, [
        { caseId: row.id, kind: 'notify', dueAt: new Date(0), payload: { notificationId: id } },
      ]);
    return id;
  }

  async list(who: Who, unreadOnly: boolean, limit: number) {
    const { unread, rows } = await caseRepo.notifications(this.db, who, unreadOnly, limit);
    return { unread, items: rows.map(present) };
  }

  async markRead(who: Who, ids: string[] | null, now = new Date()): Promise<number> {
    return caseRepo.markRead(this.db, who, ids, now);
  }

  /** The outgoing form of a stored notification, for the sender. */
  async outgoing(id: string, row: CaseRow): Promise<OutgoingNotification | undefined> {
    const n = await caseRepo.notification(this.db, id);
    if (!n) return undefined;
    return {
      id: n.id,
      caseId: n.case_id,
      caseNumber: n.case_number,
      audience: n.audience,
      departmentId: n.department_id,
      applicant: {
        kind: row.applicant_kind,
        code: row.applicant_code,
        name: row.applicant_name,
        userId: row.applicant_user_id,
      },
      kind: n.kind,
      title: n.title,
      body: n.body,
      createdAt: n.created_at,
    };
  }
}

/** The applicant's message for a step (Chinese: what the applicant reads at the window and online). */
export function applicantMessage(
  action: string,
  row: Pick<CaseRow, 'number' | 'item'>,
  facts: {
    reason: string | null;
    missing: string[] | null;
    days: number | null;
    promisedDueOn: string | null;
    licenseId: string | null;
  },
): { title: string; body: string } | null {
  const item = `「${row.item.itemName}」（办件编号 ${row.number}）`;
  const why = facts.reason ? `理由：${facts.reason}` : '';
  switch (action) {
    case 'open':
      return { title: '已收件', body: `您申请的${item}已收件，我们将尽快审核是否受理。` };
    case 'accept':
      return {
        title: '已受理',
        body: `您申请的${item}已受理${facts.promisedDueOn ? `，承诺于 ${facts.promisedDueOn} 前办结` : ''}。`,
      };
    case 'reject_intake':
      return { title: '不予受理', body: `您申请的${item}不予受理。${why}` };
    case 'start_review':
      return { title: '审查中', body: `您申请的${item}已进入审查。` };
    case 'request_corrections':
      return {
        title: '请补正材料',
        body: `您申请的${item}需要补正以下材料（一次性告知）：${(facts.missing ?? [])
          .map((m, i) => `${i + 1}. ${m}`)
          .join('；')}。补正期间办理时限暂停计算。${why}`,
      };
    case 'resubmit':
      return { title: '补正材料已收到', body: `您为${item}补正的材料已收到，办件恢复办理。` };
    case 'suspend':
      return { title: '办件挂起', body: `您申请的${item}暂停办理，期间办理时限暂停计算。${why}` };
    case 'resume':
      return { title: '恢复办理', body: `您申请的${item}已恢复办理。` };
    case 'extend':
      return {
        title: '办理期限延长',
        body: `您申请的${item}办理期限延长 ${facts.days} 个工作日${
          facts.promisedDueOn ? `，将于 ${facts.promisedDueOn} 前办结` : ''
        }。${why}`,
      };
    case 'grant':
      return {
        title: '准予许可',
        body: `您申请的${item}已决定准予。${facts.licenseId ? `电子证照已颁发（${facts.licenseId}）。` : ''}`,
      };
    case 'refuse':
      return { title: '不予许可', body: `您申请的${item}决定不予许可。${why}` };
    case 'close':
      return { title: '已办结', body: `您申请的${item}已办结。` };
    default:
      return null;
  }
}
