/**
 * A webhook delivery worker as a process of its own, for the multi-process tests:
 *
 *   DATABASE_URL=postgres://… TONGBAN_SECRET_KEY=<64 hex> WORKER_ID=a node --import tsx test/support/delivery-worker.ts
 *
 * Optional: POLL_MS, LEASE_SECONDS, TIMEOUT_MS, BATCH_SIZE, BACKOFF_BASE_MS, BACKOFF_MAX_MS, CONCURRENCY,
 * WEBHOOK_ALLOW_HOSTS (comma-separated; test receivers listen on loopback).
 * Prints "delivery worker <id> started" when running; SIGTERM stops it after the POSTs in flight.
 */
import { openDb } from '../../src/db/index.ts';
import { loadSecretKey } from '../../src/lib/secretbox.ts';
import { DeliveryWorker } from '../../src/modules/exchange/delivery/worker.ts';
import { buildServices } from '../../src/server/context.ts';

const env = process.env;
const num = (name: string) => (env[name] ? Number(env[name]) : undefined);

if (!env.DATABASE_URL || !env.TONGBAN_SECRET_KEY) {
  process.stderr.write('DATABASE_URL and TONGBAN_SECRET_KEY are required\n');
  process.exit(2);
}
const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: 'memory://' });
const services = buildServices(db, {
  sessionTtlHours: 8,
  secretKey: loadSecretKey(env.TONGBAN_SECRET_KEY, 'memory://'),
  webhookAllowHosts: env.WEBHOOK_ALLOW_HOSTS?.split(','),
});
const worker = new DeliveryWorker(db, services.audit, services.exchange, {
  workerId: env.WORKER_ID,
  pollMs: num('POLL_MS'),
  leaseSeconds: num('LEASE_SECONDS'),
  timeoutMs: num('TIMEOUT_MS'),
  batchSize: num('BATCH_SIZE'),
  backoffBaseMs: num('BACKOFF_BASE_MS'),
  backoffMaxMs: num('BACKOFF_MAX_MS'),
  concurrency: num('CONCURRENCY'),
  onError: (err) =>
    process.stderr.write(`delivery error: ${err instanceof Error ? err.stack : String(err)}\n`),
});
worker.start();
process.stdout.write(`delivery worker ${worker.id} started\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await worker.stop();
    await db.close();
    process.stdout.write(`delivery worker ${worker.id} stopped\n`);
    process.exit(0);
  })();
});
