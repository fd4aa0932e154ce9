import { ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Popconfirm,
  Space,
  Switch,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { listDeadLetters, redeliverDeadLetter, type DeadLetter } from '../api/exchange';
import { useAccess } from '../auth/access';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { useErrorMessage } from '../shared/errors';
import { EMPTY, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { useExchangeAccess } from './exchangeAccess';
import { exchangeResourceLink } from './links';

function RedeliverButton({ letter, onDone }: { letter: DeadLetter; onDone: () => void }) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const redeliver = async () => {
    try {
      await redeliverDeadLetter(letter.id);
      void message.success(t('exchange.deadLetter.redelivered'));
      onDone();
    } catch (error) {
      void message.error(describe(error));
    }
  };
  return (
    <Popconfirm
      title={t('exchange.deadLetter.confirmTitle')}
      description={t('exchange.deadLetter.confirm', {
        consumer: letter.consumerDepartmentName,
        from: letter.fromSeq,
        to: letter.toSeq,
      })}
      onConfirm={redeliver}
    >
      <Button type="link" size="small" data-testid="dead-letter-redeliver">
        {t('exchange.deadLetter.redeliver')}
      </Button>
    </Popconfirm>
  );
}

export default function DeadLettersPage() {
  const t = useT();
  const { can } = useAccess();
  const access = useExchangeAccess();
  const [open, setOpen] = useState(true);
  const fetcher = useCallback((signal: AbortSignal) => listDeadLetters(open, signal), [open]);
  const { data, error, loading, reload } = useQuery(fetcher);
  const mayRedeliver = (letter: DeadLetter) =>
    letter.redeliveredAt === null && access.canSubscribe(letter.consumerDepartmentId);

  const columns: TableColumnsType<DeadLetter> = [
    {
      title: t('exchange.subscription.resource'),
      dataIndex: 'resourceName',
      render: (name: string, letter) =>
        can.viewExchangeData ? <Link to={exchangeResourceLink(letter.resourceId)}>{name}</Link> : name,
    },
    { title: t('exchange.subscription.consumer'), dataIndex: 'consumerDepartmentName' },
    {
      title: t('exchange.deadLetter.seq'),
      key: 'seq',
      render: (_, { fromSeq, toSeq }) => `${fromSeq} – ${toSeq}`,
    },
    { title: t('exchange.subscription.attempts'), dataIndex: 'attempts', align: 'right' },
    {
      title: t('exchange.subscription.lastError'),
      dataIndex: 'lastError',
      render: (message: string | null) =>
        message ? (
          <Typography.Text type="danger" style={{ maxWidth: 320 }} ellipsis={{ tooltip: message }}>
            {message}
          </Typography.Text>
        ) : (
          EMPTY
        ),
    },
    { title: t('exchange.deadLetter.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
    {
      title: t('exchange.deadLetter.redeliveredAt'),
      dataIndex: 'redeliveredAt',
      render: formatDateTime,
    },
  ];
  if (can.manageSubscriptions) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, letter) =>
        mayRedeliver(letter) ? <RedeliverButton letter={letter} onDone={reload} /> : null,
    });
  }

  return (
    <Page title={t('exchange.deadLetters.title')}>
      <Card>
        <Flex vertical gap="middle">
          <Typography.Text type="secondary">{t('exchange.deadLetters.intro')}</Typography.Text>
          <Flex justify="space-between" wrap gap="middle">
            <Space>
              <Switch checked={open} onChange={setOpen} data-testid="dead-letters-open" />
              {t('exchange.deadLetters.openOnly')}
            </Space>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading && data !== undefined}>
              {t('exchange.refresh')}
            </Button>
          </Flex>
          <ErrorAlert error={error} />
          <Table<DeadLetter>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data}
            loading={loading && data === undefined}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchange.deadLetters.empty')} />
              ),
            }}
            data-testid="dead-letter-table"
          />
        </Flex>
      </Card>
    </Page>
  );
}
