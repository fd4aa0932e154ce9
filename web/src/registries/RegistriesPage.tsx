import {
  AimOutlined,
  AuditOutlined,
  SettingOutlined,
  SyncOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Collapse,
  Empty,
  Flex,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { useErrorMessage } from '../shared/errors';
import { EMPTY, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import {
  listRegistries,
  SEGMENTS,
  syncRegistry,
  type LinkKind,
  type Overview,
  type Segment,
  type Source,
} from './api';
import { agreementLabel, fieldLabel } from './evidence';
import { bits, LINK, SUBJECT } from './labels';

/** 人口与法人基础库: a card per registry the caller may read, with its figures, quality, sources and model. */
export default function RegistriesPage() {
  const { t } = useI18n();
  const list = useQuery(useCallback((signal: AbortSignal) => listRegistries(signal), []));
  return (
    <Page title={t('registries.title')}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('registries.intro')}
      </Typography.Paragraph>
      <ErrorAlert error={list.error} />
      {list.data && list.data.items.length === 0 && <Empty description={t('registries.none')} />}
      {list.loading && !list.data && <Card loading />}
      {[...(list.data?.items ?? [])].sort(bySegment).map((o) => (
        <RegistryCard key={o.segment} overview={o} onChanged={list.reload} />
      ))}
    </Page>
  );
}

/** The population registry first, then the legal-person one. */
const bySegment = (a: Overview, b: Overview) => SEGMENTS.indexOf(a.segment) - SEGMENTS.indexOf(b.segment);

function RegistryCard({ overview: o, onChanged }: { overview: Overview; onChanged: () => void }) {
  const { t, language } = useI18n();
  const segment: Segment = o.segment;
  const base = `/registries/${segment}`;
  const links = (
    <Space wrap>
      <Link to={`${base}/records`} data-testid={`registry-records-link-${segment}`}>
        <UnorderedListOutlined /> {t(SUBJECT[segment].records)}
      </Link>
      <Link to={`${base}/match`} data-testid={`registry-match-link-${segment}`}>
        <AimOutlined /> {t('registries.match.title')}
      </Link>
      {o.canSteward && (
        <Link to={`${base}/queues`} data-testid={`registry-queues-link-${segment}`}>
          <AuditOutlined /> {t('registries.queues.title')}
        </Link>
      )}
      {o.canSteward && (
        <Link to={`${base}/rules`} data-testid={`registry-rules-link-${segment}`}>
          <SettingOutlined /> {t('registries.rules.title')}
        </Link>
      )}
    </Space>
  );
  const queue = (tab: 'conflicts' | 'reviews', value: ReactNode) =>
    o.canSteward ? (
      <Link to={`${base}/queues?tab=${tab}`} data-testid={`registry-open-${tab}-${segment}`}>
        {value}
      </Link>
    ) : (
      <span data-testid={`registry-open-${tab}-${segment}`}>{value}</span>
    );
  const linkKinds = Object.keys(LINK) as LinkKind[];
  return (
    <Card
      data-testid={`registry-card-${segment}`}
      title={
        <Space wrap>
          <span>{language === 'zh' ? o.nameZh : o.nameEn}</span>
          <Tag>{o.departmentName}</Tag>
        </Space>
      }
    >
      <Flex vertical gap="large">
        {links}
        <Flex wrap gap="large">
          <Statistic
            title={t('registries.figures.entities')}
            value={o.entities}
            valueRender={(node) => <span data-testid={`registry-entities-${segment}`}>{node}</span>}
          />
          <Statistic title={t('registries.figures.records')} value={o.records} />
          <Statistic title={t('registries.figures.merged')} value={o.merged} />
          <Statistic title={t('registries.figures.withConflicts')} value={o.withConflicts} />
          <Statistic
            title={t('registries.figures.openConflicts')}
            value={o.openConflicts}
            valueRender={(node) => queue('conflicts', node)}
          />
          <Statistic
            title={t('registries.figures.openReviews')}
            value={o.openReviews}
            valueRender={(node) => queue('reviews', node)}
          />
        </Flex>
        <div>
          <Typography.Text strong>{t('registries.figures.byLink')}</Typography.Text>{' '}
          {linkKinds.map((k) => (
            <Tag key={k} color={LINK[k].color} data-testid="registry-by-link">
              {t(LINK[k].label)} {o.byLink[k] ?? 0}
            </Tag>
          ))}
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            {t('registries.figures.thresholds', {
              match: o.thresholds.match,
              review: o.thresholds.review,
            })}
          </Typography.Text>
        </div>
        <Row gutter={[32, 16]}>
          <Col xs={24} xxl={8}>
            <Typography.Title level={5}>{t('registries.completeness.title')}</Typography.Title>
            <Row gutter={[24, 0]}>
              {o.completeness.map((c) => (
                <Col key={c.field} xs={24} md={12} xxl={24}>
                  <Flex align="center" gap="small" data-testid="registry-completeness">
                    <span style={{ width: 112, flex: 'none' }}>{c.field}</span>
                    <Tooltip
                      title={t('registries.completeness.filled', { filled: c.filled, total: o.entities })}
                    >
                      <Progress
                        percent={Math.round(c.rate * 1000) / 10}
                        size="small"
                        status="normal"
                        style={{ margin: 0, flex: 1 }}
                      />
                    </Tooltip>
                  </Flex>
                </Col>
              ))}
            </Row>
          </Col>
          <Col xs={24} xxl={16}>
            <SourcesTable overview={o} onSynced={onChanged} />
          </Col>
        </Row>
        <Collapse
          size="small"
          items={[
            {
              key: 'model',
              label: o.model
                ? t('registries.model.title', {
                    records: o.model.records,
                    at: formatDateTime(o.model.at),
                    prior: o.model.prior.toFixed(4),
                  })
                : t(o.kind === 'legal_person' ? 'registries.model.rulesOnly' : 'registries.model.none'),
              children: <ModelTable overview={o} />,
            },
          ]}
          data-testid={`registry-model-${segment}`}
        />
      </Flex>
    </Card>
  );
}

function SourcesTable({ overview: o, onSynced }: { overview: Overview; onSynced: () => void }) {
  const { t } = useI18n();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const sync = async () => {
    setBusy(true);
    try {
      const result = await syncRegistry(o.segment);
      const applied = result.sources.reduce((n, s) => n + s.applied, 0);
      if (result.sources.some((s) => !s.ran)) void message.info(t('registries.sync.busy'));
      else void message.success(t('registries.sync.done', { applied, published: result.published }));
      onSynced();
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(false);
    }
  };
  const columns: TableColumnsType<Source> = [
    { title: t('registries.source.priority'), dataIndex: 'priority', width: 64, align: 'center' },
    { title: t('registries.source.name'), dataIndex: 'name' },
    { title: t('registries.source.records'), dataIndex: 'records', align: 'right' },
    {
      title: t('registries.source.seq'),
      key: 'seq',
      render: (_, s) => (
        <Tooltip title={t('registries.source.seqHint')}>
          <Tag color={s.appliedSeq >= s.lastSeq ? 'green' : 'orange'} data-testid="registry-source-seq">
            {s.appliedSeq} / {s.lastSeq}
          </Tag>
        </Tooltip>
      ),
    },
    {
      title: t('registries.source.lastSync'),
      dataIndex: 'lastSyncAt',
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: t('registries.source.lastResult'),
      key: 'result',
      render: (_, s) => (
        <>
          {s.lastSyncAt
            ? t('registries.source.result', { applied: s.lastChanges, skipped: s.lastSkipped })
            : EMPTY}
          {s.lastError && (
            <Typography.Text type="danger" style={{ display: 'block' }}>
              {s.lastError}
            </Typography.Text>
          )}
        </>
      ),
    },
  ];
  return (
    <Flex vertical gap="small">
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('registries.source.title')}
        </Typography.Title>
        {o.canSteward && (
          <Button
            size="small"
            icon={<SyncOutlined />}
            loading={busy}
            onClick={() => void sync()}
            data-testid={`registry-sync-${o.segment}`}
          >
            {t('registries.sync.now')}
          </Button>
        )}
      </Flex>
      <Table<Source>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={o.sources}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid={`registry-sources-${o.segment}`}
      />
    </Flex>
  );
}

