import { Button, Popover, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { useQuery } from '../shared/useQuery';
import { listRevisions, type Freq, type Revision } from './api';

function History({
  code,
  freq,
  region,
  period,
}: {
  code: string;
  freq: Freq;
  region: string;
  period: string;
}) {
  const t = useT();
  const { data, error, loading } = useQuery(
    useCallback(
      (signal: AbortSignal) => listRevisions(code, { freq, region, period }, signal),
      [code, freq, region, period],
    ),
  );
  if (error) return <ErrorAlert error={error} />;
  return (
    <Table<Revision>
      rowKey="revision"
      size="small"
      loading={loading}
      pagination={false}
      dataSource={data?.items ?? []}
      columns={[
        { title: t('economy.series.revision'), dataIndex: 'revision', key: 'revision' },
        { title: '', key: 'op', render: (_, r) => t(`economy.series.op.${r.op}`) },
        { title: t('economy.series.value'), dataIndex: 'value', key: 'value', align: 'right' },
        { title: t('economy.series.status'), dataIndex: 'status', key: 'status' },
        { title: t('economy.sync.lastSync'), key: 'at', render: (_, r) => formatDateTime(r.changedAt) },
      ]}
    />
  );
}

/** A "revised" mark on a corrected value; opening it lists every value the observation has had. */
export function RevisionHistory(props: { code: string; freq: Freq; region: string; period: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <Popover
      title={t('economy.series.history')}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      content={open ? <History {...props} /> : null}
    >
      <Button type="link" size="small" style={{ padding: 0 }}>
        <Tag color="orange">{t('economy.series.revised')}</Tag>
      </Button>
    </Popover>
  );
}
