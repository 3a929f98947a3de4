import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../contract/auth.ts';
import type { ClientToServerEvents } from '../contract/events.ts';
import { buildApp, type ChairsideApp } from '../app.ts';
import { deviceHeaders, freshDatabase, listen, signedInAs, socket, testConfig, type ClientSocket } from '../../../tests/helpers.ts';
import { ROUTE_ACCESS, SESSION_COOKIE, SOCKET_ACCESS, type Principal } from './access.ts';
import { hashSecret } from './secrets.ts';

/**
 * Every API route and every socket event, called by everyone who may not: without credentials,
 * with each wrong role or machine, with an ended session and with a revoked token. All are refused
 * and the archive is unchanged. The cases come from the access table itself, and the table is
 * checked against the routes the app really has, so a new route cannot escape.
 */

const EXPIRED_SECRET = 'an-expired-sign-in';
let db: ReturnType<typeof freshDatabase>;
let app: ChairsideApp;
let url: string;
let monitorToken: string;
let revokedToken: string;
const sockets: ClientSocket[] = [];

/** Everything a refused call must not change (sign-in bookkeeping and token last-use aside). */
const RECORD_TABLES = [
  'Chair',
  'Patient',
  'InfusionSession',
  'SessionEvent',
  'VitalSample',
  'SideEffectObservation',
  'Intervention',
  'Alarm',
  'User',
  'AuditEvent',
];
function archiveContents() {
  const file = new Database(db.file, { readonly: true });
  try {
    const contents = Object.fromEntries(RECORD_TABLES.map((t) => [t, file.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
    return { ...contents, IngestToken: file.prepare('SELECT id, name, kind, secretHash, revokedAt FROM IngestToken ORDER BY id').all() };
  } finally {
    file.close();
  }
}
let before: ReturnType<typeof archiveContents>;

beforeAll(async () => {
  db = freshDatabase();
  // A sign-in of the nurse that went idle two days ago (the test idle timeout is one day).
  const file = new Database(db.file);
  const nurse = file.prepare("SELECT id FROM User WHERE username = 'nurse'").get() as { id: string };
  const twoDaysAgo = Date.now() - 2 * 86_400_000;
  file
    .prepare('INSERT INTO AuthSession (id, userId, createdAt, lastSeenAt) VALUES (?, ?, ?, ?)')
    .run(hashSecret(EXPIRED_SECRET), nurse.id, twoDaysAgo, twoDaysAgo);
  file.close();
  app = await buildApp(testConfig(db.url));
  url = await listen(app);
  const admin = signedInAs('admin');
  const make = async (name: string) =>
    (await app.inject({ method: 'POST', url: '/api/ingest-tokens', headers: admin, payload: { name, kind: 'monitor' } })).json();
  monitorToken = (await make('Bay 1 monitor')).secret;
  const revoked = await make('Old monitor');
  revokedToken = revoked.secret;
  await app.inject({ method: 'POST', url: `/api/ingest-tokens/${revoked.token.id}/revoke`, headers: admin });
  before = archiveContents();
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await app.close();
  db.remove();
});

type Credential = { name: string; principal?: Principal; headers: Record<string, string> };
const CREDENTIALS: Credential[] = [
  { name: 'no credentials', headers: {} },
  ...ROLES.map((role) => ({ name: `a ${role}`, principal: role, headers: signedInAs(role) })),
  { name: 'a monitor token', principal: 'monitor' as const, headers: {} }, // filled in once the token exists
  { name: 'a simulator token', principal: 'simulator' as const, headers: deviceHeaders },
  { name: 'an ended session', headers: { cookie: `${SESSION_COOKIE}=${EXPIRED_SECRET}` } },
  { name: 'a revoked token', headers: {} },
  { name: 'a made-up token', headers: { authorization: 'Bearer not-a-token' } },
];
const headersOf = (c: Credential) =>
  c.name === 'a monitor token'
    ? { authorization: `Bearer ${monitorToken}` }
    : c.name === 'a revoked token'
      ? { authorization: `Bearer ${revokedToken}` }
      : c.headers;

const guardedRoutes = Object.entries(ROUTE_ACCESS).filter(([, allow]) => allow !== 'public');
const cases = guardedRoutes.flatMap(([route, allow]) =>
  CREDENTIALS.filter((c) => !c.principal || !allow.includes(c.principal)).map((c) => [route, c.name, c.principal ? 403 : 401] as const),
);

describe('the access table', () => {
  it('names exactly the API routes the app has', () => {
    for (const route of Object.keys(ROUTE_ACCESS)) {
      const [method, path] = route.split(' ');
      expect(app.hasRoute({ method: method as 'GET', url: path }), route).toBe(true);
    }
    expect(guardedRoutes.length).toBeGreaterThan(10);
  });
});

describe('every guarded route refuses every caller it does not name', () => {
  it.each(cases)('%s, as %s → %i, archive unchanged', async (route, credentialName, status) => {
    const [method, path] = route.split(' ');
    const credential = CREDENTIALS.find((c) => c.name === credentialName)!;
    const res = await app.inject({
      method: method as 'GET',
      url: path.replace(':chairId', '1').replace(':id', 'some-id'),
      headers: { 'content-type': 'application/json', ...headersOf(credential) },
      payload: method === 'GET' ? undefined : '{}',
    });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ statusCode: status, field: 'authorization' });
    expect(archiveContents()).toEqual(before);
  });
});

describe('every socket event refuses every caller it does not name', () => {
  const connectAs = async (c: Credential) => {
    const headers = headersOf(c);
    const as = headers.authorization
      ? { token: headers.authorization.slice('Bearer '.length) }
      : { role: c.principal as (typeof ROLES)[number] };
    const s = await socket(url, as);
    sockets.push(s);
    return s;
  };

  it.each(['no credentials', 'an ended session', 'a revoked token', 'a made-up token'])('a connection with %s is refused', async (name) => {
    const credential = CREDENTIALS.find((c) => c.name === name)!;
    const headers = headersOf(credential);
    const { io: connect } = await import('socket.io-client');
    const attempt = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(headers.authorization ? { auth: { token: headers.authorization.slice(7) } } : { extraHeaders: headers }),
    });
    sockets.push(attempt);
    await expect(
      new Promise<void>((resolve, reject) => {
        attempt.once('connect', () => resolve());
        attempt.once('connect_error', reject);
      }),
    ).rejects.toThrow(/^unauthorized/);
  });

  const socketCases = (Object.entries(SOCKET_ACCESS) as [keyof ClientToServerEvents, readonly Principal[]][]).flatMap(([event, allow]) =>
    CREDENTIALS.filter((c) => c.principal && !allow.includes(c.principal)).map((c) => [event, c.name] as const),
  );
  it.each(socketCases)('%s from %s is refused, archive unchanged', async (event, credentialName) => {
    const s = await connectAs(CREDENTIALS.find((c) => c.name === credentialName)!);
    const reply = await s
      .timeout(5000)
      .emitWithAck(event as 'vitals:record', { chairId: 1, recordedAt: new Date().toISOString(), hr: 70 } as never);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(archiveContents()).toEqual(before);
  });

  it('machines do not receive the board: only staff are in the ward room', async () => {
    const monitor = await connectAs(CREDENTIALS.find((c) => c.name === 'a monitor token')!);
    const nurse = await connectAs(CREDENTIALS.find((c) => c.principal === 'nurse')!);
    const seenByMonitor: unknown[] = [];
    monitor.on('vitals:recorded', (e) => seenByMonitor.push(e));
    const seenByNurse = new Promise<void>((resolve) => nurse.once('vitals:recorded', () => resolve()));
    await app.inject({
      method: 'POST',
      url: '/api/chairs/2/vitals',
      headers: deviceHeaders,
      payload: { recordedAt: new Date().toISOString(), hr: 72 },
    });
    await seenByNurse;
    expect(seenByMonitor).toEqual([]);
    before = archiveContents(); // that sample was an allowed write
  });
});
