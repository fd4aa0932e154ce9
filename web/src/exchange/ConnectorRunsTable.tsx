import { Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useCallback, useMemo } from 'react';
import { listConnectorRuns, type ConnectorRun } from '../api/exchange';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDateTime } from '../shared/format';
import { usePagedQuery } from '../shared/usePagedQuery';
import type { PageQuery } from '../api/client';

const OUTCOME_COLORS: Record<ConnectorRun['outcome'], string> = {
  running: 'processing',
  ok: 'success',
  failed: 'error',
};

/** The connector's runs, newest first. `revision` changes when the list should be read again. */
export function ConnectorRunsTable({ resourceId, revision }: { resourceId: string; revision: number }) {
  const t = useT();
  const fetchPage = useCallback(
    ({ limit, offset }: PageQuery, signal: AbortSignal) =>
      listConnectorRuns(resourceId, { limit, offset }, signal),
    [resourceId],
  );
  // A new filters object reads the list again, from the first page.
  const filters = useMemo(() => ({ revision }), [revision]);
  const list = usePagedQuery(fetchPage, filters);

  const columns: TableColumnsType<ConnectorRun> = [
    { title: t('exchange.connector.startedAt'), dataIndex: 'startedAt', render: formatDateTime },
    {
      title: t('exchange.connector.outcome'),
      dataIndex: 'outcome',
      render: (_, { outcome, error }) => {
        const tag = <Tag color={OUTCOME_COLORS[outcome]}>{t(`exchange.connectorRun.${outcome}`)}</Tag>;
        return error ? <Tooltip title={error}>{tag}</Tooltip> : tag;
      },
    },
    {
      title: t('exchange.connector.rowsRead'),
      dataIndex: 'rowsRead',
      align: 'right',
      render: (n: number) => n.toLocaleString(),
    },
    { title: t('exchange.connector.batches'), dataIndex: 'batches', align: 'right' },
    { title: t('exchange.connector.finishedAt'), dataIndex: 'finishedAt', render: formatDateTime },
    {
      title: t('exchange.connector.highWater'),
      key: 'highWater',
      render: (_, { highWaterBefore, highWaterAfter }) =>
        highWaterAfter ? (
          <Typography.Text code>
            {highWaterBefore && highWaterBefore !== highWaterAfter ? `${highWaterBefore} → ` : ''}
            {highWaterAfter}
          </Typography.Text>
        ) : (
          EMPTY
        ),
    },
    {
      title: t('exchange.connector.error'),
      dataIndex: 'error',
      render: (message: string | null) =>
        message ? (
          <Typography.Text type="danger" style={{ maxWidth: 360 }} ellipsis={{ tooltip: message }}>
            {message}
          </Typography.Text>
        ) : (
          EMPTY
        ),
    },
  ];

  return (
    <>
      <ErrorAlert error={list.error} />
      <Table<ConnectorRun>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={{ ...list.pagination, showSizeChanger: false, hideOnSinglePage: true, size: 'small' }}
        scroll={{ x: 'max-content' }}
        data-testid="connector-runs"
      />
    </>
  );
}
