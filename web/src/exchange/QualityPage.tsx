import { Card, Empty, Flex, Progress, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { DepartmentSelect } from '../admin/DepartmentSelect';
import { getQuality, type QualityRow } from '../api/exchange';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { useExchangeAccess } from './exchangeAccess';
import { exchangeResourceLink } from './links';
import { RuleCounts } from './tags';

const DAYS = [7, 30, 90, 180, 365];

/** Error rate as a percentage with one decimal, and a colour: green under 1 %, orange under 5 %, red above. */
function rateStatus(rate: number): 'success' | 'normal' | 'exception' {
  if (rate < 0.01) return 'success';
  return rate < 0.05 ? 'normal' : 'exception';
}

export default function QualityPage() {
  const t = useT();
  const { cityWide } = useExchangeAccess();
  const [days, setDays] = useState(30);
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const fetcher = useCallback(
    (signal: AbortSignal) => getQuality({ days, departmentId }, signal),
    [days, departmentId],
  );
  const { data, error, loading } = useQuery(fetcher);

  const columns: TableColumnsType<QualityRow> = [
    {
      title: t('exchange.subscription.resource'),
      dataIndex: 'resourceName',
      render: (name: string, row) => <Link to={exchangeResourceLink(row.resourceId)}>{name}</Link>,
    },
    { title: t('exchange.department'), dataIndex: 'departmentName' },
    {
      title: t('exchange.quality.batches'),
      dataIndex: 'batches',
      align: 'right',
      render: (_, { batches, rejectedBatches }) =>
        rejectedBatches > 0 ? (
          <span>
            {batches.toLocaleString()}{' '}
            <Tag color="error">{t('exchange.quality.rejectedBatches', { count: rejectedBatches })}</Tag>
          </span>
        ) : (
          batches.toLocaleString()
        ),
    },
    {
      title: t('exchange.quality.rowsReceived'),
      dataIndex: 'rowsReceived',
      align: 'right',
      sorter: (a, b) => a.rowsReceived - b.rowsReceived,
      render: (n: number) => n.toLocaleString(),
    },
    {
      title: t('exchange.quality.rowsRejected'),
      dataIndex: 'rowsRejected',
      align: 'right',
      sorter: (a, b) => a.rowsRejected - b.rowsRejected,
      render: (n: number) => n.toLocaleString(),
    },
    {
      title: t('exchange.quality.errorRate'),
      dataIndex: 'errorRate',
      width: 180,
      sorter: (a, b) => a.errorRate - b.errorRate,
      defaultSortOrder: 'descend',
      render: (rate: number) => (
        <Progress
          percent={Math.round(rate * 1000) / 10}
          status={rateStatus(rate)}
          size="small"
          format={(percent) => `${percent ?? 0}%`}
        />
      ),
    },
    {
      title: t('exchange.quality.byRule'),
      dataIndex: 'byRule',
      render: (_, { byRule }) => <RuleCounts counts={byRule} />,
    },
    {
      title: t('exchange.resource.openQuarantine'),
      dataIndex: 'openQuarantine',
      align: 'right',
      render: (n: number, row) =>
        n > 0 ? (
          <Link to={exchangeResourceLink(row.resourceId, 'quarantine')}>
            <Tag color="warning">{n.toLocaleString()}</Tag>
          </Link>
        ) : (
          0
        ),
    },
  ];

  return (
    <Page
      title={t('exchange.quality.title')}
      extra={
        <Flex gap="small" wrap>
          <Select<number>
            value={days}
            onChange={setDays}
            options={DAYS.map((n) => ({ value: n, label: t('exchange.stats.lastDays', { days: n }) }))}
            style={{ width: 140 }}
            data-testid="quality-days"
          />
          {cityWide && (
            <DepartmentSelect
              value={departmentId}
              onChange={setDepartmentId}
              placeholder={t('exchange.allDepartments')}
              style={{ width: 240 }}
            />
          )}
        </Flex>
      }
    >
      <Card>
        <Flex vertical gap="middle">
          <ErrorAlert error={error} />
          <Table<QualityRow>
            rowKey="resourceId"
            size="middle"
            columns={columns}
            dataSource={data?.resources}
            loading={loading}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={t('exchange.quality.empty', { days })}
                />
              ),
            }}
            data-testid="quality-table"
          />
        </Flex>
      </Card>
    </Page>
  );
}
