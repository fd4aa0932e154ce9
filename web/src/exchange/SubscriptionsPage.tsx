import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  deleteSubscription,
  listSubscriptions,
  patchSubscription,
  type Subscription,
  type SubscriptionCreated,
  type SubscriptionStatus,
} from '../api/exchange';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { useErrorMessage } from '../shared/errors';
import { EMPTY, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { useExchangeAccess } from './exchangeAccess';
import { SubscriptionCreatedModal } from './SubscriptionCreatedModal';
import { SubscriptionCreateModal } from './SubscriptionCreateModal';
import { SubscriptionDrawer } from './SubscriptionDrawer';
import { SubscriptionStatusTag } from './tags';

type Dialog =
  { kind: 'create' } | { kind: 'created'; created: SubscriptionCreated } | { kind: 'details'; id: string };

const STATUSES: SubscriptionStatus[] = ['active', 'paused', 'dead'];

function SubscriptionActions({
  subscription,
  onChanged,
}: {
  subscription: Subscription;
  onChanged: () => void;
}) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      void message.success(done);
      onChanged();
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(false);
    }
  };
  const paused = subscription.status === 'paused';
  return (
    <Space size={0} onClick={(event) => event.stopPropagation()}>
      {subscription.status === 'dead' && (
        <Link to="/exchange/dead-letters">
          <Button type="link" size="small">
            {t('exchange.deadLetter.redeliver')}
          </Button>
        </Link>
      )}
      {subscription.status !== 'dead' && (
        <Button
          type="link"
          size="small"
          loading={busy}
          onClick={() =>
            void run(
              () => patchSubscription(subscription.id, { status: paused ? 'active' : 'paused' }),
              t(paused ? 'exchange.subscription.resumed' : 'exchange.subscription.paused'),
            )
          }
          data-testid={paused ? 'subscription-resume' : 'subscription-pause'}
        >
          {t(paused ? 'exchange.subscription.resume' : 'exchange.subscription.pause')}
        </Button>
      )}
      <Popconfirm
        title={t('exchange.subscription.deleteConfirm', { consumer: subscription.consumerDepartmentName })}
        okButtonProps={{ danger: true }}
        onConfirm={() => run(() => deleteSubscription(subscription.id), t('exchange.subscription.deleted'))}
      >
        <Button type="link" size="small" danger disabled={busy} data-testid="subscription-delete">
          {t('exchange.subscription.delete')}
        </Button>
      </Popconfirm>
    </Space>
  );
}

