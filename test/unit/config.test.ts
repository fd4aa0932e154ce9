import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';

describe('configuration from the environment', () => {
  it('is a production server by default, with the PostgreSQL limits set', () => {
    const c = loadConfig({});
    expect(c.demo).toBe(false);
    expect(c.publicUrl).toBe('http://127.0.0.1:8080');
    expect(c).toMatchObject({
      pgPoolMax: 10,
      pgStatementTimeoutMs: 60_000,
      pgIdleInTransactionTimeoutMs: 60_000,
      pgBulkStatementTimeoutMs: 1_800_000,
    });
  });

  it('demo mode only with TONGBAN_DEMO=1', () => {
    expect(loadConfig({ TONGBAN_DEMO: '1' }).demo).toBe(true);
    for (const v of ['', '0', 'true', 'yes']) expect(loadConfig({ TONGBAN_DEMO: v }).demo, v).toBe(false);
  });

  it('PUBLIC_URL: the configured address without a trailing slash, else this process’s own', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://data.city.gov.cn/' }).publicUrl).toBe(
      'https://data.city.gov.cn',
    );
    expect(loadConfig({ PUBLIC_URL: 'https://city.gov.cn/data//' }).publicUrl).toBe(
      'https://city.gov.cn/data',
    );
    expect(loadConfig({ HOST: '10.0.0.5', PORT: '9000' }).publicUrl).toBe('http://10.0.0.5:9000');
    // A wildcard listen address is no address a client can use.
    expect(loadConfig({ HOST: '0.0.0.0' }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ HOST: '::1' }).publicUrl).toBe('http://[::1]:8080');
  });

  it('refuses a PUBLIC_URL that is not an absolute http(s) address', () => {
    for (const bad of [
      'data.city.gov.cn',
      'ftp://data.city.gov.cn',
      'https://x.cn/?a=1',
      'https://x.cn/#top',
    ])
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
  });

  it('reads the PostgreSQL settings, 0 meaning no limit, and refuses nonsense with the variable named', () => {
    const c = loadConfig({
      PG_POOL_MAX: '25',
      PG_STATEMENT_TIMEOUT_MS: '0',
      PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: '15000',
      PG_BULK_STATEMENT_TIMEOUT_MS: '600000',
    });
    expect(c).toMatchObject({
      pgPoolMax: 25,
      pgStatementTimeoutMs: 0,
      pgIdleInTransactionTimeoutMs: 15_000,
      pgBulkStatementTimeoutMs: 600_000,
    });
    expect(() => loadConfig({ PG_POOL_MAX: '0' })).toThrow(/PG_POOL_MAX/);
    expect(() => loadConfig({ PG_STATEMENT_TIMEOUT_MS: '-1' })).toThrow(/PG_STATEMENT_TIMEOUT_MS/);
    expect(() => loadConfig({ PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: '1.5' })).toThrow(
      /PG_IDLE_IN_TRANSACTION_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ PG_BULK_STATEMENT_TIMEOUT_MS: '1e99' })).toThrow(
      /PG_BULK_STATEMENT_TIMEOUT_MS/,
    );
  });
});
