import { Card, Col, Row, Statistic, Table, theme, type TableColumnsType } from 'antd';
import { useT } from '../i18n/context';
import type { ImportError, ImportReport } from '../api/catalog';

type ErrorRow = ImportError & { key: number };

/** Counts of a checked or applied workbook, and its errors: sortable, filterable by sheet. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const t = useT();
  const { token } = theme.useToken();
  const rows: ErrorRow[] = report.errors.map((error, index) => ({ ...error, key: index }));
  const sheets = [...new Set(report.errors.map(({ sheet }) => sheet))];
  const figures = [
    { key: 'created', title: t('catalog.import.created'), value: report.created },
    { key: 'revised', title: t('catalog.import.revised'), value: report.revised },
    { key: 'unchanged', title: t('catalog.import.unchanged'), value: report.unchanged },
    { key: 'errors', title: t('catalog.import.errors'), value: report.errors.length },
  ];

  const columns: TableColumnsType<ErrorRow> = [
    {
      title: t('catalog.import.sheet'),
      dataIndex: 'sheet',
      filters: sheets.map((sheet) => ({ text: sheet, value: sheet })),
      onFilter: (value, error) => error.sheet === value,
      sorter: (a, b) => a.sheet.localeCompare(b.sheet),
    },
    {
      title: t('catalog.import.row'),
      dataIndex: 'row',
      width: 90,
      sorter: (a, b) => a.row - b.row,
      defaultSortOrder: 'ascend',
    },
    {
      title: t('catalog.import.column'),
      dataIndex: 'column',
      sorter: (a, b) => a.column.localeCompare(b.column),
    },
    { title: t('catalog.import.message'), dataIndex: 'message' },
  ];

  return (
    <>
      <Row gutter={[16, 16]}>
        {figures.map(({ key, title, value }) => (
          <Col key={key} xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={title}
                value={value}
                styles={key === 'errors' && value > 0 ? { content: { color: token.colorError } } : undefined}
                data-testid={`import-${key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {report.errors.length > 0 && (
        <div data-testid="import-error-table">
          <Table<ErrorRow>
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          />
        </div>
      )}
    </>
  );
}
