import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard, principalOf } from '../../core/guard.ts';
import { IdParams, Page, Uuid } from '../../core/schema.ts';
import { canSeeRequest, requestDecisionAction } from '../identity/index.ts';
import type { ListFilter } from './repo.ts';
import {
  consumerOf,
  hidden,
  ownDepartments,
  reachOf,
  readUpload,
  refuse,
  sendFile,
} from './route-support.ts';
import { AccessRequest, ApproveBody, Attachment, RejectBody, RequestInput, RequestQuery } from './schema.ts';

const TAGS = ['sharing'];

/** Requests (申请与审批): filing, the provider's and the operator's decisions, withdrawal, attachments. */
export const requestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sharing } = app.services;

  /** A request the caller may see (consumer or provider side, or city-wide readers); others get 404. */
  async function visibleRequest(req: FastifyRequest, id: string) {
    const row = await sharing.requests.row(id);
    if (!canSeeRequest(principalOf(req), row))
      await hidden(
        req,
        { type: 'sharing_request', id, departmentId: row.consumer_department_id },
        'SHARING_REQUEST_NOT_FOUND',
      );
    return row;
  }

  /** A request the caller may decide at its current stage (the provider's steward, then the operator). */
  async function decidable(req: FastifyRequest & { params: { id: string } }) {
    const row = await visibleRequest(req, req.params.id);
    await guard(req, requestDecisionAction(row), {
      departmentId: row.provider_department_id,
      objectType: 'sharing_request',
      objectId: row.id,
    });
    return row;
  }

  /** A request the caller may act on for its consumer department. */
  async function ownRequest(req: FastifyRequest & { params: { id: string } }) {
    const row = await visibleRequest(req, req.params.id);
    await guard(req, 'sharing.request', {
      departmentId: row.consumer_department_id,
      objectType: 'sharing_request',
      objectId: row.id,
    });
    return row;
  }

  app.get(
    '/sharing/requests',
    {
      schema: {
        operationId: 'listSharingRequests',
        tags: TAGS,
        summary:
          'Requests: mine (my departments’), inbox (to my departments as provider; the operator’s includes second reviews), all',
        querystring: RequestQuery,
        response: { 200: Page(AccessRequest) },
      },
    },
    async (req) => {
      const principal = await guard(req, 'sharing.read');
      const box = req.query.box ?? 'mine';
      let f: ListFilter;
      if (box === 'mine') f = { consumerIds: ownDepartments(principal, 'sharing.request') };
      else if (box === 'inbox') {
        const reach = reachOf(principal, 'sharing.approve');
        if (reach && !reach.length) await refuse(req, 'sharing.approve', { reason: 'inbox' });
        f = { providerIds: reach };
      } else {
        await guard(req, 'audit.read');
        f = {};
      }
      return sharing.requests.list(
        { ...f, resourceId: req.query.resourceId },
        req.query,
        req.query.limit ?? 50,
        req.query.offset ?? 0,
      );
    },
  );

  app.post(
    '/sharing/requests',
    {
      schema: {
        operationId: 'createSharingRequest',
        tags: TAGS,
        summary:
          'Request access to a resource (有条件共享 waits for the provider; 无条件共享 is granted at once)',
        body: RequestInput,
        response: { 201: AccessRequest },
      },
    },
    async (req, reply) => {
      const consumer = await consumerOf(req, req.body.consumerDepartmentId);
      await guard(req, 'sharing.request', {
        departmentId: consumer,
        objectType: 'resource',
        objectId: req.body.resourceId,
      });
      reply.code(201);
      return sharing.requests.create(actorOf(req), consumer, req.body);
    },
  );

  app.get(
    '/sharing/requests/:id',
    {
      schema: {
        operationId: 'getSharingRequest',
        tags: TAGS,
        summary: 'One request',
        params: IdParams,
        response: { 200: AccessRequest },
      },
    },
    async (req) => {
      await guard(req, 'sharing.read');
      await visibleRequest(req, req.params.id);
      return sharing.requests.get(req.params.id);
    },
  );

  app.post(
    '/sharing/requests/:id/approve',
    {
      schema: {
        operationId: 'approveSharingRequest',
        tags: TAGS,
        summary:
          'Approve (the provider’s steward; then the operator for a second review), possibly for fewer items or a shorter period',
        params: IdParams,
        body: ApproveBody,
        response: { 200: AccessRequest },
      },
    },
    async (req) => {
      const row = await decidable(req);
      return sharing.requests.approve(actorOf(req), row.id, req.body);
    },
  );

  app.post(
    '/sharing/requests/:id/reject',
    {
      schema: {
        operationId: 'rejectSharingRequest',
        tags: TAGS,
        summary: 'Reject with a reason',
        params: IdParams,
        body: RejectBody,
        response: { 200: AccessRequest },
      },
    },
    async (req) => {
      const row = await decidable(req);
      return sharing.requests.reject(actorOf(req), row.id, req.body.reason);
    },
  );

  app.post(
    '/sharing/requests/:id/withdraw',
    {
      schema: {
        operationId: 'withdrawSharingRequest',
        tags: TAGS,
        summary: 'Withdraw an open request',
        params: IdParams,
        response: { 200: AccessRequest },
      },
    },
    async (req) => {
      const row = await ownRequest(req);
      return sharing.requests.withdraw(actorOf(req), row.id);
    },
  );

  app.post(
    '/sharing/requests/:id/attachments',
    {
      schema: {
        operationId: 'addSharingRequestAttachment',
        tags: TAGS,
        summary:
          'Attach a supporting document to a request (multipart field "file", ≤ 10 MB); its type is recorded from its bytes',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: Attachment },
      },
    },
    async (req, reply) => {
      const row = await ownRequest(req);
      const { part, content } = await readUpload(req);
      reply.code(201);
      return sharing.requests.addAttachment(actorOf(req), row.id, {
        name: part.filename,
        contentType: part.mimetype,
        content,
      });
    },
  );

  app.get(
    '/sharing/requests/:id/attachments/:attachmentId',
    {
      schema: {
        operationId: 'getSharingRequestAttachment',
        tags: TAGS,
        summary:
          'Download an attachment: PDF, PNG, JPEG, GIF and WebP with their type, anything else as application/octet-stream',
        params: Type.Object({ id: Uuid, attachmentId: Uuid }, { additionalProperties: false }),
        response: { 200: Type.Unknown() },
      },
    },
    async (req, reply) => {
      await guard(req, 'sharing.read');
      await visibleRequest(req, req.params.id);
      const a = await sharing.requests.attachment(req.params.id, req.params.attachmentId);
      return sendFile(reply, a.fileName, a.content);
    },
  );
};
