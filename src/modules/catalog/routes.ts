import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard, principalOf } from '../../core/guard.ts';
import { IdParams } from '../../core/schema.ts';
import { AppError, langFrom } from '../../core/errors.ts';
import { can, scopeOf } from '../identity/index.ts';
import {
  CommentBody,
  ImportReport,
  RejectBody,
  Resource,
  ResourceInput,
  SearchQuery,
  SearchResult,
  Stats,
  VersionsResponse,
} from './schema.ts';
import type { Transition, Visibility } from './service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Term = Type.Object({ value: Type.String(), zh: Type.String(), en: Type.String() }, { $id: 'Term' });
const Vocabulary = Type.Object(
  {
    categories: Type.Array(Term),
    formats: Type.Array(Term),
    dataTypes: Type.Array(Term),
    sharingTypes: Type.Array(Term),
    sharingMethods: Type.Array(Term),
    openTypes: Type.Array(Term),
    updateCycles: Type.Array(
      Type.Object({
        ...Term.properties,
        eu: Type.String(),
        overdueDays: Type.Union([Type.Integer(), Type.Null()]),
      }),
    ),
    semanticTags: Type.Array(Term),
    statuses: Type.Array(Term),
  },
  { $id: 'Vocabulary' },
);
const RefParams = Type.Object(
  {
    ref: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Resource id or code (URL-encode the "/")',
    }),
  },
  { additionalProperties: false },
);

