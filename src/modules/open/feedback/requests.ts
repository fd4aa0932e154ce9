/**
 * 数据需求: anyone signed in asks for data not yet open; the operator routes a request that names no department;
 * the department's steward answers it publicly; others add their +1.
 *
 *   submitted (no department) → routed → planned | available | declined   (an answer may be revised)
 */
import { AppError, validationError } from '../../../core/errors.ts';
import type { Db } from '../../../db/index.ts';
import { chinaToday } from '../../../lib/time.ts';
import type { Actor, AuditService } from '../../audit/index.ts';
import { canAnswerFeedback, type Principal, type Scope } from '../../identity/index.ts';
import type { OrgService } from '../../org/index.ts';
import type { OpenDatasets } from '../datasets.ts';
import type { FeedbackPresenter } from './presenters.ts';
import { requestRepo, type RequestRow } from './request-repo.ts';
import type {
  OpenRequestAnswerT,
  OpenRequestInputT,
  OpenRequestListT,
  OpenRequestQueryT,
  OpenRequestT,
} from './schema.ts';
import { digestOf, problem, required, throttle, type Submitter } from './support.ts';

export class OpenRequests {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly datasets: OpenDatasets,
    private readonly present: FeedbackPresenter,
  ) {}

  async #department(field: string, id: string): Promise<void> {
    if (!(await this.org.getMany([id])).has(id))
      throw validationError([problem(field, 'NOT_FOUND', '部门不存在', 'No such department')]);
  }

  /** A new request, or the one the account already sent with the same words (`created: false`). */
  async submit(
    actor: Actor,
    who: Submitter,
    input: OpenRequestInputT,
  ): Promise<{ created: boolean; request: OpenRequestT }> {
    const title = required('title', input.title);
    const description = required('description', input.description);
    const purpose = required('purpose', input.purpose);
    const departmentId = input.departmentId ?? null;
    if (departmentId) await this.#department('departmentId', departmentId);
    const digest = digestOf('request', [title, description, purpose, departmentId]);
    const { row, created } = await this.db.transaction(async (tx) => {
      const existing = await requestRepo.byDigest(tx, who.userId, digest);
      if (existing) return { row: existing, created: false };
      await throttle(tx, who.userId);
      const row = (await requestRepo.insert(tx, {
        user_id: who.userId,
        author_name: who.name,
        title,
        description,
        purpose,
        department_id: departmentId,
        status: departmentId ? 'routed' : 'submitted',
        digest,
      }))!;
      await this.audit.record(
        actor,
        {
          action: 'open.request.submit',
          objectType: 'open_request',
          objectId: row.id,
          departmentId,
          outcome: 'success',
        },
        tx,
      );
      return { row, created: true };
    });
    return { created, request: (await this.present.requests([row]))[0]! };
  }

  /** A shown request (a hidden one is answered as missing to the public). */
  async get(id: string): Promise<OpenRequestT> {
    const row = await requestRepo.byId(this.db, id);
    if (!row || row.hidden_at) throw new AppError('OPEN_FEEDBACK_NOT_FOUND', { kind: 'request', id });
    return (await this.present.requests([row]))[0]!;
  }

  async list(q: OpenRequestQueryT): Promise<OpenRequestListT> {
    const { total, counts, rows } = await requestRepo.list(
      this.db,
      { status: q.status, departmentId: q.departmentId, q: q.q },
      q.sort ?? 'recent',
      q.limit ?? 20,
      q.offset ?? 0,
    );
    const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.n]));
    return {
      total,
      counts: {
        submitted: byStatus.submitted ?? 0,
        routed: byStatus.routed ?? 0,
        planned: byStatus.planned ?? 0,
        available: byStatus.available ?? 0,
        declined: byStatus.declined ?? 0,
      },
      items: await this.present.requests(rows),
    };
  }

  /** "+1": once per account, however often it is sent. */
  async vote(actor: Actor, who: Submitter, id: string): Promise<{ votes: number; voted: boolean }> {
    return this.db.transaction(async (tx) => {
      const row = await requestRepo.byId(tx, id);
      if (!row || row.hidden_at) throw new AppError('OPEN_FEEDBACK_NOT_FOUND', { kind: 'request', id });
      const { votes, added } = await requestRepo.vote(tx, id, who.userId);
      if (added)
        await this.audit.record(
          actor,
          {
            action: 'open.request.vote',
            objectType: 'open_request',
            objectId: id,
            departmentId: row.department_id,
            outcome: 'success',
          },
          tx,
        );
      return { votes, voted: true };
    });
  }

  /** The operator sends a request to the department that holds (or should hold) the data. */
  async route(actor: Actor, id: string, departmentId: string): Promise<OpenRequestT> {
    await this.#department('departmentId', departmentId);
    const row = await this.db.transaction(async (tx) => {
      const row = await requestRepo.byId(tx, id, true);
      if (!row) throw new AppError('OPEN_FEEDBACK_NOT_FOUND', { kind: 'request', id });
      if (row.status !== 'submitted' && row.status !== 'routed')
        throw new AppError('OPEN_FEEDBACK_STATE', { status: row.status });
      if (row.department_id === departmentId && row.status === 'routed') return row;
      await requestRepo.route(tx, id, departmentId);
      await this.audit.record(
        actor,
        {
          action: 'open.request.route',
          objectType: 'open_request',
          objectId: id,
          departmentId,
          outcome: 'success',
          details: { from: row.department_id },
        },
        tx,
      );
      return (await requestRepo.byId(tx, id))!;
    });
    return (await this.present.requests([row]))[0]!;
  }

  /**
   * The department's public answer. Another department's steward finds no such request (and leaves a denied
   * entry); the same answer sent again changes nothing.
   */
  async answer(
    actor: Actor,
    principal: Principal,
    id: string,
    input: OpenRequestAnswerT,
  ): Promise<OpenRequestT> {
    const answer = required('answer', input.answer);
    const plannedDate = input.status === 'planned' ? (input.plannedDate ?? null) : null;
    const datasetName = input.status === 'available' ? (input.datasetName ?? null) : null;
    if (input.status === 'planned') {
      if (!plannedDate)
        throw validationError([
          problem('plannedDate', 'REQUIRED', '计划开放须给出日期', 'A planned answer needs a date'),
        ]);
      if (plannedDate < chinaToday())
        throw validationError([
          problem('plannedDate', 'PAST', '计划开放日期不能早于今天', 'The planned date is in the past'),
        ]);
    }
    if (input.status === 'available') {
      if (!datasetName)
        throw validationError([
          problem('datasetName', 'REQUIRED', '已开放须给出数据集', 'An available answer names the dataset'),
        ]);
      if (!(await this.datasets.byName(datasetName)))
        throw validationError([
          problem('datasetName', 'NOT_FOUND', '开放数据集不存在', 'No such open dataset'),
        ]);
    }
    const row = await this.db.transaction(async (tx) => {
      const row = await requestRepo.byId(tx, id, true);
      if (!row || !canAnswerFeedback(principal, row)) {
        await this.audit.record(
          actor,
          {
            action: 'open.request.answer',
            objectType: 'open_request',
            objectId: id,
            departmentId: row?.department_id ?? null,
            outcome: 'denied',
          },
          tx,
        );
        return null;
      }
      if (row.status === 'submitted') throw new AppError('OPEN_FEEDBACK_STATE', { status: row.status });
      if (same(row, input.status, answer, plannedDate, datasetName)) return row;
      await requestRepo.answer(tx, id, {
        status: input.status,
        answer,
        planned_date: plannedDate,
        dataset_name: datasetName,
      });
      await this.audit.record(
        actor,
        {
          action: 'open.request.answer',
          objectType: 'open_request',
          objectId: id,
          departmentId: row.department_id,
          outcome: 'success',
          details: { status: input.status, from: row.status },
        },
        tx,
      );
      return (await requestRepo.byId(tx, id))!;
    });
    // Outside the transaction, so the denied entry stays written.
    if (!row) throw new AppError('OPEN_FEEDBACK_NOT_FOUND', { kind: 'request', id });
    return (await this.present.requests([row]))[0]!;
  }

  /** The department inbox: requests routed to the departments in reach. */
  async inbox(scope: Scope, state: 'waiting' | 'answered' | 'all', limit: number, offset: number) {
    if (scope.kind === 'none') return { total: 0, items: [] as OpenRequestT[] };
    const { total, rows } = await requestRepo.ofDepartments(
      this.db,
      scope.kind === 'all' ? null : scope.ids,
      state,
      limit,
      offset,
    );
    return { total, items: await this.present.requests(rows) };
  }
}

function same(
  row: RequestRow,
  status: string,
  answer: string,
  plannedDate: string | null,
  datasetName: string | null,
): boolean {
  return (
    row.status === status &&
    row.answer === answer &&
    row.planned_date === plannedDate &&
    row.dataset_name === datasetName
  );
}
