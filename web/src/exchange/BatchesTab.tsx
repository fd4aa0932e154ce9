import { Empty, Table, Typography, type TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { listBatches, type Batch } from '../api/exchange';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDateTime } from '../shared/format';
import { usePagedQuery } from '../shared/usePagedQuery';
import { BatchDrawer } from './BatchDrawer';
import { OutcomeTag } from './tags';
import type { PageQuery } from '../api/client';

const count = (value: number) => value.toLocaleString();

/** The ingest history of a resource, newest first; a row opens the batch's error report. */
export function BatchesTab({ resourceId }: { resourceId: string }) {
  const t = useT();
  const [openId, setOpenId] = useState<string | null>(null);
  const fetchPage = useCallback(
    (query: PageQuery, signal: AbortSignal) => listBatches(resourceId, query, signal),
    [resourceId],
  );
  const filters = useMemo(() => ({}), []);
  const list = usePagedQuery(fetchPage, filters);

  const columns: TableColumnsType<Batch> = [
    { title: t('exchange.batch.at'), dataIndex: 'at', render: formatDateTime },
    {
      title: t('exchange.batch.source'),
      dataIndex: 'source',
      render: (_, { source }) => t(`exchange.source.${source}`),
    },
    {
      title: t('exchange.batch.mode'),
      dataIndex: 'mode',
      render: (_, { mode, onError }) => `${t(`exchange.mode.${mode}`)} · ${t(`exchange.onError.${onError}`)}`,
    },
    {
      title: t('exchange.batch.outcome'),
      dataIndex: 'outcome',
      render: (_, { outcome }) => <OutcomeTag outcome={outcome} />,
    },
    { title: t('exchange.count.received'), dataIndex: 'received', align: 'right', render: count },
    {
      title: t('exchange.count.inserted'),
      dataIndex: 'inserted',
      align: 'right',
      render: (value: number) => <span data-testid="batch-inserted">{count(value)}</span>,
    },
    { title: t('exchange.count.updated'), dataIndex: 'updated', align: 'right', render: count },
    { title: t('exchange.count.unchanged'), dataIndex: 'unchanged', align: 'right', render: count },
    { title: t('exchange.count.deleted'), dataIndex: 'deleted', align: 'right', render: count },
    {
      title: t('exchange.count.rejected'),
      dataIndex: 'rejected',
      align: 'right',
      render: (value: number) =>
        value > 0 ? <Typography.Text type="danger">{count(value)}</Typography.Text> : 0,
    },
    {
      title: t('exchange.batch.seq'),
      key: 'seq',
      render: (_, { firstSeq, lastSeq }) =>
        firstSeq === null ? EMPTY : `${firstSeq} – ${lastSeq ?? firstSeq}`,
    },
    {
      title: t('exchange.batch.actor'),
      dataIndex: 'actorName',
      render: (name: string | null) => name ?? EMPTY,
    },
    {
      title: t('exchange.batch.duration'),
      dataIndex: 'durationMs',
      align: 'right',
      render: (ms: number) => t('exchange.ms', { ms: ms.toLocaleString() }),
    },
  ];

  return (
    <>
      <ErrorAlert error={list.error} />
      <Table<Batch>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        onRow={(batch) => ({ onClick: () => setOpenId(batch.id), style: { cursor: 'pointer' } })}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchange.batch.empty')} />,
        }}
        data-testid="batch-table"
      />
      {openId && <BatchDrawer batchId={openId} onClose={() => setOpenId(null)} />}
    </>
  );
}
