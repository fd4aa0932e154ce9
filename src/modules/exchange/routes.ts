import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline as pipelineStreams, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard, guardScope, principalOf } from '../../server/guard.ts';
import { AppError } from '../../server/errors.ts';
import { IdParams, Page } from '../../server/schema.ts';
import { can, scopeOf, type Scope } from '../identity/policy.ts';
import { detectFormat, readRecords } from './parse.ts';
import {
  AckBody,
  Batch,
  BatchDetail,
  ChangesPage,
  ChangesQuery,
  DeadLetter,
  Delivery,
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
  Subscription,
  SubscriptionCreated,
  SubscriptionInput,
  SubscriptionPatch,
  UploadResult,
} from './schema.ts';
import type { SubscriptionRow } from './repo.ts';
import { ingestUpload } from './upload.ts';

const TAGS = ['exchange'];
const ListPaging = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
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

/** Department ids of a scope, or null for the whole city. */
const idsOf = (scope: Scope): string[] | null =>
  scope.kind === 'all' ? null : scope.kind === 'departments' ? scope.ids : [];

/**
 * The body as it arrives: decompressed when gzip, hashed (SM3) and counted on the way through, and refused if the
 * client goes away before the end, so a cut-off upload can never commit as if it were complete.
 */
function bodyStream(raw: IncomingMessage) {
  const hash = createHash('sm3');
  let bytes = 0;
  const encoding = String(raw.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip')
    throw new AppError('EXCHANGE_FORMAT_UNSUPPORTED', { contentEncoding: encoding });
  let aborted = false;
  raw.once('aborted', () => (aborted = true));
  // pipeline, not pipe: a corrupt gzip stream may fail before anyone reads it, and must fail the read, not the process.
  const source: AsyncIterable<Buffer> =
    encoding === 'gzip' ? pipelineStreams(raw, createGunzip(), () => undefined) : raw;
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    } catch (err) {
      // A corrupt gzip stream or a connection reset mid-body.
      throw new AppError('EXCHANGE_BODY_INVALID', {
        message: err instanceof Error ? err.message : String(err),
      });
    }
    if (aborted) throw new AppError('EXCHANGE_BODY_INVALID', { message: '请求体未完整传输' });
  }
  let digest: string | undefined;
  return { chunks: chunks(), digest: () => (digest ??= hash.digest('hex')), bytes: () => bytes };
}

/**
 * Writes the whole body to a temporary file first. PGlite has one connection, so a batch's transaction blocks every
 * other request; reading a slow client's body inside it would stall the whole server for as long as the upload.
 */
async function spool(
  chunks: AsyncIterable<Buffer>,
): Promise<{ source: AsyncIterable<Buffer>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tongban-push-'));
  const file = path.join(dir, 'body');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(Readable.from(chunks), createWriteStream(file));
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { source: createReadStream(file), cleanup };
}

