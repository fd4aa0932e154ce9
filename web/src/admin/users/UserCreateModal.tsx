import { App, Form, Input } from 'antd';
import { createUser } from '../../api/users';
import { useT } from '../../i18n/context';
import { FormModal } from '../../shared/FormModal';
import { DepartmentSelect } from '../DepartmentSelect';
import { RoleGrantsField, type RoleGrantValues } from './RoleGrantsField';

interface UserCreateValues {
  username: string;
  displayName: string;
  password: string;
  departmentId?: string;
  roles?: RoleGrantValues[];
}

export function UserCreateModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();

  const submit = async ({ roles = [], ...values }: UserCreateValues) => {
    const user = await createUser({
      ...values,
      roles: roles.map(({ role, departmentId }) => (departmentId ? { role, departmentId } : { role })),
    });
    void message.success(t('users.created', { name: user.username }));
    onSaved();
  };

  return (
    <FormModal<UserCreateValues>
      title={t('users.createTitle')}
      width={640}
      onSubmit={submit}
      onClose={onClose}
      submitTestId="user-form-submit"
    >
      <Form.Item name="username" label={t('users.username')} rules={[{ required: true, whitespace: true }]}>
        <Input autoComplete="off" maxLength={64} data-testid="user-form-username" />
      </Form.Item>
      <Form.Item
        name="displayName"
        label={t('users.displayName')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input maxLength={100} data-testid="user-form-displayName" />
      </Form.Item>
      <Form.Item name="password" label={t('users.password')} rules={[{ required: true }]}>
        <Input.Password autoComplete="new-password" data-testid="user-form-password" />
      </Form.Item>
      <Form.Item name="departmentId" label={t('users.department')}>
        <DepartmentSelect />
      </Form.Item>
      <RoleGrantsField known={[]} />
    </FormModal>
  );
}
