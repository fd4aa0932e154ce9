import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard, guardScope, principalOf } from '../../core/guard.ts';
import { AppError } from '../../core/errors.ts';
import { IdParams, Offset, Page } from '../../core/schema.ts';
import { exchangeDataDecision, type ExchangeDataAction } from '../identity/index.ts';
import { spoolBody } from './body.ts';
import { detectFormat, readRecords } from './parse.ts';
import {
  Batch,
  BatchDetail,
  ChangesPage,
  ChangesQuery,
  ExchangeResource,
  ExchangeResourceDetail,
  IngestQuery,
  IngestResult,
  QualityQuery,
  QualityReport,
  Quarantined,
  QuarantineFix,
  RecordsPage,
  RecordsQuery,
  ResourceListQuery,
  StatsQuery,
  StatsReport,
  UploadResult,
} from './schema.ts';
import { subscriptionRoutes } from './subscription-routes.ts';
import { ingestUpload } from './upload.ts';

const TAGS = ['exchange'];
const ListPaging = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7e]+$',
      description:
        'Repeat a request safely: the same key and body return the first result and change nothing',
    }),
  ),
});

/**
 * The exchange's console and push API: resources, ingest (push and upload), records, the change log, batches,
 * quarantine and figures; subscriptions are in subscription-routes.ts.
 */
