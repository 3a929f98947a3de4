import Database from 'better-sqlite3';
import { loadConfig, type Config } from './config.ts';
import { databaseFile } from './db/database-url.ts';
import { migrate } from './db/database.ts';
import { buildApp } from './app.ts';

/** Starts Chairside: migrate the archive, listen, and in demo mode drive the chairs with the
 * built-in simulator (through the public API, like any monitor). */
async function main() {
  const config = loadConfig();
  const file = databaseFile(config.databaseUrl);
  await migrate(file);
  if (config.demo && !hasSessions(file)) await seedDemoHistory(config);
  const app = await buildApp({
    ...config,
    demoPassword: config.demo ? config.demoPassword.value : undefined,
    prettyLogs: process.stdout.isTTY,
  });
  const url = await app.listen({ port: config.port, host: config.host });
  app.log.info(`Chairside is running at ${url} (archive: ${file})`);
  if (app.setupToken) app.log.warn(`no accounts yet: create the first admin at ${url}/setup?token=${app.setupToken}`);

  let simulation: { stop(): Promise<void> } | undefined;
  if (config.demo) {
    if (config.demoPassword.generated) app.log.info(`demo accounts nurse, supervisor, admin — password: ${config.demoPassword.value}`);
    if (config.ingestToken?.generated) app.log.info(`demo simulator token: ${config.ingestToken.secret}`);
    const { startSimulation } = await import('../../simulators/simulation.ts');
    simulation = startSimulation({
      url,
      token: config.ingestToken!.secret,
      chairs: config.chairCount - 1,
      speed: 1,
      scenario: 'mixed',
      seed: Date.now() % 100_000,
      staggerS: 5, // a newcomer sees every chair busy within a minute
      log: app.log,
    });
    app.log.info(`demo mode: simulating chairs 1–${config.chairCount - 1}; chair ${config.chairCount} is free for you`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: shutting down`);
    await simulation?.stop();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * A fresh demo archive first gets four weeks of finished sessions, so the review pages have data:
 * each visit is replayed through the API of an app whose clock is set back to its time. Once only:
 * an archive with sessions is left as it is (checked before building that app).
 */
function hasSessions(file: string): boolean {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT 1 FROM InfusionSession LIMIT 1').get() !== undefined;
  } finally {
    db.close();
  }
}

async function seedDemoHistory(config: Config) {
  const clock = { t: Date.now() };
  const endMs = clock.t;
  const app = await buildApp({ ...config, demoPassword: config.demoPassword.value, prettyLogs: process.stdout.isTTY, now: () => clock.t });
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nurse', password: config.demoPassword.value },
    });
    const nurseCookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const { DEMO_HISTORY_DAYS, seedHistory } = await import('../../simulators/history.ts');
    app.log.info(`first start: replaying ${DEMO_HISTORY_DAYS} days of demo history (about half a minute, once)…`);
    await seedHistory({
      app,
      clock,
      token: config.ingestToken!.secret,
      nurseCookie,
      chairs: config.chairCount - 1,
      days: DEMO_HISTORY_DAYS,
      seed: 2026,
      endMs,
      log: app.log,
    });
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
