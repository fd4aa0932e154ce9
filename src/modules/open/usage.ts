/**
 * Counting the open datasets' use without a write per call: counts gather in memory and are added to
 * `open_usage` a few seconds after the first one (or at once by `flush`, which the figures call first).
 */
import type { Db } from '../../db/index.ts';
import { BatchedCounts } from '../../lib/batched-counts.ts';
import { chinaToday } from '../../lib/time.ts';
import { openRepo, type UsageKind } from './repo.ts';

const FLUSH_AFTER_MS = 5_000;

export class OpenUsage {
  #counts: BatchedCounts<{ count: number }>;

  constructor(private readonly db: Db) {
    this.#counts = new BatchedCounts({
      afterMs: FLUSH_AFTER_MS,
      zero: () => ({ count: 0 }),
      write: (batch) =>
        openRepo.addUsage(
          this.db,
          [...batch].map(([key, { count }]) => {
            const [day, resourceId, kind] = key.split('|') as [string, string, UsageKind];
            return { day, resourceId, kind, count };
          }),
        ),
    });
  }

  count(resourceId: string, kind: UsageKind): void {
    this.#counts.add(`${chinaToday()}|${resourceId}|${kind}`, { count: 1 });
  }

  flush(): Promise<void> {
    return this.#counts.flush();
  }

  async totals(): Promise<Record<UsageKind, number>> {
    await this.flush();
    const out: Record<UsageKind, number> = { api: 0, download: 0 };
    for (const r of await openRepo.usageTotals(this.db)) out[r.kind] = Number(r.count);
    return out;
  }
}
