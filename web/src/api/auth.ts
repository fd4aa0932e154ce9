import { api, call, type Schemas } from './client';
import { roleValues } from './schema.gen';

export type Role = Schemas['Role'];
/** Every role, in the server's order. */
export const ROLES = roleValues;
export type RoleAssignment = Schemas['RoleAssignment'];
export type Me = Schemas['Me'];
export type DepartmentRef = NonNullable<Me['department']>;
export type Session = Schemas['Session'];
export type LoginResult = Schemas['LoginResult'];

export const login = (username: string, password: string) =>
  call(api.POST('/api/auth/login', { body: { username, password } }));

export const logout = () => call(api.POST('/api/auth/logout'));

export const fetchSession = (signal?: AbortSignal) => call(api.GET('/api/auth/me', { signal }), signal);
