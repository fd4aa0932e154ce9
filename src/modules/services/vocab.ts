/**
 * The coded value lists of a service item (政务服务事项), after the national basic catalogue and implementation list
 * (GB/T 39554.1-2020 and the 国家政务服务平台's 事项基本目录及实施清单): 事项类型 with their two-digit codes (only the
 * kinds a citizen or company applies for: 行政处罚 02 and 行政强制 03 are no service), 办理形式, 网办深度, 材料形式.
 * No imports: the web's item editor reads the same lists through the vocabulary route.
 */

export const ITEM_KINDS = [
  { value: '01', zh: '行政许可', en: 'Administrative licensing' },
  { value: '04', zh: '行政征收', en: 'Administrative levy' },
  { value: '05', zh: '行政给付', en: 'Administrative payment' },
  { value: '06', zh: '行政检查', en: 'Administrative inspection' },
  { value: '07', zh: '行政确认', en: 'Administrative confirmation' },
  { value: '08', zh: '行政奖励', en: 'Administrative reward' },
  { value: '09', zh: '行政裁决', en: 'Administrative adjudication' },
  { value: '10', zh: '其他行政权力', en: 'Other administrative power' },
  { value: '20', zh: '公共服务', en: 'Public service' },
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number]['value'];
export const ITEM_KIND_CODES = ITEM_KINDS.map((k) => k.value) as ItemKind[];

/** 办理形式. */
export const CHANNELS = [
  { value: 'window', zh: '窗口办理', en: 'At a service window' },
  { value: 'online', zh: '网上办理', en: 'Online' },
  { value: 'self_service', zh: '自助终端办理', en: 'At a self-service terminal' },
  { value: 'mail', zh: '邮寄办理', en: 'By post' },
] as const;
export type Channel = (typeof CHANNELS)[number]['value'];

/** 网办深度: how far an application goes online. */
export const DEPTHS = [
  { value: 1, zh: '一级：网上咨询、下载表格', en: 'Level 1: information and forms online' },
  { value: 2, zh: '二级：网上预审', en: 'Level 2: pre-examination online' },
  {
    value: 3,
    zh: '三级：网上受理、办理，到现场取件',
    en: 'Level 3: applied and handled online, collected in person',
  },
  { value: 4, zh: '四级：全程网办', en: 'Level 4: entirely online' },
] as const;

/** 材料形式. */
export const MATERIAL_FORMS = [
  { value: 'original', zh: '原件', en: 'Original' },
  { value: 'copy', zh: '复印件', en: 'Copy' },
  { value: 'electronic', zh: '电子材料', en: 'Electronic' },
] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number]['value'];

/** Where a material comes from: the applicant, the platform's shared data, or the e-license library. */
export const MATERIAL_SOURCES = ['applicant', 'shared', 'license'] as const;
export type MaterialSource = (typeof MATERIAL_SOURCES)[number];

export const kindName = (code: string): string => ITEM_KINDS.find((k) => k.value === code)?.zh ?? code;
