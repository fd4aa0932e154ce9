import { api, call, type QueryOf, type Schemas } from './client';
import type { paths } from './schema.gen';

/**
 * 公共数据开放 feedback: data requests (数据需求), error reports (纠错), ratings and showcases (应用展示) — read by
 * anyone, submitted by a signed-in public account — and the staff's inbox and moderation.
 */
export type OpenRequest = Schemas['OpenRequest'];
export type OpenRequestStatus = Schemas['OpenRequestStatus'];
export type OpenRequestList = Schemas['OpenRequestList'];
export type OpenReport = Schemas['OpenReport'];
export type OpenReportStatus = Schemas['OpenReportStatus'];
export type OpenRating = Schemas['OpenRating'];
export type OpenRatingSummary = Schemas['OpenRatingSummary'];
export type OpenShowcase = Schemas['OpenShowcase'];
export type OpenShowcaseKind = Schemas['OpenShowcaseKind'];
export type OpenDatasetFeedback = Schemas['OpenDatasetFeedback'];
export type OpenModerationItem = Schemas['OpenModerationItem'];
export type OpenFeedbackKind = Schemas['OpenFeedbackKind'];
export type OpenRequestQuery = QueryOf<'/open/api/requests'>;
export type OpenModerationQuery = QueryOf<'/api/open/moderation'>;
export type OpenInboxQuery = QueryOf<'/api/open/inbox'>;

type Body<P extends keyof paths, M extends 'post' | 'put'> =
  NonNullable<paths[P][M]> extends { requestBody?: infer B }
    ? NonNullable<B> extends { content: { 'application/json': infer J } }
      ? J
      : never
    : never;

export type OpenRequestInput = Body<'/api/open/requests', 'post'>;
export type OpenRequestAnswerInput = Body<'/api/open/requests/{id}/answer', 'post'>;
export type OpenReportInput = Body<'/api/open/datasets/{name}/reports', 'post'>;
export type OpenReportAnswerInput = Body<'/api/open/reports/{id}/answer', 'post'>;
export type OpenRatingInput = Body<'/api/open/datasets/{name}/rating', 'put'>;
export type OpenShowcaseInput = Body<'/api/open/showcases', 'post'>;

export const OPEN_REQUEST_STATUSES: readonly OpenRequestStatus[] = [
  'submitted',
  'routed',
  'planned',
  'available',
  'declined',
];
export const OPEN_SHOWCASE_KINDS: readonly OpenShowcaseKind[] = ['app', 'article', 'visualization'];

export const listOpenRequests = (query: OpenRequestQuery, signal?: AbortSignal) =>
  call(api.GET('/open/api/requests', { params: { query }, signal }), signal);

export const getOpenRequest = (id: string, signal?: AbortSignal) =>
  call(api.GET('/open/api/requests/{id}', { params: { path: { id } }, signal }), signal);

export const listOpenDepartments = (signal?: AbortSignal) =>
  call(api.GET('/open/api/departments', { signal }), signal);

export const getOpenDatasetFeedback = (name: string, signal?: AbortSignal) =>
  call(api.GET('/open/api/datasets/{name}/feedback', { params: { path: { name } }, signal }), signal);

export const listOpenShowcases = (query: QueryOf<'/open/api/showcases'>, signal?: AbortSignal) =>
  call(api.GET('/open/api/showcases', { params: { query }, signal }), signal);

export const submitOpenRequest = (body: OpenRequestInput) => call(api.POST('/api/open/requests', { body }));

export const voteOpenRequest = (id: string) =>
  call(api.PUT('/api/open/requests/{id}/vote', { params: { path: { id } } }));

export const submitOpenReport = (name: string, body: OpenReportInput) =>
  call(api.POST('/api/open/datasets/{name}/reports', { params: { path: { name } }, body }));

export const rateOpenDataset = (name: string, body: OpenRatingInput) =>
  call(api.PUT('/api/open/datasets/{name}/rating', { params: { path: { name } }, body }));

export const submitOpenShowcase = (body: OpenShowcaseInput) =>
  call(api.POST('/api/open/showcases', { body }));

export const flagOpenFeedback = (kind: OpenFeedbackKind, id: string) =>
  call(api.PUT('/api/open/feedback/{kind}/{id}/flag', { params: { path: { kind, id } } }));

export const getOpenFeedbackInbox = (query: OpenInboxQuery, signal?: AbortSignal) =>
  call(api.GET('/api/open/inbox', { params: { query }, signal }), signal);

export const answerOpenRequest = (id: string, body: OpenRequestAnswerInput) =>
  call(api.POST('/api/open/requests/{id}/answer', { params: { path: { id } }, body }));

export const answerOpenReport = (id: string, body: OpenReportAnswerInput) =>
  call(api.POST('/api/open/reports/{id}/answer', { params: { path: { id } }, body }));

export const routeOpenRequest = (id: string, departmentId: string) =>
  call(api.POST('/api/open/requests/{id}/route', { params: { path: { id } }, body: { departmentId } }));

export const decideOpenShowcase = (id: string, approve: boolean, reason?: string) =>
  call(
    api.POST('/api/open/showcases/{id}/decision', {
      params: { path: { id } },
      body: { approve, ...(reason ? { reason } : {}) },
    }),
  );

export const getOpenModerationQueue = (query: OpenModerationQuery, signal?: AbortSignal) =>
  call(api.GET('/api/open/moderation', { params: { query }, signal }), signal);

export const setOpenFeedbackHidden = (kind: OpenFeedbackKind, id: string, hide: boolean, reason: string) =>
  hide
    ? call(
        api.POST('/api/open/moderation/{kind}/{id}/hide', {
          params: { path: { kind, id } },
          body: { reason },
        }),
      )
    : call(
        api.POST('/api/open/moderation/{kind}/{id}/restore', {
          params: { path: { kind, id } },
          body: { reason },
        }),
      );
