/**
 * The demo city's e-license library (电子证照库): 23 license types, each issued by the matching demo department, and
 * a few hundred licenses whose holders come from the demo record sets — the same 身份证号, names, credit codes and
 * dates the population, enterprise, marriage, vehicle, real-estate, insurance and fund records carry, so a license
 * and the registries will link by the holder's code. Deterministic (same seed, same licenses; only the signatures,
 * SM2 being randomized, differ) and idempotent: the library service seeds licenses only into an empty library.
 */
import { Random } from '../lib/random.ts';
import { makeUscc } from '../lib/validators/index.ts';
import type { Actor } from '../modules/audit/index.ts';
import type { HolderKind, LicenseIssueInputT, LicenseTypeInputT } from '../modules/licenses/index.ts';
import type { Services } from '../server/context.ts';
import { DEMO_NOW } from './catalog/index.ts';
import { demoRecordSet } from './records/index.ts';

type Row = Record<string, unknown>;
type Field = LicenseTypeInputT['fields'][number];

/** The ministries that define the types (their codes are synthetic, valid 统一社会信用代码 of central agencies). */
const MINISTRIES = [
  '公安部',
  '民政部',
  '国家卫生健康委员会',
  '国家市场监督管理总局',
  '自然资源部',
  '人力资源和社会保障部',
  '生态环境部',
  '住房和城乡建设部',
  '交通运输部',
  '教育部',
  '国家税务总局',
  '司法部',
  '退役军人事务部',
  '水利部',
  '国家药品监督管理局',
] as const;
type Ministry = (typeof MINISTRIES)[number];

export function ministryUscc(m: Ministry): string {
  const i = MINISTRIES.indexOf(m);
  return makeUscc({
    registrationAuthority: '1',
    orgType: '1',
    regionCode: '100000',
    orgCodeBody8: `000${String(1301 + i * 37).padStart(5, '0')}`,
  });
}

const f = (name: string, dataType: Field['dataType'], required = true, tag: Field['tag'] = null): Field => ({
  name,
  dataType,
  required,
  tag,
});

/** Where a type's holders come from and how a record becomes a license. */
type Source = 'population' | 'marriages' | 'enterprises' | 'vehicles' | 'estate' | 'insurance' | 'fund';

interface DemoType {
  name: string;
  ministry: Ministry;
  number: number;
  departmentKey: string;
  holderKind: HolderKind;
  validityYears: number | null;
  fields: Field[];
  source: Source;
  /** How many licenses the demo issues at most. */
  count: number;
  /** Which records qualify. */
  accept?: (r: Row) => boolean;
  /** The license of one record: holder, number, issue day and field values; null skips the record. */
  make: (r: Row, rnd: Random, i: number) => Omit<LicenseIssueInputT, 'typeCode'> | null;
}

const NOW_DAY = DEMO_NOW.toISOString().slice(0, 10);
const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const day = (v: unknown) => s(v).slice(0, 10);

/** A day `back` days before the demo's today, never before `floor`. */
function daysBack(back: number, floor = '1980-01-01'): string {
  const d = new Date(DEMO_NOW.getTime() - back * 86_400_000).toISOString().slice(0, 10);
  return d < floor ? floor : d;
}

/** An issue day spread over `years`·1.2 years back, so about one in six licenses with a validity has expired. */
function spread(rnd: Random, years: number | null, floor?: string): string {
  return daysBack(rnd.int(0, Math.round((years ?? 15) * 1.2 * 365)), floor);
}

const adult = (r: Row) => s(r['出生日期']) <= '2000-01-01';
const person = (r: Row) => ({ code: s(r['身份证号']), name: s(r['姓名']) });
const company = (r: Row) => ({ code: s(r['统一社会信用代码']), name: s(r['企业名称']) });
const live = (r: Row) => s(r['登记状态']).startsWith('存续');
const industry = (prefixes: string) => (r: Row) => live(r) && prefixes.includes(s(r['行业代码']).charAt(0));
const digits = (rnd: Random, n: number) => Array.from({ length: n }, () => rnd.int(0, 9)).join('');