interface ModelRow {
  key: string;
  field: string;
  level: number;
  levels: number;
  agreement: string;
  m: number;
  u: number;
  weight: number;
}

function ModelTable({ overview: o }: { overview: Overview }) {
  const { t, language } = useI18n();
  if (!o.model)
    return (
      <Empty
        description={t(o.kind === 'legal_person' ? 'registries.model.rulesOnly' : 'registries.model.none')}
      />
    );
  const rows: ModelRow[] = o.model.fields.flatMap((f) =>
    f.levels.map((l, level) => ({
      key: `${f.field}:${level}`,
      level,
      levels: f.levels.length,
      ...l,
      field: fieldLabel(f.field, o.segment, language),
      agreement: agreementLabel(l.agreement, language),
    })),
  );
  const columns: TableColumnsType<ModelRow> = [
    {
      title: t('registries.model.field'),
      dataIndex: 'field',
      onCell: (r) => ({ rowSpan: r.level === 0 ? r.levels : 0 }),
    },
    { title: t('registries.model.level'), dataIndex: 'level', align: 'center' },
    { title: t('registries.model.agreement'), dataIndex: 'agreement' },
    { title: 'm', dataIndex: 'm', align: 'right', render: (v: number) => v.toFixed(4) },
    { title: 'u', dataIndex: 'u', align: 'right', render: (v: number) => v.toExponential(2) },
    {
      title: t('registries.model.weight'),
      dataIndex: 'weight',
      align: 'right',
      render: (v: number) => (
        <Typography.Text type={v >= 0 ? 'success' : 'danger'}>{bits(v)}</Typography.Text>
      ),
    },
  ];
  return (
    <Table<ModelRow>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      bordered
      scroll={{ x: 'max-content' }}
      data-testid={`registry-model-table-${o.segment}`}
    />
  );
}
