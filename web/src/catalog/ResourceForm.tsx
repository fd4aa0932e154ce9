import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Select, Space } from 'antd';
import { useState } from 'react';
import { ScopedDepartmentSelect } from '../admin/DepartmentSelect';
import { createResource, updateResource, type Resource } from '../api/catalog';
import { useAccess, type DepartmentOption } from '../auth/access';
import { useMe } from '../auth/context';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { ItemsEditor } from './ItemsEditor';
import { ConditionFields, TypeFields } from './ResourceFormSharing';
import { applyServerErrors, type FieldProblem } from './serverErrors';
import {
  CLASS_CODE_PATTERN,
  emptyValues,
  RELATED_CODE_PATTERN,
  resourceValues,
  toResourceInput,
  type ResourceFormValues,
} from './formValues';
import { useTerms } from './vocabulary';

const CATEGORY_BY_DIGIT: Record<string, string> = { '1': 'base', '2': 'theme', '3': 'department' };

interface ResourceFormProps {
  /** The resource to edit; creates a new draft when absent. */
  resource?: Resource;
  onSaved: (resource: Resource) => void;
  onCancel: () => void;
}

export function ResourceForm({ resource, onSaved, onCancel }: ResourceFormProps) {
  const t = useT();
  const me = useMe();
  const { label } = useTerms();
  const { message } = App.useApp();
  const { departmentScope } = useAccess();
  const [form] = Form.useForm<ResourceFormValues>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const classCode = Form.useWatch('classCode', form);
  const category = CATEGORY_BY_DIGIT[classCode?.[0] ?? ''];

  const ownDepartment = departmentScope === 'all' ? me.department?.id : departmentScope[0]?.id;
  const [initialValues] = useState(() => (resource ? resourceValues(resource) : emptyValues(ownDepartment)));
  const known: DepartmentOption[] = resource
    ? [{ id: resource.departmentId, name: resource.departmentName }]
    : me.department
      ? [{ id: me.department.id, name: me.department.name }]
      : [];

  const save = async (values: ResourceFormValues) => {
    setSaving(true);
    setProblems(null);
    setError(null);
    try {
      const input = toResourceInput(values);
      const saved = resource ? await updateResource(resource.id, input) : await createResource(input);
      void message.success(
        t(resource ? 'catalog.form.updated' : 'catalog.form.created', { name: saved.name }),
      );
      onSaved(saved);
    } catch (failure) {
      const found = applyServerErrors(form, failure, t);
      if (found) setProblems(found);
      else setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<ResourceFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={(values) => void save(values)}
      scrollToFirstError
      data-testid="resource-form"
    >
      <Flex vertical gap="middle">
        <Card size="small" title={t('catalog.form.basics')}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t('catalog.field.name')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input maxLength={200} data-testid="resource-form-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="classCode"
                label={t('catalog.field.classCode')}
                extra={
                  resource
                    ? t('catalog.form.classCodeFixed')
                    : category
                      ? label('categories', category)
                      : t('catalog.form.classCodeHint')
                }
                normalize={(value: string) => value.replace(/\s/g, '')}
                rules={[
                  { required: true },
                  { pattern: CLASS_CODE_PATTERN, message: t('catalog.form.classCodeInvalid') },
                ]}
              >
                <Input
                  maxLength={12}
                  placeholder="307001"
                  disabled={resource !== undefined}
                  data-testid="resource-form-classCode"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="departmentId"
                label={t('catalog.field.department')}
                rules={[{ required: true }]}
              >
                <ScopedDepartmentSelect
                  known={known}
                  allowClear={false}
                  disabled={departmentScope !== 'all' && departmentScope.length <= 1}
                  data-testid="resource-form-department"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="summary"
            label={t('catalog.field.summary')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="resource-form-summary" />
          </Form.Item>
        </Card>
        <Card size="small" title={t('catalog.form.sharing')}>
          <TypeFields />
          <ConditionFields />
        </Card>
        <Card size="small" title={t('catalog.form.other')}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="relatedCodes"
                label={t('catalog.field.relatedCodes')}
                extra={t('catalog.form.relatedCodesHint')}
                rules={[
                  {
                    validator: async (_, codes: string[] | undefined) => {
                      const bad = (codes ?? []).filter((code) => !RELATED_CODE_PATTERN.test(code));
                      if (bad.length > 0)
                        throw new Error(t('catalog.form.relatedCodesInvalid', { codes: bad.join(', ') }));
                    },
                  },
                ]}
              >
                <Select<string[]>
                  mode="tags"
                  open={false}
                  suffixIcon={null}
                  tokenSeparators={[',', '，', ' ', ';']}
                  placeholder="307001/000001"
                  data-testid="resource-form-relatedCodes"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="contactName" label={t('catalog.field.contactName')}>
                <Input maxLength={50} data-testid="resource-form-contactName" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="contactPhone" label={t('catalog.field.contactPhone')}>
                <Input maxLength={50} data-testid="resource-form-contactPhone" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('catalog.field.items')}>
          <ItemsEditor />
        </Card>
        {problems && (
          <Alert
            type="error"
            showIcon
            title={t('catalog.form.problems', { count: problems.length })}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="resource-form-problems">
                {problems.map(({ key, where, message: text }) => (
                  <li key={key}>
                    <strong>{where}</strong>
                    {t('catalog.colon')}
                    {text}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        <ErrorAlert error={error} />
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="resource-form-save">
            {t('common.save')}
          </Button>
          <Button onClick={onCancel} data-testid="resource-form-cancel">
            {t('common.cancel')}
          </Button>
        </Space>
      </Flex>
    </Form>
  );
}
