import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/server/app.ts';
import { buildServices } from '../../src/server/context.ts';
import { createTestDb, ENGINES, type TestDb } from '../support/db.ts';

/** The CSP as a map of directive → sources. */
function csp(res: LightMyRequestResponse): Map<string, string[]> {
  const header = res.headers['content-security-policy'];
  expect(header, `CSP on ${res.statusCode}`).toBeTypeOf('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectHardened(res: LightMyRequestResponse) {
  const policy = csp(res);
  expect(policy.get('script-src')).toEqual(["'self'"]);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('same-origin');
  expect(res.headers['x-frame-options']).toBe('DENY');
}

describe.each(ENGINES)('security headers on %s', (engine) => {
  let testDb: TestDb;
  let webDist: string;
  const apps: App[] = [];
  const build = async (cookieSecure: boolean) => {
    const app = await buildApp(buildServices(testDb.db, { sessionTtlHours: 8 }), {
      cookieSecure,
      sessionTtlHours: 8,
      bodyLimitBytes: 1024 * 1024,
      trustProxy: false,
      webDist,
      publicUrl: 'https://data.example.gov.cn',
    });
    await app.ready();
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    testDb = await createTestDb(engine);
    // A built web app in miniature: the page loads its script from a file, as Vite's build does.
    webDist = mkdtempSync(path.join(tmpdir(), 'tongban-web-'));
    mkdirSync(path.join(webDist, 'assets'));
    writeFileSync(
      path.join(webDist, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/index.js"></script></head><body></body></html>',
    );
    writeFileSync(path.join(webDist, 'assets', 'index.js'), 'document.body.textContent = "ok";\n');
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await testDb.drop();
    rmSync(webDist, { recursive: true, force: true });
  });

  it('sets CSP, nosniff, referrer policy and frame refusal on API, static, page and error responses', async () => {
    const app = await build(false);
    const responses = {
      api: await app.inject({ method: 'GET', url: '/api/health' }),
      staticFile: await app.inject({ method: 'GET', url: '/assets/index.js' }),
      page: await app.inject({ method: 'GET', url: '/catalog/some-page' }),
      notFound: await app.inject({ method: 'GET', url: '/api/no-such-route' }),
      unauthenticated: await app.inject({ method: 'GET', url: '/api/users' }),
      badBody: await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{not json',
      }),
    };
    expect(responses.api.statusCode).toBe(200);
    expect(responses.staticFile.statusCode).toBe(200);
    expect(responses.page.statusCode).toBe(200);
    expect(responses.page.body).toContain('/assets/index.js');
    expect(responses.notFound.statusCode).toBe(404);
    expect(responses.unauthenticated.statusCode).toBe(401);
    expect(responses.badBody.statusCode).toBe(400);
    for (const [name, res] of Object.entries(responses)) {
      expect(res.headers['content-security-policy'], name).toBeDefined();
      expectHardened(res);
      // Plain HTTP: no HSTS, and no request upgrade to an https port nobody listens on.
      expect(res.headers['strict-transport-security'], name).toBeUndefined();
      expect(csp(res).has('upgrade-insecure-requests'), name).toBe(false);
    }
  });

  it('sends HSTS (and upgrades requests) only when COOKIE_SECURE says the site is behind TLS', async () => {
    const app = await build(true);
    for (const url of ['/api/health', '/assets/index.js', '/api/no-such-route']) {
      const res = await app.inject({ method: 'GET', url });
      expectHardened(res);
      expect(res.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
      expect(csp(res).has('upgrade-insecure-requests'), url).toBe(true);
    }
  });

  it('serves the Swagger UI under the same policy: its page and scripts are files, no inline script', async () => {
    const app = await build(false);
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expectHardened(page);
    // Every <script> of the docs page has a src (an inline one would be blocked by script-src 'self').
    const scripts = [...page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    const src = /src="([^"]*swagger-initializer\.js)"/.exec(page.body)![1]!;
    const initializer = await app.inject({
      method: 'GET',
      url: src.startsWith('.') ? `/api/docs/${src.slice(2)}` : src,
    });
    expect(initializer.statusCode).toBe(200);
    expectHardened(initializer);
    expect(initializer.body).toContain('SwaggerUIBundle');
  });
});
