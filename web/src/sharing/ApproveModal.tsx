import { Alert, DatePicker, Flex, Form, Input, InputNumber, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback } from 'react';
import {
  approveRequest,
  getSharingResource,
  type AccessRequest,
  type ApproveBody,
  type SharingItem,
} from '../api/sharing';
import { useT } from '../i18n/context';
import { FormModal } from '../shared/FormModal';
import { formatDate } from '../shared/format';
import { useQuery } from '../shared/useQuery';
import { ItemChecklist, type ItemSelection } from './ItemChecklist';
import { UsageModeTags } from './tags';

interface Values {
  selection: ItemSelection;
  periodTo: Dayjs;
  dailyQuota?: number | null;
  ratePerMinute?: number | null;
  comment?: string;
}

const DAY = 'YYYY-MM-DD';

/**
 * Approve a request, possibly for less than was asked: fewer items, fewer in clear, an earlier end, a daily quota
 * and a rate limit. On a request in second review (the operator), the provider's decision is the starting point.
 */
export function ApproveModal({
  request: r,
  onClose,
  onDecided,
}: {
  request: AccessRequest;
  onClose: () => void;
  onDecided: (request: AccessRequest) => void;
}) {
  // The resource's items say which are keys (always provided) and their types; without them, names suffice.
  const fetcher = useCallback(
    (signal: AbortSignal) => getSharingResource(r.resourceId, signal),
    [r.resourceId],
  );
  const { data, error, loading } = useQuery(fetcher);
  if (loading && !data && !error) return null;
  return <ApproveForm request={r} catalogItems={data?.items ?? []} onClose={onClose} onDecided={onDecided} />;
}

function ApproveForm({
  request: r,
  catalogItems,
  onClose,
  onDecided,
}: {
  request: AccessRequest;
  catalogItems: readonly SharingItem[];
  onClose: () => void;
  onDecided: (request: AccessRequest) => void;
}) {
  const t = useT();
  const review = r.status === 'second_review';
  const offered = review && r.approvedItems ? r.approvedItems : r.items;
  const offeredClear = review && r.approvedUnmasked ? r.approvedUnmasked : r.unmaskedItems;
  const items: SharingItem[] = offered.map(
    (name) =>
      catalogItems.find((item) => item.name === name) ?? {
        name,
        dataType: '',
        isKey: false,
        sensitive: r.sensitiveItems.includes(name),
      },
  );
  const keys = items.filter((item) => item.isKey).map(({ name }) => name);
  const latest = dayjs(review && r.approvedTo ? r.approvedTo : r.periodTo);

  const submit = async (values: Values) => {
    const body: ApproveBody = {
      items: values.selection.items,
      unmaskedItems: values.selection.unmasked,
      periodTo: values.periodTo.format(DAY),
      dailyQuota: values.dailyQuota ?? null,
      ratePerMinute: values.ratePerMinute ?? null,
      ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
    };
    onDecided(await approveRequest(r.id, body));
  };

  return (
    <FormModal<Values>
      title={t(review ? 'sharing.approval.reviewTitle' : 'sharing.approval.approveTitle', {
        consumer: r.consumerDepartmentName,
      })}
      initialValues={{
        selection: { items: [...offered], unmasked: [...offeredClear] },
        periodTo: latest,
        dailyQuota: r.dailyQuota,
        ratePerMinute: r.ratePerMinute,
      }}
      onSubmit={submit}
      onClose={onClose}
      submitText={t(review ? 'sharing.approval.review' : 'sharing.approval.approve')}
      submitTestId="approve-submit"
      width={760}
    >
      <Flex vertical gap={4} style={{ marginBottom: 16 }}>
        <Typography.Text>
          <Typography.Text type="secondary">{t('sharing.request.purpose')}：</Typography.Text>
          {r.purpose}
        </Typography.Text>
        <Flex gap="small" align="center">
          <Typography.Text type="secondary">{t('sharing.request.usageModes')}：</Typography.Text>
          <UsageModeTags modes={r.usageModes} />
        </Flex>
        <Typography.Text>
          <Typography.Text type="secondary">{t('sharing.request.period')}：</Typography.Text>
          {formatDate(r.periodFrom)} – {formatDate(r.periodTo)}
        </Typography.Text>
      </Flex>
      <Form.Item
        name="selection"
        label={t('sharing.approval.items')}
        extra={t('sharing.approval.itemsHint')}
        rules={[
          {
            validator: async (_, value: ItemSelection | undefined) => {
              if (!value || value.items.every((name) => keys.includes(name)))
                throw new Error(t('sharing.request.itemsRequired'));
            },
          },
        ]}
      >
        <ItemChecklist items={items} unmaskable={offeredClear} />
      </Form.Item>
      <Form.Item noStyle dependencies={['selection']}>
        {({ getFieldValue }) => {
          const selection = getFieldValue('selection') as ItemSelection | undefined;
          const sensitive = (selection?.items ?? []).some((name) => r.sensitiveItems.includes(name));
          return !review && sensitive ? (
            <Alert
              type="info"
              showIcon
              title={t('sharing.approval.sensitiveNote')}
              style={{ marginBottom: 16 }}
            />
          ) : null;
        }}
      </Form.Item>
      <Flex gap="middle" wrap>
        <Form.Item
          name="periodTo"
          label={t('sharing.approval.periodTo')}
          rules={[{ required: true, message: t('sharing.request.periodRequired') }]}
        >
          <DatePicker
            allowClear={false}
            disabledDate={(day) => day.isAfter(latest, 'day') || day.isBefore(dayjs(), 'day')}
            data-testid="approve-period-to"
          />
        </Form.Item>
        <Form.Item name="dailyQuota" label={t('sharing.grant.dailyQuota')}>
          <InputNumber<number>
            min={1}
            max={100_000_000}
            precision={0}
            placeholder={t('sharing.approval.unlimited')}
            style={{ width: 160 }}
            data-testid="approve-daily-quota"
          />
        </Form.Item>
        <Form.Item name="ratePerMinute" label={t('sharing.grant.ratePerMinute')}>
          <InputNumber<number>
            min={1}
            max={1_000_000}
            precision={0}
            placeholder={t(review ? 'sharing.approval.asProvider' : 'sharing.approval.unlimited')}
            style={{ width: 160 }}
            data-testid="approve-rate"
          />
        </Form.Item>
      </Flex>
      <Form.Item name="comment" label={t('sharing.approval.comment')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}
