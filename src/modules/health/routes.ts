import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentMigration } from '../../db/migrate.ts';
import { Nullable } from '../../core/schema.ts';

const Health = Type.Object({
  status: Type.Literal('ok'),
  engine: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  migration: Nullable(Type.Object({ version: Type.Integer(), name: Type.String() })),
  uptimeSeconds: Type.Number(),
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.services;
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['platform'],
        summary: 'Liveness, the database engine in use and the applied migration',
        security: [],
        response: { 200: Health },
      },
    },
    async () => ({
      status: 'ok' as const,
      engine: db.engine,
      migration: await currentMigration(db),
      uptimeSeconds: Math.round(process.uptime()),
    }),
  );

  app.get(
    '/openapi.json',
    {
      schema: {
        operationId: 'getOpenApiDocument',
        tags: ['platform'],
        summary: 'This OpenAPI 3.1 document',
        security: [],
        response: { 200: Type.Record(Type.String(), Type.Unknown()) },
      },
    },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
};
