import type { Actor } from '../modules/audit/index.ts';
import type { Resource } from '../modules/catalog/index.ts';
import type { AccessRequestT, Caller, UsageMode } from '../modules/sharing/index.ts';
import type { Services } from '../server/context.ts';
import { Random } from '../lib/random.ts';
import { chinaToday } from '../lib/time.ts';

const DAY_MS = 86_400_000;
const day = (offset: number, from = new Date()) => chinaToday(new Date(from.getTime() + offset * DAY_MS));

/** Departments without an agreement on file, and the one whose agreement has lapsed. */
const NO_AGREEMENT = ['xfj', 'dfz', 'dag', 'qxj', 'yzj'];
const EXPIRED_AGREEMENT = 'wglj';

export interface DemoSharingReport {
  agreements: number;
  requests: number;
  grants: number;
  apiKeys: { department: string; name: string }[];
}

interface DemoRequestSpec {
  consumer: string;
  provider: string;
  resource: string;
  items: string[];
  unmasked?: string[];
  modes: UsageMode[];
  purpose: string;
  legalBasis: string;
  /** What happens to it: left pending (days ago filed), decided, or withdrawn. */
  outcome:
    | { kind: 'pending'; filedDaysAgo: number }
    | { kind: 'second_review' }
    | { kind: 'approved'; approveItems?: string[]; dailyQuota?: number; expected?: number }
    | { kind: 'rejected'; reason: string }
    | { kind: 'withdrawn' }
    | { kind: 'revoked'; reason: string };
}

/** Who asks whom for what in the demo city: requests in every state, grants in use. */
export const DEMO_REQUESTS: readonly DemoRequestSpec[] = [
  {
    consumer: 'gjj',
    provider: 'gaj',
    resource: '人口基本信息',
    items: ['姓名', '性别', '出生日期', '户籍地址', '人口状态'],
    unmasked: ['姓名'],
    modes: ['query', 'verify', 'subscription'],
    purpose: '住房公积金提取及贷款审核',
    legalBasis: '《住房公积金管理条例》第二十四条、第二十六条：职工提取、申请贷款时核实身份与户籍信息',
    outcome: { kind: 'approved', dailyQuota: 5000, expected: 400 },
  },
  {
    consumer: 'zwb',
    provider: 'gaj',
    resource: '人口基本信息',
    items: ['姓名', '人口状态'],
    // Verification compares only items granted in clear: the name is, for a grant that can only verify.
    unmasked: ['姓名'],
    modes: ['verify'],
    purpose: '政务服务办件身份核验（免提交身份证复印件）',
    legalBasis:
      '《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》：可通过共享获取的材料不再要求申请人提交',
    outcome: { kind: 'approved', dailyQuota: 20000, expected: 600 },
  },
  {
    consumer: 'zwb',
    provider: 'scjgj',
    resource: '企业法人登记信息',
    items: ['企业名称', '法定代表人', '登记状态'],
    modes: ['verify'],
    purpose: '政务服务办件营业执照核验（免提交营业执照复印件）',
    legalBasis: '《优化营商环境条例》第三十五条：可以通过共享获取的信息，不得要求企业和群众重复提供',
    outcome: { kind: 'approved', expected: 20 },
  },
  {
    consumer: 'bdc',
    provider: 'scjgj',
    resource: '企业法人登记信息',
    items: ['企业名称', '企业类型', '法定代表人', '住所', '成立日期', '登记状态'],
    modes: ['subscription', 'query'],
    purpose: '不动产登记申请人主体资格核验',
    legalBasis: '《不动产登记暂行条例实施细则》第十一条：申请人为法人的，核验其主体资格',
    outcome: { kind: 'approved', expected: 100 },
  },
  {
    consumer: 'wglj',
    provider: 'scjgj',
    resource: '企业法人登记信息',
    items: ['企业名称', '法定代表人', '经营范围'],
    modes: ['query'],
    purpose: '文化经营许可审批中核验企业登记信息',
    legalBasis: '《娱乐场所管理条例》第九条',
    outcome: { kind: 'approved' },
  },
  {
    consumer: 'swj',
    provider: 'scjgj',
    resource: '企业法人登记信息',
    items: ['企业名称', '企业类型', '注册资本（万元）'],
    modes: ['bulk'],
    purpose: '外资企业年度统计',
    legalBasis: '《外商投资信息报告办法》第十五条',
    outcome: { kind: 'revoked', reason: '统计项目已结束，按最小必要原则收回授权' },
  },
  {
    consumer: 'sbzx',
    provider: 'mzj',
    resource: '婚姻登记信息',
    items: ['男方姓名', '女方姓名', '登记日期'],
    modes: ['query'],
    purpose: '遗属待遇申领中核验婚姻关系',
    legalBasis: '《社会保险法》第十七条、第三十八条',
    outcome: { kind: 'second_review' },
  },
  {
    consumer: 'rsj',
    provider: 'bdc',
    resource: '不动产登记信息',
    items: ['不动产单元号', '坐落', '权利人'],
    modes: ['query'],
    purpose: '人才购房补贴资格审核',
    legalBasis: '《市高层次人才安居办法》第八条',
    outcome: { kind: 'pending', filedDaysAgo: 5 },
  },
  {
    consumer: 'jyj',
    provider: 'gaj',
    resource: '户籍人口信息',
    items: ['姓名', '户号', '户籍地址', '与户主关系'],
    modes: ['verify', 'query'],
    purpose: '义务教育入学资格审核（户籍）',
    legalBasis: '《义务教育法》第十二条：适龄儿童在户籍所在地学校就近入学',
    outcome: { kind: 'pending', filedDaysAgo: 0 },
  },
  {
    consumer: 'ybj',
    provider: 'sbzx',
    resource: '社会保险参保信息',
    items: ['姓名', '险种类型', '参保状态', '社会保障卡号'],
    modes: ['bulk'],
    purpose: '医保参保扩面',
    legalBasis: '《社会保险法》',
    outcome: {
      kind: 'rejected',
      reason: '申请的社会保障卡号超出用途所需，且未写明具体条款，请按最小必要原则调整后重新申请',
    },
  },
  {
    consumer: 'wjw',
    provider: 'jjzd',
    resource: '机动车登记信息',
    items: ['号牌号码', '车辆类型'],
    modes: ['query'],
    purpose: '院前急救车辆调度',
    legalBasis: '《院前医疗急救管理办法》',
    outcome: { kind: 'withdrawn' },
  },
];

