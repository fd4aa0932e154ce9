import { App, Form, Input } from 'antd';
import { setUserPassword, type User } from '../../api/users';
import { useT } from '../../i18n/context';
import { FormModal } from '../../shared/FormModal';

interface PasswordValues {
  password: string;
  confirm: string;
}

interface UserPasswordModalProps {
  user: User;
  onClose: () => void;
  onSaved: () => void;
}

export function UserPasswordModal({ user, onClose, onSaved }: UserPasswordModalProps) {
  const t = useT();
  const { message } = App.useApp();

  const submit = async ({ password }: PasswordValues) => {
    await setUserPassword(user.id, password);
    void message.success(t('users.passwordReset', { name: user.username }));
    onSaved();
  };

  return (
    <FormModal<PasswordValues>
      title={t('users.resetPasswordTitle', { name: user.username })}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item name="password" label={t('users.newPassword')} rules={[{ required: true }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('users.confirmPassword')}
        dependencies={['password']}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('password') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('users.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
