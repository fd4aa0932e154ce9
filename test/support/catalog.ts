import type { ItemInput, ResourceInput } from '../../src/modules/catalog/schema.ts';
import type { TestApp } from './app.ts';
import { buildDepartment, buildUser } from './factories.ts';

/** A valid resource input for a department, with overrides. */
export function buildResourceInput(
  departmentId: string,
  overrides: Partial<ResourceInput> = {},
): ResourceInput {
  return {
    name: '婚姻登记信息',
    classCode: '101001',
    departmentId,
    summary: '全市婚姻登记机关办理的结婚、离婚登记信息，用于户籍、住房、公积金等业务核验。',
    formatCategory: 'database',
    formatDetail: 'PostgreSQL',
    sharingType: 'conditional',
    sharingCondition: '仅限办理婚姻状况核验相关业务使用',
    sharingMethod: 'api',
    openType: 'closed',
    openCondition: null,
    updateCycle: 'daily',
    relatedCodes: [],
    contactName: '李静',
    contactPhone: '0518-85800000',
    items: [
      buildItem({ name: '结婚证字号', isKey: true }),
      buildItem({ name: '男方身份证号', semanticTag: 'id_card', sensitive: true, length: 18 }),
      buildItem({ name: '登记日期', dataType: 'D', length: null, semanticTag: 'date' }),
    ],
    ...overrides,
  };
}

export function buildItem(overrides: Partial<ItemInput> = {}): ItemInput {
  return {
    name: '编号',
    dataType: 'C',
    length: 50,
    required: true,
    description: null,
    semanticTag: null,
    isKey: false,
    sensitive: false,
    ...overrides,
  };
}

/**
 * Two departments (民政局, 公安局), the operator, a steward of each and a consumer of 公安局, signed in.
 */
export async function catalogFixture(t: TestApp) {
  const mz = (await buildDepartment(t.services, { name: '市民政局', shortName: '民政局' })).id;
  const ga = (await buildDepartment(t.services, { name: '市公安局', shortName: '公安局' })).id;
  await buildUser(t.services, { username: 'root', roles: [{ role: 'platform_admin', departmentId: null }] });
  await buildUser(t.services, {
    username: 'mz_steward',
    departmentId: mz,
    roles: [{ role: 'dept_steward', departmentId: mz }],
  });
  await buildUser(t.services, {
    username: 'ga_steward',
    departmentId: ga,
    roles: [{ role: 'dept_steward', departmentId: ga }],
  });
  await buildUser(t.services, {
    username: 'reader',
    departmentId: ga,
    roles: [{ role: 'dept_consumer', departmentId: ga }],
  });
  return {
    mz,
    ga,
    admin: await t.login('root'),
    stewardMz: await t.login('mz_steward'),
    stewardGa: await t.login('ga_steward'),
    consumer: await t.login('reader'),
  };
}
