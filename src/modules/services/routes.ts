import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../core/errors.ts';
import { actorOf, guard, principalOf } from '../../core/guard.ts';
import { scopeOf } from '../identity/index.ts';
import type { Keeps } from './reads.ts';
import type { ItemRow } from './repo.ts';
import {
  ItemIdParams,
  ItemVersion,
  ManageItemQuery,
  PublicItemQuery,
  ServiceItem,
  ServiceItemInput,
  ServiceItemPage,
  ServiceVocabulary,
} from './schema.ts';

const TAGS = ['services'];

/** The departments whose unpublished items the caller keeps: null for all, none when not signed in. */
function keepsOf(req: FastifyRequest): Keeps {
  if (!req.auth?.ok) return [];
  const scope = scopeOf(req.auth.principal, 'service.item.read');
  return scope.kind === 'all' ? null : scope.kind === 'departments' ? scope.ids : [];
}

/**
 * 政务服务事项目录 under /api/services: the public search, item page and history (no sign-in), and the
 * departments' editing under /api/services/manage. Routes authorize and call `ServicesService`.
 */
export const serviceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { serviceItems: svc, audit } = app.services;

  /** The item, when the caller may see it at all; otherwise a 404 and, for a signed-in caller, a denied entry. */
  async function seen(
    req: FastifyRequest,
    id: string,
    action: 'service.item.read' | 'service.item.edit' | 'service.item.publish',
  ) {
    const row = await svc.reads.row(id);
    if (svc.reads.visible(row, keepsOf(req))) return row;
    req.refusalAudited = true;
    await audit.record(actorOf(req), {
      action,
      objectType: 'service_item',
      objectId: row.id,
      departmentId: row.department_id,
      outcome: 'denied',
    });
    throw new AppError('SERVICE_ITEM_NOT_FOUND', { id });
  }

  const target = (row: ItemRow) => ({
    departmentId: row.department_id,
    objectType: 'service_item',
    objectId: row.id,
  });

  // ---- public ------------------------------------------------------------------------------------------

  app.get(
    '/services/vocabulary',
    {
      schema: {
        operationId: 'getServiceVocabulary',
        tags: TAGS,
        summary:
          'The coded lists of a service item: kinds (事项类型), channels, depths, material forms, registries',
        response: { 200: ServiceVocabulary },
      },
    },
    async () => svc.reads.vocabulary(),
  );

  app.get(
    '/services/items',
    {
      schema: {
        operationId: 'searchServiceItems',
        tags: TAGS,
        summary:
          'Search the published service items (no sign-in): by name or code (Chinese segmented), department, kind; each with its materials and their source',
        querystring: PublicItemQuery,
        response: { 200: ServiceItemPage },
      },
    },
    async (req) => svc.reads.search(req.query),
  );

  app.get(
    '/services/items/:id',
    {
      schema: {
        operationId: 'getServiceItem',
        tags: TAGS,
        summary:
          'One published service item (办事指南), with its materials and where each comes from (no sign-in)',
        params: ItemIdParams,
        response: { 200: ServiceItem },
      },
    },
    async (req) => svc.reads.published(req.params.id),
  );

  app.get(
    '/services/items/:id/versions',
    {
      schema: {
        operationId: 'listServiceItemVersions',
        tags: TAGS,
        summary:
          'An item’s versions, newest first, with what changed: the published history for anyone, drafts too for its department',
        params: ItemIdParams,
        response: { 200: Type.Array(ItemVersion) },
      },
    },
    async (req) => {
      const row = await svc.reads.row(req.params.id);
      return svc.reads.versions(row, keepsOf(req));
    },
  );

  // ---- the departments' catalogue -------------------------------------------------------------------------

  app.get(
    '/services/manage/items',
    {
      schema: {
        operationId: 'listManagedServiceItems',
        tags: TAGS,
        summary:
          'The catalogue as its keepers see it: published items, and every item of the caller’s departments in its working version',
        querystring: ManageItemQuery,
        response: { 200: ServiceItemPage },
      },
    },
    async (req) => {
      await guard(req, 'service.item.read');
      return svc.reads.manage(req.query, keepsOf(req));
    },
  );

  app.get(
    '/services/manage/items/:id',
    {
      schema: {
        operationId: 'getManagedServiceItem',
        tags: TAGS,
        summary: 'One item in its working version (the draft, for its department)',
        params: ItemIdParams,
        response: { 200: ServiceItem },
      },
    },
    async (req) => {
      await guard(req, 'service.item.read');
      const row = await seen(req, req.params.id, 'service.item.read');
      return svc.reads.working(row, keepsOf(req));
    },
  );

  app.post(
    '/services/manage/items',
    {
      schema: {
        operationId: 'createServiceItem',
        tags: TAGS,
        summary: 'Create a service item as a draft (the department’s steward or the operator)',
        body: ServiceItemInput,
        response: { 201: ServiceItem },
      },
    },
    async (req, reply) => {
      await guard(req, 'service.item.edit', {
        departmentId: req.body.departmentId,
        objectType: 'service_item',
      });
      const id = await svc.catalogue.create(actorOf(req), req.body);
      reply.status(201);
      return svc.reads.working(await svc.reads.row(id), null);
    },
  );

  app.put(
    '/services/manage/items/:id',
    {
      schema: {
        operationId: 'updateServiceItem',
        tags: TAGS,
        summary:
          'Edit a draft, or open the next version of a published item as a draft (the published one stays in force)',
        params: ItemIdParams,
        body: ServiceItemInput,
        response: { 200: ServiceItem },
      },
    },
    async (req) => {
      principalOf(req);
      const row = await seen(req, req.params.id, 'service.item.edit');
      await guard(req, 'service.item.edit', target(row));
      // Moving an item to another department needs the right to edit there too.
      if (req.body.departmentId !== row.department_id)
        await guard(req, 'service.item.edit', { ...target(row), departmentId: req.body.departmentId });
      await svc.catalogue.update(actorOf(req), row.id, req.body);
      return svc.reads.working(await svc.reads.row(row.id), null);
    },
  );

  app.post(
    '/services/manage/items/:id/publish',
    {
      schema: {
        operationId: 'publishServiceItem',
        tags: TAGS,
        summary: 'Publish the item’s draft: a new published version; the previous one is kept as superseded',
        params: ItemIdParams,
        response: { 200: ServiceItem },
      },
    },
    async (req) => {
      principalOf(req);
      const row = await seen(req, req.params.id, 'service.item.publish');
      await guard(req, 'service.item.publish', target(row));
      await svc.catalogue.publish(actorOf(req), row.id);
      return svc.reads.published(row.id);
    },
  );
};
