// delivery: latency from ingest commit to webhook receipt at a steady 1,000 changes/s (100 changed rows every
// 100 ms pushed with mode=upsert), measured by a receiver in this process.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { personRow } from '../src/demo/records/index.ts';
import { verifyWebhook } from '../src/modules/exchange/delivery/signature.ts';
import { progress, type EngineName } from './lib.ts';
import {
  Api,
  cpuSeconds,
  DEMO_PASSWORD,
  populationResource,
  postgresCpu,
  postgresCpuSince,
  machine,
  procMemory,
  pushBody,
  round1,
  RssSampler,
  startServer,
  type PushOutcome,
} from './server.ts';

const ROWS_PER_BATCH = 100;
const INTERVAL_MS = 100;
/** Distinct people whose records change; each batch takes the next 100 of them, round robin. */
const POOL = 20_000;
/** Their indexes (far from the demo seed's and the ingest benchmark's). */
const FIRST_PERSON = 30_000_000;
/** Warm-up batches before the measured ones (JIT, plan caches, the first webhook connection). */
const WARMUP_BATCHES = 20;
const DRAIN_TIMEOUT_MS = 60_000;

/** 'YYYY-MM-DDTHH:mm:ss+08:00' of an instant. */
function cst(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}
const UPDATE_BASE_MS = Date.parse('2025-01-01T00:00:00+08:00');

/** Batch b's body: 100 people, each with a 数据更新时间 no earlier batch gave them, so every row is a change. */
function batchBody(b: number): string {
  const lines: string[] = [];
  for (let j = 0; j < ROWS_PER_BATCH; j++) {
    const row = personRow(FIRST_PERSON + ((b * ROWS_PER_BATCH + j) % POOL));
    row['数据更新时间'] = cst(UPDATE_BASE_MS + b * 1000);
    lines.push(`${JSON.stringify(row)}\n`);
  }
  return lines.join('');
}

