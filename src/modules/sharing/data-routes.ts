import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard } from '../../core/guard.ts';
import { can, scopeOf } from '../identity/index.ts';
import { consumerOpenApi } from './openapi.ts';
import {
  DataCatalogEntry,
  DataLookupResult,
  DataQueryBody,
  DataQueryResult,
  DataRecordParams,
  DataResourceParams,
  LookupQuery,
  PurposeHeaders,
  VerifyBody,
  VerifyResult,
} from './schema.ts';
import { refuse } from './route-support.ts';
import { decodePurpose, type Caller } from './service.ts';

const TAGS = ['data'];
const DESCRIPTION =
  'Every call states its purpose in X-Purpose (percent-encoded UTF-8), which must equal the purpose of a grant in ' +
  'force. Refusals are 403 with a code that says why (SHARING_NO_AGREEMENT, SHARING_NO_GRANT, SHARING_GRANT_EXPIRED, ' +
  'SHARING_GRANT_REVOKED, SHARING_MODE_NOT_GRANTED, SHARING_ITEM_NOT_GRANTED, SHARING_PURPOSE_MISMATCH), 400 ' +
  'SHARING_PURPOSE_REQUIRED, or 429 SHARING_QUOTA_EXCEEDED / SHARING_RATE_LIMITED. The daily quota counts the ' +
  'records returned (at least one per call); the per-minute rate holds across all servers. Every call is audited.';

/** The calling system (or staff member) and the consumer department it acts for. */
async function callerOf(req: FastifyRequest): Promise<Caller> {
  const principal = await guard(req, 'data.use');
  const scope = scopeOf(principal, 'data.use');
  const department =
    principal.departmentId && can(principal, 'data.use', { departmentId: principal.departmentId })
      ? principal.departmentId
      : scope.kind === 'departments'
        ? scope.ids[0]
        : undefined;
  if (!department) return refuse(req, 'data.use', { reason: 'no consumer department' });
  return {
    actor: actorOf(req),
    consumerDepartmentId: department,
    apiKeyId: principal.kind === 'apikey' ? principal.id : null,
  };
}

function itemsParam(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** The data service (数据服务接口) consumer systems call with an API key, within their grants. */
export const dataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sharing } = app.services;

  app.get(
    '/data/resources',
    {
      schema: {
        operationId: 'listDataResources',
        tags: TAGS,
        summary: 'What the caller may use now: one entry per grant in force, with its items',
        response: { 200: Type.Array(DataCatalogEntry) },
      },
    },
    async (req) => sharing.data.catalog(await callerOf(req)),
  );

  app.get(
    '/data/openapi.json',
    {
      schema: {
        operationId: 'getDataOpenApi',
        tags: TAGS,
        summary:
          'An OpenAPI document of exactly the resources and items the caller may use, with typed schemas',
        response: { 200: Type.Unknown() },
      },
    },
    async (req) => {
      const caller = await callerOf(req);
      const entries = await sharing.data.catalog(caller);
      return consumerOpenApi(
        entries,
        await Promise.all(entries.map((e) => sharing.resources.get(e.resourceId))),
      );
    },
  );

  app.get(
    '/data/:resource/records/:key',
    {
      schema: {
        operationId: 'lookupDataRecord',
        tags: TAGS,
        summary: 'Look up one record by key: granted items only, masked as granted',
        description: DESCRIPTION,
        params: DataRecordParams,
        querystring: LookupQuery,
        headers: PurposeHeaders,
        response: { 200: DataLookupResult },
      },
    },
    async (req) => {
      const caller = await callerOf(req);
      return sharing.data.lookup(
        caller,
        req.params.resource,
        req.params.key,
        decodePurpose(req.headers['x-purpose']),
        itemsParam(req.query.items),
      );
    },
  );

  app.post(
    '/data/:resource/query',
    {
      schema: {
        operationId: 'queryDataRecords',
        tags: TAGS,
        summary:
          'Query records: filters on granted items, keyset pagination (cursor), limit up to the configured maximum',
        description:
          `${DESCRIPTION} Filters name granted items in clear; key items only by equality (eq, in) — ranges, ` +
          'prefixes and inequalities on a key are refused (SHARING_QUERY_KEY_RANGE). Without the bulk mode a query ' +
          'needs an equality on a granted item in clear (SHARING_QUERY_FILTER_REQUIRED) and may match at most the ' +
          'policy’s maxQueryLimit records (SHARING_QUERY_NOT_SELECTIVE): a search, not an extract.',
        params: DataResourceParams,
        headers: PurposeHeaders,
        body: DataQueryBody,
        response: { 200: DataQueryResult },
      },
    },
    async (req) => {
      const caller = await callerOf(req);
      return sharing.data.query(
        caller,
        req.params.resource,
        req.body,
        decodePurpose(req.headers['x-purpose']),
      );
    },
  );

  app.get(
    '/data/:resource/export',
    {
      schema: {
        operationId: 'exportDataRecords',
        tags: TAGS,
        summary:
          '批量: every record as NDJSON (one {key, data} per line), granted items only, masked as granted',
        description: `${DESCRIPTION} Needs a grant with the bulk usage mode; one audit entry per export.`,
        params: DataResourceParams,
        querystring: LookupQuery,
        headers: PurposeHeaders,
        produces: ['application/x-ndjson'],
        response: { 200: Type.Unknown({ description: 'NDJSON' }) },
      },
    },
    async (req, reply) => {
      const caller = await callerOf(req);
      const lines = await sharing.data.export(
        caller,
        req.params.resource,
        decodePurpose(req.headers['x-purpose']),
        itemsParam(req.query.items),
      );
      return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(lines));
    },
  );

  app.post(
    '/data/:resource/verify',
    {
      schema: {
        operationId: 'verifyDataRecord',
        tags: TAGS,
        summary:
          '核验: does a record with these values exist, and is it in force? Returns match / no match and nothing else',
        description:
          `${DESCRIPTION} Compares the key items and granted items in clear only (a masked item: ` +
          '403 SHARING_VERIFY_ITEM_NOT_CLEAR); each API key may verify the policy’s verifyPerMinute times a minute ' +
          '(429 SHARING_VERIFY_RATE_LIMITED), and a burst that reaches it raises a usage flag for the provider.',
        params: DataResourceParams,
        headers: PurposeHeaders,
        body: VerifyBody,
        response: { 200: VerifyResult },
      },
    },
    async (req) => {
      const caller = await callerOf(req);
      return sharing.data.verify(
        caller,
        req.params.resource,
        req.body,
        decodePurpose(req.headers['x-purpose']),
      );
    },
  );
};
