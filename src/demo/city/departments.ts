/**
 * The 60 municipal departments of the demo city, modelled on a prefecture-level city's government after the
 * 2019 institutional reform: government departments, the units that hold most of the shared data (registration
 * centres, fund centres), and the vertically managed bureaus that exchange data with the city.
 */
import { makeUscc } from '../../lib/validators/uscc.ts';
import { CITY_CODE, CITY_NAME } from './regions.ts';

/** 机关 (government agency, USCC type 1) or 事业单位 (public institution, USCC type 2). */
export type DepartmentKind = 'agency' | 'institution';

export interface DemoDepartment {
  /** Stable ASCII slug, used in demo usernames such as `gaj_steward`. */
  key: string;
  /** Name as used inside the city, e.g. 市公安局. */
  name: string;
  /** Everyday short name, e.g. 公安局. */
  shortName: string;
  /** Official full name, e.g. 连云港市公安局. */
  fullName: string;
  kind: DepartmentKind;
  /** Supervising department's key, for units administered by another department. */
  parentKey?: string;
  /** 统一社会信用代码, registration authority 1 (机构编制). */
  uscc: string;
  /** True for 市信息中心, the unit that operates the platform. */
  operator?: boolean;
}

interface DepartmentSeed {
  key: string;
  name: string;
  shortName: string;
  kind: DepartmentKind;
  parentKey?: string;
  /** Full name when it is not simply the city name + name (vertically managed units). */
  fullName?: string;
  operator?: boolean;
}

const A: DepartmentKind = 'agency';
const I: DepartmentKind = 'institution';

