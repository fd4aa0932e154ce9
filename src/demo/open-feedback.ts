/**
 * 公共数据开放's demo feedback, through the real services: the demo citizen and developer ask for data (one request
 * 民政局's steward answers with a plan, one that names no department and waits for the operator to route it, one
 * answered with a dataset already open), rate datasets, report an error that the department resolves, and submit two
 * reuse showcases — one the operator approved, one waiting in the moderation queue. So every public feedback page
 * and both staff pages have something to show. Idempotent: once any data request exists, nothing is added.
 */
import type { Actor } from '../modules/audit/index.ts';
import type { Principal } from '../modules/identity/index.ts';
import { chinaDaysFromNow } from '../lib/time.ts';
import type { Services } from '../server/context.ts';

type Dataset = Awaited<ReturnType<Services['open']['datasets']['list']>>[number];

export interface DemoFeedbackReport {
  requests: number;
  ratings: number;
  reports: number;
  showcases: { approved: number; pending: number };
}

export async function seedDemoOpenFeedback(
  services: Services,
  departmentIds: ReadonlyMap<string, string>,
): Promise<DemoFeedbackReport> {
  const report: DemoFeedbackReport = {
    requests: 0,
    ratings: 0,
    reports: 0,
    showcases: { approved: 0, pending: 0 },
  };
  const { openFeedback: feedback, identity, open } = services;
  if ((await feedback.requests.list({ limit: 1, offset: 0 })).total > 0) return report;

  const signedIn = async (username: string) => {
    const user = await identity.findUserByUsername(username);
    if (!user) return null;
    const principal: Principal = {
      kind: 'user',
      id: user.id,
      name: user.username,
      departmentId: user.departmentId,
      roles: user.roles.map((r) => ({ role: r.role, departmentId: r.departmentId })),
    };
    const actor: Actor = { id: user.id, name: user.username, kind: 'user', ip: null, requestId: null };
    return { principal, actor, who: await feedback.submitter(principal) };
  };
  const [citizen, developer, steward, admin] = await Promise.all(
    ['citizen', 'developer', 'mzj_steward', 'admin'].map(signedIn),
  );
  const mzj = departmentIds.get('mzj');
  const datasets = (await open.datasets.list()).filter((d) => d.openType === 'open');
  const ofMzj = datasets.filter((d) => d.organization.id === mzj);
  if (!citizen || !developer || !steward || !admin || !mzj || ofMzj.length < 2) return report;
  const [first, second] = ofMzj as [Dataset, Dataset];

  // 数据需求: planned by 民政局, waiting to be routed, and already open.
  const planned = await feedback.requests.submit(citizen.actor, citizen.who, {
    title: '养老机构床位实时空余信息',
    description: '希望开放全市各养老机构的床位总数、当前空余床位数和收费标准，按日更新。',
    purpose: '为家中老人选择就近的养老机构',
    departmentId: mzj,
  });
  await feedback.requests.answer(steward.actor, steward.principal, planned.request.id, {
    status: 'planned',
    answer: '已列入本年度开放计划，将与养老服务信息平台对接后按日更新。',
    plannedDate: chinaDaysFromNow(60),
  });
  const unrouted = await feedback.requests.submit(developer.actor, developer.who, {
    title: '公交车辆实时位置数据',
    description: '希望开放公交车辆的实时位置、线路和到站预测数据，提供接口调用。',
    purpose: '开发公交到站提醒应用',
  });
  await feedback.requests.vote(citizen.actor, citizen.who, unrouted.request.id);
  const available = await feedback.requests.submit(developer.actor, developer.who, {
    title: `${first.resource.name}下载`,
    description: `希望获取${first.resource.name}的完整数据，用于便民地图。`,
    purpose: '便民服务地图',
    departmentId: mzj,
  });
  await feedback.requests.answer(steward.actor, steward.principal, available.request.id, {
    status: 'available',
    answer: '该数据已无条件开放，可直接下载或通过接口调用。',
    datasetName: first.name,
  });
  report.requests = 3;

  // Ratings and a 纠错 the department resolved.
  await feedback.ratings.rate(citizen.actor, citizen.who, first.name, {
    stars: 5,
    comment: '数据完整，更新及时，下载很方便。',
  });
  await feedback.ratings.rate(developer.actor, developer.who, first.name, {
    stars: 4,
    comment: '接口稳定，希望增加地理坐标。',
  });
  await feedback.ratings.rate(developer.actor, developer.who, second.name, { stars: 4 });
  report.ratings = 3;
  const error = await feedback.reports.submit(citizen.actor, citizen.who, second.name, {
    description: '部分记录的联系电话已停用，建议核实更新。',
  });
  await feedback.reports.answer(steward.actor, steward.principal, error.report.id, {
    status: 'resolved',
    reply: '感谢反馈，已组织核实并在最近一次更新中修正。',
  });
  report.reports = 1;

  // 应用展示: one approved by the operator, one waiting for moderation.
  const map = await feedback.showcases.submit(developer.actor, developer.who, {
    kind: 'app',
    title: '连云港便民服务地图',
    description: '在地图上查找身边的便民服务设施，数据来自市公共数据开放平台。',
    url: 'https://example.org/lyg-service-map',
    datasets: [first.name, second.name],
  });
  await feedback.showcases.decide(admin.actor, map.showcase.id, { approve: true });
  await feedback.showcases.submit(citizen.actor, citizen.who, {
    kind: 'article',
    title: '用开放数据看我市养老服务',
    description: '一篇利用民政开放数据分析全市养老服务设施分布的文章。',
    url: 'https://example.org/lyg-elderly-care',
    datasets: [first.name],
  });
  report.showcases = { approved: 1, pending: 1 };
  return report;
}
