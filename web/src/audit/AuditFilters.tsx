import { Button, DatePicker, Form, Input, Select } from 'antd';
import { listAuditActions } from '../api/audit';
import type { AuditOutcome } from '../api/types';
import { useT } from '../i18n/context';
import { useQuery } from '../shared/useQuery';
import type { AuditFilterValues } from './filters';
import { OUTCOMES } from './outcomes';

/** Filters that apply as you type or pick; the page debounces them. */
export function AuditFilters({ onChange }: { onChange: (values: AuditFilterValues) => void }) {
  const t = useT();
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
          options={actions.data?.items.map((action) => ({ value: action, label: action }))}
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
      <Form.Item name="range">
        <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
      </Form.Item>
      <Button onClick={reset}>{t('common.reset')}</Button>
    </Form>
  );
}
