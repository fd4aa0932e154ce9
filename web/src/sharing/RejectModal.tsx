import { Form, Input } from 'antd';
import { rejectRequest, type AccessRequest } from '../api/sharing';
import { useT } from '../i18n/context';
import { FormModal } from '../shared/FormModal';

/** Reject a request; the reason goes back to the requesting department. */
export function RejectModal({
  request,
  onClose,
  onRejected,
}: {
  request: AccessRequest;
  onClose: () => void;
  onRejected: (request: AccessRequest) => void;
}) {
  const t = useT();
  return (
    <FormModal<{ reason: string }>
      title={t('sharing.approval.rejectTitle', { consumer: request.consumerDepartmentName })}
      onSubmit={async ({ reason }) => onRejected(await rejectRequest(request.id, reason.trim()))}
      onClose={onClose}
      submitText={t('sharing.approval.reject')}
      submitTestId="reject-submit"
    >
      <Form.Item
        name="reason"
        label={t('sharing.approval.reason')}
        rules={[
          { required: true, whitespace: true, max: 1000, message: t('sharing.approval.reasonRequired') },
        ]}
      >
        <Input.TextArea rows={4} maxLength={1000} showCount data-testid="reject-reason" />
      </Form.Item>
    </FormModal>
  );
}
