/**
 * The quarantine: rows an onError=quarantine batch set aside, waiting for the steward to fix (through the same
 * ingest path) or discard them.
 */
import { AppError } from '../../core/errors.ts';
import type { Actor } from '../audit/index.ts';
import type { ExchangeCore } from './core.ts';
import type { IngestService } from './ingest.ts';
import { exchangeRepo } from './repo.ts';
import type { IngestResultT, RowErrorT } from './schema.ts';

export class QuarantineService {
  constructor(
    private readonly core: ExchangeCore,
    private readonly ingestion: IngestService,
  ) {}

  async list(resourceId: string, limit: number, offset: number) {
    await this.core.recordResource(resourceId);
    const rows = await exchangeRepo.quarantine(this.core.deps.db, resourceId, limit, offset);
    return {
      total: Number(rows[0]?.total ?? 0),
      items: rows.map((x) => ({
        id: x.id,
        batchId: x.batch_id,
        row: Number(x.row_no),
        raw: x.raw,
        errors: x.errors as RowErrorT[],
        createdAt: x.created_at.toISOString(),
      })),
    };
  }

  /** The resource of an open quarantined row (what the caller's rights are checked against). */
  async resourceOf(id: string): Promise<string> {
    const row = await exchangeRepo.openQuarantined(this.core.deps.db, id);
    if (!row) throw new AppError('EXCHANGE_QUARANTINE_NOT_FOUND', { id });
    return row.resource_id;
  }

  /** The steward's corrected row goes through the same ingest path; the quarantined row closes with it. */
  async resubmit(actor: Actor, id: string, values: Record<string, unknown>): Promise<IngestResultT> {
    const resourceId = await this.resourceOf(id);
    return this.ingestion.ingest(actor, resourceId, [{ row: 1, values }], {
      source: 'quarantine',
      mode: 'upsert',
      onError: 'reject',
      beforeCommit: async (tx) => {
        if (!(await exchangeRepo.openQuarantined(tx, id)))
          throw new AppError('EXCHANGE_QUARANTINE_NOT_FOUND', { id });
        await exchangeRepo.resolveQuarantined(tx, id, 'resubmitted', actor.name);
      },
    });
  }

  async discard(actor: Actor, id: string): Promise<void> {
    await this.core.deps.db.transaction(async (tx) => {
      const row = await exchangeRepo.openQuarantined(tx, id);
      if (!row) throw new AppError('EXCHANGE_QUARANTINE_NOT_FOUND', { id });
      await exchangeRepo.resolveQuarantined(tx, id, 'discarded', actor.name);
      await this.core.deps.audit.record(
        actor,
        {
          action: 'exchange.quarantine.discard',
          objectType: 'exchange_quarantine',
          objectId: id,
          outcome: 'success',
          details: { resourceId: row.resource_id },
        },
        tx,
      );
    });
  }
}
