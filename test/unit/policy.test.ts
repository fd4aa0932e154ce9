import { describe, expect, it } from 'vitest';
import {
  ACTION_KIND,
  can,
  READ_ONLY_ROLES,
  ROLE_SCOPE,
  ROLES,
  scopeOf,
  type Action,
  type Principal,
  type Role,
} from '../../src/modules/identity/policy.ts';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';

function as(role: Role): Principal {
  const scoped = ROLE_SCOPE[role] === 'department';
  return {
    kind: 'user',
    id: 'u',
    name: role,
    departmentId: A,
    roles: [{ role, departmentId: scoped ? A : null }],
  };
}

type Reach = 'all' | 'own' | 'none';

// Expected reach of every role for every action: 'all', 'own' (department A only) or '-' (none).
// Columns: platform_admin, dept_steward, dept_consumer, service_staff, auditor, citizen, developer (a row without
// the last column means the developer has no reach: it holds only the open data portal's actions).
const TABLE: Record<Action, string> = {
  'overview.read': '           all  all  all  all  all  -',
  'economy.read': '            all  all  all  all  all  -',
  'economy.sync': '            all  own  -    -    -    -',
  'registry.read': '           all  own  -    all  all  -',
  'registry.steward': '        all  own  -    -    -    -',
  'geo.standardize': '         all  all  all  all  all  -',
  'geo.usage': '               all  -    -    -    all  -',
  'region.read': '             all  all  all  all  all  all',
  'department.read': '         all  all  all  all  all  all',
  'department.create': '       all  -    -    -    -    -',
  'department.update': '       all  -    -    -    -    -',
  'user.read': '               all  own  -    -    all  -',
  'user.create': '             all  -    -    -    -    -',
  'user.update': '             all  -    -    -    -    -',
  'user.roles': '              all  -    -    -    -    -',
  'user.password': '           all  -    -    -    -    -',
  'apikey.read': '             all  own  -    -    all  -',
  'apikey.create': '           all  own  -    -    -    -',
  'apikey.revoke': '           all  own  -    -    -    -',
  'audit.read': '              all  -    -    -    all  -',
  'catalog.read': '            all  all  all  all  all  -',
  'catalog.read_unpublished': 'all  own  -    -    all  -',
  'catalog.edit': '            all  own  -    -    -    -',
  'catalog.review': '          all  -    -    -    -    -',
  'exchange.read': '           all  own  -    -    all  -',
  'exchange.ingest': '         all  own  -    -    -    -',
  'exchange.connector': '      all  own  -    -    -    -',
  'exchange.subscribe': '      all  own  -    -    -    -',
  'exchange.consume': '        all  own  own  -    -    -',
  'exchange.stats': '          all  all  all  all  all  -',
  'sharing.read': '            all  all  all  all  all  -',
  'sharing.request': '         all  own  own  -    -    -',
  'sharing.approve': '         all  own  -    -    -    -',
  'sharing.review': '          all  -    -    -    -    -',
  'sharing.agreement': '       all  -    -    -    -    -',
  'sharing.agreement.read': '  all  own  own  -    all  -',
  'sharing.revoke': '          all  own  -    -    -    -',
  'sharing.usage': '           all  own  own  -    all  -',
  'sharing.policy': '          all  -    -    -    -    -',
  'data.use': '                -    own  own  -    -    -',
  'license.type.read': '       all  all  all  all  all  -',
  'license.type.edit': '       all  own  -    -    -    -',
  'license.read': '            all  own  own  own  all  -',
  'license.issue': '           -    own  -    -    -    -',
  'license.status': '          -    own  -    -    -    -',
  'license.use': '             -    -    own  own  -    -',
  'credit.read': '             all  all  all  all  all  -',
  'credit.publish': '          -    own  -    -    -    -',
  'credit.list.edit': '        -    own  -    -    -    -',
  'credit.case.read': '        all  own  -    -    all  -',
  'credit.case.handle': '      -    own  -    -    -    -',
  'credit.account': '          all  -    -    -    -    -',
  'credit.self': '             -    -    -    -    -    all',
  'dossier.self': '            -    -    -    -    -    all',
  'open.developer': '          -    -    -    -    -    -    all',
  'open.application.read': '   all  own  -    -    all  -    -',
  'open.application.decide': ' all  own  -    -    -    -    -',
  'open.key.admin': '          all  -    -    -    -    -    -',
  'open.feedback': '           -    -    -    -    -    all  all',
  'open.answer': '             -    own  -    -    -    -    -',
  'open.moderate': '           all  -    -    -    -    -    -',
  'case.read': '               all  -    -    own  all  -    -',
  'case.open': '               -    -    -    own  -    -    -',
  'case.handle': '             -    -    -    own  -    -    -',
  'case.decide': '             -    -    -    own  -    -    -',
  'case.self': '               -    -    -    -    -    all  -',
  'service.item.read': '       all  own  -    -    all  -    -',
  'service.item.edit': '       all  own  -    -    -    -    -',
  'service.item.publish': '    all  own  -    -    -    -    -',
};
const COLUMNS: Role[] = [
  'platform_admin',
  'dept_steward',
  'dept_consumer',
  'service_staff',
  'auditor',
  'citizen',
  'developer',
];
const MATRIX = Object.fromEntries(
  Object.entries(TABLE).map(([action, row]) => {
    const cells = row.trim().split(/\s+/);
    return [
      action,
      Object.fromEntries(COLUMNS.map((role, i) => [role, (cells[i] ?? '-') === '-' ? 'none' : cells[i]])),
    ];
  }),
) as Record<Action, Record<Role, Reach>>;

