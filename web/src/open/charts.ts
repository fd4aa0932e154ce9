/**
 * Which charts a dataset gets, from its data dictionary alone, and the query API calls that draw them: a count per
 * month of the first date column; the counts of a text column with few distinct values (top 10); the sum (or for
 * an index, a rate or a price, the average) of a number column by that text column; and a map of the points when it has longitude and latitude columns.
 */
import type { OpenDatasetDetail, OpenQuery } from '../api/open';

export interface Column {
  name: string;
  type: NonNullable<OpenDatasetDetail['dictionary'][number]['type']>;
  isKey: boolean;
}

/** A name in the query language, always quoted: `name` with a backquote doubled. */
export function quote(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

const LON = /^(经度|lon|lng|long|longitude)$/i;
const LAT = /^(纬度|lat|latitude)$/i;
/** Text columns whose names say they hold a category, tried first. */
const CATEGORY_HINT = /(区县|区域|行政区|类型|类别|种类|分类|等级|级别|状态|性质|行业|结果|方式)/;
/** Text columns that name a thing, the label of a map point. */
const NAME_HINT = /名称$/;

/** How many text columns are tried for a category, and how many distinct values still make one. */
export const CATEGORY_PROBES = 4;
export const CATEGORY_MAX = 30;
export const TOP = 10;

const isNumber = (c: Column) => c.type === 'number' || c.type === 'integer';

/** The open columns of a dataset with a query type. */
export function columnsOf(detail: OpenDatasetDetail): Column[] {
  return detail.dictionary.flatMap((d) =>
    d.open && d.type ? [{ name: d.name, type: d.type, isKey: d.isKey }] : [],
  );
}

/** Longitude and latitude columns (经度/纬度, lon/lat), both numbers, or null. */
export function coordinatesOf(columns: Column[]): { lon: string; lat: string } | null {
  const lon = columns.find((c) => isNumber(c) && LON.test(c.name));
  const lat = columns.find((c) => isNumber(c) && LAT.test(c.name));
  return lon && lat ? { lon: lon.name, lat: lat.name } : null;
}

export interface ChartPlan {
  date: string | null;
  /** Text columns to probe for a category, best first. */
  categories: string[];
  /** Number columns to sum (not coordinates, not keys). */
  numbers: string[];
  coordinates: { lon: string; lat: string } | null;
  /** The text that names a map point. */
  label: string | null;
}

export function planCharts(columns: Column[]): ChartPlan {
  const coordinates = coordinatesOf(columns);
  const texts = columns.filter((c) => c.type === 'text');
  const categories = texts
    .filter((c) => !c.isKey)
    .map((c, i) => ({ name: c.name, rank: (CATEGORY_HINT.test(c.name) ? 0 : 1000) + i }))
    .sort((a, b) => a.rank - b.rank)
    .slice(0, CATEGORY_PROBES)
    .map((c) => c.name);
  return {
    date: columns.find((c) => c.type === 'date' || c.type === 'datetime')?.name ?? null,
    categories,
    numbers: columns
      .filter((c) => isNumber(c) && !c.isKey && !LON.test(c.name) && !LAT.test(c.name))
      .map((c) => c.name),
    coordinates,
    label: (texts.find((c) => NAME_HINT.test(c.name)) ?? texts[0])?.name ?? null,
  };
}

export const monthlyQuery = (date: string): OpenQuery => ({
  $select: `date_trunc_ym(${quote(date)}) AS _month, count(*) AS _count`,
  $where: `${quote(date)} IS NOT NULL`,
  $group: '_month',
  $order: '_month',
  $limit: '600',
});

export const categoryQuery = (column: string): OpenQuery => ({
  $select: `${quote(column)} AS _value, count(*) AS _count`,
  $group: '_value',
  $order: '_count DESC, _value',
  $limit: String(CATEGORY_MAX + 1),
});

/** Numbers whose sum means nothing (indices, rates, prices, temperatures): these are averaged instead. */
const AVERAGED = /(指数|率|幅|增速|比|均|价|温|湿度|浓度|pm|aqi|index|rate|price)/i;

export const aggregateOf = (number: string): 'sum' | 'avg' => (AVERAGED.test(number) ? 'avg' : 'sum');

/** The sum (or average, see `aggregateOf`) of a number column per value of a text column, top 10. */
export const aggregateQuery = (number: string, category: string): OpenQuery => ({
  $select: `${quote(category)} AS _value, ${aggregateOf(number)}(${quote(number)}) AS _sum`,
  $group: '_value',
  $order: '_sum DESC, _value',
  $limit: String(TOP),
});

export const MAP_POINTS = 2000;

export const mapQuery = (lon: string, lat: string, label: string | null): OpenQuery => ({
  $select: [
    `${quote(lon)} AS _lon`,
    `${quote(lat)} AS _lat`,
    ...(label ? [`${quote(label)} AS _name`] : []),
  ].join(', '),
  $where: `${quote(lon)} IS NOT NULL AND ${quote(lat)} IS NOT NULL`,
  $limit: String(MAP_POINTS),
});

/**
 * "2024-03" for the start of a month as the query API returns it: a date ("2024-03-01"), or a datetime at the
 * month's first midnight in the server's time zone ("2024-02-29T16:00:00.000Z" in China). Half a month later is
 * inside that month whatever the zone, so its UTC year and month are the answer.
 */
export function monthOf(value: unknown): string {
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text.slice(0, 7);
  const time = Date.parse(text);
  return Number.isNaN(time) ? text.slice(0, 7) : new Date(time + 15 * 86_400_000).toISOString().slice(0, 7);
}
