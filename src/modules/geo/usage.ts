/**
 * Counting anonymous reads of the OGC API without a write per request: each process adds up requests and features
 * per collection in memory and, once a minute (and when the server closes), adds them to `geo_usage` and writes one
 * `geo.read` audit entry with the counts. A crash loses at most a minute of counts, never a read of personal data:
 * the address base holds none.
 */
import type { Db } from '../../db/index.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import { chinaDaysFromNow, chinaToday } from '../../lib/time.ts';
import { geoRepo } from './repo.ts';

const FLUSH_MS = 60_000;
const OGC_READER: Actor = { id: null, name: 'OGC API', kind: 'anonymous', ip: null, requestId: null };

export class GeoUsage {
  private counts = new Map<string, { requests: number; features: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  count(collection: string, features: number): void {
    const c = this.counts.get(collection) ?? { requests: 0, features: 0 };
    c.requests += 1;
    c.features += features;
    this.counts.set(collection, c);
    // The timer exists only while there is something to write, and never keeps the process alive.
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), FLUSH_MS).unref();
  }

  /** Writes the counts gathered so far; what arrives meanwhile waits for the next flush. */
  async flush(): Promise<number> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = [...this.counts].map(([collection, c]) => ({ collection, ...c }));
    this.counts = new Map();
    if (!rows.length) return 0;
    await this.db.transaction(async (tx) => {
      await geoRepo.addUsage(tx, chinaToday(), rows);
      await this.audit.record(
        OGC_READER,
        {
          action: 'geo.read',
          objectType: 'geo_collection',
          objectId: null,
          outcome: 'success',
          details: {
            collections: Object.fromEntries(
              rows.map((r) => [r.collection, { requests: r.requests, features: r.features }]),
            ),
          },
        },
        tx,
      );
    });
    return rows.reduce((n, r) => n + r.requests, 0);
  }

  async recent(days: number) {
    const since = chinaDaysFromNow(-(days - 1));
    const rows = await geoRepo.usage(this.db, since);
    return rows.map((r) => ({
      day: r.day,
      collection: r.collection,
      requests: Number(r.requests),
      features: Number(r.features),
    }));
  }
}
