/**
 * Counting the open datasets' use without a write per call: counts gather in memory and are added to
 * `open_usage` a few seconds after the first one (or at once by `flush`, which the figures call first).
 */
import type { Db } from '../../db/index.ts';
import { chinaToday } from '../../lib/time.ts';
import { openRepo, type UsageKind } from './repo.ts';

const FLUSH_AFTER_MS = 5_000;

export class OpenUsage {
  #pending = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db) {}

  count(resourceId: string, kind: UsageKind): void {
    const key = `${chinaToday()}|${resourceId}|${kind}`;
    this.#pending.set(key, (this.#pending.get(key) ?? 0) + 1);
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush().catch(() => undefined), FLUSH_AFTER_MS);
      this.#timer.unref();
    }
  }

  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#pending.size) return;
    const batch = this.#pending;
    this.#pending = new Map();
    const rows = [...batch].map(([key, count]) => {
      const [day, resourceId, kind] = key.split('|') as [string, string, UsageKind];
      return { day, resourceId, kind, count };
    });
    try {
      await openRepo.addUsage(this.db, rows);
    } catch (err) {
      // Put them back: a count is never lost to a passing database error.
      for (const [key, count] of batch) this.#pending.set(key, (this.#pending.get(key) ?? 0) + count);
      throw err;
    }
  }

  async totals(): Promise<Record<UsageKind, number>> {
    await this.flush();
    const out: Record<UsageKind, number> = { api: 0, download: 0 };
    for (const r of await openRepo.usageTotals(this.db)) out[r.kind] = Number(r.count);
    return out;
  }
}
