import { Flex, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDate, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { usePagedQuery } from '../shared/usePagedQuery';
import { listMyCases, type CaseSummary } from './api';
import { CaseSlaTag, CaseStateTag } from './CaseTags';
import { useCasesI18n } from './messages';

const NO_FILTERS = {};

/** 我的办件: the applicant's own cases (those its account applied for or whose applicant it speaks for). */
export default function MyCasesPage() {
  const { t } = useCasesI18n();
  const list = usePagedQuery(listMyCases, NO_FILTERS);
  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('col.number'),
      dataIndex: 'number',
      render: (n: string, c) => <Link to={`/cases/${c.id}`}>{n}</Link>,
    },
    { title: t('col.item'), render: (_, c) => c.item.itemName },
    { title: t('col.department'), dataIndex: 'departmentName' },
    {
      title: t('col.state'),
      render: (_, c) => (
        <Flex gap={4} wrap>
          <CaseStateTag state={c.state} />
          <CaseSlaTag sla={c.sla} clock={c.clock} />
        </Flex>
      ),
    },
    { title: t('col.received'), dataIndex: 'receivedAt', render: (d: string) => formatDateTime(d) },
    { title: t('col.promised'), dataIndex: 'promisedDueOn', render: (d: string | null) => formatDate(d) },
  ];
  return (
    <Page title={t('mine.title')}>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.items}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="my-cases"
      />
    </Page>
  );
}
