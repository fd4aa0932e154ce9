/**
 * The demo city's population and legal-person registries, kept by 市信息中心. They are consumers like any other:
 * the information centre asks each provider for a grant (subscription mode, the matched items in clear), the
 * providers' stewards approve, and the registries subscribe to the sources. Four providers' sources are loaded here through
 * the real ingest path, with the faults real sources have and the ground truth kept aside: 卫健委's health
 * archives (names in Traditional characters or with a homophone, month and day swapped, addresses worded another
 * way, mistyped phones, and a few 身份证号 mistyped with a recomputed check digit — wrong but valid-looking),
 * 民政局's social organizations, 税务局's registrations and tax credit grades (some grades still filed under the
 * legacy 15-character taxpayer number, region code + 组织机构代码, without a credit code), and the 机构编制 authority's
 * 事业单位 register (institutions.ts). The registries' background sync then reads every source's change log.
 */
import type { Actor } from '../modules/audit/index.ts';
import type { Resource } from '../modules/catalog/index.ts';
import type { Projection, RegistryKind } from '../modules/registries/index.ts';
import type { SourceRow } from '../modules/exchange/index.ts';
import type { Services } from '../server/context.ts';
import { Random } from '../lib/random.ts';
import { chinaToday } from '../lib/time.ts';
import { idCardCheckDigit } from '../lib/validators/idcard.ts';
import { makeUscc } from '../lib/validators/uscc.ts';
import { noisyPeople } from './people-noise.ts';
import { INSTITUTIONS_RESOURCE, institutionRows } from './institutions.ts';
import { demoRecordSet, personRow } from './records/index.ts';
import { requestGrant } from './sharing.ts';

export const DEMO_REGISTRY_DEPARTMENT = 'xxzx';
/** People of the demo population who have a health archive (the first ones), and the fault rate of those records. */
export const HEALTH_ARCHIVES = { people: 3000, faultRate: 0.12 } as const;

interface DemoSource {
  registry: RegistryKind;
  provider: string;
  resource: string;
  name: string;
  priority: number;
  projections: Projection[];
}

const PERSON: Record<string, string> = {
  身份证号: '身份证号',
  姓名: '姓名',
  性别: '性别',
  出生日期: '出生日期',
};

export const DEMO_REGISTRY_SOURCES: readonly DemoSource[] = [
  {
    registry: 'population',
    provider: 'gaj',
    resource: '人口基本信息',
    name: '公安户籍人口',
    priority: 1,
    projections: [
      {
        role: null,
        fields: {
          ...PERSON,
          民族: '民族',
          住址: '户籍地址',
          手机号码: '联系电话',
          婚姻状况: '婚姻状况',
          人口状态: '人口状态',
        },
      },
    ],
  },
  {
    registry: 'population',
    provider: 'mzj',
    resource: '婚姻登记信息',
    name: '民政婚姻登记',
    priority: 2,
    projections: (['男方', '女方'] as const).map((side) => ({
      role: side,
      fields: {
        姓名: `${side}姓名`,
        身份证号: `${side}身份证号`,
        出生日期: `${side}出生日期`,
        民族: `${side}民族`,
        性别: { const: side === '男方' ? '1' : '2' },
      },
    })),
  },
  {
    registry: 'population',
    provider: 'sbzx',
    resource: '社会保险参保信息',
    name: '人社社保参保',
    priority: 3,
    projections: [
      { role: null, fields: { ...PERSON, 民族: '民族', 手机号码: '联系电话', 工作单位: '参保单位名称' } },
    ],
  },
  {
    registry: 'population',
    provider: 'gjj',
    resource: '住房公积金缴存信息',
    name: '公积金缴存',
    priority: 4,
    projections: [
      {
        role: null,
        fields: { 身份证号: '身份证号', 姓名: '姓名', 手机号码: '手机号码', 工作单位: '单位名称' },
      },
    ],
  },
  {
    registry: 'population',
    provider: 'wjw',
    resource: '居民电子健康档案信息',
    name: '卫健健康档案',
    priority: 5,
    projections: [
      {
        role: null,
        fields: {
          ...PERSON,
          民族: '民族',
          住址: '现住址',
          手机号码: '联系电话',
          工作单位: '工作单位',
          婚姻状况: '婚姻状况',
        },
      },
    ],
  },
  {
    registry: 'legal_person',
    provider: 'scjgj',
    resource: '企业法人登记信息',
    name: '市场监管企业登记',
    priority: 1,
    projections: [
      {
        role: null,
        fields: {
          统一社会信用代码: '统一社会信用代码',
          名称: '企业名称',
          主体类型: '企业类型',
          法定代表人: '法定代表人',
          住所: '住所',
          成立日期: '成立日期',
          登记状态: '登记状态',
          登记机关: '登记机关',
          联系电话: '联系电话',
        },
      },
    ],
  },
  {
    registry: 'legal_person',
    provider: 'mzj',
    resource: '社会组织登记信息',
    name: '民政社会组织登记',
    priority: 2,
    projections: [
      {
        role: null,
        fields: {
          统一社会信用代码: '统一社会信用代码',
          名称: '机构名称',
          主体类型: '社会组织类型',
          成立日期: '登记日期',
          登记机关: '登记机关',
        },
      },
    ],
  },
  {
    registry: 'legal_person',
    provider: INSTITUTIONS_RESOURCE.provider,
    resource: INSTITUTIONS_RESOURCE.name,
    name: '编办事业单位登记',
    priority: 3,
    projections: [
      {
        role: null,
        fields: {
          统一社会信用代码: '统一社会信用代码',
          名称: '单位名称',
          主体类型: { const: '事业单位' },
          法定代表人: '法定代表人',
          住所: '住所',
          成立日期: '设立日期',
          登记状态: '登记状态',
          登记机关: '登记管理机关',
          联系电话: '办公电话',
        },
      },
    ],
  },
  {
    registry: 'legal_person',
    provider: 'shuiwu',
    resource: '税务登记信息',
    name: '税务登记',
    priority: 4,
    projections: [
      {
        role: null,
        fields: {
          统一社会信用代码: '统一社会信用代码',
          名称: '纳税人名称',
          法定代表人: '法定代表人',
          住所: '生产经营地址',
        },
      },
    ],
  },
  {
    registry: 'legal_person',
    provider: 'shuiwu',
    resource: '纳税信用等级信息',
    name: '纳税信用等级',
    priority: 5,
    projections: [
      {
        role: null,
        fields: {
          统一社会信用代码: '纳税人识别号',
          组织机构代码: '纳税人识别号',
          名称: '纳税人名称',
          纳税信用等级: '纳税信用等级',
        },
      },
    ],
  },
];

