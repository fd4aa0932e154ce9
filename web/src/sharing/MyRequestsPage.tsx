import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Select } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listRequests, REQUEST_STATUSES, type RequestBox, type RequestStatus } from '../api/sharing';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { usePagedQuery } from '../shared/usePagedQuery';
import { RequestDrawer } from './RequestDrawer';
import { RequestsTable } from './RequestsTable';
import { useSharingAccess } from './sharingAccess';

/** 我的申请: the requests of the user's departments (the operator may list everyone's). */
export default function MyRequestsPage() {
  const t = useT();
  const access = useSharingAccess();
  const [params, setParams] = useSearchParams();
  const [box, setBox] = useState<RequestBox>(
    access.departments.length === 0 && access.cityWide ? 'all' : 'mine',
  );
  const [status, setStatus] = useState<RequestStatus | undefined>();
  const filters = useMemo(() => ({ box, status }), [box, status]);
  const { items, error, loading, reload, pagination } = usePagedQuery(listRequests, filters);
  const open = params.get('open');
  const setOpen = (id: string | null) => setParams(id ? { open: id } : {}, { replace: true });

  return (
    <Page
      title={t('sharing.requests.title')}
      extra={
        <Link to="/sharing/catalog">
          <Button type="primary">{t('sharing.requests.new')}</Button>
        </Link>
      }
    >
      <Card>
        <Flex vertical gap="middle">
          <Flex gap="middle" wrap justify="space-between">
            <Flex gap="middle" wrap>
              {access.cityWide && (
                <Segmented<RequestBox>
                  value={box}
                  onChange={setBox}
                  options={[
                    { value: 'mine', label: t('sharing.requests.boxMine') },
                    { value: 'all', label: t('sharing.requests.boxAll') },
                  ]}
                />
              )}
              <Select<RequestStatus>
                allowClear
                placeholder={t('sharing.requests.allStatuses')}
                value={status}
                onChange={setStatus}
                style={{ width: 180 }}
                options={REQUEST_STATUSES.map((value) => ({
                  value,
                  label: t(`sharing.requestStatus.${value}`),
                }))}
                data-testid="requests-status-filter"
              />
            </Flex>
            <Button icon={<ReloadOutlined />} onClick={reload}>
              {t('sharing.refresh')}
            </Button>
          </Flex>
          <ErrorAlert error={error} />
          <RequestsTable
            items={items}
            loading={loading}
            pagination={pagination}
            columns={box === 'all' ? ['provider', 'consumer', 'createdBy'] : ['provider', 'createdBy']}
            onOpen={setOpen}
            emptyText={t('sharing.requests.empty')}
            testId="my-requests-table"
          />
        </Flex>
      </Card>
      {open && <RequestDrawer requestId={open} onClose={() => setOpen(null)} onChanged={reload} />}
    </Page>
  );
}
