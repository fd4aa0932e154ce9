import { Button, Card, Flex, Form, Input, Segmented, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import {
  decideOpenApplication,
  listOpenApplications,
  revokeOpenApplication,
  type OpenApplication,
  type OpenApplicationStatus,
} from '../../api/openDevelopers';
import { useAccess } from '../../auth/access';
import { useT } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { FormModal } from '../../shared/FormModal';
import { formatDateTime } from '../../shared/format';
import { Page } from '../../shared/Page';
import { usePagedQuery } from '../../shared/usePagedQuery';
import { ApplicationStatusTag } from '../developer/applications';

type ViewKey = 'pending' | 'approved' | 'all';
const VIEWS: { key: ViewKey; label: MessageKey; status?: OpenApplicationStatus }[] = [
  { key: 'pending', label: 'dev.staff.pending', status: 'pending' },
  { key: 'approved', label: 'dev.staff.approved', status: 'approved' },
  { key: 'all', label: 'dev.staff.all' },
];

type Acting = { kind: 'approve' | 'reject' | 'revoke'; application: OpenApplication };

/**
 * 开放数据使用申请: the 有条件开放 applications for the datasets of the departments the steward keeps (every one for
 * the operator), pending first; approve, reject with a reason, revoke an approval with a reason.
 */
export default function OpenApplicationsPage() {
  const t = useT();
  const { can } = useAccess();
  const [view, setView] = useState<ViewKey>('pending');
  const filters = useMemo(() => {
    const status = VIEWS.find((v) => v.key === view)?.status;
    return status ? { status } : {};
  }, [view]);
  const { items, error, loading, reload, pagination } = usePagedQuery(listOpenApplications, filters);
  const [acting, setActing] = useState<Acting | null>(null);

  const columns: TableColumnsType<OpenApplication> = [
    { title: t('dev.app.dataset'), key: 'dataset', render: (_, a) => a.dataset.title },
    { title: t('dev.app.department'), key: 'department', render: (_, a) => a.department.name },
    {
      title: t('dev.staff.developer'),
      key: 'developer',
      render: (_, a) => `${a.developer.displayName}（${a.developer.username}）`,
    },
    { title: t('dev.apply.purpose'), dataIndex: 'purpose' },
    { title: t('dev.app.items'), key: 'items', render: (_, a) => a.items.join('、') },
    { title: t('dev.app.period'), key: 'period', render: (_, a) => `${a.periodStart} ~ ${a.periodEnd}` },
    { title: t('dev.app.status'), key: 'status', render: (_, a) => <ApplicationStatusTag application={a} /> },
    { title: t('dev.staff.submitted'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    {
      title: t('dev.keys.actions'),
      key: 'actions',
      render: (_, a) =>
        !can.decideOpenApplications ? null : a.status === 'pending' ? (
          <Flex gap={4} wrap>
            <Button
              size="small"
              type="primary"
              onClick={() => setActing({ kind: 'approve', application: a })}
              data-testid={`open-app-approve-${a.developer.username}`}
            >
              {t('dev.staff.approve')}
            </Button>
            <Button
              size="small"
              danger
              onClick={() => setActing({ kind: 'reject', application: a })}
              data-testid={`open-app-reject-${a.developer.username}`}
            >
              {t('dev.staff.reject')}
            </Button>
          </Flex>
        ) : a.status === 'approved' ? (
          <Button
            size="small"
            danger
            onClick={() => setActing({ kind: 'revoke', application: a })}
            data-testid={`open-app-revoke-${a.developer.username}`}
          >
            {t('dev.staff.revoke')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{a.reason ?? ''}</Typography.Text>
        ),
    },
  ];

  return (
    <Page title={t('nav.openApplications')}>
      <Card size="small">
        <Flex vertical gap="middle">
          <Segmented
            value={view}
            onChange={(v) => setView(v as ViewKey)}
            options={VIEWS.map((v) => ({ value: v.key, label: t(v.label) }))}
            data-testid="open-app-views"
          />
          {error ? <ErrorAlert error={error} /> : null}
          <Table
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={loading}
            pagination={pagination}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('dev.staff.none') }}
            data-testid="open-app-table"
          />
        </Flex>
      </Card>
      {acting ? (
        <FormModal<{ reason?: string }>
          title={t(`dev.staff.${acting.kind}Title` as MessageKey, {
            title: acting.application.dataset.title,
          })}
          onClose={() => setActing(null)}
          submitTestId="open-app-confirm"
          onSubmit={async ({ reason }) => {
            const id = acting.application.id;
            if (acting.kind === 'revoke') await revokeOpenApplication(id, reason ?? '');
            else
              await decideOpenApplication(id, {
                decision: acting.kind,
                ...(reason?.trim() ? { reason: reason.trim() } : {}),
              });
            setActing(null);
            reload();
          }}
        >
          <Form.Item
            name="reason"
            label={t('dev.app.reason')}
            rules={acting.kind === 'approve' ? [] : [{ required: true, message: t('dev.staff.reasonRule') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} data-testid="open-app-reason" />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}
