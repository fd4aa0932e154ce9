/**
 * 公共数据开放's demo developer: one account (role developer, the demo password like every demo user, or a random
 * one reported once), an API key (its secret is not kept: the developer makes a new one in the console to call
 * with), and two 有条件开放 applications through the real service — one the operator approved, one pending for the
 * department of a demo steward, so the approval page has work. Idempotent: a developer with applications is left
 * alone.
 */
import type { Actor } from '../modules/audit/index.ts';
import { chinaDaysFromNow } from '../lib/time.ts';
import type { Services } from '../server/context.ts';

export const DEMO_DEVELOPER = { username: 'developer', displayName: '开发者 钱进' };
/** Departments whose demo steward decides applications, in the order the pending one is looked for. */
const STEWARDED = ['gaj', 'mzj', 'rsj', 'scjgj', 'fgw'];

export interface DemoDevelopersReport {
  user: { username: string; password: string | null } | null;
  keys: number;
  applications: { approved: number; pending: number };
}

export async function seedDemoDevelopers(
  services: Services,
  actor: Actor,
  departmentIds: ReadonlyMap<string, string>,
  options: { password?: string | undefined } = {},
): Promise<DemoDevelopersReport> {
  const report: DemoDevelopersReport = { user: null, keys: 0, applications: { approved: 0, pending: 0 } };
  const ensured = await services.identity.ensureUser(actor, {
    ...DEMO_DEVELOPER,
    password: options.password,
    departmentId: null,
    roles: [{ role: 'developer', departmentId: null }],
  });
  if (ensured.created)
    report.user = { username: DEMO_DEVELOPER.username, password: options.password ? null : ensured.password };
  const { developers, datasets } = services.open;
  if ((await developers.applications.list({ developerId: ensured.id }, 1, 0)).total > 0) return report;

  const developer: Actor = {
    id: ensured.id,
    name: DEMO_DEVELOPER.username,
    kind: 'user',
    ip: null,
    requestId: null,
  };
  if (!(await developers.keys.mine(ensured.id)).length) {
    await developers.keys.create(developer, ensured.id, '演示应用');
    report.keys = 1;
  }

  const conditional = (await datasets.list()).filter((d) => d.openType === 'conditional');
  const rank = (departmentId: string) => {
    const i = STEWARDED.findIndex((key) => departmentIds.get(key) === departmentId);
    return i < 0 ? STEWARDED.length : i;
  };
  const ordered = [...conditional].sort(
    (a, b) => rank(a.resource.departmentId) - rank(b.resource.departmentId) || a.name.localeCompare(b.name),
  );
  const [forPending, forApproval] = ordered;
  const apply = (name: string, items: string[], purpose: string) =>
    developers.applications.apply(developer, ensured.id, {
      dataset: name,
      purpose,
      items,
      periodEnd: chinaDaysFromNow(180),
    });
  const openItems = (d: (typeof conditional)[number]) =>
    d.columns.filter((c) => !c.sensitive).map((c) => c.name);

  if (forApproval) {
    const admin = await services.identity.findUserByUsername('admin');
    const operator: Actor = admin
      ? { id: admin.id, name: admin.username, kind: 'user', ip: null, requestId: null }
      : actor;
    const application = await apply(
      forApproval.name,
      openItems(forApproval).slice(0, 4),
      '开发便民地图应用，展示本市公共服务设施的分布与开放时间',
    );
    await developers.applications.decide(operator, application.id, {
      decision: 'approve',
      reason: '用途明确，数据项限于应用所需',
    });
    report.applications.approved = 1;
  }
  if (forPending) {
    await apply(
      forPending.name,
      openItems(forPending).slice(0, 3),
      '高校课题研究：分析本市公共数据的开放利用情况',
    );
    report.applications.pending = 1;
  }
  return report;
}
