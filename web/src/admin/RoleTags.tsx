import { Flex, Tag } from 'antd';
import { useT } from '../i18n/context';
import type { Role, RoleAssignment } from '../api/auth';

const ROLE_COLORS: Record<Role, string> = {
  platform_admin: 'red',
  dept_steward: 'blue',
  dept_consumer: 'cyan',
  service_staff: 'green',
  auditor: 'purple',
  citizen: 'default',
  developer: 'gold',
};

export function RoleTags({ roles }: { roles: RoleAssignment[] }) {
  const t = useT();
  return (
    <Flex wrap gap={4}>
      {roles.map(({ role, departmentId, departmentName }) => (
        <Tag key={`${role}:${departmentId ?? ''}`} color={ROLE_COLORS[role]} style={{ marginInlineEnd: 0 }}>
          {t(`role.${role}`)}
          {departmentName && ` · ${departmentName}`}
        </Tag>
      ))}
    </Flex>
  );
}
