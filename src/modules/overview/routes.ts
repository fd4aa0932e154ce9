import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { guard } from '../../server/guard.ts';
import { RoleName } from '../identity/schema.ts';

const Overview = Type.Object({
  departments: Type.Integer(),
  users: Type.Integer(),
  activeApiKeys: Type.Integer(),
  regions: Type.Object({ district: Type.Integer(), town: Type.Integer(), village: Type.Integer() }),
  auditLast24h: Type.Integer(),
  usersByRole: Type.Array(Type.Object({ role: RoleName, count: Type.Integer() })),
});

/** The home page's figures, counted from the data on every request, never stored. */
export const overviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { org, identity, audit } = app.services;
  app.get(
    '/overview',
    { schema: { tags: ['platform'], summary: 'Live counts for the home page', response: { 200: Overview } } },
    async (req) => {
      await guard(req, 'overview.read');
      const [orgCounts, idCounts, auditLast24h] = await Promise.all([
        org.counts(),
        identity.counts(),
        audit.countSince(new Date(Date.now() - 86_400_000)),
      ]);
      return {
        departments: orgCounts.departments,
        users: idCounts.users,
        activeApiKeys: idCounts.activeApiKeys,
        regions: {
          district: orgCounts.regions.district ?? 0,
          town: orgCounts.regions.town ?? 0,
          village: orgCounts.regions.village ?? 0,
        },
        auditLast24h,
        usersByRole: idCounts.usersByRole,
      };
    },
  );
};
