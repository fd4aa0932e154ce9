import { SyncOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, Flex, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/context';
import { useT } from '../i18n/context';
import { useErrorMessage } from '../shared/errors';
import { EMPTY, formatDateTime } from '../shared/format';
import { syncNow, type SyncStatus } from './api';

/**
 * Where the registry stands against its sources: applied, acknowledged and latest seq, the lag, the last run; and
 * "sync now" for whom the server allows it (the operator, the steward of the subscribing department).
 */
export function SyncStatusCard({ status, onSynced }: { status: SyncStatus; onSynced: () => void }) {
  const t = useT();
  const me = useMe();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const departments = new Set(status.sources.map((s) => s.departmentId));
  const maySync = me.roles.some(
    ({ role, departmentId }) =>
      role === 'platform_admin' ||
      (role === 'dept_steward' && departments.has(departmentId ?? me.department?.id ?? '')),
  );
  const run = async () => {
    setBusy(true);
    try {
      const result = await syncNow();
      const applied = result.sources.reduce((n, s) => n + s.applied, 0);
      if (result.sources.some((s) => !s.ran)) void message.info(t('economy.sync.busy'));
      else void message.success(t('economy.sync.done', { applied }));
      onSynced();
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      title={t('economy.sync.title')}
      extra={
        maySync && (
          <Button
            icon={<SyncOutlined />}
            loading={busy}
            onClick={() => void run()}
            data-testid="economy-sync-now"
          >
            {t('economy.sync.now')}
          </Button>
        )
      }
    >
      <Flex wrap gap="large" style={{ marginBottom: 16 }}>
        <Statistic title={t('economy.figures.indicators')} value={status.indicators} />
        <Statistic title={t('economy.figures.observations')} value={status.observations} />
        <Statistic title={t('economy.figures.revisions')} value={status.revisions} />
        <Statistic title={t('economy.figures.sdmxToday')} value={status.sdmxCalls.today} />
        <Statistic title={t('economy.figures.sdmxTotal')} value={status.sdmxCalls.total} />
      </Flex>
      {status.sources.length === 0 && <Empty description={t('economy.sync.none')} />}
      {status.sources.map((s) => (
        <Descriptions key={s.resourceId} size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('economy.sync.source')}>
            {s.resourceName || s.resourceId}
          </Descriptions.Item>
          <Descriptions.Item label={t('economy.sync.subscriber')}>{s.departmentName}</Descriptions.Item>
          <Descriptions.Item label={t('economy.sync.lag')}>
            <Tag color={s.lag === 0 ? 'green' : 'orange'}>{s.lag}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('economy.sync.applied')}>{s.appliedSeq}</Descriptions.Item>
          <Descriptions.Item label={t('economy.sync.acked')}>{s.ackedSeq}</Descriptions.Item>
          <Descriptions.Item label={t('economy.sync.last')}>{s.lastSeq}</Descriptions.Item>
          <Descriptions.Item label={t('economy.sync.lastSync')}>
            {formatDateTime(s.lastSyncAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('economy.sync.lastResult')} span={2}>
            {s.lastSyncAt
              ? t('economy.sync.result', { applied: s.lastChanges, skipped: s.lastSkipped })
              : EMPTY}
            {s.lastError && (
              <Typography.Text type="danger">
                {' '}
                {t('economy.sync.error', { error: s.lastError })}
              </Typography.Text>
            )}
          </Descriptions.Item>
        </Descriptions>
      ))}
    </Card>
  );
}
