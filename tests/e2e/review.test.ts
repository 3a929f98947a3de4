import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/src/auth/access.ts';
import type { AlarmPage } from '../../server/src/contract/alarms.ts';
import type { SessionPage } from '../../server/src/contract/history.ts';
import { seedHistory } from '../../simulators/history.ts';
import { cookieOf, listen, signedInAs, startTestApp, TEST_TOKEN } from '../helpers.ts';
import { launchBrowser, screenshot } from './browser.ts';

/** A week of finished sessions, replayed on a clock set back to each visit; then the clock runs. */
const clock = { t: Date.now(), live: false };
let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;
let page: Page;
let url: string;

const api = async <T>(path: string) => (await app.app.inject({ method: 'GET', url: path, headers: signedInAs('supervisor') })).json() as T;

beforeAll(async () => {
  app = await startTestApp({ now: () => (clock.live ? Date.now() : clock.t) });
  await seedHistory({
    app: app.app,
    clock,
    token: TEST_TOKEN,
    nurseCookie: cookieOf('nurse'),
    chairs: 3,
    days: 7,
    seed: 5,
    endMs: Date.now(),
  });
  clock.live = true;
  url = await listen(app.app);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, baseURL: url, acceptDownloads: true });
  await context.addCookies([{ name: SESSION_COOKIE, value: inject('signedIn').supervisor, url }]);
  page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.stack}`));
}, 120_000);

afterEach(async (test) => {
  if (page && test.task.result?.state === 'fail') console.error(`screenshot: ${await screenshot(page, `failed-${test.task.name}`)}`);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('supervisor review in a browser', () => {
  it('finds a patient’s sessions, opens one with its charts and timeline, jumps to an alarm, and exports CSV and FHIR', async () => {
    const { alarms } = await api<AlarmPage>('/api/alarms?limit=1');
    const alarm = alarms[0]!;
    const { sessions } = await api<SessionPage>('/api/sessions?limit=200');
    const session = sessions.find((s) => s.id === alarm.sessionId)!;

    await page.goto('/sessions');
    await page.getByTestId('session-filter-patient').fill(session.patient.clinicId);
    await page.getByTestId('session-search-apply').click();
    const row = page.getByTestId(`session-row-${session.id}`);
    await row.waitFor({ timeout: 15_000 });
    const rows = page.getByTestId('session-results').locator('[data-testid^="session-row-"]');
    // The row may show before the search applies (in the unfiltered list): wait for the patient's rows alone.
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(sessions.filter((s) => s.patient.id === session.patient.id).length);

    await row.click();
    await page.waitForURL(new RegExp(`/sessions/${session.id}$`));
    await expect.poll(() => page.getByTestId('review-header').textContent(), { timeout: 15_000 }).toContain(session.patient.familyName);
    // Every chart has drawn its line.
    await page.getByTestId('review-chart-hr').locator('.recharts-line path').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('timeline').waitFor();
    await screenshot(page, 'review');

    const event = page.getByTestId(`timeline-event-alarm-raised-${alarm.id}`);
    await event.click();
    await expect.poll(() => page.locator('[data-testid="timeline"] [aria-current="true"]').count()).toBeGreaterThan(0);
    await page.getByTestId('chart-cursor').first().waitFor({ timeout: 5_000 });

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session-csv').click()]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText.split('\r\n')[0]).toContain('SBP (mmHg)');
    expect(csvText.trim().split('\r\n').length).toBeGreaterThan(200); // a reading every 15 s for over an hour

    const [fhir] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session-fhir').click()]);
    const bundle = JSON.parse(readFileSync((await fhir.path())!, 'utf8'));
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry.some((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'MedicationAdministration')).toBe(
      true,
    );
  }, 120_000);
});
