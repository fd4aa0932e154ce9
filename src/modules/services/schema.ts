import { Type, type Static } from 'typebox';
import { Limit, MultilineText, Nullable, Offset, Text, Timestamp, Uuid } from '../../core/schema.ts';
import { CHANNELS, ITEM_KIND_CODES, MATERIAL_FORMS, MATERIAL_SOURCES } from './vocab.ts';

export const ItemKindEnum = Type.Enum([...ITEM_KIND_CODES], {
  $id: 'ServiceItemKind',
  description:
    '事项类型: 01 行政许可, 04 行政征收, 05 行政给付, 06 行政检查, 07 行政确认, 08 行政奖励, 09 行政裁决, 10 其他行政权力, 20 公共服务',
});
export const ChannelEnum = Type.Enum(
  CHANNELS.map((c) => c.value),
  {
    $id: 'ServiceChannel',
    description: '办理形式: window 窗口, online 网上, self_service 自助终端, mail 邮寄',
  },
);
export const MaterialSourceEnum = Type.Enum([...MATERIAL_SOURCES], {
  $id: 'ServiceMaterialSource',
  description:
    'applicant 需申请人提交; shared 通过数据共享获取 (a base registry’s fields or a published catalog resource’s items); license 调用电子证照',
});
export const RegistryEnum = Type.Enum(['population', 'legal_person'], {
  $id: 'ServiceMaterialRegistry',
  description: 'population 人口基础库, legal_person 法人基础库',
});
const MaterialFormEnum = Type.Enum(
  MATERIAL_FORMS.map((f) => f.value),
  { description: '材料形式: original 原件, copy 复印件, electronic 电子材料' },
);

export const MaterialInput = Type.Object(
  {
    name: Text(100),
    required: Type.Boolean({ description: '必要性: true 必要, false 容缺或非必要' }),
    form: MaterialFormEnum,
    description: Type.Optional(Nullable(Text(500))),
    source: MaterialSourceEnum,
    registry: Type.Optional(Nullable(RegistryEnum)),
    resourceId: Type.Optional(Nullable(Uuid)),
    fields: Type.Optional(
      Type.Array(Text(60), {
        maxItems: 30,
        description: 'shared: the registry’s fields or the resource’s items the material is read from',
      }),
    ),
    licenseTypeCode: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
  },
  { $id: 'ServiceMaterialInput', additionalProperties: false },
);
export type MaterialInputT = Static<typeof MaterialInput>;

export const FeeInput = Type.Object(
  {
    charged: Type.Boolean(),
    amount: Nullable(Type.Number({ minimum: 0, maximum: 100_000_000, description: '元' })),
    basis: Nullable(Text(500)),
  },
  { $id: 'ServiceFee', additionalProperties: false },
);

export const StepInput = Type.Object(
  { name: Text(40), description: Type.Optional(Nullable(Text(500))) },
  { $id: 'ServiceStep', additionalProperties: false },
);

export const ServiceItemInput = Type.Object(
  {
    name: Text(100),
    code: Type.String({
      minLength: 1,
      maxLength: 40,
      description:
        '实施编码: the implementing department’s 统一社会信用代码 (18) + 事项类型 (2) + 主项 (5, not 00000) + 子项 (3, 000 without)',
    }),
    kind: ItemKindEnum,
    departmentId: Uuid,
    legalBasis: MultilineText(4000),
    conditions: Type.Optional(Nullable(MultilineText(4000))),
    legalDays: Type.Integer({ minimum: 0, maximum: 365, description: '法定办结时限 (working days; 0 即办)' }),
    promisedDays: Type.Integer({
      minimum: 0,
      maximum: 365,
      description: '承诺办结时限 (working days, ≤ legal)',
    }),
    channels: Type.Array(ChannelEnum, { minItems: 1, maxItems: 4, uniqueItems: true }),
    visits: Type.Integer({ minimum: 0, maximum: 2, description: '到现场次数' }),
    depth: Type.Integer({ minimum: 1, maximum: 4, description: '网办深度 一级…四级' }),
    fee: FeeInput,
    steps: Type.Array(StepInput, { minItems: 1, maxItems: 20 }),
    resultLicenseTypeCode: Nullable(Type.String({ minLength: 1, maxLength: 40 })),
    materials: Type.Array(MaterialInput, { maxItems: 50 }),
  },
  { $id: 'ServiceItemInput', additionalProperties: false },
);
export type ServiceItemInputT = Static<typeof ServiceItemInput>;

