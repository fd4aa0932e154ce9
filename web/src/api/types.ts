/** Shapes of the Tongban HTTP API, as documented in the API contract. Ids are strings. */

export const ROLES = [
  'platform_admin',
  'dept_steward',
  'dept_consumer',
  'service_staff',
  'auditor',
  'citizen',
] as const;

export type Role = (typeof ROLES)[number];

export interface RoleAssignment {
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
}

export interface DepartmentRef {
  id: string;
  name: string;
  shortName: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  kind: 'user' | 'apikey';
  department: DepartmentRef | null;
  roles: RoleAssignment[];
}

export interface Session {
  user: Me;
  csrfToken: string;
}

export interface LoginResult extends Session {
  token: string;
  expiresAt: string;
}

export interface Page<T> {
  total: number;
  items: T[];
}

/** Query types are type aliases (not interfaces) so they fit the client's query record. */
export type PageQuery = {
  limit: number;
  offset: number;
};

export interface Overview {
  departments: number;
  users: number;
  activeApiKeys: number;
  regions: { district: number; town: number; village: number };
  auditLast24h: number;
  usersByRole: { role: Role; count: number }[];
}

export type RegionLevel = 'city' | 'district' | 'town' | 'village';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface Department {
  id: string;
  name: string;
  shortName: string;
  uscc: string;
  regionCode: string;
  regionName: string;
  parentId: string | null;
  parentName: string | null;
  createdAt: string;
}

export interface DepartmentInput {
  name: string;
  shortName: string;
  uscc: string;
  regionCode: string;
  /** Omit for none on create; null clears it on update. */
  parentId?: string | null;
}

export interface RoleInfo {
  role: Role;
  scoped: boolean;
}

export type UserStatus = 'active' | 'disabled';

export interface User {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  status: UserStatus;
  roles: RoleAssignment[];
  createdAt: string;
  lastLoginAt: string | null;
}

export interface RoleGrant {
  role: Role;
  departmentId: string | null;
}

export type UserQuery = {
  q?: string;
  departmentId?: string;
  role?: Role;
};

export interface UserCreateInput {
  username: string;
  displayName: string;
  password: string;
  departmentId?: string;
  roles?: { role: Role; departmentId?: string }[];
}

export interface UserUpdateInput {
  displayName?: string;
  departmentId?: string | null;
  status?: UserStatus;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  departmentId: string;
  departmentName: string;
  createdAt: string;
  createdByName: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyCreateInput {
  name: string;
  departmentId: string;
  expiresAt?: string;
}

export interface ApiKeyCreated {
  apiKey: ApiKey;
  secret: string;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorKind: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  departmentId: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  hash: string;
}

export type AuditQuery = {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
};

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
  reason: string | null;
}

export interface Items<T> {
  items: T[];
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: { fields?: FieldError[] } & Record<string, unknown>;
  };
}
