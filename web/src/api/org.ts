import { request } from './client';
import type { Department, DepartmentInput, Items, Page, PageQuery, Region, RegionLevel } from './types';

export const listRegions = (level: RegionLevel, parent?: string, signal?: AbortSignal) =>
  request<Items<Region>>('/api/regions', { query: { level, parent }, signal });

export const listDepartments = (query: { q?: string } & Partial<PageQuery>, signal?: AbortSignal) =>
  request<Page<Department>>('/api/departments', { query, signal });

export const createDepartment = (input: DepartmentInput) =>
  request<Department>('/api/departments', { method: 'POST', body: input });

export const updateDepartment = (id: string, input: Partial<DepartmentInput>) =>
  request<Department>(`/api/departments/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });
