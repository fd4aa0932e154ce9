import { App, Button, Descriptions, Drawer, Flex, Popconfirm, Space, Timeline, Typography } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { getRequest, withdrawRequest, type AccessRequest } from '../api/sharing';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { useErrorMessage } from '../shared/errors';
import { EMPTY, formatDate, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';
import { ApproveModal } from './ApproveModal';
import { Attachments } from './Attachments';
import { grantLink, sharingResourceLink } from './links';
import { RejectModal } from './RejectModal';
import { useSharingAccess } from './sharingAccess';
import { ItemTags, RequestStatusTag, UsageModeTags } from './tags';
import { Deadline, isOpen } from './values';

/** What happened to a request, in order: submitted, the provider's decision, the operator's review, the end. */
function History({ request: r }: { request: AccessRequest }) {
  const t = useT();
  const items: { color: string; content: ReactNode }[] = [
    {
      color: 'blue',
      content: (
        <>
          <Typography.Text strong>{t('sharing.history.submitted')}</Typography.Text>
          <br />
          <Typography.Text type="secondary">
            {formatDateTime(r.createdAt)} · {r.createdBy ?? EMPTY}
          </Typography.Text>
        </>
      ),
    },
  ];
  const rejectedFirst = r.status === 'rejected' && r.secondDecidedAt === null;
  if (r.firstDecidedAt) {
    items.push({
      color: rejectedFirst ? 'red' : 'green',
      content: (
        <>
          <Typography.Text strong>
            {t(rejectedFirst ? 'sharing.history.providerRejected' : 'sharing.history.providerApproved')}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary">
            {formatDateTime(r.firstDecidedAt)} · {r.firstDecidedBy ?? EMPTY}
          </Typography.Text>
          {/* The latest decision's reason (a rejection) or comment (an approval). */}
          {r.reason && !r.secondDecidedAt && (
            <Typography.Paragraph style={{ margin: 0 }} data-testid="request-decision-reason">
              {rejectedFirst ? r.reason : t('sharing.history.comment', { comment: r.reason })}
            </Typography.Paragraph>
          )}
        </>
      ),
    });
  }
  if (r.secondDecidedAt) {
    const rejected = r.status === 'rejected';
    items.push({
      color: rejected ? 'red' : 'green',
      content: (
        <>
          <Typography.Text strong>
            {t(rejected ? 'sharing.history.reviewRejected' : 'sharing.history.reviewApproved')}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary">
            {formatDateTime(r.secondDecidedAt)} · {r.secondDecidedBy ?? EMPTY}
          </Typography.Text>
          {r.reason && (
            <Typography.Paragraph style={{ margin: 0 }} data-testid="request-decision-reason">
              {rejected ? r.reason : t('sharing.history.comment', { comment: r.reason })}
            </Typography.Paragraph>
          )}
        </>
      ),
    });
  }
  if (r.status === 'pending')
    items.push({
      color: 'gray',
      content: (
        <Flex gap="small" align="center" wrap>
          {t('sharing.history.awaitingProvider')}
          <Deadline request={r} />
        </Flex>
      ),
    });
  if (r.status === 'second_review')
    items.push({
      color: 'purple',
      content: (
        <Flex gap="small" align="center" wrap>
          {t('sharing.history.awaitingReview')}
          <Deadline request={r} />
        </Flex>
      ),
    });
  if (r.status === 'withdrawn')
    items.push({
      color: 'gray',
      content: <>{t('sharing.history.withdrawn')}</>,
    });
  if (r.status === 'approved' && r.grantId)
    items.push({
      color: 'green',
      content: (
        <Link to={grantLink(r.grantId)} data-testid="request-grant-link">
          {t('sharing.history.granted')}
        </Link>
      ),
    });
  return <Timeline items={items} data-testid="request-history" />;
}

function RequestDetails({ request: r }: { request: AccessRequest }) {
  const t = useT();
  const approved = r.approvedItems !== null;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      items={[
        {
          key: 'resource',
          label: t('sharing.request.resource'),
          span: 'filled',
          children: (
            <Flex vertical>
              <Link to={sharingResourceLink(r.resourceId)}>{r.resourceName}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.resourceCode}
              </Typography.Text>
            </Flex>
          ),
        },
        { key: 'provider', label: t('sharing.request.provider'), children: r.providerDepartmentName },
        { key: 'consumer', label: t('sharing.request.consumer'), children: r.consumerDepartmentName },
        {
          key: 'status',
          label: t('sharing.request.status'),
          children: <RequestStatusTag status={r.status} />,
        },
        { key: 'due', label: t('sharing.request.due'), children: <Deadline request={r} /> },
        { key: 'purpose', label: t('sharing.request.purpose'), span: 'filled', children: r.purpose },
        {
          key: 'legalBasis',
          label: t('sharing.request.legalBasis'),
          span: 'filled',
          children: <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.legalBasis}</Typography.Text>,
        },
        {
          key: 'items',
          label: t('sharing.request.items'),
          span: 'filled',
          children: <ItemTags items={r.items} sensitive={r.sensitiveItems} unmasked={r.unmaskedItems} />,
        },
        ...(approved
          ? [
              {
                key: 'approvedItems',
                label: t('sharing.request.approvedItems'),
                span: 'filled' as const,
                children: (
                  <ItemTags
                    items={r.approvedItems ?? []}
                    sensitive={r.sensitiveItems}
                    unmasked={r.approvedUnmasked ?? []}
                  />
                ),
              },
            ]
          : []),
        {
          key: 'modes',
          label: t('sharing.request.usageModes'),
          children: <UsageModeTags modes={r.usageModes} />,
        },
        {
          key: 'period',
          label: t('sharing.request.period'),
          children: `${formatDate(r.periodFrom)} – ${formatDate(r.periodTo)}`,
        },
        ...(r.approvedTo
          ? [
              {
                key: 'approvedTo',
                label: t('sharing.request.approvedTo'),
                children: formatDate(r.approvedTo),
              },
            ]
          : []),
        {
          key: 'volume',
          label: t('sharing.request.expectedDailyVolume'),
          children: r.expectedDailyVolume?.toLocaleString() ?? EMPTY,
        },
        ...(r.dailyQuota !== null
          ? [{ key: 'quota', label: t('sharing.grant.dailyQuota'), children: r.dailyQuota.toLocaleString() }]
          : []),
        {
          key: 'apiKey',
          label: t('sharing.request.apiKey'),
          children: r.apiKeyName ?? t('sharing.request.anyKey'),
        },
      ]}
      data-testid="request-details"
    />
  );
}

