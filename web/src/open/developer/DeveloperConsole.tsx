import { Button, Flex, Result, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/context';
import { useT } from '../../i18n/context';
import { Loading } from '../../shared/Loading';
import { useOpenTitle } from '../OpenLayout';
import { MyApplications } from './applications';
import { DeveloperAuth } from './DeveloperAuth';
import { KeysSection } from './KeysSection';
import { WebhooksSection } from './WebhooksSection';

/** 开发者中心 (/open/developer): register or sign in; then my keys with usage, and my applications. */
export default function DeveloperConsole() {
  const t = useT();
  const auth = useAuth();
  useOpenTitle(t('dev.title'));
  const { state } = auth;
  const isDeveloper = state.status === 'authenticated' && state.me.roles.some((r) => r.role === 'developer');
  // Back to the dataset page that sent the visitor here to sign in or register (only pages of the portal).
  const next = useSearchParams()[0].get('next');
  const navigate = useNavigate();
  useEffect(() => {
    if (isDeveloper && next && /^\/open\/datasets\/[a-z0-9_-]{2,100}$/.test(next))
      navigate(next, { replace: true });
  }, [isDeveloper, next, navigate]);

  return (
    <Flex vertical gap="middle" data-testid="dev-console">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
          {t('dev.title')}
        </Typography.Title>
        {state.status === 'authenticated' ? (
          <Flex align="center" gap="small" wrap>
            <Typography.Text data-testid="dev-signed-in">
              {state.me.displayName}（{state.me.username}）
            </Typography.Text>
            <Button onClick={() => void auth.logout()} data-testid="dev-logout">
              {t('dev.logout')}
            </Button>
          </Flex>
        ) : null}
      </Flex>
      <Typography.Paragraph style={{ margin: 0 }}>{t('dev.intro')}</Typography.Paragraph>
      {state.status === 'loading' ? (
        <Loading />
      ) : state.status === 'anonymous' ? (
        <DeveloperAuth />
      ) : !isDeveloper ? (
        <Result status="info" title={t('dev.notDeveloper')} />
      ) : (
        <>
          <KeysSection />
          <MyApplications />
          <WebhooksSection />
        </>
      )}
    </Flex>
  );
}
