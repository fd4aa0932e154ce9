import { makeUscc } from '../../src/lib/validators/index.ts';
import { SYSTEM_ACTOR, type Actor } from '../../src/modules/audit/service.ts';
import type { RoleGrant } from '../../src/modules/identity/policy.ts';
import type { Services } from '../../src/server/context.ts';

export const TEST_PASSWORD = 'Test-passw0rd';
export const testActor: Actor = { ...SYSTEM_ACTOR, name: 'test' };

let serial = 0;
const next = () => ++serial;

/** A valid, unique unified social credit code for a test department. */
export function uniqueUscc(): string {
  const n = next();
  const body = `T${String(n).padStart(7, '0')}`;
  return makeUscc({ registrationAuthority: '1', orgType: '1', regionCode: '320700', orgCodeBody8: body });
}

/** Makes sure the city region exists, which every department needs. */
export async function ensureCity(s: Services): Promise<void> {
  await s.org.loadRegions([
    { code: '320700', name: '连云港市', level: 'city', parentCode: null },
    { code: '320706', name: '海州区', level: 'district', parentCode: '320700' },
  ]);
}

export async function buildDepartment(
  s: Services,
  overrides: Partial<{
    name: string;
    shortName: string;
    uscc: string;
    regionCode: string;
    parentId: string | null;
  }> = {},
) {
  await ensureCity(s);
  const n = next();
  return s.org.create(testActor, {
    name: `测试局${n}`,
    shortName: `测试${n}`,
    uscc: uniqueUscc(),
    regionCode: '320700',
    ...overrides,
  });
}

export async function buildUser(
  s: Services,
  overrides: Partial<{
    username: string;
    displayName: string;
    password: string;
    departmentId: string | null;
    roles: RoleGrant[];
  }> = {},
) {
  const n = next();
  return s.identity.createUser(testActor, {
    username: `user${n}_${Math.random().toString(36).slice(2, 6)}`,
    displayName: `测试用户${n}`,
    password: TEST_PASSWORD,
    departmentId: null,
    roles: [],
    ...overrides,
  });
}
