/**
 * 公共数据开放 in the demo city: records for every resource the catalog opens to the public (无条件开放 and 有条件开放)
 * that holds none yet, so the open data portal has data to serve. Each resource's rows are generated from its own
 * catalog items — what a column holds is read from its name and type, as the catalog generator inferred the type
 * from the name: licences with their document numbers and validity, inspections and 双公示 penalties of named
 * enterprises (the demo's own, with their credit codes), statistics by period and region, readings of monitoring
 * stations and market prices over time, facilities with addresses and coordinates, documents — and loaded through
 * the real ingest path, one batch per resource. The total is split unevenly: a few big feeds and record sets, many
 * small tables. Deterministic: the same resources, total, seed and day give the same rows.
 */
import { Random } from '../lib/random.ts';
import { makeUscc, USCC_ALPHABET } from '../lib/validators/index.ts';
import type { Actor } from '../modules/audit/index.ts';
import { RECORD_FORMATS, type ItemInput } from '../modules/catalog/index.ts';
import type { Services } from '../server/context.ts';
import { CITY_NAME, buildDepartments, makeMobile, makePerson } from './city/index.ts';
import { DISTRICT_EXTENTS } from './geo.ts';
import { demoRecordSet } from './records/index.ts';
import { STREETS, TRADE_CHARS } from './records/names.ts';
import {
  addYears,
  civil,
  dateStr,
  dayOfInstant,
  daysFromCivil,
  padNum,
  secondOfInstant,
  timestampStr,
} from './records/stream.ts';

/** Records the seed loads when TONGBAN_DEMO_OPEN_RECORDS is not set. */
export const DEFAULT_OPEN_RECORDS = 20_000;
/** The most it loads: the source city's portal served about 650,000 records. */
export const MAX_OPEN_RECORDS = 650_000;
export const DEMO_OPEN_SEED = 2018;

export interface DemoOpenDataReport {
  /** Open resources loaded by this run. */
  resources: number;
  /** Records they received. */
  records: number;
  /** Rows the ingest quarantined (always 0: a row the generator got wrong fails the batch instead). */
  quarantined: number;
}

