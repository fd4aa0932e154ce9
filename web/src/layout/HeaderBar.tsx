import { BankOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Space, Typography } from 'antd';
import { useAuth, useMe } from '../auth/context';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useT } from '../i18n/context';

/**
 * The header: who is signed in, for which department, the language and sign-out. On a narrow screen the menu
 * button comes first (the name of the platform is in the drawer) and the department and sign-out move into the
 * user's drop-down, so the name stays readable.
 */
export function HeaderBar({ narrow, onMenu }: { narrow: boolean; onMenu: () => void }) {
  const t = useT();
  const me = useMe();
  const { logout } = useAuth();
  const department = me.department?.name ?? t('layout.noDepartment');

  if (narrow)
    return (
      <Flex align="center" gap="small" style={{ height: '100%' }}>
        <Button
          type="text"
          icon={<MenuOutlined />}
          onClick={onMenu}
          aria-label={t('layout.openMenu')}
          data-testid="nav-open"
        />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'department', icon: <BankOutlined />, label: department, disabled: true },
              { type: 'divider' },
              { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout'), danger: true },
            ],
            onClick: ({ key }) => {
              if (key === 'logout') void logout();
            },
          }}
        >
          <Button
            type="text"
            icon={<UserOutlined />}
            // Every pixel to the name: a long one (公积金中心业务人员 陈晨) must still fit a 390 px phone.
            style={{ minWidth: 0, flex: '0 1 auto', marginInlineStart: 'auto', paddingInline: 4 }}
            data-testid="header-user-menu"
          >
            <Typography.Text strong ellipsis style={{ maxWidth: '100%' }} data-testid="header-user">
              {me.displayName}
            </Typography.Text>
          </Button>
        </Dropdown>
        <span style={{ flex: 'none' }}>
          <LanguageSwitch />
        </span>
      </Flex>
    );

  return (
    <Flex justify="flex-end" align="center" gap="large" style={{ height: '100%' }}>
      <Flex align="center" gap="small" style={{ minWidth: 0 }}>
        <BankOutlined />
        <Typography.Text
          type="secondary"
          title={department}
          style={{ maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          data-testid="header-department"
        >
          {department}
        </Typography.Text>
      </Flex>
      <Space style={{ flex: 'none' }}>
        <UserOutlined />
        <Typography.Text strong style={{ whiteSpace: 'nowrap' }} data-testid="header-user">
          {me.displayName}
        </Typography.Text>
      </Space>
      <LanguageSwitch />
      <Button icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
        {t('layout.logout')}
      </Button>
    </Flex>
  );
}