type Dialog = 'approve' | 'reject' | null;

interface RequestDrawerProps {
  requestId: string;
  onClose: () => void;
  /** The request changed (decided, withdrawn, attachment added): refresh the list. */
  onChanged: () => void;
}

/** One request: its details, attachments and history, and what the user may do with it now. */
export function RequestDrawer({ requestId, onClose, onChanged }: RequestDrawerProps) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const access = useSharingAccess();
  const fetcher = useCallback((signal: AbortSignal) => getRequest(requestId, signal), [requestId]);
  const { data: r, error, reload } = useQuery(fetcher);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [withdrawing, setWithdrawing] = useState(false);

  const changed = () => {
    reload();
    onChanged();
  };
  const withdraw = async () => {
    if (!r) return;
    setWithdrawing(true);
    try {
      await withdrawRequest(r.id);
      void message.success(t('sharing.request.withdrawn'));
      changed();
    } catch (failure) {
      void message.error(describe(failure));
    } finally {
      setWithdrawing(false);
    }
  };

  const mine = r !== undefined && access.departments.some(({ id }) => id === r.consumerDepartmentId);
  const canWithdraw = r !== undefined && isOpen(r) && (mine || access.operator);
  const canDecide =
    r !== undefined &&
    ((r.status === 'pending' && access.canApprove(r.providerDepartmentId)) ||
      (r.status === 'second_review' && access.operator));

  return (
    <Drawer
      open
      size={760}
      title={r?.resourceName ?? t('sharing.request.detailTitle')}
      onClose={onClose}
      data-testid="request-drawer"
      extra={
        r && (
          <Space>
            {canWithdraw && (
              <Popconfirm
                title={t('sharing.request.withdrawConfirm')}
                okButtonProps={{ danger: true }}
                onConfirm={withdraw}
              >
                <Button danger loading={withdrawing} data-testid="request-withdraw">
                  {t('sharing.request.withdraw')}
                </Button>
              </Popconfirm>
            )}
            {canDecide && (
              <>
                <Button danger onClick={() => setDialog('reject')} data-testid="request-reject">
                  {t('sharing.approval.reject')}
                </Button>
                <Button type="primary" onClick={() => setDialog('approve')} data-testid="request-approve">
                  {t(r.status === 'second_review' ? 'sharing.approval.review' : 'sharing.approval.approve')}
                </Button>
              </>
            )}
          </Space>
        )
      }
    >
      <ErrorAlert error={error} />
      {!r ? (
        !error && <Loading />
      ) : (
        <Flex vertical gap="large">
          <RequestDetails request={r} />
          <div>
            <Typography.Title level={5}>{t('sharing.attachment.title')}</Typography.Title>
            <Attachments
              requestId={r.id}
              attachments={r.attachments}
              canUpload={mine && isOpen(r)}
              onUploaded={changed}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('sharing.history.title')}</Typography.Title>
            <History request={r} />
          </div>
        </Flex>
      )}
      {r && dialog === 'approve' && (
        <ApproveModal
          request={r}
          onClose={() => setDialog(null)}
          onDecided={(decided) => {
            setDialog(null);
            void message.success(
              t(
                decided.status === 'second_review'
                  ? 'sharing.approval.sentToReview'
                  : 'sharing.approval.approved',
              ),
            );
            changed();
          }}
        />
      )}
      {r && dialog === 'reject' && (
        <RejectModal
          request={r}
          onClose={() => setDialog(null)}
          onRejected={() => {
            setDialog(null);
            void message.success(t('sharing.approval.rejected'));
            changed();
          }}
        />
      )}
    </Drawer>
  );
}
