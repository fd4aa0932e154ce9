import { useMemo } from 'react';
import type { Me } from '../api/types';
import { useMe } from './context';

/** What a page or menu item may require. The server enforces the same rules; this only shapes the UI. */
export type Permission =
  | 'manageDepartments'
  | 'viewUsers'
  | 'manageUsers'
  | 'viewApiKeys'
  | 'manageApiKeys'
  | 'viewAudit'
  /** Read the published resource catalog: every staff role (not citizens). */
  | 'viewCatalog'
  /** Create, edit and submit catalog resources (of one's own departments unless platform admin). */
  | 'editCatalog'
  /** Approve, reject, publish and retire catalog resources. */
  | 'reviewCatalog'
  | 'importCatalog';

export interface DepartmentOption {
  id: string;
  name: string;
}

export interface Access {
  can: Record<Permission, boolean>;
  /** Departments whose users and API keys the user may see: all of them, or those listed. */
  departmentScope: 'all' | DepartmentOption[];
}

/** Departments the user is data steward of; an unscoped steward role means the user's own department. */
function stewardDepartments(me: Me): DepartmentOption[] {
  const options = new Map<string, string>();
  for (const { role, departmentId, departmentName } of me.roles) {
    if (role !== 'dept_steward') continue;
    const id = departmentId ?? me.department?.id;
    const name = departmentName ?? me.department?.name;
    if (id) options.set(id, name ?? id);
  }
  return [...options].map(([id, name]) => ({ id, name }));
}

export function accessOf(me: Me): Access {
  const roles = new Set(me.roles.map(({ role }) => role));
  const isAdmin = roles.has('platform_admin');
  const stewardOf = stewardDepartments(me);
  const isSteward = stewardOf.length > 0;
  // The auditor reads users and keys city-wide, as the server allows, but changes nothing.
  const isAuditor = roles.has('auditor');
  return {
    can: {
      manageDepartments: isAdmin,
      viewUsers: isAdmin || isSteward || isAuditor,
      manageUsers: isAdmin,
      viewApiKeys: isAdmin || isSteward || isAuditor,
      manageApiKeys: isAdmin || isSteward,
      viewAudit: isAdmin || isAuditor,
      viewCatalog: me.roles.some(({ role }) => role !== 'citizen'),
      editCatalog: isAdmin || isSteward,
      reviewCatalog: isAdmin,
      importCatalog: isAdmin || isSteward,
    },
    departmentScope: isAdmin || isAuditor ? 'all' : stewardOf,
  };
}

export function useAccess(): Access {
  const me = useMe();
  return useMemo(() => accessOf(me), [me]);
}
