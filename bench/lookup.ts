// lookup: the data service's per-call cost. Against the real server (child process, demo city) with autocannon: a
// bare route running the same SQL as a lookup without authorization, masking or audit (TONGBAN_BENCH_ROUTES=1),
// then API-key authentication alone, a lookup and a verification (核验) through a real grant, each for `n` seconds.
// Every call answered must have its access row, and the audit chain's batch entries must vouch for every row.
import autocannon from 'autocannon';
import pg from 'pg';
import { chinaToday } from '../src/lib/time.ts';
import { progress, type EngineName } from './lib.ts';
import {
  Api,
  cpuSeconds,
  DEMO_PASSWORD,
  HttpError,
  machine,
  populationResource,
  procMemory,
  round1,
  startServer,
} from './server.ts';

/** The demo population (TONGBAN_DEMO_PEOPLE), set explicitly so a run says what it ran against. */
const PEOPLE = 20_000;
const CONNECTIONS = 16;
/** Distinct keys the requests cycle through. */
const KEYS = 1_000;
const WARMUP_SECONDS = 2;
const PURPOSE = '性能基准测试';
/** A second grant, with 姓名 in clear, only to learn the names the verification phase sends. */
const NAMES_PURPOSE = '性能基准测试（核验样本准备）';
const ITEMS = ['姓名', '性别', '出生日期'];
const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);
const DAY_MS = 86_400_000;

interface Sample {
  id: string;
  name: string;
}

interface RequestRow {
  id: string;
  status: string;
  grantId: string | null;
  consumerDepartmentId: string;
  purpose: string;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function quantile(sorted: Float64Array, q: number): number {
  return sorted.length ? round2(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!) : NaN;
}

/** Monotonic clock in µs: the clock V8's CPU profiles time their samples with (to cut a profile by phase). */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * CPU seconds of the PostgreSQL backends serving the scratch database (the server's pool), by pid: other work on a
 * shared PostgreSQL server is left out. WAL writer and checkpointer are shared, and left out too.
 */
async function backendCpu(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
}

/** POST multipart (the agreement scan), as admin. */
async function postAgreement(api: Api, departmentId: string): Promise<{ id: string }> {
  const form = new FormData();
  const today = chinaToday();
  const fields: Record<string, string> = {
    departmentId,
    title: '政务信息资源共享安全保密协议（性能基准测试）',
    parties: '甲方：市大数据管理局；乙方：市住房公积金管理中心',
    signedOn: today,
    validFrom: today,
    validTo: chinaToday(new Date(Date.now() + 365 * DAY_MS)),
  };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([TINY_PDF], { type: 'application/pdf' }), 'agreement.pdf');
  const res = await fetch(`${api.base}/api/sharing/agreements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.token}` },
    body: form,
  });
  const text = await res.text();
  if (res.status !== 201) throw new HttpError(res.status, text, 'POST /api/sharing/agreements');
  return JSON.parse(text) as { id: string };
}

/**
 * A grant in force for the consumer through the real path: request, then the provider's approval and, when the
 * policy asks for it, the operator's (admin does both). Another open request of the consumer on the resource (the
 * demo may file one) blocks a new one with 409: it is withdrawn first, on this scratch database.
 */
async function ensureGrant(
  api: Api,
  input: {
    resourceId: string;
    consumerDepartmentId: string;
    apiKeyId: string;
    items: string[];
    unmaskedItems: string[];
    usageModes: string[];
    purpose: string;
  },
): Promise<string> {
  const held = await api.json<{
    items: { id: string; purpose: string; state: string; apiKeyId: string | null }[];
  }>('GET', `/api/sharing/grants?box=all&resourceId=${input.resourceId}&state=active&limit=200`);
  const reuse = held.items.find((g) => g.purpose === input.purpose && g.apiKeyId === input.apiKeyId);
  if (reuse) return reuse.id;
  const body = {
    ...input,
    legalBasis: '《政务信息资源共享管理暂行办法》（性能基准测试）',
    periodFrom: chinaToday(),
    periodTo: chinaToday(new Date(Date.now() + 30 * DAY_MS)),
  };
  let request: RequestRow;
  try {
    request = await api.json<RequestRow>('POST', '/api/sharing/requests', body);
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 409) throw err;
    const open = await api.json<{ items: RequestRow[] }>(
      'GET',
      `/api/sharing/requests?box=all&resourceId=${input.resourceId}&limit=200`,
    );
    for (const r of open.items)
      if (
        r.consumerDepartmentId === input.consumerDepartmentId &&
        (r.status === 'pending' || r.status === 'second_review')
      ) {
        progress(`  withdrawing open request ${r.id} (${r.purpose}), which blocks a new one`);
        await api.json('POST', `/api/sharing/requests/${r.id}/withdraw`);
      }
    request = await api.json<RequestRow>('POST', '/api/sharing/requests', body);
  }
  const approval = { unmaskedItems: input.unmaskedItems, comment: '性能基准测试' };
  for (
    let stage = 0;
    stage < 2 && (request.status === 'pending' || request.status === 'second_review');
    stage++
  )
    request = await api.json<RequestRow>('POST', `/api/sharing/requests/${request.id}/approve`, approval);
  if (!request.grantId) throw new Error(`request ${request.id} ended ${request.status} without a grant`);
  return request.grantId;
}

