import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../core/errors.ts';
import { DataRecordParams } from './schema.ts';

/**
 * The lookup benchmark's baseline (`npm run bench -- lookup`): the data service's record lookup without
 * authorization, masking or audit — the same SQL (exchange recordByKey) behind the same HTTP stack. Registered only
 * when TONGBAN_BENCH_ROUTES=1 (src/server/config.ts), and hidden from the OpenAPI document. Never enable it on a
 * server that holds real data: it answers anyone.
 */
export const benchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { exchange } = app.services;

  app.get(
    '/_bench/records/:resource/:key',
    { schema: { hide: true, params: DataRecordParams } },
    async (req) => {
      // The canonical key of a resource keyed by one item (the population register's 身份证号).
      const row = await exchange.recordByKey(req.params.resource, JSON.stringify([req.params.key]));
      if (!row) throw new AppError('SHARING_RECORD_NOT_FOUND');
      return row.data;
    },
  );
};
