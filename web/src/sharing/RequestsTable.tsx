import {
  Empty,
  Flex,
  Table,
  Typography,
  theme,
  type TableColumnsType,
  type TablePaginationConfig,
} from 'antd';
import type { HTMLAttributes } from 'react';
import { useT } from '../i18n/context';
import { formatDateTime } from '../shared/format';
import { RequestStatusTag } from './tags';
import { Deadline, isOpen } from './values';
import type { AccessRequest } from '../api/sharing';

/** Columns a request list may show besides the resource, status and deadline. */
export type RequestColumn = 'provider' | 'consumer' | 'createdBy';

interface RequestsTableProps {
  items: AccessRequest[];
  loading: boolean;
  pagination: TablePaginationConfig;
  columns: readonly RequestColumn[];
  onOpen: (id: string) => void;
  emptyText: string;
  testId: string;
}

/** A page of requests: click one to open it; overdue ones are highlighted. */
export function RequestsTable({
  items,
  loading,
  pagination,
  columns: shown,
  onOpen,
  emptyText,
  testId,
}: RequestsTableProps) {
  const t = useT();
  const { token } = theme.useToken();
  const columns: TableColumnsType<AccessRequest> = [
    {
      title: t('sharing.request.resource'),
      dataIndex: 'resourceName',
      render: (_, r) => (
        <Flex vertical>
          <Typography.Link onClick={() => onOpen(r.id)} data-testid="request-open">
            {r.resourceName}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.resourceCode}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(shown.includes('provider')
      ? [{ title: t('sharing.request.provider'), dataIndex: 'providerDepartmentName' }]
      : []),
    ...(shown.includes('consumer')
      ? [{ title: t('sharing.request.consumer'), dataIndex: 'consumerDepartmentName' }]
      : []),
    {
      title: t('sharing.request.items'),
      key: 'items',
      align: 'right',
      render: (_, r) => (
        <Typography.Text>
          {t('sharing.request.itemCount', { count: r.items.length })}
          {r.sensitiveItems.length > 0 && (
            <Typography.Text type="warning">
              {' '}
              {t('sharing.request.sensitiveCount', { count: r.sensitiveItems.length })}
            </Typography.Text>
          )}
        </Typography.Text>
      ),
    },
    {
      title: t('sharing.request.status'),
      dataIndex: 'status',
      render: (_, r) => <RequestStatusTag status={r.status} />,
    },
    { title: t('sharing.request.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
    ...(shown.includes('createdBy')
      ? [{ title: t('sharing.request.createdBy'), dataIndex: 'createdBy' }]
      : []),
    {
      title: t('sharing.request.due'),
      dataIndex: 'dueAt',
      render: (_, r) => (isOpen(r) ? <Deadline request={r} /> : formatDateTime(r.dueAt)),
    },
  ];

  return (
    <Table<AccessRequest>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 'max-content' }}
      onRow={(r) =>
        ({
          'data-overdue': r.overdue ? 'true' : undefined,
          'data-status': r.status,
          style: r.overdue ? { background: token.colorErrorBg } : undefined,
        }) as HTMLAttributes<HTMLElement>
      }
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      data-testid={testId}
    />
  );
}
