import { openDb } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemoCity } from '../src/demo/seed.ts';
import { segment, simplify } from '../src/lib/text.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.ts';
import { buildServices } from '../src/server/context.ts';
import { freshPostgres, progress, summary, timed, type EngineName } from './lib.ts';

// What staff type: names, partial names, item names, Traditional characters, a department, two words.
const QUERIES = [
  '婚姻登记',
  '机动车',
  '企业法人登记信息',
  '身份证号',
  '社会保险',
  '不动產登記',
  '公积金 缴存',
  '排污许可',
  '健康档案',
  '统一社会信用代码',
  '人口',
  '驾驶人 记分',
];

/**
 * search: catalog search over the demo catalog (1,071 resources, 12,492 items) through the service —
 * segmentation, visibility, ranking, seven facet counts, department names — next to the bare tsvector
 * query that finds the same rows, in the same run.
 */
export async function search(engine: EngineName, n: number) {
  const pg = engine === 'postgres' ? await freshPostgres() : undefined;
  const db = await openDb({ databaseUrl: pg?.url, dataDir: 'memory://' });
  try {
    await migrate(db);
    const services = buildServices(db, { sessionTtlHours: 8 });
    progress(`seeding the demo city on ${engine} …`);
    await seedDemoCity(services, SYSTEM_ACTOR, { password: 'Bench-pass-2026' });
    const stats = await services.catalog.stats();
    const ours: number[] = [];
    const raw: number[] = [];
    const reader = { kind: 'published' as const, plusDepartments: [] };
    // Warm up both paths (jieba's dictionary, plan caches).
    await services.catalog.search({ q: QUERIES[0] }, reader);
    for (let i = 0; i < n; i++) {
      for (const q of QUERIES) {
        ours.push((await timed(() => services.catalog.search({ q, limit: 20 }, reader)))[1]);
        raw.push(
          (
            await timed(async () => {
              const tokens = segment(simplify(q)).join(' ');
              await db.query(
                `SELECT id, name FROM catalog_resource WHERE search @@ plainto_tsquery('simple', $1)
                 ORDER BY ts_rank_cd(search, plainto_tsquery('simple', $1)) DESC LIMIT 20`,
                [tokens],
              );
            })
          )[1],
        );
      }
      progress(`round ${i + 1}/${n}`);
    }
    const o = summary(ours);
    const r = summary(raw);
    return {
      bench: 'search',
      engine,
      unit: 'ms',
      catalog: { resources: stats.resources, items: stats.items, departments: stats.departments },
      queries: QUERIES.length,
      rounds: n,
      tongbanSearch: o,
      rawTsvectorQuery: r,
      ratio: Math.round((o.p95 / r.p95) * 100) / 100,
      target: { p95BelowMs: 50, met: o.p95 < 50 },
      notes:
        'tongbanSearch = segmentation + visibility + ranking + total + 7 facet counts + department names; raw = one tsvector query',
    };
  } finally {
    await db.close();
    await pg?.drop();
  }
}
