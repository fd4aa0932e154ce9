import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf, guard } from '../../core/guard.ts';
import { can } from '../identity/index.ts';
import type { RegistryKind } from '../registries/index.ts';
import { DataUsePage, DataUseQuery, Dossier, DossierParams, MyDossier } from './schema.ts';

const TAGS = ['registries'];

export const dossierRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { dossiers, registries } = app.services;

  // The golden record anchors the page: reading it is the registry's read right; the other sections ask their own.
  async function subject(req: FastifyRequest, kind: RegistryKind, id: string) {
    const departmentId = await registries.reads.departmentOf(kind);
    const principal = await guard(req, 'registry.read', {
      departmentId,
      objectType: 'registry',
      objectId: kind,
    });
    const clear = can(principal, 'registry.steward', { departmentId });
    return dossiers.subjects.of(actorOf(req), principal, kind, id, clear);
  }

  app.get(
    '/dossiers/persons/:id',
    {
      schema: {
        operationId: 'getPersonDossier',
        tags: TAGS,
        summary:
          '一人一档: a person’s golden record with sources, e-licenses and credit, each section as the caller may read it (audited)',
        params: DossierParams,
        response: { 200: Dossier },
      },
    },
    async (req) => subject(req, 'population', req.params.id),
  );

  app.get(
    '/dossiers/legal-persons/:id',
    {
      schema: {
        operationId: 'getLegalPersonDossier',
        tags: TAGS,
        summary:
          '一企一档: a legal person’s golden record with sources, e-licenses and credit, each section as the caller may read it (audited)',
        params: DossierParams,
        response: { 200: Dossier },
      },
    },
    async (req) => subject(req, 'legal_person', req.params.id),
  );

  app.get(
    '/me/dossier',
    {
      schema: {
        operationId: 'getMyDossier',
        tags: TAGS,
        summary:
          '我的档案: the record, e-licenses and credit of the subjects the account speaks for, in clear',
        response: { 200: MyDossier },
      },
    },
    async (req) => {
      const principal = await guard(req, 'dossier.self');
      return dossiers.self.mine(actorOf(req), principal.id);
    },
  );

  app.get(
    '/me/data-uses',
    {
      schema: {
        operationId: 'listMyDataUses',
        tags: TAGS,
        summary: '谁用了我的数据: every audited access to the account’s own subjects by others, newest first',
        querystring: DataUseQuery,
        response: { 200: DataUsePage },
      },
    },
    async (req) => {
      const principal = await guard(req, 'dossier.self');
      return dossiers.self.uses(principal.id, { limit: req.query.limit ?? 50, before: req.query.before });
    },
  );
};
