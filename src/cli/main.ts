import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { openDb } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { SYSTEM_ACTOR, type Actor } from '../modules/audit/index.ts';
import { generatePassword, ROLE_SCOPE, ROLES, type Role, type RoleGrant } from '../modules/identity/index.ts';
import { seedDemoCity } from '../demo/seed.ts';
import { demoReceiverUrl, demoServerHooks, printDemoUsers } from '../demo/server.ts';
import { backupDatabase, restoreDatabase } from '../db/backup.ts';
import { detectCharset, readRecords, readWorkbook, type SourceRow } from '../modules/exchange/index.ts';
import { REGISTRIES, REGISTRY_KINDS, type RegistryKind } from '../modules/registries/index.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { buildServices, type Services } from '../server/context.ts';
import { AppError } from '../core/errors.ts';
import { startServer } from '../server/main.ts';
import { progressBar } from './progress.ts';
import { loadSecretKey } from '../lib/secretbox.ts';
import { SM2_DEFAULT_USER_ID } from '../lib/sm2.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * A new embedded database being made ahead by bin/tongban.mjs (initdb-ahead.mjs) while the sources loaded; every
 * command that opens the database waits for it first, so the two never touch the same files.
 */
let databaseReady: Promise<void> | undefined;

async function openDatabase(config: Parameters<typeof openDb>[0]) {
  await databaseReady;
  return openDb(config);
}

/** CLI actions are audited as the operating-system user who ran them. */
const cliActor = (): Actor => ({ ...SYSTEM_ACTOR, name: `cli:${os.userInfo().username}` });

