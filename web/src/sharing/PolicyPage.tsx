import { Alert, App, Button, Card, Descriptions, Form, InputNumber, Switch } from 'antd';
import { useCallback, useState } from 'react';
import {
  getSharingPolicy,
  patchSharingPolicy,
  type SharingPolicy,
  type SharingPolicyPatch,
} from '../api/sharing';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { applyFieldErrors, useErrorMessage } from '../shared/errors';
import { EMPTY, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';

type Values = Required<SharingPolicyPatch>;

function PolicyForm({
  policy,
  onSaved,
}: {
  policy: SharingPolicy;
  onSaved: (policy: SharingPolicy) => void;
}) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (values: Values) => {
    setSaving(true);
    setError(null);
    try {
      const saved = await patchSharingPolicy(values);
      void message.success(t('sharing.policy.saved'));
      onSaved(saved);
    } catch (failure) {
      if (!applyFieldErrors(form, failure)) setError(describe(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{
        responseHours: policy.responseHours,
        secondApprovalSensitive: policy.secondApprovalSensitive,
        maxQueryLimit: policy.maxQueryLimit,
        verifyPerMinute: policy.verifyPerMinute,
      }}
      onFinish={(values) => void save(values)}
      style={{ maxWidth: 560 }}
      data-testid="policy-form"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="responseHours"
        label={t('sharing.policy.responseHours')}
        extra={t('sharing.policy.responseHoursHint')}
        rules={[{ required: true, type: 'integer', min: 1, max: 8760 }]}
      >
        <InputNumber<number>
          min={1}
          max={8760}
          precision={0}
          suffix={t('sharing.policy.hours')}
          data-testid="policy-response-hours"
        />
      </Form.Item>
      <Form.Item
        name="secondApprovalSensitive"
        label={t('sharing.policy.secondApprovalSensitive')}
        extra={t('sharing.policy.secondApprovalSensitiveHint')}
        valuePropName="checked"
      >
        <Switch data-testid="policy-second-approval" />
      </Form.Item>
      <Form.Item
        name="maxQueryLimit"
        label={t('sharing.policy.maxQueryLimit')}
        extra={t('sharing.policy.maxQueryLimitHint')}
        rules={[{ required: true, type: 'integer', min: 1, max: 10_000 }]}
      >
        <InputNumber<number> min={1} max={10_000} precision={0} data-testid="policy-max-query-limit" />
      </Form.Item>
      <Form.Item
        name="verifyPerMinute"
        label={t('sharing.policy.verifyPerMinute')}
        extra={t('sharing.policy.verifyPerMinuteHint')}
        rules={[{ required: true, type: 'integer', min: 1, max: 10_000_000 }]}
      >
        <InputNumber<number> min={1} max={10_000_000} precision={0} data-testid="policy-verify-per-minute" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="policy-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}

/** The operator's sharing policy: the response deadline, the second review of sensitive items, query sizes. */
export default function PolicyPage() {
  const t = useT();
  const fetcher = useCallback((signal: AbortSignal) => getSharingPolicy(signal), []);
  const { data, error } = useQuery(fetcher);
  const [saved, setSaved] = useState<SharingPolicy | null>(null);
  const policy = saved ?? data;

  return (
    <Page title={t('sharing.policy.title')}>
      <ErrorAlert error={error} />
      {!policy ? (
        !error && <Loading />
      ) : (
        <Card>
          <Descriptions
            size="small"
            column={2}
            style={{ marginBottom: 24 }}
            items={[
              { key: 'by', label: t('sharing.policy.updatedBy'), children: policy.updatedBy ?? EMPTY },
              { key: 'at', label: t('sharing.policy.updatedAt'), children: formatDateTime(policy.updatedAt) },
            ]}
          />
          <PolicyForm key={policy.updatedAt} policy={policy} onSaved={setSaved} />
        </Card>
      )}
    </Page>
  );
}
