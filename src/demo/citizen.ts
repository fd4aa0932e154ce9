/**
 * The demo citizen (孙悦) as the city knows her, so that her 我的档案 and 谁用了我的数据 show something true: her
 * household registration in 公安's 人口基本信息 (through the real ingest, so the population registry links her like
 * anyone else), her 居民户口簿, and a few uses of her data by departments — 不动产登记中心 using her 户口簿 for a
 * transfer and the service centre's window looking up her credit profile. Her account's binding and her credit
 * records come from the credit seed.
 */
import type { Actor } from '../modules/audit/index.ts';
import type { Services } from '../server/context.ts';
import { chinaToday } from '../lib/time.ts';
import { DEMO_CITIZEN_ID, DEMO_CITIZEN_NAME } from './credit.ts';
import { DEMO_LICENSE_TYPES, ministryUscc } from './licenses.ts';
import { personRow } from './records/index.ts';

export interface DemoCitizenReport {
  records: number;
  licenses: number;
  uses: number;
}

const HOUSEHOLD_NUMBER = '000900042';
const ADDRESS = '连云港市海州区新南街道朝阳东路18号2幢1单元502室';

/** Her row of 人口基本信息: a real row of the demo population as the template, with her own values. */
function householdRow(): Record<string, unknown> {
  return {
    ...personRow(0),
    身份证号: DEMO_CITIZEN_ID,
    姓名: DEMO_CITIZEN_NAME,
    性别: '2',
    民族: '01',
    出生日期: '1990-06-18',
    出生地: '江苏省连云港市海州区',
    户籍地址: ADDRESS,
    户籍地行政区划代码: '320706',
    婚姻状况: '10',
    兵役状况: '未服兵役',
    职业: '专业技术人员',
    身高: 163,
    联系电话: '13905180618',
    户号: HOUSEHOLD_NUMBER,
    与户主关系: '01',
    户口类别: '家庭户口',
    人口状态: '正常',
    配偶姓名: null,
    配偶身份证号: null,
    身份证签发机关: '连云港市公安局海州分局',
    登记单位: '连云港市公安局海州分局新南派出所',
    数据更新时间: new Date().toISOString(),
  };
}

export async function seedDemoCitizen(
  services: Services,
  actor: Actor,
  departmentIds: ReadonlyMap<string, string>,
  options: { people?: number | undefined } = {},
): Promise<DemoCitizenReport> {
  const report: DemoCitizenReport = { records: 0, licenses: 0, uses: 0 };
  if (options.people === 0) return report;
  const resource = (await services.catalog.publishedResources()).find(
    (r) => r.departmentId === departmentIds.get('gaj') && r.name === '人口基本信息',
  );
  // Canonical keys are JSON arrays of the key items' values.
  if (!resource || (await services.exchange.recordByKey(resource.id, JSON.stringify([DEMO_CITIZEN_ID]))))
    return report;
  const row = householdRow();
  const values = Object.fromEntries(resource.items.map((i) => [i.name, row[i.name] ?? null]));
  const ingested = await services.exchange.ingest(actor, resource.id, [{ row: 1, values }], {
    source: 'seed',
    mode: 'upsert',
  });
  report.records = ingested.inserted;

  // Her 居民户口簿 (she heads her own household), issued by 公安 like every other one.
  const spec = DEMO_LICENSE_TYPES.find((t) => t.name === '居民户口簿')!;
  const typeCode = `${ministryUscc(spec.ministry)}${String(spec.number).padStart(3, '0')}`;
  const type = await services.licenses.types.row(typeCode);
  const licenseId = await services.licenses.issuer.issue(actor, type, {
    typeCode,
    number: HOUSEHOLD_NUMBER,
    holder: { code: DEMO_CITIZEN_ID, name: DEMO_CITIZEN_NAME },
    issuedOn: '2016-03-21',
    data: {
      户号: HOUSEHOLD_NUMBER,
      户别: '家庭户',
      住址: ADDRESS,
      登记单位: '连云港市公安局海州分局新南派出所',
    },
  });
  report.licenses = 1;

  // Departments using her data, each under its own account, as they would at a service window.
  const as = async (username: string): Promise<{ actor: Actor; departmentId: string } | null> => {
    const user = await services.identity.findUserByUsername(username);
    if (!user?.departmentId) return null;
    return {
      actor: { id: user.id, name: username, kind: 'user', ip: null, requestId: null },
      departmentId: user.departmentId,
    };
  };
  const estate = await as('bdc_consumer');
  if (estate) {
    const license = await services.licenses.reads.find(licenseId);
    await services.licenses.uses.record(
      estate.actor,
      license,
      estate.departmentId,
      `不动产转移登记（${chinaToday().slice(0, 4)}）：核验申请人户籍`,
    );
    report.uses++;
  }
  const window = await as('zwb_staff');
  if (window) {
    await services.credit.profiles.profile(window.actor, DEMO_CITIZEN_ID, []);
    report.uses++;
  }
  return report;
}
