import { Col, Empty, Row, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { queryOpenDataset, type OpenDatasetDetail, type OpenQuery, type OpenQueryResult } from '../api/open';
import { GeoMap, type MapPoint } from '../geo/GeoMap';
import { useT } from '../i18n/context';
import { EChart } from '../shared/EChart';
import type { ChartOption } from '../shared/echarts';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';
import {
  CATEGORY_MAX,
  categoryQuery,
  columnsOf,
  aggregateOf,
  aggregateQuery,
  mapQuery,
  monthlyQuery,
  monthOf,
  planCharts,
  TOP,
  type ChartPlan,
} from './charts';
import { useFormatNumber } from './labels';
import { SectionCard } from './parts';

const BRAND = '#1f5fbf';

/** A chart's bars or points; a null label is the rows without a value. */
interface Series {
  labels: (string | null)[];
  values: number[];
}

/** As drawn: every label a text. */
interface Drawn {
  labels: string[];
  values: number[];
}

interface Charts {
  monthly: { column: string; data: Series } | null;
  category: { column: string; data: Series } | null;
  sum: { number: string; category: string; average: boolean; data: Series } | null;
}

const category = (value: unknown) =>
  value === null || value === undefined || value === '' ? null : String(value);

function series(
  result: OpenQueryResult,
  key: string,
  valueKey: string,
  toLabel: (v: unknown) => string | null,
): Series {
  return {
    labels: result.rows.map((r) => toLabel(r[key])),
    values: result.rows.map((r) => Math.round(Number(r[valueKey] ?? 0) * 100) / 100),
  };
}

/** The chart queries, in parallel where they can be; a query the API refuses leaves its chart out. */
async function loadCharts(
  name: string,
  plan: ChartPlan,
  records: number,
  signal: AbortSignal,
): Promise<Charts> {
  const run = (query: OpenQuery) =>
    queryOpenDataset(name, query, signal).catch((error: unknown) => {
      if (signal.aborted) throw error;
      return null;
    });
  const [monthly, ...probes] = await Promise.all([
    plan.date ? run(monthlyQuery(plan.date)) : Promise.resolve(null),
    ...plan.categories.map((c) => run(categoryQuery(c))),
  ]);
  // A text column with few distinct values: between 2 and CATEGORY_MAX, and fewer than the records.
  const index = probes.findIndex(
    (r) => r !== null && r.rows.length >= 2 && r.rows.length <= CATEGORY_MAX && r.rows.length < records,
  );
  const categoryColumn = index >= 0 ? plan.categories[index]! : null;
  const number = plan.numbers[0];
  const sum = categoryColumn && number ? await run(aggregateQuery(number, categoryColumn)) : null;
  return {
    monthly:
      plan.date && monthly?.rows.length
        ? { column: plan.date, data: series(monthly, '_month', '_count', monthOf) }
        : null,
    category:
      categoryColumn && index >= 0
        ? {
            column: categoryColumn,
            data: series(
              { ...probes[index]!, rows: probes[index]!.rows.slice(0, TOP) },
              '_value',
              '_count',
              category,
            ),
          }
        : null,
    sum:
      sum?.rows.length && categoryColumn && number
        ? {
            number,
            category: categoryColumn,
            average: aggregateOf(number) === 'avg',
            data: series(sum, '_value', '_sum', category),
          }
        : null,
  };
}

function lineOption(data: Drawn, name: string): ChartOption {
  return {
    animation: false,
    color: [BRAND],
    tooltip: { trigger: 'axis' },
    grid: {
      left: 8,
      right: 16,
      top: 16,
      bottom: 8,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: { type: 'category', data: data.labels },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', name, symbolSize: 5, data: data.values }],
  };
}

function barOption(data: Drawn, name: string): ChartOption {
  return {
    animation: false,
    color: [BRAND],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value' },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.labels,
      axisLabel: { width: 110, overflow: 'truncate' },
    },
    series: [{ type: 'bar', name, barMaxWidth: 18, data: data.values }],
  };
}

const barHeight = (data: Drawn) => Math.max(160, data.labels.length * 30 + 24);

/**
 * A chart with its caption; to a screen reader it is one image whose name says what the chart shows and its first
 * values (the canvas itself says nothing).
 */
function Figure({
  title,
  data,
  option,
  height,
}: {
  title: string;
  data: Drawn;
  option: ChartOption;
  height: number;
}) {
  const t = useT();
  const format = useFormatNumber();
  const summary = data.labels
    .slice(0, 5)
    .map((l, i) => `${l} ${format(data.values[i] ?? 0)}`)
    .join(t('open.chart.separator'));
  return (
    <figure style={{ margin: 0 }} data-testid="open-chart">
      <figcaption>
        <Typography.Title level={3} style={{ fontSize: 15, margin: '0 0 8px' }}>
          {title}
        </Typography.Title>
      </figcaption>
      <div role="img" aria-label={t('open.chart.summary', { title, values: summary })}>
        <EChart option={option} height={height} />
      </div>
    </figure>
  );
}

/** 数据图表: the charts the dataset's columns allow, computed by the query API. */
export function DatasetCharts({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  const plan = useMemo(() => planCharts(columnsOf(detail)), [detail]);
  const { data, error } = useQuery(
    useCallback(
      (signal: AbortSignal) => loadCharts(detail.name, plan, detail.records, signal),
      [detail.name, plan, detail.records],
    ),
  );
  const count = t('open.chart.count');
  const drawn = (s: Series): Drawn => ({
    labels: s.labels.map((l) => l ?? t('open.chart.empty')),
    values: s.values,
  });
  const figures: { key: string; title: string; data: Drawn; line?: boolean; name: string }[] = [];
  if (data?.monthly)
    figures.push({
      key: 'monthly',
      title: t('open.chart.byMonth', { column: data.monthly.column }),
      data: drawn(data.monthly.data),
      line: true,
      name: count,
    });
  if (data?.category)
    figures.push({
      key: 'category',
      title: t('open.chart.byCategory', { column: data.category.column, n: TOP }),
      data: drawn(data.category.data),
      name: count,
    });
  if (data?.sum)
    figures.push({
      key: 'sum',
      title: t(data.sum.average ? 'open.chart.avg' : 'open.chart.sum', {
        number: data.sum.number,
        category: data.sum.category,
        n: TOP,
      }),
      data: drawn(data.sum.data),
      name: data.sum.number,
    });

  let body;
  if (error) body = <ErrorAlert error={error} />;
  else if (!data) body = <Loading />;
  else if (!figures.length)
    body = <Empty description={t('open.chart.none')} data-testid="open-charts-none" />;
  else
    body = (
      <Row gutter={[24, 24]}>
        {figures.map((f) => (
          <Col key={f.key} xs={24} xl={figures.length > 1 ? 12 : 24}>
            <Figure
              title={f.title}
              data={f.data}
              option={f.line ? lineOption(f.data, f.name) : barOption(f.data, f.name)}
              height={f.line ? 280 : barHeight(f.data)}
            />
          </Col>
        ))}
      </Row>
    );

  return (
    <SectionCard id="open-charts-title" title={t('open.ds.charts')} testId="open-charts">
      {body}
    </SectionCard>
  );
}

/** 地图分布: the points on longitude/latitude axes, for a dataset with 经度/纬度 columns. */
export function DatasetMap({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  const format = useFormatNumber();
  const plan = useMemo(() => planCharts(columnsOf(detail)), [detail]);
  const coordinates = plan.coordinates;
  const { data, error } = useQuery(
    useCallback(
      (signal: AbortSignal) =>
        coordinates
          ? queryOpenDataset(detail.name, mapQuery(coordinates.lon, coordinates.lat, plan.label), signal)
          : Promise.resolve(null),
      [detail.name, coordinates, plan.label],
    ),
  );
  const points = useMemo<MapPoint[]>(
    () =>
      (data?.rows ?? []).flatMap((r, i) => {
        const lon = Number(r._lon);
        const lat = Number(r._lat);
        // 0,0 and out-of-range values are no place.
        if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90)
          return [];
        if (lon === 0 && lat === 0) return [];
        return [
          { id: String(i), name: r._name === null || r._name === undefined ? '' : String(r._name), lon, lat },
        ];
      }),
    [data],
  );
  if (!coordinates) return null;

  let body;
  if (error) body = <ErrorAlert error={error} />;
  else if (!data) body = <Loading />;
  else if (!points.length) body = <Empty description={t('open.map.none')} />;
  else
    body = (
      <figure style={{ margin: 0 }}>
        <figcaption>
          <Typography.Paragraph type="secondary">
            {t('open.map.caption', { n: format(points.length), lon: coordinates.lon, lat: coordinates.lat })}
          </Typography.Paragraph>
        </figcaption>
        <div role="img" aria-label={t('open.map.label', { n: format(points.length) })} data-testid="open-map">
          <GeoMap points={points} height={420} />
        </div>
      </figure>
    );

  return (
    <SectionCard id="open-map-title" title={t('open.ds.map')} testId="open-map-section">
      {body}
    </SectionCard>
  );
}