// Order is part of the data: the USCC of each unit is derived from its position.
const SEEDS: readonly DepartmentSeed[] = [
  { key: 'zfb', name: '市人民政府办公室', shortName: '市政府办', kind: A },
  { key: 'fgw', name: '市发展和改革委员会', shortName: '发改委', kind: A },
  { key: 'jyj', name: '市教育局', shortName: '教育局', kind: A },
  { key: 'kjj', name: '市科学技术局', shortName: '科技局', kind: A },
  { key: 'gxj', name: '市工业和信息化局', shortName: '工信局', kind: A },
  { key: 'mzzj', name: '市民族宗教事务局', shortName: '民宗局', kind: A },
  { key: 'gaj', name: '市公安局', shortName: '公安局', kind: A },
  { key: 'mzj', name: '市民政局', shortName: '民政局', kind: A },
  { key: 'sfj', name: '市司法局', shortName: '司法局', kind: A },
  { key: 'czj', name: '市财政局', shortName: '财政局', kind: A },
  { key: 'rsj', name: '市人力资源和社会保障局', shortName: '人社局', kind: A },
  { key: 'zrghj', name: '市自然资源和规划局', shortName: '自然资源和规划局', kind: A },
  { key: 'sthjj', name: '市生态环境局', shortName: '生态环境局', kind: A },
  { key: 'zjj', name: '市住房和城乡建设局', shortName: '住建局', kind: A },
  { key: 'cgj', name: '市城市管理局', shortName: '城管局', kind: A },
  { key: 'jtj', name: '市交通运输局', shortName: '交通运输局', kind: A },
  { key: 'slj', name: '市水利局', shortName: '水利局', kind: A },
  { key: 'nyj', name: '市农业农村局', shortName: '农业农村局', kind: A },
  { key: 'swj', name: '市商务局', shortName: '商务局', kind: A },
  { key: 'wglj', name: '市文化广电和旅游局', shortName: '文广旅局', kind: A },
  { key: 'wjw', name: '市卫生健康委员会', shortName: '卫健委', kind: A },
  { key: 'tyjrj', name: '市退役军人事务局', shortName: '退役军人局', kind: A },
  { key: 'yjj', name: '市应急管理局', shortName: '应急局', kind: A },
  { key: 'sjj', name: '市审计局', shortName: '审计局', kind: A },
  { key: 'gzw', name: '市人民政府国有资产监督管理委员会', shortName: '国资委', kind: A },
  { key: 'scjgj', name: '市市场监督管理局', shortName: '市场监管局', kind: A },
  { key: 'tyj', name: '市体育局', shortName: '体育局', kind: A },
  { key: 'tjj', name: '市统计局', shortName: '统计局', kind: A },
  { key: 'ybj', name: '市医疗保障局', shortName: '医保局', kind: A },
  { key: 'jrj', name: '市地方金融监督管理局', shortName: '金融局', kind: A },
  { key: 'zwb', name: '市政务服务管理办公室', shortName: '政务办', kind: A },
  { key: 'xfj', name: '市信访局', shortName: '信访局', kind: A },
  { key: 'jgswj', name: '市机关事务管理局', shortName: '机关事务局', kind: A },
  { key: 'rfb', name: '市人民防空办公室', shortName: '人防办', kind: A },
  { key: 'kab', name: '市口岸管理办公室', shortName: '口岸办', kind: A },
  { key: 'lcj', name: '市粮食和物资储备局', shortName: '粮储局', kind: A, parentKey: 'fgw' },
  { key: 'jjzd', name: '市公安局交通警察支队', shortName: '交警支队', kind: A, parentKey: 'gaj' },
  // Platform operator and the public-data units most exchanges touch.
  { key: 'xxzx', name: '市信息中心', shortName: '信息中心', kind: I, parentKey: 'zwb', operator: true },
  { key: 'ggzy', name: '市公共资源交易中心', shortName: '公共资源交易中心', kind: I, parentKey: 'zwb' },
  { key: 'rx12345', name: '市12345政务服务便民热线中心', shortName: '12345热线', kind: I, parentKey: 'zwb' },
  { key: 'gjj', name: '市住房公积金管理中心', shortName: '公积金中心', kind: I, parentKey: 'zjj' },
  { key: 'bdc', name: '市不动产登记中心', shortName: '不动产登记中心', kind: I, parentKey: 'zrghj' },
  { key: 'sbzx', name: '市社会保险基金管理中心', shortName: '社保中心', kind: I, parentKey: 'rsj' },
  { key: 'jyzx', name: '市劳动就业管理中心', shortName: '就业中心', kind: I, parentKey: 'rsj' },
  { key: 'ybzx', name: '市医疗保险基金管理中心', shortName: '医保中心', kind: I, parentKey: 'ybj' },
  { key: 'hydj', name: '市婚姻登记服务中心', shortName: '婚姻登记中心', kind: I, parentKey: 'mzj' },
  { key: 'jzgl', name: '市救助管理站', shortName: '救助站', kind: I, parentKey: 'mzj' },
  { key: 'jkzx', name: '市疾病预防控制中心', shortName: '疾控中心', kind: I, parentKey: 'wjw' },
  { key: 'jjzx', name: '市急救中心', shortName: '急救中心', kind: I, parentKey: 'wjw' },
  { key: 'ksy', name: '市教育考试院', shortName: '考试院', kind: I, parentKey: 'jyj' },
  { key: 'spjy', name: '市食品药品检验检测中心', shortName: '食药检中心', kind: I, parentKey: 'scjgj' },
  { key: 'tyfw', name: '市退役军人服务中心', shortName: '退役军人服务中心', kind: I, parentKey: 'tyjrj' },
  { key: 'dag', name: '市档案馆', shortName: '档案馆', kind: I },
  { key: 'dfz', name: '市地方志办公室', shortName: '地方志办', kind: I },
  // Vertically managed units: named by their own hierarchy, not by the city government.
  { key: 'shuiwu', name: '市税务局', shortName: '税务局', kind: A, fullName: '国家税务总局连云港市税务局' },
  { key: 'hg', name: '连云港海关', shortName: '海关', kind: A, fullName: '中华人民共和国连云港海关' },
  { key: 'qxj', name: '市气象局', shortName: '气象局', kind: I },
  { key: 'xfzd', name: '市消防救援支队', shortName: '消防支队', kind: A },
  { key: 'yzj', name: '市邮政管理局', shortName: '邮政管理局', kind: A },
  {
    key: 'dcd',
    name: '国家统计局连云港调查队',
    shortName: '调查队',
    kind: A,
    fullName: '国家统计局连云港调查队',
  },
];

/** Number of demo departments. */
export const DEPARTMENT_COUNT = SEEDS.length;

// A multiplier coprime to 10^6 makes index → 6 digits a bijection, so codes are distinct yet look unordered.
function orgCodeBody(kind: DepartmentKind, index: number): string {
  const prefix = kind === 'agency' ? '01' : '46';
  return prefix + String((index * 7919 + 104729) % 1_000_000).padStart(6, '0');
}

/** The demo city's 60 departments, in a fixed order, each with a valid deterministic USCC. */
export function buildDepartments(): DemoDepartment[] {
  return SEEDS.map((seed, index) => {
    const dept: DemoDepartment = {
      key: seed.key,
      name: seed.name,
      shortName: seed.shortName,
      fullName: seed.fullName ?? (seed.name.startsWith('市') ? CITY_NAME + seed.name.slice(1) : seed.name),
      kind: seed.kind,
      uscc: makeUscc({
        registrationAuthority: '1',
        orgType: seed.kind === 'agency' ? '1' : '2',
        regionCode: CITY_CODE,
        orgCodeBody8: orgCodeBody(seed.kind, index),
      }),
    };
    if (seed.parentKey !== undefined) dept.parentKey = seed.parentKey;
    if (seed.operator) dept.operator = true;
    return dept;
  });
}
