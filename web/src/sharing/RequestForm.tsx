import { Alert, Button, DatePicker, Form, Input, InputNumber, Result, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { createRequest, type AccessRequest, type SharingItem, type UsageMode } from '../api/sharing';
import { useT } from '../i18n/context';
import { applyFieldErrors, useErrorMessage } from '../shared/errors';
import { Attachments } from './Attachments';
import {
  ApiKeySelect,
  ConsumerDepartmentSelect,
  UsageModesField,
  useCanBindApiKey,
  useConsumerChoice,
} from './formFields';
import { ItemChecklist, type ItemSelection } from './ItemChecklist';
import { requestLink } from './links';

interface Values {
  consumerDepartmentId?: string;
  selection: ItemSelection;
  purpose: string;
  legalBasis: string;
  usageModes: UsageMode[];
  period: [Dayjs, Dayjs];
  expectedDailyVolume?: number | null;
  apiKeyId?: string | null;
}

const DAY = 'YYYY-MM-DD';

/** What a department sent: the request, then its attachments (they can only be added to an existing request). */
function Created({ request, onAgain }: { request: AccessRequest; onAgain: () => void }) {
  const t = useT();
  const [attachments, setAttachments] = useState(request.attachments);
  return (
    <Result
      status="success"
      title={t('sharing.request.createdTitle')}
      subTitle={t('sharing.request.createdSubtitle', {
        provider: request.providerDepartmentName,
        at: dayjs(request.dueAt).format('YYYY-MM-DD HH:mm'),
      })}
      extra={[
        <Link key="open" to={requestLink(request.id)}>
          <Button type="primary" data-testid="request-created-open">
            {t('sharing.request.openCreated')}
          </Button>
        </Link>,
        <Button key="again" onClick={onAgain}>
          {t('sharing.request.again')}
        </Button>,
      ]}
      data-testid="request-created"
    >
      <Typography.Title level={5}>{t('sharing.attachment.title')}</Typography.Title>
      <Attachments
        requestId={request.id}
        attachments={attachments}
        canUpload
        onUploaded={(attachment) => setAttachments((previous) => [...previous, attachment])}
      />
    </Result>
  );
}

interface RequestFormProps {
  resourceId: string;
  items: readonly SharingItem[];
  /** Consumer departments that already have an open request for this resource. */
  openFor: ReadonlySet<string>;
  onCreated: () => void;
}

/** 有条件共享: a request with items, purpose, legal basis, usage modes and period, for the provider to decide. */
export function RequestForm({ resourceId, items, openFor, onCreated }: RequestFormProps) {
  const t = useT();
  const describe = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const consumer = useConsumerChoice();
  const canBindKey = useCanBindApiKey();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<AccessRequest | null>(null);
  const consumerId = Form.useWatch('consumerDepartmentId', form) ?? consumer.initial;

  if (created) return <Created request={created} onAgain={() => setCreated(null)} />;

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const request = await createRequest({
        resourceId,
        ...(values.consumerDepartmentId ? { consumerDepartmentId: values.consumerDepartmentId } : {}),
        ...(values.apiKeyId ? { apiKeyId: values.apiKeyId } : {}),
        items: values.selection.items,
        unmaskedItems: values.selection.unmasked,
        purpose: values.purpose.trim(),
        legalBasis: values.legalBasis.trim(),
        usageModes: values.usageModes,
        periodFrom: values.period[0].format(DAY),
        periodTo: values.period[1].format(DAY),
        expectedDailyVolume: values.expectedDailyVolume ?? null,
      });
      setCreated(request);
      onCreated();
    } catch (failure) {
      if (!applyFieldErrors(form, failure)) setError(describe(failure));
    } finally {
      setSubmitting(false);
    }
  };

  const duplicate = consumerId !== undefined && openFor.has(consumerId);
  const keys = items.filter((item) => item.isKey).map(({ name }) => name);

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{
        consumerDepartmentId: consumer.initial,
        selection: { items: keys, unmasked: [] },
        usageModes: ['query'],
        period: [dayjs(), dayjs().add(1, 'year')],
      }}
      onFinish={(values) => void submit(values)}
      data-testid="request-form"
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
      <Form.Item
        name="selection"
        label={t('sharing.request.items')}
        extra={t('sharing.request.itemsHint')}
        rules={[
          {
            validator: async (_, value: ItemSelection | undefined) => {
              if (!value || value.items.every((name) => keys.includes(name)))
                throw new Error(t('sharing.request.itemsRequired'));
            },
          },
        ]}
      >
        <ItemChecklist items={items} />
      </Form.Item>
      <Form.Item
        name="purpose"
        label={t('sharing.request.purpose')}
        extra={t('sharing.request.purposeHint')}
        rules={[
          { required: true, whitespace: true, max: 200, message: t('sharing.request.purposeRequired') },
        ]}
      >
        <Input maxLength={200} showCount data-testid="request-form-purpose" />
      </Form.Item>
      <Form.Item
        name="legalBasis"
        label={t('sharing.request.legalBasis')}
        extra={t('sharing.request.legalBasisHint')}
        rules={[
          { required: true, whitespace: true, max: 2000, message: t('sharing.request.legalBasisRequired') },
        ]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="request-form-legal-basis" />
      </Form.Item>
      <Form.Item
        name="usageModes"
        label={t('sharing.request.usageModes')}
        rules={[{ required: true, type: 'array', min: 1, message: t('sharing.request.usageModesRequired') }]}
      >
        <UsageModesField />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('sharing.request.period')}
        rules={[{ required: true, message: t('sharing.request.periodRequired') }]}
      >
        <DatePicker.RangePicker allowClear={false} data-testid="request-form-period" />
      </Form.Item>
      <Form.Item name="expectedDailyVolume" label={t('sharing.request.expectedDailyVolume')}>
        <InputNumber<number>
          min={1}
          max={100_000_000}
          precision={0}
          style={{ width: 200 }}
          placeholder={t('sharing.request.perDay')}
          data-testid="request-form-volume"
        />
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
      {duplicate && (
        <Alert
          type="warning"
          showIcon
          title={t('sharing.request.duplicate')}
          style={{ marginBottom: 16 }}
          data-testid="request-duplicate"
        />
      )}
      <Button
        type="primary"
        htmlType="submit"
        loading={submitting}
        disabled={duplicate}
        data-testid="request-form-submit"
      >
        {t('sharing.request.submit')}
      </Button>
    </Form>
  );
}
