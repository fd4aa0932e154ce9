// npm run bench -- <name> [--n N] [--engine pglite|postgres] [--scale K]
// Progress goes to stderr; the last line of stdout is one JSON object with the result.
import { parseArgs } from 'node:util';
import { audit } from './audit.ts';
import { delivery } from './delivery.ts';
import { download } from './download.ts';
import { ingest } from './ingest.ts';
import type { EngineName } from './lib.ts';
import { lookup } from './lookup.ts';
import { registry } from './registry.ts';
import { resolve } from './resolve.ts';
import { search } from './search.ts';
import { startup } from './startup.ts';
import { validate } from './validate.ts';

const BENCHES: Record<
  string,
  (engine: EngineName, n: number, options: { scale: number }) => Promise<object>
> = {
  startup,
  search,
  ingest,
  delivery,
  lookup,
  audit,
  validate,
  resolve,
  registry,
  download,
};
/**
 * --n when absent: rounds for startup and search, incremental changes for registry, rows for ingest, validate and download, source records for resolve, changes (at 1,000/s) for delivery,
 * seconds per phase for lookup and audit.
 */
const DEFAULT_N: Record<string, number> = {
  startup: 3,
  search: 3,
  ingest: 1_000_000,
  delivery: 30_000,
  lookup: 10,
  audit: 5,
  validate: 100_000,
  resolve: 1_000_000,
  registry: 30,
  download: 1_000_000,
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    n: { type: 'string' },
    engine: { type: 'string', default: 'pglite' },
    // ingest: also load K×N rows, to compare rows/s at two sizes (1M and 3M: --n 1000000 --scale 3)
    scale: { type: 'string', default: '3' },
  },
});
const name = positionals[0];
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  process.stderr.write(
    `usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [--n N] [--engine pglite|postgres]\n`,
  );
  process.exit(2);
}
const engine = values.engine as EngineName;
if (engine !== 'pglite' && engine !== 'postgres') {
  process.stderr.write(`--engine must be pglite or postgres\n`);
  process.exit(2);
}
const n = values.n === undefined ? (DEFAULT_N[name!] ?? 3) : Number(values.n.replace(/[_,]/g, ''));
const result = await bench(engine, n, { scale: Number(values.scale) });
process.stdout.write(
  `${JSON.stringify({ ...result, node: process.version, at: new Date().toISOString() })}\n`,
);
