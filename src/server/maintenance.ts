import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db, Queryable } from '../db/index.ts';
import { SYSTEM_ACTOR, type AuditService } from '../modules/audit/index.ts';
import type { IdentityService } from '../modules/identity/index.ts';
import type { RetentionConfig } from './config.ts';

/**
 * What retention needs. The exchange's own retention (delivered webhook attempts, exchange batches, the change log
 * past what subscribers and `asOf` reads need) is called when the services provide it.
 */
export interface RetentionServices {
  db: Db;
  audit: AuditService;
  identity: Pick<IdentityService, 'purgeExpired'>;
  exchangeRetention?: { purgeExpired(now: Date): Promise<unknown> } | undefined;
  /** The data-access log's whole days past the window (sharing). */
  accessRetention?: { purgeExpired(now: Date, days: number): Promise<unknown> } | undefined;
}

/** Rows removed by one run, per kind (e.g. `identity.sessions`). */
export type RetentionCounts = Record<string, number>;

const LEASE = 'retention';
// Names this process in the lease row.
const defaultHolder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
// A run that has not finished within this long is taken to have died with its process.
const LEASE_SECONDS = 15 * 60;

// The lease row of migration 0010: whoever holds an unexpired lease works; `last_run_at` spaces runs city-wide.
const lease = {
  async claim(q: Queryable, holder: string, now: Date, intervalSeconds: number): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE maintenance_lease SET holder = $2, lease_until = $3::timestamptz + make_interval(secs => $4)
       WHERE name = $1 AND lease_until < $3 AND last_run_at <= $3::timestamptz - make_interval(secs => $5)`,
      [LEASE, holder, now, LEASE_SECONDS, intervalSeconds],
    );
    return rowCount === 1;
  },
  async release(q: Queryable, holder: string, ranAt: Date | null): Promise<void> {
    await q.query(
      `UPDATE maintenance_lease SET lease_until = '-infinity', last_run_at = COALESCE($3, last_run_at)
       WHERE name = $1 AND holder = $2`,
      [LEASE, holder, ranAt],
    );
  },
};

/** Numbers in whatever a retention job answers (a count, or counts by kind), flattened under `prefix`. */
function countsOf(prefix: string, result: unknown): RetentionCounts {
  if (typeof result === 'number') return { [prefix]: result };
  if (typeof result !== 'object' || result === null) return {};
  const out: RetentionCounts = {};
  for (const [key, value] of Object.entries(result)) Object.assign(out, countsOf(`${prefix}.${key}`, value));
  return out;
}

/**
 * One retention run, when this caller wins the lease and the interval has passed since the last run anywhere.
 * Answers the rows removed per kind, or null when skipped. A run that removed something leaves one
 * `retention.run` audit entry with the counts.
 */
export async function runRetention(
  services: RetentionServices,
  config: RetentionConfig,
  options: { now?: Date; holder?: string } = {},
): Promise<RetentionCounts | null> {
  const now = options.now ?? new Date();
  const holder = options.holder ?? defaultHolder;
  if (!(await lease.claim(services.db, holder, now, config.intervalMinutes * 60))) return null;
  let ranAt: Date | null = null;
  try {
    const identity = await services.identity.purgeExpired(now, {
      sessionDays: config.sessionDays,
      loginAttemptDays: config.loginAttemptDays,
    });
    const exchange = services.exchangeRetention ? await services.exchangeRetention.purgeExpired(now) : {};
    const access = services.accessRetention
      ? await services.accessRetention.purgeExpired(now, config.accessLogDays)
      : {};
    const counts = {
      ...countsOf('identity', identity),
      ...countsOf('exchange', exchange),
      ...countsOf('dataAccess', access),
    };
    if (Object.values(counts).some((n) => n > 0)) {
      await services.audit.record(
        { ...SYSTEM_ACTOR, name: 'retention' },
        {
          action: 'retention.run',
          outcome: 'success',
          details: {
            removed: counts,
            keep: {
              sessionDays: config.sessionDays,
              loginAttemptDays: config.loginAttemptDays,
              accessLogDays: config.accessLogDays,
            },
          },
        },
      );
    }
    ranAt = now;
    return counts;
  } finally {
    // A failed run frees the lease at once but keeps the old run time, so the next tick anywhere tries again.
    await lease.release(services.db, holder, ranAt);
  }
}

/**
 * The loop every server process runs: a tick shortly after start and then every few minutes, each one a
 * `runRetention` that only the lease winner of an elapsed interval carries out.
 */
export class Maintenance {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = false;

  constructor(
    private readonly services: RetentionServices,
    private readonly config: RetentionConfig,
    private readonly options: { onError: (err: unknown) => void; firstTickMs?: number },
  ) {}

  start(): void {
    this.#stopped = false;
    this.#schedule(this.options.firstTickMs ?? 30_000);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = runRetention(this.services, this.config)
        .catch(this.options.onError)
        // Ticks more often than the interval cost one UPDATE each and bound how late a run can start.
        .finally(() => this.#schedule(Math.min(this.config.intervalMinutes, 5) * 60_000));
    }, ms);
    this.#timer.unref();
  }

  /** Stops the loop and waits for a run in progress, so the database can close after it. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}
