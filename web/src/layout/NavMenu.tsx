import { Menu, Tooltip, type MenuProps } from 'antd';
import { Link, useLocation } from 'react-router-dom';
import { useAccess, type Access } from '../auth/access';
import { useT, type Translate } from '../i18n/context';
import { activePage, NAVIGATION, type NavEntry, type NavPage } from './navigation';

type MenuItem = Required<MenuProps>['items'][number];

const allowed = (page: NavPage, access: Access) => !page.permission || access.can[page.permission];

function pageItem(page: NavPage, t: Translate): MenuItem {
  return {
    key: page.path,
    icon: page.icon,
    label: (
      <Link to={page.path} data-testid={page.testId}>
        {t(page.label)}
      </Link>
    ),
  };
}

function menuItem(entry: NavEntry, access: Access, t: Translate): MenuItem | null {
  switch (entry.kind) {
    case 'page':
      return allowed(entry, access) ? pageItem(entry, t) : null;
    case 'planned':
      return {
        key: entry.key,
        icon: entry.icon,
        disabled: true,
        label: (
          <Tooltip title={t('nav.comingSoon')} placement="right">
            <span data-testid={`nav-${entry.key}`}>{t(entry.label)}</span>
          </Tooltip>
        ),
      };
    case 'group': {
      const children = entry.children
        .filter((page) => allowed(page, access))
        .map((page) => pageItem(page, t));
      return children.length > 0
        ? { key: entry.key, icon: entry.icon, label: t(entry.label), children }
        : null;
    }
  }
}

const ALL_PAGES = NAVIGATION.flatMap((entry) =>
  entry.kind === 'page' ? [entry] : entry.kind === 'group' ? entry.children : [],
);
const GROUP_KEYS = NAVIGATION.filter((entry) => entry.kind === 'group').map((entry) => entry.key);

/** The menu of the pages the user may use; `onNavigate` runs when an item is chosen (to close a drawer). */
export function NavMenu({ theme, onNavigate }: { theme: 'dark' | 'light'; onNavigate?: () => void }) {
  const t = useT();
  const access = useAccess();
  const { pathname } = useLocation();
  const active = activePage(pathname, ALL_PAGES);
  const items = NAVIGATION.map((entry) => menuItem(entry, access, t)).filter((item) => item !== null);

  return (
    <Menu
      theme={theme}
      mode="inline"
      items={items}
      selectedKeys={active ? [active.path] : []}
      defaultOpenKeys={GROUP_KEYS}
      onClick={onNavigate}
      // No edge line of its own: in the drawer the panel's edge is enough.
      style={{ borderInlineEnd: 'none' }}
    />
  );
}
