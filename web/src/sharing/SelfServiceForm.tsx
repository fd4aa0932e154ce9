import { Alert, Button, Checkbox, DatePicker, Form, Input, Result, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { selfService, type Grant, type SharingItem, type UsageMode } from '../api/sharing';
import { useT } from '../i18n/context';
import { applyFieldErrors, useErrorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import {
  ApiKeySelect,
  ConsumerDepartmentSelect,
  UsageModesField,
  useCanBindApiKey,
  useConsumerChoice,
} from './formFields';
import { grantLink } from './links';

interface Values {
  consumerDepartmentId?: string;
  items?: string[];
  purpose: string;
  usageModes: UsageMode[];
  periodTo?: Dayjs | null;
  apiKeyId?: string | null;
  confirm: boolean;
}

interface SelfServiceFormProps {
  resourceId: string;
  items: readonly SharingItem[];
  onGranted: () => void;
}

/** 无条件共享: state the purpose, confirm it, and the grant is issued at once. */
export function SelfServiceForm({ resourceId, items, onGranted }: SelfServiceFormProps) {
  const t = useT();
  const describe = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const consumer = useConsumerChoice();
  const canBindKey = useCanBindApiKey();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [granted, setGranted] = useState<Grant | null>(null);
  const consumerId = Form.useWatch('consumerDepartmentId', form) ?? consumer.initial;

  if (granted) {
    return (
      <Result
        status="success"
        title={t('sharing.selfService.grantedTitle')}
        subTitle={t('sharing.selfService.grantedSubtitle', { until: formatDateTime(granted.validTo) })}
        extra={[
          <Link key="open" to={grantLink(granted.id)}>
            <Button type="primary" data-testid="self-service-open-grant">
              {t('sharing.selfService.openGrant')}
            </Button>
          </Link>,
          <Button key="again" onClick={() => setGranted(null)}>
            {t('sharing.request.again')}
          </Button>,
        ]}
        data-testid="self-service-granted"
      />
    );
  }

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const grant = await selfService({
        resourceId,
        ...(values.consumerDepartmentId ? { consumerDepartmentId: values.consumerDepartmentId } : {}),
        ...(values.apiKeyId ? { apiKeyId: values.apiKeyId } : {}),
        ...(values.items?.length ? { items: values.items } : {}),
        purpose: values.purpose.trim(),
        usageModes: values.usageModes,
        ...(values.periodTo ? { periodTo: values.periodTo.format('YYYY-MM-DD') } : {}),
        confirm: true,
      });
      setGranted(grant);
      onGranted();
    } catch (failure) {
      if (!applyFieldErrors(form, failure)) setError(describe(failure));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ consumerDepartmentId: consumer.initial, usageModes: ['query'], confirm: false }}
      onFinish={(values) => void submit(values)}
      data-testid="self-service-form"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {consumer.choose && (
        <Form.Item
          name="consumerDepartmentId"
          label={t('sharing.request.consumer')}
          rules={[{ required: true, message: t('sharing.request.consumerRequired') }]}
        >
          <ConsumerDepartmentSelect />
        </Form.Item>
      )}
      <Form.Item name="items" label={t('sharing.request.items')} extra={t('sharing.selfService.itemsHint')}>
        <Select<string[]>
          mode="multiple"
          allowClear
          placeholder={t('sharing.selfService.allItems')}
          options={items.map(({ name }) => ({ value: name, label: name }))}
          data-testid="self-service-items"
        />
      </Form.Item>
      <Form.Item
        name="purpose"
        label={t('sharing.request.purpose')}
        extra={t('sharing.request.purposeHint')}
        rules={[
          { required: true, whitespace: true, max: 200, message: t('sharing.request.purposeRequired') },
        ]}
      >
        <Input maxLength={200} showCount data-testid="self-service-purpose" />
      </Form.Item>
      <Form.Item
        name="usageModes"
        label={t('sharing.request.usageModes')}
        rules={[{ required: true, type: 'array', min: 1, message: t('sharing.request.usageModesRequired') }]}
      >
        <UsageModesField />
      </Form.Item>
      <Form.Item
        name="periodTo"
        label={t('sharing.selfService.periodTo')}
        extra={t('sharing.selfService.periodToHint')}
      >
        <DatePicker disabledDate={(day) => day.isBefore(dayjs(), 'day')} />
      </Form.Item>
      {canBindKey ? (
        <Form.Item
          name="apiKeyId"
          label={t('sharing.request.apiKey')}
          extra={t('sharing.request.apiKeyHint')}
        >
          <ApiKeySelect departmentId={consumerId} />
        </Form.Item>
      ) : (
        <Typography.Paragraph type="secondary">{t('sharing.request.anyApiKeyNote')}</Typography.Paragraph>
      )}
      <Form.Item
        name="confirm"
        valuePropName="checked"
        rules={[
          {
            validator: async (_, checked: boolean) => {
              if (!checked) throw new Error(t('sharing.selfService.confirmRequired'));
            },
          },
        ]}
      >
        <Checkbox data-testid="self-service-confirm">{t('sharing.selfService.confirm')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submitting} data-testid="self-service-submit">
        {t('sharing.selfService.submit')}
      </Button>
    </Form>
  );
}
