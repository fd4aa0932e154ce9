import { api, call, type QueryOf, type Schemas } from './client';

export type CreditRecord = Schemas['CreditRecord'];
export type CreditRecordInput = Schemas['CreditRecordInput'];
export type CreditRecordBatch = Schemas['CreditRecordBatch'];
export type CreditListEntry = Schemas['CreditListEntry'];
export type CreditListEntryInput = Schemas['CreditListEntryInput'];
export type CreditCase = Schemas['CreditCase'];
export type CreditCaseInput = Schemas['CreditCaseInput'];
export type CreditCaseDecision = Schemas['CreditCaseDecision'];
export type CreditProfile = Schemas['CreditProfile'];
export type CreditScore = Schemas['CreditScore'];
export type PenaltyKind = Schemas['CreditPenaltyKind'];
export type SubjectCategory = Schemas['CreditSubjectCategory'];
export type Publicity = Schemas['CreditPublicity'];
export type PublicCreditProfile = Schemas['PublicCreditProfile'];
export type PublicCreditRecord = Schemas['PublicCreditRecord'];
export type PublicCreditSubject = Schemas['PublicCreditSubject'];
export type CreditRecordQuery = Omit<QueryOf<'/api/credit/records'>, 'limit' | 'after'>;
export type CreditListQuery = Omit<QueryOf<'/api/credit/lists'>, 'limit' | 'after'>;
export type CreditCaseQuery = Omit<QueryOf<'/api/credit/cases'>, 'limit' | 'after'>;

/** Keyset pages: the shared cursor hook says `before` (older entries), the API `after` (past this seq). */
export const listCreditRecords = (
  { before, ...query }: QueryOf<'/api/credit/records'> & { before?: string },
  signal?: AbortSignal,
) =>
  call(
    api.GET('/api/credit/records', {
      params: { query: { ...query, ...(before ? { after: before } : {}) } },
      signal,
    }),
    signal,
  );

export const submitCreditRecords = (body: CreditRecordBatch) =>
  call(api.POST('/api/credit/records', { body }));

export const getCreditRecord = (id: string, signal?: AbortSignal) =>
  call(api.GET('/api/credit/records/{id}', { params: { path: { id } }, signal }), signal);

export const listCreditListEntries = (
  { before, ...query }: QueryOf<'/api/credit/lists'> & { before?: string },
  signal?: AbortSignal,
) =>
  call(
    api.GET('/api/credit/lists', {
      params: { query: { ...query, ...(before ? { after: before } : {}) } },
      signal,
    }),
    signal,
  );

export const addCreditListEntry = (body: CreditListEntryInput) =>
  call(api.POST('/api/credit/lists', { body }));

export const removeCreditListEntry = (id: string, reason: string) =>
  call(api.POST('/api/credit/lists/{id}/remove', { params: { path: { id } }, body: { reason } }));

export const getCreditProfile = (code: string, signal?: AbortSignal) =>
  call(api.GET('/api/credit/profiles/{code}', { params: { path: { code } }, signal }), signal);

export const listCreditCases = (
  { before, ...query }: QueryOf<'/api/credit/cases'> & { before?: string },
  signal?: AbortSignal,
) =>
  call(
    api.GET('/api/credit/cases', {
      params: { query: { ...query, ...(before ? { after: before } : {}) } },
      signal,
    }),
    signal,
  );

export const decideCreditCase = (id: string, body: CreditCaseDecision) =>
  call(api.POST('/api/credit/cases/{id}/decision', { params: { path: { id } }, body }));

export const getMyCredit = (signal?: AbortSignal) => call(api.GET('/api/credit/me', { signal }), signal);

export const fileCreditCase = (body: CreditCaseInput) => call(api.POST('/api/credit/me/cases', { body }));

/** Public: no sign-in needed. */
export const searchCreditPublic = (q: string, signal?: AbortSignal) =>
  call(api.GET('/api/public/credit/search', { params: { query: { q } }, signal }), signal);

export const getCreditPublicProfile = (code: string, signal?: AbortSignal) =>
  call(api.GET('/api/public/credit/subjects/{code}', { params: { path: { code } }, signal }), signal);
