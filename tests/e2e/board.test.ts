import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/src/auth/access.ts';
import { browserSuite, screenshot } from './browser.ts';

let page: Page;
const suite = browserSuite({ chairs: 8, simulatedChairs: 8, scenario: 'mixed', seed: 7 }, () => page);

beforeAll(async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.addCookies([{ name: SESSION_COOKIE, value: inject('signedIn').nurse, url: suite.url }]);
  page = await context.newPage();
});

const text = (testId: string) => page.getByTestId(testId).textContent({ timeout: 15_000 });

describe('the live board in a browser', () => {
  it('shows simulated chairs updating live, and a chair page with trend charts', async () => {
    await page.goto(suite.url);
    await page.getByTestId('chair-tile-1').waitFor({ timeout: 15_000 });
    await expect.poll(() => text('chair-1-hr'), { timeout: 20_000 }).toMatch(/^\d+$/);
    const firstHr = await text('chair-1-hr');
    // The simulator keeps sending: the number on the tile changes without a reload.
    await expect.poll(() => text('chair-1-hr'), { timeout: 30_000, interval: 250 }).not.toBe(firstHr);

    for (let chair = 2; chair <= 8; chair++) await page.getByTestId(`chair-${chair}-hr`).waitFor({ timeout: 20_000 });
    if (process.env.UPDATE_DOCS_SCREENSHOTS) {
      // For the README: wait until the infusions are running and side effects are being charted.
      const infusing = async () =>
        (await page.locator('[data-testid$="-phase"]').allTextContents()).filter((p) => /infusing/i.test(p)).length;
      await expect.poll(infusing, { timeout: 90_000 }).toBeGreaterThanOrEqual(6);
      await page.locator('[data-testid$="-side-effect"]').first().waitFor({ timeout: 90_000 });
      copyFileSync(await screenshot(page, 'board'), fileURLToPath(new URL('../../docs/board.png', import.meta.url)));
    }
    await screenshot(page, 'board');

    await page.getByTestId('chair-tile-1').click();
    await page.waitForURL(/\/chairs\/1$/);
    const hrChart = page.getByTestId('trend-hr');
    await hrChart.locator('.recharts-line-curve').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => hrChart.locator('.recharts-line-curve').first().getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
    await screenshot(page, 'chair');
  });
});
