import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography, theme } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useT } from '../i18n/context';
import { useErrorMessage } from '../shared/errors';
import { Loading } from '../shared/Loading';
import { useDocumentTitle } from '../shared/useDocumentTitle';
import { useAuth } from './context';

interface Credentials {
  username: string;
  password: string;
}

/** Where to go after signing in: where RequireAuth sent us from, else the overview. */
function redirectTarget(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'string') {
    return state.from;
  }
  return '/';
}

export function LoginPage() {
  const t = useT();
  const { token } = theme.useToken();
  const { state, login } = useAuth();
  const location = useLocation();
  const describe = useErrorMessage();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useDocumentTitle(t('login.title'));

  if (state.status === 'loading') return <Loading fullScreen />;
  if (state.status === 'authenticated') return <Navigate to={redirectTarget(location.state)} replace />;

  const submit = async ({ username, password }: Credentials) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(username, password);
    } catch (failure) {
      setError(describe(failure));
      setSubmitting(false);
    }
  };

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: token.colorBgLayout }}
    >
      <Flex justify="flex-end" style={{ position: 'absolute', top: 16, right: 16 }}>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Flex vertical align="center" style={{ marginBottom: 24 }}>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
        </Flex>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form<Credentials> layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