/** A region as the org service holds it. */
export interface OpenRegion {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

/** What the generator needs of a resource: its catalog items and whose it is. */
export interface OpenResource {
  name: string;
  /** Key of the providing department (buildDepartments()). */
  departmentKey: string;
  updateCycle: string;
  items: readonly ItemInput[];
}

interface Firm {
  uscc: string;
  name: string;
  rep: string;
  address: string | null;
}

interface Town {
  region: OpenRegion;
  stem: string;
  villages: OpenRegion[];
}

interface District {
  region: OpenRegion;
  towns: Town[];
  /** [west, south, east, north], within the city's extent. */
  box: [number, number, number, number];
  /** Relative share of the city's facilities and enterprises. */
  weight: number;
}

/** The seeded geography, the demo enterprises and "now": everything rows are drawn from besides the resource. */
export interface OpenDataWorld {
  city: OpenRegion;
  districts: District[];
  /** Region tiers for statistics: the city and its districts, then the towns, then the villages. */
  tiers: OpenRegion[][];
  /** Live demo enterprises with valid credit codes (empty without a demo population). */
  firms: Firm[];
  nowDay: number;
  nowSecond: number;
}

// Where the portal draws its map: the districts' extents (geo.ts) within 连云港's main area.
const MAP_BOX: [number, number, number, number] = [118.9, 34.3, 119.8, 34.9];
const DISTRICT_WEIGHT: Record<string, number> = {
  '320703': 2,
  '320706': 5,
  '320707': 3,
  '320722': 3,
  '320723': 2,
  '320724': 2,
};

function mapBox(code: string): [number, number, number, number] {
  const [w, s, e, n] = DISTRICT_EXTENTS[code] ?? MAP_BOX;
  const west = Math.max(w, MAP_BOX[0]);
  const east = Math.min(e, MAP_BOX[2]);
  let south = Math.max(s, MAP_BOX[1]);
  let north = Math.min(n, MAP_BOX[3]);
  // A county south of the map's area (灌南) keeps its points on the area's southern edge.
  if (north - south < 0.05) {
    south = MAP_BOX[1];
    north = MAP_BOX[1] + 0.05;
  }
  return [west, south, Math.max(east, west + 0.05), north];
}

/**
 * The world rows are drawn from: the seeded regions (the org service's), the live enterprises of the demo's
 * enterprise record set for `people` residents (none for 0), and the day of `now` in China.
 */
export function openDataWorld(
  regions: readonly OpenRegion[],
  options: { people?: number | undefined; now?: Date | undefined } = {},
): OpenDataWorld {
  const now = options.now ?? new Date();
  const city = regions.find((r) => r.level === 'city') ?? {
    code: '320700',
    name: CITY_NAME,
    level: 'city',
    parentCode: null,
  };
  const children = new Map<string, OpenRegion[]>();
  for (const r of regions) {
    if (r.parentCode === null) continue;
    const list = children.get(r.parentCode) ?? [];
    list.push(r);
    children.set(r.parentCode, list);
  }
  const byCode = (a: OpenRegion, b: OpenRegion) => a.code.localeCompare(b.code);
  const districts: District[] = regions
    .filter((r) => r.level === 'district')
    .sort(byCode)
    .map((region) => ({
      region,
      towns: (children.get(region.code) ?? [])
        .filter((t) => t.level === 'town')
        .sort(byCode)
        .map((t) => ({
          region: t,
          stem: t.name.replace(/(街道|镇|乡)$/, ''),
          villages: (children.get(t.code) ?? []).filter((v) => v.level === 'village').sort(byCode),
        }))
        .filter((t) => t.villages.length > 0),
      box: mapBox(region.code),
      weight: DISTRICT_WEIGHT[region.code] ?? 1,
    }))
    .filter((d) => d.towns.length > 0);
  if (districts.length === 0) throw new Error('demo open data: the regions have no districts with towns');
  const towns = districts.flatMap((d) => d.towns.map((t) => t.region));
  const villages = districts.flatMap((d) => d.towns.flatMap((t) => t.villages));
  const top = [city, ...districts.map((d) => d.region)];
  const firms: Firm[] = [];
  if (options.people !== 0) {
    for (const r of demoRecordSet('enterprises', { people: options.people }).rows()) {
      const uscc = text(r['统一社会信用代码']);
      const name = text(r['企业名称']);
      const rep = text(r['法定代表人']);
      // The record set carries deliberately broken rows (as real sources do): only clean, live ones are opened.
      if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(uscc) || !name || !rep) continue;
      if (!text(r['登记状态']).startsWith('存续')) continue;
      firms.push({ uscc, name, rep, address: text(r['住所']) || null });
    }
  }
  return {
    city,
    districts,
    tiers: [top, [...top, ...towns], [...top, ...towns, ...villages]],
    firms,
    nowDay: dayOfInstant(now),
    nowSecond: secondOfInstant(now),
  };
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

// ---- Shapes, capacities and the split of the total ------------------------------------------------------

/** How a resource's rows are keyed, which decides how they are laid out. */
type Shape = 'stat' | 'series' | 'facility' | 'document' | 'record';

function shapeOf(items: readonly ItemInput[]): Shape {
  const keys = items.filter((i) => i.isKey);
  if (keys.some((i) => i.name === '统计年度' || i.name === '统计期')) return 'stat';
  if (keys.some((i) => i.dataType === 'T')) return 'series';
  if (items.some((i) => i.name === '经度') && items.some((i) => i.name === '纬度')) return 'facility';
  if (keys.some((i) => /^(文号|图件编号|图幅号)$/.test(i.name))) return 'document';
  return 'record';
}

const YEARS_OF_STATISTICS = 10;

function periodsPerYear(cycle: string): number {
  switch (cycle) {
    case 'quarterly':
      return 4;
    case 'semiannual':
      return 2;
    case 'annual':
    case 'irregular':
      return 1;
    default:
      return 12;
  }
}

/** The most rows a resource can hold with distinct keys (and a plausible size for lists of things). */
function capacityOf(resource: OpenResource, world: OpenDataWorld): number {
  const shape = shapeOf(resource.items);
  const keys = resource.items.filter((i) => i.isKey);
  switch (shape) {
    case 'stat': {
      const all = world.tiers[world.tiers.length - 1] ?? [];
      return periodsPerYear(resource.updateCycle) * YEARS_OF_STATISTICS * all.length;
    }
    case 'facility':
      return 20_000;
    case 'document':
      return 3_000;
    case 'series':
      return Number.POSITIVE_INFINITY;
    default:
      // Keyed by a region code alone: one row per region.
      if (keys.length === 1 && keys[0]?.semanticTag === 'region_code')
        return (world.tiers[world.tiers.length - 1] ?? []).length;
      return Number.POSITIVE_INFINITY;
  }
}

/** Relative size by shape: monitoring feeds are the big ones, documents the small ones. */
const SHAPE_WEIGHT: Record<Shape, number> = { series: 6, record: 3, stat: 2, facility: 1, document: 0.3 };

/**
 * Splits `total` records over the resources: each gets a floor (an eighth of an even share, at least one), the
 * rest goes by weight — the shape's weight times a log-normal draw, so a few resources are big and many small —
 * without passing a resource's capacity. Exact: the counts add up to `total` (or to the capacities' sum, when
 * that is smaller). With fewer records than resources, the first `total` resources get one each.
 */
export function splitOpenRecords(
  resources: readonly OpenResource[],
  total: number,
  world: OpenDataWorld,
  seed: number = DEMO_OPEN_SEED,
): number[] {
  const n = resources.length;
  const counts = new Array<number>(n).fill(0);
  if (n === 0 || total <= 0) return counts;
  if (total < n) return counts.map((_, i) => (i < total ? 1 : 0));
  const rng = new Random(`open-data/split/${seed}`);
  const caps = resources.map((r) => capacityOf(r, world));
  const weights = resources.map(
    (r) => SHAPE_WEIGHT[shapeOf(r.items)] * Math.exp(1.1 * gaussian(rng.fork(r.name))),
  );
  const floor = Math.max(1, Math.floor(total / n / 8));
  let left = total;
  for (let i = 0; i < n; i++) {
    counts[i] = Math.min(floor, caps[i] ?? 0);
    left -= counts[i] ?? 0;
  }
  // Water-filling by weight: resources at their capacity drop out and the rest share what they could not take.
  while (left > 0) {
    const open = counts.map((_, i) => i).filter((i) => (counts[i] ?? 0) < (caps[i] ?? 0));
    if (open.length === 0) break;
    const sum = open.reduce((s, i) => s + (weights[i] ?? 0), 0);
    let given = 0;
    const shares = open.map((i) => {
      const exact = (left * (weights[i] ?? 0)) / sum;
      const room = (caps[i] ?? 0) - (counts[i] ?? 0);
      return { i, whole: Math.min(room, Math.floor(exact)), rest: exact - Math.floor(exact), room };
    });
    for (const s of shares) {
      counts[s.i] = (counts[s.i] ?? 0) + s.whole;
      given += s.whole;
    }
    left -= given;
    // The remainders, largest first, one record each.
    const byRest = shares.filter((s) => s.whole < s.room).sort((a, b) => b.rest - a.rest || a.i - b.i);
    for (const s of byRest) {
      if (left === 0) break;
      counts[s.i] = (counts[s.i] ?? 0) + 1;
      left--;
    }
    if (given === 0 && byRest.length === 0) break;
  }
  return counts;
}

/** A standard normal draw (Box–Muller). */
function gaussian(rng: Random): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

// ---- Word lists ---------------------------------------------------------------------------------------------

/** What organisations of a field are called, and their credit code's registration authority and kind. */
const ORG_FAMILIES: ReadonlyArray<readonly [RegExp, readonly string[], string]> = [
  [/(旅馆|宾馆|饭店|住宿)/, ['大酒店有限公司', '宾馆', '酒店管理有限公司', '快捷酒店有限公司'], '91'],
  [/旅行社/, ['旅行社有限公司', '国际旅行社有限公司'], '91'],
  [/托育/, ['托育服务有限公司', '托育中心'], '52'],
  [/(职业培训|技工)/, ['职业培训学校', '职业技能培训学校'], '52'],
  [/(学校|办学|教育)/, ['培训学校', '艺术培训学校', '外国语学校', '实验学校'], '52'],
  [/司法鉴定/, ['司法鉴定所'], '52'],
  [/(医疗|诊所|医院|放射|母婴|卫生)/, ['医院', '诊所', '门诊部', '口腔诊所', '中医诊所'], '52'],
  [/(食品|餐饮|食堂)/, ['食品有限公司', '餐饮管理有限公司', '饭店', '超市有限公司'], '91'],
  [/(药品|药店)/, ['大药房有限公司', '医药连锁有限公司'], '91'],
  [/(港口|码头|泊位|航运)/, ['港口有限公司', '港务有限公司', '物流有限公司'], '91'],
  [/(农药|兽药|种子|农资)/, ['农资有限公司', '农资经营部', '植保服务有限公司'], '91'],
  [
    /(排污|环境|污染|环评|废物)/,
    ['化工有限公司', '热电有限公司', '新材料科技有限公司', '制药有限公司', '纺织有限公司'],
    '91',
  ],
  [/(矿山|采矿|矿产|探矿|非煤)/, ['矿业有限公司', '石材有限公司'], '91'],
  [
    /(建筑|施工|起重|监理|规划|用地|房屋|住宅)/,
    ['建设工程有限公司', '建筑安装有限公司', '置业有限公司'],
    '91',
  ],
  [/社会组织/, ['协会', '商会', '促进会', '研究会'], '51'],
  [/养老/, ['养老院', '颐养中心', '老年公寓', '护理院'], '52'],
  [/(融资担保|小额贷款)/, ['融资担保有限公司', '小额贷款有限公司'], '91'],
  [/(记账|会计)/, ['财务咨询有限公司', '代理记账有限公司'], '91'],
  [/(粮食|粮油)/, ['粮食购销有限公司', '粮油贸易有限公司', '米业有限公司'], '91'],
  [/(对外贸易|外贸|进出口)/, ['进出口有限公司', '国际贸易有限公司'], '91'],
  [/(安全生产|危险化学品|烟花)/, ['化工有限公司', '石化有限公司', '烟花爆竹经营部'], '91'],
  [/(排水|污水)/, ['餐饮管理有限公司', '洗涤服务有限公司', '汽车服务有限公司', '食品有限公司'], '91'],
];
const INTANGIBLE_HERITAGE = [
  '海州五大宫调',
  '淮海戏',
  '东海水晶雕刻技艺',
  '板浦汪恕有滴醋酿制技艺',
  '连云港民间剪纸',
  '花果山传说',
  '徐福传说',
  '海州湾渔民号子',
  '汤沟酒酿造技艺',
  '童子戏',
];
const ASSOCIATION_TOPICS = [
  '餐饮行业',
  '物流',
  '软件行业',
  '书法家',
  '摄影家',
  '老年体育',
  '青年企业家',
  '家政服务',
  '民营经济',
  '电子商务',
  '花果山文化',
  '水晶行业',
];

/** Prices monitored, by what the resource watches: name, unit, low and high price (元). */
type Goods = ReadonlyArray<readonly [name: string, unit: string, low: number, high: number]>;
const OIL: Goods = [
  ['92号汽油', '元/升', 7.2, 8.2],
  ['95号汽油', '元/升', 7.7, 8.8],
  ['98号汽油', '元/升', 8.6, 9.8],
  ['0号柴油', '元/升', 6.9, 7.9],
];
const GRAIN: Goods = [
  ['粳稻', '元/公斤', 2.6, 3.0],
  ['小麦', '元/公斤', 2.4, 2.9],
  ['玉米', '元/公斤', 2.1, 2.7],
  ['大豆', '元/公斤', 4.8, 5.8],
  ['粳米', '元/公斤', 5.2, 6.6],
  ['标准粉', '元/公斤', 3.8, 4.6],
  ['大豆油', '元/升', 9.5, 13.0],
  ['菜籽油', '元/升', 14.0, 18.0],
];
const FARM: Goods = [
  ['大白菜', '元/公斤', 0.8, 2.6],
  ['青菜', '元/公斤', 2.0, 5.0],
  ['西红柿', '元/公斤', 3.0, 7.0],
  ['黄瓜', '元/公斤', 2.5, 6.0],
  ['土豆', '元/公斤', 2.0, 3.6],
  ['白萝卜', '元/公斤', 1.0, 2.4],
  ['猪肉（后腿肉）', '元/公斤', 22.0, 34.0],
  ['鸡蛋', '元/公斤', 8.0, 12.0],
  ['带鱼', '元/公斤', 26.0, 42.0],
  ['苹果（富士）', '元/公斤', 6.0, 11.0],
];
const DAILY: Goods = [
  ['粳米', '元/500克', 2.8, 3.4],
  ['面粉', '元/500克', 2.2, 2.8],
  ['花生油', '元/5升', 85, 120],
  ['猪肉（精瘦肉）', '元/500克', 13, 19],
  ['牛肉', '元/500克', 38, 48],
  ['鸡蛋', '元/500克', 4.2, 6.2],
  ['活草鱼', '元/500克', 8, 12],
  ['大白菜', '元/500克', 0.6, 1.6],
  ['西红柿', '元/500克', 2.2, 4.2],
  ['牛奶', '元/250毫升', 2.5, 3.5],
];

/** Where prices of such goods are taken. */
function marketsOf(goods: Goods): readonly string[] {
  if (goods === OIL) return ['加油站'];
  if (goods === GRAIN) return ['粮油市场', '粮食购销站'];
  if (goods === FARM) return ['农产品批发市场'];
  return ['农贸市场', '超市', '菜市场'];
}

function goodsOf(resourceName: string): Goods {
  if (/油品|成品油/.test(resourceName)) return OIL;
  if (/粮/.test(resourceName)) return GRAIN;
  if (/农产品|批发市场|蔬菜/.test(resourceName)) return FARM;
  return DAILY;
}

/** Names of facilities of a kind, by the subject of the resource (分布信息 of …). */
const FACILITY_NOUNS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/派出所/, ['派出所']],
  [/消防救援站/, ['消防救援站']],
  [/急救/, ['急救站']],
  [/公园绿地|公园/, ['公园', '游园', '街头绿地', '广场']],
  [/停车场/, ['公共停车场', '立体停车库']],
  [/公共厕所/, ['公厕']],
  [/充电/, ['充电站', '公交场站充电站', '超级充电站']],
  [/公共自行车/, ['公共自行车站']],
  [/健身路径/, ['全民健身路径']],
  [/体育场馆/, ['体育馆', '全民健身中心', '游泳馆', '体育场']],
  [/文化设施/, ['文化馆', '图书馆', '综合文化站', '文化广场', '博物馆']],
  [/消火栓/, ['消火栓']],
  [/商业网点/, ['商业广场', '购物中心', '农贸市场', '连锁超市']],
  [/气象站/, ['自动气象站']],
  [/垃圾/, ['垃圾中转站', '垃圾收集站', '再生资源回收站']],
  [/学校/, ['小学', '中学', '幼儿园', '实验小学']],
  [/客运站/, ['汽车客运站']],
  [/公交站点/, ['公交站']],
];

