import { describe, expect, it } from 'vitest';
import {
  can,
  ROLES,
  scopeOf,
  type Action,
  type Principal,
  type Role,
} from '../../src/modules/identity/policy.ts';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';

function as(role: Role): Principal {
  const scoped = role === 'dept_steward' || role === 'dept_consumer' || role === 'service_staff';
  return {
    kind: 'user',
    id: 'u',
    name: role,
    departmentId: A,
    roles: [{ role, departmentId: scoped ? A : null }],
  };
}

// Expected reach of every role for every action: 'all', 'own' (department A only) or 'none'.
const MATRIX: Record<Action, Record<Role, 'all' | 'own' | 'none'>> = {
  'overview.read': {
    platform_admin: 'all',
    dept_steward: 'all',
    dept_consumer: 'all',
    service_staff: 'all',
    auditor: 'all',
    citizen: 'none',
  },
  'region.read': {
    platform_admin: 'all',
    dept_steward: 'all',
    dept_consumer: 'all',
    service_staff: 'all',
    auditor: 'all',
    citizen: 'all',
  },
  'department.read': {
    platform_admin: 'all',
    dept_steward: 'all',
    dept_consumer: 'all',
    service_staff: 'all',
    auditor: 'all',
    citizen: 'all',
  },
  'department.create': {
    platform_admin: 'all',
    dept_steward: 'none',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'none',
    citizen: 'none',
  },
  'department.update': {
    platform_admin: 'all',
    dept_steward: 'none',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'none',
    citizen: 'none',
  },
  'user.read': {
    platform_admin: 'all',
    dept_steward: 'own',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'all',
    citizen: 'none',
  },
  'user.create': {
    platform_admin: 'all',
    dept_steward: 'none',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'none',
    citizen: 'none',
  },
  'user.update': {
    platform_admin: 'all',
    dept_steward: 'none',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'none',
    citizen: 'none',
  },
  'user.roles': {
    platform_admin: 'all',
    dept_steward: 'none',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'none',
    citizen: 'none',
  },
  'user.password': {
    platform_admin: 'all',
    dept_steward: 'none',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'none',
    citizen: 'none',
  },
  'apikey.read': {
    platform_admin: 'all',
    dept_steward: 'own',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'all',
    citizen: 'none',
  },
  'apikey.create': {
    platform_admin: 'all',
    dept_steward: 'own',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'none',
    citizen: 'none',
  },
  'apikey.revoke': {
    platform_admin: 'all',
    dept_steward: 'own',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'none',
    citizen: 'none',
  },
  'catalog.read': {
    platform_admin: 'all',
    dept_steward: 'all',
    dept_consumer: 'all',
    service_staff: 'all',
    auditor: 'all',
    citizen: 'none',
  },
  'catalog.read_unpublished': {
    platform_admin: 'all',
    dept_steward: 'own',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'all',
    citizen: 'none',
  },
  'catalog.edit': {
    platform_admin: 'all',
    dept_steward: 'own',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'none',
    citizen: 'none',
  },
  'catalog.review': {
    platform_admin: 'all',
    dept_steward: 'none',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'none',
    citizen: 'none',
  },
  'audit.read': {
    platform_admin: 'all',
    dept_steward: 'none',
    dept_consumer: 'none',
    service_staff: 'none',
    auditor: 'all',
    citizen: 'none',
  },
};

describe('policy', () => {
  for (const [action, byRole] of Object.entries(MATRIX) as [Action, Record<Role, 'all' | 'own' | 'none'>][]) {
    for (const role of ROLES) {
      const expected = byRole[role];
      it(`${role} → ${action}: ${expected}`, () => {
        const p = as(role);
        expect(can(p, action, { departmentId: A })).toBe(expected !== 'none');
        expect(can(p, action, { departmentId: B })).toBe(expected === 'all');
        expect(can(p, action, { departmentId: null })).toBe(expected === 'all');
        const scope = scopeOf(p, action);
        expect(scope.kind).toBe(expected === 'all' ? 'all' : expected === 'own' ? 'departments' : 'none');
        if (scope.kind === 'departments') expect(scope.ids).toEqual([A]);
      });
    }
  }

  it('a principal with no roles may do nothing', () => {
    const p: Principal = { kind: 'user', id: 'u', name: 'x', departmentId: A, roles: [] };
    for (const action of Object.keys(MATRIX) as Action[]) expect(can(p, action)).toBe(false);
  });

  it('a steward of two departments reaches both and nothing else', () => {
    const p: Principal = {
      kind: 'user',
      id: 'u',
      name: 'x',
      departmentId: A,
      roles: [
        { role: 'dept_steward', departmentId: A },
        { role: 'dept_steward', departmentId: B },
      ],
    };
    expect(can(p, 'apikey.create', { departmentId: B })).toBe(true);
    expect(can(p, 'apikey.create', { departmentId: 'cccccccc-0000-4000-8000-000000000003' })).toBe(false);
    expect(scopeOf(p, 'user.read')).toEqual({ kind: 'departments', ids: [A, B] });
  });

  it('an API key acts with its role within its own department only', () => {
    const key: Principal = {
      kind: 'apikey',
      id: 'k',
      name: 'sys',
      departmentId: A,
      roles: [{ role: 'dept_steward', departmentId: A }],
    };
    expect(can(key, 'apikey.read', { departmentId: A })).toBe(true);
    expect(can(key, 'apikey.read', { departmentId: B })).toBe(false);
    expect(can(key, 'user.create')).toBe(false);
  });
});
