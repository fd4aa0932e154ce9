import { Alert, Button, Checkbox, Flex, Form, Input, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import type { OpenDatasetDetail } from '../../api/open';
import { applyForOpenDataset, listMyOpenApplications, type ApplyInput } from '../../api/openDevelopers';
import { useAuth } from '../../auth/context';
import { useT } from '../../i18n/context';
import { applyFieldErrors, useErrorMessage } from '../../shared/errors';
import { useQuery } from '../../shared/useQuery';
import { SectionCard } from '../parts';
import { ApplicationStatusTag } from './applications';

/** A POSIX shell's single quotes. */
const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function ApplyForm({ detail, onDone }: { detail: OpenDatasetDetail; onDone: () => void }) {
  const t = useT();
  const describe = useErrorMessage();
  const [form] = Form.useForm<ApplyInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const items = detail.dictionary.filter((i) => i.open).map((i) => i.name);
  const submit = async (values: ApplyInput) => {
    setBusy(true);
    setError(null);
    try {
      await applyForOpenDataset({ ...values, dataset: detail.name });
      onDone();
    } catch (failure) {
      if (!applyFieldErrors(form, failure)) setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      requiredMark={false}
      initialValues={{ items, periodEnd: dayjs().add(90, 'day').format('YYYY-MM-DD'), purpose: '' }}
      data-testid="dev-apply-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item
        name="purpose"
        label={t('dev.apply.purpose')}
        rules={[{ required: true, min: 10, message: t('dev.apply.purposeRule') }]}
      >
        <Input.TextArea rows={3} maxLength={1000} data-testid="dev-apply-purpose" />
      </Form.Item>
      <Form.Item
        name="items"
        label={t('dev.apply.items')}
        extra={t('dev.apply.itemsHint')}
        rules={[{ required: true, type: 'array', min: 1, message: t('dev.apply.itemsRule') }]}
      >
        <Checkbox.Group options={items.map((name) => ({ value: name, label: name }))} />
      </Form.Item>
      <Form.Item
        name="periodEnd"
        label={t('dev.apply.periodEnd')}
        extra={t('dev.apply.periodHint')}
        rules={[{ required: true, message: t('dev.apply.periodRule') }]}
      >
        <Input
          type="date"
          min={dayjs().format('YYYY-MM-DD')}
          max={dayjs().add(365, 'day').format('YYYY-MM-DD')}
          style={{ maxWidth: 220 }}
          data-testid="dev-apply-period"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="dev-apply-submit">
        {t('dev.apply.submit')}
      </Button>
    </Form>
  );
}

function KeyedExample({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  const code = [
    `curl -G ${shellQuote(detail.api.query)} \\`,
    `  -H 'X-API-Key: <${t('dev.apply.yourKey')}>' \\`,
    `  --data-urlencode '$limit=5'`,
  ].join('\n');
  const ckan = `curl -H 'Authorization: <${t('dev.apply.yourKey')}>' ${shellQuote(detail.api.datastoreSearch)}`;
  return (
    <Flex vertical gap="small" data-testid="dev-apply-how">
      <Typography.Paragraph style={{ margin: 0 }}>{t('dev.apply.how')}</Typography.Paragraph>
      {[code, ckan].map((c) => (
        <pre
          key={c}
          tabIndex={0}
          style={{
            margin: 0,
            padding: 12,
            background: '#f6f8fa',
            border: '1px solid #d9dee5',
            borderRadius: 6,
            fontSize: 13,
            color: '#1f2328',
            overflowX: 'auto',
          }}
        >
          <code>{c}</code>
        </pre>
      ))}
    </Flex>
  );
}

/** 申请使用 on a 有条件开放 dataset's page: sign in or register, apply, follow the application, call with a key. */
export function ApplyPanel({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  const { state } = useAuth();
  const isDeveloper = state.status === 'authenticated' && state.me.roles.some((r) => r.role === 'developer');
  const { data, reload } = useQuery(
    useCallback(
      (signal: AbortSignal) => (isDeveloper ? listMyOpenApplications(signal) : Promise.resolve(null)),
      [isDeveloper],
    ),
  );
  const current = data?.items.find(
    (a) =>
      a.dataset.name === detail.name && (a.status === 'pending' || (a.status === 'approved' && a.inForce)),
  );
  const latest = data?.items.find((a) => a.dataset.name === detail.name);

  let body;
  if (state.status !== 'authenticated')
    body = (
      <Typography.Paragraph style={{ margin: 0 }}>
        {t('dev.apply.signIn')}{' '}
        <Link to={`/open/developer?next=${encodeURIComponent(`/open/datasets/${detail.name}`)}`}>
          {t('dev.apply.signInLink')}
        </Link>
      </Typography.Paragraph>
    );
  else if (!isDeveloper)
    body = <Typography.Paragraph style={{ margin: 0 }}>{t('dev.notDeveloper')}</Typography.Paragraph>;
  else if (!data) body = null;
  else if (current?.status === 'approved')
    body = (
      <Flex vertical gap="small">
        <Flex gap="small" align="center" wrap>
          <ApplicationStatusTag application={current} />
          <Typography.Text>
            {t('dev.apply.approved', { end: current.periodEnd, items: current.items.join('、') })}
          </Typography.Text>
        </Flex>
        <KeyedExample detail={detail} />
        <Link to="/open/developer">{t('dev.apply.manageKeys')}</Link>
      </Flex>
    );
  else if (current)
    body = (
      <Flex gap="small" align="center" wrap data-testid="dev-apply-pending">
        <ApplicationStatusTag application={current} />
        <Typography.Text>{t('dev.apply.pending')}</Typography.Text>
      </Flex>
    );
  else
    body = (
      <Flex vertical gap="small">
        {latest ? (
          <Flex gap="small" align="center" wrap>
            <Typography.Text>{t('dev.apply.previous')}</Typography.Text>
            <ApplicationStatusTag application={latest} />
            {latest.reason ? <Typography.Text type="secondary">{latest.reason}</Typography.Text> : null}
          </Flex>
        ) : null}
        <ApplyForm detail={detail} onDone={reload} />
      </Flex>
    );

  return (
    <SectionCard id="dev-apply-title" title={t('dev.apply.title')} testId="dev-apply">
      {body}
    </SectionCard>
  );
}
