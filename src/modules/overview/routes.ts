import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { guard, principalOf } from '../../core/guard.ts';
import { CityFigures, Home } from './schema.ts';

/** The home page: the city's figures, and each caller's own work. */
export const overviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { overview } = app.services;

  app.get(
    '/overview',
    {
      schema: {
        operationId: 'getOverview',
        tags: ['platform'],
        summary: 'The city’s figures: departments, users, API keys, regions, audit entries of the last day',
        response: { 200: CityFigures },
      },
    },
    async (req) => {
      await guard(req, 'overview.read');
      return overview.cityFigures();
    },
  );

  app.get(
    '/overview/home',
    {
      schema: {
        operationId: 'getOverviewHome',
        tags: ['platform'],
        summary:
          'The caller’s home: a section per role it holds (operator, steward, consumer, auditor, staff, citizen), each authorized on its own',
        response: { 200: Home },
      },
    },
    // Every signed-in caller has a home; what is in it is decided per section by the policy layer.
    async (req) => overview.home(principalOf(req)),
  );
};