export const exchangeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { exchange } = app.services;

  /** The resource, after checking the caller may do `action` on its department's data. */
  async function resourceFor(req: FastifyRequest, id: string, action: 'exchange.read' | 'exchange.ingest') {
    const resource = await exchange.recordResource(id);
    await guard(req, action, {
      departmentId: resource.departmentId,
      objectType: 'catalog_resource',
      objectId: id,
    });
    return resource;
  }

  /**
   * Which subscriptions the caller sees: those its departments hold (as consumer) and those to its departments'
   * resources (as provider); null ids mean the whole city. Refuses (and audits) a caller with neither reach.
   */
  async function subscriptionReach(
    req: FastifyRequest,
  ): Promise<{ consumerIds: string[] | null; providerIds: string[] | null }> {
    const principal = principalOf(req);
    const consumer = scopeOf(principal, 'exchange.consume');
    const provider = scopeOf(principal, 'exchange.read');
    if (consumer.kind === 'none' && provider.kind === 'none') await guard(req, 'exchange.consume');
    if (consumer.kind === 'all' || provider.kind === 'all') return { consumerIds: null, providerIds: null };
    return { consumerIds: idsOf(consumer) ?? [], providerIds: idsOf(provider) ?? [] };
  }

  /** A subscription, visible to its consumer department and to the provider of its resource. */
  async function subscriptionFor(
    req: FastifyRequest,
    id: string,
    action: 'exchange.consume' | 'exchange.subscribe' | 'view',
  ): Promise<SubscriptionRow> {
    const s = await exchange.subscriptionRow(id);
    const principal = principalOf(req);
    if (action === 'view') {
      const resource = await exchange.recordResource(s.resource_id).catch(() => null);
      if (
        can(principal, 'exchange.consume', { departmentId: s.consumer_department_id }) ||
        (resource && can(principal, 'exchange.read', { departmentId: resource.departmentId }))
      )
        return s;
      action = 'exchange.consume';
    }
    await guard(req, action, {
      departmentId: s.consumer_department_id,
      objectType: 'exchange_subscription',
      objectId: id,
    });
    return s;
  }

  app.get(
    '/exchange/resources',
    {
      schema: {
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
        const body = bodyStream(req.raw);
        const { source, cleanup } =
          app.services.db.engine === 'pglite'
            ? await spool(body.chunks)
            : { source: body.chunks, cleanup: async () => undefined };
        try {
          return await exchange.ingest(actorOf(req), req.params.id, readRecords(source, format, charset), {
            source: 'push',
            mode: req.query.mode,
            onError: req.query.onError,
            dryRun: req.query.dryRun,
            idempotencyKey: req.headers['idempotency-key'] as string | undefined,
            bodyDigest: body.digest,
            bytes: body.bytes,
          });
        } finally {
          await cleanup();
        }
      },
    );
  });

  app.post(
    '/exchange/resources/:id/upload',
    {
      schema: {
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
      );
    },
  );

  app.get(
    '/exchange/resources/:id/records',
    {
      schema: {
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
        tags: TAGS,
        summary: 'One batch with its error report',
        params: IdParams,
        response: { 200: BatchDetail },
      },
    },
    async (req) => {
      const { departmentId, ...batch } = await exchange.batch(req.params.id);
      await guard(req, 'exchange.read', {
        departmentId,
        objectType: 'exchange_batch',
        objectId: req.params.id,
      });
      return batch;
    },
  );

  app.get(
    '/exchange/resources/:id/quarantine',
    {
      schema: {
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
    '/exchange/subscriptions',
    {
      schema: {
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
      return exchange.subscriptions({ ...(await subscriptionReach(req)), resourceId: req.query.resourceId });
    },
  );

  app.post(
    '/exchange/subscriptions',
    {
      schema: {
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
        tags: TAGS,
        summary: 'Pause or resume a subscription, or change its webhook',
        params: IdParams,
        body: SubscriptionPatch,
        response: { 200: Subscription },
      },
    },
    async (req) => {
      await subscriptionFor(req, req.params.id, 'exchange.subscribe');
      return exchange.patchSubscription(actorOf(req), req.params.id, req.body);
    },
  );

  app.delete(
    '/exchange/subscriptions/:id',
    {
      schema: { tags: TAGS, summary: 'End a subscription', params: IdParams, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await subscriptionFor(req, req.params.id, 'exchange.subscribe');
      await exchange.unsubscribe(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/exchange/subscriptions/:id/changes',
    {
      schema: {
        tags: TAGS,
        summary: 'Pull: ordered changes after a cursor (default: the acknowledged seq), and the next cursor',
        params: IdParams,
        querystring: ChangesQuery,
        response: { 200: ChangesPage },
      },
    },
    async (req) => {
      await subscriptionFor(req, req.params.id, 'exchange.consume');
      return exchange.pull(actorOf(req), req.params.id, req.query.after, req.query.limit ?? 500);
    },
  );

  app.post(
    '/exchange/subscriptions/:id/ack',
    {
      schema: {
        tags: TAGS,
        summary: 'Acknowledge every change up to a cursor (the acknowledged seq never moves back)',
        params: IdParams,
        body: AckBody,
        response: { 200: Subscription },
      },
    },
    async (req) => {
      await subscriptionFor(req, req.params.id, 'exchange.consume');
      return exchange.ack(actorOf(req), req.params.id, req.body.cursor);
    },
  );

  app.get(
    '/exchange/subscriptions/:id/deliveries',
    {
      schema: {
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
      const reach = await subscriptionReach(req);
      const visible =
        reach.consumerIds === null ? null : (await exchange.subscriptions(reach)).map((s) => s.id);
      return exchange.deadLetters(visible, req.query.open ?? true);
    },
  );

  app.post(
    '/exchange/dead-letters/:id/redeliver',
    {
      schema: {
        tags: TAGS,
        summary: 'Redeliver: the subscription resumes from its acknowledged seq',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const s = await exchange.deadLetterSubscription(req.params.id);
      await subscriptionFor(req, s.id, 'exchange.subscribe');
      await exchange.redeliver(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/exchange/stats',
    {
      schema: {
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
};
