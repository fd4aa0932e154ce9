import { App } from 'antd';
import { setUserRoles, type User } from '../../api/users';
import { useT } from '../../i18n/context';
import { FormModal } from '../../shared/FormModal';
import { RoleGrantsField, type RoleGrantValues } from './RoleGrantsField';
import { userDepartments } from './userDepartments';

interface UserRolesValues {
  roles?: RoleGrantValues[];
}

interface UserRolesModalProps {
  user: User;
  onClose: () => void;
  onSaved: () => void;
}

export function UserRolesModal({ user, onClose, onSaved }: UserRolesModalProps) {
  const t = useT();
  const { message } = App.useApp();

  const submit = async ({ roles = [] }: UserRolesValues) => {
    const saved = await setUserRoles(
      user.id,
      roles.map(({ role, departmentId }) => ({ role, departmentId: departmentId ?? null })),
    );
    void message.success(t('users.rolesUpdated', { name: saved.username }));
    onSaved();
  };

  return (
    <FormModal<UserRolesValues>
      title={t('users.rolesTitle', { name: user.username })}
      width={640}
      initialValues={{ roles: user.roles.map(({ role, departmentId }) => ({ role, departmentId })) }}
      onSubmit={submit}
      onClose={onClose}
      submitTestId="user-roles-submit"
    >
      <RoleGrantsField known={userDepartments(user)} />
    </FormModal>
  );
}
