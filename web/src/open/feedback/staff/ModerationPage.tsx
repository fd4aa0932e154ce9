import { Button, Card, Flex, Form, Input, Segmented, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import {
  decideOpenShowcase,
  getOpenModerationQueue,
  listOpenDepartments,
  routeOpenRequest,
  setOpenFeedbackHidden,
  type OpenFeedbackKind,
  type OpenModerationItem,
  type OpenModerationQuery,
} from '../../../api/openFeedback';
import { useT } from '../../../i18n/context';
import type { MessageKey } from '../../../i18n/zh';
import { ErrorAlert } from '../../../shared/ErrorAlert';
import { FormModal } from '../../../shared/FormModal';
import { formatDateTime } from '../../../shared/format';
import { Page } from '../../../shared/Page';
import { useQuery } from '../../../shared/useQuery';

type Filter = NonNullable<OpenModerationQuery['filter']>;
const FILTERS: Filter[] = ['pending', 'flagged', 'hidden', 'all'];
const KINDS: OpenFeedbackKind[] = ['request', 'report', 'rating', 'showcase'];
const PAGE_SIZE = 50;

interface Acting {
  act: 'approve' | 'reject' | 'route' | 'hide' | 'restore';
  item: OpenModerationItem;
}

/**
 * 反馈审核: the operator's queue — showcases to approve and requests to route, what the public flagged, what is
 * hidden, or everything — with hide and restore (a reason each, audited).
 */
export default function ModerationPage() {
  const t = useT();
  const [filter, setFilter] = useState<Filter>('pending');
  const [kind, setKind] = useState<OpenFeedbackKind | undefined>(undefined);
  const [page, setPage] = useState(1);
  const query = useMemo<OpenModerationQuery>(
    () => ({ filter, ...(kind ? { kind } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    [filter, kind, page],
  );
  const { data, error, loading, reload } = useQuery(
    useCallback((signal: AbortSignal) => getOpenModerationQueue(query, signal), [query]),
  );
  const { data: departments } = useQuery(useCallback((s: AbortSignal) => listOpenDepartments(s), []));
  const [acting, setActing] = useState<Acting | null>(null);

  const columns: TableColumnsType<OpenModerationItem> = [
    {
      title: t('fb.mod.kind'),
      key: 'kind',
      render: (_, i) => <Tag style={{ color: '#1f1f1f' }}>{t(`fb.kind.${i.kind}` as MessageKey)}</Tag>,
    },
    {
      title: t('fb.mod.content'),
      key: 'content',
      render: (_, i) => (
        <Flex vertical gap={2} style={{ maxWidth: 420 }}>
          {i.title && i.title !== i.text ? <Typography.Text strong>{i.title}</Typography.Text> : null}
          <Typography.Text>{i.text}</Typography.Text>
          {i.url ? <Typography.Text type="secondary">{i.url}</Typography.Text> : null}
          {i.dataset ? (
            <Typography.Text type="secondary">{i.dataset.title || i.dataset.name}</Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { title: t('fb.mod.author'), dataIndex: 'author' },
    {
      title: t('fb.inbox.status'),
      key: 'status',
      render: (_, i) =>
        i.kind === 'rating'
          ? t('fb.rating.starN', { n: Number(i.status) })
          : t(`fb.mod.status.${i.status}` as MessageKey),
    },
    { title: t('fb.mod.department'), key: 'dep', render: (_, i) => i.department?.name ?? '' },
    { title: t('fb.mod.flags'), dataIndex: 'flags' },
    {
      title: t('fb.mod.hidden'),
      key: 'hidden',
      render: (_, i) => (i.hiddenAt ? `${formatDateTime(i.hiddenAt)} ${i.hiddenReason ?? ''}` : ''),
    },
    { title: t('fb.request.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, i) => (
        <Flex gap={4} wrap>
          {i.kind === 'showcase' && i.status === 'pending' ? (
            <>
              <Button
                size="small"
                type="primary"
                onClick={() => setActing({ act: 'approve', item: i })}
                data-testid="fb-mod-approve"
              >
                {t('fb.mod.approve')}
              </Button>
              <Button
                size="small"
                onClick={() => setActing({ act: 'reject', item: i })}
                data-testid="fb-mod-reject"
              >
                {t('fb.mod.reject')}
              </Button>
            </>
          ) : null}
          {i.kind === 'request' && (i.status === 'submitted' || i.status === 'routed') ? (
            <Button
              size="small"
              onClick={() => setActing({ act: 'route', item: i })}
              data-testid="fb-mod-route"
            >
              {t('fb.mod.route')}
            </Button>
          ) : null}
          {i.hiddenAt ? (
            <Button
              size="small"
              onClick={() => setActing({ act: 'restore', item: i })}
              data-testid="fb-mod-restore"
            >
              {t('fb.mod.restore')}
            </Button>
          ) : (
            <Button
              size="small"
              danger
              onClick={() => setActing({ act: 'hide', item: i })}
              data-testid="fb-mod-hide"
            >
              {t('fb.mod.hide')}
            </Button>
          )}
        </Flex>
      ),
    },
  ];

  const done = () => {
    setActing(null);
    reload();
  };

  return (
    <Page title={t('nav.openModeration')}>
      <Card size="small">
        <Flex vertical gap="middle">
          <Flex gap="middle" wrap>
            <Segmented
              value={filter}
              onChange={(v) => {
                setFilter(v as Filter);
                setPage(1);
              }}
              options={FILTERS.map((f) => ({ value: f, label: t(`fb.mod.filter.${f}` as MessageKey) }))}
              data-testid="fb-mod-filter"
            />
            <Select
              allowClear
              placeholder={t('fb.mod.allKinds')}
              aria-label={t('fb.mod.kind')}
              value={kind}
              onChange={(v?: OpenFeedbackKind) => {
                setKind(v);
                setPage(1);
              }}
              options={KINDS.map((k) => ({ value: k, label: t(`fb.kind.${k}` as MessageKey) }))}
              style={{ width: 160 }}
            />
          </Flex>
          {error ? <ErrorAlert error={error} /> : null}
          <Table
            size="small"
            rowKey={(i) => `${i.kind}:${i.id}`}
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              onChange: setPage,
              showTotal: (total) => t('common.total', { total }),
            }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('fb.inbox.none') }}
            data-testid="fb-mod-table"
          />
        </Flex>
      </Card>
      {acting?.act === 'approve' ? (
        <FormModal<object>
          title={t('fb.mod.approveTitle', { title: acting.item.title })}
          onClose={() => setActing(null)}
          submitTestId="fb-mod-confirm"
          onSubmit={async () => {
            await decideOpenShowcase(acting.item.id, true);
            done();
          }}
        >
          <Typography.Paragraph>{acting.item.text}</Typography.Paragraph>
        </FormModal>
      ) : null}
      {acting?.act === 'route' ? (
        <FormModal<{ departmentId: string }>
          title={t('fb.mod.routeTitle', { title: acting.item.title })}
          onClose={() => setActing(null)}
          submitTestId="fb-mod-confirm"
          onSubmit={async ({ departmentId }) => {
            await routeOpenRequest(acting.item.id, departmentId);
            done();
          }}
        >
          <Form.Item
            name="departmentId"
            label={t('fb.request.department')}
            rules={[{ required: true, message: t('fb.mod.departmentRule') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
              data-testid="fb-mod-department"
            />
          </Form.Item>
        </FormModal>
      ) : null}
      {acting && (acting.act === 'hide' || acting.act === 'restore' || acting.act === 'reject') ? (
        <FormModal<{ reason: string }>
          title={t(`fb.mod.${acting.act}Title` as MessageKey, {
            title: acting.item.title || acting.item.text,
          })}
          onClose={() => setActing(null)}
          submitTestId="fb-mod-confirm"
          onSubmit={async ({ reason }) => {
            if (acting.act === 'reject') await decideOpenShowcase(acting.item.id, false, reason);
            else await setOpenFeedbackHidden(acting.item.kind, acting.item.id, acting.act === 'hide', reason);
            done();
          }}
        >
          <Form.Item
            name="reason"
            label={t('fb.mod.reason')}
            rules={[{ required: true, min: 2, message: t('fb.mod.reasonRule') }]}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="fb-mod-reason" />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}
