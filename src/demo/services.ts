/**
 * The demo city's service item catalogue (政务服务事项目录): 7,505 published items across the 60 departments, the
 * figure the city announced on 2018-11-23. Deterministic (same seed, same items) and consistent with the rest of the
 * demo: each department's items are named after the data it keeps (its published catalog resources), materials the
 * city already holds point at the population and legal-person registries' fields, at published resources' items or
 * at the e-license library's types, and the rest are the applicant's to bring. A few well-known items (结婚登记,
 * 出生医学证明, 新生儿落户, 企业设立登记, 不动产登记) are written by hand. Loaded through the module's bulk seed (only
 * into an empty catalogue), a few hundred milliseconds of SQL.
 */
import { Random } from '../lib/random.ts';
import type { Actor } from '../modules/audit/index.ts';
import type { Resource } from '../modules/catalog/index.ts';
import {
  makeItemCode,
  type ItemKind,
  type MaterialInputT,
  type ServiceItemInputT,
} from '../modules/services/index.ts';
import type { Services } from '../server/context.ts';
import { buildDepartments } from './city/index.ts';
import { DEMO_LICENSE_TYPES, ministryUscc } from './licenses.ts';

/** The figure of the press conference: service items published on the platform. */
export const DEMO_SERVICE_ITEMS = 7505;

export interface DemoServicesReport {
  /** Items published by this run (0 when the catalogue already had items). */
  items: number;
  /** Materials among them the platform obtains by sharing or from the e-license library (免提交). */
  sharedMaterials: number;
  materials: number;
  ms: number;
}

type Material = MaterialInputT;

const applicant = (name: string, required = true, form: Material['form'] = 'original'): Material => ({
  name,
  required,
  form,
  source: 'applicant',
});
const person = (name: string, fields = ['身份证号', '姓名']): Material => ({
  name,
  required: true,
  form: 'electronic',
  source: 'shared',
  registry: 'population',
  fields,
});
const legalPerson = (name: string): Material => ({
  name,
  required: true,
  form: 'electronic',
  source: 'shared',
  registry: 'legal_person',
  fields: ['统一社会信用代码', '名称', '法定代表人', '住所'],
});

const LICENSE_CODES = new Map<string, string>();
const licenseCode = (name: string): string => {
  let code = LICENSE_CODES.get(name);
  if (!code) {
    const t = DEMO_LICENSE_TYPES.find((x) => x.name === name)!;
    code = `${ministryUscc(t.ministry)}${String(t.number).padStart(3, '0')}`;
    LICENSE_CODES.set(name, code);
  }
  return code;
};
const license = (name: string, typeName = name, required = true): Material => ({
  name,
  required,
  form: 'electronic',
  source: 'license',
  licenseTypeCode: licenseCode(typeName),
});

/** How a kind's items are named after a subject, their steps and their usual time limits. */
const PATTERNS: readonly { kind: ItemKind; name: (s: string) => string; subItems: boolean }[] = [
  { kind: '01', name: (s) => `${s}许可`, subItems: true },
  { kind: '07', name: (s) => (s.endsWith('登记') ? s : `${s}登记`), subItems: true },
  { kind: '20', name: (s) => `${s}查询`, subItems: false },
  { kind: '20', name: (s) => `${s}证明开具`, subItems: false },
  { kind: '10', name: (s) => `${s}备案`, subItems: true },
  { kind: '06', name: (s) => `${s}监督检查`, subItems: false },
  { kind: '05', name: (s) => `${s}补助发放`, subItems: false },
  { kind: '08', name: (s) => `${s}表彰奖励`, subItems: false },
  { kind: '09', name: (s) => `${s}争议裁决`, subItems: false },
  { kind: '04', name: (s) => `${s}相关费用征收`, subItems: false },
  { kind: '01', name: (s) => `${s}审批`, subItems: true },
];
const SUB_ITEMS = ['新办', '变更', '延续', '注销'] as const;

