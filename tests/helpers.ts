import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, inject } from 'vitest';
import { buildApp, type AppConfig } from '../server/src/app.ts';
import { SESSION_COOKIE } from '../server/src/auth/access.ts';
import type { Role } from '../server/src/contract/auth.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/src/contract/events.ts';

export const TEST_TOKEN = 'test-ingest-token';
export type TestApp = Awaited<ReturnType<typeof buildApp>>;
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A fresh, migrated database file of its own (a copy of the template the global setup made). */
export function freshDatabase(): { file: string; url: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'chairside-'));
  const file = join(dir, 'chairside.db');
  copyFileSync(inject('migratedDatabase'), file);
  return { file, url: `file:${file}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The app's configuration in tests: the test token is a simulator's (it may open sessions). The
 * test accounts' sessions were opened when the template was made, so the idle timeout is long
 * here; the idle-timeout tests set their own. */
export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    databaseUrl,
    ingestToken: { secret: TEST_TOKEN, kind: 'simulator', generated: false },
    chairCount: 4,
    idleTimeoutMin: 24 * 60,
    adminPassword: null,
    logLevel: 'silent',
    ...overrides,
  };
}

/** The real app on its own temporary SQLite file. */
export async function startTestApp(overrides: Partial<AppConfig> = {}) {
  const db = freshDatabase();
  const app = await buildApp(testConfig(db.url, overrides));
  return {
    app,
    file: db.file,
    async close() {
      await app.close();
      db.remove();
    },
  };
}

/** The real app on a fresh database for each test of a file. Sockets pushed to `sockets` are
 * closed after each test. */
export function appPerTest(overrides: Partial<AppConfig> = {}) {
  let current: Awaited<ReturnType<typeof startTestApp>> | undefined;
  const sockets: ClientSocket[] = [];
  beforeEach(async () => {
    current = await startTestApp(overrides);
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await current?.close();
  });
  return {
    sockets,
    get app() {
      return current!.app;
    },
    get file() {
      return current!.file;
    },
  };
}

export const deviceHeaders = { authorization: `Bearer ${TEST_TOKEN}` };

/** The session cookie of the test account with this role (its username is the role). */
export const cookieOf = (role: Role) => `${SESSION_COOKIE}=${inject('signedIn')[role]}`;
export const signedInAs = (role: Role) => ({ cookie: cookieOf(role) });

/** Counts rows straight from the file, as a second reader would. */
export function countRows(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export async function listen(app: TestApp): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

/** A real socket.io client: a machine (`{ token }`) or a person (`{ role }`, by session cookie). */
export function socket(url: string, as: { token: string } | { role: Role }): Promise<ClientSocket> {
  const credentials = 'token' in as ? { auth: { token: as.token } } : { extraHeaders: { cookie: cookieOf(as.role) } };
  const client: ClientSocket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...credentials });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('connect_error', reject);
  });
}

export function nextEvent<E extends keyof ServerToClientEvents>(client: ClientSocket, event: E, timeoutMs = 5000) {
  return new Promise<Parameters<ServerToClientEvents[E]>[0]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    client.once(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    }) as never);
  });
}

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
