import { App, Form, Input } from 'antd';
import { runFlowAction, type Resource, type ResourceRef } from '../api/catalog';
import { useT } from '../i18n/context';
import { FormModal } from '../shared/FormModal';

interface RejectModalProps {
  resource: ResourceRef;
  onClose: () => void;
  onRejected: (resource: Resource) => void;
}

/** Sends a submitted or approved version back to its department as a draft, with the reason. */
export function RejectModal({ resource, onClose, onRejected }: RejectModalProps) {
  const t = useT();
  const { message } = App.useApp();

  const submit = async ({ comment }: { comment: string }) => {
    const updated = await runFlowAction(resource.id, 'reject', comment.trim());
    void message.success(t('catalog.flow.done.reject', { name: resource.name }));
    onRejected(updated);
  };

  return (
    <FormModal<{ comment: string }>
      title={t('catalog.flow.rejectTitle', { name: resource.name })}
      onSubmit={submit}
      onClose={onClose}
      submitText={t('catalog.flow.reject')}
      submitTestId="reject-submit"
    >
      <Form.Item
        name="comment"
        label={t('catalog.flow.rejectComment')}
        rules={[{ required: true, whitespace: true, message: t('catalog.flow.rejectCommentRequired') }]}
      >
        <Input.TextArea rows={4} maxLength={1000} showCount data-testid="reject-comment" />
      </Form.Item>
    </FormModal>
  );
}