export const exchangeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { exchange } = app.services;

  /** The resource, after checking the caller may do `action` on its department's data (audited refusal). */
  async function resourceFor(req: FastifyRequest, id: string, action: ExchangeDataAction) {
    const resource = await exchange.recordResource(id);
    const d = exchangeDataDecision(principalOf(req), action, {
      objectType: 'catalog_resource',
      objectId: id,
      departmentId: resource.departmentId,
    });
    if (!d.allowed) await guard(req, d.action, d.target);
    return resource;
  }

  app.get(
    '/exchange/resources',
    {
      schema: {
        operationId: 'listExchangeResources',
        tags: TAGS,
        summary:
          'Published record-holding resources within reach, with records held, change-log head and state',
        querystring: ResourceListQuery,
        response: { 200: Page(ExchangeResource) },
      },
    },
    async (req) => exchange.resources(await guardScope(req, 'exchange.read'), req.query),
  );

  app.get(
    '/exchange/resources/:id',
    {
      schema: {
        operationId: 'getExchangeResource',
        tags: TAGS,
        summary: 'One resource’s exchange state and the items its records are validated against',
        params: IdParams,
        response: { 200: ExchangeResourceDetail },
      },
    },
    async (req) => {
      await resourceFor(req, req.params.id, 'exchange.read');
      return exchange.resource(req.params.id);
    },
  );

  // The push API reads its body as a stream: its own sub-context has a pass-through parser for every type.
  await app.register(async (plain) => {
    const push = plain.withTypeProvider<TypeBoxTypeProvider>();
    push.removeAllContentTypeParsers();
    push.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    push.post(
      '/exchange/resources/:id/records',
      {
        schema: {
          operationId: 'pushExchangeRecords',
          tags: TAGS,
          summary:
            'Push records (NDJSON, CSV or a JSON array; gzip allowed), streamed, validated, change-captured',
          description:
            'Body: `application/x-ndjson` (one JSON object per line), `text/csv` (header row of item names; ' +
            '`charset=gbk` for GBK files) or `application/json` (an array of objects). Keys are item names. ' +
            'mode=upsert sends changes only (a row `{"_delete": true, <key items>}` deletes); mode=snapshot sends ' +
            'the full set and deletes every key it does not name. onError=reject (default) refuses the whole ' +
            'batch with every bad row listed (HTTP 422); onError=quarantine stores the valid rows and sets the ' +
            'others aside for the steward. The response counts what changed and gives the change-log seq range.',
          params: IdParams,
          querystring: IngestQuery,
          headers: IdempotencyHeaders,
          response: { 200: IngestResult },
        },
      },
      async (req) => {
        await resourceFor(req, req.params.id, 'exchange.ingest');
        const { format, charset } = detectFormat(req.headers['content-type']);
        const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
        // The body's digest only matters to compare a repeated Idempotency-Key's body: hashed only then.
        const body = await spoolBody(req.raw, exchange.pushLimits, { digest: idempotencyKey !== undefined });
        try {
          return await exchange.ingest(
            actorOf(req),
            req.params.id,
            readRecords(body.source, format, charset),
            {
              source: 'push',
              mode: req.query.mode,
              onError: req.query.onError,
              dryRun: req.query.dryRun,
              idempotencyKey,
              bodyDigest: body.digest,
              bytes: body.bytes,
            },
          );
        } finally {
          body.source.destroy();
          await body.cleanup();
        }
      },
    );
  });

  app.post(
    '/exchange/resources/:id/upload',
    {
      schema: {
        operationId: 'uploadExchangeRecords',
        tags: TAGS,
        summary:
          'Upload an .xlsx or .csv (multipart field "file"), columns matched to items by header; dryRun previews',
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: IngestQuery,
        response: { 200: UploadResult },
      },
    },
    async (req) => {
      await resourceFor(req, req.params.id, 'exchange.ingest');
      const file = await req.file();
      if (!file) throw new AppError('EXCHANGE_FORMAT_UNSUPPORTED', { field: 'file' });
      return ingestUpload(
        exchange,
        actorOf(req),
        req.params.id,
        { filename: file.filename, stream: file.file },
        {
          mode: req.query.mode,
          onError: req.query.onError,
          dryRun: req.query.dryRun,
        },
        app.config.workbookCaps,
      );
    },
  );

  app.get(
    '/exchange/resources/:id/records',
    {
      schema: {
        operationId: 'listExchangeRecords',
        tags: TAGS,
        summary: 'Records held, by key (keyset paging); sensitive items masked',
        params: IdParams,
        querystring: RecordsQuery,
        response: { 200: RecordsPage },
      },
    },
    async (req) => {
      await resourceFor(req, req.params.id, 'exchange.read');
      return exchange.records(req.params.id, req.query.after ?? null, req.query.limit ?? 50);
    },
  );

  app.get(
    '/exchange/resources/:id/changes',
    {
      schema: {
        operationId: 'listExchangeResourceChanges',
        tags: TAGS,
        summary: 'The resource’s change log after a seq (provider view; sensitive items masked)',
        params: IdParams,
        querystring: ChangesQuery,
        response: { 200: ChangesPage },
      },
    },
    async (req) => {
      const resource = await resourceFor(req, req.params.id, 'exchange.read');
      return exchange.changes(resource, req.query.after ?? 0, req.query.limit ?? 500, null);
    },
  );

  app.get(
    '/exchange/resources/:id/batches',
    {
      schema: {
        operationId: 'listExchangeBatches',
        tags: TAGS,
        summary: 'Ingest history of a resource, newest first',
        params: IdParams,
        querystring: ListPaging,
        response: { 200: Page(Batch) },
      },
    },
    async (req) => {
      await resourceFor(req, req.params.id, 'exchange.read');
      return exchange.batches(req.params.id, req.query.limit ?? 50, req.query.offset ?? 0);
    },
  );

  app.get(
    '/exchange/batches/:id',
    {
      schema: {
        operationId: 'getExchangeBatch',
        tags: TAGS,
        summary: 'One batch with its error report',
        params: IdParams,
        response: { 200: BatchDetail },
      },
    },
    async (req) => {
      const { departmentId, ...batch } = await exchange.batch(req.params.id);
      const d = exchangeDataDecision(principalOf(req), 'exchange.read', {
        objectType: 'exchange_batch',
        objectId: req.params.id,
        departmentId,
      });
      if (!d.allowed) await guard(req, d.action, d.target);
      return batch;
    },
  );

  app.get(
    '/exchange/resources/:id/quarantine',
    {
      schema: {
        operationId: 'listQuarantinedRows',
        tags: TAGS,
        summary: 'Rows set aside by onError=quarantine, waiting for the steward',
        params: IdParams,
        querystring: ListPaging,
        response: { 200: Page(Quarantined) },
      },
    },
    async (req) => {
      await resourceFor(req, req.params.id, 'exchange.read');
      return exchange.quarantine(req.params.id, req.query.limit ?? 50, req.query.offset ?? 0);
    },
  );

  app.put(
    '/exchange/quarantine/:id',
    {
      schema: {
        operationId: 'resubmitQuarantinedRow',
        tags: TAGS,
        summary: 'Resubmit a quarantined row with corrected values (validated and applied as an upsert)',
        params: IdParams,
        body: QuarantineFix,
        response: { 200: IngestResult },
      },
    },
    async (req) => {
      await resourceFor(req, await exchange.quarantinedResource(req.params.id), 'exchange.ingest');
      return exchange.resubmit(actorOf(req), req.params.id, req.body.values);
    },
  );

  app.delete(
    '/exchange/quarantine/:id',
    {
      schema: {
        operationId: 'discardQuarantinedRow',
        tags: TAGS,
        summary: 'Discard a quarantined row',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await resourceFor(req, await exchange.quarantinedResource(req.params.id), 'exchange.ingest');
      await exchange.discard(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/exchange/quality',
    {
      schema: {
        operationId: 'getExchangeQuality',
        tags: TAGS,
        summary: 'Data quality: rows received and rejected per resource and rule',
        querystring: QualityQuery,
        response: { 200: QualityReport },
      },
    },
    async (req) =>
      exchange.quality(await guardScope(req, 'exchange.read'), req.query.days ?? 30, req.query.departmentId),
  );

  app.get(
    '/exchange/stats',
    {
      schema: {
        operationId: 'getExchangeStats',
        tags: TAGS,
        summary: 'Exchange figures per department and day, computed from the exchange log',
        querystring: StatsQuery,
        response: { 200: StatsReport },
      },
    },
    async (req) => {
      await guard(req, 'exchange.stats');
      return exchange.stats(req.query);
    },
  );

  await app.register(subscriptionRoutes);
};
