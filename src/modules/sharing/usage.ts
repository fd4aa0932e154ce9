import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { OrgService } from '../org/index.ts';
import type { GrantService } from './grants.ts';
import { chinaToday } from '../../lib/time.ts';
import { type AccessGrantRow, type ListFilter } from './repo.ts';
import { accessRepo } from './access-repo.ts';
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
   * Data accesses from the access log (`sharing_access_log`), newest first, a page at a time. Provider side: calls
   * on the departments' resources; consumer side: calls made by the departments. `null` side filter: the whole
   * city. A key (a citizen's 身份证号) is searched by its digest: the log holds no key in clear.
   */
  async accessLog(
    side: { providerIds?: string[] | null; consumerIds?: string[] | null },
    query: AccessLogQueryT,
  ): Promise<AccessLogPageT> {
    if (side.providerIds?.length === 0 || side.consumerIds?.length === 0)
      return { items: [], nextCursor: null };
    const limit = query.limit ?? 50;
    const rows = await accessRepo.list(
      this.db,
      {
        providerIds: side.providerIds ?? undefined,
        consumerIds: side.consumerIds ?? undefined,
        resourceId: query.resourceId,
        grantId: query.grantId,
        outcome: query.outcome,
        keyDigest: query.key ? this.audit.subjectDigest(query.key.trim()) : undefined,
        before: query.before,
      },
      limit + 1,
    );
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const resourceIds = [...new Set(shown.map((r) => r.resource_id))];
    const resources = new Map(
      (await this.catalog.publishedResources(resourceIds).catch(() => [])).map((r) => [r.id, r]),
    );
    const depts = await this.org.getMany(
      shown.map((r) => r.consumer_department_id).filter((x): x is string => !!x),
    );
    return {
      nextCursor: more ? shown.at(-1)!.id : null,
      items: shown.map((r) => ({
        auditId: r.id,
        at: r.at.toISOString(),
        action: r.action,
        outcome: r.outcome,
        code: r.code,
        actorName: r.actor_name,
        actorKind: r.actor_kind,
        consumerDepartmentName: r.consumer_department_id
          ? (depts.get(r.consumer_department_id)?.name ?? null)
          : null,
        resourceId: r.resource_id,
        resourceName: resources.get(r.resource_id)?.name ?? null,
        grantId: r.grant_id,
        purpose: r.purpose,
        keys: [],
        keyCount: Number(r.key_count),
        items: r.items,
        maskedItems: r.masked_items,
        records: Number(r.records),
      })),
    };
  }
}

/** Days data-access rows are kept by default (the usage figures per day outlive them in `sharing_usage`). */
export const ACCESS_LOG_RETENTION_DAYS = 400;
const DAY = 86_400_000;

/**
 * Retention of the data-access rows: whole days (partitions) older than the window are dropped, and `audit verify`
 * stops expecting the rows of batch entries before the horizon it records.
 */
export class AccessRetention {
  constructor(
    private readonly db: Db,
    private readonly days = ACCESS_LOG_RETENTION_DAYS,
  ) {}

  /** Removes the accesses of days that ended more than the window ago; counts what went. */
  purgeExpired(now: Date, days = this.days): Promise<{ partitions: number; rows: number }> {
    // Midnight (China Standard Time) of the first day kept.
    const firstKept = new Date(`${chinaToday(new Date(now.getTime() - days * DAY))}T00:00:00+08:00`);
    return this.db.transaction((tx) => accessRepo.purgeBefore(tx, firstKept));
  }
}
