import {
  Button,
  Card,
  Flex,
  Input,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { NotFound } from '../shared/StatusPages';
import { useQuery } from '../shared/useQuery';
import { listGoldenRecords, type GoldenQuery, type GoldenRecord, type Segment } from './api';
import { SUBJECT } from './labels';
import { recordPath, useOverview, useRegistryName, useSegment } from './useRegistry';

const PAGE_SIZE = 50;

export default function RecordsPage() {
  const segment = useSegment();
  return segment ? <Records segment={segment} key={segment} /> : <NotFound />;
}

/**
 * A registry's golden records, by id; an exact id / key / name search and an "only with open conflicts" switch.
 * Keyset paging: the server gives the next page's `after` and no total, so the pages reached are remembered.
 */
function Records({ segment }: { segment: Segment }) {
  const t = useT();
  const name = useRegistryName();
  const overview = useOverview(segment);
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const q = params.get('q') ?? '';
  const conflicts = params.get('conflicts') === '1';
  const filters = useMemo(() => ({ q, conflicts }), [q, conflicts]);
  const [paging, setPaging] = useState<{ filters: typeof filters; afters: (string | undefined)[] }>({
    filters,
    afters: [undefined],
  });
  const afters = paging.filters === filters ? paging.afters : [undefined];
  const after = afters[afters.length - 1];
  const list = useQuery(
    useCallback(
      (signal: AbortSignal) => {
        const query: GoldenQuery = { limit: PAGE_SIZE };
        if (filters.q) query.q = filters.q;
        if (filters.conflicts) query.conflicts = true;
        if (after) query.after = after;
        return listGoldenRecords(segment, query, signal);
      },
      [segment, filters, after],
    ),
  );
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const nextAfter = list.data?.next ?? null;

  const columns: TableColumnsType<GoldenRecord> = [
    {
      title: t('registries.record.id'),
      dataIndex: 'id',
      render: (id: string) => (
        <Link to={recordPath(segment, id)} data-testid="registry-record-link">
          <code>{id}</code>
        </Link>
      ),
    },
    { title: t('registries.record.name'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
    {
      title: t('registries.record.key'),
      dataIndex: 'key',
      render: (v: string | null) => (v ? <code data-testid="registry-record-key">{v}</code> : '—'),
    },
    { title: t('registries.record.records'), dataIndex: 'records', align: 'right' },
    {
      title: t('registries.record.conflicts'),
      dataIndex: 'conflicts',
      align: 'right',
      render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0),
    },
    {
      title: t('registries.record.updatedAt'),
      dataIndex: 'updatedAt',
      render: (v: string) => formatDateTime(v),
    },
  ];

  return (
    <Page
      title={`${name(overview.data, segment)} · ${t(SUBJECT[segment].records)}`}
      extra={<Link to="/registries">{t('registries.back')}</Link>}
    >
      <Card size="small">
        <Flex wrap gap="middle" align="center">
          <Input.Search
            allowClear
            style={{ width: '100%', maxWidth: 360 }}
            placeholder={t('registries.records.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => set('q', v.trim() || undefined)}
            data-testid="registry-records-search"
          />
          <Space>
            <Switch
              checked={conflicts}
              onChange={(on) => set('conflicts', on ? '1' : undefined)}
              data-testid="registry-records-conflicts"
            />
            <span>{t('registries.records.onlyConflicts')}</span>
          </Space>
        </Flex>
      </Card>
      <ErrorAlert error={list.error} />
      <Table<GoldenRecord>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="registry-records"
      />
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">
          {t('registries.records.page', { page: afters.length })}
        </Typography.Text>
        <Space>
          <Button
            disabled={afters.length <= 1 || list.loading}
            onClick={() => setPaging({ filters, afters: afters.slice(0, -1) })}
            data-testid="registry-records-previous"
          >
            {t('registries.records.previous')}
          </Button>
          <Button
            disabled={!nextAfter || list.loading}
            onClick={() => nextAfter && setPaging({ filters, afters: [...afters, nextAfter] })}
            data-testid="registry-records-next"
          >
            {t('registries.records.next')}
          </Button>
        </Space>
      </Flex>
    </Page>
  );
}
