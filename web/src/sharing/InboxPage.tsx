import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Segmented } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { listRequests, type RequestQuery } from '../api/sharing';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { usePagedQuery } from '../shared/usePagedQuery';
import { RequestDrawer } from './RequestDrawer';
import { RequestsTable, type RequestColumn } from './RequestsTable';
import { useSharingAccess } from './sharingAccess';

interface View {
  key: string;
  label: MessageKey;
  query: RequestQuery;
}

/** A provider's steward decides the requests to its departments. */
const STEWARD_VIEWS: View[] = [
  { key: 'pending', label: 'sharing.inbox.pending', query: { box: 'inbox', status: 'pending' } },
  { key: 'overdue', label: 'sharing.inbox.overdue', query: { box: 'inbox', overdue: true } },
  { key: 'all', label: 'sharing.inbox.all', query: { box: 'inbox' } },
];

/** The operator reviews sensitive approvals and chases every overdue request. */
const OPERATOR_VIEWS: View[] = [
  { key: 'review', label: 'sharing.inbox.review', query: { box: 'inbox', status: 'second_review' } },
  { key: 'overdue', label: 'sharing.inbox.allOverdue', query: { box: 'all', overdue: true } },
  { key: 'pending', label: 'sharing.inbox.allPending', query: { box: 'all', status: 'pending' } },
  { key: 'all', label: 'sharing.inbox.everything', query: { box: 'all' } },
];

/** 审批待办: requests waiting for the user's decision, overdue ones highlighted with their deadline. */
export default function InboxPage() {
  const t = useT();
  const access = useSharingAccess();
  const views = access.operator ? OPERATOR_VIEWS : STEWARD_VIEWS;
  const [params, setParams] = useSearchParams();
  const [viewKey, setViewKey] = useState(
    () => views.find((v) => v.key === params.get('view'))?.key ?? views[0]!.key,
  );
  const view = views.find((v) => v.key === viewKey) ?? views[0]!;
  const filters = useMemo(() => view.query, [view]);
  const { items, error, loading, reload, pagination } = usePagedQuery(listRequests, filters);
  const open = params.get('open');
  const setOpen = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('open', id);
    else next.delete('open');
    setParams(next, { replace: true });
  };
  const columns: RequestColumn[] = access.operator
    ? ['provider', 'consumer', 'createdBy']
    : ['consumer', 'createdBy'];

  return (
    <Page title={t('sharing.inbox.title')}>
      <Card>
        <Flex vertical gap="middle">
          <Alert
            type="info"
            showIcon
            title={t(access.operator ? 'sharing.inbox.operatorIntro' : 'sharing.inbox.stewardIntro')}
          />
          <Flex gap="middle" wrap justify="space-between">
            <Segmented<string>
              value={view.key}
              onChange={(key) => {
                setViewKey(key);
                setParams({ view: key }, { replace: true });
              }}
              options={views.map((v) => ({ value: v.key, label: t(v.label) }))}
              data-testid="inbox-view"
            />
            <Button icon={<ReloadOutlined />} onClick={reload}>
              {t('sharing.refresh')}
            </Button>
          </Flex>
          <ErrorAlert error={error} />
          <RequestsTable
            items={items}
            loading={loading}
            pagination={pagination}
            columns={columns}
            onOpen={setOpen}
            emptyText={t('sharing.inbox.empty')}
            testId="inbox-table"
          />
        </Flex>
      </Card>
      {open && <RequestDrawer requestId={open} onClose={() => setOpen(null)} onChanged={reload} />}
    </Page>
  );
}
