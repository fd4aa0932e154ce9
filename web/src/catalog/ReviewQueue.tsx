import { Button, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { searchResources, type CatalogQuery, type SearchHit } from '../api/catalog';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { usePagedQuery } from '../shared/usePagedQuery';
import { RejectModal } from './RejectModal';
import { resourceLink } from './searchParams';
import { useFlowAction } from './useFlowAction';

/** Filters are constants, so that the paged query keeps its page between reloads. */
export const SUBMITTED: CatalogQuery = { status: 'submitted' };
export const APPROVED: CatalogQuery = { status: 'approved' };

interface ReviewQueueProps {
  filters: CatalogQuery;
  /** Called after an action, so that the page can recount. */
  onChanged: () => void;
}

/** Resources waiting for the operator: submitted ones to approve, approved ones to publish; both to reject. */
export function ReviewQueue({ filters, onChanged }: ReviewQueueProps) {
  const t = useT();
  const list = usePagedQuery(searchResources, filters);
  const [rejecting, setRejecting] = useState<SearchHit | null>(null);
  const changed = () => {
    list.reload();
    onChanged();
  };
  const flow = useFlowAction(changed);

  const columns: TableColumnsType<SearchHit> = [
    {
      title: t('catalog.field.name'),
      dataIndex: 'name',
      render: (name: string, hit) => (
        <Space orientation="vertical" size={0}>
          <Link to={resourceLink(hit.id)} data-testid="review-resource-link">
            {name}
          </Link>
          <Typography.Text type="secondary" code>
            {hit.code}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('catalog.field.department'), dataIndex: 'departmentName' },
    { title: t('catalog.field.version'), dataIndex: 'version', render: (version: number) => `v${version}` },
    { title: t('catalog.item.count'), dataIndex: 'itemCount' },
    {
      title: filters.status === 'approved' ? t('catalog.review.approvedAt') : t('catalog.review.submittedAt'),
      dataIndex: 'updatedAt',
      render: formatDateTime,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, hit) => (
        <Space size={0}>
          {hit.status === 'submitted' && (
            <Button
              type="link"
              size="small"
              loading={flow.isRunning(hit, 'approve')}
              disabled={flow.busy}
              onClick={() => void flow.run(hit, 'approve')}
              data-testid="review-approve"
            >
              {t('catalog.flow.approve')}
            </Button>
          )}
          {hit.status === 'approved' && (
            <Button
              type="link"
              size="small"
              loading={flow.isRunning(hit, 'publish')}
              disabled={flow.busy}
              onClick={() => void flow.run(hit, 'publish')}
              data-testid="review-publish"
            >
              {t('catalog.flow.publish')}
            </Button>
          )}
          <Button
            type="link"
            size="small"
            danger
            disabled={flow.busy}
            onClick={() => setRejecting(hit)}
            data-testid="review-reject"
          >
            {t('catalog.flow.reject')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <ErrorAlert error={list.error} />
      <div data-testid={`review-table-${filters.status ?? 'all'}`}>
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
      {rejecting && (
        <RejectModal
          resource={rejecting}
          onClose={() => setRejecting(null)}
          onRejected={() => {
            setRejecting(null);
            changed();
          }}
        />
      )}
    </>
  );
}