type Requests = Services['sharing']['requests'];
type RequestInput = Parameters<Requests['create']>[2];
type ApproveBody = Parameters<Requests['approve']>[2];

/**
 * The provider's approval and, when the operator's policy sends the request to a second review (sensitive items),
 * the operator's: the decided request, with its grant.
 */
export async function approveToGrant(
  services: Services,
  requestId: string,
  provider: Actor,
  operator: Actor,
  body: ApproveBody,
): Promise<AccessRequestT> {
  let decided = await services.sharing.requests.approve(provider, requestId, body);
  if (decided.status === 'second_review')
    decided = await services.sharing.requests.approve(operator, requestId, body);
  return decided;
}

/**
 * A request taken through the sharing site's real path to its grant: filed for the consumer department, then
 * `approveToGrant` (无条件共享 is granted on filing).
 */
export async function requestGrant(
  services: Services,
  consumer: { departmentId: string; actor: Actor },
  input: RequestInput,
  decision: { provider: Actor; operator: Actor; body: ApproveBody },
): Promise<AccessRequestT> {
  const request = await services.sharing.requests.create(consumer.actor, consumer.departmentId, input);
  if (request.status !== 'pending') return request;
  return approveToGrant(services, request.id, decision.provider, decision.operator, decision.body);
}

