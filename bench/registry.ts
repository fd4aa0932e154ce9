// registry: the population registry fed by the demo city's sources through the exchange. Measures how long the
// registry takes to catch up with every source after a first start (records linked per second, DB-backed), then
// the latency of one incremental change: a 公安 household record's phone changes through the push API, and the
// clock runs until the golden person shows the new number (the server's sync loop, no "sync now"). The push's own
// time (the exchange's ingest, committed) is the raw reference in the same run.
import { personRow } from '../src/demo/records/index.ts';
import { progress, type EngineName } from './lib.ts';
import { Api, DEMO_PASSWORD, machine, populationResource, pushBody, round1, startServer } from './server.ts';

interface Overview {
  entities: number;
  records: number;
  openConflicts: number;
  openReviews: number;
  byLink: Record<string, number>;
  sources: {
    name: string;
    appliedSeq: number;
    lastSeq: number;
    records: number;
    lastSyncAt: string | null;
    lastError: string | null;
  }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { n: s.length, p50: round1(at(0.5)), p95: round1(at(0.95)), max: round1(s[s.length - 1] ?? NaN) };
}

/** A mobile number no demo person has: 199 and the round and person in the rest. */
const freshPhone = (round: number, i: number) =>
  `199${String((round * 7919 + i) % 100_000_000).padStart(8, '0')}`;

export async function registry(engine: EngineName, n: number) {
  const machineAtStart = machine();
  const server = await startServer(engine);
  progress(`server up in ${round1(server.startMs / 1000)} s (demo city seeded), pid ${server.pid}`);
  try {
    const admin = await Api.login(server.url, 'admin', DEMO_PASSWORD);
    const steward = await Api.login(server.url, 'gaj_steward', DEMO_PASSWORD);
    const up = performance.now();
    // Caught up: every source has applied what its resource holds (公积金's front database arrives a little later).
    let overview: Overview;
    for (;;) {
      overview = await admin.json<Overview>('GET', '/api/registries/population');
      const pending = overview.sources.filter((s) => s.lastSyncAt === null || s.appliedSeq < s.lastSeq);
      if (!pending.length && overview.records > 0) break;
      if (performance.now() - up > 20 * 60_000)
        throw new Error(`registry did not catch up: ${JSON.stringify(overview.sources)}`);
      progress(`  ${overview.records} source records linked, ${pending.length} sources behind`);
      await sleep(5000);
    }
    const catchUpMs = performance.now() - up;
    progress(
      `caught up in ${round1(catchUpMs / 1000)} s: ${overview.records} source records → ${overview.entities} persons`,
    );

    const resource = await populationResource(admin);
    const pushMs: number[] = [];
    const goldenMs: number[] = [];
    for (let round = 0; round < n; round++) {
      const i = (round * 613) % 2000;
      const row = personRow(i);
      const phone = freshPhone(round, i);
      row['联系电话'] = phone;
      const outcome = await pushBody(steward, resource.id, 'mode=upsert', `${JSON.stringify(row)}\n`);
      pushMs.push(outcome.answeredAt - outcome.startedAt);
      // The golden person as the registry's steward sees it, polled until the new number is there.
      const id = String(row['身份证号']);
      for (;;) {
        const page = await admin.json<{ items: { fields: Record<string, string | null> }[] }>(
          'GET',
          `/api/registries/population/records?limit=1&q=${encodeURIComponent(id)}`,
        );
        if (page.items[0]?.fields['手机号码'] === phone) break;
        if (performance.now() - outcome.answeredAt > 60_000)
          throw new Error(`change of ${id} did not arrive in 60 s`);
        await sleep(20);
      }
      goldenMs.push(performance.now() - outcome.answeredAt);
      progress(
        `change ${round + 1}/${n}: push ${round1(pushMs.at(-1)!)} ms, golden ${round1(goldenMs.at(-1)!)} ms after commit`,
      );
    }
    return {
      bench: 'registry',
      engine,
      people: 20_000,
      source_records: overview.records,
      persons: overview.entities,
      by_link: overview.byLink,
      open_conflicts: overview.openConflicts,
      open_reviews: overview.openReviews,
      catch_up_s: round1(catchUpMs / 1000),
      catch_up_records_per_s: Math.round(overview.records / (catchUpMs / 1000)),
      push_ms: quantiles(pushMs),
      change_to_golden_ms: quantiles(goldenMs),
      machine_at_start: machineAtStart,
      machine_at_end: machine(),
      node: process.version,
      at: new Date().toISOString(),
    };
  } finally {
    await server.stop();
    await server.drop();
  }
}
