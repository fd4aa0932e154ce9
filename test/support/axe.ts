import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** axe-core, injected into the page (`@axe-core/playwright` needs a newer Node than this project's). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The rules of WCAG 2.2 level AA. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/**
 * axe-core's WCAG 2.2 AA violations on the page, or only inside the `include` selectors (with the page around them
 * as context): one line each, with its first three elements. The pointer is moved off whatever it last clicked, so
 * that no button is judged in its hover colour.
 */
export async function axeViolations(page: Page, include?: string[]): Promise<string[]> {
  await page.mouse.move(0, 0);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    ({ runOnly, include }) =>
      (
        window as unknown as {
          axe: {
            run: (context: unknown, options: { runOnly: string[] }) => Promise<AxeResult>;
          };
        }
      ).axe.run(include ? { include: include.map((s) => [s]) } : document, { runOnly }),
    { runOnly: WCAG, include },
  );
  return result.violations.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}

/**
 * Waits until the page's main region shows its heading (`heading`, a selector) and nothing in it is loading:
 * no spinner, skeleton, loading button or loading card.
 */
export async function settle(page: Page, heading: string | null = 'main h1'): Promise<void> {
  if (heading) await page.locator(heading).first().waitFor({ timeout: 45_000 });
  await expect
    .poll(
      () =>
        page
          .locator(
            'main .ant-spin-spinning, main .ant-skeleton-active, main .ant-btn-loading, main .ant-card-loading',
          )
          .count(),
      { timeout: 45_000, interval: 200 },
    )
    .toBe(0);
}
