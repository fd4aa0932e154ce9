import { Button, Descriptions, Drawer, Flex, Space, Typography } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import { getGrant, type Grant } from '../api/sharing';
import { useAccess } from '../auth/access';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';
import { requestLink, sharingResourceLink } from './links';
import { useSharingAccess } from './sharingAccess';
import { GrantStateTag, ItemTags, UsageModeTags } from './tags';
import { TryItPanel } from './TryItPanel';

/** Calls today against the daily quota. */
export function QuotaText({ grant }: { grant: Pick<Grant, 'callsToday' | 'dailyQuota'> }) {
  const t = useT();
  const over = grant.dailyQuota !== null && grant.callsToday >= grant.dailyQuota;
  return (
    <Typography.Text type={over ? 'danger' : undefined} data-testid="grant-calls-today">
      {grant.callsToday.toLocaleString()} / {grant.dailyQuota?.toLocaleString() ?? t('sharing.grant.noQuota')}
    </Typography.Text>
  );
}

function GrantDetails({ grant: g }: { grant: Grant }) {
  const t = useT();
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      items={[
        {
          key: 'resource',
          label: t('sharing.grant.resource'),
          span: 'filled',
          children: (
            <Flex vertical>
              <Link to={sharingResourceLink(g.resourceId)}>{g.resourceName}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {g.resourceCode}
              </Typography.Text>
            </Flex>
          ),
        },
        { key: 'provider', label: t('sharing.grant.provider'), children: g.providerDepartmentName },
        { key: 'consumer', label: t('sharing.grant.consumer'), children: g.consumerDepartmentName },
        { key: 'state', label: t('sharing.grant.state'), children: <GrantStateTag state={g.state} /> },
        {
          key: 'source',
          label: t('sharing.grant.source'),
          children:
            g.source === 'approval' && g.requestId ? (
              <Link to={requestLink(g.requestId)}>{t('sharing.grant.source.approval')}</Link>
            ) : (
              t(`sharing.grant.source.${g.source}`)
            ),
        },
        {
          key: 'items',
          label: t('sharing.grant.items'),
          span: 'filled',
          children: <ItemTags items={g.items} masked={g.maskedItems} unmasked={g.unmaskedItems} />,
        },
        { key: 'purpose', label: t('sharing.grant.purpose'), span: 'filled', children: g.purpose },
        {
          key: 'modes',
          label: t('sharing.grant.usageModes'),
          children: <UsageModeTags modes={g.usageModes} />,
        },
        {
          key: 'validity',
          label: t('sharing.grant.validity'),
          children: `${formatDateTime(g.validFrom)} – ${formatDateTime(g.validTo)}`,
        },
        { key: 'calls', label: t('sharing.grant.callsToday'), children: <QuotaText grant={g} /> },
        {
          key: 'rate',
          label: t('sharing.grant.ratePerMinute'),
          children: g.ratePerMinute?.toLocaleString() ?? t('sharing.grant.noQuota'),
        },
        {
          key: 'apiKey',
          label: t('sharing.grant.apiKey'),
          children: g.apiKeyName ?? t('sharing.request.anyKey'),
        },
        {
          key: 'created',
          label: t('common.createdAt'),
          children: `${formatDateTime(g.createdAt)} · ${g.createdBy ?? EMPTY}`,
        },
        ...(g.revokedAt
          ? [
              {
                key: 'revoked',
                label: t('sharing.grant.revokedAt'),
                span: 'filled' as const,
                children: (
                  <Flex vertical>
                    <span>
                      {formatDateTime(g.revokedAt)} · {g.revokedBy ?? EMPTY}
                    </span>
                    <Typography.Text type="danger">{g.revokeReason}</Typography.Text>
                  </Flex>
                ),
              },
            ]
          : []),
      ]}
      data-testid="grant-details"
    />
  );
}

/** One grant: its terms, and for its holder a panel to call the data service API with it. */
export function GrantDrawer({
  grantId,
  onClose,
  onRevoke,
}: {
  grantId: string;
  onClose: () => void;
  /** Offered when the user may revoke it. */
  onRevoke?: (grant: Grant) => void;
}) {
  const t = useT();
  const { can } = useAccess();
  const access = useSharingAccess();
  const fetcher = useCallback((signal: AbortSignal) => getGrant(grantId, signal), [grantId]);
  const { data: g, error } = useQuery(fetcher);
  const revocable = g !== undefined && g.state !== 'revoked' && access.canRevoke(g.providerDepartmentId);

  return (
    <Drawer
      open
      size={800}
      title={g?.resourceName ?? t('sharing.grant.detailTitle')}
      onClose={onClose}
      data-testid="grant-drawer"
      extra={
        g && (
          <Space>
            {can.viewSharingUsage && (
              <Link to={`/sharing/usage?grantId=${encodeURIComponent(g.id)}`}>
                <Button>{t('sharing.grant.usage')}</Button>
              </Link>
            )}
            {revocable && onRevoke && (
              <Button danger onClick={() => onRevoke(g)} data-testid="grant-drawer-revoke">
                {t('sharing.grant.revoke')}
              </Button>
            )}
          </Space>
        )
      }
    >
      <ErrorAlert error={error} />
      {!g ? (
        !error && <Loading />
      ) : (
        <Flex vertical gap="large">
          <GrantDetails grant={g} />
          {access.canUseData(g.consumerDepartmentId) &&
            (g.state === 'active' ? (
              <TryItPanel grant={g} />
            ) : (
              <Typography.Text type="secondary">{t('sharing.try.inactive')}</Typography.Text>
            ))}
        </Flex>
      )}
    </Drawer>
  );
}
