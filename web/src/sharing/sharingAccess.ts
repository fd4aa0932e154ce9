import { useMemo } from 'react';
import { useAccess, type DepartmentOption } from '../auth/access';
import { useMe } from '../auth/context';
import type { Me } from '../api/auth';

export interface SharingAccess {
  /** The operator (platform administrator): every department, second reviews, agreements, policy. */
  operator: boolean;
  /** Reads every department's sharing records (operator, auditor). */
  cityWide: boolean;
  /** Departments the user acts for as their steward or business staff. */
  departments: DepartmentOption[];
  /** Departments the user is steward of (approves requests to them, revokes grants on their resources). */
  stewardOf: DepartmentOption[];
  /** May request access for this (consumer) department. */
  canRequestFor: (departmentId: string) => boolean;
  /** May approve or reject requests to this provider department. */
  canApprove: (providerDepartmentId: string) => boolean;
  /** May revoke grants on this provider department's resources. */
  canRevoke: (providerDepartmentId: string) => boolean;
  /** May call the data service API with this consumer department's grants. */
  canUseData: (consumerDepartmentId: string) => boolean;
}

/** The departments of the user's department-bound roles (an unscoped one means the user's own department). */
function departmentsOf(me: Me, roles: readonly string[]): DepartmentOption[] {
  const found = new Map<string, string>();
  for (const { role, departmentId, departmentName } of me.roles) {
    if (!roles.includes(role)) continue;
    const id = departmentId ?? me.department?.id;
    if (id) found.set(id, departmentName ?? me.department?.name ?? id);
  }
  return [...found].map(([id, name]) => ({ id, name }));
}

/** What the signed-in user may do in the sharing portal. The server enforces it; this only shapes the UI. */
export function useSharingAccess(): SharingAccess {
  const me = useMe();
  const { can, departmentScope } = useAccess();
  return useMemo(() => {
    const departments = departmentsOf(me, ['dept_steward', 'dept_consumer']);
    const stewardOf = departmentsOf(me, ['dept_steward']);
    const operator = can.reviewSharing;
    const among = (list: DepartmentOption[], id: string) => list.some((d) => d.id === id);
    return {
      operator,
      cityWide: departmentScope === 'all',
      departments,
      stewardOf,
      canRequestFor: (id) => can.requestSharing && (operator || among(departments, id)),
      canApprove: (id) => can.approveSharing && (operator || among(stewardOf, id)),
      canRevoke: (id) => can.revokeGrants && (operator || among(stewardOf, id)),
      canUseData: (id) => can.useData && among(departments, id),
    };
  }, [me, can, departmentScope]);
}