export interface DemoRegistriesReport {
  grants: number;
  sources: number;
  /** Source records loaded by this run (health archives, social organizations, institutions, tax records). */
  loaded: { resource: string; records: number }[];
}

function* numbered(rows: Iterable<Record<string, unknown>>): Generator<SourceRow> {
  let row = 0;
  for (const values of rows) yield { row: ++row, values };
}

/** A 身份证号 with one digit of its sequence part mistyped and the check digit computed again: valid, and wrong. */
function validTypo(id: string, r: Random): string {
  const i = r.int(14, 16);
  const d = (Number(id[i]) + r.int(1, 9)) % 10;
  const first17 = id.slice(0, i) + String(d) + id.slice(i + 1, 17);
  return first17 + (idCardCheckDigit(first17) ?? id[17]);
}

// GB/T 35426 ABO 血型代码: 1 A, 2 B, 3 O, 4 AB.
const BLOOD = ['1', '2', '3', '4'];
const PAYMENT = ['城镇职工基本医疗保险', '城乡居民基本医疗保险', '商业医疗保险', '全自费'];

/** 卫健委's health archives of the first people, one each, with the faults its records have. */
export function healthArchiveRows(
  count: number,
  faultRate: number,
): { rows: Record<string, unknown>[]; truth: Map<string, string> } {
  const r = new Random('demo-health-archives');
  const truth = new Map<string, string>();
  const rows = noisyPeople({ people: count, copies: 2, faultRate, seed: 77 })
    .filter((n) => n.id.endsWith('-c1'))
    .map((n, i) => {
      const clean = personRow(n.truth);
      // The source's own checks refuse a legacy or missing number and a date written in words: those faults
      // cannot reach the exchange, so they are put right here; a mistyped number gets a valid check digit.
      let id = String(clean['身份证号']);
      if (n.faults.includes('id-typo')) id = validTypo(id, r);
      let phone = n.fields.手机号码;
      let address = n.fields.住址;
      // One archive in forty is the hard case a steward decides: a wrong number, no phone, another building.
      if (i % 40 === 39) {
        id = validTypo(String(clean['身份证号']), r);
        phone = null;
        address = String(clean['户籍地址']).replace(
          /(\d+)(幢|号)/,
          (_m, d: string, unit: string) => `${Number(d) + 7}${unit}`,
        );
      }
      let birth = String(n.fields.出生日期);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(birth)) birth = String(clean['出生日期']);
      const archive = `HA${String(320700000000 + i + 1)}`;
      truth.set(archive, String(clean['身份证号']));
      return {
        健康档案编号: archive,
        身份证号: id,
        姓名: n.fields.姓名,
        性别: clean['性别'],
        出生日期: birth,
        民族: clean['民族'] ?? '01',
        现住址: address,
        联系电话: phone,
        工作单位: null,
        血型: r.pick(BLOOD),
        医疗费用支付方式: r.pick(PAYMENT),
        婚姻状况: clean['婚姻状况'] ?? null,
        建档日期: chinaToday(new Date(Date.UTC(2012 + r.int(0, 12), r.int(0, 11), r.int(1, 28)))),
        建档机构: `${String(clean['户籍地址'] ?? '').slice(0, 9)}社区卫生服务中心`,
        责任医生: r.pick(['王医生', '李医生', '张医生', '刘医生', '陈医生']),
        档案状态: '在档',
        户籍地址: clean['户籍地址'],
      };
    });
  return { rows, truth };
}