const STEPS: Record<string, string[]> = {
  '01': ['申请', '受理', '审查', '决定', '送达'],
  '07': ['申请', '受理', '审核', '登记', '发证'],
  '20': ['申请', '受理', '办结'],
  default: ['申请', '受理', '审核', '办结'],
};
const LEGAL_DAYS: Record<string, readonly number[]> = {
  '01': [20, 20, 15, 30, 60],
  '07': [5, 10, 15, 20, 30],
  '20': [0, 1, 3, 5],
  '06': [15, 30],
  '09': [30, 60],
  default: [5, 10, 15, 20],
};
const KIND_LAW: Record<string, string> = {
  '01': '《中华人民共和国行政许可法》第十二条',
  '04': '《中华人民共和国预算法》及相关收费管理规定',
  '05': '《社会救助暂行办法》及相关给付规定',
  '06': '《中华人民共和国行政许可法》第六十一条',
  '07': '相关法律法规关于登记、确认的规定',
  '08': '相关法律法规关于表彰奖励的规定',
  '09': '相关法律法规关于行政裁决的规定',
  '10': '相关法律法规关于备案管理的规定',
  '20': '《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》（国发〔2018〕27号）',
};

/** A resource's name as the subject of items: without the catalog's wording (信息, 数据, …). */
function subjectOf(name: string): string {
  return name
    .replace(/(基本信息|信息|数据|名录|台账|目录|统计|清单|服务)$/u, '')
    .replace(/(基本|电子证照)$/u, '')
    .trim();
}