describe('policy', () => {
  for (const [action, byRole] of Object.entries(MATRIX) as [Action, Record<Role, Reach>][]) {
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

  it('every action is classified read or write, and every classified action is in the matrix', () => {
    expect(Object.keys(ACTION_KIND).sort()).toEqual(Object.keys(MATRIX).sort());
    for (const kind of Object.values(ACTION_KIND)) expect(['read', 'write']).toContain(kind);
  });

  it('the auditor and the citizen are the read-only roles', () => {
    expect([...READ_ONLY_ROLES].sort()).toEqual(['auditor', 'citizen']);
  });

  // Read-only roles never write: for every write action, anywhere, even combined with nothing else.
  const writes = (Object.keys(ACTION_KIND) as Action[]).filter((a) => ACTION_KIND[a] === 'write');
  for (const role of READ_ONLY_ROLES) {
    it(`${role} may take no write action (${writes.length} of them)`, () => {
      const p = as(role);
      for (const action of writes) {
        expect({ action, may: can(p, action) }).toEqual({ action, may: false });
        expect({ action, scope: scopeOf(p, action).kind }).toEqual({ action, scope: 'none' });
        for (const departmentId of [A, B, null])
          expect({ action, may: can(p, action, { departmentId }) }).toEqual({ action, may: false });
      }
      // The matrix above says the same, so the expectation and the rule cannot drift apart.
      for (const action of writes)
        expect({ action, reach: MATRIX[action][role] }).toEqual({ action, reach: 'none' });
    });
  }

  it('a read-only role held next to a writing role adds no write of its own', () => {
    const p: Principal = {
      kind: 'user',
      id: 'u',
      name: 'x',
      departmentId: A,
      roles: [
        { role: 'auditor', departmentId: null },
        { role: 'dept_consumer', departmentId: A },
      ],
    };
    // The consumer role reaches its own department only; the auditor's city-wide reach adds no write.
    expect(scopeOf(p, 'exchange.consume')).toEqual({ kind: 'departments', ids: [A] });
    expect(can(p, 'exchange.consume', { departmentId: B })).toBe(false);
    // … while its reads still reach the whole city.
    expect(scopeOf(p, 'exchange.read')).toEqual({ kind: 'all' });
  });

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