export const DEMO_LICENSE_TYPES: readonly DemoType[] = [
  {
    name: '居民户口簿',
    ministry: '公安部',
    number: 1,
    departmentKey: 'gaj',
    holderKind: '111',
    validityYears: null,
    fields: [f('户号', 'C'), f('户别', 'C'), f('住址', 'C', true, 'address'), f('登记单位', 'C')],
    source: 'population',
    count: 20,
    accept: (r) => r['与户主关系'] === '10',
    make: (r, rnd) => ({
      holder: person(r),
      number: s(r['户号']),
      issuedOn: spread(rnd, null, day(r['出生日期'])),
      data: {
        户号: s(r['户号']),
        户别: s(r['户口类别']),
        住址: s(r['户籍地址']),
        登记单位: s(r['登记单位']),
      },
    }),
  },
  {
    name: '结婚证',
    ministry: '民政部',
    number: 1,
    departmentKey: 'mzj',
    holderKind: '111',
    validityYears: null,
    fields: [
      f('登记日期', 'D'),
      f('配偶姓名', 'C', true, 'person_name'),
      f('配偶身份证号', 'C', true, 'id_card'),
    ],
    source: 'marriages',
    count: 24,
    make: (r, _rnd, i) => {
      const man = i % 2 === 0;
      const [self, other] = man ? ['男方', '女方'] : ['女方', '男方'];
      return {
        holder: { code: s(r[`${self}身份证号`]), name: s(r[`${self}姓名`]) },
        number: s(r['结婚证字号']),
        issuedOn: day(r['登记日期']),
        data: {
          登记日期: day(r['登记日期']),
          配偶姓名: s(r[`${other}姓名`]),
          配偶身份证号: s(r[`${other}身份证号`]),
        },
      };
    },
  },
  {
    name: '离婚证',
    ministry: '民政部',
    number: 2,
    departmentKey: 'mzj',
    holderKind: '111',
    validityYears: null,
    fields: [f('登记日期', 'D')],
    source: 'marriages',
    count: 10,
    // Someone divorced before this marriage holds a 离婚证 of a day before it.
    accept: (r) => r['男方婚前婚姻状况'] === '40' || r['女方婚前婚姻状况'] === '40',
    make: (r, rnd) => {
      const side = r['男方婚前婚姻状况'] === '40' ? '男方' : '女方';
      const on = new Date(Date.parse(`${day(r['登记日期'])}T00:00:00Z`) - rnd.int(200, 2000) * 86_400_000);
      const issued = on.toISOString().slice(0, 10);
      if (issued < s(r[`${side}出生日期`]).slice(0, 4) + '-12-31') return null;
      return {
        holder: { code: s(r[`${side}身份证号`]), name: s(r[`${side}姓名`]) },
        number: `L${s(r[`${side}身份证号`]).slice(0, 6)}-${issued.slice(0, 4)}-${digits(rnd, 7)}`,
        issuedOn: issued,
        data: { 登记日期: issued },
      };
    },
  },
  {
    name: '出生医学证明',
    ministry: '国家卫生健康委员会',
    number: 1,
    departmentKey: 'wjw',
    holderKind: '111',
    validityYears: null,
    fields: [f('出生日期', 'D'), f('性别', 'C'), f('出生地点', 'C')],
    source: 'population',
    count: 15,
    accept: (r) => s(r['出生日期']) >= '2010-01-01',
    make: (r, rnd) => ({
      holder: person(r),
      number: `Q${digits(rnd, 9)}`,
      issuedOn: day(r['出生日期']),
      data: { 出生日期: day(r['出生日期']), 性别: r['性别'] === '1' ? '男' : '女', 出生地点: s(r['出生地']) },
    }),
  },
  {
    name: '营业执照',
    ministry: '国家市场监督管理总局',
    number: 1,
    departmentKey: 'scjgj',
    holderKind: '001',
    validityYears: null,
    fields: [
      f('类型', 'C'),
      f('法定代表人', 'C', true, 'person_name'),
      f('注册资本（万元）', 'N'),
      f('成立日期', 'D'),
      f('住所', 'C'),
      f('经营范围', 'C'),
    ],
    source: 'enterprises',
    count: 30,
    make: (r) => ({
      holder: company(r),
      number: s(r['统一社会信用代码']),
      issuedOn: day(r['核准日期']),
      data: {
        类型: s(r['企业类型']),
        法定代表人: s(r['法定代表人']),
        '注册资本（万元）': Number(r['注册资本（万元）'] ?? 0),
        成立日期: day(r['成立日期']),
        住所: s(r['住所']),
        经营范围: s(r['经营范围']).slice(0, 500),
      },
    }),
  },
  {
    name: '不动产权证书',
    ministry: '自然资源部',
    number: 1,
    departmentKey: 'bdc',
    holderKind: '111',
    validityYears: null,
    fields: [
      f('不动产单元号', 'C'),
      f('坐落', 'C', true, 'address'),
      f('权利类型', 'C'),
      f('用途', 'C'),
      f('面积', 'N', false),
    ],
    source: 'estate',
    count: 20,
    accept: (r) => r['权利人证件类型'] === '1',
    make: (r) => ({
      holder: { code: s(r['权利人证件号码']), name: s(r['权利人']) },
      number: s(r['不动产权证书号']),
      issuedOn: day(r['登记时间']),
      data: {
        不动产单元号: s(r['不动产单元号']),
        坐落: s(r['坐落']),
        权利类型: s(r['权利类型']),
        用途: s(r['用途']),
        ...(r['房屋建筑面积'] !== undefined ? { 面积: Number(r['房屋建筑面积']) } : {}),
      },
    }),
  },
  {
    name: '机动车行驶证',
    ministry: '公安部',
    number: 2,
    departmentKey: 'jjzd',
    holderKind: '111',
    validityYears: null,
    fields: [
      f('号牌号码', 'C'),
      f('车辆类型', 'C'),
      f('品牌型号', 'C'),
      f('车辆识别代号', 'C'),
      f('注册日期', 'D'),
    ],
    source: 'vehicles',
    count: 20,
    accept: (r) => /^\d{17}[\dX]$/.test(s(r['所有人证件号码'])),
    make: (r) => ({
      holder: { code: s(r['所有人证件号码']), name: s(r['机动车所有人']) },
      number: s(r['号牌号码']),
      issuedOn: day(r['初次登记日期']),
      data: {
        号牌号码: s(r['号牌号码']),
        车辆类型: s(r['车辆类型']),
        品牌型号: `${s(r['车辆品牌'])} ${s(r['车辆型号'])}`,
        车辆识别代号: s(r['车辆识别代号']),
        注册日期: day(r['初次登记日期']),
      },
    }),
  },
  {
    name: '机动车驾驶证',
    ministry: '公安部',
    number: 3,
    departmentKey: 'jjzd',
    holderKind: '111',
    validityYears: 6,
    fields: [f('准驾车型', 'C'), f('初次领证日期', 'D')],
    source: 'vehicles',
    count: 20,
    accept: (r) => /^\d{17}[\dX]$/.test(s(r['所有人证件号码'])),
    make: (r, rnd) => {
      const first = day(r['初次登记日期']);
      return {
        holder: { code: s(r['所有人证件号码']), name: s(r['机动车所有人']) },
        // 驾驶证号 is the holder's ID number.
        number: s(r['所有人证件号码']),
        issuedOn: spread(rnd, 6, first),
        data: { 准驾车型: s(r['车辆类型']).startsWith('H') ? 'A2' : 'C1', 初次领证日期: first },
      };
    },
  },
  {
    name: '社会保障卡',
    ministry: '人力资源和社会保障部',
    number: 1,
    departmentKey: 'rsj',
    holderKind: '111',
    validityYears: 10,
    fields: [f('社会保障号码', 'C', true, 'id_card'), f('卡号', 'C'), f('发卡地', 'C')],
    source: 'insurance',
    count: 20,
    make: (r, rnd) => ({
      holder: person(r),
      number: s(r['社会保障卡号']),
      issuedOn: spread(rnd, 10, day(r['首次参保日期'])),
      data: { 社会保障号码: s(r['身份证号']), 卡号: s(r['社会保障卡号']), 发卡地: '江苏省连云港市' },
    }),
  },
  {
    name: '残疾人证',
    ministry: '民政部',
    number: 3,
    departmentKey: 'mzj',
    holderKind: '111',
    validityYears: 10,
    fields: [f('残疾类别', 'C'), f('残疾等级', 'C')],
    source: 'population',
    count: 10,
    accept: (r) => Number(s(r['身份证号']).slice(14, 17)) % 37 === 3,
    make: (r, rnd) => ({
      holder: person(r),
      number: `${s(r['身份证号'])}${rnd.int(1, 7)}${rnd.int(1, 4)}`,
      issuedOn: spread(rnd, 10, day(r['出生日期'])),
      data: {
        残疾类别: rnd.pick(['视力残疾', '听力残疾', '言语残疾', '肢体残疾', '智力残疾']),
        残疾等级: rnd.pick(['一级', '二级', '三级', '四级']),
      },
    }),
  },
  {
    name: '食品经营许可证',
    ministry: '国家市场监督管理总局',
    number: 2,
    departmentKey: 'scjgj',
    holderKind: '001',
    validityYears: 5,
    fields: [f('经营场所', 'C'), f('主体业态', 'C'), f('经营项目', 'C')],
    source: 'enterprises',
    count: 15,
    accept: industry('FH'),
    make: (r, rnd) => ({
      holder: company(r),
      number: `JY1320700${digits(rnd, 7)}`,
      issuedOn: spread(rnd, 5, day(r['成立日期'])),
      data: {
        经营场所: s(r['住所']),
        主体业态: s(r['行业代码']).startsWith('H') ? '餐饮服务经营者' : '食品销售经营者',
        经营项目: '预包装食品（含冷藏冷冻食品）销售',
      },
    }),
  },
  {
    name: '排污许可证',
    ministry: '生态环境部',
    number: 1,
    departmentKey: 'sthjj',
    holderKind: '001',
    validityYears: 5,
    fields: [f('行业类别', 'C'), f('生产经营场所地址', 'C'), f('管理类别', 'C')],
    source: 'enterprises',
    count: 15,
    accept: industry('C'),
    make: (r, rnd) => ({
      holder: company(r),
      number: `${s(r['统一社会信用代码'])}001P`,
      issuedOn: spread(rnd, 5, day(r['成立日期'])),
      data: {
        行业类别: s(r['行业代码']),
        生产经营场所地址: s(r['住所']),
        管理类别: rnd.chance(0.3) ? '重点管理' : '简化管理',
      },
    }),
  },
  {
    name: '建筑业企业资质证书',
    ministry: '住房和城乡建设部',
    number: 1,
    departmentKey: 'zjj',
    holderKind: '001',
    validityYears: 5,
    fields: [f('资质类别及等级', 'C'), f('法定代表人', 'C', true, 'person_name')],
    source: 'enterprises',
    count: 12,
    accept: industry('E'),
    make: (r, rnd) => ({
      holder: company(r),
      number: `D2320${digits(rnd, 5)}`,
      issuedOn: spread(rnd, 5, day(r['成立日期'])),
      data: {
        资质类别及等级: rnd.pick([
          '建筑工程施工总承包三级',
          '市政公用工程施工总承包三级',
          '建筑装修装饰工程专业承包二级',
        ]),
        法定代表人: s(r['法定代表人']),
      },
    }),
  },
  {
    name: '道路运输经营许可证',
    ministry: '交通运输部',
    number: 1,
    departmentKey: 'jtj',
    holderKind: '001',
    validityYears: 4,
    fields: [f('经营范围', 'C'), f('地址', 'C')],
    source: 'enterprises',
    count: 12,
    accept: industry('G'),
    make: (r, rnd) => ({
      holder: company(r),
      number: `苏交运管许可连字320700${digits(rnd, 6)}号`,
      issuedOn: spread(rnd, 4, day(r['成立日期'])),
      data: {
        经营范围: rnd.pick(['道路普通货物运输', '货物专用运输（集装箱）', '道路危险货物运输']),
        地址: s(r['住所']),
      },
    }),
  },
  {
    name: '医师执业证书',
    ministry: '国家卫生健康委员会',
    number: 2,
    departmentKey: 'wjw',
    holderKind: '111',
    validityYears: null,
    fields: [f('执业类别', 'C'), f('执业范围', 'C'), f('执业地点', 'C')],
    source: 'population',
    count: 10,
    accept: (r) =>
      adult(r) && s(r['出生日期']) >= '1960-01-01' && Number(s(r['身份证号']).slice(14, 17)) % 29 === 5,
    make: (r, rnd) => ({
      holder: person(r),
      number: `1103207${digits(rnd, 8)}`,
      issuedOn: spread(rnd, null, `${Number(s(r['出生日期']).slice(0, 4)) + 25}-01-01`),
      data: {
        执业类别: rnd.pick(['临床', '中医', '口腔', '公共卫生']),
        执业范围: rnd.pick(['内科专业', '外科专业', '儿科专业', '全科医学专业']),
        执业地点: '江苏省连云港市',
      },
    }),
  },
  {
    name: '教师资格证书',
    ministry: '教育部',
    number: 1,
    departmentKey: 'jyj',
    holderKind: '111',
    validityYears: null,
    fields: [f('资格种类', 'C'), f('任教学科', 'C')],
    source: 'population',
    count: 10,
    accept: (r) =>
      adult(r) && s(r['出生日期']) >= '1965-01-01' && Number(s(r['身份证号']).slice(14, 17)) % 31 === 7,
    make: (r, rnd) => ({
      holder: person(r),
      number: `${Number(s(r['出生日期']).slice(0, 4)) + 23}32${digits(rnd, 11)}`,
      issuedOn: spread(rnd, null, `${Number(s(r['出生日期']).slice(0, 4)) + 23}-01-01`),
      data: {
        资格种类: rnd.pick(['小学教师资格', '初级中学教师资格', '高级中学教师资格']),
        任教学科: rnd.pick(['语文', '数学', '英语', '物理', '历史']),
      },
    }),
  },
  {
    name: '住房公积金缴存证明',
    ministry: '住房和城乡建设部',
    number: 2,
    departmentKey: 'gjj',
    holderKind: '111',
    validityYears: 1,
    fields: [
      f('个人公积金账号', 'C'),
      f('单位名称', 'C'),
      f('月缴存额', 'N'),
      f('缴至年月', 'C'),
      f('账户状态', 'C'),
    ],
    source: 'fund',
    count: 20,
    make: (r, rnd) => ({
      holder: person(r),
      number: `GJJZM${digits(rnd, 10)}`,
      issuedOn: spread(rnd, 1, day(r['开户日期'])),
      data: {
        个人公积金账号: s(r['个人公积金账号']),
        单位名称: s(r['单位名称']),
        月缴存额: Number(r['月缴存额'] ?? 0),
        缴至年月: s(r['缴至年月']),
        账户状态: s(r['账户状态']),
      },
    }),
  },
  {
    name: '税务登记证明',
    ministry: '国家税务总局',
    number: 1,
    departmentKey: 'shuiwu',
    holderKind: '001',
    validityYears: null,
    fields: [f('纳税人名称', 'C'), f('登记注册类型', 'C'), f('主管税务机关', 'C')],
    source: 'enterprises',
    count: 15,
    accept: live,
    make: (r) => ({
      holder: company(r),
      number: s(r['统一社会信用代码']),
      issuedOn: day(r['成立日期']),
      data: {
        纳税人名称: s(r['企业名称']),
        登记注册类型: s(r['企业类型']),
        主管税务机关: '国家税务总局连云港市税务局',
      },
    }),
  },
  {
    name: '药品经营许可证',
    ministry: '国家药品监督管理局',
    number: 1,
    departmentKey: 'scjgj',
    holderKind: '001',
    validityYears: 5,
    fields: [f('经营方式', 'C'), f('经营范围', 'C'), f('注册地址', 'C')],
    source: 'enterprises',
    count: 8,
    accept: (r) => live(r) && s(r['企业名称']).includes('医药'),
    make: (r, rnd) => ({
      holder: company(r),
      number: `苏AA518${digits(rnd, 4)}`,
      issuedOn: spread(rnd, 5, day(r['成立日期'])),
      data: {
        经营方式: rnd.chance(0.5) ? '零售（连锁）' : '批发',
        经营范围: '中成药、化学药制剂、生物制品',
        注册地址: s(r['住所']),
      },
    }),
  },
  {
    name: '公共场所卫生许可证',
    ministry: '国家卫生健康委员会',
    number: 3,
    departmentKey: 'wjw',
    holderKind: '001',
    validityYears: 4,
    fields: [f('经营项目', 'C'), f('地址', 'C')],
    source: 'enterprises',
    count: 10,
    accept: industry('HR'),
    make: (r, rnd) => ({
      holder: company(r),
      number: `苏卫公证字[${spread(rnd, 4).slice(0, 4)}]第320700${digits(rnd, 6)}号`,
      issuedOn: spread(rnd, 4, day(r['成立日期'])),
      data: { 经营项目: rnd.pick(['住宿', '美容美发', '游泳场所', '文化娱乐场所']), 地址: s(r['住所']) },
    }),
  },
  {
    name: '退役军人优待证',
    ministry: '退役军人事务部',
    number: 1,
    departmentKey: 'tyjrj',
    holderKind: '111',
    validityYears: null,
    fields: [f('优待证类别', 'C')],
    source: 'population',
    count: 10,
    accept: (r) => r['兵役状况'] === '退出现役',
    make: (r, rnd) => ({
      holder: person(r),
      number: `32${digits(rnd, 14)}`,
      issuedOn: daysBack(rnd.int(0, 1400)),
      data: { 优待证类别: '退役军人优待证' },
    }),
  },
  {
    name: '律师执业证',
    ministry: '司法部',
    number: 1,
    departmentKey: 'sfj',
    holderKind: '111',
    validityYears: null,
    fields: [f('执业机构', 'C'), f('执业证类别', 'C')],
    source: 'population',
    count: 8,
    accept: (r) =>
      adult(r) && s(r['出生日期']) >= '1965-01-01' && Number(s(r['身份证号']).slice(14, 17)) % 41 === 9,
    make: (r, rnd) => ({
      holder: person(r),
      number: `132070${digits(rnd, 11)}`,
      issuedOn: spread(rnd, null, `${Number(s(r['出生日期']).slice(0, 4)) + 26}-01-01`),
      data: {
        执业机构: rnd.pick(['江苏连云律师事务所', '江苏海州律师事务所', '江苏港城律师事务所']),
        执业证类别: '专职律师',
      },
    }),
  },
  {
    name: '取水许可证',
    ministry: '水利部',
    number: 1,
    departmentKey: 'slj',
    holderKind: '001',
    validityYears: 5,
    fields: [f('取水地点', 'C'), f('取水量（万立方米/年）', 'N'), f('取水用途', 'C')],
    source: 'enterprises',
    count: 8,
    accept: industry('AC'),
    make: (r, rnd) => ({
      holder: company(r),
      number: `取水（苏连）字[${spread(rnd, 5).slice(0, 4)}]第${digits(rnd, 5)}号`,
      issuedOn: spread(rnd, 5, day(r['成立日期'])),
      data: {
        取水地点: s(r['住所']),
        '取水量（万立方米/年）': rnd.int(1, 200),
        取水用途: s(r['行业代码']).startsWith('A') ? '农业灌溉' : '工业生产',
      },
    }),
  },
];

