import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { listRecords, type ExchangeItem, type HeldRecord } from '../api/exchange';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { useQuery } from '../shared/useQuery';
import { ValueCell } from './values';

const PAGE_SIZE = 50;

/** The records held, in key order, a page at a time (keyset paging: "next" follows the last key seen). */
export function RecordsTab({ resourceId, items }: { resourceId: string; items: ExchangeItem[] }) {
  const t = useT();
  // The cursor of every page shown so far; the last one is the page on screen (undefined: the first page).
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const fetcher = useCallback(
    (signal: AbortSignal) => listRecords(resourceId, { after, limit: PAGE_SIZE }, signal),
    [resourceId, after],
  );
  const { data, error, loading } = useQuery(fetcher);
  const page = cursors.length;
  const first = (page - 1) * PAGE_SIZE + 1;

  const columns: TableColumnsType<HeldRecord> = [
    ...items.map((item) => ({
      title: item.name,
      key: item.name,
      render: (_: unknown, record: HeldRecord) => <ValueCell value={record.data[item.name]} />,
    })),
    { title: t('exchange.record.seq'), dataIndex: 'seq', align: 'right' as const },
    { title: t('exchange.record.updatedAt'), dataIndex: 'updatedAt', render: formatDateTime },
  ];

  return (
    <Flex vertical gap="middle">
      <ErrorAlert error={error} />
      <Table<HeldRecord>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={data?.items}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchange.record.empty')} />,
        }}
        data-testid="records-table"
      />
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Text type="secondary" data-testid="records-range">
          {data && data.items.length > 0
            ? t('exchange.record.range', {
                first: first.toLocaleString(),
                last: (first + data.items.length - 1).toLocaleString(),
                total: data.total.toLocaleString(),
              })
            : t('common.total', { total: (data?.total ?? 0).toLocaleString() })}
        </Typography.Text>
        <Space>
          <Button
            icon={<LeftOutlined />}
            disabled={page === 1 || loading}
            onClick={() => setCursors((previous) => previous.slice(0, -1))}
          >
            {t('exchange.page.previous')}
          </Button>
          <Button
            disabled={!data?.nextCursor || loading}
            onClick={() => {
              const next = data?.nextCursor;
              if (next) setCursors((previous) => [...previous, next]);
            }}
            data-testid="records-next"
          >
            {t('exchange.page.next')} <RightOutlined />
          </Button>
        </Space>
      </Flex>
    </Flex>
  );
}
