import { Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { useCallback } from 'react';
import { FormModal } from '../shared/FormModal';
import { useQuery } from '../shared/useQuery';
import { getLicenseType, transitionCase, type CaseAction, type CaseDetail } from './api';
import { ACTION_LABEL, useCasesI18n } from './messages';

const NEEDS_REASON: ReadonlySet<CaseAction> = new Set(['reject_intake', 'suspend', 'extend', 'refuse']);

interface Values {
  reason?: string;
  missing?: string[];
  days?: number;
  license?: { number?: string; data?: Record<string, string | number | boolean> };
}

/** The dialog of one step: its reason (required where the law asks one), 补正's list, 延期's days, 准予's license. */
export function StepDialog({
  detail,
  action,
  onDone,
  onClose,
}: {
  detail: CaseDetail;
  action: CaseAction;
  onDone: (next: CaseDetail) => void;
  onClose: () => void;
}) {
  const { t, pick } = useCasesI18n();
  const typeCode = action === 'grant' ? detail.item.resultLicenseTypeCode : null;
  const fetchType = useCallback(
    (signal: AbortSignal) => (typeCode ? getLicenseType(typeCode, signal) : Promise.resolve(null)),
    [typeCode],
  );
  const type = useQuery(fetchType);
  const person = detail.applicant.kind === 'person';
  const fields = (type.data?.fields ?? []).filter(
    (f) => !(person && (f.tag === 'person_name' || f.tag === 'id_card')),
  );

  const submit = async (v: Values) => {
    const license =
      typeCode && v.license
        ? {
            ...(v.license.number ? { number: v.license.number } : {}),
            data: Object.fromEntries(
              Object.entries(v.license.data ?? {}).filter(([, x]) => x !== undefined && x !== ''),
            ),
          }
        : undefined;
    const next = await transitionCase(detail.id, {
      action,
      version: detail.version,
      ...(v.reason ? { reason: v.reason } : {}),
      ...(v.missing ? { missing: v.missing } : {}),
      ...(v.days ? { days: v.days } : {}),
      ...(license ? { license } : {}),
    });
    onDone(next);
  };

  return (
    <FormModal<Values>
      title={pick(ACTION_LABEL[action])}
      onSubmit={submit}
      onClose={onClose}
      submitText={t('dialog.confirm')}
      submitTestId="case-step-submit"
      width={560}
    >
      {action === 'request_corrections' ? (
        <Form.Item
          name="missing"
          label={t('dialog.missing')}
          extra={t('dialog.missingHint')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Select mode="tags" open={false} data-testid="case-step-missing" />
        </Form.Item>
      ) : null}
      {action === 'extend' ? (
        <Form.Item name="days" label={t('dialog.days')} rules={[{ required: true }]}>
          <InputNumber min={1} max={60} precision={0} />
        </Form.Item>
      ) : null}
      {typeCode ? (
        <>
          <Typography.Text strong>
            {t('dialog.licenseFields')}
            {type.data ? `：${type.data.name}` : ''}
          </Typography.Text>
          <Form.Item name={['license', 'number']} label={t('dialog.licenseNumber')}>
            <Input maxLength={64} placeholder={detail.number} />
          </Form.Item>
          {fields.map((f) => (
            <Form.Item
              key={f.name}
              name={['license', 'data', f.name]}
              label={f.name}
              rules={[{ required: f.required && f.dataType !== 'L' }]}
              valuePropName={f.dataType === 'L' ? 'checked' : 'value'}
            >
              {f.dataType === 'N' ? (
                <InputNumber style={{ width: '100%' }} />
              ) : f.dataType === 'L' ? (
                <Switch />
              ) : (
                <Input maxLength={500} placeholder={f.dataType === 'D' ? 'YYYY-MM-DD' : undefined} />
              )}
            </Form.Item>
          ))}
        </>
      ) : null}
      <Form.Item
        name="reason"
        label={NEEDS_REASON.has(action) ? t('dialog.reason') : t('dialog.reasonOptional')}
        rules={NEEDS_REASON.has(action) ? [{ required: true, whitespace: true }] : []}
      >
        <Input.TextArea rows={3} maxLength={1000} data-testid="case-step-reason" />
      </Form.Item>
    </FormModal>
  );
}
