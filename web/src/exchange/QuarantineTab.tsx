import { App, Button, Empty, Flex, Popconfirm, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import {
  discardQuarantined,
  listQuarantine,
  type ExchangeResourceDetail,
  type Quarantined,
} from '../api/exchange';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { useErrorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { usePagedQuery } from '../shared/usePagedQuery';
import { QuarantineEditModal } from './QuarantineEditModal';
import { RuleTag } from './tags';
import { RecordInline } from './values';
import type { PageQuery } from '../api/client';

interface QuarantineTabProps {
  resource: ExchangeResourceDetail;
  canFix: boolean;
  /** A row was resubmitted or discarded: refresh the resource's figures. */
  onChanged: () => void;
}

/** Rows set aside by onError=quarantine: the steward corrects and resubmits them, or discards them. */
export function QuarantineTab({ resource, canFix, onChanged }: QuarantineTabProps) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Quarantined | null>(null);
  const fetchPage = useCallback(
    (query: PageQuery, signal: AbortSignal) => listQuarantine(resource.id, query, signal),
    [resource.id],
  );
  const filters = useMemo(() => ({}), []);
  const list = usePagedQuery(fetchPage, filters);

  const changed = () => {
    list.reload();
    onChanged();
  };

  const discard = async (row: Quarantined) => {
    try {
      await discardQuarantined(row.id);
      void message.success(t('exchange.quarantine.discarded', { row: row.row }));
      changed();
    } catch (error) {
      void message.error(describe(error));
    }
  };

  const columns: TableColumnsType<Quarantined> = [
    { title: t('exchange.error.row'), dataIndex: 'row', width: 70 },
    {
      title: t('exchange.quarantine.errors'),
      dataIndex: 'errors',
      render: (_, { errors }) => (
        <Flex vertical gap={4} style={{ maxWidth: 460, whiteSpace: 'normal' }}>
          {errors.map((error, index) => (
            <div key={index}>
              <RuleTag code={error.code} />
              <Typography.Text type="secondary">{error.message}</Typography.Text>
            </div>
          ))}
        </Flex>
      ),
    },
    {
      title: t('exchange.quarantine.raw'),
      dataIndex: 'raw',
      render: (_, { raw }) => <RecordInline data={raw} max={4} maxWidth={300} />,
    },
    { title: t('exchange.quarantine.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
  ];
  if (canFix) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(row)} data-testid="quarantine-edit">
            {t('exchange.quarantine.fix')}
          </Button>
          <Popconfirm
            title={t('exchange.quarantine.discardConfirm', { row: row.row })}
            okButtonProps={{ danger: true }}
            onConfirm={() => discard(row)}
          >
            <Button type="link" size="small" danger data-testid="quarantine-discard">
              {t('exchange.quarantine.discard')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <>
      <ErrorAlert error={list.error} />
      <Table<Quarantined>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchange.quarantine.empty')} />
          ),
        }}
        data-testid="quarantine-table"
      />
      {editing && (
        <QuarantineEditModal
          row={editing}
          items={resource.items}
          onClose={() => setEditing(null)}
          onResubmitted={() => {
            setEditing(null);
            void message.success(t('exchange.quarantine.resubmitted', { row: editing.row }));
            changed();
          }}
        />
      )}
    </>
  );
}
