import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { listUsers, type User, type UserQuery } from '../../api/users';
import { useAccess } from '../../auth/access';
import { useT } from '../../i18n/context';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { EMPTY, formatDateTime } from '../../shared/format';
import { Page } from '../../shared/Page';
import { usePagedQuery } from '../../shared/usePagedQuery';
import { RoleTags } from '../RoleTags';
import { UserCreateModal } from './UserCreateModal';
import { UserEditModal } from './UserEditModal';
import { UserFilters } from './UserFilters';
import { UserPasswordModal } from './UserPasswordModal';
import { UserRolesModal } from './UserRolesModal';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'roles' | 'password'; user: User };

export default function UsersPage() {
  const t = useT();
  const { can, departmentScope } = useAccess();
  const [filters, setFilters] = useState<UserQuery>(() =>
    departmentScope === 'all' ? {} : { departmentId: departmentScope[0]?.id },
  );
  const list = usePagedQuery(listUsers, filters);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const close = () => setDialog(null);
  const saved = () => {
    setDialog(null);
    list.reload();
  };

  const columns: TableColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username' },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    {
      title: t('users.department'),
      dataIndex: 'departmentName',
      render: (name: string | null) => name ?? EMPTY,
    },
    { title: t('users.roles'), dataIndex: 'roles', render: (_, user) => <RoleTags roles={user.roles} /> },
    {
      title: t('users.status'),
      dataIndex: 'status',
      render: (_, { status }) => (
        <Tag color={status === 'active' ? 'success' : 'default'}>{t(`users.status.${status}`)}</Tag>
      ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      render: (_, { lastLoginAt }) => (lastLoginAt ? formatDateTime(lastLoginAt) : t('users.neverLoggedIn')),
    },
  ];
  if (can.manageUsers) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, user) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user })}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'roles', user })}>
            {t('users.setRoles')}
          </Button>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', user })}>
            {t('users.resetPassword')}
          </Button>
        </Space>
      ),
    });
  }

  return (
    <Page
      title={t('users.title')}
      extra={
        can.manageUsers && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ kind: 'create' })}
            data-testid="user-create"
          >
            {t('users.create')}
          </Button>
        )
      }
    >
      {!can.manageUsers && <Alert type="info" showIcon title={t('users.readOnly')} />}
      <Card>
        <Flex vertical gap="middle">
          <UserFilters value={filters} onChange={setFilters} />
          <ErrorAlert error={list.error} />
          <Table<User>
            rowKey="id"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            pagination={list.pagination}
            scroll={{ x: 'max-content' }}
            data-testid="user-table"
          />
        </Flex>
      </Card>
      {dialog?.kind === 'create' && <UserCreateModal onClose={close} onSaved={saved} />}
      {dialog?.kind === 'edit' && <UserEditModal user={dialog.user} onClose={close} onSaved={saved} />}
      {dialog?.kind === 'roles' && <UserRolesModal user={dialog.user} onClose={close} onSaved={saved} />}
      {dialog?.kind === 'password' && (
        <UserPasswordModal user={dialog.user} onClose={close} onSaved={saved} />
      )}
    </Page>
  );
}
