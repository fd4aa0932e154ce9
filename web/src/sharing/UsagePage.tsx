import { ApiOutlined, DatabaseOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { DepartmentSelect } from '../admin/DepartmentSelect';
import {
  acknowledgeFlag,
  getUsage,
  listAccessLog,
  type AccessEntry,
  type AccessOutcome,
  type UsageByGrant,
  type UsageFlag,
  type UsageSide,
} from '../api/sharing';
import { useAccess } from '../auth/access';
import { useI18n, useT } from '../i18n/context';
import { actionLabel } from '../shared/actionLabels';
import { ErrorAlert } from '../shared/ErrorAlert';
import { useErrorMessage } from '../shared/errors';
import { EMPTY, formatDate, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { useKeysetQuery } from '../shared/useKeysetQuery';
import { useQuery } from '../shared/useQuery';
import { grantLink } from './links';
import { useSharingAccess } from './sharingAccess';
import { UsageChart } from './UsageChart';

const DAY_CHOICES = [7, 30, 90, 180];
const OUTCOMES: AccessOutcome[] = ['success', 'denied', 'failure'];
const OUTCOME_COLORS: Record<string, string> = { success: 'success', denied: 'error', failure: 'warning' };

function FlagsTable({ flags, onAcknowledged }: { flags: UsageFlag[]; onAcknowledged: () => void }) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const { can } = useAccess();
  const [busy, setBusy] = useState<string | null>(null);
  const canAcknowledge = can.approveSharing || can.reviewSharing;

  const acknowledge = async (flag: UsageFlag) => {
    setBusy(flag.id);
    try {
      await acknowledgeFlag(flag.id);
      void message.success(t('sharing.usage.acknowledged'));
      onAcknowledged();
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<UsageFlag> = [
    { title: t('sharing.usage.day'), dataIndex: 'day', render: formatDate },
    {
      title: t('sharing.grant.resource'),
      dataIndex: 'resourceName',
      render: (name: string, f) => <Link to={grantLink(f.grantId)}>{name}</Link>,
    },
    { title: t('sharing.grant.consumer'), dataIndex: 'consumerDepartmentName' },
    {
      title: t('sharing.usage.flagKind'),
      dataIndex: 'kind',
      render: (kind: UsageFlag['kind']) => (
        <Tag color={kind === 'verify_burst' ? 'red' : 'orange'}>{t(`sharing.usage.flagKind.${kind}`)}</Tag>
      ),
    },
    {
      title: t('sharing.usage.calls'),
      dataIndex: 'calls',
      align: 'right',
      render: (n: number) => n.toLocaleString(),
    },
    {
      title: t('sharing.usage.baseline'),
      dataIndex: 'baseline',
      align: 'right',
      render: (baseline: number, f) =>
        f.kind === 'verify_burst' ? (
          <Tooltip title={t('sharing.usage.verifyLimitHint')}>
            <span>{t('sharing.usage.perMinute', { n: baseline })}</span>
          </Tooltip>
        ) : (
          <Tooltip title={t('sharing.usage.baselineHint')}>
            <span>
              {baseline.toFixed(1)}
              {baseline > 0 && (
                <Typography.Text type="danger"> ×{(f.calls / baseline).toFixed(1)}</Typography.Text>
              )}
            </span>
          </Tooltip>
        ),
    },
    {
      title: t('sharing.usage.acknowledgedAt'),
      dataIndex: 'acknowledgedAt',
      render: (at: string | null, f) =>
        at ? (
          formatDateTime(at)
        ) : canAcknowledge ? (
          <Button
            size="small"
            loading={busy === f.id}
            onClick={() => void acknowledge(f)}
            data-testid="flag-acknowledge"
          >
            {t('sharing.usage.acknowledge')}
          </Button>
        ) : (
          <Tag color="warning">{t('sharing.usage.open')}</Tag>
        ),
    },
  ];
  return (
    <Table<UsageFlag>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={flags}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      scroll={{ x: 'max-content' }}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sharing.usage.noFlags')} />,
      }}
      data-testid="usage-flags"
    />
  );
}

function ByGrantTable({ rows, side }: { rows: UsageByGrant[]; side: UsageSide }) {
  const t = useT();
  const count = (n: number) => n.toLocaleString();
  const columns: TableColumnsType<UsageByGrant> = [
    {
      title: t('sharing.grant.resource'),
      dataIndex: 'resourceName',
      render: (name: string, row) => <Link to={grantLink(row.grantId)}>{name}</Link>,
    },
    side === 'provider'
      ? { title: t('sharing.grant.consumer'), dataIndex: 'consumerDepartmentName' }
      : { title: t('sharing.grant.provider'), dataIndex: 'providerDepartmentName' },
    {
      title: t('sharing.grant.purpose'),
      dataIndex: 'purpose',
      render: (purpose: string) => (
        <Typography.Text style={{ maxWidth: 240 }} ellipsis={{ tooltip: purpose }}>
          {purpose}
        </Typography.Text>
      ),
    },
    {
      title: t('sharing.usage.calls'),
      dataIndex: 'calls',
      align: 'right',
      sorter: (a, b) => a.calls - b.calls,
      defaultSortOrder: 'descend',
      render: count,
    },
    {
      title: t('sharing.usage.records'),
      dataIndex: 'records',
      align: 'right',
      sorter: (a, b) => a.records - b.records,
      render: count,
    },
    {
      title: t('sharing.usage.denied'),
      dataIndex: 'denied',
      align: 'right',
      sorter: (a, b) => a.denied - b.denied,
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{count(n)}</Typography.Text> : 0),
    },
  ];
  return (
    <Table<UsageByGrant>
      rowKey="grantId"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      scroll={{ x: 'max-content' }}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sharing.usage.noCalls')} />,
      }}
      data-testid="usage-by-grant"
    />
  );
}

