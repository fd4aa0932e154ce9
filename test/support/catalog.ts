import type { ItemInput, ResourceInput } from '../../src/modules/catalog/schema.ts';

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
