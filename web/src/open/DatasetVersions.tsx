import { HistoryOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Input, Table, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { OpenDatasetDetail } from '../api/open';
import { queryOpenDataset } from '../api/open';
import { listOpenDatasetVersions, type OpenVersion } from '../api/openVersions';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useKeysetQuery } from '../shared/useKeysetQuery';
import { useQuery } from '../shared/useQuery';
import { DiffView, type DiffRequest } from './DatasetDiff';
import { useFormatNumber } from './labels';
import { ScrollRegion, SectionCard } from './parts';

/** The moment the preview shows: what the API is asked (`asOf`), how it reads, and how many records it had. */
export interface AsOfView {
  at: string;
  label: string;
  records: number;
}

/** The city's calendar day (UTC+8) of an instant: the date inputs speak in it, as the API does. */
function cityDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The feed for browsers and feed readers that look for it in the page's head. */
function useFeedLink(href: string, title: string) {
  useEffect(() => {
    const link = document.createElement('link');
    link.rel = 'alternate';
    link.type = 'application/atom+xml';
    link.href = href;
    link.title = title;
    link.dataset.testid = 'open-atom-link';
    document.head.appendChild(link);
    return () => link.remove();
  }, [href, title]);
}

/**
 * 版本: the dataset's versions (each update, with its counts), the data as of a date (the preview reloads as of
 * it), the changes between two dates, and the Atom feed of the versions.
 */
