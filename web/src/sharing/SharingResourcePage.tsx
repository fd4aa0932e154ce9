import { ArrowLeftOutlined, KeyOutlined, ProfileOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Row,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { getResource } from '../api/catalog';
import { ApiError } from '../api/client';
import {
  getSharingResource,
  type AccessRequest,
  type Grant,
  type SharingItem,
  type SharingResource,
} from '../api/sharing';
import { useAccess } from '../auth/access';
import { resourceLink } from '../catalog/searchParams';
import { useTerms } from '../catalog/vocabulary';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDate, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { NotFound } from '../shared/StatusPages';
import { useQuery } from '../shared/useQuery';
import { grantLink, requestLink } from './links';
import { RequestForm } from './RequestForm';
import { SelfServiceForm } from './SelfServiceForm';
import { GrantStateTag, ItemTags, RequestStatusTag, SharingTypeTag } from './tags';
import { Deadline, isOpen } from './values';

function ItemsCard({ items }: { items: SharingItem[] }) {
  const t = useT();
  const { label } = useTerms();
  const columns: TableColumnsType<SharingItem> = [
    {
      title: t('sharing.item.name'),
      dataIndex: 'name',
      render: (name: string, item) => (
        <Flex gap={6} align="center">
          {name}
          {item.isKey && (
            <Tooltip title={t('sharing.item.key')}>
              <KeyOutlined />
            </Tooltip>
          )}
        </Flex>
      ),
    },
    {
      title: t('sharing.item.dataType'),
      dataIndex: 'dataType',
      render: (v: string) => label('dataTypes', v),
    },
    {
      title: t('sharing.item.sensitive'),
      dataIndex: 'sensitive',
      render: (sensitive: boolean, item) =>
        sensitive ? (
          <Tooltip title={item.isKey ? t('sharing.item.keyNotMasked') : t('sharing.item.sensitive.hint')}>
            <Tag color="gold" data-testid="item-sensitive" data-item={item.name}>
              {t('sharing.item.sensitive')}
            </Tag>
          </Tooltip>
        ) : null,
    },
  ];
  return (
    <Card size="small" title={t('sharing.resource.items', { count: items.length })}>
      <Table<SharingItem>
        rowKey="name"
        size="small"
        columns={columns}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        data-testid="sharing-resource-items"
      />
    </Card>
  );
}

function HeldCard({ resource }: { resource: SharingResource }) {
  const t = useT();
  const grantColumns: TableColumnsType<Grant> = [
    {
      title: t('sharing.grant.consumer'),
      dataIndex: 'consumerDepartmentName',
      render: (name: string, g) => <Link to={grantLink(g.id)}>{name}</Link>,
    },
    {
      title: t('sharing.grant.state'),
      dataIndex: 'state',
      render: (_, g) => <GrantStateTag state={g.state} />,
    },
    {
      title: t('sharing.grant.items'),
      dataIndex: 'items',
      render: (_, g) => <ItemTags items={g.items} masked={g.maskedItems} unmasked={g.unmaskedItems} />,
    },
    { title: t('sharing.grant.purpose'), dataIndex: 'purpose' },
    { title: t('sharing.grant.validTo'), dataIndex: 'validTo', render: formatDate },
  ];
  const requestColumns: TableColumnsType<AccessRequest> = [
    {
      title: t('sharing.request.consumer'),
      dataIndex: 'consumerDepartmentName',
      render: (name: string, r) => <Link to={requestLink(r.id)}>{name}</Link>,
    },
    {
      title: t('sharing.request.status'),
      dataIndex: 'status',
      render: (_, r) => <RequestStatusTag status={r.status} />,
    },
    { title: t('sharing.request.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
    { title: t('sharing.request.due'), dataIndex: 'dueAt', render: (_, r) => <Deadline request={r} /> },
  ];
  if (resource.grants.length === 0 && resource.requests.length === 0) return null;
  return (
    <Card size="small" title={t('sharing.resource.mine')} data-testid="sharing-resource-mine">
      <Flex vertical gap="middle">
        {resource.grants.length > 0 && (
          <Table<Grant>
            rowKey="id"
            size="small"
            columns={grantColumns}
            dataSource={resource.grants}
            pagination={false}
            scroll={{ x: 'max-content' }}
            title={() => t('sharing.resource.grants')}
            data-testid="sharing-resource-grants"
          />
        )}
        {resource.requests.length > 0 && (
          <Table<AccessRequest>
            rowKey="id"
            size="small"
            columns={requestColumns}
            dataSource={resource.requests}
            pagination={false}
            scroll={{ x: 'max-content' }}
            title={() => t('sharing.resource.requests')}
            data-testid="sharing-resource-requests"
          />
        )}
      </Flex>
    </Card>
  );
}

/** How the resource is shared, in words: the conditions, or why it is not shared at all. */
function TermsAlert({ resource }: { resource: SharingResource }) {
  const t = useT();
  switch (resource.sharingType) {
    case 'unconditional':
      return <Alert type="success" showIcon title={t('sharing.resource.unconditional')} />;
    case 'conditional':
      return (
        <Alert
          type="info"
          showIcon
          title={t('sharing.resource.conditional')}
          description={resource.sharingCondition}
          data-testid="sharing-resource-condition"
        />
      );
    case 'none':
      return (
        <Alert
          type="error"
          showIcon
          title={t('sharing.resource.none')}
          description={
            <>
              <Typography.Text strong>{t('sharing.resource.legalBasis')}</Typography.Text>
              {resource.sharingCondition ?? t('sharing.resource.noLegalBasis')}
            </>
          }
          data-testid="sharing-resource-not-shared"
        />
      );
  }
}

function ApplyCard({ resource, onChanged }: { resource: SharingResource; onChanged: () => void }) {
  const t = useT();
  const { can } = useAccess();
  const [params] = useSearchParams();
  const ref = useRef<HTMLDivElement>(null);
  const focus = params.get('focus') === 'apply';
  useEffect(() => {
    if (focus) ref.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [focus]);
  const openFor = useMemo(
    () => new Set(resource.requests.filter(isOpen).map((r) => r.consumerDepartmentId)),
    [resource.requests],
  );

  if (resource.sharingType === 'none') return null;
  // 无条件 resources are granted on the spot; 有条件 ones go to the provider as a request.
  const body = !can.requestSharing ? (
    <Typography.Text type="secondary">{t('sharing.resource.cannotApply')}</Typography.Text>
  ) : resource.selfService ? (
    <SelfServiceForm resourceId={resource.resourceId} items={resource.items} onGranted={onChanged} />
  ) : resource.requestable ? (
    <RequestForm
      resourceId={resource.resourceId}
      items={resource.items}
      openFor={openFor}
      onCreated={onChanged}
    />
  ) : (
    <Typography.Text type="secondary">{t('sharing.resource.notRequestable')}</Typography.Text>
  );

  return (
    <div ref={ref} id="apply">
      <Card
        title={t(resource.selfService ? 'sharing.selfService.title' : 'sharing.request.title')}
        data-testid="sharing-apply"
      >
        {body}
      </Card>
    </div>
  );
}

export default function SharingResourcePage() {
  const t = useT();
  const { can } = useAccess();
  const { id = '' } = useParams();
  const sharingFetcher = useCallback((signal: AbortSignal) => getSharingResource(id, signal), [id]);
  const catalogFetcher = useCallback((signal: AbortSignal) => getResource(id, signal), [id]);
  const sharing = useQuery(sharingFetcher);
  const catalog = useQuery(catalogFetcher);

  const notFound = [sharing.error, catalog.error].some((e) => e instanceof ApiError && e.status === 404);
  if (notFound) return <NotFound />;
  const resource = sharing.data;
  const entry = catalog.data;
  if (!resource || !entry) {
    const error = sharing.error ?? catalog.error;
    return error ? <ErrorAlert error={error} /> : <Loading />;
  }

  return (
    <Page
      title={entry.name}
      extra={
        can.viewCatalog && (
          <Link to={resourceLink(entry.id)}>
            <Button icon={<ProfileOutlined />}>{t('sharing.resource.toCatalog')}</Button>
          </Link>
        )
      }
    >
      <ErrorAlert error={sharing.error} />
      <Flex gap="small" align="center" wrap>
        <Link to="/sharing/catalog">
          <Button type="text" size="small" icon={<ArrowLeftOutlined />}>
            {t('sharing.resource.back')}
          </Button>
        </Link>
        <Typography.Text code>{entry.code}</Typography.Text>
        <Tag>{entry.departmentName}</Tag>
        <SharingTypeTag type={resource.sharingType} />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {entry.summary}
      </Typography.Paragraph>
      <TermsAlert resource={resource} />
      <HeldCard resource={resource} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={resource.sharingType === 'none' ? 24 : 9}>
          <ItemsCard items={resource.items} />
        </Col>
        {resource.sharingType !== 'none' && (
          <Col xs={24} xl={15}>
            <ApplyCard resource={resource} onChanged={sharing.reload} />
          </Col>
        )}
      </Row>
    </Page>
  );
}