const PICKS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^许可类别$/, ['普通', '普通', '普通', '认可', '核准', '登记']],
  [/检查方式$/, ['双随机抽查', '日常检查', '专项检查', '投诉举报核查', '飞行检查']],
  [/检查类型$/, ['双随机抽查', '日常检查', '专项检查']],
  [/检查结果$/, ['未发现问题', '未发现问题', '未发现问题', '发现问题已责令整改', '基本符合', '不符合']],
  [/(检测结果|抽查结论|检验结论)$/, ['合格', '合格', '合格', '合格', '不合格']],
  [/(评定等级|达标等级|动态等级|风险等级)$/, ['A级', 'B级', 'B级', 'C级']],
  [/项目状态$/, ['前期', '在建', '在建', '已竣工', '已开工']],
  [/主题分类$/, ['综合政务', '城乡建设', '国民经济管理', '财政金融', '环境保护', '交通运输', '科技教育']],
  [/泊位状态$/, ['空闲', '空闲', '占用']],
  [
    /行业类别$/,
    ['化学原料和化学制品制造业', '火力发电', '医药制造业', '纺织业', '非金属矿物制品业', '农副食品加工业'],
  ],
  [/医疗机构类别$/, ['综合医院', '中医医院', '诊所', '门诊部', '社区卫生服务中心', '乡镇卫生院']],
  [
    /诊疗科目$/,
    ['内科；外科；妇产科；儿科', '口腔科', '中医科', '内科；医学检验科；医学影像科', '全科医疗科'],
  ],
  [/办学层次$/, ['非学历教育', '学前教育', '中等职业教育']],
  [/培训工种$/, ['电工', '焊工', '育婴员', '中式烹调师', '家政服务员', '养老护理员']],
  [/社会组织类型$/, ['社会团体', '民办非企业单位', '基金会']],
  [/主要污染物(类别|种类)$/, ['废气', '废水', '废气、废水']],
  [
    /排放量$/,
    ['颗粒物 12.5吨/年；二氧化硫 8.3吨/年；氮氧化物 20.1吨/年', '化学需氧量 15.2吨/年；氨氮 1.4吨/年'],
  ],
  [/大气污染物排放方式$/, ['有组织排放', '无组织排放']],
  [/废水排放规律$/, ['连续排放，流量稳定', '间断排放，排放期间流量稳定', '不外排']],
  [/排水户类型$/, ['餐饮', '洗车', '医疗', '工业', '建筑施工']],
  [/星级$/, ['一星级', '二星级', '三星级', '四星级', '五星级', '未评星级']],
  [/^业态$/, ['超市', '百货店', '购物中心', '专业店', '便利店', '餐饮']],
  [/^年代$/, ['新石器时代', '汉', '唐', '宋', '明', '清', '近现代']],
  [/保护级别$/, ['全国重点文物保护单位', '省级文物保护单位', '市级文物保护单位', '县级文物保护单位']],
  [/^级别$/, ['国家级', '省级', '市级', '县级']],
  [/^项目类别$/, ['传统技艺', '传统音乐', '民俗', '传统美术', '传统戏剧', '民间文学']],
  [/设备类型$/, ['塔式起重机', '施工升降机', '门式起重机', '物料提升机']],
  [/^收费项目$/, ['学费', '住宿费', '保育教育费', '课后服务费']],
  [/计费单位$/, ['元/生·学期', '元/生·学年', '元/月', '元/次']],
  [/资金管理方式$/, ['缴入国库', '缴入财政专户']],
  [
    /(样品名称|食品名称|产品名称)$/,
    ['大米', '食用植物油', '酱油', '饼干', '瓶装饮用水', '猪肉', '鸡蛋', '白酒', '婴幼儿配方乳粉'],
  ],
  [/化学品名称$/, ['硫酸', '盐酸', '丙酮', '甲苯', '高锰酸钾']],
  [/(收购品种|粮食品种)$/, ['小麦', '稻谷', '玉米', '大豆']],
  [/畜禽种类$/, ['生猪', '蛋鸡', '肉鸡', '肉牛', '肉羊']],
  [/运营商$/, ['中国移动', '中国电信', '中国联通', '中国广电']],
  [/审查结论$/, ['符合法律法规规定，准予备案', '符合法律法规规定，准予备案', '存在问题，已要求制定机关纠正']],
  [/水质类别$/, ['Ⅱ类', 'Ⅲ类', 'Ⅲ类', 'Ⅲ类', 'Ⅳ类', 'Ⅴ类']],
  [/工程类别$/, ['水库', '堤防', '泵站', '水闸', '灌区', '河道整治']],
  [/储备方式$/, ['收购', '收回', '征收', '置换']],
  [/公园类型$/, ['综合公园', '社区公园', '专类公园', '游园']],
  [/场馆类型$/, ['体育馆', '体育场', '游泳馆', '全民健身中心']],
  [/^设施类型$/, ['图书馆', '文化馆', '博物馆', '综合文化站', '美术馆']],
  [/^站点类型$/, ['国家级自动站', '区域自动站', '交通气象站']],
  [/排污口类型$/, ['工业排污口', '城镇污水处理厂排污口', '农业排口', '其他排口']],
  [/消火栓类型$/, ['地上式', '地下式']],
  [/窗口类型$/, ['综合窗口', '专项窗口', '帮办代办窗口']],
  [/^标志类型$/, ['三角点', '水准点', 'GNSS点']],
  [/^产品类型$/, ['组合反射率', '基本反射率', '回波顶高', '垂直累积液态水含量']],
  [/天气现象$/, ['晴', '晴', '多云', '多云', '阴', '小雨', '中雨', '雷阵雨', '雾', '小雪']],
  [/风向风力$/, ['东北风3级', '东风2级', '偏南风3～4级', '西北风4～5级', '北风3级']],
  [/预报区域$/, ['连云港市区', '赣榆区', '东海县', '灌云县', '灌南县', '连云港近海海域']],
  [/道路等级$/, ['快速路', '主干路', '次干路', '支路']],
  [/频率范围$/, ['87-108MHz', '450-470MHz', '1880-1900MHz', '2515-2675MHz', '3400-3500MHz']],
  [
    /文物名称$/,
    [
      '将军崖岩画',
      '孔望山摩崖造像',
      '藤花落遗址',
      '海清寺阿育王塔',
      '尹湾汉墓',
      '刘志洲山抗日阻击战遗址',
      '南城古镇',
      '东海县大贤庄遗址',
    ],
  ],
  [/^排放污染物$/, ['颗粒物', '二氧化硫', '氮氧化物', '化学需氧量', '挥发性有机物']],
  [
    /^收费项目名称$/,
    [
      '不动产登记费',
      '机动车号牌工本费',
      '居民身份证工本费',
      '土地复垦费',
      '污水处理费',
      '防空地下室易地建设费',
    ],
  ],
  [
    /^收费单位$/,
    ['连云港市公安局', '连云港市自然资源和规划局', '连云港市住房和城乡建设局', '连云港市城市管理局'],
  ],
  [/(等级|级别|站级)$/, ['一级', '二级', '三级', '特级']],
  [/(方式|性质|类型|类别|种类)$/, ['一般', '一般', '重点', '其他']],
];

// ---- Values ---------------------------------------------------------------------------------------------

/** Where one row happens: a place, an organisation, a day and the row's own measurements. */
interface RowContext {
  index: number;
  rng: Random;
  day: number;
  second: number;
  district: District;
  town: Town;
  village: OpenRegion;
  firm: Firm;
  lon: number;
  lat: number;
  /** Statistics: the period and region of the row. */
  year: number;
  period: string;
  periodEndDay: number;
  region: OpenRegion;
  /** Series: the station, its name, the good priced. */
  station: number;
  stationName: string;
  goods: number;
  /** The unique code of a record, facility or document. */
  serial: string;
  /** A number between 0.5 and 1.5 that scales the row's measures with the size of its region or facility. */
  scale: number;
  /** Uniform in [0, 1): below FAULTY the inspection found problems; it also picks a penalty's kind. */
  flag: number;
  /** A penalty's fine in yuan (whole hundreds). */
  fine: number;
}

