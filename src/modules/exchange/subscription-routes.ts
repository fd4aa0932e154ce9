import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard, principalOf } from '../../core/guard.ts';
import { IdParams } from '../../core/schema.ts';
import { subscriptionDecision, subscriptionReach, type SubscriptionAct } from '../identity/index.ts';
import {
  AckBody,
  ChangesPage,
  ChangesQuery,
  DeadLetter,
  Delivery,
  Subscription,
  SubscriptionCreated,
  SubscriptionInput,
  SubscriptionPatch,
} from './schema.ts';
import type { SubscriptionRow } from './subscription-repo.ts';

const TAGS = ['exchange'];

/** Subscriptions, pull, acknowledgements, delivery logs and dead letters. */
export const subscriptionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { exchange } = app.services;

  /** The subscriptions the caller may list; refuses (and audits) a caller with no reach at all. */
  async function reachOf(req: FastifyRequest) {
    const reach = subscriptionReach(principalOf(req));
    if (!reach) await guard(req, 'exchange.consume');
    return reach ?? { consumerIds: [], providerIds: [] };
  }

  /** A subscription, after the policy's answer for `act` (a refusal is audited before its 403). */
  async function subscriptionFor(
    req: FastifyRequest,
    id: string,
    act: SubscriptionAct,
  ): Promise<SubscriptionRow> {
    const s = await exchange.subscriptionRow(id);
    const provider = await exchange.recordResource(s.resource_id).catch(() => null);
    const d = subscriptionDecision(principalOf(req), act, {
      id: s.id,
      consumerDepartmentId: s.consumer_department_id,
      providerDepartmentId: provider?.departmentId ?? null,
    });
    if (!d.allowed) await guard(req, d.action, d.target);
    return s;
  }

  app.get(
    '/exchange/subscriptions',
    {
      schema: {
        operationId: 'listSubscriptions',
        tags: TAGS,
        summary: 'Subscriptions the caller’s departments hold, or to their resources',
        querystring: Type.Object(
          { resourceId: Type.Optional(IdParams.properties.id) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Subscription) },
      },
    },
    async (req) => {
      return exchange.subscriptions({ ...(await reachOf(req)), resourceId: req.query.resourceId });
    },
  );

  app.post(
    '/exchange/subscriptions',
    {
      schema: {
        operationId: 'createSubscription',
        tags: TAGS,
        summary: 'Subscribe a consumer department to a resource’s changes (pull or webhook)',
        description:
          '无条件共享 resources are self-service for the consumer’s steward; 有条件共享 ones need a grant in force ' +
          'that includes the subscription mode (deliveries carry only granted items, masked as granted); ' +
          '不予共享 ones cannot be subscribed to. A webhook subscription’s signing secret is returned once.',
        body: SubscriptionInput,
        response: { 201: SubscriptionCreated },
      },
    },
    async (req, reply) => {
      await guard(req, 'exchange.subscribe', {
        departmentId: req.body.consumerDepartmentId,
        objectType: 'exchange_subscription',
      });
      reply.code(201);
      return exchange.subscribe(actorOf(req), req.body);
    },
  );

  app.get(
    '/exchange/subscriptions/:id',
    {
      schema: {
        operationId: 'getSubscription',
        tags: TAGS,
        summary: 'One subscription with its lag',
        params: IdParams,
        response: { 200: Subscription },
      },
    },
    async (req) => {
      await subscriptionFor(req, req.params.id, 'view');
      return exchange.subscription(req.params.id);
    },
  );

  app.patch(
    '/exchange/subscriptions/:id',
    {
      schema: {
        operationId: 'updateSubscription',
        tags: TAGS,
        summary: 'Pause or resume a subscription, or change its webhook',
        params: IdParams,
        body: SubscriptionPatch,
        response: { 200: Subscription },
      },
    },
    async (req) => {
      await subscriptionFor(req, req.params.id, 'manage');
      return exchange.patchSubscription(actorOf(req), req.params.id, req.body);
    },
  );

  app.delete(
    '/exchange/subscriptions/:id',
    {
      schema: {
        operationId: 'deleteSubscription',
        tags: TAGS,
        summary: 'End a subscription',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await subscriptionFor(req, req.params.id, 'manage');
      await exchange.unsubscribe(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/exchange/subscriptions/:id/changes',
    {
      schema: {
        operationId: 'pullSubscriptionChanges',
        tags: TAGS,
        summary: 'Pull: ordered changes after a cursor (default: the acknowledged seq), and the next cursor',
        params: IdParams,
        querystring: ChangesQuery,
        response: { 200: ChangesPage },
      },
    },
    async (req) => {
      await subscriptionFor(req, req.params.id, 'consume');
      return exchange.pull(actorOf(req), req.params.id, req.query.after, req.query.limit ?? 500);
    },
  );

  app.post(
    '/exchange/subscriptions/:id/ack',
    {
      schema: {
        operationId: 'ackSubscription',
        tags: TAGS,
        summary: 'Acknowledge every change up to a cursor (the acknowledged seq never moves back)',
        params: IdParams,
        body: AckBody,
        response: { 200: Subscription },
      },
    },
    async (req) => {
      await subscriptionFor(req, req.params.id, 'consume');
      return exchange.ack(actorOf(req), req.params.id, req.body.cursor);
    },
  );

  app.get(
    '/exchange/subscriptions/:id/deliveries',
    {
      schema: {
        operationId: 'listSubscriptionDeliveries',
        tags: TAGS,
        summary: 'Recent deliveries (webhook posts and pull reads) of a subscription',
        params: IdParams,
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Delivery) },
      },
    },
    async (req) => {
      await subscriptionFor(req, req.params.id, 'view');
      return exchange.deliveries(req.params.id, req.query.limit ?? 50);
    },
  );

  app.get(
    '/exchange/dead-letters',
    {
      schema: {
        operationId: 'listDeadLetters',
        tags: TAGS,
        summary: 'Webhook batches that failed every attempt; their subscriptions wait for a redeliver',
        querystring: Type.Object(
          { open: Type.Optional(Type.Boolean({ default: true })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(DeadLetter) },
      },
    },
    async (req) => {
      const reach = await reachOf(req);
      const visible =
        reach.consumerIds === null ? null : (await exchange.subscriptions(reach)).map((s) => s.id);
      return exchange.deadLetters(visible, req.query.open ?? true);
    },
  );

  app.post(
    '/exchange/dead-letters/:id/redeliver',
    {
      schema: {
        operationId: 'redeliverDeadLetter',
        tags: TAGS,
        summary: 'Redeliver: the subscription resumes from its acknowledged seq',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const s = await exchange.deadLetterSubscription(req.params.id);
      await subscriptionFor(req, s.id, 'manage');
      await exchange.redeliver(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
};
