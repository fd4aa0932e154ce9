import { ArrowLeftOutlined, DownloadOutlined, LinkOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Segmented, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useI18n } from '../i18n/context';
import { EChart } from '../shared/EChart';
import type { ChartOption } from '../shared/echarts';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { getSeries, sdmxDataUrl, type Freq, type Series } from './api';
import { RevisionHistory } from './RevisionHistory';

const FREQS: Freq[] = ['A', 'Q', 'M'];

interface Row {
  period: string;
  cells: Record<string, { value: number; status: string; revision: number }>;
}

/** Periods as rows, regions as columns: the shape of a statistical table. */
function pivot(series: Series): Row[] {
  const rows = new Map<string, Row>();
  for (const s of series.series)
    for (const o of s.observations) {
      const row = rows.get(o.period) ?? { period: o.period, cells: {} };
      row.cells[s.region] = { value: o.value, status: o.status, revision: o.revision };
      rows.set(o.period, row);
    }
  return [...rows.values()].sort((a, b) => b.period.localeCompare(a.period));
}

/** One indicator: a line per region, the table, and the SDMX address that gives the same data. */
export default function IndicatorPage() {
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const freq = (FREQS as string[]).includes(params.get('freq') ?? '')
    ? (params.get('freq') as Freq)
    : undefined;
  const { t, language } = useI18n();
  const { data, error } = useQuery(
    useCallback((signal: AbortSignal) => getSeries(code, freq, signal), [code, freq]),
  );

  const chart = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    const periods = [...new Set(data.series.flatMap((s) => s.observations.map((o) => o.period)))].sort();
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value', name: data.indicator.unit, scale: true },
      series: data.series.map((s) => {
        const byPeriod = new Map(s.observations.map((o) => [o.period, o.value]));
        return {
          type: 'line',
          name: s.regionName,
          showSymbol: periods.length <= 24,
          data: periods.map((p) => byPeriod.get(p) ?? null),
        };
      }),
    };
  }, [data]);

  const columns = useMemo<TableColumnsType<Row>>(() => {
    if (!data) return [];
    return [
      { title: t('economy.series.period'), dataIndex: 'period', key: 'period', fixed: 'left' },
      ...data.series.map((s) => ({
        title: s.regionName,
        key: s.region,
        align: 'right' as const,
        render: (_: unknown, row: Row) => {
          const cell = row.cells[s.region];
          if (!cell) return null;
          return (
            <Space size={4}>
              {cell.revision > 1 && (
                <RevisionHistory code={code} freq={data.freq} region={s.region} period={row.period} />
              )}
              <span>{cell.value.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US')}</span>
              {cell.status !== 'A' && <Typography.Text type="secondary">({cell.status})</Typography.Text>}
            </Space>
          );
        },
      })),
    ];
  }, [data, t, language, code]);

  if (error) return <ErrorAlert error={error} />;
  if (!data) return <Loading />;
  const name = language === 'zh' ? data.indicator.nameZh : data.indicator.nameEn;
  const jsonUrl = sdmxDataUrl(data.sdmxKey, 'json');
  const address = `${window.location.origin}${sdmxDataUrl(data.sdmxKey)}`;
  return (
    <Page
      title={`${name}（${data.indicator.unit}）`}
      extra={
        <Link to="/economy">
          <Button icon={<ArrowLeftOutlined />}>{t('economy.back')}</Button>
        </Link>
      }
    >
      <Flex wrap gap="small" align="center">
        <Segmented<Freq>
          value={data.freq}
          options={data.indicator.frequencies.map((f) => ({ value: f, label: t(`economy.freq.${f}`) }))}
          onChange={(value) => setParams({ freq: value })}
        />
        <Typography.Text type="secondary">
          {t('economy.department')}：{data.indicator.department}
        </Typography.Text>
      </Flex>
      <Card title={t('economy.series.chart')}>
        {chart && data.series.length ? (
          <EChart option={chart} height={360} />
        ) : (
          <Empty description={t('economy.series.empty')} />
        )}
      </Card>
      <Card title={t('economy.sdmx.title')}>
        <Typography.Paragraph type="secondary">{t('economy.sdmx.hint')}</Typography.Paragraph>
        <Typography.Paragraph
          copyable={{ text: address }}
          code
          data-testid="economy-sdmx-url"
          style={{ wordBreak: 'break-all' }}
        >
          {address}
        </Typography.Paragraph>
        <Space wrap>
          <a href={sdmxDataUrl(data.sdmxKey, 'csv')} download={`${data.indicator.code}_${data.freq}.csv`}>
            <Button icon={<DownloadOutlined />}>{t('economy.sdmx.csv')}</Button>
          </a>
          <a href={jsonUrl} target="_blank" rel="noreferrer">
            <Button icon={<LinkOutlined />}>{t('economy.sdmx.json')}</Button>
          </a>
        </Space>
      </Card>
      <Card title={t('economy.series.table')}>
        <Table<Row>
          rowKey="period"
          size="small"
          columns={columns}
          dataSource={pivot(data)}
          pagination={{ pageSize: 24, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </Page>
  );
}