/** Share of inspections that find problems and of samples that fail. */
const FAULTY = 0.25;
const PENALTIES = ['罚款', '罚款', '罚款', '警告', '警告；罚款', '没收违法所得；罚款', '责令停产停业'];
const VIOLATIONS = [
  '未按规定取得许可从事经营活动',
  '超范围经营',
  '未按规定履行备案义务',
  '违反安全管理规定',
  '虚假宣传',
];

function penaltyOf(c: RowContext): string {
  return PENALTIES[Math.floor(c.flag * PENALTIES.length)] ?? '罚款';
}

function violationOf(c: RowContext): string {
  return VIOLATIONS[Math.floor(((c.flag * 97) % 1) * VIOLATIONS.length)] ?? '超范围经营';
}

type Gen = (c: RowContext) => unknown;

interface ResourceFacts {
  resource: OpenResource;
  shape: Shape;
  subject: string;
  authority: { fullName: string; shortName: string; uscc: string; key: string };
  world: OpenDataWorld;
  goods: Goods;
  clerks: string[];
  /** The key item that carries each row's unique code (a document number, a facility's code), if any. */
  serialItem: string | null;
}

const round = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/** Ranges of measured values, by name: low, high, decimals. */
const MEASURES: ReadonlyArray<readonly [RegExp, number, number, number]> = [
  [/^PM2\.5年均浓度$/, 25, 45, 1],
  [/^PM2\.5浓度$/, 8, 120, 0],
  [/^PM10浓度$/, 15, 180, 0],
  [/二氧化硫浓度$/, 3, 25, 0],
  [/二氧化氮浓度$/, 8, 70, 0],
  [/一氧化碳浓度$/, 0.3, 1.8, 1],
  [/臭氧浓度$/, 30, 190, 0],
  [/空气质量指数$/, 25, 160, 0],
  [/^pH值$/, 6.8, 8.6, 2],
  [/溶解氧$/, 4.5, 11.5, 2],
  [/高锰酸盐指数$/, 1.5, 6, 2],
  [/氨氮$/, 0.05, 1.4, 3],
  [/总磷$/, 0.02, 0.28, 3],
  [/无机氮$/, 0.1, 0.6, 3],
  [/活性磷酸盐$/, 0.005, 0.04, 4],
  [/化学需氧量$/, 0.5, 3, 2],
  [/警戒水位$/, 5.5, 7, 2],
  [/水位$/, 1.2, 5.8, 2],
  [/流量$/, 2, 480, 1],
  [/降水量$/, 0, 45, 1],
  [/潮位$/, 80, 560, 0],
  [/相对湿度$/, 35, 98, 0],
  [/风速$/, 0.2, 11, 1],
  [/风向$/, 0, 359, 0],
  [/气压$/, 1002, 1034, 1],
  [/能见度$/, 1.5, 28, 1],
  [/等效声级$/, 42, 71, 1],
  [/车流量$/, 80, 2800, 0],
  [/平均车速$/, 16, 58, 1],
  [/拥堵指数$/, 1, 6, 1],
  [/速度$/, 0, 48, 1],
  [/占用时长（分钟）$/, 5, 320, 0],
  [/涨跌幅$/, -3, 3.5, 2],
  [/(增长率|增速|增幅)$/, -4, 12, 2],
  [/(比例|普及率|处理率|达标率|优良率|覆盖率)$/, 62, 99.5, 2],
  [/倍率$/, 0.9, 2.2, 2],
  [/管网压力$/, 0.15, 0.6, 2],
  [/宽度$/, 8, 60, 0],
  [/(率|占比|比重)$/, 1, 60, 2],
  [/价格指数$|^居民消费价格指数$/, 98.2, 103.8, 1],
  [/指数$/, 95, 106, 1],
  [/分辨率$/, 0.2, 2, 1],
  [/发射功率$/, 5, 500, 1],
  [/平均反应时间（分钟）$/, 8, 16, 1],
  [/得分$|评分$/, 60, 99, 1],
];

/** Counts of things at one facility or record, by name: low and high. */
const COUNTS: ReadonlyArray<readonly [RegExp, number, number]> = [
  [/^泊位数$/, 20, 800],
  [/锁桩数$/, 10, 40],
  [/充电桩数$/, 2, 40],
  [/器材数$/, 6, 22],
  [/急救车数$/, 1, 4],
  [/消防车数$/, 3, 12],
  [/护理型床位数$/, 10, 80],
  [/床位数$/, 20, 320],
  [/预报时效$/, 12, 72],
  [/客房数$/, 10, 220],
  [/托位数$/, 20, 150],
  [/在校生数$/, 180, 3200],
  [/教职工数$/, 18, 260],
  [/总户数$|涉及户数$/, 80, 2600],
  [/供餐人数$/, 150, 3000],
  [/入住老人数$/, 20, 260],
  [/保安员人数$/, 10, 400],
  [/接触人数$/, 5, 300],
  [/刻制设备数$/, 1, 6],
  [/预售套数$/, 24, 360],
  [/运营线路数$/, 30, 120],
  [/运营车辆数$/, 400, 1500],
];

/** Seasonal temperature (°C) at a day: coldest mid-January, warmest mid-July. */
function seasonal(day: number, low: number, high: number, rng: Random): number {
  const dayOfYear = (((day - 14) % 365) + 365) % 365;
  const mid = (low + high) / 2;
  const amp = (high - low) / 2;
  return round(mid - amp * Math.cos((2 * Math.PI * dayOfYear) / 365) + rng.float(-2.5, 2.5), 1);
}

/** The C, N and Y items that hold a number though their type is text (…量, …人次, 气温): their number. */
const NUMERIC_TEXT =
  /(量|人次|能力|限量|压力|宽度|能耗|氮|磷酸盐|需氧量|气温|海温|车速|批次|（吨）|资源量|客运量|吞吐量)$/;

function clip(s: string, length: number | null): string {
  return length !== null && s.length > length ? s.slice(0, length) : s;
}

/** Digits allowed for a decimal item: its length, or 15. */
function fitDigits(x: number, item: ItemInput, decimals: number): number {
  const limit = item.length ?? 15;
  let d = decimals;
  let v = round(x, d);
  // Drop decimals, then cap the whole part, until the value has at most `limit` digits.
  while (digitsOf(v) > limit && d > 0) v = round(x, --d);
  if (digitsOf(v) > limit) v = 10 ** limit - 1;
  return v;
}

function digitsOf(n: number): number {
  const s = String(Math.abs(n));
  if (s.includes('e')) return 16;
  const [whole = '', frac = ''] = s.split('.');
  return (whole === '0' ? 0 : whole.length) + frac.length || 1;
}

/** A magnitude for a statistics indicator at city level, fixed per resource and item. */
function indicatorBase(item: ItemInput, facts: ResourceFacts): number {
  const r = new Random(`open-data/indicator/${facts.resource.name}/${item.name}`);
  if (/人次|客运量/.test(item.name)) return r.float(200, 5000) * 10_000;
  if (/吞吐量/.test(item.name)) return r.float(5_000, 30_000);
  if (/（亿元）$/.test(item.name)) return r.float(20, 1200);
  if (/（万元）$/.test(item.name)) return r.float(5_000, 500_000);
  if (/人数$/.test(item.name)) return r.float(2_000, 200_000);
  return r.float(50, 20_000);
}

/** How much of the city one region is, for scaling its figures. */
function regionShare(region: OpenRegion, world: OpenDataWorld): number {
  switch (region.level) {
    case 'city':
      return 1;
    case 'district':
      return (world.districts.find((d) => d.region.code === region.code)?.weight ?? 1) / 17;
    case 'town':
      return 1 / 101;
    default:
      return 1 / 1659;
  }
}

