/**
 * Administrative divisions of the demo city, shaped like 连云港市 (GB/T 2260 320700): the 6 real districts and
 * counties, 101 towns and 1,659 villages. Town codes follow GB/T 10114 (county + 3 digits: 街道 001–099,
 * 镇 100–199, 乡 200–399), villages likewise (town + 3 digits: 社区 001–199, 村 200–399). Town names are the
 * real ones where known and synthetic otherwise; village names are synthetic.
 */
import { Random } from '../../lib/random.ts';

export const CITY_CODE = '320700';
export const CITY_NAME = '连云港市';
export const TOWN_COUNT = 101;
export const VILLAGE_COUNT = 1659;
/** Every town gets at least this many villages/communities. */
export const MIN_VILLAGES_PER_TOWN = 5;

export type DemoRegionLevel = 'city' | 'district' | 'town' | 'village';

export interface DemoRegion {
  code: string;
  name: string;
  level: DemoRegionLevel;
  parentCode: string | null;
}

type TownKind = 'street' | 'town' | 'township';

interface DistrictSpec {
  code: string;
  name: string;
  isCounty: boolean;
  townCount: number;
  /** Real towns, named by stem; the suffix comes from the kind. */
  known: Partial<Record<TownKind, readonly string[]>>;
}

const DISTRICTS: readonly DistrictSpec[] = [
  {
    code: '320703',
    name: '连云区',
    isCounty: false,
    townCount: 11,
    known: {
      street: ['墟沟', '连云', '云山', '板桥', '连岛', '海州湾', '宿城', '高公岛', '中云', '朝阳'],
      township: ['前三岛'],
    },
  },
  {
    code: '320706',
    name: '海州区',
    isCounty: false,
    townCount: 17,
    known: {
      street: [
        '新海',
        '海州',
        '幸福路',
        '朐阳',
        '洪门',
        '宁海',
        '新浦',
        '新东',
        '新南',
        '路南',
        '浦西',
        '浦东',
        '花果山',
      ],
      town: ['新坝', '锦屏', '板浦', '浦南'],
    },
  },
  {
    code: '320707',
    name: '赣榆区',
    isCounty: false,
    townCount: 15,
    known: {
      town: [
        '青口',
        '柘汪',
        '石桥',
        '金山',
        '黑林',
        '厉庄',
        '海头',
        '塔山',
        '赣马',
        '班庄',
        '城头',
        '城西',
        '宋庄',
        '沙河',
        '墩尚',
      ],
    },
  },
  {
    code: '320722',
    name: '东海县',
    isCounty: true,
    townCount: 22,
    known: {
      street: ['牛山', '石榴'],
      town: ['白塔埠', '黄川', '石梁河', '青湖', '温泉', '双店', '桃林', '洪庄', '安峰', '房山', '平明'],
      township: ['驼峰', '李埝', '山左口', '石湖', '曲阳', '张湾'],
    },
  },
  {
    code: '320723',
    name: '灌云县',
    isCounty: true,
    townCount: 21,
    known: {
      street: ['侍庄'],
      town: ['伊山', '杨集', '燕尾港', '同兴', '四队', '圩丰', '龙苴', '下车', '图河', '东王集'],
      township: ['南岗', '小伊', '伊芦', '陡沟'],
    },
  },
  {
    code: '320724',
    name: '灌南县',
    isCounty: true,
    townCount: 15,
    known: {
      town: ['新安', '堆沟港', '田楼', '北陈集', '张店', '三口', '孟兴庄', '汤沟', '百禄', '新集', '李集'],
    },
  },
];

const TOWN_SUFFIX: Record<TownKind, string> = { street: '街道', town: '镇', township: '乡' };
const TOWN_CODE_BASE: Record<TownKind, number> = { street: 1, town: 100, township: 200 };
const COMMUNITY_CODE_BASE = 1;
const VILLAGE_CODE_BASE = 200;

