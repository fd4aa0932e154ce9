import { Table, type TableColumnsType } from 'antd';
import { useT } from '../i18n/context';
import { EMPTY } from '../shared/format';
import { useRuleLabel } from './rules';
import { RuleTag } from './tags';
import type { RowError } from '../api/exchange';

type Row = RowError & { key: number };

/** The rows a batch rejected: row, item, rule and message; sortable by row, filterable by rule. */
export function RowErrorsTable({ errors, testId = 'row-errors' }: { errors: RowError[]; testId?: string }) {
  const t = useT();
  const ruleLabel = useRuleLabel();
  const rows: Row[] = errors.map((error, index) => ({ ...error, key: index }));
  const codes = [...new Set(errors.map(({ code }) => code))];

  const columns: TableColumnsType<Row> = [
    {
      title: t('exchange.error.row'),
      dataIndex: 'row',
      width: 80,
      sorter: (a, b) => a.row - b.row,
      defaultSortOrder: 'ascend',
    },
    {
      title: t('exchange.error.field'),
      dataIndex: 'field',
      render: (field: string | null) => field ?? EMPTY,
    },
    {
      title: t('exchange.error.code'),
      dataIndex: 'code',
      filters: codes.map((code) => ({ text: ruleLabel(code), value: code })),
      onFilter: (value, error) => error.code === value,
      render: (code: string) => <RuleTag code={code} />,
    },
    { title: t('exchange.error.message'), dataIndex: 'message' },
  ];

  return (
    <div data-testid={testId}>
      <Table<Row>
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
      />
    </div>
  );
}
