import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Typography, theme } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet } from 'react-router-dom';
import { useT } from '../i18n/context';
import { Loading } from '../shared/Loading';
import { HeaderBar } from './HeaderBar';
import { NavMenu } from './NavMenu';

const SIDER_WIDTH = 220;
const SIDER_COLLAPSED_WIDTH = 80;

/**
 * The signed-in shell. On a wide screen the menu is a side column whose list scrolls between the name and the
 * collapse button, so the last item is always reachable; on a narrow one it opens in a drawer from the header.
 */
export function MainLayout() {
  const t = useT();
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  // Until the first measurement, assume a wide screen: most users are at a desk, and it avoids a drawer flash.
  const narrow = screens.lg === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const brand = (short: boolean, color: string, onClick?: () => void) => (
    <Link
      to="/"
      onClick={onClick}
      style={{
        display: 'block',
        padding: short ? '16px 0' : '16px 24px',
        textAlign: short ? 'center' : 'left',
        whiteSpace: 'nowrap',
        flex: 'none',
      }}
      data-testid="brand"
    >
      <Typography.Text strong style={{ color, fontSize: 18 }}>
        {short ? t('app.shortName') : t('app.name')}
      </Typography.Text>
    </Link>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!narrow && (
        <Layout.Sider
          collapsed={collapsed}
          width={SIDER_WIDTH}
          collapsedWidth={SIDER_COLLAPSED_WIDTH}
          style={{ height: '100vh', position: 'sticky', insetInlineStart: 0, top: 0 }}
          data-testid="sider"
        >
          <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
            {brand(collapsed, token.colorWhite)}
            {/* Only the list scrolls: the name stays on top and the collapse button below, never over an item. */}
            <nav
              style={{ flex: 1, minHeight: 0, overflowY: 'auto', overflowX: 'hidden' }}
              data-testid="nav-scroll"
            >
              <NavMenu theme="dark" />
            </nav>
            <Button
              type="text"
              block
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed((c) => !c)}
              aria-label={t(collapsed ? 'layout.expandMenu' : 'layout.collapseMenu')}
              title={t(collapsed ? 'layout.expandMenu' : 'layout.collapseMenu')}
              style={{ flex: 'none', height: 48, borderRadius: 0, color: token.colorTextLightSolid }}
              data-testid="sider-collapse"
            />
          </div>
        </Layout.Sider>
      )}
      {narrow && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={Math.min(SIDER_WIDTH + 60, window.innerWidth - 48)}
          title={brand(false, token.colorText, () => setDrawerOpen(false))}
          styles={{ body: { padding: 0 }, header: { padding: 0 } }}
          data-testid="nav-drawer"
        >
          <NavMenu theme="light" onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: narrow ? '0 12px' : '0 24px',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <HeaderBar narrow={narrow} onMenu={() => setDrawerOpen(true)} />
        </Layout.Header>
        <Layout.Content style={{ margin: narrow ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
