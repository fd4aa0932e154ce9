import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard } from '../../core/guard.ts';
import { CONFORMANCE, GEOJSON } from './features.ts';
import {
  CollectionParams,
  Collection,
  Collections,
  Conformance,
  Feature,
  FeatureCollection,
  FeatureParams,
  FormatQuery,
  GeoSummary,
  GeoUsage,
  ItemsQuery,
  LandingPage,
  MAX_BATCH_ROWS,
  StandardizeBatchBody,
  StandardizeBatchResult,
  StandardizeBody,
  StandardizeResult,
} from './schema.ts';

const OGC = ['geo-ogc'];
const TAGS = ['geo'];

/**
 * The spatial base registry: OGC API – Features at /api/geo (anonymous reads of public geographic information,
 * counted per collection rather than audited one by one), and address standardization for staff (audited per call).
 */
export const geoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { geo } = app.services;
  const base = () => `${app.config.publicUrl.replace(/\/+$/, '')}/api/geo`;
  app.addHook('onClose', async () => {
    await geo.usage.flush().catch(() => undefined);
  });

  app.get(
    '/geo',
    {
      schema: {
        operationId: 'getGeoLandingPage',
        tags: OGC,
        summary: 'OGC API – Features landing page of the standard address base',
        querystring: FormatQuery,
        response: { 200: LandingPage },
      },
    },
    async () => {
      geo.usage.count('landing', 0);
      return geo.features.landing(base());
    },
  );

  app.get(
    '/geo/conformance',
    {
      schema: {
        operationId: 'getGeoConformance',
        tags: OGC,
        summary: 'The OGC API – Features conformance classes implemented',
        querystring: FormatQuery,
        response: { 200: Conformance },
      },
    },
    async () => ({ conformsTo: CONFORMANCE }),
  );

  app.get(
    '/geo/collections',
    {
      schema: {
        operationId: 'listGeoCollections',
        tags: OGC,
        summary: 'The feature collections: districts, towns, villages, roads, addresses, buildings',
        querystring: FormatQuery,
        response: { 200: Collections },
      },
    },
    async () => geo.features.collections(base()),
  );

  app.get(
    '/geo/collections/:collectionId',
    {
      schema: {
        operationId: 'getGeoCollection',
        tags: OGC,
        summary: 'One collection: its extent and links',
        params: CollectionParams,
        querystring: FormatQuery,
        response: { 200: Collection },
      },
    },
    async (req) => geo.features.collection(base(), req.params.collectionId),
  );

  app.get(
    '/geo/collections/:collectionId/items',
    {
      schema: {
        operationId: 'listGeoFeatures',
        tags: OGC,
        summary:
          'A page of a collection’s features as GeoJSON, in code order: bbox (CRS84), limit (1 … 1000, default 10), and the next link’s cursor; district/town/village/road filter by code where the collection has them',
        params: CollectionParams,
        querystring: ItemsQuery,
        response: { 200: FeatureCollection },
      },
    },
    async (req, reply) => {
      const page = await geo.features.items(base(), req.params.collectionId, req.query);
      geo.usage.count(req.params.collectionId, page.numberReturned);
      return reply.type(GEOJSON).send(page);
    },
  );

  app.get(
    '/geo/collections/:collectionId/items/:featureId',
    {
      schema: {
        operationId: 'getGeoFeature',
        tags: OGC,
        summary: 'One feature as GeoJSON',
        params: FeatureParams,
        querystring: FormatQuery,
        response: { 200: Feature },
      },
    },
    async (req, reply) => {
      const feature = await geo.features.feature(base(), req.params.collectionId, req.params.featureId);
      geo.usage.count(req.params.collectionId, 1);
      return reply.type(GEOJSON).send(feature);
    },
  );

  app.get(
    '/geo/summary',
    {
      schema: {
        operationId: 'getGeoSummary',
        tags: TAGS,
        summary:
          'How many districts, towns, villages, roads, doorplates and buildings the address base holds',
        response: { 200: GeoSummary },
      },
    },
    async () => geo.summary(),
  );

  app.post(
    '/geo/standardize',
    {
      schema: {
        operationId: 'standardizeAddress',
        tags: TAGS,
        summary:
          'Free-text address → the best standard addresses with a score and which parts matched (Traditional, full-width, Chinese numerals, 号楼/幢/栋, 单元, 室/户 accepted)',
        body: StandardizeBody,
        response: { 200: StandardizeResult },
      },
    },
    async (req) => {
      await guard(req, 'geo.standardize');
      return geo.standardize(actorOf(req), req.body.text, req.body.limit ?? 5);
    },
  );

  app.post(
    '/geo/standardize/batch',
    {
      schema: {
        operationId: 'standardizeAddresses',
        tags: TAGS,
        summary: `Up to ${MAX_BATCH_ROWS} addresses at once; a row without address text refuses the whole batch, naming each such row`,
        body: StandardizeBatchBody,
        response: { 200: StandardizeBatchResult },
      },
    },
    async (req) => {
      await guard(req, 'geo.standardize');
      return geo.standardizeBatch(actorOf(req), req.body.texts, req.body.limit ?? 5);
    },
  );

  app.get(
    '/geo/usage',
    {
      schema: {
        operationId: 'getGeoUsage',
        tags: TAGS,
        summary: 'Reads of the OGC API per day and collection (counted per process, written every minute)',
        querystring: Type.Object(
          { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })) },
          { additionalProperties: false },
        ),
        response: { 200: GeoUsage },
      },
    },
    async (req) => {
      await guard(req, 'geo.usage');
      return { days: await geo.usage.recent(req.query.days ?? 30) };
    },
  );
};
