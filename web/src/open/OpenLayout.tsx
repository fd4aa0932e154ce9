import { DownOutlined } from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Dropdown, Flex, Typography } from 'antd';
import { Suspense, useEffect, useState, type CSSProperties } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { CKAN_ACTION_PATH } from '../api/open';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useT } from '../i18n/context';
import { Loading } from '../shared/Loading';
import { DcatLinks } from './quality';

export const MAIN_ID = 'open-main';
const BRAND = '#1f5fbf';
const WIDTH = 1200;

/*
 * Text and link colours raised over Ant Design's defaults (secondary text is 45 % black, 3.4:1 on white; links
 * #1677ff, 4.1:1), so that every text on the public site meets WCAG AA's 4.5:1.
 */
const THEME = {
  token: {
    // Buttons take the brand too: a default button's hover text is colorPrimaryHover (#4096ff is 3:1 on white).
    colorPrimary: BRAND,
    colorPrimaryHover: '#164a96',
    colorPrimaryActive: '#123d7c',
    colorLink: BRAND,
    colorLinkHover: '#164a96',
    colorLinkActive: '#123d7c',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  },
};

const navLinkStyle = ({ isActive }: { isActive: boolean }): CSSProperties => ({
  color: '#fff',
  padding: '6px 10px',
  borderRadius: 4,
  fontWeight: isActive ? 600 : 400,
  textDecoration: isActive ? 'underline' : 'none',
  textUnderlineOffset: 6,
  whiteSpace: 'nowrap',
});

/** The skip link: off screen until it has the keyboard's focus. */
function SkipLink() {
  const t = useT();
  const [focused, setFocused] = useState(false);
  return (
    <a
      href={`#${MAIN_ID}`}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      style={
        focused
          ? {
              position: 'absolute',
              left: 8,
              top: 8,
              zIndex: 1000,
              background: '#fff',
              color: BRAND,
              padding: 8,
            }
          : { position: 'absolute', left: -10_000, width: 1, height: 1, overflow: 'hidden' }
      }
    >
      {t('open.skip')}
    </a>
  );
}

function DevelopersMenu() {
  const t = useT();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'console', label: <NavLink to="/open/developer">{t('dev.title')}</NavLink> },
          { key: 'docs', label: <a href="/api/docs">{t('open.nav.apiDocs')}</a> },
          { key: 'ckan', label: <a href={`${CKAN_ACTION_PATH}/package_list`}>{t('open.nav.ckan')}</a> },
        ],
      }}
    >
      <button
        type="button"
        data-testid="open-nav-developers"
        style={{
          ...navLinkStyle({ isActive: false }),
          background: 'none',
          border: 'none',
          cursor: 'pointer',
          font: 'inherit',
        }}
      >
        {t('open.nav.developers')} <DownOutlined aria-hidden style={{ fontSize: 10 }} />
      </button>
    </Dropdown>
  );
}

/**
 * 公共数据开放网站's own frame, for anyone without signing in: the header with the site's name, its menu and the
 * language switch, the page, and the footer with the licence and the developers' links.
 */
export function OpenLayout() {
  const t = useT();
  const { pathname } = useLocation();
  // A new page starts at its top, as a page load would. Braces: Chromium's scrollTo now returns a promise, which
  // React would take for the effect's cleanup and call on the next page ("destroy is not a function").
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);

  return (
    <ConfigProvider theme={THEME}>
      {/* Its own App: the one that styles plain links (`.ant-app a`) with this theme's link colour. */}
      <AntApp>
        <Flex vertical style={{ minHeight: '100vh', background: '#f5f7fa' }} data-testid="open-site">
          <SkipLink />
          <header style={{ background: BRAND, color: '#fff' }}>
            <Flex
              justify="space-between"
              align="center"
              wrap
              gap="small"
              style={{
                maxWidth: WIDTH,
                margin: '0 auto',
                padding: '10px 16px',
                width: '100%',
                boxSizing: 'border-box',
              }}
            >
              <NavLink
                to="/open"
                end
                style={{ color: '#fff', fontSize: 18, fontWeight: 600, textDecoration: 'none' }}
                data-testid="open-site-name"
              >
                {t('open.site.name')}
              </NavLink>
              <Flex align="center" gap="small" wrap>
                <nav aria-label={t('open.nav.label')}>
                  <Flex component="ul" gap={4} wrap style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    <li>
                      <NavLink to="/open" end style={navLinkStyle} data-testid="open-nav-home">
                        {t('open.nav.home')}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink to="/open/datasets" style={navLinkStyle} data-testid="open-nav-datasets">
                        {t('open.nav.datasets')}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink to="/open/quality" style={navLinkStyle} data-testid="open-nav-quality">
                        {t('open.nav.quality')}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink to="/open/requests" style={navLinkStyle} data-testid="open-nav-requests">
                        {t('open.nav.requests')}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink to="/open/showcases" style={navLinkStyle} data-testid="open-nav-showcases">
                        {t('open.nav.showcases')}
                      </NavLink>
                    </li>
                    <li>
                      <DevelopersMenu />
                    </li>
                  </Flex>
                </nav>
                <LanguageSwitch />
              </Flex>
            </Flex>
          </header>
          <main
            id={MAIN_ID}
            tabIndex={-1}
            style={{
              flex: 1,
              width: '100%',
              maxWidth: WIDTH,
              margin: '0 auto',
              padding: 16,
              boxSizing: 'border-box',
              outline: 'none',
            }}
          >
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </main>
          <footer style={{ background: '#2b3340', color: '#fff' }}>
            <Flex
              vertical
              gap={4}
              style={{
                maxWidth: WIDTH,
                margin: '0 auto',
                padding: '16px',
                width: '100%',
                boxSizing: 'border-box',
              }}
            >
              <Typography.Text style={{ color: '#fff' }}>{t('open.footer.license')}</Typography.Text>
              <Flex gap="middle" wrap>
                <a href="/api/docs" style={{ color: '#d6e4ff' }}>
                  {t('open.nav.apiDocs')}
                </a>
                <a href={`${CKAN_ACTION_PATH}/package_list`} style={{ color: '#d6e4ff' }}>
                  {t('open.nav.ckan')}
                </a>
                <a href="/login" style={{ color: '#d6e4ff' }}>
                  {t('open.footer.staff')}
                </a>
              </Flex>
              <DcatLinks color="#d6e4ff" />
              <Typography.Text style={{ color: '#e8e8e8' }}>{t('open.footer.copyright')}</Typography.Text>
            </Flex>
          </footer>
        </Flex>
      </AntApp>
    </ConfigProvider>
  );
}

/** Sets the browser tab title to "<title> · 连云港市公共数据开放平台". */
export function useOpenTitle(title: string | undefined): void {
  const site = useT()('open.site.name');
  useEffect(() => {
    document.title = title ? `${title} · ${site}` : site;
  }, [title, site]);
}
