import { App, Button, Card, Flex, Input, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listCreditRecords, type CreditRecordQuery, type Publicity } from '../api/credit';
import { useAccess } from '../auth/access';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { useCursorQuery } from '../shared/useCursorQuery';
import { PUBLICITIES, PUBLICITY_LABEL } from './labels';
import { RecordsTable } from './RecordsTable';
import { SubmitRecordsModal } from './SubmitRecordsModal';

const PAGE_SIZE = 20;

/** `v` only makes the filters new after a submit, so the list reads again. */
const fetchRecords = (
  { v: _v, ...query }: CreditRecordQuery & { v: number; limit: number; before?: string },
  signal: AbortSignal,
) => listCreditRecords(query, signal);

/** 双公示: 行政许可 and 行政处罚 records, filtered by kind, subject and public view; stewards publish and import. */
export default function RecordsPage() {
  const t = useT();
  const { message } = App.useApp();
  const access = useAccess();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [submitting, setSubmitting] = useState(false);
  const [version, setVersion] = useState(0);
  const filters = useMemo<CreditRecordQuery & { v: number }>(() => {
    const q: CreditRecordQuery & { v: number } = { v: version };
    const kind = params.get('kind');
    const search = params.get('q');
    const publicity = params.get('publicity');
    if (kind === 'penalty' || kind === 'license') q.kind = kind;
    if (search) q.q = search;
    if (publicity && (PUBLICITIES as string[]).includes(publicity)) q.publicity = publicity as Publicity;
    return q;
  }, [params, version]);
  const list = useCursorQuery(fetchRecords, filters, PAGE_SIZE);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <Page
      title={t('credit.records.title')}
      extra={
        <Space wrap>
          <Link to="/public/credit" target="_blank">
            {t('credit.records.publicPage')}
          </Link>
          {access.can.publishCredit ? (
            <Button type="primary" onClick={() => setSubmitting(true)} data-testid="credit-publish">
              {t('credit.records.publish')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Card size="small">
        <Flex wrap gap="small">
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('credit.kind')}
            value={filters.kind}
            onChange={(v?: string) => set('kind', v)}
            options={[
              { value: 'penalty', label: t('credit.kind.penalty') },
              { value: 'license', label: t('credit.kind.license') },
            ]}
            data-testid="credit-filter-kind"
          />
          <Input.Search
            allowClear
            style={{ width: 300 }}
            placeholder={t('credit.records.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => set('q', v.trim() || undefined)}
            data-testid="credit-filter-q"
          />
          <Select
            allowClear
            style={{ minWidth: 160 }}
            placeholder={t('credit.publicity')}
            value={filters.publicity}
            onChange={(v?: string) => set('publicity', v)}
            options={PUBLICITIES.map((p) => ({ value: p, label: t(PUBLICITY_LABEL[p]) }))}
          />
        </Flex>
      </Card>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <RecordsTable records={list.items} loading={list.loading} />
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
      {submitting ? (
        <SubmitRecordsModal
          onClose={() => setSubmitting(false)}
          onDone={(text) => {
            setSubmitting(false);
            void message.success(text);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
    </Page>
  );
}
