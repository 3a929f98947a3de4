import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/src/auth/access.ts';
import type { Role } from '../../server/src/contract/auth.ts';
import { browserSuite } from './browser.ts';

let context: BrowserContext;
let page: Page;
// Registered before the suite's own: after-each hooks run last first, so a failure's screenshot is
// taken before this closes the page.
afterEach(async () => {
  await context?.close();
});
const suite = browserSuite({ chairs: 2, simulatedChairs: 1, scenario: 'routine', seed: 11 }, () => page);

/** A browser of its own, already signed in as the test account of this role (no sign-in form:
 * each password check costs time). */
async function openAs(role: Role) {
  context = await suite.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addCookies([{ name: SESSION_COOKIE, value: inject('signedIn')[role], url: suite.url }]);
  page = await context.newPage();
}

const text = (testId: string) => page.getByTestId(testId).textContent({ timeout: 15_000 });

describe('alarm pages in a browser', () => {
  it('an admin raises one limit of the clinic profile, after a limit out of order is refused beside it', async () => {
    await openAs('admin');
    await page.goto(suite.url);
    await page.getByTestId('nav-edit-alarm-profile').click();
    await page.waitForURL(/\/admin\/alarm-profile$/);
    expect(await text('alarm-profile-updated')).toContain('Never changed');

    // A high alarm inside the medium band: refused before it is sent, at the high limit.
    await page.getByTestId('profile-limit-sbp-high').fill('150');
    await page.getByTestId('alarm-profile-save').click();
    expect(await text('profile-limit-sbp-high-error')).toContain('Must be above 160');

    await page.getByTestId('profile-limit-sbp-high').fill('180');
    await page.getByTestId('profile-limit-sbp-raised').fill('165');
    await page.getByTestId('alarm-profile-save').click();
    await expect.poll(() => text('alarm-profile-notice')).toBe('Saved.');
    expect(await page.getByTestId('profile-limit-sbp-high-error').count()).toBe(0);
    await expect.poll(() => text('alarm-profile-updated')).toMatch(/^Last changed by .*admin.* at \d{4}-\d\d-\d\d \d\d:\d\d\.$/);

    // Read again from the server.
    await page.reload();
    expect(await page.getByTestId('profile-limit-sbp-raised').inputValue({ timeout: 15_000 })).toBe('165');
  });

  it('a nurse opens the shift’s alarms and filters them, the filters kept in the URL', async () => {
    await openAs('nurse');
    await page.goto(suite.url);
    await page.getByTestId('nav-read-alarms').click();
    await page.waitForURL(/\/alarms$/);
    await page.getByTestId('alarm-filters').waitFor();
    expect(await text('alarm-window')).toBe('Raised in the last 12 hours');
    expect(await page.getByTestId('alarm-window-12').getAttribute('aria-pressed')).toBe('true');
    // The table, or that there is no alarm yet: either way the read answered.
    await page.locator('[data-testid="alarm-history-table"], [data-testid="alarm-history-empty"]').first().waitFor({ timeout: 15_000 });

    await page.getByTestId('alarm-filter-priority').selectOption('high');
    await page.getByTestId('alarm-filter-active').check();
    await page.getByTestId('alarm-filters-apply').click();
    await page.waitForURL(/\/alarms\?priority=high&active=true$/);
    await page.getByTestId('alarm-window-24').click();
    await page.waitForURL(/\/alarms\?hours=24&priority=high&active=true$/);
    await expect.poll(() => text('alarm-window')).toBe('Raised in the last 24 hours');

    // A shared link opens with its filters.
    await page.reload();
    await page.getByTestId('alarm-filters').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('alarm-filter-priority').inputValue()).toBe('high');
    expect(await page.getByTestId('alarm-filter-active').isChecked()).toBe(true);
    expect(await page.getByTestId('alarm-window-24').getAttribute('aria-pressed')).toBe('true');
    await page.locator('[data-testid="alarm-history-table"], [data-testid="alarm-history-empty"]').first().waitFor({ timeout: 15_000 });
    const rows = await page.locator('[data-testid^="alarm-row-"]:not([data-testid$="-duration"])').count();
    if (rows > 0) expect(await page.locator('.alarm-priority').allTextContents()).toEqual(Array(rows).fill('*** High'));
  });
});
