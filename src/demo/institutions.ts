/**
 * 事业单位登记: the demo city's public institutions as the 机构编制 authority's registration offices record them — the
 * departments that are institutions themselves (市信息中心, 公积金中心 …, under the credit codes they already hold)
 * and schools, hospitals, health centres, kindergartens, libraries and extension stations of the city, its districts
 * and its towns, 150 in all. A source of the legal-person registry (see DEMO_REGISTRY_SOURCES). The demo city has no
 * 编办 among its departments, so 人社局 shares the register (INSTITUTIONS_RESOURCE).
 *
 * Deterministic: same seed → same rows. Credit codes are GB 32100 with registration authority 1 (机构编制) and
 * category 2 (事业单位), the region code of the level that registered the unit, and a 组织机构代码 body of their own
 * ("47…", apart from the departments' "01…" and "46…").
 */
import { Random } from '../lib/random.ts';
import { makeUscc } from '../lib/validators/uscc.ts';
import { buildDepartments, buildRegions, CITY_CODE, CITY_NAME, makePerson } from './city/index.ts';
import { STREETS } from './records/names.ts';

/** Where the register is published in the demo catalog. */
export const INSTITUTIONS_RESOURCE = { provider: 'rsj', name: '事业单位登记信息' } as const;
export const INSTITUTION_COUNT = 150;

interface Kind {
  scope: string;
  /** The sponsoring bureau, as a department key of the city (its district counterpart has the same name). */
  sponsor: 'wjw' | 'jyj' | 'wglj' | 'nyj';
  funding: string;
  /** 开办资金 in 万元, and the years it was founded between. */
  capital: readonly [number, number];
  founded: readonly [number, number];
}

// 宗旨和业务范围 as 事业单位法人证书 word them.
const KINDS = {
  hospital: {
    scope:
      '为人民身体健康提供医疗与护理保健服务。医疗与护理；医学教学；医学研究；卫生医疗人员培训；保健与健康教育。',
    sponsor: 'wjw',
    funding: '差额拨款',
    capital: [2000, 30000],
    founded: [1949, 1990],
  },
  health: {
    scope:
      '为辖区居民提供基本医疗和基本公共卫生服务。常见病多发病诊疗；预防保健；健康教育；计划免疫；慢性病管理。',
    sponsor: 'wjw',
    funding: '差额拨款',
    capital: [100, 1200],
    founded: [1956, 2012],
  },
  middle: {
    scope: '实施中等教育，促进基础教育发展。初中学历教育；高中学历教育；相关社会服务。',
    sponsor: 'jyj',
    funding: '全额拨款',
    capital: [500, 5000],
    founded: [1950, 2005],
  },
  school: {
    scope: '实施义务教育，促进基础教育发展。小学学历教育；相关社会服务。',
    sponsor: 'jyj',
    funding: '全额拨款',
    capital: [200, 3000],
    founded: [1950, 2015],
  },
  kindergarten: {
    scope: '实施学前教育，促进幼儿身心健康发展。幼儿保育；学前教育；家庭教育指导。',
    sponsor: 'jyj',
    funding: '全额拨款',
    capital: [50, 600],
    founded: [1980, 2018],
  },
  library: {
    scope: '保存文献信息，提供公共阅读服务。文献收藏与借阅；参考咨询；数字图书馆服务；全民阅读推广。',
    sponsor: 'wglj',
    funding: '全额拨款',
    capital: [100, 2000],
    founded: [1952, 2000],
  },
  culture: {
    scope: '开展群众文化活动，保护和传承文化遗产。群众文艺创作与辅导；非物质文化遗产保护；文物收藏与展览。',
    sponsor: 'wglj',
    funding: '全额拨款',
    capital: [100, 1500],
    founded: [1953, 2005],
  },
  agriculture: {
    scope: '为农业生产提供技术服务。农业技术推广；病虫害监测与防治；农产品质量安全检测；农民技术培训。',
    sponsor: 'nyj',
    funding: '全额拨款',
    capital: [50, 500],
    founded: [1958, 2008],
  },
} as const satisfies Record<string, Kind>;
type KindName = keyof typeof KINDS;

