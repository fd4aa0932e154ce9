/**
 * The demo city's macro-economic indicators (宏观经济): annual 2015–2025 for the city and its six districts and
 * counties, quarterly GDP and unemployment, monthly retail sales, investment growth, CPI and foreign trade — made
 * deterministically from a seed, with the city's real order of magnitude (GDP about 2,200 亿元 in 2015, a dip in
 * 2020) but no real figure. They are loaded as records of 统计局's resource 主要经济指标数据 through the real ingest
 * path; the registry then fills itself from that resource's change log through its exchange subscription.
 */
import { Random } from '../lib/random.ts';
import type { Actor } from '../modules/audit/index.ts';
import type { SourceRow } from '../modules/exchange/index.ts';
import type { Services } from '../server/context.ts';
import { CITY_CODE, buildRegions } from './city/index.ts';

/** The statistics bureau's resource holding indicator observations, and who runs the registry. */
export const DEMO_ECONOMY = {
  provider: 'tjj',
  resourceName: '主要经济指标数据',
  /** 发改委 keeps the macro-economic database (宏观经济数据库) and subscribes to the observations. */
  registry: 'fgw',
} as const;

export const ECONOMY_YEARS = { first: 2015, last: 2025 } as const;

const DEPT = {
  tjj: '市统计局',
  czj: '市财政局',
  shuiwu: '市税务局',
  swj: '市商务局',
  rsj: '市人力资源和社会保障局',
  dcd: '国家统计局连云港调查队',
} as const;

interface IndicatorSpec {
  code: string;
  name: string;
  unit: string;
  department: string;
  decimals: number;
}

const I = (
  code: string,
  name: string,
  unit: string,
  department: string,
  decimals: number,
): IndicatorSpec => ({
  code,
  name,
  unit,
  department,
  decimals,
});

export const DEMO_INDICATORS = {
  GDP: I('GDP', '地区生产总值', '亿元', DEPT.tjj, 2),
  GDP_PRI: I('GDP_PRI', '第一产业增加值', '亿元', DEPT.tjj, 2),
  GDP_SEC: I('GDP_SEC', '第二产业增加值', '亿元', DEPT.tjj, 2),
  GDP_TER: I('GDP_TER', '第三产业增加值', '亿元', DEPT.tjj, 2),
  POP_RES: I('POP_RES', '常住人口', '万人', DEPT.tjj, 2),
  FISC_REV: I('FISC_REV', '一般公共预算收入', '亿元', DEPT.czj, 2),
  TAX_REV: I('TAX_REV', '税收收入', '亿元', DEPT.shuiwu, 2),
  RETAIL: I('RETAIL', '社会消费品零售总额', '亿元', DEPT.swj, 2),
  FAI_GR: I('FAI_GR', '固定资产投资增速', '%', DEPT.tjj, 1),
  INC_URB: I('INC_URB', '城镇居民人均可支配收入', '元', DEPT.dcd, 0),
  INC_RUR: I('INC_RUR', '农村居民人均可支配收入', '元', DEPT.dcd, 0),
  CPI: I('CPI', '居民消费价格指数', '上年同期=100', DEPT.dcd, 1),
  UNEMP: I('UNEMP', '城镇登记失业率', '%', DEPT.rsj, 2),
  EXPORT: I('EXPORT', '出口总额', '亿元', DEPT.swj, 2),
  IMPORT: I('IMPORT', '进口总额', '亿元', DEPT.swj, 2),
} as const;

// Each district's share of the city's output; the rest is the development zones reported only city-wide.
const SHARE: Readonly<Record<string, number>> = {
  '320703': 0.1,
  '320706': 0.24,
  '320707': 0.17,
  '320722': 0.16,
  '320723': 0.12,
  '320724': 0.1,
};
// Real growth of the city's GDP per year (2020 the pandemic year).
const GROWTH: Readonly<Record<number, number>> = {
  2016: 0.078,
  2017: 0.071,
  2018: 0.047,
  2019: 0.06,
  2020: 0.032,
  2021: 0.088,
  2022: 0.024,
  2023: 0.081,
  2024: 0.062,
  2025: 0.055,
};

export type EconomyRow = Record<string, string | number>;

