import { Card, Flex, Input, Select, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDate, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { usePagedQuery } from '../shared/usePagedQuery';
import { CASE_STATES, listCaseInbox, type CaseInboxQuery, type CaseState, type CaseSummary } from './api';
import { CaseSlaTag, CaseStateTag } from './CaseTags';
import { STATE_LABEL, useCasesI18n } from './messages';

type Filters = Omit<CaseInboxQuery, 'limit' | 'offset'>;
const DUES = ['overdue', 'warning', 'stopped', 'ok'] as const;

/** 办件待办: the department's cases, soonest promised deadline first, with deadline badges. */
export default function CaseInboxPage() {
  const { t, pick } = useCasesI18n();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const filters = useMemo<Filters>(() => {
    const f: Filters = {};
    const state = params.get('state');
    const due = params.get('due');
    const q = params.get('q');
    if (state === 'all' || state === 'open' || (CASE_STATES as readonly string[]).includes(state ?? ''))
      f.state = state as Filters['state'];
    if ((DUES as readonly string[]).includes(due ?? '')) f.due = due as Filters['due'];
    if (q) f.q = q;
    return f;
  }, [params]);
  const list = usePagedQuery(listCaseInbox, filters);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('col.number'),
      dataIndex: 'number',
      render: (n: string, c) => (
        <Link to={`/cases/${c.id}`} data-testid="case-link">
          {n}
        </Link>
      ),
    },
    { title: t('col.item'), render: (_, c) => c.item.itemName },
    { title: t('col.applicant'), render: (_, c) => c.applicant.name },
    { title: t('col.department'), dataIndex: 'departmentName' },
    {
      title: t('col.state'),
      render: (_, c) => (
        <Flex gap={4} wrap>
          <CaseStateTag state={c.state} />
          <CaseSlaTag sla={c.sla} clock={c.clock} />
        </Flex>
      ),
    },
    { title: t('col.received'), dataIndex: 'receivedAt', render: (d: string) => formatDateTime(d) },
    { title: t('col.promised'), dataIndex: 'promisedDueOn', render: (d: string | null) => formatDate(d) },
    {
      title: t('col.remaining'),
      dataIndex: 'remainingWorkdays',
      align: 'right',
      render: (n: number | null) => (n === null ? '—' : n),
    },
  ];

  return (
    <Page title={t('inbox.title')}>
      <Card size="small">
        <Flex wrap gap="small">
          <Select
            style={{ minWidth: 160 }}
            placeholder={t('inbox.state')}
            value={filters.state ?? 'open'}
            onChange={(v: string) => set('state', v === 'open' ? undefined : v)}
            options={[
              { value: 'open', label: t('inbox.state.open') },
              ...CASE_STATES.map((s: CaseState) => ({ value: s, label: pick(STATE_LABEL[s]) })),
              { value: 'all', label: t('inbox.state.all') },
            ]}
            data-testid="case-filter-state"
          />
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('inbox.due')}
            value={filters.due}
            onChange={(v?: string) => set('due', v)}
            options={DUES.map((d) => ({ value: d, label: t(`due.${d}`) }))}
            data-testid="case-filter-due"
          />
          <Input.Search
            allowClear
            style={{ width: 280 }}
            placeholder={t('inbox.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => set('q', v.trim() || undefined)}
          />
        </Flex>
      </Card>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.items}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="case-inbox"
      />
    </Page>
  );
}
