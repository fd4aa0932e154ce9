import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Tabs, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getResource, getVersions, type Resource } from '../api/catalog';
import { ApiError } from '../api/client';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { NotFound } from '../shared/StatusPages';
import { useQuery } from '../shared/useQuery';
import { FlowButtons } from './FlowButtons';
import { HistoryTab } from './HistoryTab';
import { ItemsTable } from './ItemsTable';
import { ResourceDetails } from './ResourceDetails';
import { ResourceTags } from './ResourceTags';
import { OverdueTag, StatusTag } from './StatusTag';
import { VersionsTab } from './VersionsTab';

function ResourceView({ resource, onChanged }: { resource: Resource; onChanged: () => void }) {
  const t = useT();
  const versionsFetcher = useCallback(
    (signal: AbortSignal) => getVersions(resource.id, signal),
    [resource.id],
  );
  const versions = useQuery(versionsFetcher);
  const revising = resource.publishedVersion !== null && resource.publishedVersion !== resource.version;

  const changed = () => {
    onChanged();
    versions.reload();
  };

  return (
    <Page
      title={resource.name}
      extra={
        <FlowButtons key={`${resource.version}:${resource.status}`} resource={resource} onChanged={changed} />
      }
    >
      <Flex gap="small" align="center" wrap>
        <Link to="/catalog">
          <Button type="text" size="small" icon={<ArrowLeftOutlined />}>
            {t('catalog.backToCatalog')}
          </Button>
        </Link>
        <Typography.Text code data-testid="resource-code">
          {resource.code}
        </Typography.Text>
        <StatusTag status={resource.status} testId="resource-status" />
        {resource.overdue && <OverdueTag />}
        <ResourceTags resource={resource} />
      </Flex>
      {revising && (
        <Alert
          type="info"
          showIcon
          title={t('catalog.revisionOpen', {
            version: resource.version,
            published: resource.publishedVersion ?? 0,
          })}
        />
      )}
      <Card size="small">
        <ResourceDetails resource={resource} />
      </Card>
      <Card size="small" title={t('catalog.itemsTitle', { count: resource.items.length })}>
        <ItemsTable items={resource.items} />
      </Card>
      <Card size="small">
        <ErrorAlert error={versions.error} />
        <Tabs
          items={[
            {
              key: 'versions',
              label: <span data-testid="tab-versions">{t('catalog.tab.versions')}</span>,
              children: versions.data ? <VersionsTab versions={versions.data.versions} /> : <Loading />,
            },
            {
              key: 'history',
              label: <span data-testid="tab-history">{t('catalog.tab.history')}</span>,
              children: versions.data ? <HistoryTab history={versions.data.history} /> : <Loading />,
            },
          ]}
        />
      </Card>
    </Page>
  );
}

export default function ResourcePage() {
  const { ref = '' } = useParams();
  const fetcher = useCallback((signal: AbortSignal) => getResource(ref, signal), [ref]);
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
