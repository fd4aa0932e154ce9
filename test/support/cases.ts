import { makeIdCard, makeUscc } from '../../src/lib/validators/index.ts';
import type { CaseItemSnapshotT } from '../../src/modules/cases/index.ts';
import type { Services } from '../../src/server/context.ts';
import { buildDepartment, buildUser, testActor } from './factories.ts';

const MINISTRY = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '100000',
  orgCodeBody8: '00000458',
});
let typeSerial = 500;

/** A valid 身份证号 of a person born in 1990 (sequence 1–999). */
export const personCode = (sequence: number) =>
  makeIdCard({ regionCode: '320706', birthDate: '1990-03-15', sequence });

/** A license type for persons issued by `departmentId`: the holder's name and ID number are tagged fields. */
export async function buildLicenseType(s: Services, departmentId: string): Promise<string> {
  const code = `${MINISTRY}${++typeSerial}`;
  await s.licenses.types.create(testActor, {
    code,
    name: `测试经营许可证${typeSerial}`,
    ministryName: '测试部',
    departmentId,
    holderKind: '111',
    validityYears: 5,
    fields: [
      { name: '经营者姓名', dataType: 'C', required: true, tag: 'person_name' },
      { name: '经营者身份证号', dataType: 'C', required: true, tag: 'id_card' },
      { name: '经营范围', dataType: 'C', required: true, tag: null },
    ],
  });
  return code;
}

/** A service item's snapshot as the catalogue would hand it over. */
export function itemSnapshot(departmentId: string, over: Partial<CaseItemSnapshotT> = {}): CaseItemSnapshotT {
  return {
    itemId: 'item-0001',
    itemCode: '11320700MB0000000X0001000',
    itemName: '食品经营许可',
    departmentId,
    legalDays: 20,
    promisedDays: 5,
    resultLicenseTypeCode: null,
    ...over,
  };
}

/** Two departments with window staff each, an auditor, two citizens bound to their ID numbers, a license type. */
export async function caseWorld(s: Services, login: (username: string) => Promise<string>) {
  const deptA = await buildDepartment(s);
  const deptB = await buildDepartment(s);
  const user = async (
    role: 'service_staff' | 'auditor' | 'citizen' | 'dept_steward',
    departmentId: string | null,
  ) => {
    const u = await buildUser(s, { departmentId, roles: [{ role, departmentId }] });
    return { id: u.id, token: await login(u.username) };
  };
  const staffA = await user('service_staff', deptA.id);
  const staffB = await user('service_staff', deptB.id);
  const stewardA = await user('dept_steward', deptA.id);
  const auditor = await user('auditor', null);
  const citizen = await user('citizen', null);
  const otherCitizen = await user('citizen', null);
  const citizenCode = personCode(31);
  const otherCode = personCode(42);
  await s.identity.subjects.bind(testActor, citizen.id, citizenCode, '王小明');
  await s.identity.subjects.bind(testActor, otherCitizen.id, otherCode, '李小红');
  const licenseType = await buildLicenseType(s, deptA.id);
  return {
    deptA,
    deptB,
    staffA,
    staffB,
    stewardA,
    auditor,
    citizen: { ...citizen, code: citizenCode, name: '王小明' },
    otherCitizen: { ...otherCitizen, code: otherCode, name: '李小红' },
    licenseType,
  };
}
