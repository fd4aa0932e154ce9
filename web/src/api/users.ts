import { api, call, type PageQuery, type QueryOf, type ResponseOf, type Schemas } from './client';

export type User = Schemas['User'];
export type UserStatus = User['status'];
export type RoleInfo = ResponseOf<'/api/roles'>['items'][number];
export type RoleGrant = Schemas['RoleGrant'];
export type UserQuery = Omit<QueryOf<'/api/users'>, 'limit' | 'offset'>;
export type UserCreateInput = Schemas['UserCreateInput'];
export type UserUpdateInput = Schemas['UserUpdateInput'];

const byId = (id: string) => ({ params: { path: { id } } });

export const listRoles = (signal?: AbortSignal) => call(api.GET('/api/roles', { signal }), signal);

export const listUsers = (query: UserQuery & PageQuery, signal?: AbortSignal) =>
  call(api.GET('/api/users', { params: { query }, signal }), signal);

export const createUser = (input: UserCreateInput) => call(api.POST('/api/users', { body: input }));

export const updateUser = (id: string, input: UserUpdateInput) =>
  call(api.PATCH('/api/users/{id}', { ...byId(id), body: input }));

export const setUserRoles = (id: string, roles: RoleGrant[]) =>
  call(api.PUT('/api/users/{id}/roles', { ...byId(id), body: { roles } }));

export const setUserPassword = (id: string, password: string) =>
  call(api.POST('/api/users/{id}/password', { ...byId(id), body: { password } }));
