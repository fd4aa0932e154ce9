/**
 * The registries' background sync, one per server process: a tick every `everySeconds`, and within a second when
 * a batch on a source resource commits in this process — a change in a source reaches its golden record in
 * seconds, without a nightly rebuild. Another process syncing the same source holds its lease and this one skips it.
 */
import { SYSTEM_ACTOR } from '../audit/index.ts';
import type { RegistryService } from './service.ts';

export class RegistrySyncLoop {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = true;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly registries: RegistryService,
    private readonly options: {
      onError: (err: unknown) => void;
      everySeconds?: number;
      firstTickMs?: number;
    },
  ) {}

  start(): void {
    this.#stopped = false;
    this.#unsubscribe = this.registries.deps.exchange.onCommitted(({ resourceId }) => {
      if (this.registries.isSource(resourceId)) this.#schedule(200);
    });
    this.#schedule(this.options.firstTickMs ?? 3_000);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#running) return this.#schedule(500);
    this.#running = this.registries
      .syncAll({ ...SYSTEM_ACTOR, name: 'registry-sync' })
      .catch(this.options.onError)
      .finally(() => {
        this.#running = undefined;
        this.#schedule((this.options.everySeconds ?? 30) * 1000);
      });
    await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    await this.#running;
  }
}
