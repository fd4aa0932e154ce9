import type { AuditService } from './service.ts';

/**
 * The audit log's own upkeep in every server process: at start and then every `everyMinutes`, create the coming
 * months' partitions and sign a checkpoint of every chain's head. Several processes doing it is harmless: creating
 * partitions is serialized and idempotent, and a checkpoint is skipped when no chain moved since the last one.
 */
export class AuditMaintenance {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = false;

  constructor(
    private readonly audit: AuditService,
    private readonly options: { everyMinutes: number; onError: (err: unknown) => void },
  ) {}

  start(): void {
    this.#stopped = false;
    this.#tick(0);
  }

  #tick(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = (async () => {
        await this.audit.ensurePartitions();
        await this.audit.checkpoint();
      })()
        .catch(this.options.onError)
        .finally(() => this.#tick(this.options.everyMinutes * 60_000));
    }, ms);
    this.#timer.unref();
  }

  /** Stops the loop and waits for a tick in progress, so the database can close after it. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}
