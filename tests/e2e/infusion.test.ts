import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../global-setup.ts';
import { browserSuite, screenshot } from './browser.ts';

let page: Page;

/** Chairs 1 and 2 are simulated; the nurse's patient sits in chair 3, which no simulator drives. */
const CHAIR = 3;
const suite = browserSuite({ chairs: CHAIR, simulatedChairs: CHAIR - 1, scenario: 'routine', seed: 11 }, () => page);

beforeAll(async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.stack}`));
});

const byTestId = (testId: string) => page.getByTestId(testId);
const text = (testId: string) => byTestId(testId).textContent({ timeout: 15_000 });
const phase = () => text('session-phase');

describe('an infusion at the chair, on a tablet', () => {
  it('a nurse starts a session, charts vitals and a side effect, pauses, stops and discharges', async () => {
    await page.goto(suite.url);
    await page.waitForURL(/\/login$/);
    await byTestId('login-username').fill('nurse');
    await byTestId('login-password').fill(TEST_PASSWORD);
    await byTestId('login-submit').click();

    // A free chair offers to start a session.
    await byTestId(`chair-${CHAIR}-start-session`).click({ timeout: 15_000 });
    await page.waitForURL(new RegExp(`/chairs/${CHAIR}/start$`));
    await byTestId('patient-new').click();
    await byTestId('patient-given-name').fill('Ada');
    await byTestId('patient-family-name').fill('Lovelace');
    await byTestId('patient-clinic-id').fill('MRN-4711');
    await byTestId('patient-birth-date').fill('1980-12-10');
    await byTestId('start-weight').fill('80');
    // The dose and rate are shown before the session is started: 0.5 mg/kg × 80 kg over 40 min.
    expect(await text('start-planned-dose')).toBe('40 mg');
    expect(await text('start-rate')).toBe('60 mg/h');
    expect(await byTestId('start-series-number').inputValue()).toBe('1');
    await byTestId('start-submit').click();

    await page.waitForURL(new RegExp(`/chairs/${CHAIR}$`));
    await expect.poll(phase).toBe('Pre-infusion');
    await expect.poll(() => text('patient-name')).toBe('Ada Lovelace');

    // Starting before the pre scores and a baseline is refused, with the reason.
    await byTestId('action-start').click();
    await expect.poll(() => text('action-error')).toMatch(/pre-infusion scores|baseline/);

    await byTestId('action-pre-scores').click();
    await byTestId('pain-before-6').click();
    await byTestId('sedation-before-5').click();
    await byTestId('pre-scores-save').click();
    await expect.poll(() => text('pre-scores')).toBe('Pain 6/10 · MOAA/S 5');

    // Baseline by the keypad: an unusual value takes a second tap and is never taken silently.
    await byTestId('enter-vitals').click();
    await byTestId('vitals-sbp').fill('230');
    await byTestId('vitals-dbp').fill('82');
    await byTestId('vitals-save').click();
    expect(await text('vitals-sbp-error')).toBe('SBP 230 — confirm?');
    expect(await byTestId('vitals-saved').count()).toBe(0);
    await byTestId('vitals-sbp').fill('128');
    await byTestId('vitals-hr').fill('72');
    await byTestId('vitals-spo2').fill('98');
    await byTestId('vitals-rr').fill('14');
    // Taken when the patient sat down, before the session was opened: back-timed.
    await byTestId('vitals-minutes-ago').fill('6');
    await byTestId('vitals-save').click();
    await byTestId('vitals-saved').waitFor();
    await expect.poll(() => text(`chair-${CHAIR}-sbp`)).toBe('128');

    await byTestId('action-start').click();
    await expect.poll(phase).toBe('Infusing');
    await expect.poll(() => text(`chair-${CHAIR}-bp-baseline`)).toBe('128/82');
    // 60 mg/h: a tenth of a milligram every 6 s.
    await expect.poll(() => text('session-dose'), { timeout: 20_000 }).toMatch(/^delivered (0\.[1-9]|[1-9][\d.]*) of 40 mg \([\d.]+ %\)$/);
    expect(await text('session-time-left')).toMatch(/^\d+:\d\d$/);

    // Nausea, moderate: two taps, saved at once; then what was given.
    await byTestId('side-effect-nausea').click();
    await byTestId('side-effect-severity-moderate').click();
    await byTestId('side-effect-follow-up').waitFor();
    await expect.poll(() => byTestId('side-effect-entry').first().textContent()).toContain('Nausea — moderate');
    await byTestId('intervention-ondansetron-4mg-iv').click();
    await expect.poll(() => text('side-effect-intervention')).toBe('Given: Ondansetron 4 mg IV');
    await expect.poll(() => byTestId('side-effect-entry').first().textContent()).toContain('Ondansetron 4 mg IV');

    // A marker on the charts at the time of the side effect, labelled with its kind.
    const bpChart = byTestId('trend-bp');
    await bpChart.locator('.marker-side-effect line').first().waitFor({ state: 'attached', timeout: 15_000 });
    await bpChart.locator('text', { hasText: 'Nausea' }).first().waitFor({ state: 'attached' });
    await screenshot(page, 'infusion-chair');

    // On the board: the latest side effect and the dose progress.
    await page.getByRole('link', { name: 'Board', exact: true }).click();
    await expect.poll(() => text(`chair-${CHAIR}-side-effect`)).toBe('Nausea — moderate');
    expect(await text(`chair-${CHAIR}-dose`)).toMatch(/^delivered [\d.]+ of 40 mg \([\d.]+ %\)$/);
    expect(await text(`chair-${CHAIR}-phase`)).toBe('Infusing');
    // The last blood pressure is 6 min old: the protocol asks for one every 5 min while infusing.
    expect(await text(`chair-${CHAIR}-prompt-vitals`)).toContain('Vitals due (every 5 min)');
    await screenshot(page, 'infusion-board');
    await byTestId(`chair-${CHAIR}-prompt-vitals`).click();
    await byTestId('vitals-sbp').fill('132');
    await byTestId('vitals-dbp').fill('84');
    await byTestId('vitals-save').click();
    await byTestId('vitals-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => text(`chair-${CHAIR}-sbp`)).toBe('132');
    expect(await byTestId(`chair-${CHAIR}-prompts`).count()).toBe(0);

    await byTestId(`chair-tile-${CHAIR}`)
      .getByRole('link', { name: `Chair ${CHAIR}` })
      .click();
    await page.waitForURL(new RegExp(`/chairs/${CHAIR}$`));
    await byTestId('action-pause').click();
    await expect.poll(phase).toBe('Paused');
    await byTestId('action-resume').click();
    await expect.poll(phase).toBe('Infusing');

    // Stopping the infusion is irreversible: it asks first.
    await byTestId('action-stop').click();
    await byTestId('action-stop-confirm').click();
    await expect.poll(phase).toBe('Recovery');
    await expect.poll(() => text('session-history')).toMatch(/Infusing → Paused.*Paused → Infusing.*Infusing → Recovery/s);

    await byTestId('action-discharge').click();
    for (const item of ['activity', 'respiration', 'circulation', 'consciousness', 'spo2']) await byTestId(`discharge-${item}-2`).click();
    expect(await text('discharge-total')).toBe('Total 10 of 10 — ready for discharge');
    await byTestId('pain-after-2').click();
    await byTestId('discharge-submit').click();
    await byTestId('discharge-submit-confirm').click();
    await expect.poll(() => text('session-closed')).toMatch(/^AL: discharged at \d\d:\d\d, Modified Aldrete 10$/);
    await byTestId('start-session').waitFor();
  }, 120_000);
});
