import { ArrowRightOutlined } from '@ant-design/icons';
import {
  Alert,
  Card,
  Flex,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  theme,
  type TableColumnsType,
} from 'antd';
import { useT } from '../i18n/context';
import { FigureGrid } from './FigureGrid';
import { RowErrorsTable } from './RowErrorsTable';
import { ValueCell } from './values';
import type { ExchangeItem, IngestResult, RowError, UploadResult } from '../api/exchange';

const COUNTS = [
  'received',
  'inserted',
  'updated',
  'unchanged',
  'deleted',
  'quarantined',
  'rejectedTotal',
] as const;

/** What a batch did (or would do): rows received and what became of them. */
export function IngestCounts({ result, testPrefix }: { result: IngestResult; testPrefix: string }) {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <FigureGrid min={130}>
      {COUNTS.map((key) => {
        const value = result[key];
        const bad = (key === 'rejectedTotal' || key === 'quarantined') && value > 0;
        return (
          <div key={key}>
            <Card size="small">
              <Statistic
                title={t(`exchange.count.${key === 'rejectedTotal' ? 'rejected' : key}`)}
                value={value}
                styles={
                  bad
                    ? { content: { color: key === 'rejectedTotal' ? token.colorError : token.colorWarning } }
                    : undefined
                }
                data-testid={`${testPrefix}-${key}`}
              />
            </Card>
          </div>
        );
      })}
    </FigureGrid>
  );
}

/** The file's headers against the resource's items: matched ones point at their item, others are flagged. */
function ColumnMapping({ columns }: { columns: UploadResult['columns'] }) {
  const t = useT();
  return (
    <Flex wrap gap="small" data-testid="upload-columns">
      {columns.map(({ header, item }, index) =>
        item ? (
          <Tag key={index} color="success" data-matched="true">
            {header} <ArrowRightOutlined /> {item}
          </Tag>
        ) : (
          <Tooltip key={index} title={t('exchange.upload.unmatchedHint')}>
            <Tag color="error" data-matched="false">
              {header} <ArrowRightOutlined /> {t('exchange.upload.unmatched')}
            </Tag>
          </Tooltip>
        ),
      )}
    </Flex>
  );
}

type PreviewRow = Record<string, unknown> & { _row?: number; _error?: string };

/** The first rows as they would be stored (typed); rows with errors highlighted. */
function PreviewTable({ result, items }: { result: UploadResult; items: ExchangeItem[] }) {
  const t = useT();
  const { token } = theme.useToken();
  const errorsByRow = new Map<number, RowError[]>();
  for (const error of result.rejected)
    errorsByRow.set(error.row, [...(errorsByRow.get(error.row) ?? []), error]);
  const matched = new Set(result.columns.flatMap(({ item }) => (item ? [item] : [])));
  const names = [
    ...items.filter(({ name }) => matched.has(name)).map(({ name }) => name),
    ...result.columns.filter(({ item }) => item === null).map(({ header }) => header),
  ];
  const rows = result.preview as PreviewRow[];

  const columns: TableColumnsType<PreviewRow> = [
    { title: t('exchange.error.row'), dataIndex: '_row', width: 64, fixed: 'left' },
    {
      title: t('exchange.upload.rowCheck'),
      key: '_check',
      render: (_, row) => {
        const errors = errorsByRow.get(Number(row._row)) ?? [];
        if (row._error) return <Tag color="error">{row._error}</Tag>;
        if (errors.length === 0) return <Tag color="success">{t('exchange.upload.rowOk')}</Tag>;
        return (
          <Tooltip
            title={errors.map(({ field, message }) => (field ? `${field}：${message}` : message)).join('\n')}
          >
            <Tag color="error">{t('exchange.upload.rowErrors', { count: errors.length })}</Tag>
          </Tooltip>
        );
      },
    },
    ...names.map((name) => ({
      title: name,
      key: name,
      render: (_: unknown, row: PreviewRow) => <ValueCell value={row[name]} />,
    })),
  ];

  return (
    <Table<PreviewRow>
      rowKey={(row) => String(row._row)}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      onRow={(row) =>
        row._error || errorsByRow.has(Number(row._row)) ? { style: { background: token.colorErrorBg } } : {}
      }
      data-testid="upload-preview-rows"
    />
  );
}

/** The dry run of an upload: counts, column mapping, missing items, first rows and rejected rows. */
export function UploadPreview({ result, items }: { result: UploadResult; items: ExchangeItem[] }) {
  const t = useT();
  return (
    <Flex vertical gap="middle" data-testid="upload-preview">
      <IngestCounts result={result} testPrefix="upload-preview" />
      <div>
        <Typography.Title level={5}>{t('exchange.upload.columns')}</Typography.Title>
        <ColumnMapping columns={result.columns} />
      </div>
      {result.missingRequired.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('exchange.upload.missingRequired')}
          description={
            <Space size={4} wrap>
              {result.missingRequired.map((name) => (
                <Tag key={name} color="warning">
                  {name}
                </Tag>
              ))}
            </Space>
          }
          data-testid="upload-missing-required"
        />
      )}
      {result.ignoredColumns.length > 0 && (
        <Alert
          type="info"
          showIcon
          title={t('exchange.upload.ignoredColumns')}
          description={
            <Space size={4} wrap>
              {result.ignoredColumns.map((name) => (
                <Tag key={name}>{name}</Tag>
              ))}
            </Space>
          }
          data-testid="upload-ignored-columns"
        />
      )}
      <div>
        <Typography.Title level={5}>
          {t('exchange.upload.previewRows', { count: result.preview.length })}
        </Typography.Title>
        <PreviewTable result={result} items={items} />
      </div>
      {result.rejected.length > 0 && (
        <div>
          <Typography.Title level={5}>
            {t('exchange.upload.rejectedRows', { count: result.rejectedTotal.toLocaleString() })}
          </Typography.Title>
          <RowErrorsTable errors={result.rejected} testId="upload-rejected" />
        </div>
      )}
    </Flex>
  );
}
