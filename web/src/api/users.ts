import { request } from './client';
import type {
  Items,
  Page,
  PageQuery,
  RoleGrant,
  RoleInfo,
  User,
  UserCreateInput,
  UserQuery,
  UserUpdateInput,
} from './types';

const userPath = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export const listRoles = (signal?: AbortSignal) => request<Items<RoleInfo>>('/api/roles', { signal });

export const listUsers = (query: UserQuery & PageQuery, signal?: AbortSignal) =>
  request<Page<User>>('/api/users', { query, signal });

export const createUser = (input: UserCreateInput) =>
  request<User>('/api/users', { method: 'POST', body: input });

export const updateUser = (id: string, input: UserUpdateInput) =>
  request<User>(userPath(id), { method: 'PATCH', body: input });

export const setUserRoles = (id: string, roles: RoleGrant[]) =>
  request<User>(`${userPath(id)}/roles`, { method: 'PUT', body: { roles } });

export const setUserPassword = (id: string, password: string) =>
  request<void>(`${userPath(id)}/password`, { method: 'POST', body: { password } });
