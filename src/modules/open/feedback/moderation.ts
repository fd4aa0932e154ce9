/**
 * The operator's moderation: a queue of what waits (showcases to approve, requests to route), what the public
 * flagged (举报), what is hidden, or everything; hiding and restoring any item with a reason. A hidden item leaves
 * every public list; a hidden rating leaves its dataset's average too. Everything is audited.
 */
import { AppError } from '../../../core/errors.ts';
import type { Db } from '../../../db/index.ts';
import type { Actor, AuditService } from '../../audit/index.ts';
import { moderationRepo } from './moderation-repo.ts';
import type { FeedbackPresenter } from './presenters.ts';
import { ratingRepo } from './rating-repo.ts';
import type { FeedbackKind, OpenModerationItemT, OpenModerationQueryT } from './schema.ts';
import { required, type Submitter } from './support.ts';

export class OpenModeration {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly present: FeedbackPresenter,
  ) {}

  async queue(q: OpenModerationQueryT): Promise<{ total: number; items: OpenModerationItemT[] }> {
    const { total, rows } = await moderationRepo.queue(
      this.db,
      q.kind,
      q.filter ?? 'pending',
      q.limit ?? 50,
      q.offset ?? 0,
    );
    return { total, items: await this.present.queue(rows) };
  }

  /** Hides (`hide`) or restores an item; doing what is already done changes nothing and writes nothing. */
  async setHidden(
    actor: Actor,
    kind: FeedbackKind,
    id: string,
    hide: boolean,
    reasonText: string,
  ): Promise<{ hidden: boolean }> {
    const reason = required('reason', reasonText);
    await this.db.transaction(async (tx) => {
      const state = await moderationRepo.lockState(tx, kind, id);
      if (!state) throw new AppError('OPEN_FEEDBACK_NOT_FOUND', { kind, id });
      if (state.hidden === hide) return;
      await moderationRepo.setHidden(tx, kind, id, hide, reason);
      if (kind === 'rating') {
        const r = (await ratingRepo.byId(tx, id))!;
        await ratingRepo.addToTotal(tx, r.resource_id, hide ? -1 : 1, hide ? -r.stars : r.stars);
      }
      await this.audit.record(
        actor,
        {
          action: hide ? 'open.feedback.hide' : 'open.feedback.restore',
          objectType: `open_${kind}`,
          objectId: id,
          departmentId: state.department_id,
          outcome: 'success',
          details: { kind, reason },
        },
        tx,
      );
    });
    return { hidden: hide };
  }

  /** 举报: one flag per account and shown item, however often it is sent; the operator's queue sorts by them. */
  async flag(actor: Actor, who: Submitter, kind: FeedbackKind, id: string): Promise<{ flagged: boolean }> {
    await this.db.transaction(async (tx) => {
      if (!(await moderationRepo.shown(tx, kind, id)))
        throw new AppError('OPEN_FEEDBACK_NOT_FOUND', { kind, id });
      if (!(await moderationRepo.flag(tx, kind, id, who.userId))) return;
      await this.audit.record(
        actor,
        { action: 'open.feedback.flag', objectType: `open_${kind}`, objectId: id, outcome: 'success' },
        tx,
      );
    });
    return { flagged: true };
  }
}
