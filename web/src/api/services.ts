import { api, call, type QueryOf, type Schemas } from './client';

export type ServiceItem = Schemas['ServiceItem'];
export type ServiceItemInput = Schemas['ServiceItemInput'];
export type ServiceMaterial = Schemas['ServiceMaterial'];
export type ServiceMaterialInput = Schemas['ServiceMaterialInput'];
export type ServiceVocabulary = Schemas['ServiceVocabulary'];
export type ServiceItemVersion = Schemas['ServiceItemVersion'];
export type ServiceItemQuery = QueryOf<'/api/services/items'>;
export type ManagedItemQuery = QueryOf<'/api/services/manage/items'>;

const byId = (id: string) => ({ params: { path: { id } } });

export const getServiceVocabulary = (signal?: AbortSignal) =>
  call(api.GET('/api/services/vocabulary', { signal }), signal);

export const searchServiceItems = (query: ServiceItemQuery, signal?: AbortSignal) =>
  call(api.GET('/api/services/items', { params: { query }, signal }), signal);

export const getServiceItem = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/services/items/{id}', { ...byId(id), signal }), signal);

export const listServiceItemVersions = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/services/items/{id}/versions', { ...byId(id), signal }), signal);

export const listManagedServiceItems = (query: ManagedItemQuery, signal?: AbortSignal) =>
  call(api.GET('/api/services/manage/items', { params: { query }, signal }), signal);

export const getManagedServiceItem = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/services/manage/items/{id}', { ...byId(id), signal }), signal);

export const createServiceItem = (body: ServiceItemInput) =>
  call(api.POST('/api/services/manage/items', { body }));

export const updateServiceItem = (id: string, body: ServiceItemInput) =>
  call(api.PUT('/api/services/manage/items/{id}', { ...byId(id), body }));

export const publishServiceItem = (id: string) =>
  call(api.POST('/api/services/manage/items/{id}/publish', byId(id)));
