import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf, guard, guardScope, principalOf } from '../../core/guard.ts';
import { IdParams } from '../../core/schema.ts';
import {
  ApplicationQuery,
  ApplyBody,
  CreatedKey,
  CreateKeyBody,
  DecideBody,
  DeveloperKey,
  DeveloperKeyList,
  DeveloperKeyPage,
  KeyAdminQuery,
  KeyQuotaBody,
  KeyUsage,
  OpenApplication,
  OpenApplicationPage,
  RevokeBody,
} from './developer-schema.ts';

const TAGS = ['open data developers'];

/**
 * The developer console's API (signed in as a `developer`: its own keys, their usage, its 有条件开放 applications),
 * the providing departments' application pages (`open.application.read` / `decide`) and the operator's key quotas.
 * Under `/api`, so sessions and CSRF apply as everywhere in the console.
 */
export const developerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { developers } = app.services.open;

  /** The signed-in developer: its own objects only, whatever ids it sends. */
  const developer = async (req: FastifyRequest) => (await guard(req, 'open.developer')).id;

  app.get(
    '/api/open/developer/keys',
    {
      schema: {
        operationId: 'listDeveloperKeys',
        tags: TAGS,
        summary: 'My API keys for the open API, with today’s calls against each key’s daily quota',
        response: { 200: DeveloperKeyList },
      },
    },
    async (req) => ({ items: await developers.keys.mine(await developer(req)) }),
  );

  app.post(
    '/api/open/developer/keys',
    {
      schema: {
        operationId: 'createDeveloperKey',
        tags: TAGS,
        summary: 'Create an API key; the secret is in this answer only',
        body: CreateKeyBody,
        response: { 201: CreatedKey },
      },
    },
    async (req, reply) => {
      const id = await developer(req);
      return reply.status(201).send(await developers.keys.create(actorOf(req), id, req.body.name));
    },
  );

  app.post(
    '/api/open/developer/keys/:id/revoke',
    {
      schema: {
        operationId: 'revokeDeveloperKey',
        tags: TAGS,
        summary: 'Revoke one of my keys: its next call is refused (revoking again changes nothing)',
        params: IdParams,
        response: { 200: DeveloperKey },
      },
    },
    async (req) => developers.keys.revoke(actorOf(req), await developer(req), req.params.id),
  );

  app.get(
    '/api/open/developer/keys/:id/usage',
    {
      schema: {
        operationId: 'getDeveloperKeyUsage',
        tags: TAGS,
        summary: 'One of my keys’ calls, rows returned and downloads per day over the last 30 days',
        params: IdParams,
        response: { 200: KeyUsage },
      },
    },
    async (req) => developers.keys.usage(await developer(req), req.params.id),
  );

  app.get(
    '/api/open/developer/applications',
    {
      schema: {
        operationId: 'listMyOpenApplications',
        tags: TAGS,
        summary: 'My 有条件开放 applications and their state',
        querystring: ApplicationQuery,
        response: { 200: OpenApplicationPage },
      },
    },
    async (req) =>
      developers.applications.list(
        { developerId: await developer(req), status: req.query.status },
        req.query.limit ?? 50,
        req.query.offset ?? 0,
      ),
  );

  app.post(
    '/api/open/developer/applications',
    {
      schema: {
        operationId: 'applyForOpenDataset',
        tags: TAGS,
        summary:
          'Apply for a 有条件开放 dataset: purpose, the items wanted (never sensitive ones), the last day (at most a year)',
        body: ApplyBody,
        response: { 201: OpenApplication },
      },
    },
    async (req, reply) => {
      const id = await developer(req);
      return reply.status(201).send(await developers.applications.apply(actorOf(req), id, req.body));
    },
  );

  app.get(
    '/api/open/applications',
    {
      schema: {
        operationId: 'listOpenApplications',
        tags: TAGS,
        summary:
          '有条件开放 applications for the datasets of the departments the caller stewards (all for the operator), pending first',
        querystring: ApplicationQuery,
        response: { 200: OpenApplicationPage },
      },
    },
    async (req) => {
      const scope = await guardScope(req, 'open.application.read');
      return developers.applications.list(
        { scope, status: req.query.status },
        req.query.limit ?? 50,
        req.query.offset ?? 0,
      );
    },
  );

  /** Loads an application (401 before 404) and authorizes a decision on it for its department. */
  const decidable = async (req: FastifyRequest, id: string) => {
    principalOf(req);
    const row = await developers.applications.get(id);
    await guard(req, 'open.application.decide', {
      departmentId: row.department_id,
      objectType: 'open_application',
      objectId: row.id,
    });
  };

  app.post(
    '/api/open/applications/:id/decision',
    {
      schema: {
        operationId: 'decideOpenApplication',
        tags: TAGS,
        summary: 'Approve or reject a pending application (a rejection needs a reason)',
        params: IdParams,
        body: DecideBody,
        response: { 200: OpenApplication },
      },
    },
    async (req) => {
      await decidable(req, req.params.id);
      return developers.applications.decide(actorOf(req), req.params.id, req.body);
    },
  );

  app.post(
    '/api/open/applications/:id/revoke',
    {
      schema: {
        operationId: 'revokeOpenApplication',
        tags: TAGS,
        summary: 'Revoke an approval with a reason: the developer’s next keyed call is refused',
        params: IdParams,
        body: RevokeBody,
        response: { 200: OpenApplication },
      },
    },
    async (req) => {
      await decidable(req, req.params.id);
      return developers.applications.revoke(actorOf(req), req.params.id, req.body.reason);
    },
  );

  app.get(
    '/api/open/keys',
    {
      schema: {
        operationId: 'listAllDeveloperKeys',
        tags: TAGS,
        summary: 'Every developer key with its quota and today’s calls (the operator)',
        querystring: KeyAdminQuery,
        response: { 200: DeveloperKeyPage },
      },
    },
    async (req) => {
      await guard(req, 'open.key.admin');
      return developers.keys.all(req.query.limit ?? 50, req.query.offset ?? 0);
    },
  );

  app.put(
    '/api/open/keys/:id/quota',
    {
      schema: {
        operationId: 'setDeveloperKeyQuota',
        tags: TAGS,
        summary: 'Set a developer key’s daily call quota (null: the configured default)',
        params: IdParams,
        body: KeyQuotaBody,
        response: { 200: DeveloperKey },
      },
    },
    async (req) => {
      await guard(req, 'open.key.admin', {
        departmentId: null,
        objectType: 'open_key',
        objectId: req.params.id,
      });
      return developers.keys.setQuota(actorOf(req), req.params.id, req.body.dailyQuota);
    },
  );
};
