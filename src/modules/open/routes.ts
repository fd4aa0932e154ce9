import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, langFrom } from '../../core/errors.ts';
import { registerOpenAccess } from './access.ts';
import { CKAN_ERRORS, CkanError } from './ckan.ts';
import { developerRoutes } from './developer-routes.ts';
import { downloadRoutes } from './download-routes.ts';
import { qualityRoutes } from './quality-routes.ts';
import { feedbackRoutes } from './feedback/routes.ts';
import { versionRoutes } from './versions-routes.ts';
import { webhookRoutes } from './webhook-routes.ts';
import { QueryError } from './query/index.ts';
import {
  CkanBodyArgs,
  CkanEnvelope,
  CkanParams,
  CkanQueryArgs,
  DatasetParams,
  OpenFigures,
  OpenQuery,
  OpenDatasetDetail,
  OpenDatasetSearch,
  OpenQueryResult,
  OpenSearchQuery,
} from './schema.ts';

const TAGS = ['open data'];

/**
 * The open data portal's public API (no sign-in): CKAN's Action API at `/open/api/3/action/{name}` and
 * `/open/api/action/{name}` (GET with query parameters, POST with a JSON body), the query API and the figures.
 */
export const openRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { open } = app.services;
  // Who calls (a developer's key or an address) and the daily quota, before any metered route runs (access.ts).
  registerOpenAccess(app, open.developers.access);
  const base = app.config.publicUrl.replace(/\/+$/, '');
  const help = (action: string) => `${base}/open/api/3/action/help_show?name=${action}`;

  // Every failure of an action answers in CKAN's shape, whatever threw (a bad parameter, our own validation).
  const ckanError = (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const action = (req.params as { action?: string }).action ?? '';
    if (err instanceof CkanError)
      return reply.status(CKAN_ERRORS[err.type]).send({
        help: help(action),
        success: false,
        error: { __type: err.type, message: err.message, ...(err.fields ?? {}) },
      });
    const status = (err as AppError).status ?? (err as FastifyError).statusCode ?? 500;
    if (status >= 500) req.log.error({ err }, 'CKAN action failed');
    const type =
      status === 404
        ? 'Not Found Error'
        : status === 403
          ? 'Authorization Error'
          : status < 500
            ? 'Validation Error'
            : 'Internal Server Error';
    return reply.status(status === 400 ? 409 : status).send({
      help: help(action),
      success: false,
      error: {
        __type: type,
        message:
          err instanceof AppError
            ? err.localized(langFrom(req.headers['accept-language']))
            : status >= 500
              ? 'Internal Server Error'
              : err.message,
      },
    });
  };

  const run = async (req: FastifyRequest, action: string, args: Record<string, unknown>) => {
    const result = await open
      .ckan(base)
      .run(action, args, open.developers.access.gate(req, 'datastore_search'));
    if (action === 'datastore_search') {
      open.developers.access.countRows(req, (result as { records?: unknown[] }).records?.length ?? 0);
      const id = String(args.resource_id ?? args.id ?? '');
      const ds = await open.datasets.byResourceId(id);
      if (ds) open.usage.count(ds.resource.id, 'api');
    }
    return { help: help(action), success: true, result };
  };

  for (const prefix of ['/open/api/3/action', '/open/api/action']) {
    const version = prefix.includes('/3/') ? '' : 'Unversioned';
    app.get(
      `${prefix}/:action`,
      {
        errorHandler: ckanError,
        schema: {
          operationId: `ckanAction${version}Get`,
          tags: TAGS,
          summary:
            'CKAN Action API: package_search, package_show, datastore_search … (parameters in the query)',
          params: CkanParams,
          querystring: CkanQueryArgs,
          response: { 200: CkanEnvelope, '4xx': CkanEnvelope, '5xx': CkanEnvelope },
        },
      },
      async (req) => run(req, req.params.action, req.query as Record<string, unknown>),
    );
    app.post(
      `${prefix}/:action`,
      {
        errorHandler: ckanError,
        schema: {
          operationId: `ckanAction${version}Post`,
          tags: TAGS,
          summary: 'CKAN Action API with a JSON body (what ckanapi sends)',
          params: CkanParams,
          body: CkanBodyArgs,
          response: { 200: CkanEnvelope, '4xx': CkanEnvelope, '5xx': CkanEnvelope },
        },
      },
      async (req) =>
        run(req, req.params.action, {
          ...(req.query as Record<string, unknown>),
          ...(req.body as Record<string, unknown>),
        }),
    );
  }

  app.get(
    '/open/api/datasets/:name/query',
    {
      schema: {
        operationId: 'queryOpenDataset',
        tags: TAGS,
        summary:
          'Query an open dataset: $select (with count/sum/avg/min/max), $where, $group, $having, $order, $limit, $offset, $q; a wrong query is a 400 naming the parameter and the position',
        params: DatasetParams,
        querystring: OpenQuery,
        response: { 200: OpenQueryResult },
      },
    },
    async (req) => {
      const ds = await open.datasets.byName(req.params.name);
      if (!ds) throw new AppError('OPEN_DATASET_NOT_FOUND', { name: req.params.name });
      const view = await open.developers.access.view(req, ds, 'query');
      try {
        const asOf = req.query.asOf === undefined ? undefined : open.versions.moment(req.query.asOf);
        const result = await open.records.query(view, req.query, undefined, asOf);
        open.usage.count(ds.resource.id, 'api');
        open.developers.access.countRows(req, result.rows.length);
        return result;
      } catch (err) {
        if (err instanceof QueryError)
          throw new AppError(err.code, err.details, err.localized(langFrom(req.headers['accept-language'])));
        throw err;
      }
    },
  );

  app.get(
    '/open/api/datasets',
    {
      schema: {
        operationId: 'searchOpenDatasets',
        tags: TAGS,
        summary:
          'Search the open datasets, with facets (department, theme, open type, update cycle) counted over the other filters',
        querystring: OpenSearchQuery,
        response: { 200: OpenDatasetSearch },
      },
    },
    async (req) => open.portal.search(req.query),
  );

  app.get(
    '/open/api/datasets/:name',
    {
      schema: {
        operationId: 'getOpenDataset',
        tags: TAGS,
        summary:
          'An open dataset: metadata, the data dictionary, its record count, download and API addresses',
        params: DatasetParams,
        response: { 200: OpenDatasetDetail },
      },
    },
    async (req) => open.portal.detail(req.params.name, base),
  );

  app.get(
    '/open/api/figures',
    {
      schema: {
        operationId: 'getOpenFigures',
        tags: TAGS,
        summary: 'Live figures of the open data portal: departments, datasets, records, downloads, API calls',
        response: { 200: OpenFigures },
      },
    },
    async () => open.figures(),
  );

  await app.register(downloadRoutes);
  await app.register(qualityRoutes);
  await app.register(feedbackRoutes);
  await app.register(developerRoutes);
  await app.register(versionRoutes);
  await app.register(webhookRoutes);
};
