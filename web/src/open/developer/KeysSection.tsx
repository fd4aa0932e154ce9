import {
  Alert,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
  theme,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import {
  createDeveloperKey,
  getDeveloperKeyUsage,
  listDeveloperKeys,
  revokeDeveloperKey,
  type CreatedDeveloperKey,
  type DeveloperKey,
  type DeveloperKeyUsage,
} from '../../api/openDevelopers';
import { useT } from '../../i18n/context';
import { EChart } from '../../shared/EChart';
import { ErrorAlert } from '../../shared/ErrorAlert';
import type { ChartOption } from '../../shared/echarts';
import { useErrorMessage } from '../../shared/errors';
import { FormModal } from '../../shared/FormModal';
import { formatDateTime } from '../../shared/format';
import { useQuery } from '../../shared/useQuery';
import { ScrollRegion, SectionCard } from '../parts';
import { STATE_STYLE } from './applications';

/** A key's last 30 days: calls and downloads (left axis), rows returned (right axis). */
function UsageChart({ usage }: { usage: DeveloperKeyUsage }) {
  const t = useT();
  const { token } = theme.useToken();
  const option = useMemo<ChartOption>(
    () => ({
      color: [token.colorPrimary, token.colorSuccess, token.colorWarning],
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: {
        left: 8,
        right: 8,
        top: 36,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      xAxis: { type: 'category', data: usage.days.map((d) => d.day.slice(5)) },
      yAxis: [
        { type: 'value', minInterval: 1, name: t('dev.usage.calls') },
        { type: 'value', minInterval: 1, name: t('dev.usage.rows'), splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: t('dev.usage.calls'), data: usage.days.map((d) => d.calls) },
        { type: 'line', name: t('dev.usage.rows'), yAxisIndex: 1, data: usage.days.map((d) => d.rows) },
        { type: 'bar', name: t('dev.usage.downloads'), data: usage.days.map((d) => d.downloads) },
      ],
    }),
    [usage, t, token.colorPrimary, token.colorSuccess, token.colorWarning],
  );
  const total = usage.days.reduce((a, d) => a + d.calls, 0);
  return (
    <figure style={{ margin: 0 }} data-testid="dev-usage-chart">
      <div aria-hidden>
        <EChart option={option} height={260} />
      </div>
      <figcaption>
        <Typography.Text type="secondary">{t('dev.usage.caption', { n: total })}</Typography.Text>
      </figcaption>
    </figure>
  );
}

function KeyUsage({ keys }: { keys: DeveloperKey[] }) {
  const t = useT();
  const [chosen, setChosen] = useState<string | undefined>(keys[0]?.id);
  const id = chosen && keys.some((k) => k.id === chosen) ? chosen : keys[0]?.id;
  const { data, error } = useQuery(
    useCallback(
      (signal: AbortSignal) => (id ? getDeveloperKeyUsage(id, signal) : Promise.resolve(null)),
      [id],
    ),
  );
  if (!keys.length) return null;
  return (
    <Flex vertical gap="small" style={{ marginTop: 16 }}>
      <Flex align="center" gap="small" wrap>
        <label htmlFor="dev-usage-key">{t('dev.usage.title')}</label>
        <Select
          id="dev-usage-key"
          value={id}
          onChange={setChosen}
          style={{ minWidth: 200 }}
          options={keys.map((k) => ({ value: k.id, label: `${k.name}（${k.prefix}…）` }))}
          data-testid="dev-usage-key"
        />
      </Flex>
      {error ? <ErrorAlert error={error} /> : data ? <UsageChart usage={data} /> : null}
    </Flex>
  );
}

/** 我的密钥: keys with their quota and today's calls, create (the secret shown once), revoke, usage chart. */
export function KeysSection() {
  const t = useT();
  const describe = useErrorMessage();
  const { data, error, reload } = useQuery(
    useCallback((signal: AbortSignal) => listDeveloperKeys(signal), []),
  );
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedDeveloperKey | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const revoke = async (id: string) => {
    try {
      await revokeDeveloperKey(id);
      reload();
    } catch (e) {
      setFailure(describe(e));
    }
  };

  const columns: TableColumnsType<DeveloperKey> = [
    { title: t('dev.keys.name'), dataIndex: 'name' },
    { title: t('dev.keys.prefix'), dataIndex: 'prefix', render: (p: string) => <code>{p}…</code> },
    {
      title: t('dev.keys.today'),
      key: 'quota',
      render: (_, k) => `${k.callsToday.toLocaleString()} / ${k.dailyQuota.toLocaleString()}`,
    },
    {
      title: t('dev.keys.lastUsed'),
      dataIndex: 'lastUsedAt',
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: t('dev.keys.state'),
      key: 'state',
      render: (_, k) =>
        k.revokedAt ? (
          <Tag style={STATE_STYLE.ended}>{t('dev.keys.revoked')}</Tag>
        ) : (
          <Tag style={STATE_STYLE.good}>{t('dev.keys.active')}</Tag>
        ),
    },
    {
      title: t('dev.keys.actions'),
      key: 'actions',
      render: (_, k) =>
        k.revokedAt ? null : (
          <Popconfirm title={t('dev.keys.revokeConfirm')} onConfirm={() => revoke(k.id)}>
            <Button size="small" data-testid={`dev-key-revoke-${k.name}`}>
              {t('dev.keys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <SectionCard
      id="dev-keys-title"
      title={t('dev.keys.title')}
      testId="dev-keys"
      extra={
        <Button type="primary" onClick={() => setCreating(true)} data-testid="dev-key-create">
          {t('dev.keys.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('dev.keys.hint')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} /> : null}
      {error ? <ErrorAlert error={error} /> : null}
      <ScrollRegion label={t('dev.keys.table')}>
        <Table
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={!data && !error}
          pagination={false}
          locale={{ emptyText: <Typography.Text type="secondary">{t('dev.keys.none')}</Typography.Text> }}
        />
      </ScrollRegion>
      {data ? <KeyUsage keys={data.items.filter((k) => !k.revokedAt)} /> : null}
      {creating ? (
        <FormModal<{ name: string }>
          title={t('dev.keys.create')}
          onClose={() => setCreating(false)}
          submitTestId="dev-key-create-submit"
          onSubmit={async ({ name }) => {
            setCreated(await createDeveloperKey(name.trim()));
            setCreating(false);
            reload();
          }}
        >
          <Form.Item name="name" label={t('dev.keys.name')} rules={[{ required: true, max: 60 }]}>
            <Input maxLength={60} data-testid="dev-key-name" />
          </Form.Item>
        </FormModal>
      ) : null}
      <Modal
        open={created !== null}
        title={t('dev.keys.createdTitle')}
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)} data-testid="dev-key-secret-done">
            {t('dev.keys.savedIt')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('dev.keys.onceOnly')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: created?.secret ?? '' }}>
          <code data-testid="dev-key-secret" style={{ wordBreak: 'break-all' }}>
            {created?.secret}
          </code>
        </Typography.Paragraph>
      </Modal>
    </SectionCard>
  );
}