export default function SubscriptionsPage() {
  const t = useT();
  const access = useExchangeAccess();
  const fetcher = useCallback((signal: AbortSignal) => listSubscriptions({}, signal), []);
  const { data, error, loading, reload } = useQuery(fetcher);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [search, setSearch] = useState('');

  const rows = useMemo(() => {
    const q = search.trim();
    return (data ?? []).filter(
      (s) =>
        !q ||
        s.resourceName.includes(q) ||
        s.resourceCode.includes(q) ||
        s.providerDepartmentName.includes(q) ||
        s.consumerDepartmentName.includes(q),
    );
  }, [data, search]);
  const details = dialog?.kind === 'details' ? data?.find(({ id }) => id === dialog.id) : undefined;

  const columns: TableColumnsType<Subscription> = [
    {
      title: t('exchange.subscription.resource'),
      dataIndex: 'resourceName',
      render: (_, s) => (
        <Flex vertical>
          <Typography.Link
            onClick={() => setDialog({ kind: 'details', id: s.id })}
            data-testid="subscription-open"
          >
            {s.resourceName}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.resourceCode}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('exchange.subscription.provider'), dataIndex: 'providerDepartmentName' },
    { title: t('exchange.subscription.consumer'), dataIndex: 'consumerDepartmentName' },
    {
      title: t('exchange.subscription.mode'),
      dataIndex: 'mode',
      render: (_, { mode, webhookUrl }) => {
        const tag = (
          <Tag color={mode === 'webhook' ? 'purple' : 'cyan'}>{t(`exchange.subscriptionMode.${mode}`)}</Tag>
        );
        return webhookUrl ? <Tooltip title={webhookUrl}>{tag}</Tooltip> : tag;
      },
    },
    {
      title: t('exchange.subscription.items'),
      dataIndex: 'items',
      render: (_, { items }) =>
        items ? (
          <Tooltip title={items.join('、')}>
            {t('exchange.subscription.itemCount', { count: items.length })}
          </Tooltip>
        ) : (
          t('exchange.subscription.allItems')
        ),
    },
    {
      title: t('exchange.subscription.status'),
      dataIndex: 'status',
      filters: STATUSES.map((status) => ({
        text: t(`exchange.subscriptionStatus.${status}`),
        value: status,
      })),
      onFilter: (value, s) => s.status === value,
      render: (_, { status }) => <SubscriptionStatusTag status={status} />,
    },
    {
      title: t('exchange.subscription.seqs'),
      key: 'seqs',
      align: 'right',
      render: (_, { ackedSeq, lastSeq }) => `${ackedSeq.toLocaleString()} / ${lastSeq.toLocaleString()}`,
    },
    {
      title: t('exchange.subscription.lag'),
      dataIndex: 'lag',
      align: 'right',
      sorter: (a, b) => a.lag - b.lag,
      render: (lag: number) =>
        lag > 0 ? (
          <Tag color="warning" data-testid="subscription-lag" data-lag={lag}>
            {lag.toLocaleString()}
          </Tag>
        ) : (
          <span data-testid="subscription-lag" data-lag={0}>
            0
          </span>
        ),
    },
    {
      title: t('exchange.subscription.attempts'),
      key: 'attempts',
      align: 'right',
      render: (_, { attempts, maxAttempts }) => (attempts > 0 ? `${attempts} / ${maxAttempts}` : 0),
    },
    {
      title: t('exchange.subscription.lastError'),
      dataIndex: 'lastError',
      render: (message: string | null) =>
        message ? (
          <Typography.Text type="danger" style={{ maxWidth: 160 }} ellipsis={{ tooltip: message }}>
            {message}
          </Typography.Text>
        ) : (
          EMPTY
        ),
    },
    {
      title: t('exchange.subscription.lastDeliveredAt'),
      dataIndex: 'lastDeliveredAt',
      render: formatDateTime,
    },
  ];
  if (access.canSubscribeAny) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, s) =>
        access.canSubscribe(s.consumerDepartmentId) ? (
          <SubscriptionActions subscription={s} onChanged={reload} />
        ) : null,
    });
  }

  return (
    <Page
      title={t('exchange.subscriptions.title')}
      extra={
        access.canSubscribeAny && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ kind: 'create' })}
            data-testid="subscription-create"
          >
            {t('exchange.subscription.new')}
          </Button>
        )
      }
    >
      <Card>
        <Flex vertical gap="middle">
          <Flex gap="middle" wrap justify="space-between">
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('exchange.subscriptions.search')}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              style={{ width: 320 }}
            />
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading && data !== undefined}>
              {t('exchange.refresh')}
            </Button>
          </Flex>
          <ErrorAlert error={error} />
          <Table<Subscription>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={loading && data === undefined}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchange.subscriptions.empty')} />
              ),
            }}
            data-testid="subscription-table"
          />
        </Flex>
      </Card>
      {dialog?.kind === 'create' && (
        <SubscriptionCreateModal
          onClose={() => setDialog(null)}
          onCreated={(created) => {
            setDialog({ kind: 'created', created });
            reload();
          }}
        />
      )}
      {dialog?.kind === 'created' && (
        <SubscriptionCreatedModal created={dialog.created} onClose={() => setDialog(null)} />
      )}
      {details && <SubscriptionDrawer subscription={details} onClose={() => setDialog(null)} />}
    </Page>
  );
}
