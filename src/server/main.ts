import type { FastifyServerOptions } from 'fastify';
import { openDb, type Db } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { SYSTEM_ACTOR } from '../modules/audit/service.ts';
import { seedDemoCity } from '../demo/seed.ts';
import { buildApp, type App } from './app.ts';
import type { Config } from './config.ts';
import { buildServices } from './context.ts';
import { DeliveryWorker } from '../modules/exchange/delivery/worker.ts';
import { ConnectorScheduler } from '../modules/exchange/connector/scheduler.ts';
import { DEMO_FRONT_RESOURCE, dockDemoFrontDb, startDemoFrontDb, type DemoFrontDb } from '../demo/frontdb.ts';
import type { Services } from './context.ts';
import path from 'node:path';
import { loadSecretKey } from '../lib/secretbox.ts';

export interface Running {
  app: App;
  db: Db;
  url: string;
  stop: () => Promise<void>;
}

/**
 * Opens the database, applies migrations, seeds the demo city into an empty database, and listens.
 * `stop` lets in-flight requests finish before the database closes (PGlite flushes its files then).
 */
export async function startServer(
  config: Config,
  options: {
    seedIfEmpty?: boolean;
    /** Start the demo city's simulated front database (公积金中心) and dock it by a pull connector. */
    demoFrontDb?: boolean;
    logger?: FastifyServerOptions['logger'];
    print?: (line: string) => void;
  } = {},
): Promise<Running> {
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = await openDb(config);
  await migrate(db, undefined, (m) => print(`migration ${m.version}_${m.name} applied`));
  const services = buildServices(db, {
    ...config,
    secretKey: loadSecretKey(config.secretKeyHex, config.dataDir),
  });
  if (options.seedIfEmpty && (await services.org.counts()).departments === 0) {
    print('empty database: creating the demo city');
    const report = await seedDemoCity(
      services,
      { ...SYSTEM_ACTOR, name: 'seed' },
      {
        password: config.demoPassword,
        people: config.demoPeople,
        webhookUrl: `http://127.0.0.1:${config.port}/api/demo/receiver`,
      },
    );
    printDemoUsers(report.users, print);
  }
  const app = await buildApp(services, config, options.logger ?? false);
  const front = options.demoFrontDb ? await startFrontDb(services, config, print) : undefined;
  // Fastify's close() stops the listener but does not wait for handlers still running; the database
  // must stay open until they finish, so requests are tracked here.
  const inFlight = new Set<string>();
  let shuttingDown = false;
  let drained: (() => void) | undefined;
  const done = (id: string) => {
    inFlight.delete(id);
    if (shuttingDown && inFlight.size === 0) drained?.();
  };
  app.addHook('onRequest', async (req) => {
    inFlight.add(req.id);
  });
  app.addHook('onSend', async (_req, reply) => {
    // A keep-alive client would otherwise hold its idle connection, and close(), open.
    if (shuttingDown) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (req) => done(req.id));
  app.addHook('onRequestAbort', async (req) => done(req.id));
  const address = await app.listen({ port: config.port, host: config.host });
  // Background work every server process shares through row leases: webhook delivery.
  const delivery = new DeliveryWorker(db, services.audit, services.exchange, {
    onError: (err) => app.log.error({ err }, 'webhook delivery failed'),
  });
  delivery.start();
  // … and pulling from departments' front databases.
  const scheduler = new ConnectorScheduler(services.connectors, {
    onError: (err) => app.log.warn({ err }, 'connector scheduler tick failed'),
  });
  scheduler.start();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      shuttingDown = true;
      const idle =
        inFlight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
      await Promise.all([app.close(), delivery.stop(), scheduler.stop()]);
      await front?.stop();
      await Promise.race([idle, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
      await db.close();
    })());
  return { app, db, url: address, stop };
}

/** Prints generated demo passwords once; they are stored only as argon2 hashes. */
export function printDemoUsers(
  users: { username: string; role: string; password: string | null }[],
  print: (line: string) => void,
) {
  if (users.length === 0) return;
  print('demo users created:');
  for (const u of users)
    print(`  ${u.username.padEnd(16)} ${u.role.padEnd(16)} ${u.password ?? '(TONGBAN_DEMO_PASSWORD)'}`);
  if (users.some((u) => u.password))
    print('these passwords are shown only now; reset one with: tongban user reset-password NAME');
}

/**
 * The demo's 公积金中心 keeps its deposits in its own database (前置库): started here, filled on first start, and
 * docked to the fund resource by a pull connector that the scheduler runs every minute. Skipped when the demo
 * city is not in the database.
 */
async function startFrontDb(
  services: Services,
  config: Config,
  print: (line: string) => void,
): Promise<DemoFrontDb | undefined> {
  const gjj = await services.org.findByKeyOrId(DEMO_FRONT_RESOURCE.departmentKey);
  const resource =
    gjj &&
    (await services.catalog.publishedResources()).find(
      (r) => r.departmentId === gjj.id && r.name === DEMO_FRONT_RESOURCE.resourceName,
    );
  if (!resource) return undefined;
  const front = await startDemoFrontDb({
    people: config.demoPeople || undefined,
    dataDir: config.dataDir === 'memory://' ? undefined : path.join(config.dataDir, 'frontdb'),
    tickEveryMs: 60_000,
  });
  const docked = await dockDemoFrontDb(
    services.connectors,
    { ...SYSTEM_ACTOR, name: 'demo' },
    resource.id,
    front,
  );
  print(
    `demo front database of ${gjj.name}: postgres://${front.host}:${front.port}/${front.database} (${docked})`,
  );
  return front;
}
