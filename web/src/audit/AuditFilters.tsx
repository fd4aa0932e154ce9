import { Button, DatePicker, Form, Input, Select, Switch } from 'antd';
import { listAuditActions, type AuditOutcome } from '../api/audit';
import { useI18n } from '../i18n/context';
import { actionLabel } from '../shared/actionLabels';
import { useQuery } from '../shared/useQuery';
import type { AuditFilterValues } from './filters';
import { OUTCOMES } from './outcomes';

/** Filters that apply as you type or pick; the page debounces them. */
export function AuditFilters({ onChange }: { onChange: (values: AuditFilterValues) => void }) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<AuditFilterValues>();
  const actions = useQuery(listAuditActions);

  const reset = () => {
    form.resetFields();
    onChange({});
  };

  return (
    <Form<AuditFilterValues>
      form={form}
      layout="inline"
      onValuesChange={(_, values) => onChange(values)}
      style={{ rowGap: 12 }}
    >
      <Form.Item name="actor">
        <Input
          allowClear
          placeholder={t('audit.actor')}
          style={{ width: 160 }}
          data-testid="audit-filter-actor"
        />
      </Form.Item>
      <Form.Item name="action">
        <Select<string>
          allowClear
          showSearch
          placeholder={t('audit.action')}
          style={{ width: 220 }}
          loading={actions.loading}
          optionFilterProp="label"
          options={actions.data?.items.map((action) => ({
            value: action,
            label: `${actionLabel(action, language)} (${action})`,
          }))}
          data-testid="audit-filter-action"
        />
      </Form.Item>
      <Form.Item name="objectType">
        <Input allowClear placeholder={t('audit.objectType')} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="objectId">
        <Input allowClear placeholder={t('audit.objectId')} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="outcome">
        <Select<AuditOutcome>
          allowClear
          placeholder={t('audit.outcome')}
          style={{ width: 120 }}
          options={OUTCOMES.map((outcome) => ({ value: outcome, label: t(`audit.outcome.${outcome}`) }))}
          data-testid="audit-filter-outcome"
        />
      </Form.Item>
      {/* With times both ends need about 450 px: on a phone the picker takes the row and no more. */}
      <Form.Item name="range" style={{ maxWidth: '100%' }}>
        <DatePicker.RangePicker showTime allowEmpty={[true, true]} style={{ maxWidth: '100%' }} />
      </Form.Item>
      <Form.Item name="showRoutine" valuePropName="checked" label={t('audit.showRoutine')}>
        <Switch size="small" data-testid="audit-show-routine" />
      </Form.Item>
      <Button onClick={reset}>{t('common.reset')}</Button>
    </Form>
  );
}
