import { App, Button, Card, DatePicker, Flex, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  addCreditListEntry,
  listCreditListEntries,
  removeCreditListEntry,
  type CreditListEntry,
  type CreditListEntryInput,
  type CreditListQuery,
} from '../api/credit';
import { useAccess } from '../auth/access';
import { useMe } from '../auth/context';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { FormModal } from '../shared/FormModal';
import { Page } from '../shared/Page';
import { useCursorQuery } from '../shared/useCursorQuery';
import { CATEGORY_LABEL, LIST_KIND_LABEL, LIST_STATUS_LABEL } from './labels';
import { ListEntriesTable } from './ProfileView';

const STATUSES: CreditListEntry['status'][] = ['in_force', 'pending', 'expired', 'removed'];

const fetchEntries = (
  { v: _v, ...query }: CreditListQuery & { v: number; limit: number; before?: string },
  signal: AbortSignal,
) => listCreditListEntries(query, signal);

type AddValues = Omit<CreditListEntryInput, 'listedOn' | 'validUntil'> & {
  listedOn: Dayjs;
  validUntil?: Dayjs;
};

/** 红名单 / 黑名单: entries with their listing department, basis and period; the listing steward adds and removes. */
export default function ListsPage() {
  const t = useT();
  const { message } = App.useApp();
  const access = useAccess();
  const me = useMe();
  const stewardOf = new Set(
    me.roles.filter((r) => r.role === 'dept_steward').map((r) => r.departmentId ?? me.department?.id),
  );
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<CreditListEntry | null>(null);
  const filters = useMemo(() => {
    const q: CreditListQuery & { v: number } = { v: version };
    const kind = params.get('listKind');
    const status = params.get('status');
    const search = params.get('q');
    if (kind === 'red' || kind === 'black') q.listKind = kind;
    if (status && (STATUSES as string[]).includes(status)) q.status = status as CreditListEntry['status'];
    if (search) q.q = search;
    return q;
  }, [params, version]);
  const list = useCursorQuery(fetchEntries, filters, 20);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <Page
      title={t('credit.lists.title')}
      extra={
        access.can.publishCredit ? (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="credit-list-add">
            {t('credit.lists.add')}
          </Button>
        ) : null
      }
    >
      <Card size="small">
        <Flex wrap gap="small">
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('credit.list.kind')}
            value={filters.listKind}
            onChange={(v?: string) => set('listKind', v)}
            options={(['red', 'black'] as const).map((k) => ({ value: k, label: t(LIST_KIND_LABEL[k]) }))}
            data-testid="credit-list-filter-kind"
          />
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('credit.list.status')}
            value={filters.status}
            onChange={(v?: string) => set('status', v)}
            options={STATUSES.map((s) => ({ value: s, label: t(LIST_STATUS_LABEL[s]) }))}
          />
          <Input.Search
            allowClear
            style={{ width: 300 }}
            placeholder={t('credit.lists.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => set('q', v.trim() || undefined)}
          />
        </Flex>
      </Card>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <ListEntriesTable
        entries={list.items}
        {...(access.can.publishCredit
          ? {
              actions: (e: CreditListEntry) =>
                stewardOf.has(e.departmentId) && !e.removedOn ? (
                  <Button size="small" onClick={() => setRemoving(e)} data-testid="credit-list-remove">
                    {t('credit.lists.remove')}
                  </Button>
                ) : null,
            }
          : {})}
      />
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{t('licenses.list.page', { page: list.page })}</Typography.Text>
        <Space>
          <Button disabled={list.page <= 1 || list.loading} onClick={list.previous}>
            {t('licenses.list.newer')}
          </Button>
          <Button disabled={!list.hasMore || list.loading} onClick={list.next}>
            {t('licenses.list.older')}
          </Button>
        </Space>
      </Flex>
      {adding ? (
        <FormModal<AddValues>
          title={t('credit.lists.add')}
          onClose={() => setAdding(false)}
          submitTestId="credit-list-add-submit"
          initialValues={{ listKind: 'red', subjectCategory: 'legal' }}
          onSubmit={async (v) => {
            const { listedOn, validUntil, ...rest } = v;
            await addCreditListEntry({
              ...rest,
              listedOn: listedOn.format('YYYY-MM-DD'),
              ...(validUntil ? { validUntil: validUntil.format('YYYY-MM-DD') } : {}),
            });
            setAdding(false);
            void message.success(t('credit.lists.added'));
            setVersion((x) => x + 1);
          }}
        >
          <Form.Item name="listKind" label={t('credit.list.kind')} rules={[{ required: true }]}>
            <Select
              options={(['red', 'black'] as const).map((k) => ({ value: k, label: t(LIST_KIND_LABEL[k]) }))}
            />
          </Form.Item>
          <Form.Item name="listName" label={t('credit.list.name')} rules={[{ required: true }]}>
            <Input placeholder={t('credit.lists.namePlaceholder')} />
          </Form.Item>
          <Form.Item name="subjectName" label={t('credit.subjectName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="subjectCategory" label={t('credit.subjectCategory')} rules={[{ required: true }]}>
            <Select
              options={(['legal', 'business', 'person'] as const).map((c) => ({
                value: c,
                label: t(CATEGORY_LABEL[c]),
              }))}
            />
          </Form.Item>
          <Form.Item name="subjectCode" label={t('credit.subjectCode')} rules={[{ required: true }]}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="basis" label={t('credit.list.basis')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="listedOn" label={t('credit.list.listedOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="validUntil" label={t('credit.list.validUntil')}>
            <DatePicker />
          </Form.Item>
        </FormModal>
      ) : null}
      {removing ? (
        <FormModal<{ reason: string }>
          title={`${t('credit.lists.remove')} · ${removing.subjectName}`}
          onClose={() => setRemoving(null)}
          submitTestId="credit-list-remove-submit"
          onSubmit={async (v) => {
            await removeCreditListEntry(removing.id, v.reason);
            setRemoving(null);
            setVersion((x) => x + 1);
          }}
        >
          <Form.Item name="reason" label={t('credit.lists.removeReason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="credit-list-remove-reason" />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}
