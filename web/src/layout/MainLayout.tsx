import { Layout, Typography, theme } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet } from 'react-router-dom';
import { useT } from '../i18n/context';
import { Loading } from '../shared/Loading';
import { HeaderBar } from './HeaderBar';
import { NavMenu } from './NavMenu';

export function MainLayout() {
  const t = useT();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={220}
        // Stays in view and scrolls on its own when the menu is taller than the window.
        style={{ overflow: 'auto', height: '100vh', position: 'sticky', insetInlineStart: 0, top: 0 }}
      >
        <Link
          to="/"
          style={{
            display: 'block',
            padding: collapsed ? '16px 0' : '16px 24px',
            textAlign: collapsed ? 'center' : 'left',
            whiteSpace: 'nowrap',
          }}
        >
          <Typography.Text strong style={{ color: token.colorWhite, fontSize: 18 }}>
            {collapsed ? t('app.shortName') : t('app.name')}
          </Typography.Text>
        </Link>
        <NavMenu />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: token.colorBgContainer, padding: '0 24px' }}>
          <HeaderBar />
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
