import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, guard, principalOf } from '../../core/guard.ts';
import { IdParams, Page } from '../../core/schema.ts';
import { canSeeGrant } from '../identity/index.ts';
import type { ListFilter } from './repo.ts';
import { consumerOf, hidden, ownDepartments } from './route-support.ts';
import { Grant, GrantQuery, RevokeBody, SelfServiceInput } from './schema.ts';

const TAGS = ['sharing'];

/** Grants (授权): lists, one grant, revocation, and 无条件共享's self-service. */
export const grantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sharing } = app.services;

  /** A grant the caller may see (either side, the provider's stewards, city-wide readers); others get 404. */
  async function visibleGrant(req: FastifyRequest, id: string) {
    const row = await sharing.grants.row(id);
    if (!canSeeGrant(principalOf(req), row))
      await hidden(
        req,
        { type: 'sharing_grant', id, departmentId: row.consumer_department_id },
        'SHARING_GRANT_NOT_FOUND',
      );
    return row;
  }

  app.post(
    '/sharing/self-service',
    {
      schema: {
        operationId: 'selfServiceSharingGrant',
        tags: TAGS,
        summary: '无条件共享: confirm the purpose and hold a grant at once',
        body: SelfServiceInput,
        response: { 201: Grant },
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
      return sharing.grants.selfService(actorOf(req), consumer, req.body);
    },
  );

  app.get(
    '/sharing/grants',
    {
      schema: {
        operationId: 'listSharingGrants',
        tags: TAGS,
        summary:
          'Grants: mine (held by my departments), given (on my departments’ resources), all (operator, auditor)',
        querystring: GrantQuery,
        response: { 200: Page(Grant) },
      },
    },
    async (req) => {
      const principal = await guard(req, 'sharing.read');
      const box = req.query.box ?? 'mine';
      let f: ListFilter;
      if (box === 'mine') f = { consumerIds: ownDepartments(principal, 'sharing.request') };
      else if (box === 'given') f = { providerIds: ownDepartments(principal, 'sharing.usage') };
      else {
        await guard(req, 'audit.read');
        f = {};
      }
      return sharing.grants.list(
        { ...f, resourceId: req.query.resourceId },
        req.query.limit ?? 50,
        req.query.offset ?? 0,
        req.query.state,
      );
    },
  );

  app.get(
    '/sharing/grants/:id',
    {
      schema: {
        operationId: 'getSharingGrant',
        tags: TAGS,
        summary: 'One grant',
        params: IdParams,
        response: { 200: Grant },
      },
    },
    async (req) => {
      await guard(req, 'sharing.read');
      await visibleGrant(req, req.params.id);
      return sharing.grants.get(req.params.id);
    },
  );

  app.post(
    '/sharing/grants/:id/revoke',
    {
      schema: {
        operationId: 'revokeSharingGrant',
        tags: TAGS,
        summary: 'Revoke a grant: the next call under it is refused (SHARING_GRANT_REVOKED)',
        params: IdParams,
        body: RevokeBody,
        response: { 200: Grant },
      },
    },
    async (req) => {
      const row = await visibleGrant(req, req.params.id);
      await guard(req, 'sharing.revoke', {
        departmentId: row.provider_department_id,
        objectType: 'sharing_grant',
        objectId: row.id,
      });
      return sharing.grants.revoke(actorOf(req), row.id, req.body.reason);
    },
  );
};
