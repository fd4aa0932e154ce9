import type { Actor } from '../modules/audit/index.ts';
import type { Role } from '../modules/identity/index.ts';
import type { Services } from '../server/context.ts';
import { buildDemoCatalog } from './catalog/index.ts';
import { buildDepartments, buildRegions, CITY_CODE } from './city/index.ts';
import { seedDemoEconomy, type DemoEconomyReport } from './economy.ts';
import { seedDemoExchange, type DemoExchangeReport } from './exchange.ts';
import { seedDemoLicenses, type DemoLicenseReport } from './licenses.ts';
import { seedDemoCredit, type DemoCreditReport } from './credit.ts';
import { seedDemoRegistries, type DemoRegistriesReport } from './registries.ts';
import { seedDemoCitizen, type DemoCitizenReport } from './citizen.ts';
import { seedDemoRegistryConsumers, type DemoRegistryConsumersReport } from './registry-consumers.ts';
import { runDemoConsumers, seedDemoSharing, type DemoSharingReport } from './sharing.ts';
import { seedDemoGeo } from './geo.ts';
import { seedDemoOpenData, type DemoOpenDataReport } from './open-data.ts';
import { seedDemoDevelopers, type DemoDevelopersReport } from './open-developers.ts';
import { seedDemoOpenFeedback, type DemoFeedbackReport } from './open-feedback.ts';
import { seedDemoServices, type DemoServicesReport } from './services.ts';
import { seedDemoServiceCases, type DemoCaseSummary } from './cases.ts';

export interface DemoUserSpec {
  username: string;
  displayName: string;
  role: Role;
  /** Department key; the role is scoped to it when the role is department-bound. */
  department: string | null;
}

/** The demo users, one or more per role; the README lists them. */
export const DEMO_USERS: readonly DemoUserSpec[] = [
  { username: 'admin', displayName: '平台管理员', role: 'platform_admin', department: 'xxzx' },
  { username: 'auditor', displayName: '审计员 周敏', role: 'auditor', department: 'sjj' },
  { username: 'gaj_steward', displayName: '公安局数据管理员 王强', role: 'dept_steward', department: 'gaj' },
  { username: 'mzj_steward', displayName: '民政局数据管理员 李静', role: 'dept_steward', department: 'mzj' },
  { username: 'rsj_steward', displayName: '人社局数据管理员 张伟', role: 'dept_steward', department: 'rsj' },
  {
    username: 'scjgj_steward',
    displayName: '市场监管局数据管理员 刘洋',
    role: 'dept_steward',
    department: 'scjgj',
  },
  // 发改委 keeps the macro-economic database: its steward runs the registry's sync.
  { username: 'fgw_steward', displayName: '发改委数据管理员 吴昊', role: 'dept_steward', department: 'fgw' },
  {
    username: 'gjj_consumer',
    displayName: '公积金中心业务人员 陈晨',
    role: 'dept_consumer',
    department: 'gjj',
  },
  {
    username: 'bdc_consumer',
    displayName: '不动产登记中心业务人员 杨帆',
    role: 'dept_consumer',
    department: 'bdc',
  },
  { username: 'zwb_staff', displayName: '政务服务中心窗口 赵丽', role: 'service_staff', department: 'zwb' },
  { username: 'citizen', displayName: '市民 孙悦', role: 'citizen', department: null },
];