/** How much of the catalog the caller sees: published resources, plus unpublished ones of its departments. */
export function visibilityOf(req: FastifyRequest): Visibility {
  const scope = scopeOf(principalOf(req), 'catalog.read_unpublished');
  if (scope.kind === 'all') return { kind: 'all' };
  return { kind: 'published', plusDepartments: scope.kind === 'departments' ? scope.ids : [] };
}

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { catalog, catalogTransfer: transfer } = app.services;
  // Reader threads end with the server.
  app.addHook('onClose', async () => transfer.close());

  app.get(
    '/catalog/vocabulary',
    {
      schema: {
        operationId: 'getCatalogVocabulary',
        tags: ['catalog'],
        summary: 'The coded value lists of the catalog, with Chinese and English labels',
        response: { 200: Vocabulary },
      },
    },
    async (req) => {
      await guard(req, 'catalog.read');
      return catalog.vocabulary();
    },
  );

  app.get(
    '/catalog/resources',
    {
      schema: {
        operationId: 'searchCatalogResources',
        tags: ['catalog'],
        summary:
          'Search the catalog (Chinese segmentation, Traditional accepted) with facets; only what the caller may see',
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
    },
    async (req) => {
      await guard(req, 'catalog.read');
      return catalog.search(req.query, visibilityOf(req));
    },
  );

  app.get(
    '/catalog/resources/:ref',
    {
      schema: {
        operationId: 'getCatalogResource',
        tags: ['catalog'],
        summary: 'One resource with its items, by id or by code',
        params: RefParams,
        response: { 200: Resource },
      },
    },
    async (req) => {
      await guard(req, 'catalog.read');
      return catalog.get(req.params.ref, visibilityOf(req));
    },
  );

  app.get(
    '/catalog/resources/:id/versions',
    {
      schema: {
        operationId: 'listCatalogResourceVersions',
        tags: ['catalog'],
        summary: 'Versions with field-by-field differences, and the review history',
        params: IdParams,
        response: { 200: VersionsResponse },
      },
    },
    async (req) => {
      await guard(req, 'catalog.read');
      return catalog.versions(req.params.id, visibilityOf(req));
    },
  );

  app.post(
    '/catalog/resources',
    {
      schema: {
        operationId: 'createCatalogResource',
        tags: ['catalog'],
        summary: 'Register a resource as a draft; the platform assigns its code',
        body: ResourceInput,
        response: { 201: Resource },
      },
    },
    async (req, reply) => {
      await guard(req, 'catalog.edit', {
        departmentId: req.body.departmentId,
        objectType: 'catalog_resource',
      });
      return reply.status(201).send(await catalog.create(actorOf(req), req.body));
    },
  );

  app.put(
    '/catalog/resources/:id',
    {
      schema: {
        operationId: 'updateCatalogResource',
        tags: ['catalog'],
        summary:
          'Edit a draft, or open a revision of a published resource (the published version stays valid)',
        params: IdParams,
        body: ResourceInput,
        response: { 200: Resource },
      },
    },
    async (req) => {
      const departmentId = await catalog.departmentOf(req.params.id);
      const target = { objectType: 'catalog_resource', objectId: req.params.id };
      await guard(req, 'catalog.edit', { departmentId, ...target });
      // Moving a resource to another department needs the right to edit there too.
      if (req.body.departmentId !== departmentId)
        await guard(req, 'catalog.edit', { departmentId: req.body.departmentId, ...target });
      return catalog.update(actorOf(req), req.params.id, req.body);
    },
  );

  const flows: { action: Transition; summary: string; needs: 'catalog.edit' | 'catalog.review' }[] = [
    { action: 'submit', summary: 'Submit the draft for review (提交审核)', needs: 'catalog.edit' },
    {
      action: 'approve',
      summary: 'Approve a submitted version (审核通过) — platform operator',
      needs: 'catalog.review',
    },
    {
      action: 'publish',
      summary: 'Publish the approved version (发布) — platform operator',
      needs: 'catalog.review',
    },
    {
      action: 'retire',
      summary: 'Retire the resource (停用); its code is never reused — platform operator',
      needs: 'catalog.review',
    },
  ];
  for (const flow of flows) {
    app.post(
      `/catalog/resources/:id/${flow.action}`,
      {
        schema: {
          operationId: `${flow.action}CatalogResource`,
          tags: ['catalog'],
          summary: flow.summary,
          params: IdParams,
          body: CommentBody,
          response: { 200: Resource },
        },
      },
      async (req) => {
        const departmentId = await catalog.departmentOf(req.params.id);
        await guard(req, flow.needs, {
          departmentId,
          objectType: 'catalog_resource',
          objectId: req.params.id,
        });
        return catalog.transition(
          actorOf(req),
          req.params.id,
          flow.action,
          req.body?.comment?.trim() || null,
        );
      },
    );
  }

  app.post(
    '/catalog/resources/:id/reject',
    {
      schema: {
        operationId: 'rejectCatalogResource',
        tags: ['catalog'],
        summary: 'Return a submitted or approved version to the steward (退回), with a reason',
        params: IdParams,
        body: RejectBody,
        response: { 200: Resource },
      },
    },
    async (req) => {
      const departmentId = await catalog.departmentOf(req.params.id);
      await guard(req, 'catalog.review', {
        departmentId,
        objectType: 'catalog_resource',
        objectId: req.params.id,
      });
      return catalog.transition(actorOf(req), req.params.id, 'reject', req.body.comment.trim());
    },
  );

  app.get(
    '/catalog/export.xlsx',
    {
      schema: {
        operationId: 'exportCatalogWorkbook',
        tags: ['catalog'],
        summary: 'The catalog (or a search result) as an Excel workbook in the guideline layout',
        querystring: SearchQuery,
        produces: [XLSX],
        response: { 200: Type.Unknown({ description: 'An .xlsx file' }) },
      },
    },
    async (req, reply) => {
      await guard(req, 'catalog.read');
      const { limit: _limit, offset: _offset, ...query } = req.query;
      const { file } = await transfer.exportWorkbook(actorOf(req), query, visibilityOf(req));
      const name = `政务信息资源目录-${new Date().toISOString().slice(0, 10)}.xlsx`;
      return reply
        .type(XLSX)
        .header(
          'content-disposition',
          `attachment; filename="catalog.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .send(file);
    },
  );

  app.post(
    '/catalog/import',
    {
      schema: {
        operationId: 'importCatalogWorkbook',
        tags: ['catalog'],
        summary:
          'Import an Excel catalog (multipart field "file"): every row validated, applied all or nothing',
        consumes: ['multipart/form-data'],
        querystring: Type.Object(
          { dryRun: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        response: { 200: ImportReport },
      },
    },
    async (req) => {
      const principal = await guard(req, 'catalog.edit');
      const upload = await req.file();
      if (!upload) throw new AppError('CATALOG_FILE_INVALID', { field: 'file' });
      const data = await upload.toBuffer();
      return transfer.importWorkbook(actorOf(req), data, {
        dryRun: req.query.dryRun ?? false,
        lang: langFrom(req.headers['accept-language']),
        mayEdit: (departmentId) => can(principal, 'catalog.edit', { departmentId }),
      });
    },
  );

  for (const format of ['jsonld', 'ttl'] as const) {
    app.get(
      `/catalog/dcat.${format}`,
      {
        schema: {
          operationId: format === 'jsonld' ? 'getCatalogDcatJsonLd' : 'getCatalogDcatTurtle',
          tags: ['catalog'],
          summary: `The published catalog as DCAT-AP 3 (${format === 'jsonld' ? 'JSON-LD' : 'Turtle'})`,
          produces: [format === 'jsonld' ? 'application/ld+json' : 'text/turtle'],
          response: { 200: Type.Unknown() },
        },
      },
      async (req, reply) => {
        await guard(req, 'catalog.read');
        // The configured public address: the Host header is the client's to choose, and URIs must not follow it.
        const doc = await transfer.dcat(format, app.config.publicUrl);
        return reply
          .type(format === 'jsonld' ? 'application/ld+json; charset=utf-8' : 'text/turtle; charset=utf-8')
          .send(format === 'jsonld' ? JSON.stringify(doc) : doc);
      },
    );
  }

  app.get(
    '/catalog/stats',
    {
      schema: {
        operationId: 'getCatalogStats',
        tags: ['catalog'],
        summary:
          'Counts of the published catalog: departments, resources, items, by status, class, sharing, opening; overdue',
        response: { 200: Stats },
      },
    },
    async (req) => {
      await guard(req, 'catalog.read');
      return catalog.stats();
    },
  );
};
