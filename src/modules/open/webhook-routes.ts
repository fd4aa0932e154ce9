import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard, principalOf } from '../../core/guard.ts';
import { IdParams } from '../../core/schema.ts';
import { CreatedWebhook, OpenWebhookList, WebhookBody } from './webhook-schema.ts';

const TAGS = ['open data developers'];

/**
 * A signed-in developer's change webhooks (数据变更回调): each new version of a dataset POSTed, signed, to a URL of
 * theirs. Under `/api`, so the session and CSRF rules of the console apply.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { openWebhooks } = app.services;

  app.get(
    '/api/open/developer/webhooks',
    {
      schema: {
        operationId: 'listDeveloperWebhooks',
        tags: TAGS,
        summary: 'My change webhooks, with their delivery state',
        response: { 200: OpenWebhookList },
      },
    },
    async (req) => ({ items: await openWebhooks.list((await guard(req, 'open.developer')).id) }),
  );

  app.post(
    '/api/open/developer/webhooks',
    {
      schema: {
        operationId: 'createDeveloperWebhook',
        tags: TAGS,
        summary:
          'Follow a dataset: each new version is POSTed, signed (X-Tongban-Signature), to the URL; 201 with the signing secret, or 200 with the webhook already registered for this dataset and URL',
        body: WebhookBody,
        response: { 200: CreatedWebhook, 201: CreatedWebhook },
      },
    },
    async (req, reply) => {
      const developer = await guard(req, 'open.developer');
      const { webhook, created } = await openWebhooks.register(actorOf(req), developer.id, req.body);
      return reply.status(created ? 201 : 200).send(webhook);
    },
  );

  app.delete(
    '/api/open/developer/webhooks/:id',
    {
      schema: {
        operationId: 'deleteDeveloperWebhook',
        tags: TAGS,
        summary: 'Stop following: the webhook is deleted and nothing more is sent',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await guard(req, 'open.developer');
      await openWebhooks.remove(actorOf(req), principalOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
