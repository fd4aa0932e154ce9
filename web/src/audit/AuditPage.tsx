import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { listAuditEntries, type AuditEntry } from '../api/audit';
import { useI18n } from '../i18n/context';
import { actionLabel } from '../shared/actionLabels';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { useCursorQuery } from '../shared/useCursorQuery';
import { useDebouncedValue } from '../shared/useDebouncedValue';
import { AuditEntryDetails } from './AuditEntryDetails';
import { AuditFilters } from './AuditFilters';
import { AuditVerifyButton } from './AuditVerifyButton';
import { toAuditQuery, type AuditFilterValues } from './filters';
import { objectLabel } from './objectLabel';
import { OUTCOME_COLORS } from './outcomes';

const PAGE_SIZE = 50;
// Entries by a person need no tag; the others say who acted.
const KIND_LABELS = {
  system: 'audit.actorKind.system',
  apikey: 'audit.actorKind.apikey',
  anonymous: 'audit.actorKind.anonymous',
} as const;

export default function AuditPage() {
  const { t, language } = useI18n();
  const [draft, setDraft] = useState<AuditFilterValues>({});
  const settled = useDebouncedValue(draft);
  const filters = useMemo(() => toAuditQuery(settled), [settled]);
  const list = useCursorQuery(listAuditEntries, filters, PAGE_SIZE);

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.time'), dataIndex: 'at', render: formatDateTime },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_, { actorName, actorId, actorKind }) => (
        <Space size={4}>
          {actorName ?? actorId ?? EMPTY}
          {actorKind in KIND_LABELS && <Tag>{t(KIND_LABELS[actorKind as keyof typeof KIND_LABELS])}</Tag>}
        </Space>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (action: string) => (
        <Tooltip title={action}>
          <span data-testid="audit-action">{actionLabel(action, language)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('audit.object'),
      key: 'object',
      render: (_, entry) => {
        const label = objectLabel(entry);
        if (!label) return EMPTY;
        return (
          <Tooltip title={entry.objectType ? `${entry.objectType} ${entry.objectId ?? ''}` : undefined}>
            <span>{label}</span>
          </Tooltip>
        );
      },
    },
    {
      title: t('audit.department'),
      key: 'department',
      render: (_, { departmentName, departmentId }) => departmentName ?? departmentId ?? EMPTY,
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      render: (_, { outcome }) => <Tag color={OUTCOME_COLORS[outcome]}>{t(`audit.outcome.${outcome}`)}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? EMPTY },
  ];

  return (
    <Page title={t('audit.title')} extra={<AuditVerifyButton />}>
      <Card>
        <Flex vertical gap="middle">
          <AuditFilters onChange={setDraft} />
          <ErrorAlert error={list.error} />
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            pagination={false}
            expandable={{ expandedRowRender: (entry) => <AuditEntryDetails entry={entry} /> }}
            scroll={{ x: 'max-content' }}
            data-testid="audit-table"
          />
          <Flex justify="space-between" align="center" wrap gap="small">
            <Typography.Text type="secondary" data-testid="audit-more">
              {list.hasMore ? t('audit.more') : list.page > 1 || list.items.length > 0 ? t('audit.end') : ''}
            </Typography.Text>
            <Space>
              <Button
                icon={<LeftOutlined />}
                disabled={list.page === 1 || list.loading}
                onClick={list.previous}
              >
                {t('audit.newer')}
              </Button>
              <Button disabled={!list.hasMore || list.loading} onClick={list.next} data-testid="audit-next">
                {t('audit.older')} <RightOutlined />
              </Button>
            </Space>
          </Flex>
        </Flex>
      </Card>
    </Page>
  );
}
