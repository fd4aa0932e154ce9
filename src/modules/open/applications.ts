/**
 * 有条件开放 applications (开放数据使用申请): a developer asks for a conditional dataset — a purpose, the items
 * wanted (never a sensitive one: 敏感 items are no column of any open dataset) and a last day at most a year ahead —
 * and the providing department's steward, or the operator, approves or rejects it with a reason, and may revoke an
 * approval later. Who may decide is the policy's (`open.application.decide` within the department); the rules of
 * the application itself are here. The keyed reads check `inForce` on every call.
 */
import type { Db } from '../../db/index.ts';
import { AppError, validationError, type FieldError } from '../../core/errors.ts';
import { chinaDaysFromNow, chinaToday } from '../../lib/time.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { OrgService } from '../org/index.ts';
import type { Dataset, OpenDatasets } from './datasets.ts';
import { developerRepo, type ApplicationRow, type ApplicationStatus } from './developer-repo.ts';
import type { ApplyBodyT, DecideBodyT, OpenApplicationT } from './developer-schema.ts';
import type { Accounts } from './keys.ts';

/** The longest period an application may ask for: a year from today. */
export const MAX_PERIOD_DAYS = 365;

export type DepartmentScope = { kind: 'all' } | { kind: 'departments'; ids: string[] } | { kind: 'none' };