type AccessPage = { items: { at: string; action: string }[]; nextCursor: string | null };
type BatchPage = { items: { at: string; details: { accesses?: number } }[]; nextCursor: string | null };

/**
 * The data-access rows (`sharing_access_log`, read through the usage page's API, city-wide as admin) written at or
 * after `from`: newest first, so paging stops at the first older one.
 */
async function accessRows(api: Api, from: string): Promise<{ at: string; action: string }[]> {
  const rows: { at: string; action: string }[] = [];
  const since = Date.parse(from);
  let before: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ side: 'provider', limit: '500' });
    if (before) query.set('before', before);
    const page: AccessPage = await api.json<AccessPage>('GET', `/api/sharing/access-log?${query}`);
    const recent = page.items.filter((r) => Date.parse(r.at) >= since);
    rows.push(...recent);
    if (recent.length < page.items.length || !page.nextCursor) return rows;
    before = page.nextCursor;
  }
}

/**
 * The audit chain's `data.batch` entries since `from` (one per access-log group commit, each vouching for its
 * group's rows by digest), page by page with the viewer's keyset cursor.
 */
async function batchEntries(api: Api, from: string): Promise<{ at: string; accesses: number }[]> {
  const entries: { at: string; accesses: number }[] = [];
  let before: string | null = null;
  do {
    const query = new URLSearchParams({ action: 'data.batch', limit: '500', from });
    if (before) query.set('before', before);
    const page: BatchPage = await api.json<BatchPage>('GET', `/api/audit?${query}`);
    entries.push(...page.items.map((e) => ({ at: e.at, accesses: Number(e.details.accesses ?? 0) })));
    before = page.nextCursor;
  } while (before);
  return entries;
}

/** Group commits within a phase's wall-clock window: how many, and calls per commit. */
function commitsIn(batches: { at: string; accesses: number }[], wall: [string, string]) {
  const [from, to] = wall.map((w) => Date.parse(w)) as [number, number];
  const inside = batches.filter((b) => Date.parse(b.at) >= from && Date.parse(b.at) <= to);
  const entries = inside.reduce((n, b) => n + b.accesses, 0);
  return { entries, commits: inside.length, perCommit: round2(entries / (inside.length || 1)) };
}

interface PhaseSpec {
  name: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Request i's path and body (i counts up across the phase; callers cycle through the keys). */
  build: (i: number) => { path: string; body?: string };
}

interface PhaseResult {
  requests: number;
  rps: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  mean: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Server process CPU (user + system) per completed request; PGlite runs inside it. */
  serverCpuUsPerRequest: number;
  /** CPU of the PostgreSQL backends of the server's database per completed request (postgres engine). */
  postgresCpuUsPerRequest?: number;
  /** This process's CPU (autocannon, the load generator) per request: it shares the machine's cores. */
  clientCpuUsPerRequest: number;
  /** Monotonic µs window, to cut a server CPU profile (BENCH_CPU_PROF) by phase. */
  windowUs: [number, number];
  /** The same window on the wall clock (ISO), to place audit entries in phases. */
  wall: [string, string];
}

