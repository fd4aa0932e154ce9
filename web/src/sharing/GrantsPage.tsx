import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Select, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  listGrants,
  revokeGrant,
  GRANT_STATES,
  type Grant,
  type GrantBox,
  type GrantState,
} from '../api/sharing';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDate } from '../shared/format';
import { Page } from '../shared/Page';
import { usePagedQuery } from '../shared/usePagedQuery';
import { GrantDrawer, QuotaText } from './GrantDrawer';
import { ReasonModal } from './ReasonModal';
import { useSharingAccess } from './sharingAccess';
import { GrantStateTag, ItemTags, UsageModeTags } from './tags';
import type { PageQuery } from '../api/client';

type GrantFilters = { box: GrantBox; state?: GrantState; revision: number };

/** `revision` only makes a new filters object (and so a reload); it is not sent. */
const fetchGrants = ({ revision: _revision, ...query }: GrantFilters & PageQuery, signal: AbortSignal) =>
  listGrants(query, signal);

const isBox = (value: string | null): value is GrantBox =>
  value === 'mine' || value === 'given' || value === 'all';

function GrantsTable({
  box,
  onOpen,
  onRevoke,
  revision,
}: {
  box: GrantBox;
  onOpen: (id: string) => void;
  onRevoke: (grant: Grant) => void;
  /** Bumped after a revocation: the list reloads. */
  revision: number;
}) {
  const t = useT();
  const access = useSharingAccess();
  const [state, setState] = useState<GrantState | undefined>();
  const filters = useMemo<GrantFilters>(() => ({ box, state, revision }), [box, state, revision]);
  const { items, error, loading, reload, pagination } = usePagedQuery(fetchGrants, filters);

  const columns: TableColumnsType<Grant> = [
    {
      title: t('sharing.grant.resource'),
      dataIndex: 'resourceName',
      render: (_, g) => (
        <Flex vertical>
          <Typography.Link onClick={() => onOpen(g.id)} data-testid="grant-open">
            {g.resourceName}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {g.resourceCode}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(box !== 'mine' ? [{ title: t('sharing.grant.consumer'), dataIndex: 'consumerDepartmentName' }] : []),
    ...(box !== 'given' ? [{ title: t('sharing.grant.provider'), dataIndex: 'providerDepartmentName' }] : []),
    {
      title: t('sharing.grant.state'),
      dataIndex: 'state',
      render: (_, g) => <GrantStateTag state={g.state} />,
    },
    {
      title: t('sharing.grant.items'),
      dataIndex: 'items',
      render: (_, g) => (
        <div style={{ maxWidth: 320 }}>
          <ItemTags items={g.items} masked={g.maskedItems} unmasked={g.unmaskedItems} />
        </div>
      ),
    },
    {
      title: t('sharing.grant.purpose'),
      dataIndex: 'purpose',
      render: (purpose: string) => (
        <Typography.Text style={{ maxWidth: 220 }} ellipsis={{ tooltip: purpose }}>
          {purpose}
        </Typography.Text>
      ),
    },
    {
      title: t('sharing.grant.usageModes'),
      dataIndex: 'usageModes',
      render: (_, g) => <UsageModeTags modes={g.usageModes} />,
    },
    {
      title: t('sharing.grant.validity'),
      key: 'validity',
      render: (_, g) => `${formatDate(g.validFrom)} – ${formatDate(g.validTo)}`,
    },
    {
      title: t('sharing.grant.callsToday'),
      dataIndex: 'callsToday',
      align: 'right',
      render: (_, g) => <QuotaText grant={g} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, g) =>
        g.state !== 'revoked' && access.canRevoke(g.providerDepartmentId) ? (
          <Button type="link" size="small" danger onClick={() => onRevoke(g)} data-testid="grant-revoke">
            {t('sharing.grant.revoke')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap="middle">
      <Flex gap="middle" wrap justify="space-between">
        <Select<GrantState>
          allowClear
          placeholder={t('sharing.grants.allStates')}
          value={state}
          onChange={setState}
          style={{ width: 180 }}
          options={GRANT_STATES.map((value) => ({ value, label: t(`sharing.grantState.${value}`) }))}
        />
        <Button icon={<ReloadOutlined />} onClick={reload}>
          {t('sharing.refresh')}
        </Button>
      </Flex>
      <ErrorAlert error={error} />
      <Table<Grant>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={pagination}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sharing.grants.empty')} />,
        }}
        data-testid="grants-table"
      />
    </Flex>
  );
}

/** 授权: grants the user's departments hold, grants they gave on their resources, and (operator) all of them. */
export default function GrantsPage() {
  const t = useT();
  const { message } = App.useApp();
  const access = useSharingAccess();
  const [params, setParams] = useSearchParams();
  const boxes: GrantBox[] = [
    ...(access.departments.length > 0 ? (['mine'] as const) : []),
    ...(access.stewardOf.length > 0 ? (['given'] as const) : []),
    ...(access.cityWide ? (['all'] as const) : []),
  ];
  const requested = params.get('tab');
  const box: GrantBox = isBox(requested) && boxes.includes(requested) ? requested : (boxes[0] ?? 'mine');
  const open = params.get('open');
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const [revision, setRevision] = useState(0);

  const show = (next: { tab?: GrantBox; open?: string | null }) => {
    const search = new URLSearchParams();
    const tab = next.tab ?? box;
    if (tab !== boxes[0]) search.set('tab', tab);
    const opened = next.open === undefined ? open : next.open;
    if (opened) search.set('open', opened);
    setParams(search, { replace: true });
  };

  return (
    <Page title={t('sharing.grants.title')}>
      <Card>
        <Tabs
          activeKey={box}
          onChange={(key) => show({ tab: key as GrantBox, open: null })}
          destroyOnHidden
          items={boxes.map((key) => ({
            key,
            label: <span data-testid={`grants-tab-${key}`}>{t(`sharing.grants.tab.${key}`)}</span>,
            children: (
              <GrantsTable
                box={key}
                onOpen={(id) => show({ open: id })}
                onRevoke={setRevoking}
                revision={revision}
              />
            ),
          }))}
        />
      </Card>
      {open && (
        <GrantDrawer
          key={`${open}:${revision}`}
          grantId={open}
          onClose={() => show({ open: null })}
          onRevoke={setRevoking}
        />
      )}
      {revoking && (
        <ReasonModal
          title={t('sharing.grant.revokeTitle', {
            resource: revoking.resourceName,
            consumer: revoking.consumerDepartmentName,
          })}
          warning={t('sharing.grant.revokeWarning')}
          submitText={t('sharing.grant.revoke')}
          onClose={() => setRevoking(null)}
          onSubmit={async (reason) => {
            await revokeGrant(revoking.id, reason);
            void message.success(t('sharing.grant.revoked'));
            setRevoking(null);
            setRevision((r) => r + 1);
          }}
        />
      )}
    </Page>
  );
}
