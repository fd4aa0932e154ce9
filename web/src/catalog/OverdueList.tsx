import { Card, Col, Row, Space, Table, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { searchResources, type CatalogQuery, type CatalogStats, type SearchHit } from '../api/catalog';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { usePagedQuery } from '../shared/usePagedQuery';
import { FacetList } from './FacetList';
import { resourceLink } from './searchParams';
import { StatusTag } from './StatusTag';
import { useTerms } from './vocabulary';

/** Resources whose data is older than their update cycle allows, by department. */
export function OverdueList({ stats }: { stats: CatalogStats | undefined }) {
  const t = useT();
  const { label } = useTerms();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const filters = useMemo<CatalogQuery>(() => ({ overdue: true, departmentId }), [departmentId]);
  const list = usePagedQuery(searchResources, filters);

  const departments = (stats?.overdueByDepartment ?? []).map(
    ({ departmentId: value, departmentName, count }) => ({
      value,
      label: departmentName,
      count,
    }),
  );

  const columns: TableColumnsType<SearchHit> = [
    {
      title: t('catalog.field.name'),
      dataIndex: 'name',
      render: (name: string, hit) => (
        <Space orientation="vertical" size={0}>
          <Link to={resourceLink(hit.id)}>{name}</Link>
          <Typography.Text type="secondary" code>
            {hit.code}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('catalog.field.department'), dataIndex: 'departmentName' },
    {
      title: t('catalog.field.updateCycle'),
      dataIndex: 'updateCycle',
      render: (_, hit) => label('updateCycles', hit.updateCycle),
    },
    {
      title: t('catalog.field.lastDataChangeAt'),
      dataIndex: 'lastDataChangeAt',
      render: (at: string | null) =>
        at ? (
          <Space orientation="vertical" size={0}>
            {formatDateTime(at)}
            <Typography.Text type="danger">
              {t('catalog.review.daysAgo', { days: dayjs().diff(at, 'day') })}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="danger">{t('catalog.review.neverUpdated')}</Typography.Text>
        ),
    },
    {
      title: t('catalog.field.status'),
      dataIndex: 'status',
      render: (_, hit) => <StatusTag status={hit.status} />,
    },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={7} xl={6}>
        <Card size="small">
          <FacetList
            title={t('catalog.review.overdueByDepartment', { total: stats?.overdue ?? 0 })}
            entries={departments}
            selected={departmentId}
            onSelect={setDepartmentId}
            searchable
            maxHeight={480}
            testId="overdue-departments"
          />
        </Card>
      </Col>
      <Col xs={24} lg={17} xl={18}>
        <ErrorAlert error={list.error} />
        <div data-testid="overdue-table">
          <Table<SearchHit>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            pagination={list.pagination}
            scroll={{ x: 'max-content' }}
          />
        </div>
      </Col>
    </Row>
  );
}
