// Regenerates the README's screenshots (`npm run screenshot`): the demo city in memory, the built web
// app, Debian's chromium. Needs fonts-noto-cjk for the Chinese text.
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/server/config.ts';
import { startServer } from '../src/server/main.ts';
import { DEMO_CITIZEN_ID } from '../src/demo/credit.ts';
import { demoServerHooks } from '../src/demo/server.ts';
import { freePort } from '../src/lib/net.ts';

const password = 'Screenshot-pass-1';
const config = {
  ...loadConfig(),
  dataDir: 'memory://',
  databaseUrl: undefined,
  // A known port: the demo webhook subscription posts to this server's own demo receiver.
  port: await freePort(),
  demoPassword: password,
  // A smaller population than the default keeps the in-memory start short; every record set is still there.
  demoPeople: 5000,
};
const quiet = () => undefined;
const running = await startServer(config, { hooks: demoServerHooks(config, quiet), print: quiet });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await page.goto(`${running.url}/login`);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByText('1,659').first().waitFor();
  await page.waitForTimeout(800); // let the chart finish its entry animation
  await page.screenshot({ path: 'docs/screenshot-overview.png' });
  await page.goto(`${running.url}/audit`);
  await page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().waitFor();
  await page.screenshot({ path: 'docs/screenshot-audit.png' });
  await page.goto(`${running.url}/catalog?q=${encodeURIComponent('婚姻登记')}`);
  await page.getByTestId('catalog-result-link').first().waitFor();
  await page.screenshot({ path: 'docs/screenshot-catalog.png' });
  await page.getByTestId('catalog-result-link').first().click();
  await page.getByTestId('resource-code').waitFor();
  await page.screenshot({ path: 'docs/screenshot-resource.png', fullPage: true });
  await page.waitForTimeout(3000); // the connector's first run and the first webhook delivery
  await page.goto(`${running.url}/exchange`);
  await page.getByTestId('stats-top-chart').locator('canvas').first().waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: 'docs/screenshot-exchange.png' });
  await page.goto(`${running.url}/exchange/resources?withData=true`);
  await page.getByTestId('exchange-resource-link').first().waitFor();
  await page.screenshot({ path: 'docs/screenshot-exchange-resources.png' });
  // Sharing: the operator's view of the city's grants, and the provider-side usage of 公安局's data.
  await page.goto(`${running.url}/sharing/grants?box=all`);
  await page.getByTestId('grant-open').first().waitFor();
  await page.screenshot({ path: 'docs/screenshot-sharing-grants.png' });
  await page.goto(`${running.url}/sharing/usage`);
  await page.getByTestId('usage-chart').waitFor();
  await page.getByTestId('access-log').waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: 'docs/screenshot-sharing-usage.png', fullPage: true });
  // 人口基础库: sync now (the background loop may be at it too), then the overview and a person the matcher linked.
  await page.goto(`${running.url}/registries`);
  await page.getByTestId('registry-sync-population').click();
  await page.locator('.ant-message-notice').first().waitFor({ timeout: 120_000 });
  await page.reload();
  await page.getByTestId('registry-card-population').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/screenshot-registries.png' });
  // A person one of whose records the matcher linked by score (the loop may still be linking the sources).
  let person: string | undefined;
  for (let tries = 0; !person && tries < 120; tries++) {
    const { rows } = await running.db.query<{ entity_id: string }>(
      `SELECT entity_id FROM registry_record WHERE registry = 'population' AND link = 'match' ORDER BY score LIMIT 1`,
    );
    person = rows[0]?.entity_id;
    if (!person) await page.waitForTimeout(1000);
  }
  await page.goto(`${running.url}/registries/population/records/${person}`);
  await page.getByTestId('registry-golden').waitFor();
  await page
    .getByTestId('registry-linked-population')
    .locator('tbody tr.ant-table-row')
    .filter({ hasText: '概率匹配' })
    .first()
    .getByTestId('registry-why')
    .click();
  await page.getByTestId('registry-why-content').first().waitFor();
  await page.screenshot({ path: 'docs/screenshot-registry-person.png' });
  // 一人一档: the demo citizen's, once the loop has linked her household record; the operator's view, then hers.
  let citizen: string | undefined;
  for (let tries = 0; !citizen && tries < 120; tries++) {
    const { rows } = await running.db.query<{ id: string }>(
      `SELECT id FROM registry_entity WHERE registry = 'population' AND key = $1 AND status = 'active'`,
      [DEMO_CITIZEN_ID],
    );
    citizen = rows[0]?.id;
    if (!citizen) await page.waitForTimeout(1000);
  }
  await page.goto(`${running.url}/dossiers/person/${citizen}`);
  await page.getByTestId('dossier-credit').waitFor();
  await page.screenshot({ path: 'docs/screenshot-dossier.png', fullPage: true });
  const own = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await own.goto(`${running.url}/login`);
  await own.getByTestId('login-username').fill('citizen');
  await own.getByTestId('login-password').fill(password);
  await own.getByTestId('login-submit').click();
  await own.waitForURL((u) => !u.pathname.startsWith('/login'));
  await own.goto(`${running.url}/me/dossier?tab=uses`);
  await own.getByTestId('my-dossier-use-department').first().waitFor();
  await own.screenshot({ path: 'docs/screenshot-my-data-uses.png' });
} finally {
  await browser.close();
  await running.stop();
}
