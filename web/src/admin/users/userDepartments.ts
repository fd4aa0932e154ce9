import type { DepartmentOption } from '../../auth/access';
import type { User } from '../../api/users';

/** The departments a user already refers to (own department, role scopes), so pickers can name them. */
export function userDepartments(user: User): DepartmentOption[] {
  const named = [
    { id: user.departmentId, name: user.departmentName },
    ...user.roles.map(({ departmentId, departmentName }) => ({ id: departmentId, name: departmentName })),
  ];
  return named.flatMap(({ id, name }) => (id ? [{ id, name: name ?? id }] : []));
}
