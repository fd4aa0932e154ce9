import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegions } from '../../src/demo/city/index.ts';
import { seedDemoGeo } from '../../src/demo/geo.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, buildUser } from '../support/factories.ts';

const run = promisify(execFile);

interface Feature {
  id: string;
  geometry: { type: string; coordinates: number[] };
  properties: Record<string, unknown>;
}
interface Page {
  features: Feature[];
  links: { rel: string; href: string }[];
  numberMatched: number;
  numberReturned: number;
}
interface Candidate {
  code: string;
  level: string;
  address: string;
  score: number;
  components: { level: string; status: string; code: string | null }[];
}

async function ogrinfo(): Promise<boolean> {
  try {
    await run('ogrinfo', ['--version']);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(ENGINES)('spatial base registry (空间地理) on %s', (engine) => {
  let t: TestApp;
  let staff: string;
  let citizen: string;
  let auditor: string;
  /** 新浦街道's 解放中路: the road of the examples people type. */
  let road: string;

  const get = (url: string, token: string | null = null) => t.call(token, { method: 'GET', url });
  const path = (href: string) => href.replace(/^https?:\/\/[^/]+/, '');
  const standardize = async (text: string) => {
    const res = await t.call(staff, { method: 'POST', url: '/api/geo/standardize', payload: { text } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ normalized: string; candidates: Candidate[] }>();
  };
  const sql = async <T extends object>(text: string, params: unknown[] = []) =>
    (await t.testDb.db.query<T>(text, params)).rows;

  beforeAll(async () => {
    t = await createTestApp(engine);
    await t.services.org.loadRegions(buildRegions());
    const first = await seedDemoGeo(t.services, SYSTEM_ACTOR);
    expect(first.loaded).toBe(true);
    const dept = await buildDepartment(t.services);
    const u = await buildUser(t.services, {
      departmentId: dept.id,
      roles: [{ role: 'dept_consumer', departmentId: dept.id }],
    });
    const c = await buildUser(t.services, { roles: [{ role: 'citizen', departmentId: null }] });
    const a = await buildUser(t.services, { roles: [{ role: 'auditor', departmentId: null }] });
    // One after the other: concurrent sign-ins from one address can meet the throttle's growing delays.
    staff = await t.login(u.username);
    citizen = await t.login(c.username);
    auditor = await t.login(a.username);
    const [r] = await sql<{ code: string }>(
      `SELECT r.code FROM geo_road r JOIN geo_area tw ON tw.code = substr(r.code, 1, 9)
       WHERE r.name = '解放中路' AND tw.name = '新浦街道'`,
    );
    road = r!.code;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('seeds tens of thousands of address points once, inside the city, with codes under their regions', async () => {
    const counts = await t.services.geo.summary();
    expect(counts).toMatchObject({ districts: 6, towns: 101, villages: 1659 });
    expect(counts.addresses).toBeGreaterThan(20_000);
    expect(counts.buildings).toBeGreaterThan(5_000);
    const again = await seedDemoGeo(t.services, SYSTEM_ACTOR);
    expect(again).toMatchObject({ ...counts, loaded: false });
    const [box] = await sql<{ w: number; s: number; e: number; n: number; orphans: number }>(
      `SELECT min(lon) AS w, min(lat) AS s, max(lon) AS e, max(lat) AS n,
         (SELECT count(*)::int FROM geo_address a WHERE NOT EXISTS
           (SELECT 1 FROM geo_area v WHERE v.code = substr(a.code, 1, 12) AND v.level = 'village')) AS orphans
       FROM geo_address`,
    );
    expect(box!.w).toBeGreaterThanOrEqual(118.6);
    expect(box!.e).toBeLessThanOrEqual(119.8);
    expect(box!.s).toBeGreaterThanOrEqual(34.0);
    expect(box!.n).toBeLessThanOrEqual(35.1);
    expect(box!.orphans).toBe(0);
    const seeds = await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'geo.seed'",
    );
    expect(seeds[0]!.n).toBe(1);
  });

  describe('standardization', () => {
    const room = () => `${road}0012` + '03' + '02' + '0501';

    it.each([
      ['the full form', '连云港海州区新浦街道解放中路12号3栋2单元501'],
      ['no city or district', '新浦街道解放中路12号3栋2单元501室'],
      ['Traditional characters', '連雲港海州區新浦街道解放中路12號3棟2單元501室'],
      ['full-width digits', '海州区新浦街道解放中路１２号３栋２单元５０１室'],
      ['号楼', '海州区新浦街道解放中路12号3号楼2单元501室'],
      ['幢 and 单元号', '海州区新浦街道解放中路12号3幢2单元号501'],
      ['户', '海州区新浦街道解放中路12号3栋2单元501户'],
      ['extra spaces', '  海州区  新浦街道 解放中路 12 号 3 栋 2 单元 501 室 '],
      ['Chinese numerals', '海州区新浦街道解放中路十二号三栋二单元五零一室'],
      ['dashed building-unit-room', '新浦街道解放中路12号3-2-501'],
    ])('finds the room from %s', async (_kind, text) => {
      const { candidates } = await standardize(text);
      const best = candidates[0]!;
      expect(best.code).toBe(room());
      expect(best.level).toBe('room');
      expect(best.score).toBe(1);
      expect(best.address).toMatch(/^连云港市海州区新浦街道.+解放中路12号3栋2单元501室$/);
      const status = Object.fromEntries(best.components.map((c) => [c.level, c.status]));
      expect(status).toMatchObject({
        town: 'matched',
        road: 'matched',
        doorplate: 'matched',
        room: 'matched',
      });
      // Every other 解放中路 12号 of the city ranks below: the text names 新浦街道.
      for (const other of candidates.slice(1)) expect(other.score).toBeLessThan(1);
    });

    it('fills in what the text leaves out, and holds a wrong district against a candidate', async () => {
      // Every road has doorplates 1 … 3 at least, and 解放中路 runs through several towns.
      const bare = await standardize('解放中路3号');
      expect(bare.candidates.length).toBeGreaterThan(1);
      expect(bare.candidates.every((c) => c.score === 1)).toBe(true);
      const xinpu = bare.candidates.find((c) => c.code === `${road}0003`)!;
      expect(xinpu.components.find((c) => c.level === 'town')!.status).toBe('inferred');
      const wrong = await standardize('赣榆区新浦街道解放中路12号');
      const best = wrong.candidates[0]!;
      expect(best.code).toBe(`${road}0012`);
      expect(best.components.find((c) => c.level === 'district')!.status).toBe('conflict');
      expect(best.score).toBeLessThan(1);
    });

    it('says which parts the base does not have', async () => {
      const { candidates } = await standardize('新浦街道解放中路999号');
      expect(candidates[0]!.level).toBe('road');
      expect(candidates[0]!.code).toBe(road);
      expect(candidates[0]!.components.find((c) => c.level === 'doorplate')!.status).toBe('notFound');
      const noRoom = await standardize('新浦街道解放中路12号3栋2单元9901室');
      expect(noRoom.candidates[0]!.level).toBe('unit');
      expect(noRoom.candidates[0]!.components.find((c) => c.level === 'room')!.status).toBe('notFound');
    });

    it('standardizes a batch with row numbers, and refuses the whole batch over one unreadable row', async () => {
      const ok = await t.call(staff, {
        method: 'POST',
        url: '/api/geo/standardize/batch',
        payload: { texts: ['新浦街道解放中路12号', '解放中路十二号', '海州区'], limit: 2 },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const body = ok.json<{ results: { row: number; candidates: Candidate[] }[]; matched: number }>();
      expect(body.results.map((r) => r.row)).toEqual([1, 2, 3]);
      expect(body.results[2]!.candidates[0]!.level).toBe('district');
      expect(body.matched).toBe(2);
      expect(body.results.every((r) => r.candidates.length <= 2)).toBe(true);

      const before = await sql<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'geo.standardize'",
      );
      const bad = await t.call(staff, {
        method: 'POST',
        url: '/api/geo/standardize/batch',
        payload: { texts: ['解放中路12号', '   ', '，，。'] },
      });
      expect(bad.statusCode).toBe(400);
      const err = bad.json<{
        error: { code: string; details: { rows: number[]; fields: { field: string }[] } };
      }>();
      expect(err.error.code).toBe('GEO_ADDRESS_TEXT_EMPTY');
      expect(err.error.details.rows).toEqual([2, 3]);
      expect(err.error.details.fields.map((f) => f.field)).toEqual(['texts[1]', 'texts[2]']);
      const after = await sql<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'geo.standardize'",
      );
      expect(after[0]!.n).toBe(before[0]!.n);

      const tooMany = await t.call(staff, {
        method: 'POST',
        url: '/api/geo/standardize/batch',
        payload: { texts: Array.from({ length: 501 }, () => '解放中路1号') },
      });
      expect(tooMany.statusCode).toBe(400);
      const empty = await t.call(staff, {
        method: 'POST',
        url: '/api/geo/standardize',
        payload: { text: '' },
      });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('text');
    });

    it('is for signed-in staff only, and audits each call (not each row, not the text)', async () => {
      const anonymous = await t.call(null, {
        method: 'POST',
        url: '/api/geo/standardize',
        payload: { text: '解放中路12号' },
      });
      expect(anonymous.statusCode).toBe(401);
      const refused = await t.call(citizen, {
        method: 'POST',
        url: '/api/geo/standardize',
        payload: { text: '解放中路12号' },
      });
      expect(refused.statusCode).toBe(403);
      const denied = await sql<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'geo.standardize' AND outcome = 'denied'",
      );
      expect(denied[0]!.n).toBe(1);

      await t.call(staff, {
        method: 'POST',
        url: '/api/geo/standardize/batch',
        payload: { texts: ['新浦街道解放中路12号', '新浦街道解放中路13号', '解放中路5号'] },
      });
      const [last] = await sql<{ details: { rows: number; matched: number }; actor_kind: string }>(
        `SELECT details, actor_kind FROM audit_log WHERE action = 'geo.standardize' AND outcome = 'success'
         ORDER BY at DESC, id DESC LIMIT 1`,
      );
      expect(last!.details).toMatchObject({ rows: 3, matched: 3 });
      expect(JSON.stringify(last!.details)).not.toContain('解放');
    });
  });

  describe('OGC API – Features', () => {
    it('has a landing page, conformance and collections with extents', async () => {
      const landing = await get('/api/geo');
      expect(landing.statusCode).toBe(200);
      expect(landing.headers['content-type']).toMatch(/^application\/json/);
      const rels = landing.json<{ links: { rel: string }[] }>().links.map((l) => l.rel);
      expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
      const conf = (await get('/api/geo/conformance?f=json')).json<{ conformsTo: string[] }>();
      expect(conf.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
      const cols = (await get('/api/geo/collections')).json<{
        collections: { id: string; extent: { spatial: { bbox: number[][] } } }[];
      }>();
      expect(cols.collections.map((c) => c.id)).toEqual(
        expect.arrayContaining(['districts', 'towns', 'villages', 'roads', 'addresses', 'buildings']),
      );
      const bbox = cols.collections.find((c) => c.id === 'addresses')!.extent.spatial.bbox[0]!;
      expect(bbox[0]).toBeGreaterThanOrEqual(118.6);
      expect(bbox[3]).toBeLessThanOrEqual(35.1);
      expect((await get('/api/geo/collections/districts')).statusCode).toBe(200);
    });

    it('pages a selection completely and once, with numberMatched', async () => {
      const town = road.slice(0, 9);
      let url: string | undefined = `/api/geo/collections/addresses/items?town=${town}&limit=97`;
      const seen: string[] = [];
      let matched = -1;
      while (url) {
        const res = await get(url);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
        const page = res.json<Page>();
        matched = page.numberMatched;
        expect(page.numberReturned).toBe(page.features.length);
        seen.push(...page.features.map((f) => f.id));
        const next = page.links.find((l) => l.rel === 'next');
        url = next ? path(next.href) : undefined;
      }
      const [expected] = await sql<{ n: number }>(
        "SELECT count(*)::int AS n FROM geo_address WHERE code LIKE $1 || '%'",
        [town],
      );
      expect(seen.length).toBe(expected!.n);
      expect(new Set(seen).size).toBe(seen.length);
      expect(matched).toBe(expected!.n);
      expect(seen.every((id) => id.startsWith(town))).toBe(true);
    });

    it('filters by bbox exactly, and defaults to 10 features', async () => {
      const [w, s, e, n] = [119.1, 34.5, 119.16, 34.56];
      const res = await get(`/api/geo/collections/addresses/items?bbox=${w},${s},${e},${n}&limit=1000`);
      expect(res.statusCode).toBe(200);
      const page = res.json<Page>();
      const [expected] = await sql<{ n: number }>(
        'SELECT count(*)::int AS n FROM geo_address WHERE lon BETWEEN $1 AND $3 AND lat BETWEEN $2 AND $4',
        [w, s, e, n],
      );
      expect(page.numberMatched).toBe(expected!.n);
      expect(expected!.n).toBeGreaterThan(0);
      for (const f of page.features) {
        const [x, y] = f.geometry.coordinates as [number, number];
        expect(x >= w && x <= e && y >= s && y <= n).toBe(true);
      }
      const towns = (await get(`/api/geo/collections/towns/items?bbox=${w},${s},${e},${n}`)).json<Page>();
      expect(towns.numberReturned).toBeGreaterThan(0);
      expect(towns.features[0]!.geometry.type).toBe('Polygon');
      const first = (await get('/api/geo/collections/addresses/items')).json<Page>();
      expect(first.numberReturned).toBe(10);
      const one = await get(`/api/geo/collections/addresses/items/${first.features[0]!.id}`);
      expect(one.statusCode).toBe(200);
      expect(one.json<Feature>().properties.address).toMatch(/^连云港市.+号$/);
    });

    it('answers bad parameters with 400 naming them and unknown ids with 404', async () => {
      const bad = async (url: string, status: number, code: string, field?: string) => {
        const res = await get(url);
        expect(res.statusCode, url).toBe(status);
        expect(res.json<{ error: { code: string } }>().error.code).toBe(code);
        if (field) expect(res.body).toContain(field);
      };
      await bad('/api/geo/collections/addresses/items?bbox=119,34,120', 400, 'GEO_BBOX_INVALID', 'bbox');
      await bad('/api/geo/collections/addresses/items?bbox=119,35,120,34', 400, 'GEO_BBOX_INVALID', 'bbox');
      await bad('/api/geo/collections/addresses/items?bbox=a,b,c,d', 400, 'GEO_BBOX_INVALID', 'bbox');
      await bad('/api/geo/collections/addresses/items?bbox=200,34,201,35', 400, 'GEO_BBOX_INVALID', 'bbox');
      await bad('/api/geo/collections/addresses/items?limit=0', 400, 'REQUEST_VALIDATION_FAILED', 'limit');
      await bad(
        '/api/geo/collections/addresses/items?limit=100000',
        400,
        'REQUEST_VALIDATION_FAILED',
        'limit',
      );
      await bad('/api/geo/collections/addresses/items?f=xml', 400, 'REQUEST_VALIDATION_FAILED', 'f');
      await bad(
        '/api/geo/collections/districts/items?road=32070600700101',
        400,
        'GEO_FILTER_INVALID',
        'road',
      );
      await bad('/api/geo/collections/rivers', 404, 'GEO_COLLECTION_NOT_FOUND');
      await bad('/api/geo/collections/rivers/items', 404, 'GEO_COLLECTION_NOT_FOUND');
      await bad('/api/geo/collections/addresses/items/999999', 404, 'GEO_FEATURE_NOT_FOUND');
      // A town's code is not an address: the collection decides what an id means.
      await bad(`/api/geo/collections/addresses/items/${road.slice(0, 9)}`, 404, 'GEO_FEATURE_NOT_FOUND');
    });

    it('counts anonymous reads per collection and writes them with one audit entry per flush', async () => {
      await t.services.geo.usage.flush();
      await get('/api/geo/collections/roads/items?limit=5');
      await get('/api/geo/collections/roads/items?limit=3');
      await t.services.geo.usage.flush();
      const refused = await get('/api/geo/usage', staff);
      expect(refused.statusCode).toBe(403);
      const res = await get('/api/geo/usage?days=1', auditor);
      expect(res.statusCode).toBe(200);
      const roads = res
        .json<{ days: { collection: string; requests: number; features: number }[] }>()
        .days.find((d) => d.collection === 'roads')!;
      expect(roads).toMatchObject({ requests: 2, features: 8 });
      const [entry] = await sql<{ details: { collections: Record<string, unknown> }; actor_kind: string }>(
        "SELECT details, actor_kind FROM audit_log WHERE action = 'geo.read' ORDER BY at DESC, id DESC LIMIT 1",
      );
      expect(entry!.actor_kind).toBe('anonymous');
      expect(entry!.details.collections.roads).toEqual({ requests: 2, features: 8 });
    });

    it('is read by GDAL’s OAPIF driver, with a spatial filter', async (ctx) => {
      if (!(await ogrinfo())) {
        ctx.skip('ogrinfo (gdal-bin) is not installed: the GDAL client check is skipped');
        return;
      }
      const port = await freePort();
      let app: App | undefined;
      try {
        app = await buildApp(t.services, {
          cookieSecure: false,
          sessionTtlHours: 8,
          bodyLimitBytes: 1024 * 1024,
          trustProxy: false,
          webDist: undefined,
          publicUrl: `http://127.0.0.1:${port}`,
        });
        await app.listen({ port, host: '127.0.0.1' });
        const url = `OAPIF:http://127.0.0.1:${port}/api/geo`;
        const env = { ...process.env, GDAL_HTTP_TIMEOUT: '30', CPL_DEBUG: 'OFF' };
        const summary = await run('ogrinfo', ['-ro', '-al', '-so', url, 'districts'], { env });
        expect(summary.stdout).toContain('Layer name: districts');
        expect(summary.stdout).toMatch(/Feature Count: 6/);
        const [w, s, e, n] = [119.1, 34.5, 119.16, 34.56];
        const filtered = await run(
          'ogrinfo',
          ['-ro', '-q', url, 'addresses', '-spat', String(w), String(s), String(e), String(n)],
          { env, maxBuffer: 64 * 1024 * 1024 },
        );
        const ids = [...filtered.stdout.matchAll(/^\s*code \(String\) = (\d+)/gm)].map((m) => m[1]);
        const [expected] = await sql<{ n: number }>(
          'SELECT count(*)::int AS n FROM geo_address WHERE lon BETWEEN $1 AND $3 AND lat BETWEEN $2 AND $4',
          [w, s, e, n],
        );
        expect(ids.length).toBe(expected!.n);
        expect(new Set(ids).size).toBe(ids.length);
      } finally {
        await app?.close();
      }
    }, 120_000);
  });
});
