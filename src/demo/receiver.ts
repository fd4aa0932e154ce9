import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { verifyWebhook } from '../modules/exchange/index.ts';
import { AppError } from '../core/errors.ts';

/**
 * The demo city's receiving system for webhook subscriptions (不动产登记中心's side of the exchange): it accepts
 * only bodies signed with the subscription's secret, as any consumer department's system should, and keeps the
 * newest seq it has applied so a re-sent batch is recognised and dropped.
 */
export const demoReceiverRoutes: FastifyPluginAsync = async (app) => {
  const applied = new Map<string, number>();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post(
    '/demo/receiver',
    {
      schema: {
        operationId: 'receiveDemoWebhook',
        tags: ['demo'],
        summary: 'The demo consumer system’s webhook receiver (verifies X-Tongban-Signature)',
        response: { 200: Type.Object({ applied: Type.Integer(), duplicates: Type.Integer() }) },
      },
    },
    async (req) => {
      const id = String(req.headers['x-tongban-subscription'] ?? '');
      const body = String(req.body ?? '');
      const subscription = await app.services.exchange.subscriptionRow(id).catch(() => null);
      const secret = subscription && app.services.exchange.subscriptionSecret(subscription);
      const ok =
        secret !== null &&
        verifyWebhook({
          secret,
          timestamp: String(req.headers['x-tongban-timestamp'] ?? ''),
          signature: String(req.headers['x-tongban-signature'] ?? ''),
          body,
        });
      if (!ok) throw new AppError('AUTH_REQUIRED', { reason: 'bad signature' });
      const payload = JSON.parse(body) as { changes: { seq: number }[] };
      const last = applied.get(id) ?? 0;
      const fresh = payload.changes.filter((c) => c.seq > last);
      if (fresh.length) applied.set(id, fresh[fresh.length - 1]!.seq);
      return { applied: fresh.length, duplicates: payload.changes.length - fresh.length };
    },
  );
};
