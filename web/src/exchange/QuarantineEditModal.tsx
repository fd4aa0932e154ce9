import { Alert, Col, Form, Input, Row, Space, Tag, Typography } from 'antd';
import { ApiError } from '../api/client';
import {
  resubmitQuarantined,
  type BatchRejectedDetails,
  type ExchangeItem,
  type Quarantined,
} from '../api/exchange';
import { useTerms } from '../catalog/vocabulary';
import { useT } from '../i18n/context';
import { FormModal } from '../shared/FormModal';
import { valueText } from './values';

type Values = { values: Record<string, string | undefined> };

/** The raw value as the steward should see it in an input: text, or nothing for an empty value. */
const asInput = (value: unknown) =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : valueText(value);

/**
 * A refused row's values become field errors of the form (`values.<item>`), so that the steward sees each
 * message next to the input it is about.
 */
function asFieldErrors(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.code !== 'EXCHANGE_BATCH_REJECTED') return error;
  const { rejected = [] } = (error.details ?? {}) as Partial<BatchRejectedDetails>;
  const unplaced = rejected.filter(({ field }) => !field).map(({ message }) => message);
  return new ApiError(error.status, error.code, [error.message, ...unplaced].join('；'), {
    ...error.details,
    fields: rejected
      .filter(({ field }) => field)
      .map(({ field, message }) => ({ field: `values.${field}`, message })),
  });
}

interface QuarantineEditModalProps {
  row: Quarantined;
  items: ExchangeItem[];
  onClose: () => void;
  onResubmitted: () => void;
}

/** One input per item, prefilled from the quarantined row; submitting validates and applies it as an upsert. */
export function QuarantineEditModal({ row, items, onClose, onResubmitted }: QuarantineEditModalProps) {
  const t = useT();
  const { label } = useTerms();
  const errorsByField = new Map(row.errors.filter(({ field }) => field).map((error) => [error.field, error]));
  const initialValues: Values = {
    values: Object.fromEntries(items.map(({ name }) => [name, asInput(row.raw[name])])),
  };
  const unknownColumns = Object.keys(row.raw).filter((name) => !items.some((item) => item.name === name));

  const submit = async ({ values }: Values) => {
    // Empty inputs are left out: an absent optional item, or a required one the server reports as missing.
    const filled = Object.fromEntries(
      Object.entries(values).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '',
      ),
    );
    try {
      await resubmitQuarantined(row.id, filled);
    } catch (error) {
      throw asFieldErrors(error);
    }
    onResubmitted();
  };

  return (
    <FormModal<Values>
      title={t('exchange.quarantine.editTitle', { row: row.row })}
      initialValues={initialValues}
      onSubmit={submit}
      onClose={onClose}
      submitText={t('exchange.quarantine.resubmit')}
      submitTestId="quarantine-resubmit"
      width={800}
    >
      {unknownColumns.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('exchange.quarantine.unknownColumns')}
          description={
            <Space size={4} wrap>
              {unknownColumns.map((name) => (
                <Tag key={name}>
                  {name}: {valueText(row.raw[name])}
                </Tag>
              ))}
            </Space>
          }
        />
      )}
      <Row gutter={16}>
        {items.map((item) => {
          const error = errorsByField.get(item.name);
          return (
            <Col key={item.name} xs={24} md={12}>
              <Form.Item
                name={['values', item.name]}
                label={
                  <Space size={4}>
                    {item.name}
                    <Tag>{label('dataTypes', item.dataType)}</Tag>
                    {item.isKey && <Tag color="gold">{t('catalog.item.isKey')}</Tag>}
                    {item.required && <Tag color="blue">{t('catalog.item.required')}</Tag>}
                  </Space>
                }
                extra={error && <Typography.Text type="warning">{error.message}</Typography.Text>}
                rules={
                  item.required || item.isKey
                    ? [{ required: true, whitespace: true, message: t('exchange.quarantine.required') }]
                    : []
                }
              >
                <Input data-testid={`quarantine-value-${item.name}`} />
              </Form.Item>
            </Col>
          );
        })}
      </Row>
    </FormModal>
  );
}