/** The hand-written items: materials named as the city's own guides name them. */
function wellKnown(
  resourceOf: (key: string, name: string) => Resource | undefined,
): { key: string; item: Omit<ServiceItemInputT, 'departmentId' | 'code'> }[] {
  const out: { key: string; item: Omit<ServiceItemInputT, 'departmentId' | 'code'> }[] = [];
  const free = { charged: false, amount: null, basis: null };
  const fromResource = (name: string, key: string, resource: string, fields: string[], required = true) => {
    const r = resourceOf(key, resource);
    const have = r ? fields.filter((f) => r.items.some((i) => i.name === f)) : [];
    return r && have.length
      ? ({ name, required, form: 'electronic', source: 'shared', resourceId: r.id, fields: have } as Material)
      : applicant(name, required, 'copy');
  };
  out.push({
    key: 'mzj',
    item: {
      name: '内地居民结婚登记',
      kind: '07',
      legalBasis:
        '《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第四条：内地居民结婚，男女双方应当共同到一方当事人常住户口所在地的婚姻登记机关办理结婚登记。',
      conditions: '男年满22周岁，女年满20周岁；双方均无配偶；双方自愿；没有直系血亲和三代以内旁系血亲关系。',
      legalDays: 1,
      promisedDays: 0,
      channels: ['window', 'online'],
      visits: 1,
      depth: 3,
      fee: free,
      steps: [
        { name: '网上预约', description: '选择婚姻登记处和日期' },
        { name: '受理', description: '双方共同到场，核验身份，签署《申请结婚登记声明书》' },
        { name: '审查', description: '通过数据共享核验户籍和婚姻状况' },
        { name: '登记颁证', description: '当场发放结婚证并同步生成电子证照' },
      ],
      resultLicenseTypeCode: licenseCode('结婚证'),
      materials: [
        person('男方居民身份证', ['身份证号', '姓名', '性别', '出生日期']),
        person('男方户口簿', ['身份证号', '姓名', '住址', '人口状态']),
        person('女方居民身份证', ['身份证号', '姓名', '性别', '出生日期']),
        person('女方户口簿', ['身份证号', '姓名', '住址', '人口状态']),
        person('双方婚姻状况证明', ['身份证号', '婚姻状况']),
        fromResource(
          '婚姻登记记录（再婚当事人）',
          'mzj',
          '婚姻登记信息',
          ['结婚证字号', '登记日期', '业务类型'],
          false,
        ),
        applicant('双方近期半身免冠合影照片（2寸，3张）'),
      ],
    },
  });
  out.push({
    key: 'wjw',
    item: {
      name: '出生医学证明首次签发',
      kind: '20',
      legalBasis: '《中华人民共和国母婴保健法》第二十三条；《出生医学证明管理办法》',
      conditions: '在本市具有助产资质的医疗机构内出生的新生儿',
      legalDays: 5,
      promisedDays: 1,
      channels: ['window', 'online'],
      visits: 0,
      depth: 4,
      fee: free,
      steps: [{ name: '在线申请' }, { name: '助产机构核对出生信息' }, { name: '签发并生成电子证照' }],
      resultLicenseTypeCode: licenseCode('出生医学证明'),
      materials: [
        person('母亲居民身份证', ['身份证号', '姓名', '住址']),
        person('父亲居民身份证', ['身份证号', '姓名', '住址']),
        fromResource('新生儿出生信息', 'wjw', '出生医学证明信息', [
          '出生医学证明编号',
          '新生儿姓名',
          '性别',
          '出生日期',
        ]),
        license('父母结婚证', '结婚证', false),
      ],
    },
  });
  out.push({
    key: 'gaj',
    item: {
      name: '新生儿出生登记（落户）',
      kind: '07',
      legalBasis:
        '《中华人民共和国户口登记条例》第七条：婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。',
      conditions: '新生儿父母一方为本市户籍',
      legalDays: 5,
      promisedDays: 1,
      channels: ['window', 'online'],
      visits: 0,
      depth: 4,
      fee: free,
      steps: [{ name: '在线申请' }, { name: '派出所审核' }, { name: '登记落户' }, { name: '户口簿邮寄' }],
      resultLicenseTypeCode: licenseCode('居民户口簿'),
      materials: [
        license('出生医学证明'),
        license('父母户口簿', '居民户口簿'),
        person('父母居民身份证', ['身份证号', '姓名', '人口状态']),
        license('父母结婚证', '结婚证'),
        applicant('户口登记申请表', true, 'electronic'),
      ],
    },
  });
  out.push({
    key: 'scjgj',
    item: {
      name: '企业设立登记',
      kind: '01',
      legalBasis:
        '《中华人民共和国市场主体登记管理条例》第三条、第十九条；《中华人民共和国公司法》第二十九条',
      conditions: '名称经自主申报；有符合规定的住所；法定代表人符合任职条件',
      legalDays: 3,
      promisedDays: 1,
      channels: ['window', 'online', 'self_service'],
      visits: 0,
      depth: 4,
      fee: free,
      steps: [
        { name: '名称自主申报' },
        { name: '在线填报', description: '一网通办企业开办：登记、刻章、发票、社保、公积金一次提交' },
        { name: '审核' },
        { name: '核发营业执照', description: '同步生成电子营业执照' },
      ],
      resultLicenseTypeCode: licenseCode('营业执照'),
      materials: [
        applicant('公司登记（备案）申请书', true, 'electronic'),
        person('法定代表人身份证明', ['身份证号', '姓名']),
        fromResource('企业名称自主申报结果', 'scjgj', '企业名称自主申报信息', ['办件编号', '单位名称']),
        license('住所使用证明（不动产权证书）', '不动产权证书'),
        applicant('公司章程', true, 'electronic'),
        applicant('股东主体资格证明', true, 'copy'),
      ],
    },
  });
  out.push({
    key: 'bdc',
    item: {
      name: '国有建设用地使用权及房屋所有权转移登记',
      kind: '07',
      legalBasis: '《中华人民共和国民法典》第二百零九条；《不动产登记暂行条例》第十四条',
      conditions: '买卖、赠与、继承等导致权利发生转移',
      legalDays: 30,
      promisedDays: 3,
      channels: ['window', 'online'],
      visits: 1,
      depth: 3,
      fee: {
        charged: true,
        amount: 80,
        basis: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）',
      },
      steps: [
        { name: '预约申请' },
        { name: '受理' },
        { name: '审核' },
        { name: '登簿' },
        { name: '缴费发证' },
      ],
      resultLicenseTypeCode: licenseCode('不动产权证书'),
      materials: [
        applicant('不动产登记申请书', true, 'original'),
        person('申请人身份证明', ['身份证号', '姓名', '住址']),
        person('申请人婚姻状况', ['身份证号', '婚姻状况']),
        license('原不动产权证书', '不动产权证书'),
        fromResource('不动产登记信息', 'bdc', '不动产登记信息', ['不动产单元号', '不动产权证书号', '权利人']),
        fromResource('完税证明', 'shuiwu', '税款入库信息', ['电子税票号', '纳税人名称', '征收项目']),
        applicant('不动产买卖合同', true, 'original'),
      ],
    },
  });
  return out;
}

/**
 * The catalogue: each department's share of the 7,505 items is its share of the catalog's resources; its items are
 * named after those resources (by kind and, for licences, registrations and filings, by 新办/变更/延续/注销 sub-item).
 */