export class OpenApplications {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly datasets: OpenDatasets,
    private readonly org: Pick<OrgService, 'getMany'>,
    private readonly accounts: Accounts,
  ) {}

  async apply(actor: Actor, developerId: string, body: ApplyBodyT): Promise<OpenApplicationT> {
    const ds = await this.datasets.byName(body.dataset);
    if (!ds) throw new AppError('OPEN_DATASET_NOT_FOUND', { name: body.dataset });
    if (ds.openType !== 'conditional')
      throw new AppError('OPEN_APPLICATION_NOT_CONDITIONAL', { name: ds.name });
    const errors = [...itemErrors(ds, body.items), ...periodErrors(body.periodEnd)];
    if (errors.length) throw validationError(errors);
    const row = await this.db.transaction(async (tx) => {
      const row = await developerRepo.insertApplication(tx, {
        developerId,
        resourceId: ds.resource.id,
        departmentId: ds.resource.departmentId,
        purpose: body.purpose.trim(),
        // In the catalog's order, whatever order they were asked in.
        items: ds.columns.filter((c) => body.items.includes(c.name)).map((c) => c.name),
        periodStart: chinaToday(),
        periodEnd: body.periodEnd,
      });
      if (!row) throw new AppError('OPEN_APPLICATION_EXISTS', { name: ds.name });
      await this.audit.record(
        actor,
        {
          action: 'open.application.create',
          objectType: 'open_application',
          objectId: row.id,
          departmentId: row.department_id,
          outcome: 'success',
          details: {
            dataset: ds.name,
            resourceId: ds.resource.id,
            items: row.items,
            periodEnd: row.period_end,
          },
        },
        tx,
      );
      return row;
    });
    return (await this.present([row]))[0]!;
  }

  async get(id: string): Promise<ApplicationRow> {
    const row = await developerRepo.applicationById(this.db, id);
    if (!row) throw new AppError('OPEN_APPLICATION_NOT_FOUND', { id });
    return row;
  }

  /** A developer's own applications, or those of the departments a steward's scope reaches. */
  async list(
    filter: { developerId?: string; scope?: DepartmentScope; status?: ApplicationStatus | undefined },
    limit: number,
    offset: number,
  ): Promise<{ total: number; items: OpenApplicationT[] }> {
    if (filter.scope?.kind === 'none') return { total: 0, items: [] };
    const { total, rows } = await developerRepo.applications(
      this.db,
      {
        developerId: filter.developerId,
        departmentIds: filter.scope?.kind === 'departments' ? filter.scope.ids : undefined,
        status: filter.status,
      },
      limit,
      offset,
    );
    return { total, items: await this.present(rows) };
  }

  /**
   * Approves or rejects a pending application (a rejection needs a reason). Deciding it the same way again answers
   * it as it is; the other way is a 409.
   */
  async decide(actor: Actor, id: string, body: DecideBodyT): Promise<OpenApplicationT> {
    const status: ApplicationStatus = body.decision === 'approve' ? 'approved' : 'rejected';
    const reason = body.reason?.trim() || null;
    if (status === 'rejected' && !reason)
      throw validationError([
        {
          field: 'reason',
          code: 'REQUIRED',
          message: { zh: '驳回申请须说明理由', en: 'A rejection needs a reason' },
        },
      ]);
    return this.#move(actor, id, { from: 'pending', to: status, reason });
  }

  /** Ends an approval before its period does: the developer's next call is refused. */
  async revoke(actor: Actor, id: string, reason: string): Promise<OpenApplicationT> {
    return this.#move(actor, id, { from: 'approved', to: 'revoked', reason: reason.trim() });
  }

  async #move(
    actor: Actor,
    id: string,
    m: { from: ApplicationStatus; to: ApplicationStatus; reason: string | null },
  ): Promise<OpenApplicationT> {
    await this.db.transaction(async (tx) => {
      const row = await developerRepo.applicationById(tx, id, true);
      if (!row) throw new AppError('OPEN_APPLICATION_NOT_FOUND', { id });
      if (row.status === m.to) return;
      if (row.status !== m.from)
        throw new AppError('OPEN_APPLICATION_STATE', { status: row.status, wanted: m.to });
      await developerRepo.decide(tx, id, {
        status: m.to,
        reason: m.reason,
        decidedBy: actor.kind === 'user' ? actor.id : null,
      });
      await this.audit.record(
        actor,
        {
          action: `open.application.${m.to === 'approved' ? 'approve' : m.to === 'rejected' ? 'reject' : 'revoke'}`,
          objectType: 'open_application',
          objectId: id,
          departmentId: row.department_id,
          outcome: 'success',
          details: { developerId: row.developer_id, resourceId: row.resource_id, reason: m.reason },
        },
        tx,
      );
    });
    return (await this.present([await this.get(id)]))[0]!;
  }

  /** The approval that lets this developer read this dataset today, read afresh on every call. */
  async inForce(developerId: string, resourceId: string): Promise<ApplicationRow | null> {
    return (await developerRepo.approvalInForce(this.db, developerId, resourceId, chinaToday())) ?? null;
  }

  async present(rows: ApplicationRow[]): Promise<OpenApplicationT[]> {
    const today = chinaToday();
    const departments = await this.org.getMany([...new Set(rows.map((r) => r.department_id))]);
    const developers = new Map<string, { id: string; username: string; displayName: string }>();
    for (const id of new Set(rows.map((r) => r.developer_id))) {
      const u = await this.accounts.getUser(id);
      developers.set(id, { id: u.id, username: u.username, displayName: u.displayName });
    }
    const out: OpenApplicationT[] = [];
    for (const r of rows) {
      const ds = await this.datasets.byResourceId(r.resource_id);
      out.push({
        id: r.id,
        status: r.status,
        dataset: {
          resourceId: r.resource_id,
          name: ds?.name ?? null,
          title: ds?.resource.name ?? r.resource_id,
        },
        department: { id: r.department_id, name: departments.get(r.department_id)?.name ?? r.department_id },
        developer: developers.get(r.developer_id)!,
        purpose: r.purpose,
        items: r.items,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        inForce: r.status === 'approved' && r.period_start <= today && r.period_end >= today,
        reason: r.reason,
        decidedAt: r.decided_at?.toISOString() ?? null,
        createdAt: r.created_at.toISOString(),
      });
    }
    return out;
  }
}

/** Every item asked for is a column of the dataset and none is sensitive; each wrong one named. */
function itemErrors(ds: Dataset, items: readonly string[]): FieldError[] {
  const byName = new Map(ds.columns.map((c) => [c.name, c]));
  const errors: FieldError[] = [];
  items.forEach((name, i) => {
    const column = byName.get(name);
    if (!column)
      errors.push({
        field: `items[${i}]`,
        code: 'UNKNOWN_ITEM',
        message: { zh: `数据集中没有信息项“${name}”`, en: `The dataset has no item "${name}"` },
      });
    else if (column.sensitive)
      errors.push({
        field: `items[${i}]`,
        code: 'SENSITIVE',
        message: {
          zh: `“${name}”是敏感信息项，不予开放`,
          en: `"${name}" is a sensitive item and is never opened`,
        },
      });
  });
  return errors;
}

function periodErrors(periodEnd: string): FieldError[] {
  if (periodEnd >= chinaToday() && periodEnd <= chinaDaysFromNow(MAX_PERIOD_DAYS)) return [];
  return [
    {
      field: 'periodEnd',
      code: 'OUT_OF_RANGE',
      message: {
        zh: '使用期限须从今天起，最长一年',
        en: 'The period must end between today and a year from today',
      },
    },
  ];
}
