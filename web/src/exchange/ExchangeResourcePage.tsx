import { ArrowLeftOutlined, ProfileOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Flex, Tabs, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { getExchangeResource, type ExchangeResourceDetail } from '../api/exchange';
import { useAccess } from '../auth/access';
import { resourceLink } from '../catalog/searchParams';
import { OverdueTag } from '../catalog/StatusTag';
import { useTerms } from '../catalog/vocabulary';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { NotFound } from '../shared/StatusPages';
import { useQuery } from '../shared/useQuery';
import { BatchesTab } from './BatchesTab';
import { ChangesTab } from './ChangesTab';
import { ConnectorTab } from './ConnectorTab';
import { useExchangeAccess } from './exchangeAccess';
import { QuarantineTab } from './QuarantineTab';
import { RecordsTab } from './RecordsTab';
import { ResourceSummaryTab } from './ResourceSummaryTab';
import { UploadTab } from './UploadTab';

const TABS = ['summary', 'batches', 'upload', 'records', 'changes', 'quarantine', 'connector'] as const;
type TabKey = (typeof TABS)[number];
const isTab = (value: string | null): value is TabKey => TABS.includes(value as TabKey);

function ResourceView({ resource, onChanged }: { resource: ExchangeResourceDetail; onChanged: () => void }) {
  const t = useT();
  const { label } = useTerms();
  const { can } = useAccess();
  const access = useExchangeAccess();
  const [params, setParams] = useSearchParams();
  const canIngest = access.canIngest(resource.departmentId);
  const canConnect = access.canConnect(resource.departmentId);
  const requested = params.get('tab');
  const available = (tab: TabKey) => (tab === 'upload' ? canIngest : tab === 'connector' ? canConnect : true);
  const tab: TabKey = isTab(requested) && available(requested) ? requested : 'summary';
  const show = (next: string) => setParams(next === 'summary' ? {} : { tab: next }, { replace: true });

  const tabLabel = (key: TabKey, extra?: number) => (
    <span data-testid={`exchange-tab-${key}`}>
      {t(`exchange.tab.${key}`)}
      {extra !== undefined && extra > 0 && (
        <Badge count={extra} overflowCount={9999} size="small" style={{ marginInlineStart: 6 }} />
      )}
    </span>
  );

  const items = [
    { key: 'summary', label: tabLabel('summary'), children: <ResourceSummaryTab resource={resource} /> },
    { key: 'batches', label: tabLabel('batches'), children: <BatchesTab resourceId={resource.id} /> },
    ...(canIngest
      ? [
          {
            key: 'upload',
            label: tabLabel('upload'),
            children: (
              <UploadTab resource={resource} onCommitted={onChanged} onShowBatches={() => show('batches')} />
            ),
          },
        ]
      : []),
    {
      key: 'records',
      label: tabLabel('records'),
      children: <RecordsTab resourceId={resource.id} items={resource.items} />,
    },
    { key: 'changes', label: tabLabel('changes'), children: <ChangesTab resourceId={resource.id} /> },
    {
      key: 'quarantine',
      label: tabLabel('quarantine', resource.openQuarantine),
      children: <QuarantineTab resource={resource} canFix={canIngest} onChanged={onChanged} />,
    },
    // The connector's settings are its department's steward's (and the operator's) only.
    ...(canConnect
      ? [
          {
            key: 'connector',
            label: tabLabel('connector'),
            children: <ConnectorTab resource={resource} onChanged={onChanged} />,
          },
        ]
      : []),
  ];

  return (
    <Page
      title={resource.name}
      extra={
        can.viewCatalog && (
          <Link to={resourceLink(resource.id)}>
            <Button icon={<ProfileOutlined />}>{t('exchange.resource.toCatalog')}</Button>
          </Link>
        )
      }
    >
      <Flex gap="small" align="center" wrap>
        <Link to="/exchange/resources">
          <Button type="text" size="small" icon={<ArrowLeftOutlined />}>
            {t('exchange.resource.back')}
          </Button>
        </Link>
        <Typography.Text code data-testid="exchange-resource-code">
          {resource.code}
        </Typography.Text>
        <Tag>{resource.departmentName}</Tag>
        <Tag color="blue">{label('sharingTypes', resource.sharingType)}</Tag>
        <Tag>{label('updateCycles', resource.updateCycle)}</Tag>
        {resource.overdue && <OverdueTag />}
      </Flex>
      <Card size="small">
        <Tabs activeKey={tab} onChange={show} items={items} destroyOnHidden />
      </Card>
    </Page>
  );
}

export default function ExchangeResourcePage() {
  const { id = '' } = useParams();
  const fetcher = useCallback((signal: AbortSignal) => getExchangeResource(id, signal), [id]);
  const { data, error, reload } = useQuery(fetcher);

  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  if (!data) return error ? <ErrorAlert error={error} /> : <Loading />;
  return (
    <>
      <ErrorAlert error={error} />
      <ResourceView resource={data} onChanged={reload} />
    </>
  );
}