export function buildDemoServiceItems(
  departments: ReadonlyMap<string, { id: string; uscc: string }>,
  resources: readonly Resource[],
  total = DEMO_SERVICE_ITEMS,
): ServiceItemInputT[] {
  const rnd = new Random('demo-services');
  const keys = buildDepartments()
    .map((d) => d.key)
    .filter((k) => departments.has(k));
  const byDept = new Map<string, Resource[]>(keys.map((k) => [k, []]));
  const keyOfId = new Map(keys.map((k) => [departments.get(k)!.id, k]));
  for (const r of resources) byDept.get(keyOfId.get(r.departmentId) ?? '')?.push(r);
  const resourceOf = (key: string, name: string) => byDept.get(key)?.find((r) => r.name === name);
  const dept = (key: string) => departments.get(key)!;
  const licenseTypesOf = new Map<string, string[]>();
  for (const t of DEMO_LICENSE_TYPES)
    licenseTypesOf.set(t.departmentKey, [...(licenseTypesOf.get(t.departmentKey) ?? []), t.name]);

  const items: ServiceItemInputT[] = [];
  // Main item numbers per department and kind; the hand-written items take the first of theirs.
  const mains = new Map<string, number>();
  const nextMain = (key: string, kind: string) => {
    const n = (mains.get(`${key}:${kind}`) ?? 0) + 1;
    mains.set(`${key}:${kind}`, n);
    return n;
  };
  const names = new Map<string, Set<string>>(keys.map((k) => [k, new Set()]));
  for (const { key, item } of wellKnown(resourceOf)) {
    if (!departments.has(key)) continue;
    items.push({
      ...item,
      departmentId: dept(key).id,
      code: makeItemCode(dept(key).uscc, item.kind, nextMain(key, item.kind)),
    });
    names.get(key)!.add(item.name);
  }

  // Quotas by largest remainder over the resource counts (at least 3 resources' worth for the smallest units).
  const weights = keys.map((k) => Math.max(3, byDept.get(k)!.length));
  const sum = weights.reduce((a, b) => a + b, 0);
  const remaining = total - items.length;
  const exact = weights.map((w) => (remaining * w) / sum);
  const quotas = exact.map(Math.floor);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; quotas.reduce((a, b) => a + b, 0) < remaining; i++)
    quotas[order[i % order.length]![1]]! += 1;

  keys.forEach((key, di) => {
    const r = rnd.fork(key);
    const own = byDept.get(key)!;
    const d = dept(key);
    const subjects = own.length
      ? own.map((res) => ({ subject: subjectOf(res.name), resource: res as Resource | null }))
      : [{ subject: key, resource: null }];
    // For each subject its patterns in a shuffled order; rank by rank across subjects, sub-items last.
    const orders = subjects.map(() => r.shuffle(PATTERNS.map((_, i) => i)));
    const candidates: { s: (typeof subjects)[number]; p: number; sub: number }[] = [];
    for (let rank = 0; rank < PATTERNS.length; rank++)
      for (const [si, s] of subjects.entries()) candidates.push({ s, p: orders[si]![rank]!, sub: 0 });
    let quota = quotas[di]!;
    const used = names.get(key)!;
    for (const c of candidates) {
      if (quota <= 0) break;
      const pattern = PATTERNS[c.p]!;
      const base = pattern.name(c.s.subject);
      if (used.has(base)) continue;
      const main = nextMain(key, pattern.kind);
      // A licence, a registration or a filing comes with its sub-items (业务办理项) while the quota allows.
      const subs = pattern.subItems ? SUB_ITEMS.slice(0, Math.min(SUB_ITEMS.length, r.int(1, 4))) : [];
      const variants =
        subs.length > 1
          ? subs.map((s, i) => ({ name: `${base}（${s}）`, sub: i + 1 }))
          : [{ name: base, sub: 0 }];
      for (const v of variants) {
        if (quota <= 0) break;
        used.add(v.name);
        items.push(
          generated(r, d, pattern.kind, v.name, main, v.sub, c.s.resource, licenseTypesOf.get(key) ?? []),
        );
        quota--;
      }
    }
    // Departments with very few resources: numbered 其他 items fill the rest (never reached with the demo catalog).
    for (let n = 1; quota > 0; n++, quota--)
      items.push(
        generated(r, d, '20', `${subjects[0]!.subject}综合服务${n}`, nextMain(key, '20'), 0, null, []),
      );
  });
  return items;
}

