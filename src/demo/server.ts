import path from 'node:path';
import { SYSTEM_ACTOR } from '../modules/audit/index.ts';
import type { Config } from '../server/config.ts';
import type { Services } from '../server/context.ts';
import type { ServerHooks } from '../server/main.ts';
import { DEMO_FRONT_RESOURCE, dockDemoFrontDb, startDemoFrontDb } from './frontdb.ts';
import { demoReceiverRoutes } from './receiver.ts';
import { seedDemoCity } from './seed.ts';

/** Where the demo's webhook subscription posts: this server's own demo receiver. */
export const demoReceiverUrl = (config: Pick<Config, 'port'>) =>
  `http://127.0.0.1:${config.port}/api/demo/receiver`;

/**
 * The demo plugged into a server (`tongban start`, or `tongban serve` with TONGBAN_DEMO=1): an empty database
 * gets the demo city and its users' passwords are printed once; the demo consumer's webhook receiver is mounted;
 * 公积金中心's front database is started and docked. `frontDb: false` leaves the front database out (tests that
 * need only the city).
 */
export function demoServerHooks(
  config: Config,
  print: (line: string) => void,
  options: { frontDb?: boolean } = {},
): ServerHooks {
  return {
    routes: [demoReceiverRoutes],
    async beforeListen(services) {
      // The demo consumer's receiver is this server on loopback, which webhooks may reach only when allow-listed.
      services.exchange.webhookTargets.allow(new URL(demoReceiverUrl(config)).host);
      if ((await services.org.counts()).departments > 0) {
        await repointDemoReceiver(services, demoReceiverUrl(config));
        return;
      }
      print('empty database: creating the demo city');
      const report = await seedDemoCity(
        services,
        { ...SYSTEM_ACTOR, name: 'seed' },
        {
          password: config.demoPassword,
          people: config.demoPeople,
          openRecords: config.demoOpenRecords,
          cases: config.demoCases,
          webhookUrl: demoReceiverUrl(config),
        },
      );
      printDemoUsers(report.users, print);
    },
    afterListen: (services) =>
      options.frontDb === false ? Promise.resolve(undefined) : startFrontDb(services, config, print),
  };
}

/**
 * The demo consumer's webhooks post to this server's own receiver, whose address holds the port: a demo database
 * started again on another port (PORT changed, or a copy of the database) has its receiver subscriptions moved
 * to this server, or every delivery would fail.
 */
async function repointDemoReceiver(services: Services, receiverUrl: string): Promise<void> {
  const receiver = new URL(receiverUrl);
  const subscriptions = await services.exchange.subscriptions({ consumerIds: null, providerIds: null });
  for (const s of subscriptions) {
    if (s.mode !== 'webhook' || !s.webhookUrl || s.webhookUrl === receiverUrl) continue;
    const url = new URL(s.webhookUrl);
    if (url.pathname !== receiver.pathname || url.hostname !== receiver.hostname) continue;
    await services.exchange.patchSubscription({ ...SYSTEM_ACTOR, name: 'demo' }, s.id, {
      webhookUrl: receiverUrl,
    });
  }
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
): Promise<{ stop: () => Promise<void> } | undefined> {
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
