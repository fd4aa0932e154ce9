import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { validationError } from '../../core/errors.ts';
import { Limit } from '../../core/schema.ts';
import { DCAT_MAX_PAGE_SIZE, DCAT_PAGE_SIZE, DCAT_TYPES, type DcatFormat } from './dcat.ts';
import { QualityRanking } from './quality-schema.ts';

const TAGS = ['open data'];
const NoQuery = Type.Object({}, { additionalProperties: false });
const DcatQuery = Type.Object(
  {
    page: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: 'The page, from 1' }),
    ),
    limit: Type.Optional(Limit(DCAT_MAX_PAGE_SIZE, DCAT_PAGE_SIZE)),
  },
  { additionalProperties: false },
);

const FORMATS: { ext: DcatFormat; name: string; operationId: string }[] = [
  { ext: 'ttl', name: 'Turtle', operationId: 'getOpenCatalogTurtle' },
  { ext: 'rdf', name: 'RDF/XML', operationId: 'getOpenCatalogRdfXml' },
  { ext: 'jsonld', name: 'JSON-LD', operationId: 'getOpenCatalogJsonLd' },
];

/** The serialization an Accept header prefers among ours (Turtle when it names none of them). */
function negotiate(accept: string | undefined): DcatFormat {
  let best: { ext: DcatFormat; q: number } = { ext: 'ttl', q: 0 };
  for (const part of (accept ?? '').split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
    const ext = FORMATS.find((f) => DCAT_TYPES[f.ext].startsWith(`${type};`))?.ext;
    if (ext && q > best.q) best = { ext, q };
  }
  return best.ext;
}

/**
 * The quality ranking (`/open/api/quality`) and the DCAT-AP feed (`/open/catalog.ttl`, `.rdf`, `.jsonld`, and
 * `/open/catalog`, which answers in the serialization the Accept header prefers). Public, no sign-in,
 * like the rest of the portal.
 */
export const qualityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { open } = app.services;
  // The configured public address: the Host header is the client's to choose, and IRIs must not follow it.
  const base = app.config.publicUrl.replace(/\/+$/, '');

  app.get(
    '/open/api/quality',
    {
      schema: {
        operationId: 'getOpenQuality',
        tags: TAGS,
        summary:
          '数据质量评分: departments ranked by the average quality score of their open datasets, with each dataset’s score',
        querystring: NoQuery,
        response: { 200: QualityRanking },
      },
    },
    async () => open.quality.ranking(),
  );

  const serve = async (ext: DcatFormat, query: { page?: number; limit?: number }, reply: FastifyReply) => {
    const page = query.page ?? 1;
    const limit = query.limit ?? DCAT_PAGE_SIZE;
    const pages = Math.max(1, Math.ceil((await open.datasets.list()).length / limit));
    if (page > pages)
      throw validationError([
        {
          field: 'page',
          code: 'RANGE',
          message: {
            zh: `目录共 ${pages} 页，没有第 ${page} 页`,
            en: `The catalog has ${pages} pages, not ${page}`,
          },
        },
      ]);
    const body = await open.dcat.render(ext, base, { page, limit });
    return reply.type(DCAT_TYPES[ext]).header('vary', 'accept').send(body);
  };

  for (const f of FORMATS)
    app.get(
      `/open/catalog.${f.ext}`,
      {
        schema: {
          operationId: f.operationId,
          tags: TAGS,
          summary: `The open catalog as DCAT-AP 3.0 in ${f.name}, paged (Hydra) by page and limit`,
          produces: [DCAT_TYPES[f.ext].split(';')[0]!],
          querystring: DcatQuery,
          response: { 200: Type.Unknown({ description: `DCAT-AP ${f.name}` }) },
        },
      },
      async (req, reply) => serve(f.ext, req.query, reply),
    );

  app.get(
    '/open/catalog',
    {
      schema: {
        operationId: 'negotiateOpenCatalog',
        tags: TAGS,
        summary:
          'The DCAT-AP feed in the serialization the Accept header prefers (Turtle, RDF/XML or JSON-LD; Turtle by default)',
        produces: FORMATS.map((f) => DCAT_TYPES[f.ext].split(';')[0]!),
        querystring: DcatQuery,
        response: { 200: Type.Unknown({ description: 'DCAT-AP; Content-Location names the file' }) },
      },
    },
    async (req, reply) => {
      const ext = negotiate(req.headers.accept);
      return serve(ext, req.query, reply.header('content-location', `/open/catalog.${ext}`));
    },
  );
};
