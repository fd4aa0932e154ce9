import { Alert, Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/context';
import { FormModal } from '../shared/FormModal';

/** Asks for the reason of a revocation (a grant, an agreement) and runs it. */
export function ReasonModal({
  title,
  warning,
  submitText,
  onSubmit,
  onClose,
}: {
  title: ReactNode;
  warning?: ReactNode;
  submitText: ReactNode;
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <FormModal<{ reason: string }>
      title={title}
      onSubmit={({ reason }) => onSubmit(reason.trim())}
      onClose={onClose}
      submitText={submitText}
      submitTestId="reason-submit"
    >
      {warning && <Alert type="warning" showIcon title={warning} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="reason"
        label={t('sharing.revoke.reason')}
        rules={[{ required: true, whitespace: true, max: 500, message: t('sharing.revoke.reasonRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={500} showCount data-testid="reason-input" />
      </Form.Item>
    </FormModal>
  );
}
