import { Descriptions, Drawer, Empty, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback } from 'react';
import { listDeliveries, type Delivery, type Subscription } from '../api/exchange';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDateTime } from '../shared/format';
import { useQuery } from '../shared/useQuery';
import { PullExample } from './PullExample';
import { DeliveryOutcomeTag, SubscriptionStatusTag } from './tags';

const RECENT = 50;

function Deliveries({ subscriptionId }: { subscriptionId: string }) {
  const t = useT();
  const fetcher = useCallback(
    (signal: AbortSignal) => listDeliveries(subscriptionId, RECENT, signal),
    [subscriptionId],
  );
  const { data, error, loading } = useQuery(fetcher);
  const columns: TableColumnsType<Delivery> = [
    { title: t('exchange.delivery.at'), dataIndex: 'at', render: formatDateTime },
    {
      title: t('exchange.delivery.mode'),
      dataIndex: 'mode',
      render: (_, { mode }) => t(`exchange.subscriptionMode.${mode}`),
    },
    {
      title: t('exchange.delivery.seq'),
      key: 'seq',
      render: (_, { fromSeq, toSeq }) => `${fromSeq} – ${toSeq}`,
    },
    { title: t('exchange.delivery.changes'), dataIndex: 'changes', align: 'right' },
    { title: t('exchange.delivery.attempt'), dataIndex: 'attempt', align: 'right' },
    {
      title: t('exchange.delivery.outcome'),
      dataIndex: 'outcome',
      render: (_, { outcome, statusCode, error: message }) => (
        <Flex vertical gap={2}>
          <span>
            <DeliveryOutcomeTag outcome={outcome} />
            {statusCode !== null && <Typography.Text type="secondary">HTTP {statusCode}</Typography.Text>}
          </span>
          {message && <Typography.Text type="danger">{message}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('exchange.batch.duration'),
      dataIndex: 'durationMs',
      align: 'right',
      render: (ms: number) => t('exchange.ms', { ms }),
    },
  ];
  return (
    <>
      <ErrorAlert error={error} />
      <Table<Delivery>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data}
        loading={loading}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchange.delivery.empty')} />
          ),
        }}
        data-testid="subscription-deliveries"
      />
    </>
  );
}

/** A subscription's settings and cursor, its recent deliveries, and for pull how to call the API. */
export function SubscriptionDrawer({
  subscription,
  onClose,
}: {
  subscription: Subscription;
  onClose: () => void;
}) {
  const t = useT();
  const s = subscription;
  return (
    <Drawer open size={760} title={s.resourceName} onClose={onClose} data-testid="subscription-drawer">
      <Flex vertical gap="large">
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'id',
              label: t('exchange.subscription.id'),
              span: 'filled',
              children: (
                <Typography.Text copyable code>
                  {s.id}
                </Typography.Text>
              ),
            },
            {
              key: 'provider',
              label: t('exchange.subscription.provider'),
              children: s.providerDepartmentName,
            },
            {
              key: 'consumer',
              label: t('exchange.subscription.consumer'),
              children: s.consumerDepartmentName,
            },
            {
              key: 'mode',
              label: t('exchange.subscription.mode'),
              children: t(`exchange.subscriptionMode.${s.mode}`),
            },
            {
              key: 'status',
              label: t('exchange.subscription.status'),
              children: <SubscriptionStatusTag status={s.status} />,
            },
            ...(s.webhookUrl
              ? [
                  {
                    key: 'url',
                    label: t('exchange.subscription.webhookUrl'),
                    span: 'filled' as const,
                    children: <Typography.Text code>{s.webhookUrl}</Typography.Text>,
                  },
                ]
              : []),
            {
              key: 'items',
              label: t('exchange.subscription.items'),
              span: 'filled',
              children: s.items ? (
                <Flex wrap gap={4}>
                  {s.items.map((name) => (
                    <Tag key={name}>{name}</Tag>
                  ))}
                </Flex>
              ) : (
                t('exchange.subscription.allItems')
              ),
            },
            { key: 'acked', label: t('exchange.subscription.ackedSeq'), children: s.ackedSeq },
            { key: 'last', label: t('exchange.subscription.lastSeq'), children: s.lastSeq },
            {
              key: 'lag',
              label: t('exchange.subscription.lag'),
              children:
                s.lag > 0 ? (
                  <Typography.Text type="warning" strong>
                    {s.lag.toLocaleString()}
                  </Typography.Text>
                ) : (
                  0
                ),
            },
            {
              key: 'attempts',
              label: t('exchange.subscription.attempts'),
              children: `${s.attempts} / ${s.maxAttempts}`,
            },
            {
              key: 'lastDelivered',
              label: t('exchange.subscription.lastDeliveredAt'),
              children: formatDateTime(s.lastDeliveredAt),
            },
            {
              key: 'nextAttempt',
              label: t('exchange.subscription.nextAttemptAt'),
              children:
                s.mode === 'webhook' && s.status === 'active' ? formatDateTime(s.nextAttemptAt) : EMPTY,
            },
            { key: 'created', label: t('common.createdAt'), children: formatDateTime(s.createdAt) },
            ...(s.lastError
              ? [
                  {
                    key: 'error',
                    label: t('exchange.subscription.lastError'),
                    span: 'filled' as const,
                    children: <Typography.Text type="danger">{s.lastError}</Typography.Text>,
                  },
                ]
              : []),
          ]}
        />
        {s.mode === 'pull' && (
          <div>
            <Typography.Title level={5}>{t('exchange.pull.title')}</Typography.Title>
            <PullExample subscriptionId={s.id} />
          </div>
        )}
        <div>
          <Typography.Title level={5}>{t('exchange.delivery.title')}</Typography.Title>
          <Deliveries subscriptionId={s.id} />
        </div>
      </Flex>
    </Drawer>
  );
}
