import { Flex, Input, Select } from 'antd';
import { useAccess } from '../../auth/access';
import { useT } from '../../i18n/context';
import { ScopedDepartmentSelect } from '../DepartmentSelect';
import { ROLES, type Role } from '../../api/auth';
import type { UserQuery } from '../../api/users';

interface UserFiltersProps {
  value: UserQuery;
  onChange: (filters: UserQuery) => void;
}

export function UserFilters({ value, onChange }: UserFiltersProps) {
  const t = useT();
  const { departmentScope } = useAccess();

  return (
    <Flex wrap gap="small">
      <Input.Search
        allowClear
        placeholder={t('users.search')}
        style={{ width: 280 }}
        onSearch={(q) => onChange({ ...value, q: q || undefined })}
        data-testid="user-filter-q"
      />
      <ScopedDepartmentSelect
        value={value.departmentId}
        allowClear={departmentScope === 'all'}
        placeholder={t('users.department')}
        style={{ width: 260 }}
        onChange={(departmentId) => onChange({ ...value, departmentId })}
      />
      <Select<Role>
        allowClear
        placeholder={t('users.roles')}
        style={{ width: 200 }}
        value={value.role}
        options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        onChange={(role) => onChange({ ...value, role })}
        data-testid="user-filter-role"
      />
    </Flex>
  );
}
