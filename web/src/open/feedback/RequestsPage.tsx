import { Alert, Button, Card, Empty, Flex, Form, Input, Pagination, Radio, Select, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  listOpenDepartments,
  listOpenRequests,
  OPEN_REQUEST_STATUSES,
  submitOpenRequest,
  type OpenRequest,
  type OpenRequestInput,
  type OpenRequestQuery,
  type OpenRequestStatus,
} from '../../api/openFeedback';
import { useT } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { applyFieldErrors, useErrorMessage } from '../../shared/errors';
import { formatDate } from '../../shared/format';
import { Loading } from '../../shared/Loading';
import { useQuery } from '../../shared/useQuery';
import { useOpenTitle } from '../OpenLayout';
import { excerpt, FlagButton, RequestStatusTag, SignInHint, usePublicAccount } from './common';
import { VoteButton } from './VoteButton';

const PAGE_SIZE = 10;

function RequestForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const describe = useErrorMessage();
  const [form] = Form.useForm<OpenRequestInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<OpenRequest | null>(null);
  const { data: departments } = useQuery(useCallback((s: AbortSignal) => listOpenDepartments(s), []));
  const submit = async (values: OpenRequestInput) => {
    setBusy(true);
    setError(null);
    try {
      setSent(await submitOpenRequest({ ...values, departmentId: values.departmentId ?? null }));
      form.resetFields();
      onDone();
    } catch (failure) {
      if (!applyFieldErrors(form, failure)) setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="fb-request-form">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {sent ? (
        <Alert
          type="success"
          showIcon
          role="status"
          style={{ marginBottom: 12 }}
          title={
            <span>
              {t('fb.request.sent')}{' '}
              <Link to={`/open/requests/${sent.id}`} style={{ textDecoration: 'underline' }}>
                {sent.title}
              </Link>
            </span>
          }
        />
      ) : null}
      <Form.Item
        name="title"
        label={t('fb.request.titleLabel')}
        rules={[{ required: true, min: 4, message: t('fb.request.titleRule') }]}
      >
        <Input maxLength={100} data-testid="fb-request-title" />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('fb.request.description')}
        rules={[{ required: true, min: 10, message: t('fb.request.descriptionRule') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="fb-request-description" />
      </Form.Item>
      <Form.Item
        name="purpose"
        label={t('fb.request.purpose')}
        rules={[{ required: true, min: 2, message: t('fb.request.purposeRule') }]}
      >
        <Input maxLength={500} data-testid="fb-request-purpose" />
      </Form.Item>
      <Form.Item
        name="departmentId"
        label={t('fb.request.department')}
        extra={t('fb.request.departmentHint')}
      >
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          aria-label={t('fb.request.department')}
          options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
          style={{ maxWidth: 360 }}
          data-testid="fb-request-department"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="fb-request-submit">
        {t('fb.request.submit')}
      </Button>
    </Form>
  );
}

export function RequestCard({ request }: { request: OpenRequest }) {
  const t = useT();
  return (
    <Card size="small" data-testid="fb-request-card" data-id={request.id}>
      <Flex vertical gap={6}>
        <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
          <Link to={`/open/requests/${request.id}`}>{request.title}</Link>
        </Typography.Title>
        <Flex wrap gap={8} align="center">
          <RequestStatusTag status={request.status} />
          <Typography.Text type="secondary">
            {request.department?.name ?? t('fb.request.noDepartment')} · {request.author} ·{' '}
            {formatDate(request.createdAt)}
          </Typography.Text>
        </Flex>
        <Typography.Paragraph style={{ margin: 0 }}>{excerpt(request.description, 140)}</Typography.Paragraph>
        <Flex gap="small" align="center" wrap>
          <VoteButton request={request} />
          <FlagButton kind="request" id={request.id} />
        </Flex>
      </Flex>
    </Card>
  );
}

/** 数据需求: what the public asked for, with the departments' answers; filters and paging kept in the address. */
export default function RequestsPage() {
  const t = useT();
  useOpenTitle(t('fb.request.pageTitle'));
  const { canSubmit } = usePublicAccount();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') as OpenRequestStatus | null;
  const sort = params.get('sort') === 'votes' ? 'votes' : 'recent';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') ?? '';
  const query = useMemo<OpenRequestQuery>(
    () => ({
      ...(status && OPEN_REQUEST_STATUSES.includes(status) ? { status } : {}),
      ...(q ? { q } : {}),
      sort,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    [status, q, sort, page],
  );
  const { data, error, loading, reload } = useQuery(
    useCallback((signal: AbortSignal) => listOpenRequests(query, signal), [query]),
  );
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const all = data ? Object.values(data.counts).reduce((a, b) => a + b, 0) : 0;

  return (
    <Flex vertical gap="middle" data-testid="fb-requests-page">
      <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
        {t('fb.request.pageTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('fb.request.intro')}</Typography.Paragraph>
      <section aria-labelledby="fb-request-form-title">
        <Card size="small">
          <Typography.Title level={2} id="fb-request-form-title" style={{ fontSize: 17, marginTop: 0 }}>
            {t('fb.request.new')}
          </Typography.Title>
          {canSubmit ? <RequestForm onDone={reload} /> : <SignInHint />}
        </Card>
      </section>
      <Flex gap="middle" wrap align="center">
        <Radio.Group
          value={status ?? ''}
          onChange={(e) => set({ status: (e.target.value as string) || null })}
          optionType="button"
          aria-label={t('fb.request.filter')}
          options={[
            { value: '', label: `${t('fb.request.all')} (${all})` },
            ...OPEN_REQUEST_STATUSES.map((s) => ({
              value: s,
              label: `${t(`fb.request.status.${s}` as MessageKey)} (${data?.counts[s] ?? 0})`,
            })),
          ]}
          data-testid="fb-request-status"
        />
        <Select
          value={sort}
          onChange={(v) => set({ sort: v === 'votes' ? 'votes' : null })}
          aria-label={t('fb.request.sort')}
          options={[
            { value: 'recent', label: t('fb.request.sortRecent') },
            { value: 'votes', label: t('fb.request.sortVotes') },
          ]}
          style={{ width: 140 }}
        />
        <Input.Search
          defaultValue={q}
          allowClear
          aria-label={t('fb.request.search')}
          placeholder={t('fb.request.search')}
          onSearch={(v) => set({ q: v.trim() || null })}
          style={{ maxWidth: 280 }}
        />
      </Flex>
      {error ? <ErrorAlert error={error} /> : null}
      {!data && loading ? <Loading /> : null}
      {data && !data.items.length ? <Empty description={t('fb.request.none')} /> : null}
      <Flex vertical gap="small">
        {data?.items.map((r) => (
          <RequestCard key={r.id} request={r} />
        ))}
      </Flex>
      {data && data.total > PAGE_SIZE ? (
        <nav aria-label={t('fb.pages')}>
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={data.total}
            showSizeChanger={false}
            onChange={(p) => set({ page: String(p) })}
          />
        </nav>
      ) : null}
    </Flex>
  );
}
