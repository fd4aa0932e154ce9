// validate: the exchange validator on the population resource's person rows, in process (no server, no
// database): µs per row for JSON.parse of the NDJSON line, for the compiled check() (key, canonical JSON and
// MD5 included), and for the closure validator it replaced (test/unit/validate-reference, its json and hash
// included too), timed in alternating rounds of the same run. Timed as CPU time of this process (user + system),
// which a busy shared machine disturbs far less than wall time; wall time is reported too. The engine option
// does not apply.
import { cpus, loadavg } from 'node:os';
import { buildDemoCatalog } from '../src/demo/catalog/index.ts';
import { personRow } from '../src/demo/records/index.ts';
import type { Item } from '../src/modules/catalog/schema.ts';
import { compileRecordSchema } from '../src/modules/exchange/validate.ts';
import { compileRecordSchema as compileReference } from '../test/unit/validate-reference/validate.ts';
import { progress, type EngineName } from './lib.ts';

/** Timed rounds per measure; the median is reported. */
const ROUNDS = 7;
/** Person indexes start far from the demo seed's, as in the ingest bench. */
const FIRST_PERSON = 10_000_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export async function validate(_engine: EngineName, n: number): Promise<object> {
  const resource = buildDemoCatalog().find((r) => r.departmentKey === 'gaj' && r.name === '人口基本信息');
  if (!resource) throw new Error('no 公安局 人口基本信息 in the demo catalog');
  const items = resource.items.map((item, position) => ({ ...item, position }) as Item);

  progress(`validate: generating ${n} person rows`);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify(personRow(FIRST_PERSON + i)));
  const bytes = lines.reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0);
  const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  // Compiling is once per resource version (the hub caches it); timed cold, as the first push of a version pays it.
  const compileStart = performance.now();
  const compiled = compileRecordSchema(items);
  const compileMs = performance.now() - compileStart;
  const reference = compileReference(items);
  // Every row must pass both, with the same key and hash, or the timings compare different work.
  for (let i = 0; i < n; i++) {
    const a = compiled.check(rows[i]!, i + 1, { allowDelete: true });
    const b = reference.check(rows[i]!, i + 1, { allowDelete: true });
    if (!a.ok || !b.ok) throw new Error(`row ${i + 1} invalid: ${JSON.stringify(a.ok ? b : a)}`);
    if (a.key !== b.key || a.hash !== b.hash || a.json !== b.json) {
      throw new Error(`row ${i + 1}: the compiled and the reference validator disagree`);
    }
  }

  // Each measure returns something derived from every result so nothing is optimized away.
  let sink = 0;
  const measures: Record<string, () => void> = {
    parse: () => {
      for (let i = 0; i < n; i++) sink += (JSON.parse(lines[i]!) as object) === null ? 1 : 0;
    },
    check: () => {
      for (let i = 0; i < n; i++) {
        const r = compiled.check(rows[i]!, i + 1, { allowDelete: true });
        sink += r.ok ? r.hash.length : 0;
      }
    },
    reference: () => {
      for (let i = 0; i < n; i++) {
        const r = reference.check(rows[i]!, i + 1, { allowDelete: true });
        sink += r.ok ? r.hash.length : 0;
      }
    },
  };
  const samples: Record<string, number[]> = { parse: [], check: [], reference: [] };
  const wall: Record<string, number[]> = { parse: [], check: [], reference: [] };
  // One untimed warm-up round, then alternating rounds so drift on a shared machine hits every measure alike.
  for (const fn of Object.values(measures)) fn();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(measures)) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      fn();
      const c1 = process.cpuUsage(c0);
      samples[name]!.push((c1.user + c1.system) / n);
      wall[name]!.push(((performance.now() - t0) * 1000) / n);
    }
    progress(
      `validate: round ${round + 1}/${ROUNDS} ` +
        Object.entries(samples)
          .map(([k, v]) => `${k} ${round3(v.at(-1)!)} µs`)
          .join(', '),
    );
  }
  const medians = (m: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round3(median(v))]));
  const us = medians(samples);
  return {
    bench: 'validate',
    rows: n,
    items: items.length,
    avgLineBytes: Math.round(bytes / n),
    rounds: ROUNDS,
    compileMs: round3(compileMs),
    /** Median CPU µs per row. */
    cpuUsPerRow: us,
    checkVsReference: round3((us.check as number) / (us.reference as number)),
    minCpuUsPerRow: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round3(Math.min(...v))])),
    wallUsPerRow: medians(wall),
    machine: { cpus: cpus().length, loadAvg: loadavg().map((x) => Math.round(x * 100) / 100) },
    sink: sink > 0,
  };
}