async function runPhase(
  url: string,
  spec: PhaseSpec,
  seconds: number,
  pid: number,
  pgClient: pg.Client | undefined,
): Promise<PhaseResult> {
  let next = 0;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const cpu0 = cpuSeconds(pid);
  const pg0 = pgClient ? await backendCpu(pgClient) : undefined;
  const client0 = process.cpuUsage();
  const wall0 = new Date().toISOString();
  const t0 = monotonicUs();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: spec.method,
            headers: spec.headers,
            setupRequest: (req) => ({ ...req, ...spec.build(next++) }),
          },
        ],
      },
      (err, res) => (err ? reject(err as Error) : resolve(res)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const t1 = monotonicUs();
  const wall1 = new Date().toISOString();
  const client = process.cpuUsage(client0);
  const cpu = cpuSeconds(pid) - cpu0;
  let pgCpu: number | undefined;
  if (pgClient && pg0) {
    pgCpu = 0;
    for (const [backend, s] of await backendCpu(pgClient)) pgCpu += s - (pg0.get(backend) ?? 0);
  }
  const ok = result['2xx'];
  const sorted = Float64Array.from(latencies).sort();
  const perRequest = (s: number) => (ok ? Math.round((s * 1e6) / ok) : NaN);
  const out: PhaseResult = {
    requests: ok,
    rps: Math.round(ok / ((t1 - t0) / 1e6)),
    p50: quantile(sorted, 0.5),
    p97_5: quantile(sorted, 0.975),
    p99: quantile(sorted, 0.99),
    max: round2(sorted.at(-1) ?? NaN),
    mean: round2(latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1)),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    serverCpuUsPerRequest: perRequest(cpu),
    ...(pgCpu === undefined ? {} : { postgresCpuUsPerRequest: perRequest(pgCpu) }),
    clientCpuUsPerRequest: perRequest((client.user + client.system) / 1e6),
    windowUs: [t0, t1],
    wall: [wall0, wall1],
  };
  if (out.errors || out.timeouts || out.non2xx)
    throw new Error(
      `phase ${spec.name}: ${out.errors} errors, ${out.timeouts} timeouts, ${out.non2xx} non-2xx ` +
        `(statuses ${JSON.stringify(Object.fromEntries(statuses))}); the result does not count`,
    );
  return out;
}

/**
 * lookup: `n` seconds per phase (default 10) with autocannon, CONNECTIONS connections, cycling through KEYS real
 * 身份证号: bare (the same SQL, no authorization, masking or audit), auth (API-key authentication alone), lookup,
 * verify, bare again (drift). ratio = lookup rps / bare rps.
 */
