import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard } from '../../core/guard.ts';
import { IdParams } from '../../core/schema.ts';
import type { Principal } from '../identity/index.ts';
import type { ListFilter } from './repo.ts';
import { reachOf, refuse } from './route-support.ts';
import { AccessLogPage, AccessLogQuery, UsageQuery, UsageReport } from './schema.ts';

const TAGS = ['sharing'];

/** Usage (使用审计): calls per day and grant, flags, and the data accesses one by one. */
export const usageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sharing } = app.services;

  /** The side filter of a usage view: the caller's departments, or one of them, or (city-wide readers) any. */
  async function usageSide(
    req: FastifyRequest,
    principal: Principal,
    side: 'provider' | 'consumer',
    departmentId: string | undefined,
  ): Promise<ListFilter> {
    const reach = reachOf(principal, 'sharing.usage');
    let ids = reach;
    if (departmentId) {
      if (reach && !reach.includes(departmentId))
        await refuse(req, 'sharing.usage', {
          departmentId,
          objectType: 'department',
          objectId: departmentId,
        });
      ids = [departmentId];
    }
    return side === 'provider' ? { providerIds: ids } : { consumerIds: ids };
  }

  app.get(
    '/sharing/usage',
    {
      schema: {
        operationId: 'getSharingUsage',
        tags: TAGS,
        summary:
          'Calls per day and per grant, and unusual-use flags: provider side (who used my data) or consumer side',
        querystring: UsageQuery,
        response: { 200: UsageReport },
      },
    },
    async (req) => {
      const principal = await guard(req, 'sharing.usage');
      const side = await usageSide(req, principal, req.query.side ?? 'provider', req.query.departmentId);
      return sharing.usage.report(side, req.query);
    },
  );

  app.post(
    '/sharing/usage/flags/:id/acknowledge',
    {
      schema: {
        operationId: 'acknowledgeSharingUsageFlag',
        tags: TAGS,
        summary: 'Mark an unusual-use flag as looked at',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const grant = await sharing.usage.flagGrant(req.params.id);
      await guard(req, 'sharing.revoke', {
        departmentId: grant.provider_department_id,
        objectType: 'sharing_usage_flag',
        objectId: req.params.id,
      });
      await sharing.usage.acknowledgeFlag(actorOf(req), req.params.id);
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/sharing/access-log',
    {
      schema: {
        operationId: 'listSharingAccessLog',
        tags: TAGS,
        summary:
          'Each data access from the data-access log (one row per call; each group is covered by one data.batch audit entry), newest first: who, which system, purpose, items, masking, outcome; `key` finds the accesses to one record (by its digest)',
        querystring: AccessLogQuery,
        response: { 200: AccessLogPage },
      },
    },
    async (req) => {
      const principal = await guard(req, 'sharing.usage');
      const reach = reachOf(principal, 'sharing.usage');
      const side = req.query.side ?? 'provider';
      return sharing.usage.accessLog(
        side === 'provider' ? { providerIds: reach } : { consumerIds: reach },
        req.query,
      );
    },
  );
};