/** A one-page PDF standing in for a department's signed agreement scan (ASCII text: the built-in fonts). */
export function agreementPdf(lines: string[]): Buffer {
  const text = lines
    .map((l, i) => `BT /F1 12 Tf 72 ${760 - i * 20} Td (${l.replace(/[()\\]/g, '')}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * The demo's sharing: agreements for most departments (one lapsed, a few missing), the requests of DEMO_REQUESTS
 * taken through the real request and approval path, and the consumer systems' API keys. Idempotent: a city that
 * already has agreements is left alone. Returns the API keys' secrets only to the caller that runs the consumers.
 */
export async function seedDemoSharing(
  services: Services,
  actor: Actor,
  departmentIds: Map<string, string>,
): Promise<{ report: DemoSharingReport; keys: Map<string, { id: string; secret: string }> }> {
  const keys = new Map<string, { id: string; secret: string }>();
  const report: DemoSharingReport = { agreements: 0, requests: 0, grants: 0, apiKeys: [] };
  if ((await services.sharing.agreements.list(null)).length) return { report, keys };

  const operator: Actor = { ...actor, name: 'admin' };
  const steward = (key: string): Actor => ({ ...actor, name: `${key}_steward` });
  const random = new Random('demo-sharing');
  const depts = await services.org.getMany([...departmentIds.values()]);
  for (const [key, id] of departmentIds) {
    if (NO_AGREEMENT.includes(key)) continue;
    const expired = key === EXPIRED_AGREEMENT;
    // Signed over the past year; three years' validity (the lapsed one ended three weeks ago).
    const signed = expired ? day(-3 * 365 - 21) : day(-random.int(20, 350));
    const validTo = expired ? day(-21) : chinaToday(new Date(Date.parse(signed) + 3 * 365 * DAY_MS));
    const name = depts.get(id)?.name ?? key;
    await services.sharing.agreements.create(
      operator,
      {
        departmentId: id,
        title: '政务信息资源共享安全保密协议',
        parties: `甲方：市信息中心（市政务数据共享交换平台运营单位）\n乙方：${name}`,
        signedOn: signed,
        validFrom: signed,
        validTo,
      },
      {
        name: `安全保密协议-${name}.pdf`,
        content: agreementPdf([
          'Tongban demo city - government data sharing security agreement',
          `Party B: department ${depts.get(id)?.uscc ?? key}`,
          `Signed ${signed}, valid until ${validTo}`,
        ]),
      },
    );
    report.agreements++;
  }

  const published = await services.catalog.publishedResources();
  const find = (dept: string, name: string): Resource | undefined =>
    published.find((r) => r.departmentId === departmentIds.get(dept) && r.name === name);

  for (const spec of DEMO_REQUESTS) {
    const resource = find(spec.provider, spec.resource);
    const consumer = departmentIds.get(spec.consumer);
    if (!resource || !consumer) continue;
    const items = spec.items.filter((i) => resource.items.some((x) => x.name === i));
    const o = spec.outcome;
    const request = await services.sharing.requests.create(
      steward(spec.consumer),
      consumer,
      {
        resourceId: resource.id,
        items,
        unmaskedItems: (spec.unmasked ?? []).filter((i) => items.includes(i)),
        purpose: spec.purpose,
        legalBasis: spec.legalBasis,
        usageModes: spec.modes,
        periodFrom: day(0),
        periodTo: day(365),
        expectedDailyVolume: o.kind === 'approved' ? (o.expected ?? null) : null,
      },
      { filedAt: new Date(Date.now() - (o.kind === 'pending' ? o.filedDaysAgo : 1) * DAY_MS) },
    );
    report.requests++;
    if (o.kind === 'pending') continue;
    if (o.kind === 'withdrawn') {
      await services.sharing.requests.withdraw(steward(spec.consumer), request.id);
      continue;
    }
    if (o.kind === 'rejected') {
      await services.sharing.requests.reject(steward(spec.provider), request.id, o.reason);
      continue;
    }
    const body = {
      unmaskedItems: (spec.unmasked ?? []).filter((i) => items.includes(i)),
      dailyQuota: o.kind === 'approved' ? (o.dailyQuota ?? null) : null,
    };
    if (o.kind === 'second_review') {
      await services.sharing.requests.approve(steward(spec.provider), request.id, body);
      continue;
    }
    const decided = await approveToGrant(services, request.id, steward(spec.provider), operator, body);
    if (!decided.grantId) continue;
    report.grants++;
    if (o.kind === 'revoked')
      await services.sharing.grants.revoke(steward(spec.provider), decided.grantId, o.reason);
  }

  // 无条件共享: 地方金融监管局 takes the public credit evaluation by self-service.
  const credit = find('fgw', '公共信用综合评价信息');
  const jrj = departmentIds.get('jrj');
  if (credit && credit.sharingType === 'unconditional' && jrj) {
    await services.sharing.grants.selfService(steward('jrj'), jrj, {
      resourceId: credit.id,
      purpose: '地方金融组织监管信用评估',
      usageModes: ['query'],
      confirm: true,
    });
    report.requests++;
    report.grants++;
  }

  for (const [dept, name] of [
    ['gjj', '公积金业务系统'],
    ['zwb', '政务服务综合受理系统'],
    ['bdc', '不动产登记业务系统'],
  ] as const) {
    const departmentId = departmentIds.get(dept);
    if (!departmentId) continue;
    const { apiKey, secret } = await services.identity.createApiKey(operator, { name, departmentId });
    keys.set(dept, { id: apiKey.id, secret });
    report.apiKeys.push({ department: dept, name });
  }
  return { report, keys };
}

/**
 * The demo consumer systems at work: 公积金中心 looks people up and queries, 政务服务中心 verifies ID cards and
 * business licenses instead of taking photocopies (one morning's burst on the license check is far above its usual
 * volume, so the usage page has an unusual-volume flag), 不动产登记中心 looks enterprises up, and a few calls fall
 * outside their grants. Every call goes through the data service's real authorization, masking and audit.
 */
export async function runDemoConsumers(
  services: Services,
  departmentIds: Map<string, string>,
  keys: Map<string, { id: string; secret: string }>,
): Promise<number> {
  const published = await services.catalog.publishedResources();
  const find = (dept: string, name: string) =>
    published.find((r) => r.departmentId === departmentIds.get(dept) && r.name === name);
  const people = find('gaj', '人口基本信息');
  const enterprises = find('scjgj', '企业法人登记信息');
  if (!people || !enterprises) return 0;
  const caller = (dept: string, name: string): Caller | null => {
    const key = keys.get(dept);
    const departmentId = departmentIds.get(dept);
    if (!key || !departmentId) return null;
    return {
      actor: { id: key.id, name, kind: 'apikey', ip: '10.32.7.21', requestId: null },
      consumerDepartmentId: departmentId,
      apiKeyId: key.id,
    };
  };
  const gjj = caller('gjj', '公积金业务系统');
  const zwb = caller('zwb', '政务服务综合受理系统');
  const bdc = caller('bdc', '不动产登记业务系统');
  const personRows = await services.exchange.findRecords(people.id, [], null, 300);
  const companyRows = await services.exchange.findRecords(enterprises.id, [], null, 300);
  const random = new Random('demo-consumers');
  const pick = <T>(list: readonly T[]): T => list[random.int(0, list.length - 1)]!;
  const calls: (() => Promise<unknown>)[] = [];
  if (gjj && personRows.length) {
    const purpose = '住房公积金提取及贷款审核';
    for (let i = 0; i < 120; i++) {
      const p = pick(personRows);
      calls.push(() => services.sharing.data.lookup(gjj, people.id, String(p.data['身份证号']), purpose));
    }
    // A query searches by equality (a grant without the bulk mode cannot page through the register).
    for (const p of [pick(personRows), pick(personRows)])
      calls.push(() =>
        services.sharing.data.query(
          gjj,
          people.id,
          { where: { 出生日期: p.data['出生日期'] as string }, limit: 50 },
          purpose,
        ),
      );
    for (let i = 0; i < 30; i++) {
      const p = pick(personRows);
      calls.push(() =>
        services.sharing.data.verify(
          gjj,
          people.id,
          { fields: { 身份证号: p.data['身份证号'] as string, 姓名: p.data['姓名'] as string } },
          purpose,
        ),
      );
    }
    // Outside the grant: another purpose, an item not granted.
    calls.push(() =>
      services.sharing.data.lookup(gjj, people.id, String(pick(personRows).data['身份证号']), '个人征信查询'),
    );
    calls.push(() =>
      services.sharing.data.lookup(gjj, people.id, String(pick(personRows).data['身份证号']), purpose, [
        '联系电话',
      ]),
    );
  }
  if (zwb && personRows.length) {
    const purpose = '政务服务办件身份核验（免提交身份证复印件）';
    // Within the platform's verifications per key and minute (60 by default), together with the licences below.
    for (let i = 0; i < 40; i++) {
      const p = pick(personRows);
      // One in eight applicants mistypes a name: the check answers no match.
      const name = i % 8 === 0 ? `${String(p.data['姓名'])}明` : String(p.data['姓名']);
      calls.push(() =>
        services.sharing.data.verify(
          zwb,
          people.id,
          { fields: { 身份证号: p.data['身份证号'] as string, 姓名: name } },
          purpose,
        ),
      );
    }
  }
  if (zwb && companyRows.length) {
    const purpose = '政务服务办件营业执照核验（免提交营业执照复印件）';
    for (let i = 0; i < 15; i++) {
      const c = pick(companyRows);
      calls.push(() =>
        services.sharing.data.verify(
          zwb,
          enterprises.id,
          {
            fields: {
              统一社会信用代码: c.data['统一社会信用代码'] as string,
              企业名称: c.data['企业名称'] as string,
            },
          },
          purpose,
        ),
      );
    }
  }
  if (bdc && companyRows.length) {
    const purpose = '不动产登记申请人主体资格核验';
    // Far above the 100 a day its request expected: the provider sees the day flagged.
    for (let i = 0; i < 320; i++) {
      const c = pick(companyRows);
      calls.push(() =>
        services.sharing.data.lookup(bdc, enterprises.id, String(c.data['统一社会信用代码']), purpose),
      );
    }
  }
  // Twenty at a time, as concurrent systems would (their audit entries commit in groups).
  let made = 0;
  for (let i = 0; i < calls.length; i += 20) {
    await Promise.all(calls.slice(i, i + 20).map((c) => c().catch(() => undefined)));
    made += Math.min(20, calls.length - i);
  }
  return made;
}
