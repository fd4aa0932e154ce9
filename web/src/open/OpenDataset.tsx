import { DownloadOutlined, LockOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Descriptions,
  Empty,
  Flex,
  Pagination,
  Result,
  Table,
  Tag,
  Typography,
  type DescriptionsProps,
  type TableColumnsType,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import {
  getOpenDataset,
  queryOpenDataset,
  type OpenColumnType,
  type OpenDatasetDetail,
  type OpenDictionaryItem,
} from '../api/open';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDate, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';
import { ApiExamples } from './ApiExamples';
import { ApplyPanel } from './developer/ApplyPanel';
import { DatasetCharts, DatasetMap } from './DatasetCharts';
import { DatasetVersions, type AsOfView } from './DatasetVersions';
import { DatasetFeedback } from './feedback/DatasetFeedback';
import { datasetJsonLd, useJsonLd } from './jsonLd';
import { cycleLabel, CycleTag, OpenTypeTag, ThemeTag, useFormatNumber } from './labels';
import { useOpenTitle } from './OpenLayout';
import { ScrollRegion, SectionCard } from './parts';
import { QualityPanel } from './quality';

const PREVIEW_SIZE = 10;

const TYPE_LABEL: Record<OpenColumnType, MessageKey> = {
  text: 'open.type.text',
  number: 'open.type.number',
  integer: 'open.type.integer',
  date: 'open.type.date',
  datetime: 'open.type.datetime',
  boolean: 'open.type.boolean',
};

/** A long text in a table cell wraps at this width instead of widening the table without end. */
const Wrap = ({ children }: { children: string }) => (
  <div style={{ maxWidth: 360, whiteSpace: 'normal', wordBreak: 'break-word' }}>{children}</div>
);

function Metadata({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  const format = useFormatNumber();
  const items: DescriptionsProps['items'] = [
    { key: 'code', label: t('open.ds.code'), children: <code>{detail.code}</code> },
    { key: 'organization', label: t('open.ds.organization'), children: detail.organization.title },
    { key: 'publishDate', label: t('open.ds.publishDate'), children: formatDate(detail.publishDate) },
    { key: 'modified', label: t('open.ds.modified'), children: formatDateTime(detail.modifiedAt) },
    { key: 'updateCycle', label: t('open.ds.updateCycle'), children: cycleLabel(t, detail.updateCycle) },
    {
      key: 'openCondition',
      label: t('open.ds.openCondition'),
      children:
        detail.openType === 'open'
          ? t('open.ds.noCondition')
          : (detail.openCondition ?? t('open.openType.conditional')),
    },
    {
      key: 'contact',
      label: t('open.ds.contact'),
      children: detail.contactName
        ? `${detail.contactName}${detail.contactPhone ? ` ${detail.contactPhone}` : ''}`
        : EMPTY,
    },
    {
      key: 'records',
      label: t('open.ds.records'),
      children: <span data-testid="open-ds-records">{format(detail.records)}</span>,
    },
  ];
  return (
    <SectionCard id="open-meta-title" title={t('open.ds.meta')} testId="open-meta">
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} items={items} />
    </SectionCard>
  );
}

function Dictionary({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  const columns: TableColumnsType<OpenDictionaryItem> = [
    { title: t('open.dict.name'), dataIndex: 'name', render: (name: string) => <Wrap>{name}</Wrap> },
    {
      title: t('open.dict.type'),
      dataIndex: 'type',
      render: (type: OpenColumnType | null, item) => (type ? t(TYPE_LABEL[type]) : item.dataType),
    },
    { title: t('open.dict.length'), dataIndex: 'length', render: (n: number | null) => n ?? EMPTY },
    {
      title: t('open.dict.description'),
      dataIndex: 'description',
      render: (d: string | null) => (d ? <Wrap>{d}</Wrap> : EMPTY),
    },
    { title: t('open.dict.key'), dataIndex: 'isKey', render: (k: boolean) => (k ? t('open.dict.yes') : '') },
    {
      title: t('open.dict.open'),
      dataIndex: 'open',
      render: (open: boolean) =>
        open ? (
          t('open.dict.isOpen')
        ) : (
          <Tag icon={<LockOutlined aria-hidden />} data-testid="open-dict-closed">
            {t('open.dict.closed')}
          </Tag>
        ),
    },
  ];
  return (
    <SectionCard id="open-dict-title" title={t('open.ds.dictionary')} testId="open-dictionary">
      <ScrollRegion label={t('open.ds.dictionary')}>
        <Table
          rowKey="name"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={detail.dictionary}
          data-testid="open-dictionary-table"
        />
      </ScrollRegion>
    </SectionCard>
  );
}

/** A preview cell: a datetime in local time, a boolean in words, long text wrapped. */
function cell(t: ReturnType<typeof useT>, type: OpenColumnType, value: unknown) {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (typeof value === 'boolean') return value ? t('open.dict.yes') : t('open.dict.no');
  if (type === 'datetime') return formatDateTime(String(value));
  return <Wrap>{String(value)}</Wrap>;
}

/** 数据预览: the records a page at a time, through the query API; as of a moment when the 版本 section picks one. */
function Preview({ detail, asOf }: { detail: OpenDatasetDetail; asOf?: AsOfView | null }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const { data, error, loading } = useQuery(
    useCallback(
      (signal: AbortSignal) =>
        queryOpenDataset(
          detail.name,
          {
            $limit: String(PREVIEW_SIZE),
            $offset: String((page - 1) * PREVIEW_SIZE),
            ...(asOf ? { asOf: asOf.at } : {}),
          },
          signal,
        ),
      [detail.name, page, asOf],
    ),
  );
  const columns = useMemo<TableColumnsType<Record<string, unknown>>>(
    () =>
      (data?.columns ?? []).map((c) => ({
        title: c.name,
        dataIndex: c.name,
        key: c.name,
        render: (v: unknown) => cell(t, c.type, v),
      })),
    [data, t],
  );

  let body;
  if (error) body = <ErrorAlert error={error} />;
  else if (!data) body = <Loading />;
  else if (!data.rows.length && page === 1) body = <Empty description={t('open.preview.none')} />;
  else
    body = (
      <>
        <ScrollRegion label={t('open.preview.label')} testId="open-preview-region">
          <Table
            rowKey={(_, i) => String(i)}
            size="small"
            loading={loading}
            pagination={false}
            columns={columns}
            dataSource={data.rows}
            data-testid="open-preview-table"
          />
        </ScrollRegion>
        {(asOf?.records ?? detail.records) > PREVIEW_SIZE ? (
          <nav aria-label={t('open.preview.pages')} style={{ marginTop: 12 }}>
            <Pagination
              size="small"
              current={page}
              pageSize={PREVIEW_SIZE}
              total={asOf?.records ?? detail.records}
              showSizeChanger={false}
              onChange={setPage}
            />
          </nav>
        ) : null}
      </>
    );
  return (
    <SectionCard
      id="open-preview-title"
      title={asOf ? `${t('open.ds.preview')}（${asOf.label}）` : t('open.ds.preview')}
      testId="open-preview"
    >
      {body}
    </SectionCard>
  );
}

function Conditional({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  return (
    <SectionCard id="open-preview-title" title={t('open.ds.preview')} testId="open-conditional">
      <Alert
        type="warning"
        showIcon
        title={t('open.ds.conditionalTitle')}
        description={
          <>
            <Typography.Paragraph style={{ margin: 0 }}>{t('open.ds.conditional')}</Typography.Paragraph>
            {detail.openCondition ? (
              <Typography.Paragraph style={{ margin: '6px 0 0' }}>
                {t('open.ds.openCondition')}：{detail.openCondition}
              </Typography.Paragraph>
            ) : null}
            {detail.contactName ? (
              <Typography.Paragraph style={{ margin: '6px 0 0' }}>
                {t('open.ds.contact')}：{detail.contactName} {detail.contactPhone ?? ''}
              </Typography.Paragraph>
            ) : null}
          </>
        }
      />
    </SectionCard>
  );
}

/** 数据下载: CSV (also with a BOM, so that Excel reads it as UTF-8), JSON and XLSX. */
function Downloads({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  const links = [
    { key: 'csv', href: detail.downloads.csv, label: t('open.dl.csv') },
    {
      key: 'csv-bom',
      href: `${detail.downloads.csv}${detail.downloads.csv.includes('?') ? '&' : '?'}bom=1`,
      label: t('open.dl.csvBom'),
    },
    { key: 'json', href: detail.downloads.json, label: t('open.dl.json') },
    { key: 'xlsx', href: detail.downloads.xlsx, label: t('open.dl.xlsx') },
  ];
  return (
    <SectionCard id="open-downloads-title" title={t('open.ds.downloads')} testId="open-downloads">
      <Flex wrap gap="small">
        {links.map((l) => (
          <Button
            key={l.key}
            href={l.href}
            icon={<DownloadOutlined aria-hidden />}
            data-testid={`open-download-${l.key}`}
          >
            {l.label}
          </Button>
        ))}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '10px 0 0' }}>
        {t('open.dl.hint')}
      </Typography.Paragraph>
    </SectionCard>
  );
}

function Page({ detail }: { detail: OpenDatasetDetail }) {
  useJsonLd(useMemo(() => datasetJsonLd(detail, window.location.href.split('?')[0]!), [detail]));
  const open = detail.openType === 'open';
  const [asOf, setAsOf] = useState<AsOfView | null>(null);
  return (
    <Flex vertical gap="middle" data-testid="open-dataset" data-name={detail.name}>
      <Flex vertical gap={8}>
        <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }} data-testid="open-ds-title">
          {detail.title}
        </Typography.Title>
        <Flex wrap gap={6} align="center">
          <OpenTypeTag openType={detail.openType} />
          <CycleTag cycle={detail.updateCycle} />
          {detail.group ? <ThemeTag title={detail.group.title} /> : null}
          <Typography.Text type="secondary">{detail.organization.title}</Typography.Text>
        </Flex>
        <Typography.Paragraph style={{ margin: 0 }}>{detail.summary}</Typography.Paragraph>
      </Flex>
      <Metadata detail={detail} />
      <Dictionary detail={detail} />
      <QualityPanel detail={detail} />
      {open ? <Preview key={asOf?.at ?? ''} detail={detail} asOf={asOf} /> : <Conditional detail={detail} />}
      {open ? null : <ApplyPanel detail={detail} />}
      <DatasetVersions detail={detail} asOf={asOf} onAsOf={setAsOf} />
      {open && detail.records > 0 ? <DatasetCharts detail={detail} /> : null}
      {open && detail.records > 0 ? <DatasetMap detail={detail} /> : null}
      {open ? <Downloads detail={detail} /> : null}
      <ApiExamples detail={detail} />
      <DatasetFeedback detail={detail} />
    </Flex>
  );
}

/** A dataset's page: metadata, data dictionary, preview, charts, map, downloads and API examples. */
export default function OpenDataset() {
  const t = useT();
  const { name = '' } = useParams();
  const { data, error } = useQuery(
    useCallback((signal: AbortSignal) => getOpenDataset(name, signal), [name]),
  );
  const notFound = error instanceof ApiError && (error.status === 404 || error.status === 400);
  useOpenTitle(notFound ? t('open.ds.notFound') : data?.title);

  return (
    <Flex vertical gap="middle">
      <Breadcrumb
        aria-label={t('open.breadcrumb')}
        items={[
          { title: <Link to="/open">{t('open.nav.home')}</Link> },
          { title: <Link to="/open/datasets">{t('open.nav.datasets')}</Link> },
          { title: data?.title ?? name },
        ]}
      />
      {notFound ? (
        <Result
          status="404"
          title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('open.ds.notFound')}</h1>}
          subTitle={name}
          extra={<Link to="/open/datasets">{t('open.ds.back')}</Link>}
        />
      ) : error ? (
        <ErrorAlert error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <Page detail={data} />
      )}
    </Flex>
  );
}