/** The generator of one item, chosen once per resource from its name, type and the resource's shape. */
function generatorFor(item: ItemInput, facts: ResourceFacts): Gen | null {
  const { name, dataType } = item;
  const { shape, authority, world, goods } = facts;
  const len = item.length;
  const key = item.isKey;
  const needed = item.required || item.isKey;

  // Keys and their companions, by shape.
  if (shape === 'stat') {
    if (name === '统计年度') return (c) => String(c.year);
    if (name === '统计期') return (c) => c.period;
    if (name === '行政区划代码') return (c) => c.region.code;
    if (name === '区划名称') return (c) => c.region.name;
    if (name === '填报单位') return () => authority.fullName;
    if (name === '填报日期') return (c) => dateStr(c.day);
  }
  if (shape === 'series') {
    if (/^(监测点编号|站点编码|站点编号)$/.test(name))
      return (c) => clip(`${authority.key.toUpperCase()}${padNum(c.station + 1, 3)}`, len);
    if (/^(监测点名称|站点名称)$/.test(name)) return (c) => clip(c.stationName, len);
    if (dataType === 'T' && key) return (c) => timestampStr(c.day, c.second);
    if (/(品种|商品|油品)编码$/.test(name)) return (c) => `SP${padNum(c.goods + 1, 4)}`;
    if (/(品种|商品|油品)名称$/.test(name)) return (c) => goods[c.goods]?.[0] ?? '其他';
    if (name === '计量单位') return (c) => goods[c.goods]?.[1] ?? '元/公斤';
    if (name === '规格等级') return (c) => (c.goods % 3 === 0 ? '一级' : '普通');
    if (/价格$/.test(name) && dataType === 'Y')
      return (c) => {
        const g = goods[c.goods];
        const [low, high] = g ? [g[2], g[3]] : [1, 10];
        // Prices drift slowly with the season; the station adds its own margin.
        const wave = 0.5 + 0.5 * Math.sin((2 * Math.PI * c.day) / 365 + c.goods);
        return fitDigits(low + (high - low) * (0.8 * wave + 0.2 * c.rng.next()), item, 2);
      };
  }
  if (key && shape !== 'stat' && shape !== 'series') {
    if (item.semanticTag === 'uscc') return (c) => c.firm.uscc;
    if (item.semanticTag === 'region_code') return (c) => c.region.code;
    if (name === facts.serialItem) return (c) => clip(c.serial, len);
  }

  // Identities: the organisation of the row, the authority, people.
  if (item.semanticTag === 'uscc') {
    if (/^(许可机关|处罚机关|发证机关|检查机关|备案机关|登记机关|颁发机构|发文机关)/.test(name))
      return () => authority.uscc;
    return (c) => c.firm.uscc;
  }
  if (
    /(机关|评定机构|编制单位|测绘单位|填报单位|数据来源单位|制定机关|颁发机构|发放机构|^管理单位)$/.test(name)
  )
    return () => clip(authority.fullName, len);
  if (
    /(企业名称|单位名称|机构名称|行政相对人名称|项目单位|用章单位名称|产权单位|标称生产企业|运营单位|物业服务企业|保护单位|采购单位|收费单位|刻制单位|开发企业名称)$/.test(
      name,
    )
  )
    return (c) => clip(c.firm.name, len);
  if (/^(法定代表人|举办者|负责人|主要负责人|联系人|项目负责人|场所负责人)$/.test(name))
    return (c) => c.firm.rep;
  if (/^(录入人员|审核人员|检查人员|经办人)$/.test(name))
    return (c) => facts.clerks[c.index % facts.clerks.length] ?? '王伟';
  if (item.semanticTag === 'person_name') return (c) => makePerson(c.rng, [c.district.region.code]).name;
  if (name === '行政相对人类别' || name === '主体类别') return () => '法人';
  if (name === '证件类型' || name === '证件号码') return needed ? () => '001' : null;
  if (item.semanticTag === 'mobile') return (c) => makeMobile(c.rng);
  if (item.semanticTag === 'phone') return (c) => `0518-8${padNum(c.rng.int(0, 9_999_999), 7)}`;
  if (item.semanticTag === 'email') return (c) => `lyg${c.firm.uscc.slice(10, 16).toLowerCase()}@163.com`;
  if (item.semanticTag === 'region_code') return (c) => c.village.code;

  // Places.
  if (name === '所属区县') return (c) => (c.region.level === 'city' ? CITY_NAME : c.district.region.name);
  if (name === '经度') return (c) => c.lon;
  if (name === '纬度') return (c) => c.lat;
  if (item.semanticTag === 'address' || /(地址|住所|坐落|建设地点|设置地点|设台地点|采砂地点)$/.test(name))
    return (c) => clip(/^(住所|企业住所)$/.test(name) && c.firm.address ? c.firm.address : addressOf(c), len);
  if (/(流域|受纳水体)$/.test(name))
    return (c) =>
      clip(c.rng.pick(['蔷薇河', '新沭河', '善后河', '烧香河', '盐河', '古泊善后河', '连云港近岸海域']), len);

  // Times.
  if (dataType === 'D') return dateGen(item, facts);
  if (dataType === 'T') {
    if (/^(首班时间|开放时间)$/.test(name))
      return (c) => timestampStr(c.day, 6 * 3600 + c.rng.int(0, 4) * 900);
    if (name === '末班时间') return (c) => timestampStr(c.day, 20 * 3600 + c.rng.int(0, 8) * 900);
    if (/^(数据更新时间)$/.test(name))
      return (c) => {
        // Within the past two years, even for an old period or document (its record was revised since).
        const day =
          c.day >= world.nowDay - 730
            ? Math.min(world.nowDay, c.day + c.rng.int(0, 20))
            : world.nowDay - c.rng.int(0, 730);
        return timestampStr(
          day,
          day === world.nowDay ? Math.min(world.nowSecond, 8 * 3600) : officeSecond(c.rng),
        );
      };
    return (c) =>
      timestampStr(c.day, c.day === world.nowDay ? Math.min(c.second, world.nowSecond) : c.second);
  }
  if (/(年度|年份)$/.test(name) && dataType === 'C') return (c) => String(c.year || yearOfDay(c.day));
  if (/年月$/.test(name)) return (c) => String(Math.floor(civil(c.day) / 100));
  if (name === '报告期') return (c) => `${yearOfDay(c.day)}年${Math.floor(civil(c.day) / 100) % 100}月`;

  // Measures and counts.
  if (dataType === 'L') return (c) => c.rng.chance(0.8);
  if (dataType === 'G') return needed ? () => PLACEHOLDER_PNG : null;
  const measure = MEASURES.find(([re]) => re.test(name));
  if (/^(最高|最低)?(气温|海温)$/.test(name)) {
    const [low, high] =
      name === '海温' ? [4, 28] : name === '最高气温' ? [3, 36] : name === '最低气温' ? [-6, 26] : [-3, 32];
    return (c) => asType(seasonal(c.day, low, high, c.rng), item);
  }
  if (/^亩均/.test(name)) return (c) => asType(round(c.rng.float(5, 150), 2), item);
  if (name === '处罚类别') return (c) => clip(penaltyOf(c), len);
  if (/^罚款金额/.test(name)) return (c) => asType(penaltyOf(c).includes('罚款') ? c.fine / 10_000 : 0, item);
  if (/^没收违法所得金额/.test(name))
    return (c) => asType(penaltyOf(c).includes('没收') ? round(c.rng.float(0.05, 3), 2) : 0, item);
  if (/（万元）$/.test(name) && shape !== 'stat')
    return (c) => asType(round(c.rng.float(0.1, 1) ** 2 * 50_000 * c.scale, 2), item);
  if (/（亿元）$/.test(name) && shape !== 'stat')
    return (c) => asType(round(c.rng.float(0.1, 1) ** 2 * 80 * c.scale, 2), item);
  if (
    shape === 'stat' &&
    (dataType === 'I' || dataType === 'Y' || ((dataType === 'N' || dataType === 'C') && !measure))
  ) {
    if (dataType === 'C' && !NUMERIC_TEXT.test(name) && !/数$/.test(name)) return textGen(item, facts);
    const base = indicatorBase(item, facts);
    return (c) => {
      const growth = 1.05 ** (c.year - yearOfDay(world.nowDay));
      const value = base * regionShare(c.region, world) * growth * c.rng.float(0.85, 1.15);
      return asType(dataType === 'I' || /数$/.test(name) ? Math.round(value) : round(value, 2), item);
    };
  }
  if (measure) {
    const [, low, high, decimals] = measure;
    if (/降水量$/.test(name))
      return (c) => asType(c.rng.chance(0.75) ? 0 : round(c.rng.float(low, high) ** 1, decimals), item);
    return (c) => asType(round(c.rng.float(low, high), decimals), item);
  }
  const count = COUNTS.find(([re]) => re.test(name));
  if (count) return (c) => asType(Math.round(c.rng.int(count[1], count[2]) * Math.min(1.5, c.scale)), item);
  if (dataType === 'I') {
    if (/(人数|人次)$/.test(name)) return (c) => c.rng.int(10, 3000);
    return (c) => c.rng.int(1, 120);
  }
  if (dataType === 'N') {
    if (/长度$/.test(name)) return (c) => fitDigits(c.rng.float(20, 400), item, 1);
    if (/面积$|规模$/.test(name)) return (c) => fitDigits(c.rng.float(800, 60_000) * c.scale, item, 2);
    return (c) => fitDigits(c.rng.float(1, 900), item, 2);
  }
  if (dataType === 'Y') {
    if (/价格|单价|票价|收费标准/.test(name)) return (c) => fitDigits(c.rng.float(1, 60), item, 2);
    return (c) => fitDigits(c.rng.float(100, 90_000), item, 2);
  }
  if (dataType === 'F' || dataType === 'B') return (c) => round(c.rng.float(0, 100), 2);
  if (dataType === 'C' && /（吨）$/.test(name))
    return (c) => String(c.rng.pick([1000, 3000, 5000, 10_000, 20_000, 50_000, 100_000]));
  if (dataType === 'C' && NUMERIC_TEXT.test(name))
    return (c) => String(round(c.rng.float(10, 5000) * c.scale, 1));
  return textGen(item, facts);
}

/** A number for a numeric item, or its text for a text one (气温 C100). */
function asType(x: number, item: ItemInput): number | string {
  if (item.dataType === 'C' || item.dataType === 'M') return String(x);
  if (item.dataType === 'I') return Math.round(x);
  if (item.dataType === 'N' || item.dataType === 'Y')
    return fitDigits(x, item, item.dataType === 'Y' ? 2 : 3);
  return x;
}

