import { api, call, type QueryOf, type Schemas } from '../api/client';
import { caseActionValues, caseStateValues } from '../api/schema.gen';

/** The case engine's API (办件): the staff inbox, the case page and its steps, the applicant's own cases. */

export const CASE_STATES = caseStateValues;
export const CASE_ACTIONS = caseActionValues;
export type CaseState = Schemas['CaseState'];
export type CaseAction = Schemas['CaseAction'];
export type CaseSla = Schemas['CaseSla'];
export type CaseSummary = Schemas['CaseSummary'];
export type CaseDetail = Schemas['CaseDetail'];
export type CaseEvent = Schemas['CaseEvent'];
export type CaseTransitionInput = Schemas['CaseTransitionInput'];
export type CaseInboxQuery = QueryOf<'/api/cases/inbox'>;
export type LicenseType = Schemas['LicenseType'];

export const listCaseInbox = (query: CaseInboxQuery, signal?: AbortSignal) =>
  call(api.GET('/api/cases/inbox', { params: { query }, signal }), signal);

export const listMyCases = (query: QueryOf<'/api/cases/mine'>, signal?: AbortSignal) =>
  call(api.GET('/api/cases/mine', { params: { query }, signal }), signal);

export const getCase = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/cases/{id}', { params: { path: { id } }, signal }), signal);

export const transitionCase = (id: string, body: CaseTransitionInput) =>
  call(api.POST('/api/cases/{id}/transitions', { params: { path: { id } }, body }));

export const listCaseNotifications = (signal?: AbortSignal) =>
  call(api.GET('/api/cases/notifications', { params: { query: { limit: 50 } }, signal }), signal);

export const getLicenseType = (code: string, signal?: AbortSignal) =>
  call(api.GET('/api/registries/license-types/{code}', { params: { path: { code } }, signal }), signal);
