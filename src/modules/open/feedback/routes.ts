import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, guard } from '../../../core/guard.ts';
import { IdParams } from '../../../core/schema.ts';
import { DatasetParams } from '../schema.ts';
import {
  FeedbackDatasetParams,
  FeedbackParams,
  OpenDatasetFeedback,
  OpenDepartmentList,
  OpenFlagResult,
  OpenRatingInput,
  OpenRatingResult,
  OpenReport,
  OpenReportInput,
  OpenRequest,
  OpenRequestInput,
  OpenRequestList,
  OpenRequestQuery,
  OpenShowcase,
  OpenShowcaseInput,
  OpenShowcaseList,
  OpenShowcaseQuery,
  OpenVote,
} from './schema.ts';
import { feedbackStaffRoutes } from './staff-routes.ts';

const TAGS = ['open data feedback'];

/**
 * The portal's feedback. Reading is public (`/open/api/…`, no sign-in); submitting takes a signed-in public account
 * (`/api/open/…`, where the session is read): a new submission answers 201, the same one sent again 200 with the
 * first. The staff's inbox and moderation are in staff-routes.ts.
 */
export const feedbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { openFeedback: feedback } = app.services;

  app.get(
    '/open/api/requests',
    {
      schema: {
        operationId: 'listOpenRequests',
        tags: TAGS,
        summary:
          '数据需求: the shown data requests with their answers and +1 counts, filtered, with counts per status',
        querystring: OpenRequestQuery,
        response: { 200: OpenRequestList },
      },
    },
    async (req) => feedback.requests.list(req.query),
  );

  app.get(
    '/open/api/requests/:id',
    {
      schema: {
        operationId: 'getOpenRequest',
        tags: TAGS,
        summary: 'One data request with the department’s answer',
        params: IdParams,
        response: { 200: OpenRequest },
      },
    },
    async (req) => feedback.requests.get(req.params.id),
  );

  app.get(
    '/open/api/departments',
    {
      schema: {
        operationId: 'listOpenDepartments',
        tags: TAGS,
        summary: 'The city’s departments, for naming the one a data request is for',
        response: { 200: OpenDepartmentList },
      },
    },
    async () => feedback.departments(),
  );

  app.get(
    '/open/api/datasets/:name/feedback',
    {
      schema: {
        operationId: 'getOpenDatasetFeedback',
        tags: TAGS,
        summary:
          'A dataset’s rating, latest comments, error reports (纠错) with their replies, and showcases using it',
        params: DatasetParams,
        response: { 200: OpenDatasetFeedback },
      },
    },
    async (req) => feedback.ofDataset(req.params.name),
  );

  app.get(
    '/open/api/showcases',
    {
      schema: {
        operationId: 'listOpenShowcases',
        tags: TAGS,
        summary: '应用展示: the approved showcases, newest first; those using one dataset with `dataset`',
        querystring: OpenShowcaseQuery,
        response: { 200: OpenShowcaseList },
      },
    },
    async (req) => feedback.showcases.published(req.query),
  );

  app.post(
    '/api/open/requests',
    {
      schema: {
        operationId: 'submitOpenRequest',
        tags: TAGS,
        summary: 'Ask for a dataset not yet open (数据需求); the department when known',
        body: OpenRequestInput,
        response: { 200: OpenRequest, 201: OpenRequest },
      },
    },
    async (req, reply) => {
      const who = await feedback.submitter(await guard(req, 'open.feedback'));
      const r = await feedback.requests.submit(actorOf(req), who, req.body);
      return reply.status(r.created ? 201 : 200).send(r.request);
    },
  );

  app.put(
    '/api/open/requests/:id/vote',
    {
      schema: {
        operationId: 'voteOpenRequest',
        tags: TAGS,
        summary: '+1 a data request: one per account, however often sent',
        params: IdParams,
        response: { 200: OpenVote },
      },
    },
    async (req) => {
      const who = await feedback.submitter(await guard(req, 'open.feedback'));
      return feedback.requests.vote(actorOf(req), who, req.params.id);
    },
  );

  app.post(
    '/api/open/datasets/:name/reports',
    {
      schema: {
        operationId: 'submitOpenReport',
        tags: TAGS,
        summary: 'Report an error in a dataset (纠错): what is wrong, a record’s key or an item when known',
        params: FeedbackDatasetParams,
        body: OpenReportInput,
        response: { 200: OpenReport, 201: OpenReport },
      },
    },
    async (req, reply) => {
      const who = await feedback.submitter(await guard(req, 'open.feedback'));
      const r = await feedback.reports.submit(actorOf(req), who, req.params.name, req.body);
      return reply.status(r.created ? 201 : 200).send(r.report);
    },
  );

  app.put(
    '/api/open/datasets/:name/rating',
    {
      schema: {
        operationId: 'rateOpenDataset',
        tags: TAGS,
        summary:
          'Rate a dataset 1–5 stars with an optional comment; the account’s earlier rating is replaced',
        params: FeedbackDatasetParams,
        body: OpenRatingInput,
        response: { 200: OpenRatingResult },
      },
    },
    async (req) => {
      const who = await feedback.submitter(await guard(req, 'open.feedback'));
      return feedback.ratings.rate(actorOf(req), who, req.params.name, req.body);
    },
  );

  app.post(
    '/api/open/showcases',
    {
      schema: {
        operationId: 'submitOpenShowcase',
        tags: TAGS,
        summary: 'Submit a showcase (应用展示) using open datasets; public once the operator approves it',
        body: OpenShowcaseInput,
        response: { 200: OpenShowcase, 201: OpenShowcase },
      },
    },
    async (req, reply) => {
      const who = await feedback.submitter(await guard(req, 'open.feedback'));
      const r = await feedback.showcases.submit(actorOf(req), who, req.body);
      return reply.status(r.created ? 201 : 200).send(r.showcase);
    },
  );

  app.put(
    '/api/open/feedback/:kind/:id/flag',
    {
      schema: {
        operationId: 'flagOpenFeedback',
        tags: TAGS,
        summary:
          '举报: flag a shown request, report, rating or showcase for the operator (one flag per account)',
        params: FeedbackParams,
        response: { 200: OpenFlagResult },
      },
    },
    async (req) => {
      const who = await feedback.submitter(await guard(req, 'open.feedback'));
      return feedback.moderation.flag(actorOf(req), who, req.params.kind, req.params.id);
    },
  );

  await app.register(feedbackStaffRoutes);
};
