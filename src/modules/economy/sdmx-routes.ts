/**
 * SDMX REST v2 (subset) under /api/sdmx: data as SDMX-CSV 2.0 or SDMX-JSON 2.0 by content negotiation (or
 * `?format=`), and the structures. Published statistics: no sign-in; each read is counted, not audited.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { langFrom } from '../../core/errors.ts';
import { MEDIA, negotiate } from './sdmx-format.ts';
import { FILTER_COMPONENTS, type FilterComponent } from './sdmx-query.ts';
import {
  SdmxCodelistParams,
  SdmxDataQuery,
  SdmxFlowParams,
  SdmxFullParams,
  SdmxStructureQuery,
  SdmxStructureRefParams,
} from './schema.ts';
import { AGENCY, DSD_ID, VERSION } from './sdmx-format.ts';
import { AppError } from '../../core/errors.ts';

const TAGS = ['sdmx'];
const DataResponse = { 200: Type.Unknown({ description: 'SDMX-CSV 2.0 or SDMX-JSON 2.0 data message' }) };
const StructureResponse = { 200: Type.Unknown({ description: 'SDMX-JSON 2.0 structure message' }) };

export const sdmxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { economy } = app.services;

  async function answer(
    req: FastifyRequest,
    reply: FastifyReply,
    ref: { agency: string; flow: string; version: string },
    key: string,
    query: Static<typeof SdmxDataQuery>,
  ) {
    const format = negotiate(req.headers.accept, query.format);
    const filters: Partial<Record<FilterComponent, string>> = {};
    for (const c of FILTER_COMPONENTS) {
      const v = query[`c[${c}]`];
      if (v !== undefined) filters[c] = v;
    }
    const body = await economy.sdmx.data(ref, key, filters, format, {
      lang: langFrom(req.headers['accept-language']),
      baseUrl: app.config.publicUrl.replace(/\/$/, ''),
    });
    reply.header('vary', 'Accept, Accept-Language');
    if (format === 'csv') return reply.type(MEDIA.csv).send(body);
    return reply.type(MEDIA.json).send(JSON.stringify(body));
  }

  app.get(
    '/sdmx/data/:flow/:key',
    {
      schema: {
        operationId: 'getSdmxData',
        tags: TAGS,
        summary:
          'SDMX data query: key FREQ.REF_AREA.INDICATOR (* any, + alternatives), c[TIME_PERIOD]=ge:2020+le:2023',
        produces: [MEDIA.csv, MEDIA.json],
        params: SdmxFlowParams,
        querystring: SdmxDataQuery,
        response: DataResponse,
      },
    },
    async (req, reply) =>
      answer(
        req,
        reply,
        { agency: AGENCY, flow: req.params.flow, version: VERSION },
        req.params.key,
        req.query,
      ),
  );

  app.get(
    '/sdmx/data/dataflow/:agency/:flow/:version/:key',
    {
      schema: {
        operationId: 'getSdmxDataByReference',
        tags: TAGS,
        summary: 'SDMX data query with the full dataflow reference (agency, id, version)',
        produces: [MEDIA.csv, MEDIA.json],
        params: SdmxFullParams,
        querystring: SdmxDataQuery,
        response: DataResponse,
      },
    },
    async (req, reply) => answer(req, reply, req.params, req.params.key, req.query),
  );

  const structure = (reply: FastifyReply, body: unknown) =>
    reply.type(MEDIA.structure).send(JSON.stringify(body));

  app.get(
    '/sdmx/structure/dataflow',
    {
      schema: {
        operationId: 'getSdmxDataflows',
        tags: TAGS,
        summary: 'The dataflows published (SDMX-JSON structure message)',
        produces: [MEDIA.structure],
        querystring: SdmxStructureQuery,
        response: StructureResponse,
      },
    },
    async (req, reply) => structure(reply, economy.sdmx.dataflow(langFrom(req.headers['accept-language']))),
  );

  app.get(
    '/sdmx/structure/dataflow/:agency/:id/:version',
    {
      schema: {
        operationId: 'getSdmxDataflow',
        tags: TAGS,
        summary: 'One dataflow (SDMX-JSON structure message)',
        produces: [MEDIA.structure],
        params: SdmxStructureRefParams,
        response: StructureResponse,
      },
    },
    async (req, reply) => {
      economy.sdmx.checkFlow({ agency: req.params.agency, flow: req.params.id, version: req.params.version });
      return structure(reply, economy.sdmx.dataflow(langFrom(req.headers['accept-language'])));
    },
  );

  app.get(
    '/sdmx/structure/datastructure',
    {
      schema: {
        operationId: 'getSdmxDataStructures',
        tags: TAGS,
        summary: 'The data structure definitions (SDMX-JSON structure message)',
        produces: [MEDIA.structure],
        querystring: SdmxStructureQuery,
        response: StructureResponse,
      },
    },
    async (req, reply) =>
      structure(reply, economy.sdmx.datastructure(langFrom(req.headers['accept-language']))),
  );

  app.get(
    '/sdmx/structure/datastructure/:agency/:id/:version',
    {
      schema: {
        operationId: 'getSdmxDataStructure',
        tags: TAGS,
        summary: 'One data structure definition (SDMX-JSON structure message)',
        produces: [MEDIA.structure],
        params: SdmxStructureRefParams,
        response: StructureResponse,
      },
    },
    async (req, reply) => {
      const { agency, id, version } = req.params;
      const any = (v: string) => v === '*' || v === 'all' || v === 'latest';
      if ((agency !== AGENCY && !any(agency)) || id !== DSD_ID || (version !== VERSION && !any(version)))
        throw new AppError('SDMX_STRUCTURE_NOT_FOUND', { datastructure: `${agency}:${id}(${version})` });
      return structure(reply, economy.sdmx.datastructure(langFrom(req.headers['accept-language'])));
    },
  );

  app.get(
    '/sdmx/structure/codelist/:id',
    {
      schema: {
        operationId: 'getSdmxCodelist',
        tags: TAGS,
        summary:
          'A code list: CL_FREQ, CL_AREA, CL_INDICATOR, CL_UNIT, CL_OBS_STATUS (SDMX-JSON structure message)',
        produces: [MEDIA.structure],
        params: SdmxCodelistParams,
        response: StructureResponse,
      },
    },
    async (req, reply) =>
      structure(reply, await economy.sdmx.codelist(req.params.id, langFrom(req.headers['accept-language']))),
  );
};
