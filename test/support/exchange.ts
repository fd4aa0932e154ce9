import { makeIdCard, makeUscc } from '../../src/lib/validators/index.ts';
import type { ResourceInput } from '../../src/modules/catalog/schema.ts';
import type { TestApp } from './app.ts';
import { buildItem, buildResourceInput } from './catalog.ts';

/** The items of a person-like resource exercising every data type and semantic rule the exchange checks. */
export const PERSON_ITEMS: ResourceInput['items'] = [
  buildItem({ name: '身份证号', length: 18, isKey: true, semanticTag: 'id_card', sensitive: true }),
  buildItem({ name: '姓名', length: 20, semanticTag: 'person_name', sensitive: true }),
  buildItem({ name: '性别', length: 1 }),
  buildItem({ name: '出生日期', dataType: 'D', length: null, semanticTag: 'date' }),
  buildItem({ name: '手机号码', length: 11, required: false, semanticTag: 'mobile', sensitive: true }),
  buildItem({ name: '单位信用代码', length: 18, required: false, semanticTag: 'uscc' }),
  buildItem({ name: '月缴存额', dataType: 'Y', length: 12, required: false }),
  buildItem({ name: '缴存月数', dataType: 'I', length: null, required: false }),
  buildItem({ name: '是否在职', dataType: 'L', length: null, required: false }),
  buildItem({ name: '登记时间', dataType: 'T', length: null, required: false }),
  buildItem({ name: '备注', dataType: 'C', length: 20, required: false }),
];

/** Publishes a resource through the real review flow (draft → submitted → approved → published) as the operator. */
export async function publishResource(
  t: TestApp,
  admin: string,
  departmentId: string,
  overrides: Partial<ResourceInput> = {},
): Promise<{ id: string; code: string }> {
  const created = await t.call(admin, {
    method: 'POST',
    url: '/api/catalog/resources',
    payload: buildResourceInput(departmentId, { name: '人员缴存信息', items: PERSON_ITEMS, ...overrides }),
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  const { id, code } = created.json() as { id: string; code: string };
  for (const step of ['submit', 'approve', 'publish'])
    await t.call(admin, { method: 'POST', url: `/api/catalog/resources/${id}/${step}`, payload: {} });
  return { id, code };
}

let nextPerson = 1;
const USCC = makeUscc({
  registrationAuthority: '9',
  orgType: '1',
  regionCode: '320700',
  orgCodeBody8: 'MA1XK3P7',
});

/** A valid person row; `i` picks a distinct person (a fresh one per call when omitted). */
export function personRow(
  i = nextPerson++,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  // Person i: the i-th sequence number of the (i / 1000)-th day from 1950-01-01, so keys never repeat.
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10);
  return {
    身份证号: makeIdCard({ regionCode: '320706', birthDate: birth, sequence: i % 1000 }),
    姓名: `张${'伟芳娜敏静强磊军洋勇'[i % 10]}`,
    性别: i % 2 ? '1' : '2',
    出生日期: birth,
    手机号码: `139${String(10_000_000 + i).slice(-8)}`,
    单位信用代码: USCC,
    月缴存额: 1200.5,
    缴存月数: 12,
    是否在职: true,
    ...overrides,
  };
}

export const ndjson = (rows: Record<string, unknown>[]) =>
  rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
