/** The exchange figures: per-department daily statistics and the data-quality report. */
import { AppError } from '../../core/errors.ts';
import { chinaToday, DAY_MS } from '../../lib/time.ts';
import type { ExchangeCore, Reach } from './core.ts';
import { figuresRepo } from './figures-repo.ts';
import type { QualityReportT, StatsQueryT, StatsReportT } from './schema.ts';

export class FiguresService {
  constructor(private readonly core: ExchangeCore) {}

  async stats(query: StatsQueryT): Promise<StatsReportT> {
    const db = this.core.deps.db;
    const to = query.to ?? chinaToday();
    const from = query.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
    if (from > to)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: [
          { field: 'from', code: 'RANGE', message: { zh: '开始日期晚于结束日期', en: 'from is after to' } },
        ],
      });
    const ids = query.departmentId ? [query.departmentId] : null;
    const rows = await figuresRepo.stats(db, from, to, ids);
    const totals = await figuresRepo.totals(db, ids);
    const heldNow = await figuresRepo.heldByDepartment(db, ids);
    const depts = await this.core.deps.org.getMany([
      ...rows.map((r) => r.department_id),
      ...heldNow.map((h) => h.department_id),
    ]);
    const sum = (pick: (r: (typeof rows)[number]) => string) => rows.reduce((n, r) => n + Number(pick(r)), 0);
    return {
      from,
      to,
      totals: {
        recordsHeld: Number(totals.records_held),
        recordsReceived: sum((r) => r.records_received),
        recordsDelivered: sum((r) => r.records_delivered),
        exchanges: sum((r) => r.exchanges),
        cumulativeShared: Number(totals.delivered),
        resourcesWithData: totals.resources_with_data,
        subscriptions: totals.subscriptions,
      },
      departments: heldNow.map((h) => ({
        departmentId: h.department_id,
        departmentName: depts.get(h.department_id)?.name ?? '',
        recordsHeld: Number(h.records_held),
        resources: h.resources,
      })),
      rows: rows.map((r) => ({
        day: r.day,
        departmentId: r.department_id,
        departmentName: depts.get(r.department_id)?.name ?? '',
        recordsHeld: Number(r.records_held),
        recordsReceived: Number(r.records_received),
        recordsDelivered: Number(r.records_delivered),
        exchanges: Number(r.exchanges),
        cumulativeShared: Number(r.cumulative_shared),
      })),
    };
  }

  /** Rows received and rejected per resource and rule over the last `days` days (within the batch log kept). */
  async quality(reach: Reach, days: number, departmentId?: string): Promise<QualityReportT> {
    if (reach.kind === 'none') return { days, resources: [] };
    let ids = reach.kind === 'departments' ? reach.ids : null;
    if (departmentId) ids = ids ? ids.filter((d) => d === departmentId) : [departmentId];
    const rows = await figuresRepo.quality(this.core.deps.db, days, ids);
    const resources = await this.core.resourcesById(rows.map((r) => r.resource_id));
    return {
      days,
      resources: rows.map((r) => {
        const received = Number(r.rows_received);
        const rejected = Number(r.rows_rejected);
        return {
          resourceId: r.resource_id,
          resourceName: resources.get(r.resource_id)?.name ?? '',
          departmentName: resources.get(r.resource_id)?.departmentName ?? '',
          batches: r.batches,
          rejectedBatches: r.rejected_batches,
          rowsReceived: received,
          rowsRejected: rejected,
          errorRate: received ? rejected / received : 0,
          byRule: r.by_rule ?? {},
          openQuarantine: r.open_quarantine,
        };
      }),
    };
  }
}