export const Material = Type.Object(
  {
    name: Type.String(),
    required: Type.Boolean(),
    form: MaterialFormEnum,
    description: Nullable(Type.String()),
    source: MaterialSourceEnum,
    registry: Nullable(RegistryEnum),
    resourceId: Nullable(Uuid),
    resourceCode: Nullable(Type.String()),
    fields: Type.Array(Type.String()),
    licenseTypeCode: Nullable(Type.String()),
    sourceName: Nullable(
      Type.String({ description: '人口基础库, the resource’s name or the license type’s name, as saved' }),
    ),
    providerName: Nullable(
      Type.String({ description: 'The department holding the data or issuing the license' }),
    ),
  },
  { $id: 'ServiceMaterial' },
);
export type MaterialT = Static<typeof Material>;

export const ServiceItem = Type.Object(
  {
    id: Uuid,
    code: Type.String({ description: '实施编码' }),
    basicCode: Type.String({ description: '基本编码: 事项类型 + 主项 + 子项 (the last 10 characters)' }),
    name: Type.String(),
    kind: ItemKindEnum,
    kindName: Type.String(),
    departmentId: Uuid,
    departmentName: Type.String(),
    legalBasis: Type.String(),
    conditions: Nullable(Type.String()),
    legalDays: Type.Integer(),
    promisedDays: Type.Integer(),
    channels: Type.Array(ChannelEnum),
    visits: Type.Integer(),
    depth: Type.Integer(),
    fee: FeeInput,
    steps: Type.Array(
      Type.Object(
        { name: Type.String(), description: Nullable(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    resultLicense: Nullable(
      Type.Object({ code: Type.String(), name: Type.String(), departmentName: Nullable(Type.String()) }),
    ),
    materials: Type.Array(Material),
    status: Type.Enum(['draft', 'published'], {
      description: 'draft: the version shown is not published yet (a new item or a revision)',
    }),
    version: Type.Integer({ description: 'The version shown' }),
    publishedVersion: Nullable(Type.Integer()),
    publishedAt: Nullable(Timestamp),
    updatedAt: Timestamp,
  },
  { $id: 'ServiceItem' },
);
export type ServiceItemT = Static<typeof ServiceItem>;

export const ServiceItemPage = Type.Object(
  { total: Type.Integer(), items: Type.Array(ServiceItem) },
  { $id: 'ServiceItemPage' },
);

export const PublicItemQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: 100, description: 'Name or code; Chinese segmented, Traditional accepted' }),
    ),
    department: Type.Optional(Uuid),
    kind: Type.Optional(ItemKindEnum),
    limit: Type.Optional(Limit(100, 20)),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type PublicItemQueryT = Static<typeof PublicItemQuery>;

export const ManageItemQuery = Type.Object(
  {
    ...PublicItemQuery.properties,
    status: Type.Optional(Type.Enum(['draft', 'published'])),
  },
  { additionalProperties: false },
);
export type ManageItemQueryT = Static<typeof ManageItemQuery>;

export const ItemVersion = Type.Object(
  {
    version: Type.Integer(),
    status: Type.Enum(['draft', 'published', 'superseded']),
    createdAt: Timestamp,
    createdByName: Nullable(Type.String()),
    updatedAt: Timestamp,
    publishedAt: Nullable(Timestamp),
    publishedByName: Nullable(Type.String()),
    changes: Type.Array(Type.String(), { description: 'Fields that differ from the previous version shown' }),
    item: ServiceItem,
  },
  { $id: 'ServiceItemVersion' },
);
export type ItemVersionT = Static<typeof ItemVersion>;

const Term = Type.Object({ value: Type.String(), zh: Type.String(), en: Type.String() });
export const ServiceVocabulary = Type.Object(
  {
    kinds: Type.Array(Term),
    channels: Type.Array(Term),
    depths: Type.Array(Type.Object({ value: Type.Integer(), zh: Type.String(), en: Type.String() })),
    materialForms: Type.Array(Term),
    registries: Type.Array(
      Type.Object({ value: RegistryEnum, zh: Type.String(), fields: Type.Array(Type.String()) }),
    ),
  },
  { $id: 'ServiceVocabulary' },
);

export const ItemIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
