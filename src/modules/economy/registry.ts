/** Staff reads of the registry: indicators, one indicator's series by region, an observation's revisions, status. */
import { AppError } from '../../core/errors.ts';
import { chinaToday } from '../../lib/time.ts';
import type { Freq } from './period.ts';
import { economyRepo } from './repo.ts';
import type { IndicatorT, SeriesT, SyncStatusT, RevisionT } from './schema.ts';
import type { SdmxService } from './sdmx.ts';
import type { EconomyDeps } from './sync.ts';

export class RegistryReads {
  constructor(
    private readonly deps: EconomyDeps,
    private readonly sdmx: SdmxService,
  ) {}

  async indicators(): Promise<IndicatorT[]> {
    return (await economyRepo.indicators(this.deps.db)).map((i) => ({
      code: i.code,
      nameZh: i.name_zh,
      nameEn: i.name_en,
      unit: i.unit,
      unitCode: i.unit_code,
      department: i.department,
      frequencies: (i.frequencies ?? []) as Freq[],
      regions: i.regions,
      observations: i.observations,
      firstPeriod: i.first_period,
      lastPeriod: i.last_period,
    }));
  }

  /** One indicator at one frequency, a series per region (the city first), periods in order. */
  async series(code: string, freq: Freq | undefined): Promise<SeriesT> {
    const indicator = (await this.indicators()).find((i) => i.code === code);
    if (!indicator) throw new AppError('ECONOMY_INDICATOR_NOT_FOUND', { code });
    const chosen = freq ?? indicator.frequencies[0] ?? 'A';
    const rows = await economyRepo.observations(
      this.deps.db,
      { key: { FREQ: [chosen], REF_AREA: null, INDICATOR: [code] }, clauses: [] },
      100_000,
    );
    const names = await this.sdmx.regionNames();
    const byRegion = new Map<string, SeriesT['series'][number]>();
    for (const r of rows) {
      let s = byRegion.get(r.region);
      if (!s) {
        s = { region: r.region, regionName: names.get(r.region) ?? r.region, observations: [] };
        byRegion.set(r.region, s);
      }
      s.observations.push({
        period: r.period,
        value: Number(r.value),
        status: r.obs_status,
        revision: r.revision,
      });
    }
    return {
      indicator,
      freq: chosen,
      sdmxKey: `${chosen}.*.${code}`,
      series: [...byRegion.values()].sort((a, b) => a.region.localeCompare(b.region)),
    };
  }

  async revisions(k: {
    indicator: string;
    freq: Freq;
    region: string;
    period: string;
  }): Promise<RevisionT[]> {
    const rows = await economyRepo.revisions(this.deps.db, k);
    if (!rows.length) throw new AppError('ECONOMY_OBSERVATION_NOT_FOUND', k);
    return rows.map((r) => ({
      revision: r.revision,
      op: r.op,
      value: r.value === null ? null : Number(r.value),
      status: r.obs_status,
      sourceSeq: Number(r.source_seq),
      changedAt: r.changed_at.toISOString(),
    }));
  }

  async status(): Promise<SyncStatusT> {
    const { db, exchange, catalog, org } = this.deps;
    // The tally of this process's reads goes in first, so the figure shown is current.
    await this.sdmx.flushUsage().catch(() => undefined);
    const sources = await economyRepo.sources(db);
    const resources = new Map(
      (await catalog.publishedResources(sources.map((s) => s.resource_id)).catch(() => [])).map((r) => [
        r.id,
        r,
      ]),
    );
    const depts = await org.getMany(sources.map((s) => s.department_id));
    const out: SyncStatusT['sources'] = [];
    for (const s of sources) {
      const sub = await exchange.subscription(s.subscription_id).catch(() => null);
      const applied = Number(s.applied_seq);
      const lastSeq = sub?.lastSeq ?? applied;
      out.push({
        resourceId: s.resource_id,
        resourceName: resources.get(s.resource_id)?.name ?? '',
        subscriptionId: s.subscription_id,
        departmentId: s.department_id,
        departmentName: depts.get(s.department_id)?.name ?? '',
        appliedSeq: applied,
        ackedSeq: sub?.ackedSeq ?? 0,
        lastSeq,
        lag: Math.max(0, lastSeq - applied),
        subscriptionStatus: sub?.status ?? null,
        lastSyncAt: s.last_sync_at?.toISOString() ?? null,
        lastSuccessAt: s.last_success_at?.toISOString() ?? null,
        lastChanges: s.last_changes,
        lastSkipped: s.last_skipped,
        lastError: s.last_error,
      });
    }
    return {
      sources: out,
      ...(await economyRepo.counts(db)),
      sdmxCalls: await economyRepo.usage(db, chinaToday()),
    };
  }
}