const round = (v: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

/**
 * Every observation as a record of the source resource (item name → value). Same seed → same rows. The last year
 * is provisional (观测状态 P), as a statistics bureau publishes it before the yearbook.
 */
export function buildEconomyRows(seed = 2018): EconomyRow[] {
  const rng = new Random(`economy/${seed}`);
  const names = new Map(buildRegions().map((r) => [r.code, r.name]));
  const districts = Object.keys(SHARE);
  const regions = [CITY_CODE, ...districts];
  const rows: EconomyRow[] = [];
  const push = (spec: IndicatorSpec, period: string, region: string, value: number, year: number) => {
    const freq = period.length === 4 ? 'A' : period.includes('Q') ? 'Q' : 'M';
    rows.push({
      指标代码: spec.code,
      统计期: period,
      行政区划代码: region,
      频度: freq,
      指标名称: spec.name,
      观测值: round(value, spec.decimals),
      计量单位: spec.unit,
      观测状态: year === ECONOMY_YEARS.last ? 'P' : 'A',
      报送部门: spec.department,
      区划名称: names.get(region) ?? region,
    });
  };
  const years: number[] = [];
  for (let y = ECONOMY_YEARS.first; y <= ECONOMY_YEARS.last; y++) years.push(y);

  // The city's GDP, then each region's by its share (drifting slightly year to year).
  const cityGdp = new Map<number, number>();
  let gdp = 2160;
  for (const y of years) {
    if (y > ECONOMY_YEARS.first) gdp *= 1 + GROWTH[y]! + 0.012 + rng.float(-0.006, 0.006); // nominal: + prices
    cityGdp.set(y, gdp);
  }
  const regionalGdp = (region: string, y: number, r: Random) =>
    region === CITY_CODE ? cityGdp.get(y)! : cityGdp.get(y)! * SHARE[region]! * (1 + r.float(-0.03, 0.03));

  for (const region of regions) {
    const r = rng.fork(`region/${region}`);
    const rural = region === '320723' || region === '320724' || region === '320722' ? 1.3 : 1;
    let pop = 447 * (region === CITY_CODE ? 1 : SHARE[region]! * 1.02);
    let incUrb = 26_100 * (region === CITY_CODE ? 1 : r.float(0.9, 1.08));
    let incRur = 13_000 * (region === CITY_CODE ? 1 : r.float(0.92, 1.06));
    for (const y of years) {
      const g = regionalGdp(region, y, r);
      const t = (y - ECONOMY_YEARS.first) / (ECONOMY_YEARS.last - ECONOMY_YEARS.first);
      const pri = g * (0.13 - 0.03 * t) * rural;
      const sec = g * (0.44 - 0.02 * t + r.float(-0.01, 0.01));
      push(DEMO_INDICATORS.GDP, String(y), region, g, y);
      push(DEMO_INDICATORS.GDP_PRI, String(y), region, pri, y);
      push(DEMO_INDICATORS.GDP_SEC, String(y), region, sec, y);
      push(DEMO_INDICATORS.GDP_TER, String(y), region, round(g, 2) - round(pri, 2) - round(sec, 2), y);
      if (y > ECONOMY_YEARS.first) pop *= 1 + r.float(-0.001, 0.004);
      push(DEMO_INDICATORS.POP_RES, String(y), region, pop, y);
      const fiscal = g * r.float(0.105, 0.125) * (y === 2020 ? 0.95 : 1);
      push(DEMO_INDICATORS.FISC_REV, String(y), region, fiscal, y);
      push(DEMO_INDICATORS.TAX_REV, String(y), region, fiscal * r.float(0.72, 0.8), y);
      push(DEMO_INDICATORS.RETAIL, String(y), region, g * r.float(0.36, 0.4) * (y === 2020 ? 0.96 : 1), y);
      const fai = y === 2020 ? r.float(-2, 3) : y === 2022 ? r.float(1, 5) : r.float(6, 13);
      push(DEMO_INDICATORS.FAI_GR, String(y), region, fai, y);
      if (y > ECONOMY_YEARS.first) {
        incUrb *= 1 + r.float(0.045, 0.085) * (y === 2020 ? 0.5 : 1);
        incRur *= 1 + r.float(0.065, 0.1) * (y === 2020 ? 0.6 : 1);
      }
      push(DEMO_INDICATORS.INC_URB, String(y), region, incUrb, y);
      push(DEMO_INDICATORS.INC_RUR, String(y), region, incRur, y);

      // Quarterly GDP: the year split by season; the fourth quarter takes what rounding left.
      const weights = [0.22, 0.24, 0.25, 0.29].map((w) => w * (1 + r.float(-0.02, 0.02)));
      const sum = weights.reduce((a, b) => a + b, 0);
      let given = 0;
      for (let q = 1; q <= 4; q++) {
        const v = q < 4 ? round((g * weights[q - 1]!) / sum, 2) : round(g, 2) - given;
        given += v;
        push(DEMO_INDICATORS.GDP, `${y}Q${q}`, region, v, y);
      }
    }
  }

  // City-wide series: monthly retail, investment growth (cumulative since January), CPI, trade; quarterly and
  // annual unemployment; annual CPI and trade.
  const city = rng.fork('city');
  const seasonal = [1.02, 0.9, 0.93, 0.94, 0.98, 1.0, 0.96, 0.97, 1.0, 1.06, 1.08, 1.16];
  let exp = 410;
  let imp = 330;
  for (const y of years) {
    const retailYear = rows.find(
      (row) =>
        row['指标代码'] === 'RETAIL' && row['统计期'] === String(y) && row['行政区划代码'] === CITY_CODE,
    )!['观测值'] as number;
    const faiYear = rows.find(
      (row) =>
        row['指标代码'] === 'FAI_GR' && row['统计期'] === String(y) && row['行政区划代码'] === CITY_CODE,
    )!['观测值'] as number;
    const total = seasonal.reduce((a, b) => a + b, 0);
    if (y > ECONOMY_YEARS.first) {
      exp *= 1 + (y === 2020 ? city.float(-0.06, 0) : city.float(0.02, 0.12));
      imp *= 1 + (y === 2020 ? city.float(-0.08, 0) : city.float(0.0, 0.11));
    }
    let cpiSum = 0;
    let retailGiven = 0;
    let expGiven = 0;
    let impGiven = 0;
    for (let m = 1; m <= 12; m++) {
      const period = `${y}${String(m).padStart(2, '0')}`;
      const w = seasonal[m - 1]! / total;
      const last = m === 12;
      const retail = last ? round(retailYear, 2) - retailGiven : round(retailYear * w, 2);
      retailGiven += retail;
      push(DEMO_INDICATORS.RETAIL, period, CITY_CODE, retail, y);
      // Cumulative growth settles towards the year's figure as the months add up.
      push(
        DEMO_INDICATORS.FAI_GR,
        period,
        CITY_CODE,
        last ? faiYear : faiYear + city.float(-3, 3) * (1 - m / 12),
        y,
      );
      const cpi = round((y === 2020 ? 102.3 : y >= 2023 ? 100.3 : 101.9) + city.float(-0.8, 0.9), 1);
      cpiSum += cpi;
      push(DEMO_INDICATORS.CPI, period, CITY_CODE, cpi, y);
      const e = last ? round(exp, 2) - expGiven : round((exp / 12) * city.float(0.85, 1.15), 2);
      const i = last ? round(imp, 2) - impGiven : round((imp / 12) * city.float(0.85, 1.15), 2);
      expGiven += e;
      impGiven += i;
      push(DEMO_INDICATORS.EXPORT, period, CITY_CODE, e, y);
      push(DEMO_INDICATORS.IMPORT, period, CITY_CODE, i, y);
    }
    push(DEMO_INDICATORS.CPI, String(y), CITY_CODE, cpiSum / 12, y);
    push(DEMO_INDICATORS.EXPORT, String(y), CITY_CODE, exp, y);
    push(DEMO_INDICATORS.IMPORT, String(y), CITY_CODE, imp, y);
    const unemp = (y === 2020 ? 2.6 : y >= 2022 ? 2.2 : 1.9) + city.float(-0.15, 0.15);
    push(DEMO_INDICATORS.UNEMP, String(y), CITY_CODE, unemp, y);
    for (let q = 1; q <= 4; q++)
      push(DEMO_INDICATORS.UNEMP, `${y}Q${q}`, CITY_CODE, unemp + city.float(-0.2, 0.2), y);
  }
  return rows;
}

export interface DemoEconomyReport {
  /** Observations loaded into the source resource by this run (0 when it already held records). */
  loaded: number;
  /** Changes the registry applied from the change log in this run. */
  applied: number;
  milliseconds: number;
}

function* sourceRows(rows: Iterable<Record<string, unknown>>): Generator<SourceRow> {
  let row = 0;
  for (const values of rows) yield { row: ++row, values };
}

/**
 * Loads the observations into 统计局's resource (when it holds nothing yet), makes it the registry's source (发改委
 * subscribes, pull) and syncs once. Idempotent: a second run loads nothing and applies nothing.
 */
export async function seedDemoEconomy(
  services: Services,
  actor: Actor,
  departmentIds: Map<string, string>,
): Promise<DemoEconomyReport> {
  const started = performance.now();
  const provider = departmentIds.get(DEMO_ECONOMY.provider);
  const registry = departmentIds.get(DEMO_ECONOMY.registry);
  if (!provider || !registry) throw new Error('demo economy: the demo departments are not seeded');
  // Already set up: only catch up (a second seed applies nothing).
  if ((await services.economy.sync.sources()).length) {
    const outcomes = await services.economy.syncNow(actor);
    return {
      loaded: 0,
      applied: outcomes.reduce((n, o) => n + o.applied, 0),
      milliseconds: Math.round(performance.now() - started),
    };
  }
  // One indexed search, not the whole published catalog with its items.
  const hits = await services.catalog.search(
    { q: DEMO_ECONOMY.resourceName, departmentId: provider, limit: 20 },
    { kind: 'all' },
  );
  const resource = hits.items.find(
    (r) => r.name === DEMO_ECONOMY.resourceName && r.publishedVersion !== null,
  );
  if (!resource)
    throw new Error(
      `demo economy: no published resource ${DEMO_ECONOMY.provider}/${DEMO_ECONOMY.resourceName}`,
    );
  let loaded = 0;
  if ((await services.exchange.resource(resource.id)).recordsHeld === 0) {
    const result = await services.exchange.ingest(actor, resource.id, sourceRows(buildEconomyRows()), {
      source: 'seed',
      mode: 'upsert',
    });
    loaded = result.inserted;
  }
  await services.economy.attach(actor, { resourceId: resource.id, departmentId: registry });
  const outcomes = await services.economy.syncNow(actor);
  return {
    loaded,
    applied: outcomes.reduce((n, o) => n + o.applied, 0),
    milliseconds: Math.round(performance.now() - started),
  };
}