const CITY_UNITS: readonly (readonly [name: string, kind: KindName])[] = [
  ['第一人民医院', 'hospital'],
  ['第二人民医院', 'hospital'],
  ['中医院', 'hospital'],
  ['妇幼保健院', 'hospital'],
  ['第一中学', 'middle'],
  ['第二中学', 'middle'],
  ['实验小学', 'school'],
  ['图书馆', 'library'],
  ['博物馆', 'culture'],
  ['农业技术推广中心', 'agriculture'],
];
const DISTRICT_UNITS: readonly (readonly [name: string, kind: KindName])[] = [
  ['人民医院', 'hospital'],
  ['中医院', 'hospital'],
  ['实验小学', 'school'],
  ['图书馆', 'library'],
  ['农业技术推广中心', 'agriculture'],
];
const DISTRICT_BUREAU: Record<Kind['sponsor'], string> = {
  wjw: '卫生健康委员会',
  jyj: '教育局',
  wglj: '文化广电和旅游局',
  nyj: '农业农村局',
};
// A department that is an institution but is registered above the city: not in the city's register.
const VERTICAL = new Set(['qxj']);
const DEPARTMENT_SCOPE = '贯彻执行有关法律法规和政策，承担本单位职责范围内的公益服务和业务技术支撑工作。';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The register's rows (`count` of them, at most INSTITUTION_COUNT), with the items of 事业单位登记信息. */
export function institutionRows(
  count = INSTITUTION_COUNT,
  seed: number | string = 2018,
): Record<string, unknown>[] {
  const r = new Random(`demo-institutions/${seed}`);
  const regions = buildRegions();
  const districts = regions.filter((x) => x.level === 'district');
  const towns = regions.filter((x) => x.level === 'town');
  const departments = buildDepartments();
  const fullName = new Map(departments.map((d) => [d.key, d.fullName]));
  const rows: Record<string, unknown>[] = [];
  const names = new Set<string>();

  const date = (from: number, to: number) => `${r.int(from, to)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`;
  const address = (district: string, town: string) =>
    `${district}${town}${r.pick(STREETS)}${r.int(1, 399)}号`;
  const phone = () => `0518-8${pad(r.int(0, 9_999_999), 7)}`;
  const add = (row: {
    uscc: string;
    name: string;
    sponsor: string;
    scope: string;
    funding: string;
    capital: number;
    founded: string;
    authority: string;
    address: string;
  }) => {
    if (names.has(row.name)) throw new Error(`demo institutions: duplicate name ${row.name}`);
    names.add(row.name);
    // One unit in forty has been deregistered (merged into another, or closed).
    const cancelled = rows.length % 40 === 39;
    rows.push({
      统一社会信用代码: row.uscc,
      单位名称: row.name,
      法定代表人: makePerson(
        r,
        districts.map((d) => d.code),
      ).name,
      住所: row.address,
      举办单位: row.sponsor,
      '开办资金（万元）': row.capital,
      宗旨和业务范围: row.scope,
      经费来源: row.funding,
      登记管理机关: row.authority,
      设立日期: row.founded,
      // The 事业单位法人证书 is valid for five years from its last renewal.
      证书有效期至: cancelled ? date(2019, 2023) : date(2026, 2030),
      登记状态: cancelled ? '注销' : '正常',
      办公电话: phone(),
    });
  };
  let serial = 0;
  const uscc = (regionCode: string) =>
    makeUscc({
      registrationAuthority: '1',
      orgType: '2',
      regionCode,
      // A multiplier coprime to 10^6: distinct six-digit bodies that look unordered.
      orgCodeBody8: `47${pad((++serial * 7919 + 31_337) % 1_000_000, 6)}`,
    });
  const cityAuthority = `${CITY_NAME}事业单位登记管理局`;
  const centre = towns.find((t) => t.parentCode === '320706') ?? towns[0]!;

  // The departments that are institutions, under their own credit codes.
  for (const d of departments) {
    if (d.kind !== 'institution' || VERTICAL.has(d.key)) continue;
    add({
      uscc: d.uscc,
      name: d.fullName,
      sponsor: d.parentKey ? fullName.get(d.parentKey)! : `${CITY_NAME}人民政府`,
      scope: DEPARTMENT_SCOPE,
      funding: '全额拨款',
      capital: r.int(50, 2000),
      founded: date(1980, 2019),
      authority: cityAuthority,
      address: address('海州区', centre.name),
    });
  }
  for (const [unit, kindName] of CITY_UNITS) {
    const kind: Kind = KINDS[kindName];
    add({
      uscc: uscc(CITY_CODE),
      name: `${CITY_NAME}${unit}`,
      sponsor: fullName.get(kind.sponsor)!,
      scope: kind.scope,
      funding: kind.funding,
      capital: r.int(...kind.capital),
      founded: date(...kind.founded),
      authority: cityAuthority,
      address: address('海州区', r.pick(towns.filter((t) => t.parentCode === '320706')).name),
    });
  }
  for (const d of districts) {
    const inDistrict = towns.filter((t) => t.parentCode === d.code);
    for (const [unit, kindName] of DISTRICT_UNITS) {
      const kind: Kind = KINDS[kindName];
      add({
        uscc: uscc(d.code),
        name: `${d.name}${unit}`,
        sponsor: `${CITY_NAME}${d.name}${DISTRICT_BUREAU[kind.sponsor]}`,
        scope: kind.scope,
        funding: kind.funding,
        capital: r.int(...kind.capital),
        founded: date(...kind.founded),
        authority: `${CITY_NAME}${d.name}事业单位登记管理局`,
        address: address(d.name, r.pick(inDistrict).name),
      });
    }
  }
  // The towns' own: a health centre (卫生院 in a town, 社区卫生服务中心 in a street), a school or a kindergarten.
  for (const [i, t] of towns.entries()) {
    if (rows.length >= INSTITUTION_COUNT) break;
    const d = districts.find((x) => x.code === t.parentCode)!;
    const street = t.name.endsWith('街道');
    const stem = t.name.replace(/(街道|镇|乡)$/, '');
    const kindName: KindName = (['health', 'school', 'kindergarten'] as const)[i % 3]!;
    const kind: Kind = KINDS[kindName];
    const name =
      kindName === 'health'
        ? `${d.name}${t.name}${street ? '社区卫生服务中心' : '卫生院'}`
        : kindName === 'school'
          ? `${d.name}${stem}${street ? '小学' : '中心小学'}`
          : `${d.name}${stem}${street ? '幼儿园' : '中心幼儿园'}`;
    add({
      uscc: uscc(d.code),
      name,
      sponsor: `${CITY_NAME}${d.name}${DISTRICT_BUREAU[kind.sponsor]}`,
      scope: kind.scope,
      funding: kind.funding,
      capital: r.int(...kind.capital),
      founded: date(...kind.founded),
      authority: `${CITY_NAME}${d.name}事业单位登记管理局`,
      address: address(d.name, t.name),
    });
  }
  return rows.slice(0, count);
}