export interface SeedReport {
  regions: number;
  departments: number;
  /** Catalog resources published by this run (0 when the catalog already had resources). */
  resources: number;
  users: { username: string; role: Role; password: string | null }[];
  exchange: DemoExchangeReport;
  /** 宏观经济: observations loaded into 统计局's resource and applied by the registry (null without records). */
  economy: DemoEconomyReport | null;
  sharing: DemoSharingReport & { consumerCalls: number };
  /** The standard address base (rows held after the run; `loaded` when this run built it; the step's ms). */
  geo: Awaited<ReturnType<typeof seedDemoGeo>>;
  /** The e-license library: types added, licenses issued by this run, and the step's time. */
  licenses: DemoLicenseReport;
  /** 社会信用: 双公示 records, list entries and objections or repair applications added by this run, and the time. */
  credit: DemoCreditReport;
  /** The population and legal-person registries: grants asked for, sources attached, dirty sources loaded. */
  registries: DemoRegistriesReport;
  /** Departments' requests and grants on the registries' golden records (and a subscription), added by this run. */
  registryConsumers: DemoRegistryConsumersReport;
  citizen: DemoCitizenReport;
  /** 公共数据开放: the open resources loaded by this run (those that held no records) and the records they got. */
  openData: DemoOpenDataReport;
  /** 公共数据开放's demo developer: the account (when this run made it), its key and applications. */
  openDevelopers: DemoDevelopersReport;
  openFeedback: DemoFeedbackReport;
  /** 政务服务事项: the 7,505 items published by this run (0 when the catalogue had items), their materials, the time. */
  services: DemoServicesReport;
  /** 办件: the cases of the demo's history opened by this run, by state, and the result licenses they issued. */
  cases: DemoCaseSummary;
}

export type SeedProgress = (step: string, done: number, total: number) => void;

/**
 * Builds the demo city: regions, the 60 departments, the demo users and the published catalog. Deterministic and
 * idempotent: a second run finds everything present and changes nothing.
 * Passwords: `password` for every demo user when given, otherwise a random one each, returned once.
 */