export function DatasetVersions({
  detail,
  asOf,
  onAsOf,
}: {
  detail: OpenDatasetDetail;
  asOf: AsOfView | null;
  onAsOf: (view: AsOfView | null) => void;
}) {
  const t = useT();
  const format = useFormatNumber();
  const ids = useId();
  const open = detail.openType === 'open';
  const today = cityDay(new Date());
  const [day, setDay] = useState(today);
  const [range, setRange] = useState({ from: '', to: today });
  const [diff, setDiff] = useState<DiffRequest | null>(null);
  const [asOfError, setAsOfError] = useState<unknown>(null);

  const fetchPage = useCallback(
    async (query: { limit: number; before?: string }, signal: AbortSignal) => {
      const page = await listOpenDatasetVersions(
        detail.name,
        { limit: query.limit, ...(query.before ? { before: Number(query.before) } : {}) },
        signal,
      );
      return { ...page, nextCursor: page.nextCursor === null ? null : String(page.nextCursor) };
    },
    [detail.name],
  );
  const [filters] = useState({});
  const versions = useKeysetQuery(fetchPage, filters);
  // The history kept and the feed come with every page; the first is enough.
  const { data: head } = useQuery(
    useCallback(
      (signal: AbortSignal) => listOpenDatasetVersions(detail.name, { limit: 1 }, signal),
      [detail.name],
    ),
  );
  const feed = head?.feed ?? `/open/api/datasets/${detail.name}/changes.atom`;
  useFeedLink(feed, t('open.ver.feedTitle', { title: detail.title }));
  const earliest = head?.earliestDate ?? '';

  /** Shows the data as of `at` in the preview: its count first, so that the preview's pages are right. */
  const view = async (at: string, label: string) => {
    setAsOfError(null);
    try {
      const counted = await queryOpenDataset(detail.name, { $select: 'count(*) AS n', asOf: at });
      onAsOf({ at, label, records: Number(counted.rows[0]?.n ?? 0) });
    } catch (err) {
      setAsOfError(err);
    }
  };
  const submitDay = (e: FormEvent) => {
    e.preventDefault();
    if (day) void view(day, day);
  };
  const submitRange = (e: FormEvent) => {
    e.preventDefault();
    if (range.from && range.to) setDiff({ from: range.from, to: range.to, label: { ...range } });
  };

  const columns: TableColumnsType<OpenVersion> = [
    { title: t('open.ver.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at) },
    {
      title: t('open.ver.inserted'),
      dataIndex: 'inserted',
      align: 'right',
      render: (n: number) => format(n),
    },
    { title: t('open.ver.updated'), dataIndex: 'updated', align: 'right', render: (n: number) => format(n) },
    { title: t('open.ver.deleted'), dataIndex: 'deleted', align: 'right', render: (n: number) => format(n) },
    ...(open
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, v: OpenVersion) =>
              v.available ? (
                <Flex gap={4} wrap>
                  <Button
                    size="small"
                    type="link"
                    data-testid="open-version-view"
                    onClick={() => void view(v.at, formatDateTime(v.at))}
                  >
                    {t('open.ver.viewVersion')}
                  </Button>
                  <Button
                    size="small"
                    type="link"
                    data-testid="open-version-diff"
                    onClick={() => {
                      const from = new Date(new Date(v.at).getTime() - 1).toISOString();
                      setDiff({
                        from,
                        to: v.at,
                        label: { from: formatDateTime(from), to: formatDateTime(v.at) },
                      });
                    }}
                  >
                    {t('open.ver.viewChanges')}
                  </Button>
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('open.ver.unavailable')}</Typography.Text>
              ),
          },
        ]
      : []),
  ];

  return (
    <SectionCard
      id="open-versions-title"
      title={t('open.ds.versions')}
      testId="open-versions"
      extra={
        <a href={feed} type="application/atom+xml" data-testid="open-versions-feed">
          <HistoryOutlined aria-hidden /> {t('open.ver.feed')}
        </a>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('open.ver.intro')}
        {earliest ? ` ${t('open.ver.earliest', { date: earliest })}` : ''}
      </Typography.Paragraph>
      {open ? (
        <Flex wrap gap="large" style={{ marginBottom: 12 }}>
          <form onSubmit={submitDay} aria-label={t('open.ver.asOf')} data-testid="open-asof-form">
            <Flex vertical gap={4}>
              <label htmlFor={`${ids}-day`}>{t('open.ver.asOfDate')}</label>
              <Flex gap={8} wrap>
                <Input
                  id={`${ids}-day`}
                  type="date"
                  value={day}
                  min={earliest || undefined}
                  max={today}
                  onChange={(e) => setDay(e.target.value)}
                  style={{ width: 170 }}
                  data-testid="open-asof-date"
                />
                <Button htmlType="submit" data-testid="open-asof-show">
                  {t('open.ver.show')}
                </Button>
                {asOf ? (
                  <Button onClick={() => onAsOf(null)} data-testid="open-asof-latest">
                    {t('open.ver.latest')}
                  </Button>
                ) : null}
              </Flex>
            </Flex>
          </form>
          <form onSubmit={submitRange} aria-label={t('open.ver.compare')} data-testid="open-diff-form">
            <Flex gap={8} wrap align="end">
              <Flex vertical gap={4}>
                <label htmlFor={`${ids}-from`}>{t('open.ver.from')}</label>
                <Input
                  id={`${ids}-from`}
                  type="date"
                  value={range.from}
                  min={earliest || undefined}
                  max={today}
                  onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
                  style={{ width: 170 }}
                  data-testid="open-diff-from"
                />
              </Flex>
              <Flex vertical gap={4}>
                <label htmlFor={`${ids}-to`}>{t('open.ver.to')}</label>
                <Input
                  id={`${ids}-to`}
                  type="date"
                  value={range.to}
                  min={earliest || undefined}
                  max={today}
                  onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
                  style={{ width: 170 }}
                  data-testid="open-diff-to"
                />
              </Flex>
              <Button htmlType="submit" disabled={!range.from || !range.to} data-testid="open-diff-compare">
                {t('open.ver.compareButton')}
              </Button>
            </Flex>
          </form>
        </Flex>
      ) : null}
      {asOfError ? <ErrorAlert error={asOfError} /> : null}
      {asOf ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('open.ver.viewing', { date: asOf.label })}
          data-testid="open-asof-viewing"
        />
      ) : null}
      {versions.error ? <ErrorAlert error={versions.error} /> : null}
      {!versions.items.length && versions.loading ? (
        <Loading />
      ) : !versions.items.length ? (
        <Empty description={t('open.ver.none')} />
      ) : (
        <ScrollRegion label={t('open.ver.table')}>
          <Table
            rowKey="id"
            size="small"
            loading={versions.loading}
            pagination={versions.pagination}
            columns={columns}
            dataSource={versions.items}
            data-testid="open-versions-table"
          />
        </ScrollRegion>
      )}
      {diff ? <DiffView name={detail.name} request={diff} onClose={() => setDiff(null)} /> : null}
    </SectionCard>
  );
}
