/**
 * 应用展示: an app, article or visualisation built on open datasets. Submitted by a signed-in account, public once
 * the operator approves it, listed on /open/showcases and on the page of each dataset it uses.
 */
import { AppError, validationError } from '../../../core/errors.ts';
import type { Db } from '../../../db/index.ts';
import type { Actor, AuditService } from '../../audit/index.ts';
import type { OpenDatasets } from '../datasets.ts';
import type { FeedbackPresenter } from './presenters.ts';
import type {
  OpenShowcaseDecisionT,
  OpenShowcaseInputT,
  OpenShowcaseQueryT,
  OpenShowcaseT,
} from './schema.ts';
import { showcaseRepo } from './showcase-repo.ts';
import { checkUrl, digestOf, problem, required, throttle, type Submitter } from './support.ts';

export class OpenShowcases {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly datasets: OpenDatasets,
    private readonly present: FeedbackPresenter,
  ) {}

  async submit(
    actor: Actor,
    who: Submitter,
    input: OpenShowcaseInputT,
  ): Promise<{ created: boolean; showcase: OpenShowcaseT }> {
    const title = required('title', input.title);
    const description = required('description', input.description);
    const url = checkUrl('url', input.url);
    const missing = [];
    const resourceIds: string[] = [];
    for (const [i, name] of input.datasets.entries()) {
      const ds = await this.datasets.byName(name);
      if (ds) resourceIds.push(ds.resource.id);
      else
        missing.push(
          problem(`datasets.${i}`, 'NOT_FOUND', `开放数据集“${name}”不存在`, `No open dataset “${name}”`),
        );
    }
    if (missing.length) throw validationError(missing);
    resourceIds.sort();
    const digest = digestOf('showcase', [input.kind, title, description, url, resourceIds]);
    const { id, created } = await this.db.transaction(async (tx) => {
      const existing = await showcaseRepo.idByDigest(tx, who.userId, digest);
      if (existing) return { id: existing, created: false };
      await throttle(tx, who.userId);
      const id = (await showcaseRepo.insert(tx, {
        user_id: who.userId,
        author_name: who.name,
        kind: input.kind,
        title,
        description,
        url,
        digest,
        resource_ids: resourceIds,
      }))!;
      await this.audit.record(
        actor,
        {
          action: 'open.showcase.submit',
          objectType: 'open_showcase',
          objectId: id,
          outcome: 'success',
          details: { datasets: input.datasets.length },
        },
        tx,
      );
      return { id, created: true };
    });
    const row = (await showcaseRepo.byId(this.db, id))!;
    return { created, showcase: (await this.present.showcases([row]))[0]! };
  }

  /** Approved and shown, newest first; a dataset's own when `dataset` is given. */
  async published(q: OpenShowcaseQueryT): Promise<{ total: number; items: OpenShowcaseT[] }> {
    let resourceId: string | undefined;
    if (q.dataset) {
      const ds = await this.datasets.byName(q.dataset);
      if (!ds) throw new AppError('OPEN_DATASET_NOT_FOUND', { name: q.dataset });
      resourceId = ds.resource.id;
    }
    const { total, rows } = await showcaseRepo.published(
      this.db,
      { resourceId, kind: q.kind },
      q.limit ?? 20,
      q.offset ?? 0,
    );
    return { total, items: await this.present.showcases(rows) };
  }

  async ofDataset(resourceId: string): Promise<OpenShowcaseT[]> {
    const { rows } = await showcaseRepo.published(this.db, { resourceId }, 50, 0);
    return this.present.showcases(rows);
  }

  /** The operator approves (published) or rejects (with a reason) a pending showcase; the same decision again is a no-op. */
  async decide(actor: Actor, id: string, input: OpenShowcaseDecisionT): Promise<OpenShowcaseT> {
    const status = input.approve ? 'approved' : 'rejected';
    const reason = input.reason?.trim() || null;
    if (!input.approve && !reason)
      throw validationError([
        problem('reason', 'REQUIRED', '不予展示须说明理由', 'A rejection needs a reason'),
      ]);
    await this.db.transaction(async (tx) => {
      const row = await showcaseRepo.byId(tx, id, true);
      if (!row) throw new AppError('OPEN_FEEDBACK_NOT_FOUND', { kind: 'showcase', id });
      if (row.status === status) return;
      if (row.status !== 'pending') throw new AppError('OPEN_FEEDBACK_STATE', { status: row.status });
      await showcaseRepo.decide(tx, id, status, reason);
      await this.audit.record(
        actor,
        {
          action: 'open.showcase.decide',
          objectType: 'open_showcase',
          objectId: id,
          outcome: 'success',
          details: { status, ...(reason ? { reason } : {}) },
        },
        tx,
      );
    });
    return (await this.present.showcases([(await showcaseRepo.byId(this.db, id))!]))[0]!;
  }
}