function generated(
  r: Random,
  d: { id: string; uscc: string },
  kind: ItemKind,
  name: string,
  main: number,
  sub: number,
  resource: Resource | null,
  issues: readonly string[],
): ServiceItemInputT {
  const items = resource?.items.map((i) => i.name) ?? [];
  const forPerson = items.includes('身份证号') || items.includes('姓名');
  const forCompany = items.includes('统一社会信用代码');
  const materials: Material[] = [applicant(`${name.replace(/（.*）$/u, '')}申请表`, true, 'electronic')];
  if (forCompany) {
    materials.push(r.chance(0.5) ? license('营业执照') : legalPerson('申请单位主体资格证明'));
    if (r.chance(0.5)) materials.push(person('法定代表人身份证明'));
  } else if (forPerson) {
    materials.push(
      person('申请人身份证明', r.chance(0.3) ? ['身份证号', '姓名', '住址'] : ['身份证号', '姓名']),
    );
    if (r.chance(0.25)) materials.push(license('户口簿', '居民户口簿', false));
  } else materials.push(applicant('申请人身份证明', true, 'copy'));
  // The department's own record of the matter, shared from its published resource.
  if (resource && resource.sharingType !== 'none' && r.chance(0.45)) {
    const fields = items.slice(0, Math.min(items.length, r.int(2, 4)));
    materials.push({
      name: `${subjectOf(resource.name)}记录`,
      required: true,
      form: 'electronic',
      source: 'shared',
      resourceId: resource.id,
      fields,
    });
  }
  if (r.chance(0.6))
    materials.push(
      applicant(
        r.pick(['相关证明材料', '情况说明', '现场照片', '场所平面图', '承诺书']),
        r.chance(0.7),
        'original',
      ),
    );
  if (r.chance(0.4)) materials.push(applicant('授权委托书（委托办理时提供）', false, 'original'));
  const legalDays = r.pick(LEGAL_DAYS[kind] ?? LEGAL_DAYS.default!);
  const promisedDays = legalDays === 0 ? 0 : Math.max(1, Math.floor(legalDays * r.float(0.2, 0.6)));
  const online = r.chance(0.88);
  const channels: ServiceItemInputT['channels'] = ['window'];
  if (online) channels.push('online');
  if (r.chance(0.1)) channels.push('self_service');
  if (r.chance(0.15)) channels.push('mail');
  const depth = online ? r.pick([2, 3, 3, 4, 4]) : 1;
  const visits = depth === 4 ? 0 : depth === 3 ? r.pick([0, 1]) : r.pick([1, 1, 2]);
  const charged = kind === '04' || r.chance(0.03);
  const result = kind === '01' && issues.length ? licenseCode(r.pick(issues)) : null;
  return {
    name,
    code: makeItemCode(d.uscc, kind, main, sub),
    kind,
    departmentId: d.id,
    legalBasis: `${KIND_LAW[kind]}；本部门权责清单所列“${name.replace(/（.*）$/u, '')}”事项。`,
    conditions: null,
    legalDays,
    promisedDays,
    channels,
    visits,
    depth,
    fee: charged
      ? {
          charged: true,
          amount: r.pick([10, 20, 50, 80, 100]),
          basis: '省级价格主管部门、财政部门核定的收费标准',
        }
      : { charged: false, amount: null, basis: null },
    steps: (STEPS[kind] ?? STEPS.default!).map((s) => ({ name: s })),
    resultLicenseTypeCode: result,
    materials,
  };
}

/** Seeds the catalogue (only into an empty one): generated after the catalog and the license types. */
export async function seedDemoServices(
  services: Services,
  actor: Actor,
  departmentIds: ReadonlyMap<string, string>,
  options: { onProgress?: (done: number, total: number) => void } = {},
): Promise<DemoServicesReport> {
  const started = performance.now();
  // Only into an empty catalogue: a second seed neither reads the catalog nor builds the items again.
  if (!(await services.serviceItems.catalogue.isEmpty()))
    return { items: 0, materials: 0, sharedMaterials: 0, ms: Math.round(performance.now() - started) };
  const depts = await services.org.getMany([...departmentIds.values()]);
  const departments = new Map(
    [...departmentIds].flatMap(([key, id]) => {
      const d = depts.get(id);
      return d ? [[key, { id, uscc: d.uscc }] as const] : [];
    }),
  );
  const resources = await services.catalog.publishedResources();
  const items = buildDemoServiceItems(departments, resources);
  const added = await services.serviceItems.catalogue.seedPublished(actor, items, {
    published: resources,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const materials = added ? items.reduce((n, i) => n + i.materials.length, 0) : 0;
  const sharedMaterials = added
    ? items.reduce((n, i) => n + i.materials.filter((m) => m.source !== 'applicant').length, 0)
    : 0;
  return { items: added, materials, sharedMaterials, ms: Math.round(performance.now() - started) };
}
