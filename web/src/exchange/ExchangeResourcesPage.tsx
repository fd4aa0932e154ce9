import { SearchOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Input, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ScopedDepartmentSelect } from '../admin/DepartmentSelect';
import { listExchangeResources, type ExchangeResource, type ResourceListQuery } from '../api/exchange';
import { OverdueTag } from '../catalog/StatusTag';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { useDebouncedValue } from '../shared/useDebouncedValue';
import { usePagedQuery } from '../shared/usePagedQuery';
import { exchangeResourceLink } from './links';
import { ConnectorTag } from './tags';

export default function ExchangeResourcesPage() {
  const t = useT();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [withData, setWithData] = useState(false);
  const q = useDebouncedValue(search.trim());
  const filters = useMemo<ResourceListQuery>(
    () => ({ q: q || undefined, departmentId, withData: withData || undefined }),
    [q, departmentId, withData],
  );
  const list = usePagedQuery(listExchangeResources, filters);

  const columns: TableColumnsType<ExchangeResource> = [
    {
      title: t('exchange.resource.code'),
      dataIndex: 'code',
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    {
      title: t('exchange.resource.name'),
      dataIndex: 'name',
      render: (name: string, resource) => (
        <Link
          to={exchangeResourceLink(resource.id)}
          onClick={(event) => event.stopPropagation()}
          data-testid="exchange-resource-link"
        >
          {name}
        </Link>
      ),
    },
    { title: t('exchange.department'), dataIndex: 'departmentName' },
    {
      title: t('exchange.resource.recordsHeld'),
      dataIndex: 'recordsHeld',
      align: 'right',
      render: (value: number) => value.toLocaleString(),
    },
    { title: t('exchange.resource.lastSeq'), dataIndex: 'lastSeq', align: 'right' },
    {
      title: t('exchange.resource.lastChangeAt'),
      dataIndex: 'lastChangeAt',
      render: (_, { lastChangeAt, overdue }) => (
        <Space size={4} wrap>
          {lastChangeAt ? formatDateTime(lastChangeAt) : t('exchange.resource.never')}
          {overdue && <OverdueTag />}
        </Space>
      ),
    },
    {
      title: t('exchange.resource.openQuarantine'),
      dataIndex: 'openQuarantine',
      align: 'right',
      render: (value: number) => (value > 0 ? <Tag color="warning">{value.toLocaleString()}</Tag> : 0),
    },
    { title: t('exchange.resource.subscriptions'), dataIndex: 'subscriptions', align: 'right' },
    {
      title: t('exchange.resource.connector'),
      dataIndex: 'connector',
      render: (_, { connector }) => <ConnectorTag connector={connector} />,
    },
  ];

  return (
    <Page title={t('exchange.resources.title')}>
      <Card>
        <Flex vertical gap="middle">
          <Flex gap="middle" wrap align="center">
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('exchange.resources.search')}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              style={{ width: 320 }}
              data-testid="exchange-resources-search"
            />
            <ScopedDepartmentSelect
              value={departmentId}
              onChange={setDepartmentId}
              allowClear
              placeholder={t('exchange.allDepartments')}
              style={{ width: 260 }}
            />
            <Space>
              <Switch checked={withData} onChange={setWithData} data-testid="exchange-resources-with-data" />
              {t('exchange.resources.withData')}
            </Space>
          </Flex>
          <ErrorAlert error={list.error} />
          <Table<ExchangeResource>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            pagination={list.pagination}
            scroll={{ x: 'max-content' }}
            onRow={(resource) => ({
              onClick: () => void navigate(exchangeResourceLink(resource.id)),
              style: { cursor: 'pointer' },
            })}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchange.resources.empty')} />
              ),
            }}
            data-testid="exchange-resources-table"
          />
        </Flex>
      </Card>
    </Page>
  );
}
