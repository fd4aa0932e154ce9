import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A new, empty PostgreSQL database on the server behind `adminUrl`, for one test file or one benchmark run,
 * so that they can run side by side. `drop` removes it, closing any connection still open.
 */
export async function createScratchDatabase(
  adminUrl: string,
  prefix: string,
  /** A database to copy (CREATE DATABASE … TEMPLATE): it must have no open connection. */
  template?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  if (template && !/^[a-z_][a-z0-9_]*$/.test(template)) throw new Error(`not a database name: ${template}`);
  const create = `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`;
  // Two copies of one template started at the same moment: PostgreSQL refuses the second while the first
  // connects to the template (55006 "being accessed by other users"); it is free again a moment later.
  for (let attempt = 1; ; attempt++) {
    try {
      await run(create);
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
