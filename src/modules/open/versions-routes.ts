import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DatasetParams } from './schema.ts';
import { DiffQuery, OpenDiff, OpenVersions, VersionsQuery } from './versions-schema.ts';

const TAGS = ['open data'];

/**
 * A dataset's history (public, no sign-in): its versions, the diff between two moments and the Atom change feed.
 * The data as of a moment is the query API's, CKAN datastore_search's and the downloads' `asOf` (`as_of`).
 */
export const versionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { open } = app.services;
  const base = app.config.publicUrl.replace(/\/+$/, '');

  app.get(
    '/open/api/datasets/:name/versions',
    {
      schema: {
        operationId: 'listOpenDatasetVersions',
        tags: TAGS,
        summary:
          'An open dataset’s versions, newest first: each batch that changed it, with its inserted, updated and deleted counts and links to its diff and to the data as of it',
        params: DatasetParams,
        querystring: VersionsQuery,
        response: { 200: OpenVersions },
      },
    },
    async (req) => open.versions.list(req.params.name, req.query, base),
  );

  app.get(
    '/open/api/datasets/:name/diff',
    {
      schema: {
        operationId: 'diffOpenDataset',
        tags: TAGS,
        summary:
          'What changed in an open dataset between two moments: records added, changed (the changed items before and after) and removed, paged; sensitive items never appear',
        params: DatasetParams,
        querystring: DiffQuery,
        response: { 200: OpenDiff },
      },
    },
    async (req) => open.versions.diff(req.params.name, req.query),
  );

  app.get(
    '/open/api/datasets/:name/changes.atom',
    {
      schema: {
        operationId: 'openDatasetChangesAtom',
        tags: TAGS,
        summary: 'An open dataset’s change feed (Atom, RFC 4287): one entry per version, newest first',
        produces: ['application/atom+xml'],
        params: DatasetParams,
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: Type.String({ description: 'An Atom feed document' }) },
      },
    },
    async (req, reply) =>
      reply
        .type('application/atom+xml; charset=utf-8')
        .header('x-content-type-options', 'nosniff')
        .send(await open.versions.feed(req.params.name, base)),
  );
};
