/** The registry's staff API (JSON, under /api/economy): indicators, series, revisions, sync status, sync now. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, guard } from '../../core/guard.ts';
import {
  IndicatorList,
  IndicatorParams,
  RevisionList,
  RevisionQuery,
  Series,
  SeriesQuery,
  SourceInput,
  SyncResult,
  SyncStatus,
} from './schema.ts';

const TAGS = ['economy'];

export const economyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { economy } = app.services;

  app.get(
    '/economy/indicators',
    {
      schema: {
        operationId: 'listEconomyIndicators',
        tags: TAGS,
        summary: 'Indicators of the macro-economy registry, with their frequencies, regions and periods held',
        response: { 200: IndicatorList },
      },
    },
    async (req) => {
      await guard(req, 'economy.read');
      return { items: await economy.reads.indicators() };
    },
  );

  app.get(
    '/economy/indicators/:code/series',
    {
      schema: {
        operationId: 'getEconomySeries',
        tags: TAGS,
        summary: 'One indicator at one frequency (its first by default): a series per region',
        params: IndicatorParams,
        querystring: SeriesQuery,
        response: { 200: Series },
      },
    },
    async (req) => {
      await guard(req, 'economy.read');
      return economy.reads.series(req.params.code, req.query.freq);
    },
  );

  app.get(
    '/economy/indicators/:code/revisions',
    {
      schema: {
        operationId: 'listEconomyRevisions',
        tags: TAGS,
        summary: 'Every value one observation has had: the first, each correction, a deletion',
        params: IndicatorParams,
        querystring: RevisionQuery,
        response: { 200: RevisionList },
      },
    },
    async (req) => {
      await guard(req, 'economy.read');
      return { items: await economy.reads.revisions({ indicator: req.params.code, ...req.query }) };
    },
  );

  app.get(
    '/economy/sync',
    {
      schema: {
        operationId: 'getEconomySyncStatus',
        tags: TAGS,
        summary:
          'Sync status per source: applied and acknowledged seq, lag, last sync; counts and SDMX reads',
        response: { 200: SyncStatus },
      },
    },
    async (req) => {
      await guard(req, 'economy.read');
      return economy.reads.status();
    },
  );

  app.post(
    '/economy/sync',
    {
      schema: {
        operationId: 'syncEconomyRegistry',
        tags: TAGS,
        summary:
          "Sync now: read the sources' change logs past the applied seq (the registry's steward, the operator)",
        response: { 200: SyncResult },
      },
    },
    async (req) => {
      // The registry belongs to the department that subscribes for it; its steward (or the operator) may run it.
      const [departmentId = null] = await economy.departments();
      await guard(req, 'economy.sync', { departmentId, objectType: 'economy_registry' });
      return { sources: await economy.syncNow(actorOf(req)) };
    },
  );

  app.post(
    '/economy/sources',
    {
      schema: {
        operationId: 'attachEconomySource',
        tags: TAGS,
        summary: 'Make a resource of indicator observations a source: the department subscribes to it (pull)',
        body: SourceInput,
        response: { 201: SyncStatus },
      },
    },
    async (req, reply) => {
      await guard(req, 'economy.sync', {
        departmentId: req.body.departmentId,
        objectType: 'economy_registry',
      });
      await economy.attach(actorOf(req), req.body);
      reply.code(201);
      return economy.reads.status();
    },
  );
};
