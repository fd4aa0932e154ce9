import { Button, Card, Flex, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  listLicenses,
  listLicenseTypes,
  type LicenseQuery,
  type LicenseStatus,
  type LicenseSummary,
} from '../api/licenses';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDate } from '../shared/format';
import { Page } from '../shared/Page';
import { useCursorQuery } from '../shared/useCursorQuery';
import { useQuery } from '../shared/useQuery';
import { STATUS_LABEL } from './labels';
import { LicenseStatusTag } from './StatusTag';

const PAGE_SIZE = 20;
const STATUSES: LicenseStatus[] = ['valid', 'suspended', 'revoked', 'expired'];

/** 电子证照 list: filters by type, exact holder code and status, newest first, keyset-paged. */
export default function LicensesPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const [holderText, setHolderText] = useState(params.get('holder') ?? '');
  const filters = useMemo<LicenseQuery>(() => {
    const q: LicenseQuery = {};
    const type = params.get('type');
    const holder = params.get('holder');
    const status = params.get('status');
    if (type) q.type = type;
    if (holder) q.holder = holder;
    if (status && (STATUSES as string[]).includes(status)) q.status = status as LicenseStatus;
    return q;
  }, [params]);
  const types = useQuery(listLicenseTypes);
  const list = useCursorQuery(listLicenses, filters, PAGE_SIZE);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const columns: TableColumnsType<LicenseSummary> = [
    {
      title: t('licenses.name'),
      dataIndex: 'name',
      render: (name: string, l) => (
        <Link
          to={`/registries/licenses/view?id=${encodeURIComponent(l.licenseId)}`}
          data-testid="license-link"
        >
          {name}
        </Link>
      ),
    },
    { title: t('licenses.number'), dataIndex: 'number' },
    { title: t('licenses.holder'), dataIndex: 'holderName' },
    { title: t('licenses.holderCode'), dataIndex: 'holderCode', render: (c: string) => <code>{c}</code> },
    { title: t('licenses.issuer'), dataIndex: 'issuerName' },
    { title: t('licenses.issuedOn'), dataIndex: 'issuedOn', render: (d: string) => formatDate(d) },
    {
      title: t('licenses.validUntil'),
      dataIndex: 'validUntil',
      render: (d: string | null) => (d ? formatDate(d) : t('licenses.type.permanent')),
    },
    {
      title: t('licenses.statusLabel'),
      dataIndex: 'status',
      render: (s: LicenseStatus) => <LicenseStatusTag status={s} />,
    },
  ];

  return (
    <Page title={t('licenses.list.title')}>
      <Card size="small">
        <Flex wrap gap="small">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 220 }}
            placeholder={t('licenses.filter.type')}
            value={filters.type}
            onChange={(v?: string) => set('type', v)}
            options={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))}
            data-testid="license-filter-type"
          />
          <Input.Search
            allowClear
            style={{ width: 280 }}
            placeholder={t('licenses.filter.holder')}
            value={holderText}
            onChange={(e) => setHolderText(e.target.value)}
            onSearch={(v) => set('holder', v.trim() || undefined)}
            data-testid="license-filter-holder"
          />
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('licenses.filter.status')}
            value={filters.status}
            onChange={(v?: LicenseStatus) => set('status', v)}
            options={STATUSES.map((s) => ({ value: s, label: t(STATUS_LABEL[s]) }))}
          />
        </Flex>
      </Card>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table<LicenseSummary>
        rowKey="licenseId"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="licenses"
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
    </Page>
  );
}
