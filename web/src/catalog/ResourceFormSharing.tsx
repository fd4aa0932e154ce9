import { Col, Form, Input, Row, Select, type FormRule } from 'antd';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { NEEDS_SHARING_CONDITION, type ResourceFormValues } from './formValues';
import { useTerms } from './vocabulary';
import type { VocabularyKind } from '../api/catalog';

const TYPE_FIELDS: { name: keyof ResourceFormValues; kind: VocabularyKind; label: MessageKey }[] = [
  { name: 'formatCategory', kind: 'formats', label: 'catalog.field.formatCategory' },
  { name: 'updateCycle', kind: 'updateCycles', label: 'catalog.field.updateCycle' },
  { name: 'sharingType', kind: 'sharingTypes', label: 'catalog.field.sharingType' },
  { name: 'sharingMethod', kind: 'sharingMethods', label: 'catalog.field.sharingMethod' },
  { name: 'openType', kind: 'openTypes', label: 'catalog.field.openType' },
];

/**
 * The coded fields of format, update cycle, sharing and opening, each a Select from the vocabulary.
 * A resource that is not shared cannot be open: choosing 不予共享 closes it.
 */
export function TypeFields() {
  const t = useT();
  const form = Form.useFormInstance<ResourceFormValues>();
  const { options, loading } = useTerms();

  const rules = (name: keyof ResourceFormValues): FormRule[] => [
    { required: true },
    ...(name === 'openType'
      ? [
          {
            validator: async (_: unknown, value: string | undefined) => {
              if (form.getFieldValue('sharingType') === 'none' && value !== 'closed')
                throw new Error(t('catalog.form.openNotShared'));
            },
          },
        ]
      : []),
  ];
  const changed = (name: keyof ResourceFormValues, value: string) => {
    if (name === 'sharingType' && value === 'none') form.setFieldValue('openType', 'closed');
    if (name === 'sharingType') void form.validateFields(['openType']).catch(() => undefined);
  };

  return (
    <Row gutter={16}>
      {TYPE_FIELDS.map(({ name, kind, label }) => (
        <Col key={name} xs={24} sm={12} lg={6}>
          <Form.Item name={name} label={t(label)} rules={rules(name)}>
            <Select<string>
              loading={loading}
              options={options(kind)}
              onChange={(value) => changed(name, value)}
              data-testid={`resource-form-${name}`}
            />
          </Form.Item>
        </Col>
      ))}
      <Col xs={24} sm={12} lg={6}>
        <Form.Item name="formatDetail" label={t('catalog.field.formatDetail')}>
          <Input
            maxLength={100}
            placeholder={t('catalog.form.formatDetailHint')}
            data-testid="resource-form-formatDetail"
          />
        </Form.Item>
      </Col>
    </Row>
  );
}

/**
 * 共享条件, shown and required for conditional sharing and for 不予共享 (then the legal basis);
 * 开放条件, shown and required for conditional opening.
 */
export function ConditionFields() {
  const t = useT();
  const form = Form.useFormInstance<ResourceFormValues>();
  const sharingType = Form.useWatch('sharingType', form);
  const openType = Form.useWatch('openType', form);
  const notShared = sharingType === 'none';

  return (
    <>
      {NEEDS_SHARING_CONDITION.has(sharingType) && (
        <Form.Item
          name="sharingCondition"
          label={notShared ? t('catalog.field.sharingBasis') : t('catalog.field.sharingCondition')}
          extra={notShared ? t('catalog.form.sharingBasisHint') : t('catalog.form.sharingConditionHint')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: notShared
                ? t('catalog.form.sharingBasisRequired')
                : t('catalog.form.sharingConditionRequired'),
            },
          ]}
        >
          <Input.TextArea rows={2} maxLength={1000} showCount data-testid="resource-form-sharingCondition" />
        </Form.Item>
      )}
      {openType === 'conditional' && (
        <Form.Item
          name="openCondition"
          label={t('catalog.field.openCondition')}
          rules={[{ required: true, whitespace: true, message: t('catalog.form.openConditionRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={1000} showCount data-testid="resource-form-openCondition" />
        </Form.Item>
      )}
    </>
  );
}
