import { Type, type Static } from 'typebox';
import { Nullable, Page, Paging, Text, Timestamp, Uuid } from '../../core/schema.ts';

export const RegionLevel = Type.Enum(['province', 'city', 'district', 'town', 'village'], {
  $id: 'RegionLevel',
});

export const Region = Type.Object(
  {
    code: Type.String({ description: 'GB/T 2260 code (6 digits), town (9) or village (12)' }),
    name: Type.String(),
    level: RegionLevel,
    parentCode: Nullable(Type.String()),
  },
  { $id: 'Region' },
);

export const RegionQuery = Type.Object(
  { level: Type.Optional(RegionLevel), parent: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })) },
  { additionalProperties: false },
);

export const Department = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    shortName: Type.String(),
    uscc: Type.String({ description: '统一社会信用代码 (GB 32100)' }),
    regionCode: Type.String(),
    regionName: Type.String(),
    parentId: Nullable(Uuid),
    parentName: Nullable(Type.String()),
    createdAt: Timestamp,
  },
  { $id: 'Department' },
);

export const DepartmentQuery = Type.Object(
  { q: Type.Optional(Text(100, 0)), ...Paging },
  { additionalProperties: false },
);
export const DepartmentPage = Page(Department);

const departmentFields = {
  name: Text(100),
  shortName: Text(50),
  uscc: Type.String({ minLength: 18, maxLength: 18, description: '18 characters, check digit per GB 32100' }),
  regionCode: Type.String({ pattern: '^[0-9]{6}$' }),
  parentId: Type.Optional(Nullable(Uuid)),
};

export const CreateDepartmentBody = Type.Object(departmentFields, {
  $id: 'DepartmentInput',
  additionalProperties: false,
});
export const UpdateDepartmentBody = Type.Partial(Type.Object(departmentFields), {
  $id: 'DepartmentPatch',
  additionalProperties: false,
  minProperties: 1,
});

export type Department = Static<typeof Department>;
export type Region = Static<typeof Region>;
export type DepartmentInput = Static<typeof CreateDepartmentBody>;
