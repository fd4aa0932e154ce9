import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run's browser tests keep the demo city they seed once per engine (see browser.ts). */
    e2eRunDir: string;
  }
}

/**
 * Vitest global setup: a directory for this run's seeded demo templates, removed with the PostgreSQL template
 * database at the end of the run; then the CI check below.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = mkdtempSync(path.join(tmpdir(), 'tongban-e2e-run-'));
  project.provide('e2eRunDir', runDir);
  await requireServicesUnderCi();
  return async () => {
    const ready = path.join(runDir, 'demo-postgres.ready.json');
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (existsSync(ready) && adminUrl) {
      const { source } = JSON.parse(readFileSync(ready, 'utf8')) as { source: string };
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${source} WITH (FORCE)`).finally(() => client.end());
    }
    rmSync(runDir, { recursive: true, force: true });
  };
}

/**
 * Under CI (CI=true) the PostgreSQL half of every integration suite and the MariaDB front
 * database of the connector tests must run: a missing TEST_DATABASE_URL or an unreachable server fails the run
 * here, before any test, instead of the suites quietly running on PGlite alone. Outside CI, a developer without
 * the servers still runs the PGlite half.
 */
async function requireServicesUnderCi(): Promise<void> {
  if (process.env.CI !== 'true') return;
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (!pgUrl)
    throw new Error(
      'CI=true but TEST_DATABASE_URL is not set: the PostgreSQL half of the suites would be skipped',
    );
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(`CI=true but PostgreSQL at TEST_DATABASE_URL is unreachable: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
  // The connector tests' default, see test/integration/exchange-connector.test.ts.
  const mysqlUrl = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
  try {
    const conn = await mysql.createConnection({ uri: mysqlUrl, connectTimeout: 10_000 });
    await conn.query('SELECT 1');
    await conn.end();
  } catch (err) {
    throw new Error(`CI=true but MariaDB at ${mysqlUrl} is unreachable: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
