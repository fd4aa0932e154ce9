/**
 * The registry's background sync, one per server process: a tick every `everySeconds`, and sooner (after a short
 * pause that gathers a burst of batches) when a batch on a source resource commits in this process. Ticks that
 * find nothing new cost one read per source; another process syncing the same source holds its lease and this
 * one skips it.
 */
import { SYSTEM_ACTOR } from '../audit/index.ts';
import type { EconomyService } from './service.ts';

export class EconomySyncLoop {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = true;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly economy: EconomyService,
    private readonly options: {
      onError: (err: unknown) => void;
      everySeconds?: number;
      firstTickMs?: number;
    },
  ) {}

  start(): void {
    this.#stopped = false;
    this.#unsubscribe = this.economy.deps.exchange.onCommitted(({ resourceId }) => {
      if (this.economy.isSource(resourceId)) this.#schedule(1_000);
    });
    this.#schedule(this.options.firstTickMs ?? 5_000);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#running) return this.#schedule(1_000);
    this.#running = (async () => {
      await this.economy.syncNow({ ...SYSTEM_ACTOR, name: 'economy-sync' });
      await this.economy.sdmx.flushUsage();
    })()
      .catch(this.options.onError)
      .finally(() => {
        this.#running = undefined;
        this.#schedule((this.options.everySeconds ?? 60) * 1000);
      });
    await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    await this.#running;
    await this.economy.sdmx.flushUsage().catch(() => undefined);
  }
}
