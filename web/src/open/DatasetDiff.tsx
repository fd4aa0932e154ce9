import { Button, Empty, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useState, type CSSProperties } from 'react';
import { diffOpenDataset, type OpenDiff, type OpenDiffItem } from '../api/openVersions';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';
import { ScrollRegion } from './parts';

/** A diff asked for: the two moments as the API takes them, and how they read. */
export interface DiffRequest {
  from: string;
  to: string;
  label: { from: string; to: string };
}

const DIFF_PAGE = 50;

// Contrast at least 4.5:1 for the small text (Ant Design's preset tag colours do not all reach it).
const KIND_STYLE: Record<OpenDiffItem['kind'], CSSProperties> = {
  added: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  changed: { color: '#10239e', background: '#f0f5ff', borderColor: '#adc6ff' },
  removed: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
};
const KIND_LABEL: Record<OpenDiffItem['kind'], MessageKey> = {
  added: 'open.diff.added',
  changed: 'open.diff.changed',
  removed: 'open.diff.removed',
};

const show = (v: unknown) =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** The changes between two moments, a page at a time (keyset: "load more" appends the next). */
export function DiffView({
  name,
  request,
  onClose,
}: {
  name: string;
  request: DiffRequest;
  onClose: () => void;
}) {
  const t = useT();
  const [pages, setPages] = useState<{ request: DiffRequest; items: OpenDiffItem[]; after?: number }>({
    request,
    items: [],
  });
  const current = pages.request === request ? pages : { request, items: [] as OpenDiffItem[] };
  const { data, error, loading } = useQuery(
    useCallback(
      (signal: AbortSignal) =>
        diffOpenDataset(
          name,
          {
            from: request.from,
            to: request.to,
            limit: DIFF_PAGE,
            ...(current.after !== undefined ? { after: current.after } : {}),
          },
          signal,
        ),
      [name, request, current.after],
    ),
  );
  // While the next page loads, `data` is still the last one, already in `current.items`.
  const items = data && !loading ? [...current.items, ...data.items] : current.items;
  const more = (d: OpenDiff) => setPages({ request, items, after: d.nextCursor ?? undefined });

  const columns: TableColumnsType<OpenDiffItem> = [
    {
      title: t('open.diff.kind'),
      dataIndex: 'kind',
      render: (kind: OpenDiffItem['kind']) => (
        <Tag style={KIND_STYLE[kind]} data-testid="open-diff-kind" data-kind={kind}>
          {t(KIND_LABEL[kind])}
        </Tag>
      ),
    },
    {
      title: t('open.diff.key'),
      dataIndex: 'key',
      render: (key: Record<string, unknown>) => Object.values(key).map(show).join(' · ') || '—',
    },
    {
      title: t('open.diff.content'),
      key: 'content',
      render: (_: unknown, item) => {
        const names = Object.keys(item.after ?? item.before ?? {});
        return (
          <ul
            style={{
              margin: 0,
              paddingLeft: 18,
              maxWidth: 520,
              whiteSpace: 'normal',
              wordBreak: 'break-word',
            }}
          >
            {names.map((n) => (
              <li key={n}>
                {n}：
                {item.kind === 'changed'
                  ? `${show(item.before?.[n])} → ${show(item.after?.[n])}`
                  : show((item.after ?? item.before)?.[n])}
              </li>
            ))}
          </ul>
        );
      },
    },
  ];

  return (
    <section aria-label={t('open.diff.title', request.label)} data-testid="open-diff">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '16px 0 8px' }}>
        <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }} data-testid="open-diff-title">
          {t('open.diff.title', request.label)}
        </Typography.Title>
        <Button size="small" onClick={onClose}>
          {t('open.diff.close')}
        </Button>
      </Flex>
      {error ? <ErrorAlert error={error} /> : null}
      {!data && !error ? (
        <Loading />
      ) : data && !items.length ? (
        <Empty description={t('open.diff.none')} />
      ) : items.length ? (
        <ScrollRegion label={t('open.diff.table')}>
          <Table
            rowKey={(_, i) => String(i)}
            size="small"
            pagination={false}
            loading={loading}
            columns={columns}
            dataSource={items}
            data-testid="open-diff-table"
          />
        </ScrollRegion>
      ) : null}
      {data?.nextCursor ? (
        <Button style={{ marginTop: 8 }} onClick={() => more(data)} data-testid="open-diff-more">
          {t('open.diff.more')}
        </Button>
      ) : null}
    </section>
  );
}
