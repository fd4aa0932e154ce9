import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Select } from 'antd';
import { listRoles, type RoleInfo } from '../../api/users';
import type { DepartmentOption } from '../../auth/access';
import { useT } from '../../i18n/context';
import { useQuery } from '../../shared/useQuery';
import { DepartmentSelect } from '../DepartmentSelect';
import type { Role } from '../../api/auth';

/** One row of the roles list in a form. */
export interface RoleGrantValues {
  role: Role;
  departmentId?: string | null;
}

interface RoleGrantRowProps {
  name: number;
  roles: RoleInfo[];
  loading: boolean;
  known: DepartmentOption[];
  onRemove: () => void;
}

function RoleGrantRow({ name, roles, loading, known, onRemove }: RoleGrantRowProps) {
  const t = useT();
  const form = Form.useFormInstance();
  const role = Form.useWatch<Role | undefined>(['roles', name, 'role']);
  const scoped = roles.find((info) => info.role === role)?.scoped ?? false;

  const changeRole = (next: Role) => {
    if (!roles.find((info) => info.role === next)?.scoped)
      form.setFieldValue(['roles', name, 'departmentId'], null);
  };

  return (
    <Flex gap="small" align="start">
      <Form.Item
        name={[name, 'role']}
        rules={[{ required: true, message: t('roles.roleRequired') }]}
        style={{ flex: 1, marginBottom: 0 }}
      >
        <Select<Role>
          placeholder={t('roles.role')}
          loading={loading}
          options={roles.map((info) => ({ value: info.role, label: t(`role.${info.role}`) }))}
          onChange={changeRole}
          data-testid={`role-grant-${name}-role`}
        />
      </Form.Item>
      <Form.Item name={[name, 'departmentId']} style={{ flex: 1, marginBottom: 0 }}>
        <DepartmentSelect
          known={known}
          disabled={!scoped}
          placeholder={scoped ? t('roles.scope') : t('roles.unscoped')}
        />
      </Form.Item>
      <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('roles.remove')} onClick={onRemove} />
    </Flex>
  );
}

/** Edits the form's `roles` list: each a role and, for department-scoped roles, a department. */
export function RoleGrantsField({ known }: { known: DepartmentOption[] }) {
  const t = useT();
  const { data, loading } = useQuery(listRoles);
  const roles = data?.items ?? [];

  return (
    <Form.Item label={t('users.roles')} style={{ marginBottom: 0 }}>
      <Form.List name="roles">
        {(fields, { add, remove }) => (
          <Flex vertical gap="small" style={{ marginBottom: 24 }}>
            {fields.map((field) => (
              <RoleGrantRow
                key={field.key}
                name={field.name}
                roles={roles}
                loading={loading}
                known={known}
                onRemove={() => remove(field.name)}
              />
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="role-grant-add">
              {t('roles.add')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}