const ORG_KINDS = ['社会团体', '民办非企业单位', '基金会'];

/** Rows for a resource, with only the items it has (the demo catalog's generated items vary). */
function fit(resource: Resource, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of resource.items) {
    let v = row[item.name];
    if ((v === undefined || v === null) && item.required) {
      // A required item the demo has no story for gets a plain value of its type.
      v =
        item.dataType === 'D'
          ? '2024-01-01'
          : ['N', 'I', 'Y', 'B', 'F'].includes(item.dataType)
            ? 0
            : item.dataType === 'T'
              ? '2024-01-01T09:00:00+08:00'
              : '—';
    }
    if (v !== undefined) out[item.name] = v;
  }
  return out;
}

function legalRows(people: number) {
  const r = new Random('demo-legal-sources');
  const firms = [...demoRecordSet('enterprises', { people }).rows()] as Record<string, unknown>[];
  const taxes: Record<string, unknown>[] = [];
  const grades: Record<string, unknown>[] = [];
  firms.forEach((f, i) => {
    const uscc = String(f['统一社会信用代码']);
    if (i % 4 === 3) return; // not every firm is registered with the tax office in the demo's extract
    taxes.push({
      纳税人识别号: uscc,
      纳税人名称: f['企业名称'],
      统一社会信用代码: uscc,
      登记注册类型: f['企业类型'],
      法定代表人: f['法定代表人'],
      生产经营地址: f['住所'],
      行业代码: f['行业代码'],
      主管税务机关: '国家税务总局连云港市税务局',
      登记日期: f['成立日期'],
      纳税人状态: String(f['登记状态']).startsWith('存续') ? '正常' : '非正常',
      办税人员: f['财务负责人'],
      数据来源单位: '国家税务总局连云港市税务局',
    });
    // One grade in five is still filed under the legacy 15-character taxpayer number (region + 组织机构代码).
    if (i % 2 === 0)
      grades.push({
        纳税人识别号: i % 10 === 0 ? `320700${uscc.slice(8, 17)}` : uscc,
        评价年度: '2025',
        纳税人名称: f['企业名称'],
        纳税信用等级: r.pick(['A', 'A', 'B', 'B', 'B', 'M', 'C', 'D']),
        评价日期: '2026-04-15',
        主管税务机关: '国家税务总局连云港市税务局',
      });
  });
  const orgs = Array.from({ length: 120 }, (_, i) => {
    const kind = ORG_KINDS[i % 3]!;
    const seq = String(i + 1).padStart(4, '0');
    return {
      登记编号: `苏连民证字第${seq}号`,
      机构名称: `连云港市${r.pick(['青年', '老年', '慈善', '志愿者', '书法', '摄影', '餐饮', '物流', '软件'])}${kind === '基金会' ? '发展基金会' : kind === '社会团体' ? '协会' : '服务中心'}${seq}`,
      统一社会信用代码: null as string | null,
      社会组织类型: kind,
      业务主管单位: '连云港市民政局',
      '注册资金（万元）': r.int(3, 500),
      登记机关: '连云港市民政局',
      登记日期: chinaToday(new Date(Date.UTC(2005 + r.int(0, 20), r.int(0, 11), r.int(1, 28)))),
    };
  });
  return { taxes, grades, orgs };
}

