import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { listApiKeys, type ApiKey, type ApiKeyCreated } from '../../api/apiKeys';
import { useAccess } from '../../auth/access';
import { useT } from '../../i18n/context';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatDate, formatDateTime } from '../../shared/format';
import { Page } from '../../shared/Page';
import { useQuery } from '../../shared/useQuery';
import { ScopedDepartmentSelect } from '../DepartmentSelect';
import { ApiKeyCreateModal } from './ApiKeyCreateModal';
import { ApiKeySecretModal } from './ApiKeySecretModal';
import { keyStatus, STATUS_COLORS } from './keyStatus';
import { RevokeButton } from './RevokeButton';

type Dialog = { kind: 'create' } | { kind: 'secret'; created: ApiKeyCreated };

export default function ApiKeysPage() {
  const t = useT();
  const { can, departmentScope } = useAccess();
  const [departmentId, setDepartmentId] = useState(() =>
    departmentScope === 'all' ? undefined : departmentScope[0]?.id,
  );
  const fetcher = useCallback((signal: AbortSignal) => listApiKeys({ departmentId }, signal), [departmentId]);
  const { data, error, loading, reload } = useQuery(fetcher);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const created = (result: ApiKeyCreated) => {
    setDialog({ kind: 'secret', created: result });
    reload();
  };

  const columns: TableColumnsType<ApiKey> = [
    { title: t('apiKeys.name'), dataIndex: 'name' },
    {
      title: t('apiKeys.prefix'),
      dataIndex: 'prefix',
      render: (prefix: string) => <Typography.Text code>{`tbk_${prefix}_…`}</Typography.Text>,
    },
    { title: t('apiKeys.department'), dataIndex: 'departmentName' },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      render: (_, { createdAt, createdByName }) => (
        <Flex vertical>
          {formatDateTime(createdAt)}
          {createdByName && <Typography.Text type="secondary">{createdByName}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('apiKeys.lastUsed'),
      dataIndex: 'lastUsedAt',
      render: (_, { lastUsedAt }) => (lastUsedAt ? formatDateTime(lastUsedAt) : t('apiKeys.neverUsed')),
    },
    {
      title: t('apiKeys.expiresAt'),
      dataIndex: 'expiresAt',
      render: (_, { expiresAt }) => (expiresAt ? formatDate(expiresAt) : t('apiKeys.noExpiry')),
    },
    {
      title: t('apiKeys.status'),
      key: 'status',
      render: (_, apiKey) => {
        const status = keyStatus(apiKey);
        return <Tag color={STATUS_COLORS[status]}>{t(`apiKeys.status.${status}`)}</Tag>;
      },
    },
  ];
  if (can.manageApiKeys) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, apiKey) => <RevokeButton apiKey={apiKey} onRevoked={reload} />,
    });
  }

  return (
    <Page
      title={t('apiKeys.title')}
      extra={
        can.manageApiKeys && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ kind: 'create' })}
            data-testid="api-key-create"
          >
            {t('apiKeys.create')}
          </Button>
        )
      }
    >
      <Card>
        <Flex vertical gap="middle">
          <ScopedDepartmentSelect
            value={departmentId}
            allowClear={departmentScope === 'all'}
            placeholder={t('apiKeys.department')}
            style={{ width: 280 }}
            onChange={setDepartmentId}
          />
          <ErrorAlert error={error} />
          <Table<ApiKey>
            rowKey="id"
            columns={columns}
            dataSource={data?.items}
            loading={loading}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            data-testid="api-key-table"
          />
        </Flex>
      </Card>
      {dialog?.kind === 'create' && <ApiKeyCreateModal onClose={() => setDialog(null)} onCreated={created} />}
      {dialog?.kind === 'secret' && (
        <ApiKeySecretModal created={dialog.created} onClose={() => setDialog(null)} />
      )}
    </Page>
  );
}
