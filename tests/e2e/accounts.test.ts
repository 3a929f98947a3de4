import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../server/src/contract/auth.ts';
import { TEST_PASSWORD } from '../global-setup.ts';
import { browserSuite } from './browser.ts';

let context: BrowserContext;
let page: Page;
const suite = browserSuite({ chairs: 2, simulatedChairs: 2, scenario: 'routine', seed: 3 }, () => page);

afterEach(async () => {
  await context?.close();
});

/** A browser context of its own per test: no cookie carries over. */
async function openBrowser() {
  context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
}

/** Signs in through the form as the test account of this role (its username is the role). */
async function signIn(username: Role) {
  await page.goto(suite.url);
  // Nobody is signed in: every page leads to the sign-in page.
  await page.waitForURL(/\/login$/);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(TEST_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('signed-in-as').waitFor({ timeout: 15_000 });
}

describe('accounts and roles in a browser', () => {
  it('a nurse sees the board, is refused the user admin page, and signs out', async () => {
    await openBrowser();
    await signIn('nurse');
    await page.getByTestId('chair-tile-1').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Nurse');
    expect(await page.getByTestId('nav-manage-users').count()).toBe(0);

    await page.goto(`${suite.url}/admin/users`);
    await page.getByTestId('not-allowed').waitFor();
    expect(await page.getByTestId('not-allowed').textContent()).toContain('Not allowed for your role');

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login$/);
    // The session is gone on the server too: the board leads back to the sign-in page.
    await page.goto(suite.url);
    await page.waitForURL(/\/login$/);
  });

  it('a supervisor opens a chair page and downloads the session as CSV with units in the headers', async () => {
    await openBrowser();
    await signIn('supervisor');
    await page.getByTestId('chair-tile-1').waitFor({ timeout: 15_000 });
    await page.getByTestId('chair-tile-1').click();
    await page.waitForURL(/\/chairs\/1$/);

    const exportLink = page.getByTestId('export-csv');
    await exportLink.waitFor({ timeout: 20_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const header = csv.split(/\r?\n/)[0];
    expect(header).toContain('HR (/min)');
  });
});

describe('chairs an admin sets up, seen live on a nurse’s board', () => {
  it('adds a chair, renames one and takes the new one out of service; the nurse’s board follows without a reload', async () => {
    await openBrowser();
    await signIn('nurse');
    const nurse = page;
    await nurse.getByTestId('chair-tile-2').waitFor({ timeout: 15_000 });
    const nurseContext = context;

    context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signIn('admin');
    await page.getByTestId('nav-manage-chairs').click();
    await page.getByTestId('chairs-table').waitFor();

    await page.getByTestId('new-chair-name').fill('Window bay');
    await page.getByTestId('new-chair-submit').click();
    await page.getByTestId('chair-row-3').waitFor();
    expect(await page.getByTestId('chair-3-status').textContent()).toBe('In service');
    await nurse.getByTestId('chair-tile-3').waitFor();
    expect(await nurse.locator('#chair-3-name').textContent()).toBe('Window bay');
    expect(await nurse.getByTestId('chair-3-start-session').count()).toBe(1);

    // A name another chair has is refused beside the field.
    await page.getByTestId('new-chair-name').fill('window  BAY');
    await page.getByTestId('new-chair-submit').click();
    expect(await page.getByTestId('new-chair-name-error').textContent()).toBe('chair 3 is already called Window bay');

    // Chair 2 has a simulated infusion running: it cannot go out of service, but it can be renamed.
    expect(await page.getByTestId('chair-2-service').isDisabled()).toBe(true);
    await page.getByTestId('chair-2-rename').click();
    await page.getByTestId('rename-chair-name').fill('Recliner by the door');
    await page.getByTestId('rename-chair-save').click();
    await page.getByTestId('chair-2-name-cell').getByText('Recliner by the door').waitFor();
    await nurse.locator('#chair-2-name').getByText('Recliner by the door').waitFor();

    await page.getByTestId('chair-3-service').click();
    await page.getByTestId('chair-3-status').getByText('Out of service').waitFor();
    await nurse.getByTestId('chair-3-idle').getByText('Out of service').waitFor();
    expect(await nurse.getByTestId('chair-3-start-session').count()).toBe(0);
    expect(await nurse.getByTestId('board-count').textContent()).toBe('2 of 2 in session · 1 out of service');
    await nurseContext.close();
  });
});