export async function lookup(engine: EngineName, n: number) {
  if (!(n > 0)) throw new Error('--n (seconds per phase) must be positive');
  const seconds = n;
  const machineAtStart = machine();
  const server = await startServer(engine, {
    cpuProfDir: process.env.BENCH_CPU_PROF,
    env: { TONGBAN_BENCH_ROUTES: '1', TONGBAN_DEMO_PEOPLE: String(PEOPLE) },
  });
  progress(`server up in ${round1(server.startMs / 1000)} s, pid ${server.pid}`);
  let pgClient: pg.Client | undefined;
  try {
    if (server.databaseUrl) {
      pgClient = new pg.Client({ connectionString: server.databaseUrl });
      await pgClient.connect();
    }
    const admin = await Api.login(server.url, 'admin', DEMO_PASSWORD);
    const resource = await populationResource(admin);
    const keyItem = resource.items.find((i) => i.isKey)?.name;
    if (keyItem !== '身份证号' || resource.items.filter((i) => i.isKey).length !== 1)
      throw new Error(`expected ${resource.name} keyed by 身份证号 alone`);
    const depts = await admin.json<{ items: { id: string; name: string }[] }>(
      'GET',
      `/api/departments?q=${encodeURIComponent('公积金')}&limit=20`,
    );
    const consumer = depts.items.find((d) => d.name.includes('公积金'));
    if (!consumer) throw new Error('no 公积金中心 among the departments');
    progress(
      `${resource.departmentName} ${resource.name}: ${resource.recordsHeld} records; consumer ${consumer.name}`,
    );

    // An agreement in force, an API key for the consumer's system, and the grants.
    const agreements = await admin.json<{ id: string }[]>(
      'GET',
      `/api/sharing/agreements?departmentId=${consumer.id}&state=in_force`,
    );
    if (!agreements.length) progress(`  agreement filed: ${(await postAgreement(admin, consumer.id)).id}`);
    const created = await admin.json<{ apiKey: { id: string }; secret: string }>('POST', '/api/api-keys', {
      name: 'lookup-bench',
      departmentId: consumer.id,
      role: 'dept_consumer',
    });
    const common = {
      resourceId: resource.id,
      consumerDepartmentId: consumer.id,
      apiKeyId: created.apiKey.id,
    };
    const grantId = await ensureGrant(admin, {
      ...common,
      items: ITEMS,
      unmaskedItems: [],
      usageModes: ['query', 'verify'],
      purpose: PURPOSE,
    });
    const namesGrantId = await ensureGrant(admin, {
      ...common,
      items: ['姓名'],
      unmaskedItems: ['姓名'],
      usageModes: ['query'],
      purpose: NAMES_PURPOSE,
    });
    progress(`grant ${grantId} (${ITEMS.join(', ')}; query, verify), names grant ${namesGrantId}`);
    // The per-key verification limit (60 a minute by default) would refuse the measured phase: lift it for the run.
    await admin.json('PATCH', '/api/sharing/policy', { verifyPerMinute: 10_000_000 });

    // KEYS real keys, from the admin's view of the records.
    const ids: string[] = [];
    for (let after: string | null = null; ids.length < KEYS;) {
      const page: { items: { key: string }[]; nextCursor: string | null } = await admin.json(
        'GET',
        `/api/exchange/resources/${resource.id}/records?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      );
      for (const r of page.items) ids.push((JSON.parse(r.key) as string[])[0]!);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    if (ids.length < KEYS)
      throw new Error(`only ${ids.length} records held; the bench cycles through ${KEYS}`);
    ids.length = KEYS;

    // Their names, in clear through the names grant (8 at a time).
    const keyHeaders = { authorization: `Bearer ${created.secret}` };
    const namesHeaders = { ...keyHeaders, 'x-purpose': encodeURIComponent(NAMES_PURPOSE) };
    const samples: Sample[] = new Array(KEYS);
    for (let i = 0; i < KEYS; i += 8)
      await Promise.all(
        ids.slice(i, i + 8).map(async (id, j) => {
          const res = await fetch(`${server.url}/api/data/${resource.id}/records/${id}?items=姓名`, {
            headers: namesHeaders,
          });
          const text = await res.text();
          if (res.status !== 200) throw new HttpError(res.status, text, `names lookup ${id}`);
          const name = (JSON.parse(text) as { record: { data: { 姓名?: string } } }).record.data.姓名;
          if (!name || name.includes('*')) throw new Error(`no clear 姓名 for ${id}: ${text}`);
          samples[i + j] = { id, name };
        }),
      );
    progress(`${KEYS} keys and their names read`);

    const purposeHeaders = { ...keyHeaders, 'x-purpose': encodeURIComponent(PURPOSE) };
    const json = { 'content-type': 'application/json' };
    const phases: Record<'bare' | 'auth' | 'lookup' | 'verify', PhaseSpec> = {
      bare: {
        name: 'bare',
        method: 'GET',
        headers: {},
        build: (i) => ({ path: `/api/_bench/records/${resource.id}/${samples[i % KEYS]!.id}` }),
      },
      auth: { name: 'auth', method: 'GET', headers: keyHeaders, build: () => ({ path: '/api/roles' }) },
      lookup: {
        name: 'lookup',
        method: 'GET',
        headers: purposeHeaders,
        build: (i) => ({ path: `/api/data/${resource.id}/records/${samples[i % KEYS]!.id}` }),
      },
      verify: {
        name: 'verify',
        method: 'POST',
        // Verification compares items granted in clear only: the names grant's 姓名 (its query mode covers verify).
        headers: { ...namesHeaders, ...json },
        build: (i) => {
          const s = samples[i % KEYS]!;
          return {
            path: `/api/data/${resource.id}/verify`,
            body: JSON.stringify({ fields: { 身份证号: s.id, 姓名: s.name } }),
          };
        },
      },
    };

    // One of each by hand: the answers are what the phases expect (and the verification matches).
    {
      const call = async (spec: PhaseSpec) => {
        const { path, body } = spec.build(0);
        const res = await fetch(`${server.url}${path}`, {
          method: spec.method,
          headers: spec.headers,
          body: body ?? null,
        });
        const text = await res.text();
        if (res.status !== 200) throw new HttpError(res.status, text, `${spec.name} ${path}`);
        return JSON.parse(text) as Record<string, unknown>;
      };
      const bare = await call(phases.bare);
      const looked = (await call(phases.lookup)) as {
        record: { data: Record<string, unknown> };
        maskedItems: string[];
      };
      const verified = (await call(phases.verify)) as { match: boolean };
      await call(phases.auth);
      if (bare[keyItem] !== samples[0]!.id) throw new Error(`bare route answered ${JSON.stringify(bare)}`);
      if (!verified.match) throw new Error(`verification of ${samples[0]!.id} did not match`);
      progress(
        `checked: lookup returns ${JSON.stringify(looked.record.data)} (masked ${looked.maskedItems.join(', ')}), verify match`,
      );
    }

    const warm = Math.min(WARMUP_SECONDS, seconds);
    progress(`warm-up: ${warm} s of each phase …`);
    for (const spec of Object.values(phases)) await runPhase(server.url, spec, warm, server.pid, pgClient);

    await new Promise((r) => setTimeout(r, 500));
    const measuredFrom = new Date().toISOString();
    const results: Record<string, PhaseResult> = {};
    for (const [name, spec] of [
      ['bare', phases.bare],
      ['auth', phases.auth],
      ['lookup', phases.lookup],
      ['verify', phases.verify],
      ['bareAgain', phases.bare],
    ] as const) {
      progress(`${name}: ${seconds} s, ${CONNECTIONS} connections …`);
      const r = await runPhase(server.url, spec, seconds, server.pid, pgClient);
      results[name] = r;
      progress(
        `  ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms; server CPU ${r.serverCpuUsPerRequest} µs/request` +
          (r.postgresCpuUsPerRequest === undefined ? '' : `, PostgreSQL ${r.postgresCpuUsPerRequest} µs`) +
          `; window ${r.windowUs.join('–')} µs`,
      );
    }
    // Requests still in flight when a phase's clock ran out are answered (and audited) after the client left.
    await new Promise((r) => setTimeout(r, 1000));
    const rows = await accessRows(admin, measuredFrom);
    const lookupEntries = rows.filter((r) => r.action === 'data.lookup').length;
    const verifyEntries = rows.filter((r) => r.action === 'data.verify').length;
    const completed = results.lookup!.requests + results.verify!.requests;
    const written = lookupEntries + verifyEntries;
    if (written < completed)
      throw new Error(`${written} data-access rows for ${completed} answered lookups and verifications`);
    const batches = await batchEntries(admin, measuredFrom);
    const vouched = batches.reduce((n, b) => n + b.accesses, 0);
    if (vouched !== rows.length)
      throw new Error(
        `the audit chain's batch entries vouch for ${vouched} accesses, ${rows.length} rows written`,
      );
    const lookupCommits = commitsIn(batches, results.lookup!.wall);
    const verifyCommits = commitsIn(batches, results.verify!.wall);

    const brief = (r: PhaseResult) => ({
      rps: r.rps,
      p50: r.p50,
      p97_5: r.p97_5,
      p99: r.p99,
      max: r.max,
      requests: r.requests,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
    });
    const cost = (r: PhaseResult) => ({
      requests: r.requests,
      serverCpuUs: r.serverCpuUsPerRequest,
      ...(r.postgresCpuUsPerRequest === undefined ? {} : { postgresCpuUs: r.postgresCpuUsPerRequest }),
      clientCpuUs: r.clientCpuUsPerRequest,
    });
    const bare = results.bare!;
    const auth = results.auth!;
    const look = results.lookup!;
    const verify = results.verify!;
    return {
      bench: 'lookup',
      engine,
      seconds,
      connections: CONNECTIONS,
      records: resource.recordsHeld,
      keys: KEYS,
      bare: brief(bare),
      auth: brief(auth),
      lookup: brief(look),
      verify: brief(verify),
      bareAgain: brief(results.bareAgain!),
      ratio: round2(look.rps / bare.rps),
      verifyRatio: round2(verify.rps / bare.rps),
      audit: {
        // Access rows (sharing_access_log) of the measured lookup and verify phases, one per call answered.
        accessRowsWritten: written,
        lookupEntries,
        verifyEntries,
        requestsCompleted: completed,
        answeredAfterClientLeft: written - completed,
        // Accesses the audit chain's batch entries vouch for (by digest), against the rows written.
        batchEntries: batches.length,
        vouchedAccesses: vouched,
        // Group commit: accesses per access-log transaction, by phase.
        lookupCommits,
        verifyCommits,
      },
      // Server CPU per request by phase (µs), and what the lookup adds to the bare route's SQL: authentication
      // (auth − bare ≈ the key's SM3 and its row lookup, less the bare route's own SQL), the grant decision,
      // masking and the audit write (lookup − auth).
      breakdown: {
        bare: cost(bare),
        auth: cost(auth),
        lookup: cost(look),
        verify: cost(verify),
        bareAgain: cost(results.bareAgain!),
        lookupMinusBareServerCpuUs: look.serverCpuUsPerRequest - bare.serverCpuUsPerRequest,
        lookupMinusAuthServerCpuUs: look.serverCpuUsPerRequest - auth.serverCpuUsPerRequest,
      },
      serverRssMb: procMemory(server.pid).rssMb,
      machine: { atStart: machineAtStart, atEnd: machine() },
    };
  } finally {
    await pgClient?.end();
    await server.stop();
    await server.drop();
  }
}
