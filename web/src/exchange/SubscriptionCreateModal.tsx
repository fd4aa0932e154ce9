import { Alert, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { ScopedDepartmentSelect } from '../admin/DepartmentSelect';
import { createSubscription, type SubscriptionCreated, type SubscriptionMode } from '../api/exchange';
import { useAccess } from '../auth/access';
import { useTerms } from '../catalog/vocabulary';
import { useT } from '../i18n/context';
import { FormModal } from '../shared/FormModal';
import { useDebouncedValue } from '../shared/useDebouncedValue';
import { useQuery } from '../shared/useQuery';
import { useExchangeAccess } from './exchangeAccess';
import { itemNamesOf, searchSubscribable, type SubscribableResource } from './subscribable';

interface Values {
  resourceId: string;
  consumerDepartmentId: string;
  scope: 'all' | 'some';
  items?: string[];
  mode: SubscriptionMode;
  webhookUrl?: string;
  maxAttempts?: number;
  from: 'beginning' | 'latest';
}

function ResourcePicker({
  value,
  onChange,
  onPicked,
}: {
  value?: string;
  onChange?: (value: string) => void;
  onPicked: (resource: SubscribableResource | null) => void;
}) {
  const t = useT();
  const { label } = useTerms();
  const { cityWide } = useExchangeAccess();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<SubscribableResource | null>(null);
  const q = useDebouncedValue(search.trim());
  const fetcher = useCallback(
    (signal: AbortSignal) => searchSubscribable(q, cityWide, signal),
    [q, cityWide],
  );
  const { data, loading } = useQuery(fetcher);
  const candidates = [...(picked ? [picked] : []), ...(data ?? []).filter(({ id }) => id !== picked?.id)];

  return (
    <Select<string>
      value={value}
      placeholder={t('exchange.subscription.pickResource')}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={loading}
      notFoundContent={loading ? undefined : t('exchange.subscription.noResource')}
      options={candidates.map((resource) => ({
        value: resource.id,
        disabled: resource.sharingType === 'none',
        label: (
          <Space size={4}>
            {resource.name}
            <Typography.Text type="secondary">{resource.departmentName}</Typography.Text>
            <Tag
              color={
                resource.sharingType === 'unconditional'
                  ? 'green'
                  : resource.sharingType === 'conditional'
                    ? 'orange'
                    : 'default'
              }
            >
              {label('sharingTypes', resource.sharingType)}
            </Tag>
          </Space>
        ),
      }))}
      onChange={(id) => {
        const resource = candidates.find((candidate) => candidate.id === id) ?? null;
        setPicked(resource);
        onPicked(resource);
        onChange?.(id);
      }}
      data-testid="subscription-form-resource"
    />
  );
}

function ItemsSelect({
  resourceId,
  value,
  onChange,
}: {
  resourceId: string;
  value?: string[];
  onChange?: (v: string[]) => void;
}) {
  const t = useT();
  const { cityWide } = useExchangeAccess();
  const fetcher = useCallback(
    (signal: AbortSignal) => itemNamesOf(resourceId, cityWide, signal),
    [resourceId, cityWide],
  );
  const { data, loading } = useQuery(fetcher);
  return (
    <Select<string[]>
      mode="multiple"
      value={value}
      onChange={onChange}
      loading={loading}
      placeholder={t('exchange.subscription.pickItems')}
      options={(data ?? []).map((name) => ({ value: name, label: name }))}
      data-testid="subscription-form-items"
    />
  );
}

/**
 * An http(s) URL. Not the form library's `url` rule: it refuses private and loopback addresses, where the
 * departments' receiving systems usually are (the government intranet).
 */
async function checkWebhookUrl(_: unknown, value: string | undefined): Promise<void> {
  let url: URL;
  try {
    url = new URL(value?.trim() ?? '');
  } catch {
    throw new Error('invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('invalid');
}

interface SubscriptionCreateModalProps {
  onClose: () => void;
  onCreated: (created: SubscriptionCreated) => void;
}

/** Subscribe a consumer department to a resource's changes, by pull or webhook. */
export function SubscriptionCreateModal({ onClose, onCreated }: SubscriptionCreateModalProps) {
  const t = useT();
  const { departmentScope } = useAccess();
  const [resource, setResource] = useState<SubscribableResource | null>(null);

  const submit = async ({ scope, items, mode, webhookUrl, maxAttempts, ...values }: Values) => {
    onCreated(
      await createSubscription({
        ...values,
        mode,
        items: scope === 'some' ? (items ?? []) : null,
        ...(mode === 'webhook'
          ? { webhookUrl: webhookUrl?.trim(), ...(maxAttempts ? { maxAttempts } : {}) }
          : {}),
      }),
    );
  };

  return (
    <FormModal<Values>
      title={t('exchange.subscription.createTitle')}
      initialValues={{
        consumerDepartmentId: departmentScope === 'all' ? undefined : departmentScope[0]?.id,
        scope: 'all',
        mode: 'pull',
        from: 'beginning',
      }}
      onSubmit={submit}
      onClose={onClose}
      submitText={t('exchange.subscription.create')}
      submitTestId="subscription-form-submit"
      width={640}
    >
      <Form.Item
        name="resourceId"
        label={t('exchange.subscription.resource')}
        rules={[{ required: true, message: t('exchange.subscription.pickResource') }]}
      >
        <ResourcePicker onPicked={setResource} />
      </Form.Item>
      {resource?.sharingType === 'conditional' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('exchange.subscription.conditional')}
        />
      )}
      <Form.Item
        name="consumerDepartmentId"
        label={t('exchange.subscription.consumer')}
        rules={[{ required: true, message: t('exchange.subscription.pickConsumer') }]}
      >
        <ScopedDepartmentSelect data-testid="subscription-form-consumer" />
      </Form.Item>
      <Form.Item name="scope" label={t('exchange.subscription.items')}>
        <Radio.Group
          options={[
            { value: 'all', label: t('exchange.subscription.allItems') },
            { value: 'some', label: t('exchange.subscription.someItems') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['scope', 'resourceId']}>
        {({ getFieldValue }) => {
          const resourceId = getFieldValue('resourceId') as string | undefined;
          return getFieldValue('scope') === 'some' ? (
            <Form.Item
              name="items"
              rules={[
                { required: true, type: 'array', min: 1, message: t('exchange.subscription.pickItems') },
              ]}
              extra={t('exchange.subscription.keysAlways')}
            >
              {resourceId ? (
                <ItemsSelect resourceId={resourceId} />
              ) : (
                <Select disabled placeholder={t('exchange.subscription.pickResourceFirst')} />
              )}
            </Form.Item>
          ) : null;
        }}
      </Form.Item>
      <Form.Item name="mode" label={t('exchange.subscription.mode')}>
        <Radio.Group
          optionType="button"
          options={(['pull', 'webhook'] as const).map((mode) => ({
            value: mode,
            label: t(`exchange.subscriptionMode.${mode}`),
          }))}
          data-testid="subscription-form-mode"
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['mode']}>
        {({ getFieldValue }) =>
          getFieldValue('mode') === 'webhook' ? (
            <>
              <Form.Item
                name="webhookUrl"
                label={t('exchange.subscription.webhookUrl')}
                extra={t('exchange.subscription.webhookHint')}
                rules={[
                  {
                    required: true,
                    validator: checkWebhookUrl,
                    message: t('exchange.subscription.webhookUrlInvalid'),
                  },
                ]}
              >
                <Input placeholder="https://" data-testid="subscription-form-webhook" />
              </Form.Item>
              <Form.Item name="maxAttempts" label={t('exchange.subscription.maxAttempts')}>
                <InputNumber<number> min={1} max={100} precision={0} placeholder="8" />
              </Form.Item>
            </>
          ) : (
            <Typography.Paragraph type="secondary">
              {t('exchange.subscription.pullHint')}
            </Typography.Paragraph>
          )
        }
      </Form.Item>
      <Form.Item name="from" label={t('exchange.subscription.from')}>
        <Radio.Group
          options={[
            { value: 'beginning', label: t('exchange.subscription.fromBeginning') },
            { value: 'latest', label: t('exchange.subscription.fromLatest') },
          ]}
          data-testid="subscription-form-from"
        />
      </Form.Item>
    </FormModal>
  );
}
