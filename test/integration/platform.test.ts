import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { loadMigrations } from '../../src/db/migrate.ts';

describe.each(ENGINES)('platform routes on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  it('health reports the engine and the applied migration', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const last = loadMigrations().at(-1)!;
    expect(res.json()).toMatchObject({
      status: 'ok',
      engine,
      migration: { version: last.version, name: last.name },
    });
  });

  it('serves an OpenAPI 3.1 document that covers every API route', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(spec.openapi).toBe('3.1.0');
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(spec.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const expected = [
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'POST /api/auth/register',
      'POST /api/auth/register/verify',
      'GET /api/open/developer/keys',
      'POST /api/open/developer/keys',
      'POST /api/open/developer/keys/{id}/revoke',
      'GET /api/open/developer/keys/{id}/usage',
      'GET /api/open/developer/applications',
      'POST /api/open/developer/applications',
      'GET /api/open/applications',
      'POST /api/open/applications/{id}/decision',
      'POST /api/open/applications/{id}/revoke',
      'GET /api/open/keys',
      'PUT /api/open/keys/{id}/quota',
      'GET /api/auth/me',
      'GET /api/health',
      'GET /api/openapi.json',
      'GET /api/overview',
      'GET /api/overview/home',
      'GET /api/regions',
      'GET /api/departments',
      'POST /api/departments',
      'GET /api/departments/{id}',
      'PATCH /api/departments/{id}',
      'GET /api/roles',
      'GET /api/users',
      'POST /api/users',
      'GET /api/users/{id}',
      'PATCH /api/users/{id}',
      'PUT /api/users/{id}/roles',
      'POST /api/users/{id}/password',
      'GET /api/api-keys',
      'POST /api/api-keys',
      'POST /api/api-keys/{id}/revoke',
      'GET /api/audit',
      'GET /api/audit/actions',
      'GET /api/audit/verify',
      'GET /api/audit/checkpoints',
      'GET /api/audit/checkpoints/public-key',
      'GET /api/audit/checkpoints/{id}',
      'GET /api/audit/checkpoints/{id}/payload',
      'GET /api/audit/checkpoints/{id}/signature',
      'GET /api/catalog/vocabulary',
      'GET /api/catalog/resources',
      'POST /api/catalog/resources',
      'GET /api/catalog/resources/{ref}',
      'PUT /api/catalog/resources/{id}',
      'GET /api/catalog/resources/{id}/versions',
      'POST /api/catalog/resources/{id}/submit',
      'POST /api/catalog/resources/{id}/approve',
      'POST /api/catalog/resources/{id}/reject',
      'POST /api/catalog/resources/{id}/publish',
      'POST /api/catalog/resources/{id}/retire',
      'GET /api/catalog/stats',
      'GET /api/catalog/export.xlsx',
      'POST /api/catalog/import',
      'GET /api/catalog/dcat.jsonld',
      'GET /api/catalog/dcat.ttl',
      'GET /api/exchange/resources',
      'GET /api/exchange/resources/{id}',
      'POST /api/exchange/resources/{id}/records',
      'GET /api/exchange/resources/{id}/records',
      'POST /api/exchange/resources/{id}/upload',
      'GET /api/exchange/resources/{id}/changes',
      'GET /api/exchange/resources/{id}/batches',
      'GET /api/exchange/batches/{id}',
      'GET /api/exchange/resources/{id}/quarantine',
      'PUT /api/exchange/quarantine/{id}',
      'DELETE /api/exchange/quarantine/{id}',
      'GET /api/exchange/quality',
      'GET /api/exchange/subscriptions',
      'POST /api/exchange/subscriptions',
      'GET /api/exchange/subscriptions/{id}',
      'PATCH /api/exchange/subscriptions/{id}',
      'DELETE /api/exchange/subscriptions/{id}',
      'GET /api/exchange/subscriptions/{id}/changes',
      'POST /api/exchange/subscriptions/{id}/ack',
      'GET /api/exchange/subscriptions/{id}/deliveries',
      'GET /api/exchange/dead-letters',
      'POST /api/exchange/dead-letters/{id}/redeliver',
      'GET /api/exchange/stats',
      'GET /api/exchange/resources/{id}/connector',
      'PUT /api/exchange/resources/{id}/connector',
      'DELETE /api/exchange/resources/{id}/connector',
      'POST /api/exchange/resources/{id}/connector/test',
      'POST /api/exchange/resources/{id}/connector/run',
      'GET /api/exchange/resources/{id}/connector/runs',
      'GET /api/sharing/agreements',
      'POST /api/sharing/agreements',
      'GET /api/sharing/agreements/coverage',
      'GET /api/sharing/agreements/{id}/file',
      'POST /api/sharing/agreements/{id}/revoke',
      'GET /api/sharing/policy',
      'PATCH /api/sharing/policy',
      'GET /api/sharing/resources/{id}',
      'POST /api/sharing/self-service',
      'GET /api/sharing/requests',
      'POST /api/sharing/requests',
      'GET /api/sharing/requests/{id}',
      'POST /api/sharing/requests/{id}/approve',
      'POST /api/sharing/requests/{id}/reject',
      'POST /api/sharing/requests/{id}/withdraw',
      'POST /api/sharing/requests/{id}/attachments',
      'GET /api/sharing/requests/{id}/attachments/{attachmentId}',
      'GET /api/sharing/grants',
      'GET /api/sharing/grants/{id}',
      'POST /api/sharing/grants/{id}/revoke',
      'GET /api/sharing/usage',
      'POST /api/sharing/usage/flags/{id}/acknowledge',
      'GET /api/sharing/access-log',
      'GET /api/data/resources',
      'GET /api/data/openapi.json',
      'GET /api/data/{resource}/records/{key}',
      'POST /api/data/{resource}/query',
      'POST /api/data/{resource}/verify',
      'GET /api/data/{resource}/export',
      'GET /api/economy/indicators',
      'GET /api/economy/indicators/{code}/series',
      'GET /api/economy/indicators/{code}/revisions',
      'GET /api/economy/sync',
      'POST /api/economy/sync',
      'POST /api/economy/sources',
      'GET /api/registries',
      'GET /api/registries/{registry}',
      'GET /api/registries/{registry}/records',
      'GET /api/registries/{registry}/records/{id}',
      'GET /api/registries/population/persons',
      'GET /api/registries/population/persons/{personId}',
      'POST /api/registries/population/match',
      'POST /api/registries/legal-person/match',
      'GET /api/registries/{registry}/conflicts',
      'POST /api/registries/{registry}/conflicts/{id}/decision',
      'GET /api/registries/{registry}/reviews',
      'POST /api/registries/{registry}/reviews/{id}/decision',
      'POST /api/registries/{registry}/merge',
      'POST /api/registries/{registry}/unmerge',
      'PUT /api/registries/{registry}/rules',
      'PUT /api/registries/{registry}/sources/order',
      'POST /api/registries/{registry}/sources',
      'POST /api/registries/{registry}/sync',
      'GET /api/sdmx/data/{flow}/{key}',
      'GET /api/sdmx/data/dataflow/{agency}/{flow}/{version}/{key}',
      'GET /api/sdmx/structure/dataflow',
      'GET /api/sdmx/structure/dataflow/{agency}/{id}/{version}',
      'GET /api/sdmx/structure/datastructure',
      'GET /api/sdmx/structure/datastructure/{agency}/{id}/{version}',
      'GET /api/sdmx/structure/codelist/{id}',
      'GET /api/geo',
      'GET /api/geo/conformance',
      'GET /api/geo/collections',
      'GET /api/geo/collections/{collectionId}',
      'GET /api/geo/collections/{collectionId}/items',
      'GET /api/geo/collections/{collectionId}/items/{featureId}',
      'GET /api/geo/summary',
      'POST /api/geo/standardize',
      'POST /api/geo/standardize/batch',
      'GET /api/geo/usage',
      'GET /api/registries/license-types',
      'POST /api/registries/license-types',
      'GET /api/registries/license-types/{code}',
      'GET /api/registries/licenses',
      'POST /api/registries/licenses',
      'GET /api/registries/licenses/{licenseId}',
      'GET /api/registries/licenses/{licenseId}/qr',
      'POST /api/registries/licenses/{licenseId}/versions',
      'POST /api/registries/licenses/{licenseId}/suspend',
      'POST /api/registries/licenses/{licenseId}/revoke',
      'POST /api/registries/licenses/{licenseId}/restore',
      'POST /api/registries/licenses/{licenseId}/uses',
      'GET /api/registries/licenses/{licenseId}/uses',
      'POST /api/cases',
      'GET /api/cases/inbox',
      'GET /api/cases/mine',
      'GET /api/cases/notifications',
      'POST /api/cases/notifications/read',
      'GET /api/cases/{id}',
      'POST /api/cases/{id}/transitions',
      'GET /api/public/licenses/{licenseId}',
      'GET /api/services/vocabulary',
      'GET /api/services/items',
      'GET /api/services/items/{id}',
      'GET /api/services/items/{id}/versions',
      'GET /api/services/manage/items',
      'POST /api/services/manage/items',
      'GET /api/services/manage/items/{id}',
      'PUT /api/services/manage/items/{id}',
      'POST /api/services/manage/items/{id}/publish',
      'GET /api/credit/records',
      'POST /api/credit/records',
      'GET /api/credit/records/{id}',
      'GET /api/credit/lists',
      'POST /api/credit/lists',
      'POST /api/credit/lists/{id}/remove',
      'GET /api/credit/profiles/{code}',
      'GET /api/credit/cases',
      'GET /api/credit/cases/{id}',
      'POST /api/credit/cases/{id}/decision',
      'GET /api/credit/me',
      'POST /api/credit/me/cases',
      'POST /api/credit/accounts',
      'GET /api/public/credit/search',
      'GET /api/public/credit/subjects/{code}',
      'GET /api/dossiers/persons/{id}',
      'GET /api/dossiers/legal-persons/{id}',
      'GET /api/me/dossier',
      'GET /api/me/data-uses',
      'GET /open/api/3/action/{action}',
      'POST /open/api/3/action/{action}',
      'GET /open/api/action/{action}',
      'POST /open/api/action/{action}',
      'GET /open/api/datasets/{name}/query',
      'GET /open/api/figures',
      'GET /open/api/datasets',
      'GET /open/api/datasets/{name}',
      'GET /open/api/datasets/{name}/download.csv',
      'GET /open/api/datasets/{name}/download.json',
      'GET /open/api/datasets/{name}/download.xlsx',
      'GET /open/api/requests',
      'GET /open/api/requests/{id}',
      'GET /open/api/departments',
      'GET /open/api/datasets/{name}/feedback',
      'GET /open/api/showcases',
      'POST /api/open/requests',
      'PUT /api/open/requests/{id}/vote',
      'POST /api/open/datasets/{name}/reports',
      'PUT /api/open/datasets/{name}/rating',
      'POST /api/open/showcases',
      'PUT /api/open/feedback/{kind}/{id}/flag',
      'GET /api/open/inbox',
      'POST /api/open/requests/{id}/answer',
      'POST /api/open/reports/{id}/answer',
      'POST /api/open/requests/{id}/route',
      'POST /api/open/showcases/{id}/decision',
      'GET /api/open/moderation',
      'POST /api/open/moderation/{kind}/{id}/hide',
      'POST /api/open/moderation/{kind}/{id}/restore',
      'GET /open/api/quality',
      'GET /open/catalog.ttl',
      'GET /open/catalog.rdf',
      'GET /open/catalog.jsonld',
      'GET /open/catalog',
      'GET /open/api/datasets/{name}/versions',
      'GET /open/api/datasets/{name}/diff',
      'GET /open/api/datasets/{name}/changes.atom',
      'GET /api/open/developer/webhooks',
      'POST /api/open/developer/webhooks',
      'DELETE /api/open/developer/webhooks/{id}',
    ];
    expect([...documented].sort()).toEqual(expected.sort());
    // And the server has no API route the document leaves out (the docs UI's own assets aside).
    for (const route of t.registered.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    )) {
      expect(
        documented.has(`${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`),
        `${route.method} ${route.url}`,
      ).toBe(true);
    }
  });

  it('every documented operation has a summary, a success schema and the error schema', async () => {
    const spec = (await t.call(null, { method: 'GET', url: '/api/openapi.json' })).json();
    for (const [path, ops] of Object.entries(
      spec.paths as Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(
          Object.keys(op.responses).some((s) => s.startsWith('2')),
          `${method} ${path}`,
        ).toBe(true);
        expect(op.responses['4XX'] ?? op.responses['4xx'], `${method} ${path}`).toBeTruthy();
      }
    }
  });

  it('has no benchmark route unless TONGBAN_BENCH_ROUTES=1', async () => {
    const url = '/api/_bench/records/00000000-0000-4000-8000-000000000000/1';
    expect((await t.call(null, { method: 'GET', url })).json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('serves the API docs UI', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await t.call(null, {
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const evil = await t.call(null, {
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'a\nb'.repeat(100) },
    });
    expect(evil.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
