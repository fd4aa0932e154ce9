import type { ConnectorRunT } from './schema.ts';
import type { ConnectorService } from './service.ts';

export interface ConnectorSchedulerOptions {
  /** Pause between ticks when nothing was due (default 5 s). */
  intervalMs?: number;
  /** Connectors claimed per tick (default 4). */
  batch?: number;
  /** Told of a tick that failed (the database unreachable, say); the scheduler keeps ticking. */
  onError?: (err: unknown) => void;
  /** Told of each finished run. */
  onRun?: (run: ConnectorRunT) => void;
}

/**
 * Runs due pull connectors in the background: every few seconds it claims up to `batch` of them with a lease
 * (`FOR UPDATE SKIP LOCKED`, see connectorRepo.claimDue) and runs them. Any number of processes may run a scheduler
 * against one database: a connector is leased to one of them at a time. When a tick claimed a full batch the next
 * one follows at once; otherwise it waits `intervalMs`. When to run a connector next is the service's business
 * (its interval, or its resource's update cycle).
 */
export class ConnectorScheduler {
  readonly #connectors: ConnectorService;
  readonly #intervalMs: number;
  readonly #batch: number;
  readonly #onError: (err: unknown) => void;
  readonly #onRun: ((run: ConnectorRunT) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> | undefined;
  #abort = new AbortController();
  #started = false;

  constructor(connectors: ConnectorService, options: ConnectorSchedulerOptions = {}) {
    this.#connectors = connectors;
    this.#intervalMs = options.intervalMs ?? 5000;
    this.#batch = options.batch ?? 4;
    this.#onError = options.onError ?? ((err) => process.emitWarning(`connector scheduler: ${String(err)}`));
    this.#onRun = options.onRun;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#abort = new AbortController();
    this.#schedule(0);
  }

  /** Stops ticking; a run in progress ends after its current page (due again at once, so it resumes later). */
  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort.abort();
    await this.#tick;
  }

  /** One tick: claims and runs what is due now. Returns the runs (for tests and the CLI). */
  async tick(): Promise<ConnectorRunT[]> {
    const runs = await this.#connectors.runDue(this.#batch, this.#abort.signal);
    for (const run of runs) this.#onRun?.(run);
    return runs;
  }

  #schedule(delay: number): void {
    if (!this.#started) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#tick = this.tick().then(
        (runs) => this.#schedule(runs.length >= this.#batch ? 0 : this.#intervalMs),
        (err: unknown) => {
          this.#onError(err);
          this.#schedule(this.#intervalMs);
        },
      );
    }, delay);
    this.#timer.unref();
  }
}