export async function seedDemoCity(
  services: Services,
  actor: Actor,
  options: {
    password?: string | undefined;
    onProgress?: SeedProgress;
    /** People in the demo population (the other record sets scale with it); 0 loads no records. */
    people?: number | undefined;
    /** Records for the open resources (公共数据开放), split among them; default 20,000, at most 650,000, 0 for none. */
    openRecords?: number | undefined;
    /** Cases of the year of 办件 history; default 150, 0 for none (none either when `people` is 0). */
    cases?: number | undefined;
    /** Where the demo consumer system receives webhooks (`http://host:port/api/demo/receiver`). */
    webhookUrl?: string | undefined;
  } = {},
): Promise<SeedReport> {
  const progress = options.onProgress ?? (() => undefined);
  const regions = buildRegions();
  const before = await services.org.counts();
  progress('regions', 0, regions.length);
  await services.org.loadRegions(regions);
  progress('regions', regions.length, regions.length);

  const departments = buildDepartments();
  const ids = new Map<string, string>();
  // Parents before children: a department's parent must exist when it is inserted.
  const ordered = [...departments.filter((d) => !d.parentKey), ...departments.filter((d) => d.parentKey)];
  for (const [i, d] of ordered.entries()) {
    const id = await services.org.ensureDepartment({
      key: d.key,
      name: d.name,
      shortName: d.shortName,
      uscc: d.uscc,
      regionCode: CITY_CODE,
      parentId: d.parentKey ? (ids.get(d.parentKey) ?? null) : null,
    });
    ids.set(d.key, id);
    progress('departments', i + 1, ordered.length);
  }

  const after = await services.org.counts();
  const added = {
    departments: after.departments - before.departments,
    regions:
      Object.values(after.regions).reduce((a, b) => a + b, 0) -
      Object.values(before.regions).reduce((a, b) => a + b, 0),
  };
  if (added.departments || added.regions) {
    await services.audit.record(actor, {
      action: 'demo.seed',
      objectType: 'city',
      objectId: CITY_CODE,
      outcome: 'success',
      details: added,
    });
  }

  // All at once: each user's argon2 hash is computed off the event loop, so the hashes run side by side on the
  // thread pool while the inserts take their turns on the database.
  let usersDone = 0;
  const ensured = await Promise.all(
    DEMO_USERS.map(async (u) => {
      const departmentId = u.department ? (ids.get(u.department) ?? null) : null;
      const scoped = u.role === 'dept_steward' || u.role === 'dept_consumer' || u.role === 'service_staff';
      const result = await services.identity.ensureUser(actor, {
        username: u.username,
        displayName: u.displayName,
        password: options.password,
        departmentId,
        roles: [{ role: u.role, departmentId: scoped ? departmentId : null }],
      });
      progress('users', ++usersDone, DEMO_USERS.length);
      return { u, result };
    }),
  );
  const users: SeedReport['users'] = ensured
    .filter(({ result }) => result.created)
    .map(({ u, result }) => ({
      username: u.username,
      role: u.role,
      password: options.password ? null : result.password,
    }));
  // The published catalog, loaded through the catalog service in one transaction.
  // Data-change times are relative to now, so about one resource in twelve is overdue whenever the city is seeded.
  const catalog = buildDemoCatalog(undefined, new Date());
  const resources = await services.catalog.seedPublished(
    actor,
    catalog.map(({ departmentKey, ...resource }) => ({ ...resource, departmentId: ids.get(departmentKey)! })),
    (done, total) => progress('catalog', done, total),
  );
  // The address base needs only the regions; generated in SQL, it costs a fraction of a second (no progress step).
  const geo = await seedDemoGeo(services, actor);
  // Agreements, requests and grants come before the records: the demo subscriptions need their grants.
  progress('sharing', 0, 1);
  const sharing = await seedDemoSharing(services, actor, ids);
  progress('sharing', 1, 1);
  const exchange =
    options.people === 0
      ? { loaded: [], subscriptions: 0 }
      : await seedDemoExchange(services, actor, ids, {
          people: options.people,
          webhookBase: options.webhookUrl,
          onProgress: progress,
        });
  const consumerCalls = options.people === 0 ? 0 : await runDemoConsumers(services, ids, sharing.keys);
  // Well under a second (no progress step of its own): the observations, the registry's subscription and sync.
  const economy = options.people === 0 ? null : await seedDemoEconomy(services, actor, ids);
  // After the records: the license holders come from the population the exchange step has just computed.
  const licenses = await seedDemoLicenses(services, actor, ids, { people: options.people });
  // After the catalog and the license types its materials point at: the 7,505 service items, in bulk (a few
  // seconds on PGlite; no progress step of its own).
  const serviceItems = await seedDemoServices(services, actor, ids);
  // After the licenses, well under a second (no progress step of its own): the enterprises' 双公示 records, lists and
  // objections, and the demo citizen's own.
  const credit = await seedDemoCredit(services, actor, ids, { people: options.people });
  // After credit has bound her account: the demo citizen's household record, her 户口簿 and uses of her data.
  const citizen = await seedDemoCitizen(services, actor, ids, { people: options.people });
  // After the items and the citizen: a year of cases (about 20 ms each on PGlite), in the run that published the
  // items (a second run finds them and adds none).
  const cases =
    serviceItems.items > 0 && options.people !== 0
      ? await seedDemoServiceCases(services, actor, { count: options.cases ?? 150 })
      : { opened: 0, byState: {}, licenses: 0 };
  // The registries' grants, their own dirty sources and subscriptions; the server's sync loop reads them (no
  // progress step: the linking runs in the background after start).
  const registries = await seedDemoRegistries(services, actor, ids, { people: options.people });
  // Other departments' grants on the registries' resources: they need no golden record to exist yet.
  const registryConsumers = await seedDemoRegistryConsumers(services, actor, ids);
  // Last, after the exchange and the registries' steps: records for every open resource those left empty, one
  // ingest batch each (about 6 s on PGlite for the default 20,000).
  const openData = await seedDemoOpenData(services, actor, ids, {
    records: options.openRecords,
    people: options.people,
    onProgress: progress,
  });
  // After the open data: the developer's applications name its datasets.
  const openDevelopers = await seedDemoDevelopers(services, actor, ids, { password: options.password });
  if (openDevelopers.user) users.push({ ...openDevelopers.user, role: 'developer' });
  // After the developer exists: requests, ratings, a report and showcases by the citizen and the developer.
  const openFeedback = await seedDemoOpenFeedback(services, ids);
  return {
    regions: regions.length,
    departments: departments.length,
    resources,
    users,
    exchange,
    economy,
    sharing: { ...sharing.report, consumerCalls },
    geo,
    licenses,
    credit,
    registries,
    registryConsumers,
    citizen,
    openData,
    openDevelopers,
    openFeedback,
    services: serviceItems,
    cases,
  };
}
