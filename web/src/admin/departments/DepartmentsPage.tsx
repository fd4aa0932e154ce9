import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { listDepartments, type Department } from '../../api/org';
import { useT } from '../../i18n/context';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { EMPTY, formatDate } from '../../shared/format';
import { Page } from '../../shared/Page';
import { usePagedQuery } from '../../shared/usePagedQuery';
import { DepartmentFormModal } from './DepartmentFormModal';

type Dialog = { kind: 'create' } | { kind: 'edit'; department: Department };

export default function DepartmentsPage() {
  const t = useT();
  const [filters, setFilters] = useState<{ q?: string }>({});
  const list = usePagedQuery(listDepartments, filters);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const saved = () => {
    setDialog(null);
    list.reload();
  };

  const columns: TableColumnsType<Department> = [
    { title: t('departments.name'), dataIndex: 'name' },
    { title: t('departments.shortName'), dataIndex: 'shortName' },
    {
      title: t('departments.uscc'),
      dataIndex: 'uscc',
      render: (uscc: string) => <Typography.Text code>{uscc}</Typography.Text>,
    },
    { title: t('departments.region'), dataIndex: 'regionName' },
    {
      title: t('departments.parent'),
      dataIndex: 'parentName',
      render: (name: string | null) => name ?? EMPTY,
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDate },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, department) => (
        <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', department })}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Page
      title={t('departments.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDialog({ kind: 'create' })}
          data-testid="department-create"
        >
          {t('departments.create')}
        </Button>
      }
    >
      <Card>
        <Flex vertical gap="middle">
          <Input.Search
            allowClear
            placeholder={t('departments.search')}
            style={{ maxWidth: 400 }}
            onSearch={(q) => setFilters({ q })}
            data-testid="department-search"
          />
          <ErrorAlert error={list.error} />
          <Table<Department>
            rowKey="id"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            pagination={list.pagination}
            scroll={{ x: 'max-content' }}
          />
        </Flex>
      </Card>
      {dialog && (
        <DepartmentFormModal
          department={dialog.kind === 'edit' ? dialog.department : undefined}
          onClose={() => setDialog(null)}
          onSaved={saved}
        />
      )}
    </Page>
  );
}