// A 1×1 PNG: what stands for a map sheet or a scan where a binary item is required.
const PLACEHOLDER_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function officeSecond(rng: Random): number {
  return 8 * 3600 + 30 * 60 + rng.int(0, 9 * 3600);
}

function yearOfDay(day: number): number {
  return Math.floor(civil(day) / 10000);
}

function streetOf(c: RowContext): string {
  return c.rng.pick(STREETS);
}

function addressOf(c: RowContext): string {
  return `${CITY_NAME}${c.district.region.name}${c.town.region.name}${streetOf(c)}${c.rng.int(1, 388)}号`;
}

/** Dates: the row's day, or one that follows from it (validity, deadlines, publicity). */
function dateGen(item: ItemInput, facts: ResourceFacts): Gen {
  const { name } = item;
  const now = facts.world.nowDay;
  const after = (lo: number, hi: number, capped: boolean) => (c: RowContext) => {
    const day = c.day + c.rng.int(lo, hi);
    return dateStr(capped ? Math.min(now, day) : day);
  };
  if (/有效期至$|有效期止$|期限至$|截止日期$/.test(name))
    return (c) => dateStr(addYears(c.day, c.rng.pick([3, 5, 5, 6])) - 1);
  if (name === '公示截止期') return (c) => dateStr(addYears(c.day, c.rng.pick([1, 1, 3])));
  if (name === '整改期限') {
    const deadline = after(15, 30, false);
    return (c) => (c.flag < FAULTY || item.required || item.isKey ? deadline(c) : null);
  }
  if (name === '计划开工日期') return after(0, 90, false);
  if (name === '计划竣工日期') return (c) => dateStr(addYears(c.day, c.rng.int(1, 3)) + 90);
  if (/^(出厂日期|建成日期)$/.test(name)) return (c) => dateStr(c.day - c.rng.int(200, 3000));
  if (/^(审核日期|填报日期)$/.test(name)) return after(0, 3, true);
  if (name === '归档日期') return after(5, 40, true);
  if (name === '执行日期' || name === '调价日期') return (c) => dateStr(c.day);
  return (c) => dateStr(Math.min(now, c.day));
}

/** Text items by name: names of things, codes, statuses, kinds, descriptions. */
function textGen(item: ItemInput, facts: ResourceFacts): Gen | null {
  const { name } = item;
  const len = item.dataType === 'M' ? null : item.length;
  const { subject, authority, resource } = facts;
  const needed = item.required || item.isKey;
  if (name === '违法行为类型') return (c) => clip(violationOf(c), len);
  if (/非物质文化遗产/.test(resource.name)) {
    if (name === '项目名称') return (c) => clip(c.rng.pick(INTANGIBLE_HERITAGE), len);
    if (name === '保护单位') return (c) => clip(`${CITY_NAME}${c.district.region.name}文化馆`, len);
  }
  if (name === '设施类型' && /垃圾/.test(resource.name))
    return (c) => c.rng.pick(['垃圾中转站', '垃圾收集站', '再生资源回收站']);
  const pick = PICKS.find(([re]) => re.test(name));
  if (pick && !/(结果|结论)$/.test(name)) return (c) => clip(c.rng.pick(pick[1]), len);
  if (/(检查结果|检测结果|抽查结论|检验结论)$/.test(name)) {
    const [good, bad] =
      name === '检查结果'
        ? [
            ['未发现问题', '符合'],
            ['发现问题已责令整改', '基本符合', '不符合'],
          ]
        : [['合格'], ['不合格']];
    return (c) => clip(c.rng.pick(c.flag < FAULTY ? bad : good), len);
  }
  if (/状态$/.test(name)) {
    const states =
      name === '数据状态'
        ? ['有效']
        : name === '当前状态' || name === '证书状态'
          ? ['有效', '有效', '有效', '有效', '注销']
          : name.includes('备案')
            ? ['已备案']
            : ['正常', '正常', '正常', '停用'];
    return (c) => clip(c.rng.pick(states), len);
  }
  if (name === '行政许可决定文书名称') return () => clip(`${subject}准予行政许可决定书`, len);
  if (name === '许可证书名称')
    return () => clip(/(证|书)$/.test(subject) ? subject : `${subject}许可证`, len);
  if (
    name === '许可内容' ||
    name === '许可范围' ||
    name === '经营范围' ||
    name === '许可经营业务' ||
    name === '服务范围'
  )
    return (c) =>
      clip(
        `准予从事${subject}相关业务，${c.rng.pick(['经营场所', '许可范围', '业务范围'])}以许可证载明为准`,
        len,
      );
  if (name === '案件名称') return (c) => clip(`${c.firm.name}${violationOf(c)}案`, len);
  if (name === '违法事实')
    return (c) =>
      `经查，当事人${c.firm.name}于${dateStr(c.day - c.rng.int(20, 120))}在经营活动中存在违反${subject}管理规定的行为，事实清楚，证据确凿。`;
  if (name === '处罚依据')
    return () => `《中华人民共和国行政处罚法》第二十八条及${subject}相关法律法规的规定`;
  if (name === '处罚内容')
    return (c) => {
      const kind = penaltyOf(c);
      const fine = kind.includes('罚款') ? `处罚款人民币${c.fine}元` : '';
      if (kind === '责令停产停业') return '责令停产停业整顿三十日';
      if (kind.startsWith('警告')) return fine ? `警告，${fine}` : '警告，责令限期改正';
      return `责令改正，${fine}${kind.includes('没收') ? '，没收违法所得' : ''}`;
    };
  if (/不合格项目$/.test(name))
    return (c) =>
      c.flag < FAULTY
        ? clip(c.rng.pick(['菌落总数', '标签标识', '过氧化值', '农药残留', '二氧化硫残留量']), len)
        : needed
          ? '无'
          : null;
  if (/发现问题$/.test(name))
    return (c) =>
      clip(
        c.flag >= FAULTY
          ? '无'
          : c.rng.pick([
              '台账记录不完整',
              '部分设施设备未按期维护',
              '从业人员培训记录缺失',
              '现场管理不规范',
            ]),
        len,
      );
  if (name === '整改要求') return (c) => (c.flag < FAULTY ? '限期整改，整改完成后书面报告' : '无');
  if (name === '标题' || name === '图件名称' || name === '图名')
    return (c) => clip(titleOf(resource.name, subject, c), len);
  if (name === '正文' || /(摘要|说明|简介|描述|情况|内容)$/.test(name))
    return (c) =>
      `${authority.fullName}${yearOfDay(c.day)}年${subject}${item.dataType === 'M' ? '相关情况说明。' : ''}`;
  if (name === '项目名称')
    return (c) =>
      clip(
        `${c.district.region.name}${c.town.stem}${subject.replace(/项目$/, '')}${c.rng.pick(['建设项目', '改造项目', '提升工程'])}`,
        len,
      );
  if (/^(备案事项)$/.test(name)) return () => clip(`${subject}备案`, len);
  if (facts.shape === 'facility' && /名称$/.test(name) && !/(单位|企业|机构)名称$/.test(name)) {
    const nouns = FACILITY_NOUNS.find(([re]) => re.test(subject))?.[1] ?? [subject];
    // Stations serving a town are named after it; other facilities after their street as often as not.
    const byTown = /(派出所|消防|急救|气象站|学校|客运站)/.test(subject);
    return (c) => {
      const noun = c.rng.pick(nouns);
      const at = byTown || c.rng.chance(0.5) ? c.town.stem : streetOf(c);
      return clip(`${at}${noun}`, len);
    };
  }
  if (/学校名称$/.test(name))
    return (c) =>
      clip(
        `${CITY_NAME}${c.town.stem}${c.rng.pick(['小学', '中学', '实验小学', '幼儿园', '初级中学'])}`,
        len,
      );
  if (/食堂名称$/.test(name)) return (c) => clip(`${c.firm.name}食堂`, len);
  if (/(路段名称|道路名称)$/.test(name))
    return (c) => clip(`${streetOf(c)}（${streetOf(c)}至${streetOf(c)}）`, len);
  if (/小区名称$/.test(name))
    return (c) => clip(`${c.town.stem}${c.rng.pick(['花园', '小区', '新村', '家园', '公寓'])}`, len);
  if (/码头名称$|泊位名称$/.test(name))
    return (c) =>
      clip(
        `连云港港${c.rng.pick(['墟沟港区', '庙岭港区', '旗台港区', '徐圩港区', '赣榆港区'])}${c.rng.int(1, 40)}号${name.startsWith('泊位') ? '泊位' : '码头'}`,
        len,
      );
  if (/工程名称$/.test(name))
    return (c) =>
      clip(`${c.town.stem}${c.rng.pick(['住宅小区', '道路', '学校', '综合楼', '雨污分流'])}工程`, len);
  if (/(线路|途经线路)$/.test(name))
    return (c) => `${c.rng.int(1, 80)}路、${c.rng.int(1, 80)}路、K${c.rng.int(1, 9)}路`;
  if (/台站名称$/.test(name))
    return (c) =>
      clip(`${c.town.stem}${c.rng.pick(['移动通信基站', '调频广播电台', '对讲机中继台', '微波站'])}`, len);
  if (/范围$/.test(name))
    return (c) => clip(`${c.town.region.name}${c.rng.pick(['全域', '辖区', '部分区域'])}`, len);
  if (/收费依据$|^处罚依据$/.test(name) && name === '收费依据')
    return (c) => `苏价费〔${yearOfDay(c.day) - c.rng.int(1, 6)}〕${c.rng.int(10, 400)}号`;
  if (/收费标准$/.test(name) && /停车/.test(resource.name))
    return (c) => `首小时${c.rng.int(2, 6)}元，之后每小时${c.rng.int(1, 3)}元`;
  if (/收费标准$/.test(name)) return (c) => `${c.rng.int(5, 400)}元/${c.rng.pick(['次', '件', '人', '年'])}`;
  if (name === '比例尺') return (c) => c.rng.pick(['1:2000', '1:10000', '1:50000']);
  if (name === '坐标系统') return () => 'CGCS2000';
  if (name === '产品类型')
    return (c) => clip(c.rng.pick(['组合反射率', '基本反射率', '回波顶高', '垂直累积液态水含量']), len);
  if (name === '卫星名称') return (c) => clip(c.rng.pick(['风云四号A星', '风云四号B星', '风云三号D星']), len);
  if (name === '通道') return (c) => clip(c.rng.pick(['可见光', '红外', '水汽']), len);
  if (name === '矿种' || name === '矿山名称')
    return (c) =>
      clip(
        c.rng.pick(['建筑用花岗岩', '水晶', '石英砂', '蛇纹石', '大理岩']) +
          (name === '矿山名称' ? '矿' : ''),
        len,
      );
  if (/(编号|编码|代码|号码|证号|文号|档号|号)$/.test(name))
    return (c) => clip(`${authority.key.toUpperCase()}${yearOfDay(c.day)}${padNum(c.index + 1, 6)}`, len);
  if (/名称$/.test(name)) return (c) => clip(`${c.town.stem}${subject}`, len);
  if (item.dataType === 'M') return needed ? () => `${subject}相关情况` : null;
  return needed ? () => clip(subject, len) : null;
}