type LogFilters = { side: UsageSide; grantId?: string; outcome?: AccessOutcome };

function AccessLog({ side, grantId }: { side: UsageSide; grantId: string | undefined }) {
  const { t, language } = useI18n();
  const [outcome, setOutcome] = useState<AccessOutcome | undefined>();
  const filters = useMemo<LogFilters>(() => ({ side, grantId, outcome }), [side, grantId, outcome]);
  const { items, error, loading, pagination } = useKeysetQuery(listAccessLog, filters);

  const columns: TableColumnsType<AccessEntry> = [
    { title: t('sharing.log.at'), dataIndex: 'at', render: formatDateTime },
    {
      title: t('sharing.log.who'),
      dataIndex: 'actorName',
      render: (name: string | null, e) => (
        <Flex vertical>
          <span>{name ?? EMPTY}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.actorKind === 'apikey' ? t('sharing.log.system') : t('sharing.log.person')}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('sharing.log.consumer'),
      dataIndex: 'consumerDepartmentName',
      render: (name: string | null) => name ?? EMPTY,
    },
    {
      title: t('sharing.log.purpose'),
      dataIndex: 'purpose',
      render: (purpose: string | null) =>
        purpose ? (
          <Typography.Text style={{ maxWidth: 200 }} ellipsis={{ tooltip: purpose }}>
            {purpose}
          </Typography.Text>
        ) : (
          EMPTY
        ),
    },
    {
      title: t('sharing.log.resource'),
      dataIndex: 'resourceName',
      render: (name: string | null, e) =>
        e.grantId && name ? <Link to={grantLink(e.grantId)}>{name}</Link> : (name ?? EMPTY),
    },
    {
      title: t('sharing.log.action'),
      dataIndex: 'action',
      // The auditor's name for the action in the current language; the code stays at hand in the tooltip.
      render: (action: string) => (
        <Tooltip title={action}>
          <Tag data-testid="access-action">{actionLabel(action, language)}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t('sharing.log.keys'),
      dataIndex: 'keyCount',
      align: 'right',
      render: (n: number, e) =>
        e.keys.length > 0 ? (
          <Tooltip title={e.keys.join('、')}>
            <Typography.Text underline>{n.toLocaleString()}</Typography.Text>
          </Tooltip>
        ) : (
          n.toLocaleString()
        ),
    },
    {
      title: t('sharing.log.items'),
      dataIndex: 'items',
      render: (items: string[]) =>
        items.length > 0 ? (
          <Typography.Text style={{ maxWidth: 200 }} ellipsis={{ tooltip: items.join('、') }}>
            {items.join('、')}
          </Typography.Text>
        ) : (
          EMPTY
        ),
    },
    {
      title: t('sharing.log.masked'),
      dataIndex: 'maskedItems',
      render: (items: string[]) => (items.length > 0 ? items.join('、') : EMPTY),
    },
    { title: t('sharing.log.records'), dataIndex: 'records', align: 'right' },
    {
      title: t('sharing.log.outcome'),
      dataIndex: 'outcome',
      fixed: 'right',
      render: (outcome: string, e) => (
        <Flex vertical gap={2}>
          <span>
            <Tag color={OUTCOME_COLORS[outcome]} data-testid="access-outcome" data-outcome={outcome}>
              {OUTCOMES.includes(outcome as AccessOutcome)
                ? t(`sharing.log.outcome.${outcome as AccessOutcome}`)
                : outcome}
            </Tag>
          </span>
          {e.code && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="access-code">
              {e.code}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap="middle">
      <Select<AccessOutcome>
        allowClear
        placeholder={t('sharing.log.allOutcomes')}
        value={outcome}
        onChange={setOutcome}
        style={{ width: 160 }}
        options={OUTCOMES.map((value) => ({ value, label: t(`sharing.log.outcome.${value}`) }))}
      />
      <ErrorAlert error={error} />
      <Table<AccessEntry>
        rowKey="auditId"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={pagination}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sharing.log.empty')} />,
        }}
        data-testid="access-log"
      />
    </Flex>
  );
}

/** 使用情况: calls on grants per day, by grant, unusual volumes, and the access log, as provider or consumer. */
export default function UsagePage() {
  const t = useT();
  const access = useSharingAccess();
  const [params, setParams] = useSearchParams();
  const grantId = params.get('grantId') ?? undefined;
  const defaultSide: UsageSide = access.stewardOf.length > 0 || access.cityWide ? 'provider' : 'consumer';
  const [side, setSide] = useState<UsageSide>(defaultSide);
  const [days, setDays] = useState(30);
  const [departmentId, setDepartmentId] = useState<string | undefined>();

  const fetcher = useCallback(
    (signal: AbortSignal) => getUsage({ side, days, departmentId, grantId }, signal),
    [side, days, departmentId, grantId],
  );
  const { data, error, loading, reload } = useQuery(fetcher);

  return (
    <Page
      title={t('sharing.usage.title')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading && data !== undefined}>
          {t('sharing.refresh')}
        </Button>
      }
    >
      <Flex gap="middle" wrap align="center">
        <Segmented<UsageSide>
          value={side}
          onChange={setSide}
          options={[
            { value: 'provider', label: t('sharing.usage.side.provider') },
            { value: 'consumer', label: t('sharing.usage.side.consumer') },
          ]}
          data-testid="usage-side"
        />
        {access.cityWide && (
          <DepartmentSelect
            value={departmentId}
            onChange={(value) => setDepartmentId(value ?? undefined)}
            style={{ width: 240 }}
            placeholder={t('sharing.allDepartments')}
          />
        )}
        <Select<number>
          value={days}
          onChange={setDays}
          style={{ width: 120 }}
          options={DAY_CHOICES.map((value) => ({
            value,
            label: t('sharing.usage.lastDays', { days: value }),
          }))}
        />
        {grantId && (
          <Tag closable onClose={() => setParams({}, { replace: true })} color="blue">
            {t('sharing.usage.oneGrant')}
          </Tag>
        )}
      </Flex>
      <Typography.Text type="secondary">
        {access.cityWide
          ? t(
              side === 'provider'
                ? 'sharing.usage.side.provider.cityHint'
                : 'sharing.usage.side.consumer.cityHint',
            )
          : t(side === 'provider' ? 'sharing.usage.side.provider.hint' : 'sharing.usage.side.consumer.hint')}
      </Typography.Text>
      <ErrorAlert error={error} />
      <Row gutter={[16, 16]}>
        {(
          [
            ['calls', <ApiOutlined key="calls" />],
            ['records', <DatabaseOutlined key="records" />],
            ['denied', <StopOutlined key="denied" />],
          ] as const
        ).map(([key, icon]) => (
          <Col key={key} xs={24} sm={8}>
            <Card size="small" loading={!data && !error}>
              <Statistic
                title={t(`sharing.usage.${key}`)}
                prefix={icon}
                value={data?.totals[key] ?? 0}
                data-testid={`usage-total-${key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        size="small"
        title={t('sharing.usage.daily', { from: formatDate(data?.from), to: formatDate(data?.to) })}
        data-testid="usage-chart"
      >
        {data ? <UsageChart report={data} /> : <div style={{ height: 300 }} />}
      </Card>
      <Card size="small" title={t('sharing.usage.flags')}>
        <FlagsTable flags={data?.flags ?? []} onAcknowledged={reload} />
      </Card>
      <Card size="small" title={t('sharing.usage.byGrant')}>
        <ByGrantTable rows={data?.byGrant ?? []} side={side} />
      </Card>
      <Card size="small" title={t('sharing.log.title')}>
        <AccessLog side={side} grantId={grantId} />
      </Card>
    </Page>
  );
}
