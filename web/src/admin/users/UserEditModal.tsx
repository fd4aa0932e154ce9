import { App, Form, Input, Radio } from 'antd';
import { updateUser, type User, type UserStatus } from '../../api/users';
import { useT } from '../../i18n/context';
import { FormModal } from '../../shared/FormModal';
import { DepartmentSelect } from '../DepartmentSelect';
import { userDepartments } from './userDepartments';

interface UserEditValues {
  displayName: string;
  departmentId?: string;
  status: UserStatus;
}

interface UserEditModalProps {
  user: User;
  onClose: () => void;
  onSaved: () => void;
}

export function UserEditModal({ user, onClose, onSaved }: UserEditModalProps) {
  const t = useT();
  const { message } = App.useApp();

  const submit = async ({ departmentId, ...values }: UserEditValues) => {
    const saved = await updateUser(user.id, { ...values, departmentId: departmentId ?? null });
    void message.success(t('users.updated', { name: saved.username }));
    onSaved();
  };

  return (
    <FormModal<UserEditValues>
      title={t('users.editTitle', { name: user.username })}
      initialValues={{
        displayName: user.displayName,
        departmentId: user.departmentId ?? undefined,
        status: user.status,
      }}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item
        name="displayName"
        label={t('users.displayName')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="departmentId" label={t('users.department')}>
        <DepartmentSelect known={userDepartments(user)} />
      </Form.Item>
      <Form.Item name="status" label={t('users.status')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'active', label: t('users.status.active') },
            { value: 'disabled', label: t('users.status.disabled') },
          ]}
        />
      </Form.Item>
    </FormModal>
  );
}
