import { Type, type Static } from 'typebox';
import { Nullable, Page, Paging, Text, Timestamp, Uuid } from '../../core/schema.ts';
import { ROLES } from './policy.ts';

export const RoleName = Type.Enum(ROLES, {
  $id: 'Role',
  description:
    'platform_admin 平台管理员, dept_steward 部门数据管理员, dept_consumer 部门数据使用者, service_staff 窗口审批人员, auditor 审计员, citizen 公众用户, developer 开发者 (公共数据开放)',
});

export const RoleAssignment = Type.Object(
  {
    role: RoleName,
    departmentId: Nullable(Uuid),
    departmentName: Nullable(Type.String()),
  },
  { $id: 'RoleAssignment' },
);

export const RoleGrantInput = Type.Object(
  { role: RoleName, departmentId: Type.Optional(Nullable(Uuid)) },
  { $id: 'RoleGrant', additionalProperties: false },
);

export const User = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    displayName: Type.String(),
    departmentId: Nullable(Uuid),
    departmentName: Nullable(Type.String()),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    roles: Type.Array(RoleAssignment),
    createdAt: Timestamp,
    lastLoginAt: Nullable(Timestamp),
  },
  { $id: 'User' },
);

export const Me = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    kind: Type.Union([Type.Literal('user'), Type.Literal('apikey')]),
    department: Nullable(Type.Object({ id: Uuid, name: Type.String(), shortName: Type.String() })),
    roles: Type.Array(RoleAssignment),
  },
  { $id: 'Me' },
);

export const LoginBody = Type.Object(
  { username: Text(64), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export const LoginResponse = Type.Object(
  {
    token: Type.String({ description: 'Send as `Authorization: Bearer …`; the same session as the cookie' }),
    csrfToken: Type.String({ description: 'Echo in `X-CSRF-Token` on cookie-authenticated writes' }),
    expiresAt: Timestamp,
    user: Me,
  },
  { $id: 'LoginResult' },
);
export const MeResponse = Type.Object({ user: Me, csrfToken: Nullable(Type.String()) }, { $id: 'Session' });

export const UserQuery = Type.Object(
  {
    q: Type.Optional(Text(100, 0)),
    departmentId: Type.Optional(Uuid),
    role: Type.Optional(RoleName),
    ...Paging,
  },
  { additionalProperties: false },
);
export const UserPage = Page(User);

export const CreateUserBody = Type.Object(
  {
    username: Text(64),
    displayName: Text(100),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    departmentId: Type.Optional(Nullable(Uuid)),
    roles: Type.Optional(Type.Array(RoleGrantInput, { maxItems: 20 })),
  },
  { $id: 'UserCreateInput', additionalProperties: false },
);
export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Text(100)),
    departmentId: Type.Optional(Nullable(Uuid)),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { $id: 'UserUpdateInput', additionalProperties: false, minProperties: 1 },
);
export const SetRolesBody = Type.Object(
  { roles: Type.Array(RoleGrantInput, { maxItems: 20 }) },
  { additionalProperties: false },
);
export const PasswordBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const RoleInfo = Type.Object({ role: RoleName, scoped: Type.Boolean() }, { $id: 'RoleInfo' });

export const ApiKey = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    prefix: Type.String(),
    role: RoleName,
    departmentId: Uuid,
    departmentName: Nullable(Type.String()),
    createdAt: Timestamp,
    createdByName: Nullable(Type.String()),
    lastUsedAt: Nullable(Timestamp),
    expiresAt: Nullable(Timestamp),
    revokedAt: Nullable(Timestamp),
  },
  { $id: 'ApiKey' },
);
export const ApiKeyQuery = Type.Object(
  { departmentId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const CreateApiKeyBody = Type.Object(
  {
    name: Text(100),
    departmentId: Uuid,
    role: Type.Optional(Type.Union([Type.Literal('dept_consumer'), Type.Literal('dept_steward')])),
    expiresAt: Type.Optional(Nullable(Timestamp)),
  },
  { $id: 'ApiKeyCreateInput', additionalProperties: false },
);
export const CreatedApiKey = Type.Object(
  {
    apiKey: ApiKey,
    secret: Type.String({ description: 'The whole key. Shown once; only its SM3 digest is stored.' }),
  },
  { $id: 'ApiKeyCreated' },
);

export type RoleGrantInput = Static<typeof RoleGrantInput>;
export type RoleAssignment = Static<typeof RoleAssignment>;
export type User = Static<typeof User>;
export type ApiKey = Static<typeof ApiKey>;
export type Me = Static<typeof Me>;
