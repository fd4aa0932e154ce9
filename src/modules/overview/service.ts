import type { AuditService } from '../audit/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import { scopeOf, type Action, type IdentityService, type Principal, type Role } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import type { AccessRequestT, SharingService } from '../sharing/index.ts';
import type { CityFiguresT, HomeRequestT, HomeT } from './schema.ts';

type Section<K extends keyof HomeT> = NonNullable<HomeT[K]>;

const DAY_MS = 86_400_000;
// How far ahead the operator is warned of agreements ending: a month leaves time to sign the next one.
const LAPSING_WITHIN_DAYS = 30;
// How far back the auditor's list of refusals reaches.
const DENIED_WITHIN_DAYS = 7;
// Lines per list on the home page; each list says how many there are in all.
const SAMPLE = 5;
const REQUEST_STATUSES = ['pending', 'second_review', 'approved', 'rejected', 'withdrawn'] as const;

export interface OverviewDeps {
  org: OrgService;
  identity: IdentityService;
  audit: AuditService;
  catalog: CatalogService;
  exchange: ExchangeService;
  sharing: SharingService;
}

/** A calendar day in China Standard Time (agreements end on a day, not an instant). */
function cstDay(at: number): string {
  return new Date(at + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function homeRequest(r: AccessRequestT): HomeRequestT {
  return {
    id: r.id,
    resourceName: r.resourceName,
    providerDepartmentName: r.providerDepartmentName,
    consumerDepartmentName: r.consumerDepartmentName,
    status: r.status,
    dueAt: r.dueAt,
    overdue: r.overdue,
    createdAt: r.createdAt,
  };
}

/** Does the principal reach the whole city for every one of `actions`? */
function cityWide(principal: Principal, actions: Action[]): boolean {
  return actions.every((action) => scopeOf(principal, action).kind === 'all');
}

/**
 * The departments a department-bound role of the principal is for, narrowed to those every one of `actions`
 * reaches (the policy has the last word, whatever the role's name promises).
 */
function departmentsOf(principal: Principal, role: Role, actions: Action[]): string[] {
  const ids = principal.roles
    .filter((grant) => grant.role === role)
    .map((grant) => grant.departmentId ?? principal.departmentId)
    .filter((id): id is string => id !== null);
  return [...new Set(ids)].filter((id) =>
    actions.every((action) => {
      const scope = scopeOf(principal, action);
      return scope.kind === 'all' || (scope.kind === 'departments' && scope.ids.includes(id));
    }),
  );
}

/**
 * 首页: each role's own work, gathered from the other modules' services (never their tables). A section is there
 * only when the caller holds the role it is for and the policy lets it read everything the section shows.
 */
export class OverviewService {
  constructor(private readonly deps: OverviewDeps) {}

  /** The city's figures, counted from the data on every call, never stored. */
  async cityFigures(): Promise<CityFiguresT> {
    const { org, identity, audit } = this.deps;
    const [orgCounts, idCounts, auditLast24h] = await Promise.all([
      org.counts(),
      identity.counts(),
      audit.countSince(new Date(Date.now() - DAY_MS)),
    ]);
    return {
      departments: orgCounts.departments,
      users: idCounts.users,
      activeApiKeys: idCounts.activeApiKeys,
      regions: {
        district: orgCounts.regions.district ?? 0,
        town: orgCounts.regions.town ?? 0,
        village: orgCounts.regions.village ?? 0,
      },
      auditLast24h,
      usersByRole: idCounts.usersByRole,
    };
  }

  async home(principal: Principal): Promise<HomeT> {
    const roles = new Set(principal.roles.map(({ role }) => role));
    const home: HomeT = {};
    // One after the other: on PGlite every query shares one connection anyway, and a home is a handful of reads.
    if (
      roles.has('platform_admin') &&
      cityWide(principal, ['overview.read', 'sharing.review', 'sharing.agreement.read'])
    )
      home.operator = await this.operator();
    const stewarded = departmentsOf(principal, 'dept_steward', [
      'sharing.approve',
      'exchange.read',
      'exchange.subscribe',
    ]);
    if (stewarded.length) home.steward = await this.steward(stewarded);
    const consuming = departmentsOf(principal, 'dept_consumer', ['sharing.request', 'sharing.usage']);
    if (consuming.length) home.consumer = await this.consumer(consuming);
    if (roles.has('auditor') && cityWide(principal, ['audit.read'])) home.auditor = await this.auditor();
    if (roles.has('service_staff') && scopeOf(principal, 'catalog.read').kind !== 'none')
      home.staff = await this.staff();
    if (roles.has('citizen') && cityWide(principal, ['department.read', 'region.read']))
      home.citizen = await this.citizen();
    return home;
  }

  private async operator(): Promise<Section<'operator'>> {
    const { sharing } = this.deps;
    const city = await this.cityFigures();
    const overdue = await sharing.requests.list({}, { overdue: true }, SAMPLE, 0);
    const second = await sharing.requests.list({}, { status: 'second_review' }, SAMPLE, 0);
    const horizon = cstDay(Date.now() + LAPSING_WITHIN_DAYS * DAY_MS);
    const lapsing = (await sharing.agreements.list(null, 'in_force'))
      .filter((a) => a.validTo <= horizon)
      .sort((a, b) => a.validTo.localeCompare(b.validTo));
    const coverage = await sharing.agreements.coverage();
    return {
      city,
      overdueRequests: { total: overdue.total, items: overdue.items.map(homeRequest) },
      secondReviews: { total: second.total, items: second.items.map(homeRequest) },
      lapsingAgreements: {
        total: lapsing.length,
        items: lapsing.slice(0, SAMPLE).map((a) => ({
          id: a.id,
          departmentName: a.departmentName,
          title: a.title,
          validTo: a.validTo,
        })),
      },
      lapsingWithinDays: LAPSING_WITHIN_DAYS,
      departmentsWithoutAgreement: coverage.filter((d) => d.inForceUntil === null).length,
    };
  }

  private async departments(ids: string[]) {
    const found = await this.deps.org.getMany(ids);
    return ids.map((id) => ({ id, name: found.get(id)?.name ?? '' }));
  }

  private async steward(ids: string[]): Promise<Section<'steward'>> {
    const { sharing, exchange } = this.deps;
    const inbox = await sharing.requests.list({ providerIds: ids }, { status: 'pending' }, SAMPLE, 0);
    const late = await sharing.requests.list(
      { providerIds: ids },
      { status: 'pending', overdue: true },
      1,
      0,
    );
    // A department's record resources are tens at most: all of them, so the figures below are complete.
    const { items: resources } = await exchange.resources({ kind: 'departments', ids }, { limit: 500 });
    const attention = (r: (typeof resources)[number]) => (r.openQuarantine > 0 ? 2 : 0) + (r.overdue ? 1 : 0);
    const ranked = [...resources].sort((a, b) => attention(b) - attention(a));
    const quarantined = resources.filter((r) => r.openQuarantine > 0);
    const subscriptions = await exchange.subscriptions({ consumerIds: ids, providerIds: ids });
    const deadLetters = subscriptions.length
      ? await exchange.deadLetters(
          subscriptions.map((s) => s.id),
          true,
        )
      : [];
    return {
      departments: await this.departments(ids),
      inbox: { total: inbox.total, items: inbox.items.map(homeRequest) },
      inboxOverdue: late.total,
      quarantine: {
        total: quarantined.length,
        items: quarantined.slice(0, SAMPLE).map((r) => ({
          resourceId: r.id,
          resourceName: r.name,
          openRows: r.openQuarantine,
        })),
      },
      quarantinedRows: quarantined.reduce((n, r) => n + r.openQuarantine, 0),
      deadLetters: {
        total: deadLetters.length,
        items: deadLetters.slice(0, SAMPLE).map((d) => ({
          id: d.id,
          resourceName: d.resourceName,
          consumerDepartmentName: d.consumerDepartmentName,
          attempts: d.attempts,
          createdAt: d.createdAt,
        })),
      },
      resources: {
        total: resources.length,
        items: ranked.slice(0, SAMPLE).map((r) => ({
          id: r.id,
          name: r.name,
          recordsHeld: r.recordsHeld,
          lastChangeAt: r.lastChangeAt,
          overdue: r.overdue,
          openQuarantine: r.openQuarantine,
          subscriptions: r.subscriptions,
        })),
      },
    };
  }

  private async consumer(ids: string[]): Promise<Section<'consumer'>> {
    const { sharing } = this.deps;
    const mine = { consumerIds: ids };
    const byStatus = {} as Section<'consumer'>['requestsByStatus'];
    for (const status of REQUEST_STATUSES)
      byStatus[status] = (await sharing.requests.list(mine, { status }, 1, 0)).total;
    const recent = await sharing.requests.list(mine, {}, SAMPLE, 0);
    const grants = await sharing.grants.list(mine, SAMPLE, 0, 'active');
    return {
      departments: await this.departments(ids),
      requestsByStatus: byStatus,
      recentRequests: { total: recent.total, items: recent.items.map(homeRequest) },
      activeGrants: {
        total: grants.total,
        items: grants.items.map((g) => ({
          id: g.id,
          resourceName: g.resourceName,
          providerDepartmentName: g.providerDepartmentName,
          purpose: g.purpose,
          callsToday: g.callsToday,
          dailyQuota: g.dailyQuota,
          validTo: g.validTo,
        })),
      },
    };
  }

  private async auditor(): Promise<Section<'auditor'>> {
    const { audit } = this.deps;
    const since = new Date(Date.now() - DENIED_WITHIN_DAYS * DAY_MS);
    const denied = await audit.search({ outcome: 'denied', from: since.toISOString() }, { limit: 10 });
    const {
      items: [checkpoint],
    } = await audit.checkpoints({ limit: 1 });
    return {
      recentDenied: denied.items.map((e) => ({
        id: e.id,
        at: e.at,
        actorName: e.actorName,
        action: e.action,
        objectType: e.objectType,
        objectName: e.objectName,
        departmentName: e.departmentName,
      })),
      deniedWithinDays: DENIED_WITHIN_DAYS,
      entriesLast24h: await audit.countSince(new Date(Date.now() - DAY_MS)),
      lastCheckpoint: checkpoint
        ? { id: checkpoint.id, at: checkpoint.at, trusted: checkpoint.trusted }
        : null,
    };
  }

  private async staff(): Promise<Section<'staff'>> {
    const stats = await this.deps.catalog.stats();
    return {
      publishedResources: stats.resources,
      providingDepartments: stats.departments,
      bySharingType: stats.bySharingType.map(({ value, count }) => ({ value, count })),
    };
  }

  private async citizen(): Promise<Section<'citizen'>> {
    const counts = await this.deps.org.counts();
    return {
      departments: counts.departments,
      regions: {
        district: counts.regions.district ?? 0,
        town: counts.regions.town ?? 0,
        village: counts.regions.village ?? 0,
      },
    };
  }
}