/** Records read per set: enough for every type's filter to find its holders. */
const SCAN: Record<Source, number> = {
  population: 900,
  marriages: 300,
  enterprises: 900,
  vehicles: 200,
  estate: 200,
  insurance: 200,
  fund: 200,
};

export interface DemoLicenseReport {
  types: number;
  licenses: number;
  ms: number;
}

/**
 * Seeds the types (those missing) and, into an empty library, the licenses: about one in 25 suspended and one in
 * 30 revoked, with reasons; expiry follows from the issue days. `people` must be what the record sets were built
 * with (the population they come from is then already computed).
 */
export async function seedDemoLicenses(
  services: Services,
  actor: Actor,
  departmentIds: ReadonlyMap<string, string>,
  options: { people?: number | undefined } = {},
): Promise<DemoLicenseReport> {
  const started = performance.now();
  const types = DEMO_LICENSE_TYPES.map((t) => ({
    code: `${ministryUscc(t.ministry)}${String(t.number).padStart(3, '0')}`,
    name: t.name,
    ministryName: t.ministry,
    departmentId: departmentIds.get(t.departmentKey)!,
    holderKind: t.holderKind,
    fields: t.fields,
    validityYears: t.validityYears,
  }));
  const added = await services.licenses.types.seed(actor, types);
  // Licenses only into an empty library: a second seed neither signs nor reads records again.
  if (options.people === 0 || !(await services.licenses.issuer.isEmpty()))
    return { types: added, licenses: 0, ms: performance.now() - started };

  const rows = new Map<Source, Row[]>();
  const recordsOf = (source: Source): Row[] => {
    let got = rows.get(source);
    if (!got) {
      got = [];
      // The first rows are plenty to find a few dozen holders of any kind; computing more costs start-up time.
      for (const r of demoRecordSet(source, { people: options.people }).rows()) {
        got.push(r);
        if (got.length >= SCAN[source]) break;
      }
      rows.set(source, got);
    }
    return got;
  };
  const typeRows = new Map(
    await Promise.all(types.map(async (t) => [t.code, await services.licenses.types.row(t.code)] as const)),
  );
  const rnd = new Random('demo-licenses');
  const specs: Parameters<Services['licenses']['issuer']['seed']>[2] = [];
  for (const [k, t] of DEMO_LICENSE_TYPES.entries()) {
    const typeCode = types[k]!.code;
    const typeRow = typeRows.get(typeCode)!;
    const pool = recordsOf(t.source).filter((r) => t.accept?.(r) ?? true);
    const r = rnd.fork(t.name);
    // A stride through the pool, so holders come from across the city and not only its first households.
    const step = Math.max(1, Math.floor(pool.length / t.count));
    for (let i = 0, n = 0; i < pool.length && n < t.count; i += step) {
      const input = t.make(pool[i]!, r, n);
      if (!input || input.issuedOn > NOW_DAY) continue;
      // The record sets carry deliberately broken or incomplete rows (for the exchange to quarantine): skipped.
      if (services.licenses.issuer.problems(typeRow, { typeCode, ...input }).length) continue;
      n++;
      const roll = r.int(0, 149);
      const status = roll < 5 ? 'revoked' : roll < 11 ? 'suspended' : 'valid';
      const reason =
        status === 'revoked'
          ? r.pick(['以欺骗手段取得，依法撤销', '持证主体申请注销', '违法经营被吊销'])
          : status === 'suspended'
            ? r.pick(['信息核查中，暂停使用', '持证人挂失', '涉嫌违规，责令整改期间暂停'])
            : null;
      specs.push({ typeCode, input: { typeCode, ...input }, status, reason });
    }
  }
  const licenses = await services.licenses.issuer.seed(actor, typeRows, specs);
  return { types: added, licenses, ms: performance.now() - started };
}
