import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard, guardScope } from '../../../core/guard.ts';
import { IdParams } from '../../../core/schema.ts';
import {
  FeedbackParams,
  OpenInbox,
  OpenInboxQuery,
  OpenModerationInput,
  OpenModerationList,
  OpenModerationQuery,
  OpenReport,
  OpenReportAnswer,
  OpenRequest,
  OpenRequestAnswer,
  OpenRequestRoute,
  OpenShowcase,
  OpenShowcaseDecision,
} from './schema.ts';

const TAGS = ['open data feedback'];

const Hidden = Type.Object({ hidden: Type.Boolean() }, { $id: 'OpenHiddenState' });

/**
 * The staff's side of the portal's feedback: a department's inbox and answers (its steward, `open.answer`, only
 * for its own department: another's item is answered as missing and audited), the operator's routing, showcase
 * decisions and moderation (`open.moderate`).
 */
export const feedbackStaffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { openFeedback: feedback } = app.services;

  app.get(
    '/api/open/inbox',
    {
      schema: {
        operationId: 'getOpenFeedbackInbox',
        tags: TAGS,
        summary: 'The department’s data requests or error reports to answer (waiting), answered, or all',
        querystring: OpenInboxQuery,
        response: { 200: OpenInbox },
      },
    },
    async (req) => feedback.inbox(await guardScope(req, 'open.answer'), req.query),
  );

  app.post(
    '/api/open/requests/:id/answer',
    {
      schema: {
        operationId: 'answerOpenRequest',
        tags: TAGS,
        summary:
          'The department’s public answer to a data request: planned (a date), available (a dataset) or declined',
        params: IdParams,
        body: OpenRequestAnswer,
        response: { 200: OpenRequest },
      },
    },
    async (req) => {
      const principal = await guard(req, 'open.answer');
      return feedback.requests.answer(actorOf(req), principal, req.params.id, req.body);
    },
  );

  app.post(
    '/api/open/reports/:id/answer',
    {
      schema: {
        operationId: 'answerOpenReport',
        tags: TAGS,
        summary: 'The providing department’s reply to an error report: resolved or rejected',
        params: IdParams,
        body: OpenReportAnswer,
        response: { 200: OpenReport },
      },
    },
    async (req) => {
      const principal = await guard(req, 'open.answer');
      return feedback.reports.answer(actorOf(req), principal, req.params.id, req.body);
    },
  );

  app.post(
    '/api/open/requests/:id/route',
    {
      schema: {
        operationId: 'routeOpenRequest',
        tags: TAGS,
        summary: 'The operator sends a data request to a department',
        params: IdParams,
        body: OpenRequestRoute,
        response: { 200: OpenRequest },
      },
    },
    async (req) => {
      await guard(req, 'open.moderate', {
        departmentId: null,
        objectType: 'open_request',
        objectId: req.params.id,
      });
      return feedback.requests.route(actorOf(req), req.params.id, req.body.departmentId);
    },
  );

  app.post(
    '/api/open/showcases/:id/decision',
    {
      schema: {
        operationId: 'decideOpenShowcase',
        tags: TAGS,
        summary: 'The operator approves (publishes) or rejects a showcase',
        params: IdParams,
        body: OpenShowcaseDecision,
        response: { 200: OpenShowcase },
      },
    },
    async (req) => {
      await guard(req, 'open.moderate', {
        departmentId: null,
        objectType: 'open_showcase',
        objectId: req.params.id,
      });
      return feedback.showcases.decide(actorOf(req), req.params.id, req.body);
    },
  );

  app.get(
    '/api/open/moderation',
    {
      schema: {
        operationId: 'getOpenModerationQueue',
        tags: TAGS,
        summary:
          'The operator’s queue: pending showcases and unrouted requests, flagged items, hidden items, or all',
        querystring: OpenModerationQuery,
        response: { 200: OpenModerationList },
      },
    },
    async (req) => {
      await guard(req, 'open.moderate');
      return feedback.moderation.queue(req.query);
    },
  );

  for (const hide of [true, false]) {
    app.post(
      `/api/open/moderation/:kind/:id/${hide ? 'hide' : 'restore'}`,
      {
        schema: {
          operationId: hide ? 'hideOpenFeedback' : 'restoreOpenFeedback',
          tags: TAGS,
          summary: hide
            ? 'Hide a request, report, rating or showcase from the public, with a reason'
            : 'Show a hidden item again, with a reason',
          params: FeedbackParams,
          body: OpenModerationInput,
          response: { 200: Hidden },
        },
      },
      async (req) => {
        await guard(req, 'open.moderate', {
          departmentId: null,
          objectType: `open_${req.params.kind}`,
          objectId: req.params.id,
        });
        return feedback.moderation.setHidden(
          actorOf(req),
          req.params.kind,
          req.params.id,
          hide,
          req.body.reason,
        );
      },
    );
  }
};