// Syllable pools in the style of northern Jiangsu place names (many 庄, 集, 圩, 沟, 埠).
// prettier-ignore
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭',
  '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅',
  '沈', '曾', '彭', '吕', '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '阎', '余', '潘', '杜', '戴',
  '夏', '钟', '汪', '田', '任', '姜', '范', '方', '石', '姚', '谭', '廖', '邹', '熊', '金', '陆', '郝', '孔',
  '白', '崔', '康', '毛', '邱', '秦', '江', '史', '顾', '侯', '邵', '孟', '龙', '万', '段', '钱', '汤', '尹',
  '黎', '易', '常', '武', '乔', '贺', '赖', '龚', '文', '葛', '卞', '仲', '惠', '嵇',
];
// prettier-ignore
const NATURE = [
  '沙', '石', '柳', '杨', '桑', '枣', '梨', '杏', '桃', '松', '竹', '荷', '芦', '槐', '榆', '柏', '莲', '菱',
  '青', '黄', '白', '红', '金', '银', '玉', '龙', '凤', '鹤', '马', '牛', '羊', '鹿', '盐', '渔', '潮', '海',
  '河', '湖', '岭', '泉', '云', '平', '安', '兴', '富', '丰', '太', '永', '长', '和', '福', '吉', '瑞', '庆',
];
const DIRECTIONS = ['东', '西', '南', '北', '前', '后', '大', '小', '新', '老', '上', '下', '中', '双', '三'];
// prettier-ignore
const PLACE_SUFFIXES = [
  '庄', '集', '圩', '沟', '埠', '湾', '河', '口', '桥', '店', '墩', '岭', '山', '岗', '营', '楼', '港', '滩',
  '洼', '林', '园', '塘', '堆', '坊', '寨', '湖', '屯', '墅',
];
// prettier-ignore
const COMMUNITY_STEMS = [
  '东园', '西园', '南苑', '北苑', '幸福', '和平', '建设', '解放', '人民', '朝阳', '新华', '新城', '光明', '团结',
  '民主', '文化', '振兴', '兴华', '海滨', '海棠', '花园', '锦绣', '春晖', '秀水', '翠苑', '金港', '银河', '滨河',
  '滨湖', '中山', '育才', '双龙', '凤凰', '龙湖', '玉带', '盐河', '苍梧', '郁洲', '桃园', '梅园', '松竹', '荷花',
  '紫荆', '丁香', '玉兰', '青年', '胜利', '友谊', '前进', '红旗', '东方', '曙光', '阳光', '鑫源', '康庄', '富民',
  '安居', '乐园', '怡景', '瑞景', '龙河', '西苑', '东苑', '港城', '工农', '站前', '通灌', '海连', '振华', '利民',
  '惠民', '安康', '平安', '和谐', '宁海', '凤鸣', '映山', '观海', '望海', '临港', '北固', '南极', '聚龙', '新浦',
];

function placeStem(rng: Random): string {
  const pattern = rng.int(0, 9);
  if (pattern < 4) return rng.pick(SURNAMES) + rng.pick(PLACE_SUFFIXES);
  if (pattern < 6) return rng.pick(DIRECTIONS) + rng.pick(SURNAMES) + rng.pick(PLACE_SUFFIXES);
  if (pattern < 8) return rng.pick(NATURE) + rng.pick(PLACE_SUFFIXES);
  if (pattern < 9) return rng.pick(DIRECTIONS) + rng.pick(NATURE) + rng.pick(PLACE_SUFFIXES);
  return `${rng.pick(SURNAMES)}家${rng.pick(PLACE_SUFFIXES)}`;
}

