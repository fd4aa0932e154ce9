import { Card, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY } from '../shared/format';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { getSyncStatus, listIndicators, type Indicator } from './api';
import { SyncStatusCard } from './SyncStatusCard';

/** 宏观经济: the indicators the registry holds, and where its sync stands. */
export default function EconomyPage() {
  const { t, language } = useI18n();
  const indicators = useQuery(useCallback((signal: AbortSignal) => listIndicators(signal), []));
  const status = useQuery(useCallback((signal: AbortSignal) => getSyncStatus(signal), []));
  const reloadBoth = () => {
    indicators.reload();
    status.reload();
  };
  const columns = useMemo<TableColumnsType<Indicator>>(
    () => [
      {
        title: t('economy.name'),
        key: 'name',
        render: (_, i) => (
          <Flex vertical>
            <Link to={`/economy/indicators/${i.code}`}>{language === 'zh' ? i.nameZh : i.nameEn}</Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {i.code}
            </Typography.Text>
          </Flex>
        ),
      },
      { title: t('economy.unit'), dataIndex: 'unit', key: 'unit' },
      {
        title: t('economy.frequencies'),
        key: 'frequencies',
        render: (_, i) => i.frequencies.map((f) => <Tag key={f}>{t(`economy.freq.${f}`)}</Tag>),
      },
      { title: t('economy.regions'), dataIndex: 'regions', key: 'regions', align: 'right' },
      { title: t('economy.observations'), dataIndex: 'observations', key: 'observations', align: 'right' },
      {
        title: t('economy.periods'),
        key: 'periods',
        render: (_, i) => (i.firstPeriod ? `${i.firstPeriod} – ${i.lastPeriod}` : EMPTY),
      },
      { title: t('economy.department'), dataIndex: 'department', key: 'department' },
    ],
    [t, language],
  );
  return (
    <Page title={t('economy.title')}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('economy.intro')}
      </Typography.Paragraph>
      {status.error ? <ErrorAlert error={status.error} /> : null}
      {status.data && <SyncStatusCard status={status.data} onSynced={reloadBoth} />}
      <Card>
        {indicators.error ? <ErrorAlert error={indicators.error} /> : null}
        <Table
          rowKey="code"
          size="middle"
          loading={indicators.loading}
          columns={columns}
          dataSource={indicators.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </Page>
  );
}
