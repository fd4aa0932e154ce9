import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { guard } from '../../server/guard.ts';
import { Page } from '../../server/schema.ts';
import { AuditEntry, AuditQuery, ChainReport } from './schema.ts';

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { audit } = app.services;

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log, newest first',
        querystring: AuditQuery,
        response: { 200: Page(AuditEntry) },
      },
    },
    async (req) => {
      await guard(req, 'audit.read');
      const { limit = 50, offset = 0, ...filter } = req.query;
      return audit.search(filter, limit, offset);
    },
  );

  app.get(
    '/audit/actions',
    {
      schema: {
        tags: ['audit'],
        summary: 'Actions that occur in the log (for filters)',
        response: { 200: Type.Object({ items: Type.Array(Type.String()) }) },
      },
    },
    async (req) => {
      await guard(req, 'audit.read');
      return { items: await audit.actions() };
    },
  );

  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Walk the SM3 hash chain and report the first broken link',
        response: { 200: ChainReport },
      },
    },
    async (req) => {
      await guard(req, 'audit.read');
      return audit.verify();
    },
  );
};
