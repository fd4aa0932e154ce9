import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle } from '../support/axe.ts';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';

/** Every demo role, with menu items it must be shown (the walk visits all it is shown). */
const USERS: { username: string; expects: string[] }[] = [
  {
    username: 'admin',
    expects: ['nav-catalog-review', 'nav-sharing-policy', 'nav-departments', 'nav-audit'],
  },
  { username: 'auditor', expects: ['nav-users', 'nav-api-keys', 'nav-audit'] },
  { username: 'gaj_steward', expects: ['nav-sharing-inbox', 'nav-exchange-quality', 'nav-api-keys'] },
  { username: 'gjj_consumer', expects: ['nav-sharing-requests', 'nav-sharing-grants', 'nav-sharing-usage'] },
  { username: 'zwb_staff', expects: ['nav-catalog', 'nav-sharing-catalog'] },
  { username: 'citizen', expects: ['nav-overview'] },
];

const SIZES = [
  { name: 'desktop', width: 1440, height: 900, phone: false },
  { name: 'phone', width: 390, height: 844, phone: true },
] as const;

/** What went wrong in the browser while a user walked the console. */
interface Trouble {
  console: string[];
  pageErrors: string[];
  csp: string[];
}

/** A signed-in page of its own context, with the console, uncaught errors and CSP violations collected. */
async function signIn(
  browser: Browser,
  url: string,
  username: string,
  size: (typeof SIZES)[number],
): Promise<{ context: BrowserContext; page: Page; trouble: Trouble }> {
  const context = await newUserContext(browser, { viewport: { width: size.width, height: size.height } });
  const trouble: Trouble = { console: [], pageErrors: [], csp: [] };
  await context.exposeFunction('__reportCsp', (text: string) => trouble.csp.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCsp?: (text: string) => void }).__reportCsp;
      void report?.(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  let signedIn = false;
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Before signing in, the app asks who is signed in and the browser logs the expected 401.
    if (!signedIn && /401 \(Unauthorized\)/.test(message.text())) return;
    trouble.console.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => trouble.pageErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(`${url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
  signedIn = true;
  return { context, page, trouble };
}

/** The menu: the side column on a desktop, the drawer (opened here) on a phone. */
async function openMenu(page: Page, phone: boolean): Promise<Locator> {
  if (!phone) return page.getByTestId('sider');
  await page.getByTestId('nav-open').click();
  const drawer = page.locator('.ant-drawer-open .ant-drawer-body');
  await drawer.waitFor();
  return drawer;
}

/** Is the element's centre on top, i.e. would a real click land on it rather than on something covering it? */
function onTop(link: Locator): Promise<boolean> {
  return link.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (y < 0 || y > window.innerHeight || x < 0 || x > window.innerWidth) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === el || el.contains(hit) || hit.contains(el));
  });
}

describe.each(ENGINES)('the console shell, every role and page, on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('serves the favicon the page links to', async () => {
    const res = await fetch(`${server.url}/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg"');
    // No inline script: the CSP allows scripts from the site's own files only.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  // At phone size a page's layout is the same whoever opens it: each page is walked once there (by the first role
  // whose menu has it), every role's menu still checked; at desktop size every role walks every page it has.
  const walkedOnPhone = new Set<string>();
  for (const size of SIZES)
    for (const user of USERS)
      it(`${user.username} at ${size.width}×${size.height}: every menu item opens its page`, async () => {
        const { context, page, trouble } = await signIn(browser, server.url, user.username, size);
        try {
          // The home is the user's own: never a refusal, whatever the role.
          await settle(page, 'main h4.ant-typography');
          expect(await page.locator('main .ant-alert-error').count()).toBe(0);
          expect(await page.locator('[data-testid^="home-"]').count()).toBeGreaterThan(0);

          // The user's name is readable in full in the header (not cut to a character or two).
          const name = page.getByTestId('header-user');
          const fits = await name.evaluate((el) => {
            // The text's own width (overflow included) against the box the header gives it.
            const range = document.createRange();
            range.selectNodeContents(el);
            const text = range.getBoundingClientRect();
            const box = el.getBoundingClientRect();
            return text.width > 0 && text.width <= box.width + 1 && box.right <= window.innerWidth;
          });
          expect(fits, 'the user name fits the header').toBe(true);

          const ids = await (
            await openMenu(page, size.phone)
          )
            .locator('a[data-testid^="nav-"]')
            .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
          for (const expected of user.expects) expect(ids).toContain(expected);
          if (size.phone) await page.keyboard.press('Escape');

          for (const [i, id] of ids.entries()) {
            if (size.phone && walkedOnPhone.has(id)) continue;
            if (size.phone) walkedOnPhone.add(id);
            const link = (await openMenu(page, size.phone)).locator(`a[data-testid="${id}"]`);
            const href = await link.getAttribute('href');
            await link.scrollIntoViewIfNeeded();
            // The last item especially: nothing (such as the collapse button) may sit on top of it.
            // (Polled: the drawer slides in on a phone, and an item is on top once it has come to rest.)
            await expect
              .poll(() => onTop(link), { message: `${id} can be clicked`, timeout: 5_000 })
              .toBe(true);
            await link.click();
            await page.waitForURL((u) => u.pathname === href);
            await settle(page, 'main h4.ant-typography');
            const where = `${user.username} ${size.name} ${id} (${i + 1}/${ids.length})`;
            expect(await page.locator('main h4.ant-typography').count(), `${where}: a page title`).toBe(1);
            expect(await page.locator('main .ant-result-403, main .ant-result-404').count(), where).toBe(0);
            expect(await page.locator('main .ant-alert-error').count(), `${where}: no error alert`).toBe(0);
            if (size.phone) {
              const [scrollWidth, innerWidth] = await page.evaluate(() => [
                document.scrollingElement!.scrollWidth,
                window.innerWidth,
              ]);
              expect(innerWidth).toBe(size.width);
              expect(scrollWidth, `${where}: no sideways overflow`).toBeLessThanOrEqual(innerWidth);
            }
          }
          expect(trouble.console, 'console errors').toEqual([]);
          expect(trouble.pageErrors, 'uncaught errors').toEqual([]);
          expect(trouble.csp, 'CSP violations').toEqual([]);
        } finally {
          await context.close();
        }
      }, 300_000);
});
