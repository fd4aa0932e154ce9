import type { FastifyPluginAsync, FastifyServerOptions } from 'fastify';
import { openDb, type Db } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { buildApp, type App } from './app.ts';
import type { Config } from './config.ts';
import { buildServices, type Services } from './context.ts';
import { ConnectorScheduler, DeliveryWorker } from '../modules/exchange/index.ts';
import { loadSecretKey } from '../lib/secretbox.ts';
import { Maintenance } from './maintenance.ts';
import { AuditMaintenance } from '../modules/audit/index.ts';
import { EconomySyncLoop } from '../modules/economy/index.ts';
import { OpenWebhookWorker } from '../modules/open/index.ts';
import { RegistrySyncLoop } from '../modules/registries/index.ts';
import { CaseTimerWorker } from '../modules/cases/index.ts';

export interface Running {
  app: App;
  db: Db;
  url: string;
  stop: () => Promise<void>;
}

/**
 * What a caller adds to a plain server. A production server passes none; the demo (`tongban start`,
 * `TONGBAN_DEMO=1`) passes its seed, its webhook receiver and its front database from `src/demo/server.ts`, so
 * the server itself never loads demo code.
 */
export interface ServerHooks {
  /** Registered under /api next to the modules' routes. */
  routes?: FastifyPluginAsync[];
  /** After migrations, before the server listens. */
  beforeListen?: (services: Services) => Promise<void>;
  /** Once the server listens; what it returns is stopped before the database closes. */
  afterListen?: (services: Services) => Promise<{ stop: () => Promise<void> } | undefined>;
}

/** What the operator of a new installation runs first; printed when the database has no user at all. */
export const FIRST_ADMIN_HINT =
  'no users yet: create the first platform administrator with ' +
  "`tongban user add admin --name '平台管理员' --role platform_admin` (see docs/OPERATIONS.md)";

/**
 * Opens the database, applies migrations, runs the caller's hooks, and listens.
 * `stop` lets in-flight requests finish before the database closes (PGlite flushes its files then).
 */
export async function startServer(
  config: Config,
  options: {
    hooks?: ServerHooks;
    logger?: FastifyServerOptions['logger'];
    print?: (line: string) => void;
  } = {},
): Promise<Running> {
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const hooks = options.hooks ?? {};
  const db = await openDb(config);
  await migrate(db, undefined, (m) => print(`migration ${m.version}_${m.name} applied`));
  const services = buildServices(db, {
    ...config,
    secretKey: loadSecretKey(config.secretKeyHex, config.dataDir),
  });
  await hooks.beforeListen?.(services);
  if ((await services.identity.counts()).users === 0) print(FIRST_ADMIN_HINT);
  const app = await buildApp(services, config, options.logger ?? false, undefined, hooks.routes);
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
  const extra = await hooks.afterListen?.(services);
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
  // … and retention: one process at a time deletes what has outlived its window (maintenance.ts).
  const maintenance = new Maintenance(services, config.retention, {
    onError: (err) => app.log.warn({ err }, 'retention run failed'),
  });
  maintenance.start();
  // … and the audit log's: next months' partitions made ahead, every chain's head signed (AUDIT_CHECKPOINT_MINUTES).
  const auditUpkeep = new AuditMaintenance(services.audit, {
    everyMinutes: config.auditCheckpointMinutes,
    onError: (err) => app.log.warn({ err }, 'audit checkpoint failed'),
  });
  auditUpkeep.start();
  // … and the macro-economy registry's sync from its sources' change logs.
  const economySync = new EconomySyncLoop(services.economy, {
    onError: (err) => app.log.warn({ err }, 'economy sync failed'),
  });
  economySync.start();
  // … and the population and legal-person registries', a source's change reaching its golden record in seconds.
  const registrySync = new RegistrySyncLoop(services.registries, {
    onError: (err) => app.log.warn({ err }, 'registry sync failed'),
  });
  registrySync.start();
  // … and the open data portal's: each new version of a dataset POSTed to the developers following it.
  const openWebhooks = new OpenWebhookWorker(db, services.audit, services.openWebhooks, {
    publicUrl: config.publicUrl,
    onError: (err) => app.log.warn({ err }, 'open data webhook delivery failed'),
  });
  openWebhooks.start();
  // … and the case engine's durable timers: SLA warnings, deadlines passing, notifications to an external sender.
  const caseTimers = new CaseTimerWorker(services.cases.timers, {
    onError: (err) => app.log.warn({ err }, 'case timer failed'),
  });
  caseTimers.start();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      shuttingDown = true;
      const idle =
        inFlight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
      await Promise.all([
        app.close(),
        delivery.stop(),
        scheduler.stop(),
        maintenance.stop(),
        auditUpkeep.stop(),
        economySync.stop(),
        registrySync.stop(),
        openWebhooks.stop(),
        caseTimers.stop(),
      ]);
      await extra?.stop();
      await Promise.race([idle, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
      await db.close();
    })());
  return { app, db, url: address, stop };
}
