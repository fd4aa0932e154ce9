import { LockOutlined } from '@ant-design/icons';
import {
  Card,
  Descriptions,
  Empty,
  Flex,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { Link } from 'react-router-dom';
import { useAccess } from '../auth/access';
import { useT } from '../i18n/context';
import { EMPTY, formatDateTime } from '../shared/format';
import type { GoldenRecordDetail, LinkedRecord, Segment } from './api';
import { LinkTag, percent, ProvenanceTags } from './labels';
import { WhyPopover } from './Why';

/** The 一人一档 / 一企一档 page of a golden record. */
export const dossierPath = (segment: Segment, id: string) =>
  `/dossiers/${segment === 'population' ? 'person' : 'legal-person'}/${encodeURIComponent(id)}`;

/**
 * A golden record's values, each with the source and rule it came from (and a tag where the caller sees it
 * masked); on the registry's record page, the ways to the same person's or company's dossier, licenses and credit.
 */
export function GoldenCard({
  detail: { record: r },
  title,
  links = true,
  testId,
}: {
  detail: GoldenRecordDetail;
  /** The card's title; the registry's "标准档案" unless given. */
  title?: string;
  /** Links to the dossier, licenses and credit of the subject (not on the dossier itself). */
  links?: boolean;
  testId?: string;
}) {
  const t = useT();
  const { can } = useAccess();
  const masked = new Set(r.masked);
  // 一人一档 / 一企一档: the same person's or company's licenses and credit, by the key — for callers who see it in
  // clear (the other modules answer each caller within its own rights).
  const segment: Segment = r.registry === 'population' ? 'population' : 'legal-person';
  const keyField = r.registry === 'population' ? '身份证号' : '统一社会信用代码';
  const key = r.key !== null && !masked.has(keyField) ? r.key : null;
  return (
    <Card
      title={title ?? t('registries.record.golden')}
      data-testid={testId}
      extra={
        <Space wrap>
          {links && can.viewRegistries && (
            <Link to={dossierPath(segment, r.id)} data-testid="registry-dossier-link">
              {t(segment === 'population' ? 'dossier.person' : 'dossier.legalPerson')}
            </Link>
          )}
          {links && key && can.viewLicenses && (
            <Link
              to={`/registries/licenses?holder=${encodeURIComponent(key)}`}
              data-testid="registry-related-licenses"
            >
              {t('registries.record.licenses')}
            </Link>
          )}
          {links && key && can.viewCredit && (
            <Link
              to={`/credit/profile?code=${encodeURIComponent(key)}`}
              data-testid="registry-related-credit"
            >
              {t('registries.record.credit')}
            </Link>
          )}
          <Tag>{t('registries.record.version', { version: r.version })}</Tag>
          <Typography.Text type="secondary">{formatDateTime(r.updatedAt)}</Typography.Text>
        </Space>
      }
    >
      <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }} data-testid="registry-golden">
        {Object.entries(r.fields).map(([field, value]) => (
          <Descriptions.Item key={field} label={field}>
            <Flex wrap gap="small" align="center" data-testid="registry-golden-field" data-field={field}>
              <span data-testid="registry-golden-value">{r.labels[field] ?? value ?? EMPTY}</span>
              {r.labels[field] !== undefined && (
                // The code the sources agree on, beside its name: what other systems match and exchange.
                <Typography.Text type="secondary" data-testid="registry-golden-code">
                  {value}
                </Typography.Text>
              )}
              {masked.has(field) && (
                <Tooltip title={t('registries.record.maskedHint')}>
                  <Tag icon={<LockOutlined />} data-testid="registry-masked">
                    {t('registries.record.masked')}
                  </Tag>
                </Tooltip>
              )}
              {(value !== null || r.provenance[field]?.sourceName) && (
                <ProvenanceTags provenance={r.provenance[field]} />
              )}
            </Flex>
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

/** The source records linked to a golden record: how and why each was linked, its values when expanded. */
export function LinkedCard({
  segment,
  sources,
  title,
}: {
  segment: Segment;
  sources: LinkedRecord[];
  /** The card's title; "关联的来源记录（n）" unless given. */
  title?: string;
}) {
  const t = useT();
  const columns: TableColumnsType<LinkedRecord> = [
    { title: t('registries.linked.source'), dataIndex: 'sourceName' },
    {
      title: t('registries.linked.recordKey'),
      dataIndex: 'recordKey',
      render: (v: string) => <code>{v}</code>,
    },
    { title: t('registries.linked.link'), dataIndex: 'link', render: (_, s) => <LinkTag link={s.link} /> },
    {
      title: t('registries.linked.score'),
      dataIndex: 'score',
      align: 'right',
      render: (v: number | null) => percent(v),
    },
    {
      title: t('registries.linked.why'),
      key: 'why',
      render: (_, s) => <WhyPopover why={s.why} segment={segment} />,
    },
    {
      title: t('registries.linked.pinned'),
      dataIndex: 'pinned',
      render: (v: boolean) => (v ? <Tag color="purple">{t('registries.linked.pinnedYes')}</Tag> : null),
    },
    {
      title: t('registries.linked.changedAt'),
      dataIndex: 'changedAt',
      render: (v: string) => formatDateTime(v),
    },
  ];
  return (
    <Card title={title ?? t('registries.linked.title', { count: sources.length })}>
      <Table<LinkedRecord>
        rowKey={(s) => `${s.sourceId}:${s.recordKey}`}
        size="small"
        columns={columns}
        dataSource={sources}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (s) => (
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
              {Object.entries(s.fields).map(([f, v]) => (
                <Descriptions.Item key={f} label={f}>
                  {v ?? EMPTY}
                </Descriptions.Item>
              ))}
            </Descriptions>
          ),
        }}
        locale={{ emptyText: <Empty description={t('registries.linked.none')} /> }}
        data-testid={`registry-linked-${segment}`}
      />
    </Card>
  );
}
