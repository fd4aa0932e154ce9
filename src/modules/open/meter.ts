/**
 * The open API's daily quotas and per-key usage (calls, rows returned, downloads), counted without a write per call:
 * counts gather in memory and are added to `open_meter` a few seconds after the first one, as `usage.ts` does for
 * datasets. A subject's persisted count is read once per day per process and refreshed by every flush, so several
 * processes behind one database overrun a quota by at most what each counted since its last flush.
 */
import type { Db } from '../../db/index.ts';
import { BatchedCounts } from '../../lib/batched-counts.ts';
import { sm3 } from '../../lib/crypto.ts';
import { chinaDayEnd, chinaToday } from '../../lib/time.ts';
import { developerRepo } from './developer-repo.ts';

const FLUSH_AFTER_MS = 5_000;

export interface MeterCounts {
  calls: number;
  rows: number;
  downloads: number;
}

/** A subject's day in the meter: a key's id, or an anonymous client's address. */
export const keySubject = (keyId: string) => `k:${keyId}`;
/** An address is kept as a digest: the meter needs to tell callers apart, not to know who they are. */
export const clientSubject = (address: string) => `a:${sm3(address).slice(0, 32)}`;

export type Admission = { ok: true } | { ok: false; used: number; retryAfterSeconds: number };

export class OpenMeter {
  #counts: BatchedCounts<MeterCounts>;
  /** Calls already in the database, by `day|subject`, as last read or written. */
  #stored = new Map<string, number>();
  #loading = new Map<string, Promise<void>>();

  constructor(private readonly db: Db) {
    this.#counts = new BatchedCounts({
      afterMs: FLUSH_AFTER_MS,
      zero: () => ({ calls: 0, rows: 0, downloads: 0 }),
      write: async (batch) => {
        const rows = [...batch].map(([k, c]) => {
          const [day, subject] = split(k);
          return { day, subject, ...c };
        });
        const totals = await developerRepo.addMeter(this.db, rows);
        const today = chinaToday();
        for (const k of this.#stored.keys()) if (!k.startsWith(today)) this.#stored.delete(k);
        for (const t of totals)
          if (t.day === today) this.#stored.set(`${t.day}|${t.subject}`, Number(t.calls));
      },
    });
  }

  /**
   * Admits one call of `subject` under `quota` calls a day and counts it, or says how long until the day ends.
   * Checking and counting happen without a pause between them, so concurrent calls in a process cannot both take
   * the last one.
   */
  async admit(subject: string, quota: number, now = new Date()): Promise<Admission> {
    const day = chinaToday(now);
    const k = `${day}|${subject}`;
    if (!this.#stored.has(k)) {
      let loading = this.#loading.get(k);
      if (!loading) {
        loading = developerRepo
          .callsOn(this.db, subject, day)
          .then((n) => void this.#stored.set(k, Math.max(n, this.#stored.get(k) ?? 0)))
          .finally(() => this.#loading.delete(k));
        this.#loading.set(k, loading);
      }
      await loading;
    }
    const used = (this.#stored.get(k) ?? 0) + (this.#counts.pending(k)?.calls ?? 0);
    if (used >= quota)
      return {
        ok: false,
        used,
        retryAfterSeconds: Math.max(1, Math.ceil((chinaDayEnd(day).getTime() - now.getTime()) / 1000)),
      };
    this.add(subject, { calls: 1 }, now);
    return { ok: true };
  }

  add(subject: string, counts: Partial<MeterCounts>, now = new Date()): void {
    this.#counts.add(`${chinaToday(now)}|${subject}`, counts);
  }

  flush(): Promise<void> {
    return this.#counts.flush();
  }

  /** Calls used today by each subject (after a flush, so every process's counts are in). */
  async usedToday(subjects: string[]): Promise<Map<string, number>> {
    await this.flush();
    const today = chinaToday();
    const out = new Map<string, number>();
    for (const r of await developerRepo.meterSince(this.db, subjects, today))
      out.set(r.subject, Number(r.calls));
    return out;
  }

  /** A subject's last `days` days, oldest first, every day present (zeros where nothing was counted). */
  async series(subject: string, days: number, now = new Date()): Promise<({ day: string } & MeterCounts)[]> {
    await this.flush();
    const dayList: string[] = [];
    for (let i = days - 1; i >= 0; i--) dayList.push(chinaToday(new Date(now.getTime() - i * 86_400_000)));
    const rows = await developerRepo.meterSince(this.db, [subject], dayList[0]!);
    const byDay = new Map(rows.map((r) => [r.day, r]));
    return dayList.map((day) => {
      const r = byDay.get(day);
      return {
        day,
        calls: Number(r?.calls ?? 0),
        rows: Number(r?.rows ?? 0),
        downloads: Number(r?.downloads ?? 0),
      };
    });
  }
}

function split(k: string): [string, string] {
  const at = k.indexOf('|');
  return [k.slice(0, at), k.slice(at + 1)];
}
