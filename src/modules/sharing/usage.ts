import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { OrgService } from '../org/index.ts';
import type { GrantService } from './grants.ts';
import { chinaToday } from '../../lib/time.ts';
import { type AccessGrantRow, type ListFilter } from './repo.ts';
import { usageRepo } from './usage-repo.ts';
import type { AccessLogPageT, AccessLogQueryT, UsageQueryT, UsageReportT } from './schema.ts';

const DAY_MS = 24 * 3600 * 1000;

/** 使用审计: calls per day and grant, unusual-use flags, and each data access as the audit log holds it. */
export class UsageService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly catalog: CatalogService,
    private readonly grants: GrantService,
  ) {}

  async report(f: ListFilter, query: UsageQueryT): Promise<UsageReportT> {
    const days = query.days ?? 30;
    const to = chinaToday();
    const from = chinaToday(new Date(Date.now() - (days - 1) * DAY_MS));
    const data = await usageRepo.usage(
      this.db,
      { ...f, resourceId: query.resourceId, grantId: query.grantId },
      from,
      to,
    );
    const resourceIds = [
      ...new Set([...data.byGrant.map((g) => g.resource_id), ...data.flags.map((x) => x.resource_id)]),
    ];
    const resources = new Map((await this.catalog.publishedResources(resourceIds)).map((r) => [r.id, r]));
    const depts = await this.org.getMany([
      ...data.byGrant.flatMap((g) => [g.consumer_department_id, g.provider_department_id]),
      ...data.flags.map((x) => x.consumer_department_id),
    ]);
    const byDay = new Map(data.byDay.map((d) => [d.day, d]));
    const series: UsageReportT['byDay'] = [];
    for (let i = days - 1; i >= 0; i--) {
      const day = chinaToday(new Date(Date.now() - i * DAY_MS));
      const d = byDay.get(day);
      series.push({
        day,
        calls: Number(d?.calls ?? 0),
        records: Number(d?.records ?? 0),
        denied: Number(d?.denied ?? 0),
      });
    }
    const sum = (k: 'calls' | 'records' | 'denied') => series.reduce((n, d) => n + d[k], 0);
    return {
      from,
      to,
      totals: { calls: sum('calls'), records: sum('records'), denied: sum('denied') },
      byDay: series,
      byGrant: data.byGrant.map((g) => ({
        grantId: g.grant_id,
        resourceId: g.resource_id,
        resourceName: resources.get(g.resource_id)?.name ?? '',
        providerDepartmentName: depts.get(g.provider_department_id)?.name ?? '',
        consumerDepartmentName: depts.get(g.consumer_department_id)?.name ?? '',
        purpose: g.purpose,
        calls: Number(g.calls),
        records: Number(g.records),
        denied: Number(g.denied),
      })),
      flags: data.flags.map((x) => ({
        id: x.id,
        grantId: x.grant_id,
        resourceName: resources.get(x.resource_id)?.name ?? '',
        consumerDepartmentName: depts.get(x.consumer_department_id)?.name ?? '',
        day: x.day,
        kind: x.kind,
        calls: Number(x.calls),
        baseline: Number(x.baseline),
        acknowledgedAt: x.acknowledged_at?.toISOString() ?? null,
      })),
    };
  }

  /** The grant a flag was raised on, for routes to authorize against. */
  async flagGrant(id: string): Promise<AccessGrantRow> {
    const flag = await usageRepo.flag(this.db, id);
    if (!flag) throw new AppError('SHARING_FLAG_NOT_FOUND', { id });
    return this.grants.row(flag.grant_id);
  }

  async acknowledgeFlag(actor: Actor, id: string): Promise<void> {
    const grant = await this.flagGrant(id);
    await this.db.transaction(async (tx) => {
      await usageRepo.acknowledgeFlag(tx, id, actor.name);
      await this.audit.record(
        actor,
        {
          action: 'sharing.usage.acknowledge',
          objectType: 'sharing_usage_flag',
          objectId: id,
          departmentId: grant.provider_department_id,
          outcome: 'success',
        },
        tx,
      );
    });
  }

  /**
   * Data accesses from the audit log, newest first, a page at a time. Provider side: calls on the departments'
   * resources; consumer side: calls made by the departments. `null` side filter: the whole city. A key (a citizen's
   * 身份证号) is searched by its digest: the log holds no key in clear.
   */
  async accessLog(
    side: { providerIds?: string[] | null; consumerIds?: string[] | null },
    query: AccessLogQueryT,
  ): Promise<AccessLogPageT> {
    if (side.providerIds?.length === 0 || side.consumerIds?.length === 0)
      return { items: [], nextCursor: null };
    const { items, nextCursor } = await this.audit.search(
      {
        actionPrefix: 'data.',
        objectType: 'resource',
        objectIds: query.resourceId ? [query.resourceId] : undefined,
        departmentIds: side.consumerIds ?? undefined,
        // Every call on a resource names its provider, refused ones included (indexed: migration 0006).
        providerDepartmentIds: side.providerIds ?? undefined,
        outcome: query.outcome,
        detail: query.grantId ? { grantId: query.grantId } : undefined,
        keyDigest: query.key ? this.audit.subjectDigest(query.key.trim()) : undefined,
      },
      { limit: query.limit ?? 50, before: query.before },
    );
    const resourceIds = [...new Set(items.map((e) => e.objectId).filter((x): x is string => !!x))];
    const resources = new Map(
      (await this.catalog.publishedResources(resourceIds).catch(() => [])).map((r) => [r.id, r]),
    );
    const depts = await this.org.getMany(items.map((e) => e.departmentId).filter((x): x is string => !!x));
    return {
      nextCursor,
      items: items.map((e) => {
        const d = e.details as Record<string, unknown>;
        const arr = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
        return {
          auditId: e.id,
          at: e.at,
          action: e.action,
          outcome: e.outcome,
          code: typeof d.code === 'string' ? d.code : null,
          actorName: e.actorName,
          actorKind: e.actorKind,
          consumerDepartmentName: e.departmentId ? (depts.get(e.departmentId)?.name ?? null) : null,
          resourceId: e.objectId,
          resourceName: e.objectId ? (resources.get(e.objectId)?.name ?? null) : null,
          grantId: typeof d.grantId === 'string' ? d.grantId : null,
          purpose: typeof d.purpose === 'string' ? d.purpose : null,
          keys: arr(d.keys),
          keyCount: typeof d.keyCount === 'number' ? d.keyCount : arr(d.keys).length,
          items: arr(d.items),
          maskedItems: arr(d.maskedItems),
          records: typeof d.records === 'number' ? d.records : 0,
        };
      }),
    };
  }
}
