import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSimulation } from '../../simulators/simulation.ts';
import type { ScenarioName } from '../../simulators/scenarios.ts';
import { listen, startTestApp, TEST_TOKEN } from '../helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = `${root}test-results`;

/** Debian's Chromium, headless; never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a screenshot of the page under test-results/ (and names it in the failure). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * One browser suite: the real app (built client) on its own database with `chairs` chairs, the
 * first `simulatedChairs` driven by the simulator at speed 20 over the public API, and Chromium.
 * Registers its own set-up and tear-down; `currentPage()` is screenshotted when a test fails.
 */
export function browserSuite(
  /** `speed` compresses simulated time (default 20×). */
  options: { chairs: number; simulatedChairs: number; scenario: ScenarioName; seed: number; speed?: number },
  currentPage: () => Page | undefined,
) {
  const suite = {} as { url: string; browser: Browser };
  let app: Awaited<ReturnType<typeof startTestApp>> | undefined;
  let simulation: { stop(): Promise<void> } | undefined;
  beforeAll(async () => {
    app = await startTestApp({ chairCount: options.chairs });
    suite.url = await listen(app.app);
    const { simulatedChairs: chairs, scenario, seed, speed = 20 } = options;
    simulation = startSimulation({ url: suite.url, token: TEST_TOKEN, chairs, speed, scenario, seed, staggerS: 0.5, log: QUIET });
    suite.browser = await launchBrowser();
  }, 120_000);
  afterEach(async (test) => {
    const page = currentPage();
    if (page && test.task.result?.state === 'fail') console.error(`screenshot: ${await screenshot(page, `failed-${test.task.name}`)}`);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await simulation?.stop();
    await app?.close();
  });
  return suite;
}

const QUIET = { info() {}, warn() {}, error: console.error };
