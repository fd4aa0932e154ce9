/**
 * The demo city's standard address base (标准地址库): extents for the districts, towns and villages the org module
 * seeded, and roads inside each village. Doorplates and buildings are generated in SQL from the roads (see the geo
 * module's `loadBase`), so the whole base costs a handful of statements. Deterministic: the same regions give the
 * same base.
 */
import { Random } from '../lib/random.ts';
import type { Actor } from '../modules/audit/index.ts';
import type { AreaInput, RoadInput } from '../modules/geo/index.ts';
import type { Services } from '../server/context.ts';

/** Plausible extents of 连云港's districts and counties (WGS84), side by side without overlap. */
export const DISTRICT_EXTENTS: Record<string, [number, number, number, number]> = {
  '320707': [118.7, 34.75, 119.25, 35.1], // 赣榆区, north along the coast
  '320722': [118.6, 34.3, 119.0, 34.75], // 东海县, west
  '320706': [119.0, 34.45, 119.3, 34.75], // 海州区, the centre
  '320703': [119.3, 34.5, 119.8, 34.8], // 连云区, the port and the islands
  '320723': [119.0, 34.2, 119.6, 34.45], // 灌云县, south-east
  '320724': [119.0, 34.0, 119.5, 34.2], // 灌南县, south
};

// prettier-ignore
const ROAD_STEMS = [
  '解放', '人民', '建设', '海连', '通灌', '朝阳', '新华', '幸福', '民主', '振兴', '团结', '和平', '文化', '郁州',
  '苍梧', '瀛洲', '盐河', '凌州', '云台', '港城', '东方', '青年', '新建', '健康', '学院', '市场', '工农', '胜利',
  '光明', '迎宾', '凤凰', '龙河', '玉带', '秀逸', '站前', '陇海', '临洪', '新孟', '巨龙', '花园',
];
const ROAD_SUFFIXES = ['中路', '路', '东路', '西路', '北路', '南路', '大道', '街', '巷'];

/**
 * Real roads pinned to a town, first in its list, so the examples people type (解放中路 in 新浦街道) exist.
 * Each pinned road is long enough for the doorplate numbers of the examples.
 */
const LANDMARK_ROADS: Record<string, string[]> = { 新浦街道: ['解放中路', '人民路', '海连中路'] };

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Splits a box into a grid of at least n cells (rows × cols close to the box's shape), row by row. */
function grid(box: [number, number, number, number], n: number): [number, number, number, number][] {
  const [w, s, e, north] = box;
  const aspect = (e - w) / (north - s);
  const cols = Math.max(1, Math.ceil(Math.sqrt(n * aspect)));
  const rows = Math.ceil(n / cols);
  const cw = (e - w) / cols;
  const ch = (north - s) / rows;
  const cells: [number, number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const c = i % cols;
    const r = Math.floor(i / cols);
    cells.push([round6(w + c * cw), round6(s + r * ch), round6(w + (c + 1) * cw), round6(s + (r + 1) * ch)]);
  }
  return cells;
}

export interface DemoAddressBase {
  areas: AreaInput[];
  roads: RoadInput[];
}

/** The address base for the given regions (the org module's: districts, towns, villages with parent codes). */
export function buildAddressBase(
  regions: { code: string; name: string; level: string; parentCode: string | null }[],
  seed = 2018,
): DemoAddressBase {
  const rng = new Random(`geo/${seed}`);
  const areas: AreaInput[] = [];
  const roads: RoadInput[] = [];
  const children = new Map<string, typeof regions>();
  for (const r of regions) {
    if (!r.parentCode) continue;
    const list = children.get(r.parentCode) ?? [];
    list.push(r);
    children.set(r.parentCode, list);
  }
  const area = (
    r: { code: string; name: string },
    level: AreaInput['level'],
    box: [number, number, number, number],
    parent: { parentCode: string | null; districtCode: string; townCode: string | null },
  ) => {
    areas.push({
      code: r.code,
      level,
      name: r.name,
      parentCode: parent.parentCode,
      districtCode: parent.districtCode,
      townCode: parent.townCode,
      extent: box,
      point: [round6((box[0] + box[2]) / 2), round6((box[1] + box[3]) / 2)],
    });
  };
  for (const d of regions
    .filter((r) => r.level === 'district')
    .sort((a, b) => a.code.localeCompare(b.code))) {
    const box = DISTRICT_EXTENTS[d.code];
    if (!box) continue;
    area(d, 'district', box, { parentCode: d.parentCode, districtCode: d.code, townCode: null });
    const towns = (children.get(d.code) ?? []).filter((t) => t.level === 'town');
    grid(box, towns.length).forEach((townBox, ti) => {
      const t = towns[ti]!;
      area(t, 'town', townBox, { parentCode: d.code, districtCode: d.code, townCode: t.code });
      const trng = rng.fork(`roads/${t.code}`);
      const pinned = LANDMARK_ROADS[t.name] ?? [];
      const names = [
        ...pinned,
        ...trng
          .shuffle(ROAD_STEMS.flatMap((s) => ROAD_SUFFIXES.map((x) => s + x)))
          .filter((n) => !pinned.includes(n)),
      ];
      let next = 0;
      const villages = (children.get(t.code) ?? []).filter((v) => v.level === 'village');
      grid(townBox, villages.length).forEach((vb, vi) => {
        const v = villages[vi]!;
        area(v, 'village', vb, { parentCode: t.code, districtCode: d.code, townCode: t.code });
        const count = trng.int(2, 4);
        for (let k = 0; k < count && next < names.length; k++) {
          const name = names[next++]!;
          // Alternately east–west and north–south through the village's box, kept off its edges.
          const f = (k + 1) / (count + 1);
          const [w, s, e, n] = vb;
          const horizontal = k % 2 === 0;
          const ends: [number, number, number, number] = horizontal
            ? [w + (e - w) * 0.1, s + (n - s) * f, w + (e - w) * 0.9, s + (n - s) * f]
            : [w + (e - w) * f, s + (n - s) * 0.1, w + (e - w) * f, s + (n - s) * 0.9];
          roads.push({
            code: v.code + String(k + 1).padStart(2, '0'),
            name,
            from: [round6(ends[0]), round6(ends[1])],
            to: [round6(ends[2]), round6(ends[3])],
            doorplates: pinned.includes(name) ? 36 : trng.int(3, 8),
          });
        }
      });
    });
  }
  return { areas, roads };
}

/** Seeds the address base from the regions the org service holds; a second run changes nothing. */
export async function seedDemoGeo(services: Services, actor: Actor) {
  const started = performance.now();
  const regions = await services.org.regions();
  const result = await services.geo.seedBase(actor, () => buildAddressBase(regions));
  return { ...result, ms: Math.round(performance.now() - started) };
}
