import { Alert, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { registerDeveloper, verifyDeveloperRegistration, type RegisterInput } from '../../api/openDevelopers';
import { useAuth } from '../../auth/context';
import { useT } from '../../i18n/context';
import { applyFieldErrors, useErrorMessage } from '../../shared/errors';

/** 注册: contact, name and password → a 6-digit code → verified, signed in. */
function Register() {
  const t = useT();
  const auth = useAuth();
  const describe = useErrorMessage();
  const [form] = Form.useForm<RegisterInput>();
  const [codeForm] = Form.useForm<{ code: string }>();
  const [pending, setPending] = useState<{ contact: string; expiresAt: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const request = async (values: RegisterInput) => {
    setBusy(true);
    setError(null);
    try {
      setPending(await registerDeveloper(values));
    } catch (failure) {
      if (!applyFieldErrors(form, failure)) setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };

  const verify = async ({ code }: { code: string }) => {
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      const session = await verifyDeveloperRegistration(pending.contact, code.trim());
      auth.adopt(session);
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="dev-auth-error"
        />
      ) : null}
      {pending ? (
        <Form form={codeForm} layout="vertical" onFinish={verify} requiredMark={false}>
          <Typography.Paragraph data-testid="dev-code-sent">
            {t('dev.register.sent', { contact: pending.contact })}
          </Typography.Paragraph>
          <Form.Item
            name="code"
            label={t('dev.register.code')}
            rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('dev.register.codeRule') }]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} data-testid="dev-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="dev-verify">
            {t('dev.register.verify')}
          </Button>
          <Button type="link" onClick={() => setPending(null)}>
            {t('dev.register.again')}
          </Button>
        </Form>
      ) : (
        <Form form={form} layout="vertical" onFinish={request} requiredMark={false}>
          <Form.Item
            name="contact"
            label={t('dev.register.contact')}
            extra={t('dev.register.contactHint')}
            rules={[{ required: true, message: t('dev.register.contactRule') }]}
          >
            <Input autoComplete="username" maxLength={64} data-testid="dev-contact" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('dev.register.displayName')}
            rules={[{ required: true, message: t('dev.register.displayNameRule') }]}
          >
            <Input autoComplete="nickname" maxLength={60} data-testid="dev-display-name" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('dev.register.password')}
            extra={t('dev.register.passwordHint')}
            rules={[{ required: true, message: t('dev.register.passwordRule') }]}
          >
            <Input type="password" autoComplete="new-password" maxLength={256} data-testid="dev-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="dev-register">
            {t('dev.register.submit')}
          </Button>
        </Form>
      )}
    </>
  );
}

/** 登录: the normal sign-in, the contact as username. */
function SignIn() {
  const t = useT();
  const auth = useAuth();
  const describe = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await auth.login(values.username.trim(), values.password);
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" onFinish={submit} requiredMark={false}>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="dev-login-error"
        />
      ) : null}
      <Form.Item
        name="username"
        label={t('dev.register.contact')}
        rules={[{ required: true, message: t('dev.register.contactRule') }]}
      >
        <Input autoComplete="username" maxLength={64} data-testid="dev-login-username" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('dev.register.password')}
        rules={[{ required: true, message: t('dev.register.passwordRule') }]}
      >
        <Input
          type="password"
          autoComplete="current-password"
          maxLength={256}
          data-testid="dev-login-password"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="dev-login">
        {t('dev.login.submit')}
      </Button>
    </Form>
  );
}

/** Registration and sign-in for developers without a session. */
export function DeveloperAuth() {
  const t = useT();
  return (
    <Card size="small" style={{ maxWidth: 520 }}>
      <Tabs
        items={[
          { key: 'register', label: t('dev.tab.register'), children: <Register /> },
          { key: 'login', label: t('dev.tab.login'), children: <SignIn /> },
        ]}
      />
    </Card>
  );
}