function quantiles(samples: number[]) {
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    n: s.length,
    min: r(s[0] ?? NaN),
    p50: r(at(0.5)),
    p90: r(at(0.9)),
    p99: r(at(0.99)),
    max: r(s[s.length - 1] ?? NaN),
    mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

interface Receipt {
  at: number;
  post: number;
}

/** The consumer's receiving system: verifies each POST's signature and notes when each seq first arrived. */
async function startReceiver(secretOf: () => string | null) {
  const firstSeen = new Map<number, Receipt>();
  const stats = { posts: 0, changes: 0, duplicates: 0, badSignatures: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const at = performance.now();
      const body = Buffer.concat(parts);
      const secret = secretOf();
      const ok =
        secret !== null &&
        verifyWebhook({
          secret,
          timestamp: req.headers['x-tongban-timestamp'] as string | undefined,
          signature: req.headers['x-tongban-signature'] as string | undefined,
          body,
        });
      if (!ok) {
        stats.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      const post = ++stats.posts;
      stats.bytes += body.length;
      const batch = JSON.parse(body.toString('utf8')) as { changes: { seq: number }[] };
      for (const c of batch.changes) {
        stats.changes++;
        if (firstSeen.has(c.seq)) stats.duplicates++;
        else firstSeen.set(c.seq, { at, post });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    firstSeen,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

/**
 * delivery: `n` changes (default 30,000 = 30 s) pushed as 100 changed rows every 100 ms to the population resource,
 * with a webhook subscription (from 'latest') to a receiver in this process; latency = receipt − the moment the
 * push's response arrived (the batch had committed by then), and receipt − the push's request start.
 */
export async function delivery(engine: EngineName, n: number) {
  if (!Number.isInteger(n) || n < ROWS_PER_BATCH)
    throw new Error(`--n (changes) must be an integer ≥ ${ROWS_PER_BATCH}`);
  const batches = Math.ceil(n / ROWS_PER_BATCH);
  const machineAtStart = machine();
  progress(`preparing ${(batches + WARMUP_BATCHES).toLocaleString()} batches of ${ROWS_PER_BATCH} rows …`);
  const bodies = Array.from({ length: WARMUP_BATCHES + batches }, (_, b) => batchBody(b));

  // The benchmark's receiver listens on loopback, which webhooks reach only when the operator allow-lists it.
  const server = await startServer(engine, { env: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });
  progress(`server up in ${round1(server.startMs / 1000)} s, pid ${server.pid}`);
  const sampler = new RssSampler(server.pid);
  let secret: string | null = null;
  const receiver = await startReceiver(() => secret);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  try {
    const api = await Api.login(server.url, 'admin', DEMO_PASSWORD);
    const resource = await populationResource(api);
    const depts = await api.json<{ items: { id: string; name: string }[] }>(
      'GET',
      '/api/departments?limit=200',
    );
    const consumer =
      depts.items.find((d) => d.name.includes('民政局') && d.id !== resource.departmentId) ??
      depts.items.find((d) => d.id !== resource.departmentId && !d.name.includes('公积金'));
    if (!consumer) throw new Error('no consumer department');
    const created = await api.json<{ subscription: { id: string; ackedSeq: number }; secret: string | null }>(
      'POST',
      '/api/exchange/subscriptions',
      {
        resourceId: resource.id,
        consumerDepartmentId: consumer.id,
        mode: 'webhook',
        webhookUrl: receiver.url,
        from: 'latest',
      },
    );
    secret = created.secret;
    const subscriptionId = created.subscription.id;
    progress(
      `subscribed ${consumer.name} to ${resource.name} (webhook → ${receiver.url}, from seq ${created.subscription.ackedSeq})`,
    );

    const pushes: PushOutcome[] = [];
    const failures: string[] = [];
    const push = async (b: number): Promise<void> => {
      try {
        const out = await pushBody(api, resource.id, 'mode=upsert&onError=reject', bodies[b]!, agent);
        const r = out.result;
        if (r.inserted + r.updated !== ROWS_PER_BATCH || r.firstSeq === null || r.lastSeq === null)
          failures.push(`batch ${b}: ${JSON.stringify({ ...r, rejected: r.rejected.slice(0, 3) })}`);
        else pushes[b] = out;
      } catch (err) {
        failures.push(`batch ${b}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    const waitFor = async (seqs: () => number[], what: string) => {
      const t0 = performance.now();
      for (;;) {
        const missing = seqs().filter((s) => !receiver.firstSeen.has(s)).length;
        if (missing === 0) return 0;
        if (performance.now() - t0 > DRAIN_TIMEOUT_MS) {
          progress(`${what}: ${missing} changes still missing after ${DRAIN_TIMEOUT_MS / 1000} s`);
          return missing;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const seqsOf = (from: number, to: number) => {
      const out: number[] = [];
      for (let b = from; b < to; b++) {
        const r = pushes[b]?.result;
        if (r?.firstSeq != null && r.lastSeq != null)
          for (let s = r.firstSeq; s <= r.lastSeq; s++) out.push(s);
      }
      return out;
    };

    // Warm-up.
    progress(`warm-up: ${WARMUP_BATCHES} batches …`);
    {
      const t0 = performance.now();
      const inflight: Promise<void>[] = [];
      for (let b = 0; b < WARMUP_BATCHES; b++) {
        await sleepUntil(t0 + b * INTERVAL_MS);
        inflight.push(push(b));
      }
      await Promise.all(inflight);
      if (failures.length) throw new Error(`warm-up pushes failed:\n${failures.slice(0, 5).join('\n')}`);
      const missing = await waitFor(() => seqsOf(0, WARMUP_BATCHES), 'warm-up');
      if (missing > 0) {
        const sub = await api.json<object>('GET', `/api/exchange/subscriptions/${subscriptionId}`);
        throw new Error(
          `no webhook delivery during the warm-up (${missing} changes missing; is the server running a DeliveryWorker?): ${JSON.stringify(sub)}`,
        );
      }
    }

    // The measured run: one batch every 100 ms on a fixed schedule, whatever the previous one is doing.
    progress(
      `measuring: ${batches.toLocaleString()} batches at ${(ROWS_PER_BATCH * 1000) / INTERVAL_MS} changes/s …`,
    );
    sampler.phase('steady');
    const cpu0 = cpuSeconds(server.pid);
    const pg0 = engine === 'postgres' ? postgresCpu() : undefined;
    const client0 = process.cpuUsage();
    const t0 = performance.now();
    let late = 0;
    let maxInFlight = 0;
    let inFlight = 0;
    const inflight: Promise<void>[] = [];
    for (let k = 0; k < batches; k++) {
      const due = t0 + k * INTERVAL_MS;
      if (performance.now() > due + INTERVAL_MS / 2) late++;
      await sleepUntil(due);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      inflight.push(push(WARMUP_BATCHES + k).finally(() => inFlight--));
      if ((k + 1) % 50 === 0)
        progress(
          `  ${((k + 1) * ROWS_PER_BATCH).toLocaleString()} changes sent, ${receiver.stats.changes.toLocaleString()} received`,
        );
    }
    await Promise.all(inflight);
    const sendSeconds = (performance.now() - t0) / 1000;
    const missing = await waitFor(() => seqsOf(WARMUP_BATCHES, WARMUP_BATCHES + batches), 'drain');
    const drainedAt = performance.now();
    sampler.end();
    const serverCpu = round1(cpuSeconds(server.pid) - cpu0);
    const postgres = pg0 ? postgresCpuSince(pg0) : undefined;
    const clientCpu = process.cpuUsage(client0);
    const sub = await api.json<{
      lag: number;
      ackedSeq: number;
      lastSeq: number;
      lastError: string | null;
      status: string;
    }>('GET', `/api/exchange/subscriptions/${subscriptionId}`);
    const deliveries = await api.json<{ changes: number; durationMs: number; outcome: string }[]>(
      'GET',
      `/api/exchange/subscriptions/${subscriptionId}/deliveries?limit=500`,
    );
    const memory = procMemory(server.pid);

    // Latencies of the measured changes.
    const fromResponse: number[] = [];
    const fromEstimate: number[] = [];
    const fromRequest: number[] = [];
    const pushMs: number[] = [];
    let sent = 0;
    let received = 0;
    let negative = 0;
    let firstReceipt = Infinity;
    let lastReceipt = 0;
    const posts = new Set<number>();
    for (let b = WARMUP_BATCHES; b < WARMUP_BATCHES + batches; b++) {
      const p = pushes[b];
      if (!p) continue;
      pushMs.push(p.answeredAt - p.startedAt);
      for (let s = p.result.firstSeq!; s <= p.result.lastSeq!; s++) {
        sent++;
        const got = receiver.firstSeen.get(s);
        if (!got) continue;
        received++;
        posts.add(got.post);
        firstReceipt = Math.min(firstReceipt, got.at);
        lastReceipt = Math.max(lastReceipt, got.at);
        const fromAnswer = got.at - p.answeredAt;
        if (fromAnswer < 0) negative++;
        fromResponse.push(fromAnswer);
        fromEstimate.push(got.at - (p.startedAt + p.result.durationMs));
        fromRequest.push(got.at - p.startedAt);
      }
    }
    if (failures.length)
      throw new Error(`${failures.length} pushes failed:\n${failures.slice(0, 5).join('\n')}`);
    if (receiver.stats.badSignatures)
      throw new Error(`${receiver.stats.badSignatures} webhook POSTs had a bad signature`);
    const recent = deliveries.filter((d) => d.outcome === 'delivered');
    return {
      bench: 'delivery',
      engine,
      n,
      targetChangesPerSec: (ROWS_PER_BATCH * 1000) / INTERVAL_MS,
      achievedSendChangesPerSec: Math.round(sent / sendSeconds),
      achievedReceiveChangesPerSec:
        received > 1 ? Math.round(received / ((lastReceipt - firstReceipt) / 1000)) : 0,
      changes: {
        sent,
        received,
        missing,
        duplicates: receiver.stats.duplicates,
        receivedIncludingWarmup: receiver.firstSeen.size,
      },
      latencyMs: {
        commitToReceipt: quantiles(fromResponse),
        estimatedCommitToReceipt: quantiles(fromEstimate),
        requestStartToReceipt: quantiles(fromRequest),
        receivedBeforePushResponse: negative,
      },
      pushResponseMs: quantiles(pushMs),
      schedule: { batches, rowsPerBatch: ROWS_PER_BATCH, intervalMs: INTERVAL_MS, late, maxInFlight },
      webhook: {
        postsForMeasuredChanges: posts.size,
        changesPerPost: round1(received / (posts.size || 1)),
        totalPosts: receiver.stats.posts,
        bytes: receiver.stats.bytes,
        serverDeliveryDurationMs: quantiles(recent.map((d) => d.durationMs)),
      },
      subscription: { status: sub.status, lag: sub.lag, lastError: sub.lastError },
      drainSeconds: round1((drainedAt - t0) / 1000 - sendSeconds),
      cpuSeconds: {
        server: serverCpu,
        ...(postgres !== undefined ? { postgres } : {}),
        client: round1((clientCpu.user + clientCpu.system) / 1e6),
        wall: round1((drainedAt - t0) / 1000),
      },
      serverPeakRssMb: memory.hwmMb,
      rssByPhase: sampler.byPhase,
      machine: {
        cpus: machineAtStart.cpus,
        loadAvgAtStart: machineAtStart.loadAvg,
        loadAvgAtEnd: machine().loadAvg,
      },
      notes: [
        `100 rows every 100 ms to 公安局 人口基本信息 (mode=upsert), people ${FIRST_PERSON} … ${FIRST_PERSON + POOL - 1} round robin, each row with a 数据更新时间 it never had before, so every row is one change (insert the first time, update later); ${WARMUP_BATCHES} warm-up batches are not counted.`,
        'Latency of each change = receipt of the webhook POST carrying its seq (body read, signature verified) − a moment of its push: commitToReceipt uses the arrival of the push’s HTTP response (the brief’s measure; the batch had committed before, so this is a lower bound, negative when the webhook beat the response: receivedBeforePushResponse); estimatedCommitToReceipt uses request start + the server’s durationMs (taken just before the batch’s last statements and COMMIT; slightly early, so a slight overstatement); requestStartToReceipt is the upper bound.',
        'The webhook subscription (from: latest) belongs to another department; the server’s DeliveryWorker wakes on each commit (and polls every 400 ms), posts up to 500 changes a time, signed (HMAC-SM3, verified here with verifyWebhook).',
        'Pusher and receiver share this process; the server is a child process; all on one machine.',
      ],
    };
  } finally {
    sampler.stop();
    agent.destroy();
    await receiver.close();
    await server.stop();
    await server.drop();
  }
}
