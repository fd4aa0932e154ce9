/**
 * 纠错: a signed-in account says what is wrong in an open dataset (a record's key or an item when it knows them);
 * the report goes to the providing department, whose steward replies and marks it resolved or rejected, in public.
 */
import { AppError, validationError } from '../../../core/errors.ts';
import type { Db } from '../../../db/index.ts';
import type { Actor, AuditService } from '../../audit/index.ts';
import { canAnswerFeedback, type Principal, type Scope } from '../../identity/index.ts';
import type { OpenDatasets } from '../datasets.ts';
import type { FeedbackPresenter } from './presenters.ts';
import { reportRepo } from './report-repo.ts';
import type { OpenReportAnswerT, OpenReportInputT, OpenReportT } from './schema.ts';
import { digestOf, problem, required, throttle, type Submitter } from './support.ts';

/** Reports a dataset's page lists. */
const SHOWN_PER_DATASET = 50;

export class OpenReports {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly datasets: OpenDatasets,
    private readonly present: FeedbackPresenter,
  ) {}

  async submit(
    actor: Actor,
    who: Submitter,
    datasetName: string,
    input: OpenReportInputT,
  ): Promise<{ created: boolean; report: OpenReportT }> {
    const ds = await this.datasets.byName(datasetName);
    if (!ds) throw new AppError('OPEN_DATASET_NOT_FOUND', { name: datasetName });
    const description = required('description', input.description);
    const item = input.item?.trim() || null;
    // An item the dataset does not have is a typo the department could not act on.
    if (item && !ds.resource.items.some((i) => i.name === item))
      throw validationError([
        problem('item', 'UNKNOWN', `数据集没有数据项“${item}”`, `The dataset has no item “${item}”`),
      ]);
    const recordKey = input.recordKey?.trim() || null;
    const digest = digestOf('report', [ds.resource.id, recordKey, item, description]);
    const { row, created } = await this.db.transaction(async (tx) => {
      const existing = await reportRepo.byDigest(tx, who.userId, digest);
      if (existing) return { row: existing, created: false };
      await throttle(tx, who.userId);
      const row = (await reportRepo.insert(tx, {
        resource_id: ds.resource.id,
        department_id: ds.resource.departmentId,
        user_id: who.userId,
        author_name: who.name,
        record_key: recordKey,
        item,
        description,
        digest,
      }))!;
      await this.audit.record(
        actor,
        {
          action: 'open.report.submit',
          objectType: 'open_report',
          objectId: row.id,
          departmentId: ds.resource.departmentId,
          outcome: 'success',
          details: { dataset: ds.name },
        },
        tx,
      );
      return { row, created: true };
    });
    return { created, report: (await this.present.reports([row]))[0]! };
  }

  /** A dataset's shown reports, newest first, each with its status and reply. */
  async ofDataset(resourceId: string): Promise<OpenReportT[]> {
    return this.present.reports(await reportRepo.ofResource(this.db, resourceId, SHOWN_PER_DATASET));
  }

  /** The providing department's reply; another department's steward finds no such report (a denied entry). */
  async answer(
    actor: Actor,
    principal: Principal,
    id: string,
    input: OpenReportAnswerT,
  ): Promise<OpenReportT> {
    const reply = required('reply', input.reply);
    const row = await this.db.transaction(async (tx) => {
      const row = await reportRepo.byId(tx, id, true);
      if (!row || !canAnswerFeedback(principal, row)) {
        await this.audit.record(
          actor,
          {
            action: 'open.report.answer',
            objectType: 'open_report',
            objectId: id,
            departmentId: row?.department_id ?? null,
            outcome: 'denied',
          },
          tx,
        );
        return null;
      }
      if (row.status === input.status && row.reply === reply) return row;
      await reportRepo.answer(tx, id, input.status, reply);
      await this.audit.record(
        actor,
        {
          action: 'open.report.answer',
          objectType: 'open_report',
          objectId: id,
          departmentId: row.department_id,
          outcome: 'success',
          details: { status: input.status, from: row.status },
        },
        tx,
      );
      return (await reportRepo.byId(tx, id))!;
    });
    if (!row) throw new AppError('OPEN_FEEDBACK_NOT_FOUND', { kind: 'report', id });
    return (await this.present.reports([row]))[0]!;
  }

  async inbox(scope: Scope, state: 'waiting' | 'answered' | 'all', limit: number, offset: number) {
    if (scope.kind === 'none') return { total: 0, items: [] as OpenReportT[] };
    const { total, rows } = await reportRepo.ofDepartments(
      this.db,
      scope.kind === 'all' ? null : scope.ids,
      state,
      limit,
      offset,
    );
    return { total, items: await this.present.reports(rows) };
  }
}
