// resolve: entity resolution of N source person records in process (no server, no database): N/3 people of the
// demo population, three records each as three departments hold them, two of the three with injected faults
// (src/demo/people-noise.ts: legacy and mistyped 身份证号, missing numbers, Traditional characters, homophones,
// swapped dates, reworded addresses, phone typos) and the ground truth of who is who. Times normalizing, training
// the model (EM over the blocked pairs of a 50,000-record sample) and resolving every record with the incremental
// engine the registry uses, then scores the persons found against the truth (pairwise precision and recall). The
// engine option does not apply. Also the latency of one incremental add once the N records are held (p50/p95).
import { cpus, loadavg } from 'node:os';
import { noisyPeople } from '../src/demo/people-noise.ts';
import { normalizePerson } from '../src/modules/registries/matching/normalize.ts';
import { Resolver } from '../src/modules/registries/matching/resolver.ts';
import { trainFromRecords } from '../src/modules/registries/matching/training.ts';
import { progress, type EngineName } from './lib.ts';

const COPIES = 3;
/** People start far from the demo seed's, as in the ingest bench. */
const FIRST_PERSON = 10_000_000;

function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1e5) / 10;
}

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export async function resolve(_engine: EngineName, n: number): Promise<object> {
  const people = Math.max(1, Math.floor(n / COPIES));
  let peak = rssMb();
  const sample = () => (peak = Math.max(peak, rssMb()));
  const timer = setInterval(sample, 200);
  try {
    progress(`resolve: generating ${people * COPIES} source records of ${people} people`);
    let t = performance.now();
    const records = noisyPeople({ people, copies: COPIES, from: FIRST_PERSON, faultRate: 0.15 });
    const generateSeconds = (performance.now() - t) / 1000;

    progress('resolve: training the model on a sample');
    t = performance.now();
    const params = trainFromRecords(records.slice(0, 50_000).map((r) => normalizePerson(r.fields)));
    const trainSeconds = (performance.now() - t) / 1000;

    progress(`resolve: resolving ${records.length} records`);
    let next = 0;
    const resolver = new Resolver(params, () => `P${++next}`);
    const decisions = { match: 0, review: 0, none: 0 };
    const cpu0 = process.cpuUsage();
    t = performance.now();
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      decisions[resolver.add(r.id, r.fields).decision]++;
      if (i % 100_000 === 99_999) progress(`  ${i + 1} records, ${resolver.persons} persons`);
    }
    const resolveSeconds = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    sample();

    // Pairwise precision and recall against the truth.
    const byPerson = new Map<string, Map<number, number>>();
    for (const r of records) {
      const p = resolver.personOf(r.id)!;
      let counts = byPerson.get(p);
      if (!counts) byPerson.set(p, (counts = new Map()));
      counts.set(r.truth, (counts.get(r.truth) ?? 0) + 1);
    }
    const pairs = (k: number) => (k * (k - 1)) / 2;
    let predicted = 0;
    let correct = 0;
    for (const counts of byPerson.values()) {
      let size = 0;
      for (const c of counts.values()) {
        size += c;
        correct += pairs(c);
      }
      predicted += pairs(size);
    }
    const actual = people * pairs(COPIES);

    // One more record at a time, into the full resolver: what a change arriving from a source costs.
    const extra = noisyPeople({ people: 300, copies: 1, from: FIRST_PERSON + people, seed: 7 });
    const latencies: number[] = [];
    for (const r of extra) {
      const a = performance.now();
      resolver.add(r.id, r.fields);
      latencies.push(performance.now() - a);
    }

    return {
      bench: 'resolve',
      records: records.length,
      people,
      records_per_s: Math.round(records.length / resolveSeconds),
      precision: Math.round((correct / predicted) * 10000) / 10000,
      recall: Math.round((correct / actual) * 10000) / 10000,
      peak_rss_mb: peak,
      targets: {
        records_per_s: { atLeast: 10_000, met: records.length / resolveSeconds >= 10_000 },
        precision: { atLeast: 0.99, met: correct / predicted >= 0.99 },
        recall: { atLeast: 0.98, met: correct / actual >= 0.98 },
      },
      persons: resolver.persons,
      decisions,
      seconds: {
        generate: Math.round(generateSeconds * 10) / 10,
        train: Math.round(trainSeconds * 10) / 10,
        resolve: Math.round(resolveSeconds * 10) / 10,
      },
      cpuMicrosPerRecord: Math.round(((cpu.user + cpu.system) / records.length) * 10) / 10,
      incrementalAddMs: {
        p50: Math.round(percentile(latencies, 0.5) * 1000) / 1000,
        p95: Math.round(percentile(latencies, 0.95) * 1000) / 1000,
      },
      model: { prior: Math.round(params.prior * 1000) / 1000, m: params.m, u: params.u },
      machine: { cpus: cpus().length, loadAvg: loadavg() },
      notes: [
        'In process, one thread: normalizing (Simplified, pinyin, 15→18-digit numbers, dates, addresses), blocking, Fellegi–Sunter scoring and clustering of every record, as the registry does per change.',
        'precision/recall: pairwise over the persons found against the ground truth of the injected records.',
        'incrementalAddMs: one record added to the resolver holding all N (in memory); the registry’s path from an ingest to a golden record adds the exchange delivery and the database writes.',
      ],
    };
  } finally {
    clearInterval(timer);
  }
}