async function withServices<T>(fn: (s: Services, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // An operator's one-off command (verifying the whole audit chain, importing a big file) may rightly run longer
  // than a request may: the statement limit is for the server's pool, not for the command line.
  const db = await openDatabase({ ...config, pgStatementTimeoutMs: 0 });
  try {
    await migrate(db);
    return await fn(
      buildServices(db, { ...config, secretKey: loadSecretKey(config.secretKeyHex, config.dataDir) }),
      config,
    );
  } finally {
    await db.close();
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web app when its output is missing or older than its sources. */
async function buildWebIfStale(): Promise<void> {
  const web = path.join(ROOT, 'web');
  const index = path.join(web, 'dist', 'index.html');
  const sources = Math.max(
    newestMtime(path.join(web, 'src')),
    statSync(path.join(web, 'index.html')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  say('building the web app …');
  const { build } = await import('vite');
  await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * A production server unless the demo is asked for (`start`, `serve --demo` or TONGBAN_DEMO=1): only then does an
 * empty database get the demo city and the server the demo's receiver; only `start` runs the demo front database.
 */
async function serve(options: { demo: boolean; demoFrontDb?: boolean }): Promise<void> {
  const config = loadConfig();
  const demo = options.demo || config.demo;
  await databaseReady;
  const running = await startServer(config, {
    hooks: demo ? demoServerHooks(config, say, { frontDb: options.demoFrontDb ?? false }) : undefined,
    logger: { level: config.logLevel },
  });
  say(
    `Tongban is listening on ${running.url} (${running.db.engine}${config.databaseUrl ? '' : `, data in ${config.dataDir}`}${demo ? ', demo' : ''})`,
  );
  say(`web: ${running.url}/   API docs: ${running.url}/api/docs`);
  const shutdown = (signal: string) => {
    say(`${signal}: finishing in-flight requests and closing the database …`);
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** `role` or `role@departmentKeyOrId`. */
async function parseRoles(
  services: Services,
  specs: string[],
  departmentId: string | null,
): Promise<RoleGrant[]> {
  const out: RoleGrant[] = [];
  for (const spec of specs) {
    const [name, dept] = spec.split('@') as [string, string | undefined];
    if (!ROLES.includes(name as Role)) throw new Error(`unknown role "${name}"; roles: ${ROLES.join(', ')}`);
    const role = name as Role;
    const scoped = ROLE_SCOPE[role] === 'department';
    const scope = dept ? await resolveDepartment(services, dept) : scoped ? departmentId : null;
    if (scoped && !scope)
      throw new Error(`role ${role} needs a department: ${role}@<department> or --department`);
    out.push({ role, departmentId: scoped ? scope : null });
  }
  return out;
}

async function resolveDepartment(services: Services, keyOrId: string): Promise<string> {
  const found = await services.org.findByKeyOrId(keyOrId);
  if (!found) throw new Error(`no department "${keyOrId}" (give its id, key or exact name)`);
  return found.id;
}

export function cli(): Command {
  const program = new Command('tongban')
    .description('Tongban (通办): one network for a city government’s data and services')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nConfiguration comes from the environment: DATABASE_URL (PostgreSQL; default embedded PGlite),\nDATA_DIR (./data), PORT (8080), HOST (127.0.0.1), PUBLIC_URL, TONGBAN_SECRET_KEY, TONGBAN_DEMO, LOG_LEVEL.\nSee README.md and docs/OPERATIONS.md.',
    );

  program
    .command('start')
    .description('the demo: build the web app when needed, then serve; an empty database gets the demo city')
    .action(async () => {
      await buildWebIfStale();
      await serve({ demo: true, demoFrontDb: true });
    });

  program
    .command('serve')
    .description(
      'serve the API and the built web app (production: no demo data, unless --demo or TONGBAN_DEMO=1)',
    )
    .option('--demo', 'create the demo city in an empty database and mount the demo receiver')
    .action((opts: { demo?: boolean }) => serve({ demo: opts.demo ?? false }));

  program
    .command('migrate')
    .description('apply pending database migrations (also done on every start)')
    .action(async () => {
      const config = loadConfig();
      const db = await openDatabase(config);
      try {
        const { applied, current } = await migrate(db, undefined, (m) =>
          say(`applying ${m.version}_${m.name}`),
        );
        say(applied.length ? `applied ${applied.length} migration(s)` : 'nothing to apply');
        say(`schema version ${current?.version ?? 0} (${db.engine})`);
      } finally {
        await db.close();
      }
    });

  program
    .command('seed')
    .description('create the demo city: regions, 60 departments, demo users (idempotent)')
    .action(async () => {
      await withServices(async (services, config) => {
        const started = Date.now();
        const report = await seedDemoCity(services, cliActor(), {
          password: config.demoPassword,
          onProgress: progressBar(),
          people: config.demoPeople,
          openRecords: config.demoOpenRecords,
          cases: config.demoCases,
          webhookUrl: demoReceiverUrl(config),
        });
        const records = report.exchange.loaded.reduce((n, l) => n + l.records, 0);
        say(
          `demo city ready: ${report.regions} regions, ${report.departments} departments, ${report.resources} catalog resources published, ${records} records in ${report.exchange.loaded.length} resources ingested, ${report.exchange.subscriptions} subscriptions, ${report.openData.records} open data records in ${report.openData.resources} resources (${Date.now() - started} ms)`,
        );
        printDemoUsers(report.users, say);
      });
    });

  program
    .command('backup')
    .description(
      'write a backup of the database to a file (pg_dump custom format, or the PGlite data directory)',
    )
    .argument('<file>')
    .action(async (file: string) => {
      const config = loadConfig();
      const { engine, bytes } = await backupDatabase(config, path.resolve(file));
      say(`backup of the ${engine} database written to ${file} (${bytes} bytes)`);
      say('the sealing key is not in it: keep TONGBAN_SECRET_KEY (or DATA_DIR/secret.key) with the backup');
    });

  program
    .command('restore')
    .description('restore a backup into an empty database (DATABASE_URL) or a new data directory (DATA_DIR)')
    .argument('<file>')
    .action(async (file: string) => {
      const config = loadConfig();
      const { engine } = await restoreDatabase(config, path.resolve(file));
      say(`restored ${file} into the ${engine} database; start the server to apply any newer migrations`);
    });

  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description(
      'check every hash chain from the last good signed checkpoint and report the first broken link (exit code 1 if any)',
    )
    .option('--full', 'walk every chain from its first entry, checking every signed checkpoint on the way')
    .action(async (opts: { full?: boolean }) => {
      await withServices(async (services) => {
        const report = await services.audit.verify({
          full: opts.full ?? false,
          onProgress: (n) => process.stderr.isTTY && process.stderr.write(`\rchecked ${n}`),
        });
        if (process.stderr.isTTY) say('');
        const from = report.checkpointId
          ? ` from checkpoint ${report.checkpointId}`
          : ' from the first entry';
        if (report.ok)
          say(
            `audit chain intact: ${report.checked} entries checked${from}, ${report.checkpointsChecked} signed checkpoint(s) held`,
          );
        else {
          const where =
            report.brokenShard === null || report.brokenShard < 0
              ? ''
              : ` in shard ${report.brokenShard} at seq ${report.brokenSeq}${report.firstBrokenId ? ` (entry ${report.firstBrokenId})` : ''}`;
          say(`audit chain BROKEN${where}: ${report.reason} (${report.checked} entries checked${from})`);
          process.exitCode = 1;
        }
      });
    });
  audit
    .command('checkpoint')
    .description(
      "sign every chain's head (seq and hash) with the platform's SM2 key, as the server does periodically",
    )
    .option(
      '--out <dir>',
      'also write pub.pem, payload and sig.der of the newest checkpoint there, for OpenSSL',
    )
    .action(async (opts: { out?: string }) => {
      await withServices(async (services) => {
        await services.audit.ensurePartitions();
        const made = await services.audit.checkpoint();
        say(made ? `checkpoint ${made.id} signed at ${made.at}` : 'no chain moved since the last checkpoint');
        if (!opts.out) return;
        const [newest] = (await services.audit.checkpoints({ limit: 1 })).items;
        if (!newest) return say('no checkpoint yet');
        const dir = path.resolve(opts.out);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'pub.pem'), services.audit.publicKeyPem());
        writeFileSync(path.join(dir, 'payload'), newest.payload);
        writeFileSync(path.join(dir, 'sig.der'), Buffer.from(newest.signature, 'base64'));
        say(`checkpoint ${newest.id} written to ${dir}; check it with:`);
        say(
          `  openssl pkeyutl -verify -digest sm3 -rawin -pubin -inkey pub.pem -in payload -sigfile sig.der -pkeyopt distid:${SM2_DEFAULT_USER_ID}`,
        );
      });
    });

  const user = program.command('user').description('manage users');
  user
    .command('add')
    .description('create a user')
    .argument('<username>')
    .requiredOption('--name <displayName>', 'display name')
    .option('--department <dept>', 'department id, key or exact name')
    .option('--role <role...>', `role, or role@department; roles: ${ROLES.join(', ')}`, [])
    .addOption(
      new Option('--password <password>', 'initial password (generated and printed when absent)').env(
        'TONGBAN_NEW_PASSWORD',
      ),
    )
    .action(
      async (
        username: string,
        opts: { name: string; department?: string; role: string[]; password?: string },
      ) => {
        await withServices(async (services) => {
          const departmentId = opts.department ? await resolveDepartment(services, opts.department) : null;
          const roles = await parseRoles(services, opts.role, departmentId);
          const password = opts.password ?? generatePassword();
          const created = await services.identity.createUser(cliActor(), {
            username,
            displayName: opts.name,
            password,
            departmentId,
            roles,
          });
          say(`created ${created.username} (${created.id})`);
          if (!opts.password) say(`password: ${password}`);
        });
      },
    );
  user
    .command('reset-password')
    .description("set a user's password and end the user's sessions")
    .argument('<username>')
    .addOption(
      new Option('--password <password>', 'new password (generated and printed when absent)').env(
        'TONGBAN_NEW_PASSWORD',
      ),
    )
    .action(async (username: string, opts: { password?: string }) => {
      await withServices(async (services) => {
        const found = await services.identity.findUserByUsername(username);
        if (!found) throw new Error(`no user "${username}"`);
        const password = opts.password ?? generatePassword();
        await services.identity.resetPassword(cliActor(), found.id, password);
        say(`password of ${username} changed; existing sessions ended`);
        if (!opts.password) say(`password: ${password}`);
      });
    });

  const apikey = program.command('apikey').description('manage API keys of department systems');
  apikey
    .command('create')
    .description('issue an API key; the secret is printed once on stdout')
    .requiredOption('--department <dept>', 'department id, key or exact name')
    .requiredOption('--name <name>', 'what system uses the key')
    .addOption(
      new Option('--role <role>', 'what the key may do')
        .choices(['dept_consumer', 'dept_steward'])
        .default('dept_consumer'),
    )
    .option('--expires <date>', 'expiry, ISO 8601')
    .action(async (opts: { department: string; name: string; role: Role; expires?: string }) => {
      await withServices(async (services) => {
        const departmentId = await resolveDepartment(services, opts.department);
        const { apiKey, secret } = await services.identity.createApiKey(cliActor(), {
          name: opts.name,
          departmentId,
          role: opts.role,
          expiresAt: opts.expires ? new Date(opts.expires).toISOString() : null,
        });
        say(`created key ${apiKey.id} (prefix ${apiKey.prefix}) for ${apiKey.departmentName}`);
        process.stdout.write(`${secret}\n`);
      });
    });
  apikey
    .command('revoke')
    .description('revoke an API key by id or prefix')
    .argument('<idOrPrefix>')
    .action(async (idOrPrefix: string) => {
      await withServices(async (services) => {
        const key = await services.identity.findApiKey(idOrPrefix);
        if (!key) throw new Error(`no API key "${idOrPrefix}"`);
        await services.identity.revokeApiKey(cliActor(), key.id);
        say(`revoked ${key.prefix} (${key.name})`);
      });
    });

  const catalog = program.command('catalog').description('the resource catalog (政务信息资源目录)');
  catalog
    .command('export')
    .description(
      'write the catalog, or a department’s part of it, as an Excel workbook in the guideline layout',
    )
    .requiredOption('--out <file>', 'where to write the .xlsx')
    .option('--department <dept>', 'only this department (id, key, name or credit code)')
    .option('--q <text>', 'only what this search finds')
    .action(async (opts: { out: string; department?: string; q?: string }) => {
      await withServices(async (services) => {
        const departmentId = opts.department ? await resolveDepartment(services, opts.department) : undefined;
        const { file, count } = await services.catalogTransfer.exportWorkbook(
          cliActor(),
          { departmentId, q: opts.q },
          { kind: 'all' },
        );
        writeFileSync(opts.out, file);
        say(`wrote ${count} resources to ${opts.out}`);
      });
    });
  catalog
    .command('import')
    .description('validate an Excel catalog and apply it all or nothing (new rows become drafts)')
    .argument('<file>')
    .option('--dry-run', 'validate and count, change nothing')
    .action(async (file: string, opts: { dryRun?: boolean }) => {
      await withServices(async (services) => {
        const report = await services.catalogTransfer.importWorkbook(cliActor(), readFileSync(file), {
          dryRun: opts.dryRun ?? false,
          lang: 'zh',
          mayEdit: () => true,
        });
        for (const e of report.errors)
          say(`${e.sheet} 第 ${e.row} 行 [${e.column}] ${e.message} (${e.code})`);
        say(
          `${report.applied ? 'applied' : 'not applied'}: ${report.created} created, ${report.revised} revised, ${report.unchanged} unchanged, ${report.errors.length} errors`,
        );
        if (report.errors.length) process.exitCode = 1;
      });
    });

  const exchange = program.command('exchange').description('the exchange hub (政务数据共享交换平台)');
  exchange
    .command('ingest')
    .description(
      'load a file (.ndjson, .csv, .json or .xlsx) into a resource through the validated ingest path',
    )
    .argument('<resource>', 'resource id or code')
    .argument('<file>')
    .option(
      '--mode <mode>',
      'upsert (changes only) or snapshot (the full set; missing keys are deleted)',
      'upsert',
    )
    .option('--on-error <policy>', 'reject (the whole batch) or quarantine (bad rows set aside)', 'reject')
    .option('--dry-run', 'validate and count, change nothing')
    .option('--idempotency-key <key>', 'repeat safely: the same key and file apply once')
    .action(
      async (
        ref: string,
        file: string,
        opts: { mode: string; onError: string; dryRun?: boolean; idempotencyKey?: string },
      ) => {
        if (!['upsert', 'snapshot'].includes(opts.mode) || !['reject', 'quarantine'].includes(opts.onError))
          throw new Error('--mode is upsert or snapshot; --on-error is reject or quarantine');
        await withServices(async (services) => {
          const resource = await services.catalog.get(ref, { kind: 'all' });
          const digest = opts.idempotencyKey ? await sm3OfFile(file) : undefined;
          const result = await services.exchange.ingest(cliActor(), resource.id, fileRows(file), {
            source: 'upload',
            mode: opts.mode as 'upsert' | 'snapshot',
            onError: opts.onError as 'reject' | 'quarantine',
            dryRun: opts.dryRun ?? false,
            idempotencyKey: opts.idempotencyKey,
            bodyDigest: digest === undefined ? undefined : () => digest,
          });
          for (const e of result.rejected) say(`第 ${e.row} 行 [${e.field ?? '-'}] ${e.message} (${e.code})`);
          say(
            `${result.dryRun ? 'dry run' : 'applied'}: ${result.received} received, ${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged, ${result.deleted} deleted, ${result.quarantined} quarantined` +
              (result.lastSeq === null ? '' : `, seq ${result.firstSeq}–${result.lastSeq}`) +
              ` (${result.durationMs} ms)`,
          );
        });
      },
    );
  exchange
    .command('connector-run')
    .description("run a resource's pull connector now (前置库)")
    .argument('<resource>', 'resource id or code')
    .action(async (ref: string) => {
      await withServices(async (services) => {
        const resource = await services.catalog.get(ref, { kind: 'all' });
        const run = await services.connectors.runNow(cliActor(), resource.id);
        say(
          `${run.outcome}: ${run.rowsRead} rows in ${run.batches} batches, high-water ${run.highWaterBefore ?? '-'} → ${run.highWaterAfter ?? '-'}`,
        );
        if (run.outcome === 'failed') {
          say(`error: ${run.error ?? ''}`);
          process.exitCode = 1;
        }
      });
    });

  const sharing = program
    .command('sharing')
    .description('sharing (政务信息共享): agreements, grants, requests');
  sharing
    .command('agreement-add')
    .description('record a signed security agreement (安全保密协议, PDF) for a using department')
    .requiredOption('--department <dept>', 'department id, key or exact name')
    .requiredOption('--file <pdf>', 'the signed agreement (PDF)')
    .requiredOption('--from <date>', 'valid from (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'valid to (YYYY-MM-DD)')
    .option('--signed <date>', 'signing date (default: --from)')
    .option('--title <title>', 'title', '政务信息资源共享安全保密协议')
    .option('--parties <text>', 'the parties (default: the operator and the department)')
    .action(
      async (opts: {
        department: string;
        file: string;
        from: string;
        to: string;
        signed?: string;
        title: string;
        parties?: string;
      }) => {
        await withServices(async (services) => {
          const departmentId = await resolveDepartment(services, opts.department);
          const dept = await services.org.get(departmentId);
          const agreement = await services.sharing.agreements.create(
            cliActor(),
            {
              departmentId,
              title: opts.title,
              parties: opts.parties ?? `甲方：市信息中心\n乙方：${dept.name}`,
              signedOn: opts.signed ?? opts.from,
              validFrom: opts.from,
              validTo: opts.to,
            },
            { name: path.basename(opts.file), content: readFileSync(opts.file) },
          );
          say(
            `recorded agreement ${agreement.id} for ${dept.name}: ${agreement.validFrom} – ${agreement.validTo} (${agreement.state})`,
          );
        });
      },
    );
  sharing
    .command('grants')
    .description('list grants (as TSV on stdout): all, or those a department holds or gave')
    .option('--consumer <dept>', 'held by this department')
    .option('--provider <dept>', 'on this department’s resources')
    .action(async (opts: { consumer?: string; provider?: string }) => {
      await withServices(async (services) => {
        const consumerIds = opts.consumer ? [await resolveDepartment(services, opts.consumer)] : null;
        const providerIds = opts.provider ? [await resolveDepartment(services, opts.provider)] : null;
        const { items } = await services.sharing.grants.list({ consumerIds, providerIds }, 10_000, 0);
        process.stdout.write(
          'id\tstate\tconsumer\tresource\tprovider\titems\tmasked\tpurpose\tvalid_to\tcalls_today\n',
        );
        for (const g of items)
          process.stdout.write(
            [
              g.id,
              g.state,
              g.consumerDepartmentName,
              g.resourceName,
              g.providerDepartmentName,
              g.items.join(','),
              g.maskedItems.join(','),
              g.purpose,
              g.validTo.slice(0, 10),
              g.callsToday,
            ].join('\t') + '\n',
          );
        say(`${items.length} grants`);
      });
    });
  sharing
    .command('revoke')
    .description('revoke a grant; the next call under it is refused')
    .argument('<grantId>')
    .requiredOption('--reason <text>', 'why (shown to the consumer)')
    .action(async (grantId: string, opts: { reason: string }) => {
      await withServices(async (services) => {
        const g = await services.sharing.grants.revoke(cliActor(), grantId, opts.reason);
        say(`revoked: ${g.consumerDepartmentName} may no longer use ${g.resourceName}`);
      });
    });
  sharing
    .command('overdue')
    .description('open requests past their response deadline (flagged to the operator)')
    .action(async () => {
      await withServices(async (services) => {
        const { items } = await services.sharing.requests.list({}, { overdue: true }, 1000, 0);
        for (const r of items)
          process.stdout.write(
            `${r.id}\t${r.status}\t${r.consumerDepartmentName} → ${r.providerDepartmentName}\t${r.resourceName}\tdue ${r.dueAt}\n`,
          );
        say(`${items.length} overdue requests`);
      });
    });

  const registry = program
    .command('registry')
    .description('the population and legal-person registries (基础库)');
  const kindOf = (name: string): RegistryKind => {
    const kind = name === 'legal-person' ? 'legal_person' : name;
    if (!(REGISTRY_KINDS as readonly string[]).includes(kind))
      throw new Error(`unknown registry "${name}": population or legal-person`);
    return kind as RegistryKind;
  };
  registry
    .command('sync')
    .description(
      'read every source’s new changes into the registry and publish the golden records that changed',
    )
    .option('--registry <name>', 'population or legal-person (default: both)')
    .action(async (opts: { registry?: string }) => {
      await withServices(async (services) => {
        const kinds = opts.registry ? [kindOf(opts.registry)] : await services.registries.reads.list();
        for (const kind of kinds) {
          const { sources, published } = await services.registries.syncNow(cliActor(), kind);
          const applied = sources.reduce((n, s) => n + s.applied, 0);
          say(
            `${REGISTRIES[kind].nameZh}: ${applied} changes applied from ${sources.length} sources, ${published} golden records published`,
          );
        }
      });
    });
  registry
    .command('status')
    .description('counts, queues and sources of each registry (as TSV on stdout)')
    .action(async () => {
      await withServices(async (services) => {
        process.stdout.write('registry\tsource\tpriority\tapplied_seq\tlast_seq\trecords\tlast_error\n');
        for (const kind of await services.registries.reads.list()) {
          const o = await services.registries.reads.overview(kind, true);
          for (const s of o.sources)
            process.stdout.write(
              [o.nameZh, s.name, s.priority, s.appliedSeq, s.lastSeq, s.records, s.lastError ?? ''].join(
                '\t',
              ) + '\n',
            );
          say(
            `${o.nameZh}: ${o.entities} golden records from ${o.records} source records, ${o.openConflicts} open conflicts, ${o.openReviews} open reviews`,
          );
        }
      });
    });

  return program;
}

async function sm3OfFile(file: string): Promise<string> {
  const hash = createHash('sm3');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The rows of a file, read by its extension with the same readers as the API; progress every 50,000 rows. */
async function* fileRows(file: string): AsyncGenerator<SourceRow> {
  const ext = path.extname(file).toLowerCase();
  let rows: AsyncIterable<SourceRow>;
  if (ext === '.xlsx') rows = readWorkbook(file);
  else {
    const format =
      ext === '.csv'
        ? 'csv'
        : ext === '.json'
          ? 'json'
          : ext === '.ndjson' || ext === '.jsonl'
            ? 'ndjson'
            : null;
    if (!format) throw new Error(`${file}: expected .ndjson, .jsonl, .csv, .json or .xlsx`);
    const fd = openSync(file, 'r');
    const sample = Buffer.alloc(64 * 1024);
    const read = readSync(fd, sample, 0, sample.length, 0);
    closeSync(fd);
    rows = readRecords(createReadStream(file), format, detectCharset(sample.subarray(0, read)));
  }
  let n = 0;
  for await (const row of rows) {
    if (++n % 50_000 === 0) say(`${n} rows read`);
    yield row;
  }
}

export async function main(
  argv = process.argv,
  options: { databaseReady?: Promise<void> | undefined } = {},
): Promise<void> {
  databaseReady = options.databaseReady;
  try {
    await cli().parseAsync(argv);
  } catch (err) {
    if (err instanceof AppError) {
      const fields = Array.isArray(err.details?.fields)
        ? (err.details.fields as { field: string; message: { en: string } }[])
            .map((f) => `\n  ${f.field}: ${f.message.en}`)
            .join('')
        : '';
      const rows = Array.isArray(err.details?.rejected)
        ? (err.details.rejected as { row: number; field: string | null; code: string; message: string }[])
            .map((e) => `\n  第 ${e.row} 行 [${e.field ?? '-'}] ${e.message} (${e.code})`)
            .join('')
        : '';
      say(`error ${err.code}: ${err.message}${fields}${rows}`);
    } else say(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
