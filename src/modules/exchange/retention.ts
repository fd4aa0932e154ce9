/**
 * Exchange retention, run by the server's maintenance loop. The batch log, the delivery log (webhook attempts
 * and pull reads), resolved quarantine rows and redelivered dead letters are kept for `logRetentionDays`; the
 * figures they feed are rolled up per department and day before the rows go, so no statistic changes.
 *
 * The change log is compacted, never cut: a change older than `changeLogRetentionDays` is deleted only when
 * every subscriber of the resource (whatever its status) has acknowledged it and a later change of the same
 * record, also that old, supersedes it (a delete with nothing before it goes too). So an unacknowledged change
 * is never lost, the log read from the start still holds every record's latest state (a new subscriber gets
 * the whole data set), and any record's state as of any moment within the window can still be rebuilt.
 */
import type { ExchangeCore } from './core.ts';
import { retentionRepo } from './retention-repo.ts';

export interface RetentionOptions {
  /** Days the batch and delivery logs are kept (EXCHANGE_LOG_RETENTION_DAYS). */
  logRetentionDays: number;
  /** Days of change history kept whole for `asOf` reads (CHANGE_LOG_RETENTION_DAYS). */
  changeLogRetentionDays: number;
}

export interface PurgeCounts {
  batches: number;
  deliveries: number;
  quarantine: number;
  deadLetters: number;
  changes: number;
}

/** Rows deleted per statement: each chunk commits on its own, so no transaction grows with the backlog. */
const CHUNK = 5000;
const DAY_MS = 86_400_000;

export class ExchangeRetentionService {
  constructor(
    private readonly core: ExchangeCore,
    readonly options: RetentionOptions,
  ) {}

  /**
   * The earliest moment whose records the change log still rebuilds exactly: compaction only ever removes changes
   * older than the window that a change also older supersedes, so every state since `now − window` is whole.
   */
  historyStart(now: Date = new Date()): Date {
    return new Date(now.getTime() - this.options.changeLogRetentionDays * DAY_MS);
  }

  /** Deletes what has expired at `now`; returns the rows deleted per table. */
  async purgeExpired(now: Date = new Date()): Promise<PurgeCounts> {
    const db = this.core.deps.db;
    const logCutoff = new Date(now.getTime() - this.options.logRetentionDays * DAY_MS);
    const changeCutoff = new Date(now.getTime() - this.options.changeLogRetentionDays * DAY_MS);
    const counts: PurgeCounts = { batches: 0, deliveries: 0, quarantine: 0, deadLetters: 0, changes: 0 };

    for (let n = CHUNK; n === CHUNK; counts.batches += n)
      n = await db.transaction((tx) => retentionRepo.purgeBatches(tx, logCutoff, CHUNK));
    for (let n = CHUNK; n === CHUNK; counts.deliveries += n)
      n = await db.transaction((tx) => retentionRepo.purgeDeliveries(tx, logCutoff, CHUNK));
    counts.quarantine = await retentionRepo.purgeResolvedQuarantine(db, logCutoff);
    counts.deadLetters = await retentionRepo.purgeRedeliveredDeadLetters(db, logCutoff);

    for (const s of await retentionRepo.streams(db)) {
      const acked = s.min_acked === null ? Number(s.last_seq) : Number(s.min_acked);
      const old = await retentionRepo.lastSeqBefore(db, s.resource_id, changeCutoff);
      const upTo = Math.min(acked, old);
      if (upTo > 0)
        counts.changes += await db.transaction(
          (tx) => retentionRepo.compactChanges(tx, s.resource_id, upTo),
          { bulk: true },
        );
    }
    return counts;
  }
}
