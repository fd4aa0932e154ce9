import { api, call, type QueryOf, type Schemas } from './client';

/** 一人一档 / 一企一档 (staff), 我的档案 and 谁用了我的数据 (the citizen): every type is the server's own. */

export type Dossier = Schemas['Dossier'];
export type DossierKind = Dossier['kind'];
export type DossierOmission = Dossier['omitted'][number];
export type MyDossier = Schemas['MyDossier'];
export type MySubject = MyDossier['subjects'][number];
export type DataUse = Schemas['DataUse'];
export type DataUsePage = Schemas['DataUsePage'];

export const getPersonDossier = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/dossiers/persons/{id}', { params: { path: { id } }, signal }), signal);

export const getLegalPersonDossier = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/dossiers/legal-persons/{id}', { params: { path: { id } }, signal }), signal);

export const getMyDossier = (signal?: AbortSignal) => call(api.GET('/api/me/dossier', { signal }), signal);

/** A keyset page, newest first: `before` is the `nextCursor` of the page shown before it. */
export const listMyDataUses = (query: QueryOf<'/api/me/data-uses'>, signal?: AbortSignal) =>
  call(api.GET('/api/me/data-uses', { params: { query }, signal }), signal);