// Draws until the value is new; the pools hold thousands of combinations, so this ends quickly.
function uniqueDraw(taken: Set<string>, draw: () => string): string {
  for (;;) {
    const value = draw();
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
}

interface TownPlan {
  code: string;
  name: string;
  kind: TownKind;
  districtCode: string;
  stem: string;
}

function planTowns(rng: Random): TownPlan[] {
  // Stems unique across the city, so a synthetic 新集乡 cannot appear next to the real 新集镇.
  const stems = new Set<string>();
  for (const d of DISTRICTS) for (const list of Object.values(d.known)) for (const s of list) stems.add(s);

  const towns: TownPlan[] = [];
  for (const d of DISTRICTS) {
    const byKind: Record<TownKind, string[]> = {
      street: [...(d.known.street ?? [])],
      town: [...(d.known.town ?? [])],
      township: [...(d.known.township ?? [])],
    };
    const known = byKind.street.length + byKind.town.length + byKind.township.length;
    const drng = rng.fork(`towns/${d.code}`);
    for (let i = known; i < d.townCount; i++) {
      const kind: TownKind = d.isCounty && drng.chance(0.4) ? 'township' : 'town';
      byKind[kind].push(uniqueDraw(stems, () => placeStem(drng)));
    }
    for (const kind of ['street', 'town', 'township'] as const) {
      byKind[kind].forEach((stem, i) => {
        towns.push({
          code: d.code + String(TOWN_CODE_BASE[kind] + i).padStart(3, '0'),
          name: stem + TOWN_SUFFIX[kind],
          kind,
          districtCode: d.code,
          stem,
        });
      });
    }
  }
  return towns;
}

/**
 * Splits `total` over towns: each gets the minimum, the rest goes by largest remainder over random weights
 * (towns larger than streets), which hits the total exactly whatever the weights.
 */
function allocateVillages(rng: Random, towns: readonly TownPlan[], total: number): number[] {
  const kindWeight: Record<TownKind, number> = { street: 0.9, town: 1.5, township: 1.1 };
  const weights = towns.map((t) => kindWeight[t.kind] * rng.float(0.5, 1.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  const rest = total - MIN_VILLAGES_PER_TOWN * towns.length;
  const exact = weights.map((w) => (w / sum) * rest);
  const counts = exact.map((x) => MIN_VILLAGES_PER_TOWN + Math.floor(x));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (const [, i] of byRemainder) {
    if (left === 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

function communityCount(rng: Random, town: TownPlan, n: number): number {
  if (town.kind === 'street') return Math.max(1, Math.round(n * rng.float(0.7, 1)));
  if (town.kind === 'town') return Math.min(n - 1, rng.int(1, 3));
  return rng.int(0, 1);
}

function villagesOf(rng: Random, town: TownPlan, n: number): DemoRegion[] {
  const communities = communityCount(rng, town, n);
  const names = new Set<string>();
  const out: DemoRegion[] = [];
  for (let i = 0; i < n; i++) {
    const isCommunity = i < communities;
    let name: string;
    if (isCommunity && i === 0 && town.kind !== 'street') {
      // A town's seat community usually carries the town's own name.
      name = `${town.stem}社区`;
      names.add(name);
    } else if (isCommunity) {
      name = uniqueDraw(names, () => {
        const stem = rng.pick(COMMUNITY_STEMS);
        return `${rng.chance(0.8) ? stem : rng.pick(DIRECTIONS) + stem}社区`;
      });
    } else {
      name = uniqueDraw(names, () => `${placeStem(rng)}村`);
    }
    const seq = isCommunity ? COMMUNITY_CODE_BASE + i : VILLAGE_CODE_BASE + (i - communities);
    out.push({
      code: town.code + String(seq).padStart(3, '0'),
      name,
      level: 'village',
      parentCode: town.code,
    });
  }
  return out;
}

/** The demo city's divisions, parents before children: 1 city, 6 districts, 101 towns, 1,659 villages. */
export function buildRegions(seed: number | string = 2018): DemoRegion[] {
  const rng = new Random(`regions/${seed}`);
  const towns = planTowns(rng);
  const counts = allocateVillages(rng.fork('allocation'), towns, VILLAGE_COUNT);

  const regions: DemoRegion[] = [{ code: CITY_CODE, name: CITY_NAME, level: 'city', parentCode: null }];
  for (const d of DISTRICTS)
    regions.push({ code: d.code, name: d.name, level: 'district', parentCode: CITY_CODE });
  for (const t of towns)
    regions.push({ code: t.code, name: t.name, level: 'town', parentCode: t.districtCode });
  towns.forEach((t, i) => regions.push(...villagesOf(rng.fork(`villages/${t.code}`), t, counts[i] ?? 0)));
  return regions;
}

/** Codes of the 6 districts/counties (the 6-digit codes people's ID numbers carry). */
export const DISTRICT_CODES: readonly string[] = DISTRICTS.map((d) => d.code);
