import { LeftOutlined, RightOutlined, VerticalLeftOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, InputNumber, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { listChanges, type Change } from '../api/exchange';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { useQuery } from '../shared/useQuery';
import { OpTag } from './tags';
import { RecordInline, valueText } from './values';

const PAGE_SIZE = 50;

/** The resource's change log in seq order, a page after a cursor (the last seq seen). */
export function ChangesTab({ resourceId }: { resourceId: string }) {
  const t = useT();
  const [after, setAfter] = useState(0);
  const [jump, setJump] = useState<number | null>(null);
  const fetcher = useCallback(
    (signal: AbortSignal) => listChanges(resourceId, { after, limit: PAGE_SIZE }, signal),
    [resourceId, after],
  );
  const { data, error, loading } = useQuery(fetcher);
  const lastSeq = data?.lastSeq ?? 0;

  const columns: TableColumnsType<Change> = [
    { title: t('exchange.change.seq'), dataIndex: 'seq', align: 'right', width: 90 },
    { title: t('exchange.change.op'), dataIndex: 'op', render: (_, { op }) => <OpTag op={op} /> },
    {
      title: t('exchange.change.key'),
      dataIndex: 'key',
      render: (key: unknown[]) => <Typography.Text code>{key.map(valueText).join(' / ')}</Typography.Text>,
    },
    {
      title: t('exchange.change.data'),
      dataIndex: 'data',
      render: (_, { data }) => <RecordInline data={data} />,
    },
    { title: t('exchange.change.at'), dataIndex: 'at', render: formatDateTime },
  ];

  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Text type="secondary" data-testid="changes-head">
          {t('exchange.change.head', { after, last: lastSeq })}
        </Typography.Text>
        <Space.Compact>
          <InputNumber<number>
            min={0}
            max={lastSeq}
            precision={0}
            value={jump}
            onChange={setJump}
            placeholder={t('exchange.change.afterSeq')}
            style={{ width: 160 }}
          />
          <Button onClick={() => jump !== null && setAfter(Math.min(jump, lastSeq))}>
            {t('exchange.change.go')}
          </Button>
        </Space.Compact>
      </Flex>
      <ErrorAlert error={error} />
      <Table<Change>
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={data?.changes}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchange.change.empty')} />,
        }}
        data-testid="changes-table"
      />
      <Flex justify="flex-end">
        <Space wrap>
          <Button
            icon={<VerticalRightOutlined />}
            disabled={after === 0 || loading}
            onClick={() => setAfter(0)}
          >
            {t('exchange.page.first')}
          </Button>
          <Button
            icon={<LeftOutlined />}
            disabled={after === 0 || loading}
            onClick={() => setAfter(Math.max(0, after - PAGE_SIZE))}
          >
            {t('exchange.page.previous')}
          </Button>
          <Button
            disabled={!data || data.nextCursor >= lastSeq || loading}
            onClick={() => data && setAfter(data.nextCursor)}
            data-testid="changes-next"
          >
            {t('exchange.page.next')} <RightOutlined />
          </Button>
          <Button
            disabled={!data || data.nextCursor >= lastSeq || loading}
            onClick={() => setAfter(Math.max(0, lastSeq - PAGE_SIZE))}
          >
            {t('exchange.page.latest')} <VerticalLeftOutlined />
          </Button>
        </Space>
      </Flex>
    </Flex>
  );
}
