import { api, call, type PageQuery, type Schemas } from './client';

export type RegionLevel = Schemas['RegionLevel'];
export type Region = Schemas['Region'];
export type Department = Schemas['Department'];
export type DepartmentInput = Schemas['DepartmentInput'];
export type DepartmentPatch = Schemas['DepartmentPatch'];

export const listRegions = (level: RegionLevel, parent?: string, signal?: AbortSignal) =>
  call(api.GET('/api/regions', { params: { query: { level, parent } }, signal }), signal);

export const listDepartments = (query: { q?: string } & Partial<PageQuery>, signal?: AbortSignal) =>
  call(api.GET('/api/departments', { params: { query }, signal }), signal);

export const createDepartment = (input: DepartmentInput) =>
  call(api.POST('/api/departments', { body: input }));

export const updateDepartment = (id: string, input: DepartmentPatch) =>
  call(api.PATCH('/api/departments/{id}', { params: { path: { id } }, body: input }));
