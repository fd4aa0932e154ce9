import {
  ApartmentOutlined,
  CloudDownloadOutlined,
  CloudUploadOutlined,
  DatabaseOutlined,
  NotificationOutlined,
  ShareAltOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { Card, Col, DatePicker, Empty, Flex, Row, Statistic, Table, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { DepartmentSelect } from '../admin/DepartmentSelect';
import { getExchangeStats, type StatsTotals } from '../api/exchange';
import { useT } from '../i18n/context';
import { FigureGrid } from './FigureGrid';
import type { MessageKey } from '../i18n/zh';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { byDepartment, DailyChart, TopDepartmentsChart, type DepartmentFigure } from './StatsCharts';

interface Figure {
  key: keyof StatsTotals;
  title: MessageKey;
  icon: ReactNode;
  /** Shown under the figure: whether it counts the chosen days or everything so far. */
  hint: MessageKey;
}

const FIGURES: Figure[] = [
  {
    key: 'recordsHeld',
    title: 'exchange.stats.recordsHeld',
    icon: <DatabaseOutlined />,
    hint: 'exchange.stats.now',
  },
  {
    key: 'recordsReceived',
    title: 'exchange.stats.recordsReceived',
    icon: <CloudUploadOutlined />,
    hint: 'exchange.stats.inRange',
  },
  {
    key: 'recordsDelivered',
    title: 'exchange.stats.recordsDelivered',
    icon: <CloudDownloadOutlined />,
    hint: 'exchange.stats.inRange',
  },
  {
    key: 'exchanges',
    title: 'exchange.stats.exchanges',
    icon: <SwapOutlined />,
    hint: 'exchange.stats.inRange',
  },
  {
    key: 'cumulativeShared',
    title: 'exchange.stats.cumulativeShared',
    icon: <ShareAltOutlined />,
    hint: 'exchange.stats.sinceStart',
  },
  {
    key: 'resourcesWithData',
    title: 'exchange.stats.resourcesWithData',
    icon: <ApartmentOutlined />,
    hint: 'exchange.stats.now',
  },
  {
    key: 'subscriptions',
    title: 'exchange.stats.subscriptions',
    icon: <NotificationOutlined />,
    hint: 'exchange.stats.now',
  },
];

type Range = [Dayjs, Dayjs];

const DEFAULT_DAYS = 30;
const defaultRange = (): Range => [
  dayjs()
    .subtract(DEFAULT_DAYS - 1, 'day')
    .startOf('day'),
  dayjs().startOf('day'),
];

export default function ExchangeStatsPage() {
  const t = useT();
  const [range, setRange] = useState<Range>(defaultRange);
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');

  const fetcher = useCallback(
    (signal: AbortSignal) => getExchangeStats({ from, to, departmentId }, signal),
    [from, to, departmentId],
  );
  const { data, error, loading } = useQuery(fetcher);
  const pending = loading && !data;
  const departments = useMemo(() => (data ? byDepartment(data) : []), [data]);

  const columns: TableColumnsType<DepartmentFigure> = [
    { title: t('exchange.department'), dataIndex: 'departmentName' },
    {
      title: t('exchange.stats.recordsHeld'),
      dataIndex: 'recordsHeld',
      align: 'right',
      sorter: (a, b) => a.recordsHeld - b.recordsHeld,
      defaultSortOrder: 'descend',
      render: (value: number) => value.toLocaleString(),
    },
    {
      title: t('exchange.stats.recordsReceived'),
      dataIndex: 'recordsReceived',
      align: 'right',
      sorter: (a, b) => a.recordsReceived - b.recordsReceived,
      render: (value: number) => value.toLocaleString(),
    },
    {
      title: t('exchange.stats.recordsDelivered'),
      dataIndex: 'recordsDelivered',
      align: 'right',
      sorter: (a, b) => a.recordsDelivered - b.recordsDelivered,
      render: (value: number) => value.toLocaleString(),
    },
    {
      title: t('exchange.stats.exchanges'),
      dataIndex: 'exchanges',
      align: 'right',
      sorter: (a, b) => a.exchanges - b.exchanges,
      render: (value: number) => value.toLocaleString(),
    },
    {
      title: t('exchange.stats.cumulativeShared'),
      dataIndex: 'cumulativeShared',
      align: 'right',
      sorter: (a, b) => a.cumulativeShared - b.cumulativeShared,
      render: (value: number) => value.toLocaleString(),
    },
  ];

  return (
    <Page
      title={t('exchange.stats.title')}
      extra={
        <Flex gap="small" wrap>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            disabledDate={(day) => day.isAfter(dayjs(), 'day')}
            presets={[7, 30, 90, 365].map((days) => ({
              label: t('exchange.stats.lastDays', { days }),
              value: [dayjs().subtract(days - 1, 'day'), dayjs()] as Range,
            }))}
            onChange={(next) => {
              if (next?.[0] && next[1]) setRange([next[0], next[1]]);
            }}
            data-testid="stats-range"
          />
          <DepartmentSelect
            value={departmentId}
            onChange={setDepartmentId}
            placeholder={t('exchange.allDepartments')}
            style={{ width: 240 }}
            data-testid="stats-department"
          />
        </Flex>
      }
    >
      <ErrorAlert error={error} />
      <FigureGrid>
        {FIGURES.map((figure) => (
          <div key={figure.key}>
            <Card size="small">
              <Statistic
                title={t(figure.title)}
                prefix={figure.icon}
                value={data?.totals[figure.key]}
                loading={pending}
                data-testid={`exchange-stat-${figure.key}`}
              />
              <div style={{ fontSize: 12, opacity: 0.55 }}>{t(figure.hint)}</div>
            </Card>
          </div>
        ))}
      </FigureGrid>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('exchange.stats.daily')} loading={pending}>
            <div data-testid="stats-daily-chart">{data && <DailyChart report={data} />}</div>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('exchange.stats.topDepartments')} loading={pending}>
            <div data-testid="stats-top-chart">
              {departments.some(({ recordsHeld }) => recordsHeld > 0) ? (
                <TopDepartmentsChart departments={departments} />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchange.stats.noData')} />
              )}
            </div>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('exchange.stats.byDepartment')}>
        <Table<DepartmentFigure>
          rowKey="departmentId"
          size="small"
          columns={columns}
          dataSource={departments}
          loading={loading}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchange.stats.noData')} />
            ),
          }}
          data-testid="stats-department-table"
        />
      </Card>
    </Page>
  );
}
