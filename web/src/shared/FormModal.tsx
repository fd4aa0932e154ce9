import { Alert, Button, Form, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { useT } from '../i18n/context';
import { applyFieldErrors, useErrorMessage } from './errors';

interface FormModalProps<V> {
  title: ReactNode;
  /** Values the form starts with; read once, when the modal opens. */
  initialValues?: Partial<V>;
  /** Saves the values. A rejection is shown on the form: on the fields it names, else above the form. */
  onSubmit: (values: V) => Promise<void>;
  onClose: () => void;
  submitText?: ReactNode;
  submitTestId?: string;
  width?: number;
  children: ReactNode;
}

/**
 * A modal with a vertical form. Mount it to open it and unmount it to close it,
 * so that every opening starts from fresh values.
 */
export function FormModal<V extends object>({
  title,
  initialValues,
  onSubmit,
  onClose,
  submitText,
  submitTestId,
  width,
  children,
}: FormModalProps<V>) {
  const t = useT();
  const describe = useErrorMessage();
  const [form] = Form.useForm<V>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: V) => {
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (failure) {
      if (!applyFieldErrors(form, failure)) setError(describe(failure));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      width={width}
      mask={{ closable: false }}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          loading={submitting}
          onClick={() => form.submit()}
          data-testid={submitTestId}
        >
          {submitText ?? t('common.save')}
        </Button>,
      ]}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
      >
        {children}
      </Form>
    </Modal>
  );
}