function titleOf(resourceName: string, subject: string, c: RowContext): string {
  const year = yearOfDay(c.day);
  if (/年鉴/.test(resourceName)) return `连云港统计年鉴（${year}）`;
  if (/公报/.test(resourceName)) return `${year}年连云港市${subject.replace(/公报$/, '')}公报`;
  if (/报告/.test(resourceName)) return `${year}年${Math.floor(civil(c.day) / 100) % 100}月${subject}`;
  if (/图|影像/.test(resourceName)) return `${subject}（${dateStr(c.day)}）`;
  return `关于印发${subject}的通知`;
}

// ---- Rows of one resource -----------------------------------------------------------------------------

function subjectOf(name: string): string {
  return (
    name
      .replace(
        /(分布信息|许可信息|检查信息|行政处罚信息|监测信息|统计信息|备案信息|基本信息|项目信息|评定信息|信息|数据|文件)$/,
        '',
      )
      .replace(/^(.{2,}?)(业务经营|执业)$/, '$1') || name
  );
}

const ALWAYS_FILLED = new Set(['经度', '纬度', '统一社会信用代码']);
const DEPARTMENTS = new Map(buildDepartments().map((d) => [d.key, d]));

/** A synthetic organisation of a field: its own credit code (MB + 6 characters, never a demo enterprise's). */
function syntheticFirm(
  family: readonly [RegExp, readonly string[], string] | undefined,
  slot: number,
  k: number,
  district: District,
  rng: Random,
): Firm {
  let x = (slot * 4_999_999 + k * 7_919 + 13) % 31 ** 6;
  let body = 'MB';
  for (let j = 0; j < 6; j++) {
    body += USCC_ALPHABET.charAt(x % 31);
    x = Math.floor(x / 31);
  }
  const kind = family?.[2] ?? '91';
  const suffixes = family?.[1] ?? ['有限公司'];
  const suffix = suffixes[k % suffixes.length] ?? '有限公司';
  const trade = `${TRADE_CHARS[(k * 13 + slot) % TRADE_CHARS.length] ?? '恒'}${TRADE_CHARS[(k * 7 + slot * 3 + 5) % TRADE_CHARS.length] ?? '信'}`;
  const name =
    kind === '51'
      ? `${CITY_NAME}${ASSOCIATION_TOPICS[k % ASSOCIATION_TOPICS.length] ?? ''}${suffix}`
      : `连云港${trade}${suffix}`;
  return {
    uscc: makeUscc({
      registrationAuthority: kind.charAt(0),
      orgType: kind.charAt(1),
      regionCode: district.region.code,
      orgCodeBody8: body,
    }),
    name,
    rep: makePerson(rng, [district.region.code]).name,
    address: null,
  };
}

interface Plan {
  facts: ResourceFacts;
  gens: { name: string; gen: Gen; optional: boolean }[];
}

function planOf(resource: OpenResource, world: OpenDataWorld, seed: number): Plan {
  const dept = DEPARTMENTS.get(resource.departmentKey);
  const rng = new Random(`open-data/${seed}/clerks/${resource.name}`);
  const facts: ResourceFacts = {
    resource,
    shape: shapeOf(resource.items),
    subject: subjectOf(resource.name),
    authority: {
      fullName: dept?.fullName ?? CITY_NAME,
      shortName: dept?.shortName ?? CITY_NAME,
      uscc: dept?.uscc ?? '',
      key: resource.departmentKey,
    },
    world,
    goods: goodsOf(resource.name),
    clerks: Array.from({ length: 4 }, () => makePerson(rng, ['320706']).name),
    serialItem: serialItemOf(resource.items),
  };
  const gens: Plan['gens'] = [];
  for (const item of resource.items) {
    const gen = generatorFor(item, facts) ?? (item.required || item.isKey ? fallback(item) : null);
    if (gen)
      gens.push({
        name: item.name,
        gen,
        // Coordinates (the portal's map) and credit codes (双公示) are always filled.
        optional: !(item.required || item.isKey) && !ALWAYS_FILLED.has(item.name),
      });
  }
  return { facts, gens };
}

function fallback(item: ItemInput): Gen {
  switch (item.dataType) {
    case 'D':
      return (c) => dateStr(c.day);
    case 'T':
      return (c) => timestampStr(c.day, c.second);
    case 'L':
      return () => true;
    case 'G':
      return () => PLACEHOLDER_PNG;
    case 'C':
    case 'M':
      return () => clip('其他', item.length);
    default:
      return () => 1;
  }
}

/**
 * The rows of one open resource: `count` rows with distinct keys, every value fitting its item. Statistics run
 * over the latest periods and the regions of the smallest tier that holds them; series over the latest hours or
 * days of a set of stations (and goods); everything else happened within the past two years.
 */