/** A social organization's credit code: 登记管理部门 5 (民政), 类别 1 社会团体 / 2 民办非企业单位 / 3 基金会. */
function orgCodes(rows: { 统一社会信用代码: string | null; 社会组织类型: string }[]): void {
  rows.forEach((row, i) => {
    const orgType = row.社会组织类型 === '社会团体' ? '1' : row.社会组织类型 === '民办非企业单位' ? '2' : '3';
    row.统一社会信用代码 = makeUscc({
      registrationAuthority: '5',
      orgType,
      regionCode: '320700',
      orgCodeBody8: `MJ${String(i).padStart(6, '0')}`,
    });
  });
}

export async function seedDemoRegistries(
  services: Services,
  actor: Actor,
  departmentIds: Map<string, string>,
  options: { people?: number | undefined } = {},
): Promise<DemoRegistriesReport> {
  const report: DemoRegistriesReport = { grants: 0, sources: 0, loaded: [] };
  const keeper = departmentIds.get(DEMO_REGISTRY_DEPARTMENT)!;
  const published = await services.catalog.publishedResources();
  const find = (dept: string, name: string) =>
    published.find((r) => r.departmentId === departmentIds.get(dept) && r.name === name);
  const population = find(DEMO_REGISTRY_DEPARTMENT, '人口基础信息');
  const legal = find(DEMO_REGISTRY_DEPARTMENT, '法人基础信息');
  await services.registries.sources.ensure('population', keeper, population?.id ?? null);
  await services.registries.sources.ensure('legal_person', keeper, legal?.id ?? null);
  if (options.people === 0) return report;

  // The sources this seed loads itself (the others come from the exchange step and the front database).
  const people = options.people ?? 20_000;
  const load = async (dept: string, name: string, rows: Record<string, unknown>[]) => {
    const resource = find(dept, name);
    if (!resource || (await services.exchange.resource(resource.id)).recordsHeld > 0) return;
    const result = await services.exchange.ingest(
      actor,
      resource.id,
      numbered(rows.map((row) => fit(resource, row))),
      {
        source: 'seed',
        mode: 'upsert',
      },
    );
    report.loaded.push({ resource: name, records: result.inserted });
  };
  await load(
    'wjw',
    '居民电子健康档案信息',
    healthArchiveRows(Math.min(HEALTH_ARCHIVES.people, people), HEALTH_ARCHIVES.faultRate).rows,
  );
  const legalSets = legalRows(people);
  orgCodes(legalSets.orgs);
  await load('mzj', '社会组织登记信息', legalSets.orgs);
  await load(INSTITUTIONS_RESOURCE.provider, INSTITUTIONS_RESOURCE.name, institutionRows());
  await load('shuiwu', '税务登记信息', legalSets.taxes);
  await load('shuiwu', '纳税信用等级信息', legalSets.grades);

  const attached = new Set((await services.registries.sources.list()).map((s) => s.resource_id));
  const operator: Actor = { ...actor, name: 'admin' };
  for (const spec of DEMO_REGISTRY_SOURCES) {
    const resource = find(spec.provider, spec.resource);
    if (!resource || attached.has(resource.id)) continue;
    if (resource.sharingType === 'conditional') {
      const items = resource.items.map((i) => i.name);
      // In clear: every sensitive item (key items are never masked anyway).
      const unmasked = resource.items.filter((i) => i.sensitive && !i.isKey).map((i) => i.name);
      const decided = await requestGrant(
        services,
        { departmentId: keeper, actor: operator },
        {
          resourceId: resource.id,
          items,
          unmaskedItems: unmasked,
          purpose: spec.registry === 'population' ? '人口基础库建设与维护' : '法人基础库建设与维护',
          legalBasis:
            '《政务信息资源共享管理暂行办法》第五条：基础信息资源由指定部门统筹建设，各部门按需共享',
          usageModes: ['subscription'],
          periodFrom: chinaToday(new Date()),
          periodTo: chinaToday(new Date(Date.now() + 3 * 365 * 86_400_000)),
          expectedDailyVolume: null,
        },
        {
          provider: { ...actor, name: `${spec.provider}_steward` },
          operator,
          body: { unmaskedItems: unmasked, dailyQuota: null },
        },
      );
      if (decided.grantId) report.grants++;
    }
    await services.registries.sources.attach(operator, spec.registry, {
      resourceId: resource.id,
      name: spec.name,
      priority: spec.priority,
      projections: spec.projections,
    });
    attached.add(resource.id);
    report.sources++;
  }
  return report;
}
