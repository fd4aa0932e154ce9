import { BankOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Space, Typography } from 'antd';
import { useAuth, useMe } from '../auth/context';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useT } from '../i18n/context';

export function HeaderBar() {
  const t = useT();
  const me = useMe();
  const { logout } = useAuth();

  return (
    <Flex justify="flex-end" align="center" gap="large" style={{ height: '100%' }}>
      <Space>
        <BankOutlined />
        <Typography.Text type="secondary" data-testid="header-department">
          {me.department?.name ?? t('layout.noDepartment')}
        </Typography.Text>
      </Space>
      <Space>
        <UserOutlined />
        <Typography.Text strong data-testid="header-user">
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
