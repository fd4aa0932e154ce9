import { Table, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { CreditRecord } from '../api/credit';
import { useT } from '../i18n/context';
import { EMPTY, formatDate } from '../shared/format';
import { KIND_LABEL } from './labels';
import { PublicityTag } from './Tags';

/** 双公示 records as a table; `link` opens the staff record page, `actions` adds a column (the citizen's forms). */
export function RecordsTable({
  records,
  loading,
  link = true,
  actions,
  testId = 'credit-records',
}: {
  records: CreditRecord[];
  loading?: boolean;
  link?: boolean;
  actions?: (r: CreditRecord) => ReactNode;
  testId?: string;
}) {
  const t = useT();
  const columns: TableColumnsType<CreditRecord> = [
    {
      title: t('credit.subjectName'),
      dataIndex: 'subjectName',
      render: (name: string, r) =>
        link ? (
          <Link to={`/credit/records/view?id=${r.id}`} data-testid="credit-record-link">
            {name}
          </Link>
        ) : (
          name
        ),
    },
    { title: t('credit.subjectCode'), dataIndex: 'subjectCode', render: (c: string) => <code>{c}</code> },
    { title: t('credit.kind'), dataIndex: 'kind', render: (k: CreditRecord['kind']) => t(KIND_LABEL[k]) },
    {
      title: t('credit.matter'),
      key: 'matter',
      render: (_: unknown, r) => (r.kind === 'penalty' ? r.violationType : r.certificateName) ?? EMPTY,
    },
    { title: t('credit.decisionNo'), dataIndex: 'decisionNo' },
    { title: t('credit.decisionDate'), dataIndex: 'decisionDate', render: (d: string) => formatDate(d) },
    { title: t('credit.department'), dataIndex: 'departmentName' },
    {
      title: t('credit.publicity'),
      dataIndex: 'publicity',
      render: (p: CreditRecord['publicity']) => <PublicityTag publicity={p} />,
    },
    {
      title: t('credit.publicityUntil'),
      dataIndex: 'publicityUntil',
      render: (d: string | null) => (d ? formatDate(d) : EMPTY),
    },
    ...(actions
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, r: CreditRecord) => actions(r),
          },
        ]
      : []),
  ];
  return (
    <Table<CreditRecord>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={records}
      pagination={records.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
    />
  );
}
