import { Card, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { listAuditEntries } from '../api/audit';
import type { AuditEntry } from '../api/types';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { useDebouncedValue } from '../shared/useDebouncedValue';
import { usePagedQuery } from '../shared/usePagedQuery';
import { AuditEntryDetails } from './AuditEntryDetails';
import { AuditFilters } from './AuditFilters';
import { AuditVerifyButton } from './AuditVerifyButton';
import { toAuditQuery, type AuditFilterValues } from './filters';
import { objectLabel } from './objectLabel';
import { OUTCOME_COLORS } from './outcomes';

export default function AuditPage() {
  const t = useT();
  const [draft, setDraft] = useState<AuditFilterValues>({});
  const settled = useDebouncedValue(draft);
  const filters = useMemo(() => toAuditQuery(settled), [settled]);
  const list = usePagedQuery(listAuditEntries, filters);

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.time'), dataIndex: 'at', render: formatDateTime },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_, { actorName, actorId }) => actorName ?? actorId ?? EMPTY,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (action: string) => <Typography.Text code>{action}</Typography.Text>,
    },
    { title: t('audit.object'), key: 'object', render: (_, entry) => objectLabel(entry) ?? EMPTY },
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
            pagination={list.pagination}
            expandable={{ expandedRowRender: (entry) => <AuditEntryDetails entry={entry} /> }}
            scroll={{ x: 'max-content' }}
            data-testid="audit-table"
          />
        </Flex>
      </Card>
    </Page>
  );
}
