import { DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { createApiKey, type ApiKeyCreated } from '../../api/apiKeys';
import { useAccess } from '../../auth/access';
import { useT } from '../../i18n/context';
import { FormModal } from '../../shared/FormModal';
import { ScopedDepartmentSelect } from '../DepartmentSelect';

interface ApiKeyValues {
  name: string;
  departmentId: string;
  expiresAt?: Dayjs | null;
}

interface ApiKeyCreateModalProps {
  onClose: () => void;
  onCreated: (created: ApiKeyCreated) => void;
}

export function ApiKeyCreateModal({ onClose, onCreated }: ApiKeyCreateModalProps) {
  const t = useT();
  const { departmentScope } = useAccess();

  const submit = async ({ expiresAt, ...values }: ApiKeyValues) => {
    onCreated(await createApiKey({ ...values, expiresAt: expiresAt?.endOf('day').toISOString() }));
  };

  return (
    <FormModal<ApiKeyValues>
      title={t('apiKeys.createTitle')}
      initialValues={{ departmentId: departmentScope === 'all' ? undefined : departmentScope[0]?.id }}
      onSubmit={submit}
      onClose={onClose}
      submitTestId="api-key-form-submit"
    >
      <Form.Item name="name" label={t('apiKeys.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={100} data-testid="api-key-form-name" />
      </Form.Item>
      <Form.Item name="departmentId" label={t('apiKeys.department')} rules={[{ required: true }]}>
        <ScopedDepartmentSelect />
      </Form.Item>
      <Form.Item name="expiresAt" label={t('apiKeys.expiresAt')}>
        <DatePicker
          style={{ width: '100%' }}
          placeholder={t('apiKeys.noExpiry')}
          disabledDate={(date) => date.isBefore(dayjs(), 'day')}
        />
      </Form.Item>
    </FormModal>
  );
}