export function* openDataRows(
  resource: OpenResource,
  count: number,
  world: OpenDataWorld,
  options: { seed?: number; slot?: number } = {},
): Generator<{ row: number; values: Record<string, unknown> }> {
  const seed = options.seed ?? DEMO_OPEN_SEED;
  const slot = options.slot ?? 0;
  const { facts, gens } = planOf(resource, world, seed);
  const rng = new Random(`open-data/${seed}/rows/${resource.name}`);
  const family = ORG_FAMILIES.find(([re]) => re.test(resource.name));
  const keyedByFirm = resource.items.some((i) => i.isKey && i.semanticTag === 'uscc');
  const keyedByRegion =
    facts.shape !== 'stat' && resource.items.some((i) => i.isKey && i.semanticTag === 'region_code');
  const useDemoFirms = !family && world.firms.length > 0;
  // Records return to the same organisations (a firm inspected twice); a register keyed by credit code never does.
  const pool = keyedByFirm ? count : Math.max(1, Math.min(count, Math.ceil(count * 0.6)));
  const firms = new Map<number, Firm>();
  const firmAt = (k: number, district: District): Firm => {
    if (useDemoFirms && k < world.firms.length) return world.firms[k] as Firm;
    let f = firms.get(k);
    if (!f) {
      f = syntheticFirm(family, slot + 1, k, district, rng.fork(`firm/${k}`));
      if (!keyedByFirm) firms.set(k, f);
    }
    return f;
  };
  const districts = world.districts;
  const weights = districts.map((d) => [d, d.weight] as const);

  // Layout of statistics and series.
  const perYear = periodsPerYear(resource.updateCycle);
  const tier = world.tiers.find((t) => t.length * perYear * YEARS_OF_STATISTICS >= count) ??
    world.tiers[world.tiers.length - 1] ?? [world.city];
  const goodsCount = resource.items.some((i) => i.isKey && /(品种|商品|油品)编码$/.test(i.name))
    ? facts.goods.length
    : 1;
  const interval =
    resource.updateCycle === 'realtime' ? 3600 : resource.updateCycle === 'weekly' ? 7 * 86_400 : 86_400;
  const maxTimes = Math.floor((730 * 86_400) / interval);
  const stations = Math.min(300, Math.max(rng.int(4, 16), Math.ceil(count / (goodsCount * maxTimes))));
  const stationPlaces = Array.from({ length: stations }, (_, s) => {
    const r = rng.fork(`station/${s}`);
    const district = r.weighted(weights);
    const town = r.pick(district.towns);
    return {
      district,
      town,
      name: `${town.stem}${goodsCount > 1 ? r.pick(marketsOf(facts.goods)) : '监测站'}`,
    };
  });
  const latestSlot = Math.floor((world.nowDay * 86_400 + world.nowSecond) / interval) - 1;

  const c: RowContext = {
    index: 0,
    rng,
    day: world.nowDay,
    second: 9 * 3600,
    district: districts[0] as District,
    town: (districts[0] as District).towns[0] as Town,
    village: world.city,
    firm: { uscc: '', name: '', rep: '', address: null },
    lon: 0,
    lat: 0,
    year: 0,
    period: '',
    periodEndDay: 0,
    region: world.city,
    station: 0,
    stationName: '',
    goods: 0,
    serial: '',
    scale: 1,
    flag: 0,
    fine: 0,
  };
  const nowYear = yearOfDay(world.nowDay);
  const nowMonth = Math.floor(civil(world.nowDay) / 100) % 100;

  for (let i = 0; i < count; i++) {
    c.index = i;
    c.district = rng.weighted(weights);
    c.town = rng.pick(c.district.towns);
    c.village = rng.pick(c.town.villages);
    c.region = c.village;
    c.scale = rng.float(0.5, 1.5);
    c.flag = rng.next();
    c.fine = 100 * Math.max(1, Math.round(rng.float(0.3, 1) ** 3 * 2000));
    c.second = officeSecond(rng);
    c.year = 0;
    switch (facts.shape) {
      case 'stat': {
        const p = Math.floor(i / tier.length);
        const region = tier[i % tier.length] ?? world.city;
        c.region = region;
        placeOf(c, region, world);
        // Period p back from the latest complete one.
        const months = 12 / perYear;
        const latest = Math.floor((nowYear * 12 + nowMonth - 1) / months) - 1 - p;
        const year = Math.floor(latest / perYear);
        const part = latest - year * perYear;
        c.year = year;
        c.period =
          perYear === 12
            ? `${year}${padNum(part + 1, 2)}`
            : perYear === 4
              ? `${year}Q${part + 1}`
              : perYear === 2
                ? `${year}H${part + 1}`
                : String(year);
        const endMonth = (part + 1) * months;
        c.periodEndDay =
          (endMonth === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, endMonth + 1, 1)) - 1;
        c.day = Math.min(world.nowDay, c.periodEndDay + rng.int(8, 25));
        break;
      }
      case 'series': {
        const g = i % goodsCount;
        const s = Math.floor(i / goodsCount) % stations;
        const t = Math.floor(i / (goodsCount * stations));
        const at = (latestSlot - t) * interval;
        const place = stationPlaces[s];
        c.goods = g;
        c.station = s;
        c.stationName = place?.name ?? '监测站';
        if (place) {
          c.district = place.district;
          c.town = place.town;
        }
        c.day = Math.floor(at / 86_400);
        c.second = interval >= 86_400 ? 9 * 3600 : at % 86_400;
        break;
      }
      case 'document':
        c.day = world.nowDay - rng.int(0, 5 * 365);
        c.region = world.city;
        break;
      default:
        // Spread over the past two years, more of them recent.
        c.day = world.nowDay - Math.floor(730 * rng.next() ** 1.3);
    }
    const [w, s, e, n] = c.district.box;
    c.lon = round(rng.float(w, e), 6);
    c.lat = round(rng.float(s, n), 6);
    const k = keyedByFirm ? i : rng.int(0, pool - 1);
    c.firm = firmAt(k, c.district);
    c.serial = serialOf(resource, facts, c, i);
    // A register keyed by region code: one row per region, in order.
    if (keyedByRegion) c.region = (world.tiers[world.tiers.length - 1] ?? [])[i] ?? world.city;
    const values: Record<string, unknown> = {};
    for (const { name, gen, optional } of gens) {
      const v = gen(c);
      if (v === null || v === undefined) continue;
      // About one optional value in twelve is left empty, as stewards leave them.
      if (optional && rng.chance(0.08)) continue;
      values[name] = v;
    }
    yield { row: i + 1, values };
  }
}

/** A region's place: its district and a town in it, for the address and the point. */
function placeOf(c: RowContext, region: OpenRegion, world: OpenDataWorld): void {
  const code6 = region.code.slice(0, 6);
  const district = world.districts.find((d) => d.region.code === code6);
  if (!district) return;
  c.district = district;
  const town =
    region.code.length >= 9
      ? district.towns.find((t) => t.region.code === region.code.slice(0, 9))
      : undefined;
  if (town) c.town = town;
}

/** The unique code of row i: a document number, a licence number, a facility's or a record's code. */
/** The first key item that is a plain code or name (not a year, a period or a tagged identifier). */
function serialItemOf(items: readonly ItemInput[]): string | null {
  const item = items.find(
    (it) =>
      it.isKey &&
      it.dataType === 'C' &&
      it.semanticTag === null &&
      (it.length ?? 0) >= 16 &&
      !/(年度|年份|年月|统计期)$/.test(it.name),
  );
  return item?.name ?? null;
}

function serialOf(resource: OpenResource, facts: ResourceFacts, c: RowContext, i: number): string {
  const name = facts.serialItem ?? '';
  const year = yearOfDay(c.day);
  const abbr = facts.authority.shortName.replace(/^市/, '').slice(0, 2);
  const n = padNum(i + 1, 6);
  if (name === '行政许可决定文书号') return `连${abbr}许〔${year}〕${n}号`;
  if (name === '行政处罚决定书文号') return `连${abbr}罚〔${year}〕${n}号`;
  if (name === '文号') return `连${abbr}发〔${year}〕${n}号`;
  if (name === '项目代码')
    return `${year}-${c.district.region.code}-${padNum(10 + (i % 80), 2)}-0${1 + (i % 3)}-${n}`;
  const prefix = facts.authority.key.toUpperCase();
  if (facts.shape === 'facility') return `${prefix}${c.district.region.code}${n}`;
  if (/名称$/.test(name)) return `${facts.subject}${i + 1}`;
  return `${prefix}${year}${n}`;
}

// ---- The seed step ------------------------------------------------------------------------------------

/**
 * Loads records into every published resource opened to the public (openType 'open' or 'conditional') that holds
 * none yet: `records` in all (default DEFAULT_OPEN_RECORDS, at most MAX_OPEN_RECORDS), split unevenly, one ingest
 * batch per resource. Idempotent: a resource that holds records is left alone, so a second run loads nothing.
 */
export async function seedDemoOpenData(
  services: Services,
  actor: Actor,
  departmentIds: ReadonlyMap<string, string>,
  options: {
    records?: number | undefined;
    /** The demo population (the enterprises of the 双公示 and licence rows are its); 0 for none. */
    people?: number | undefined;
    seed?: number | undefined;
    onProgress?: ((step: string, done: number, total: number) => void) | undefined;
  } = {},
): Promise<DemoOpenDataReport> {
  const report: DemoOpenDataReport = { resources: 0, records: 0, quarantined: 0 };
  const total = Math.min(MAX_OPEN_RECORDS, Math.max(0, Math.floor(options.records ?? DEFAULT_OPEN_RECORDS)));
  if (total === 0) return report;
  const keyOf = new Map([...departmentIds].map(([key, id]) => [id, key]));
  // The open resources (two searches), and which resources hold records already (one read of the exchange).
  const openIds: string[] = [];
  for (const openType of ['open', 'conditional'] as const) {
    const found = await services.catalog.search(
      { openType, limit: 10_000 },
      { kind: 'published', plusDepartments: [] },
    );
    openIds.push(...found.items.map((r) => r.id));
  }
  if (openIds.length === 0) return report;
  const held = new Set(
    (await services.exchange.resources({ kind: 'all' }, { withData: true, limit: 100_000 })).items.map(
      (r) => r.id,
    ),
  );
  const empty: (OpenResource & { id: string })[] = (await services.catalog.publishedResources(openIds))
    // Only record formats hold records; the portal serves files otherwise.
    .filter((r) => RECORD_FORMATS.includes(r.formatCategory) && keyOf.has(r.departmentId) && !held.has(r.id))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => ({
      id: r.id,
      name: r.name,
      departmentKey: keyOf.get(r.departmentId) ?? '',
      updateCycle: r.updateCycle,
      items: [...r.items].sort((x, y) => x.position - y.position),
    }));
  if (empty.length === 0) return report;
  const world = openDataWorld(await services.org.regions(), { people: options.people });
  const seed = options.seed ?? DEMO_OPEN_SEED;
  const counts = splitOpenRecords(empty, total, world, seed);
  const progress = options.onProgress ?? (() => undefined);
  for (const [slot, resource] of empty.entries()) {
    const count = counts[slot] ?? 0;
    if (count > 0) {
      const result = await services.exchange.ingest(
        actor,
        resource.id,
        openDataRows(resource, count, world, { seed, slot }),
        // Nothing held yet: an upsert is the whole set, without a snapshot's deletion pass.
        { source: 'seed', mode: 'upsert' },
      );
      report.resources++;
      report.records += result.inserted;
      report.quarantined += result.quarantined;
    }
    progress('open data', slot + 1, empty.length);
  }
  return report;
}
