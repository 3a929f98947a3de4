import { afterEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { buildApp } from '../app.ts';
import { SESSION_COOKIE } from './access.ts';
import { countRows, freshDatabase, listen, startTestApp, testConfig, type ClientSocket, type TestApp } from '../../../tests/helpers.ts';
import { TEST_PASSWORD } from '../../../tests/global-setup.ts';

// Sign-in, sign-out, lock-out, the login rate limit, the idle timeout, demo accounts and the first
// start. Each test has its own app and database (the rate limiter and lock-outs are per app).

const open: { close(): unknown }[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function app(overrides: Parameters<typeof startTestApp>[0] = {}) {
  const t = await startTestApp(overrides);
  open.push(t);
  return t;
}

const login = (app: TestApp, username: string, password: string, remoteAddress?: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, ...(remoteAddress ? { remoteAddress } : {}) });

/** The `name=value` pair of the session cookie a response set. */
function sessionCookieOf(res: { headers: Record<string, unknown> }): string {
  const header = [res.headers['set-cookie']].flat().find((c) => typeof c === 'string' && c.startsWith(`${SESSION_COOKIE}=`)) as
    string | undefined;
  if (!header) throw new Error('no session cookie was set');
  return header.split(';')[0];
}

const me = (app: TestApp, cookie: string) => app.inject({ url: '/api/auth/me', headers: { cookie } });

/** A browser's socket, signed in with this cookie. */
function socketWithCookie(url: string, cookie: string): Promise<ClientSocket> {
  const client: ClientSocket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
  open.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('connect_error', reject);
  });
}
const disconnected = (client: ClientSocket) => new Promise<string>((resolve) => client.once('disconnect', (reason) => resolve(reason)));

/** The audit trail straight from the file (no caller needed). */
function auditRows(file: string): { action: string; username: string; entityId: string | null; ip: string | null }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT action, username, entityId, ip FROM AuditEvent ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

describe('signing in and out', () => {
  it('the right password signs in with a strict, HttpOnly session cookie that then works, until sign-out', async () => {
    const t = await app();
    const url = await listen(t.app);
    const res = await login(t.app, 'nurse', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: { username: 'nurse', role: 'nurse', displayName: 'Test nurse', disabled: false },
      idleTimeoutS: 24 * 60 * 60,
    });
    expect(res.json().user).not.toHaveProperty('passwordHash');

    const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith(`${SESSION_COOKIE}=`))!;
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).toMatch(/; Path=\/(;|$)/);
    expect(setCookie).not.toMatch(/; Secure/i); // plain HTTP here: a Secure cookie would never come back
    const cookie = sessionCookieOf(res);

    const who = await me(t.app, cookie);
    expect(who.statusCode).toBe(200);
    expect(who.json().user.username).toBe('nurse');

    // Sign-out ends the session on the server, closes the sockets it opened and is on the audit trail.
    const board = await socketWithCookie(url, cookie);
    const closed = disconnected(board);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(await closed).toBe('io server disconnect');
    const after = await me(t.app, cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ field: 'authorization' });
    expect(auditRows(t.file)).toContainEqual(expect.objectContaining({ action: 'auth.logout', username: 'nurse', ip: '127.0.0.1' }));
    expect(auditRows(t.file)).toContainEqual(expect.objectContaining({ action: 'auth.login', username: 'nurse' }));
  });

  it('a wrong password and an unknown username get the same answer, which does not say which it was', async () => {
    const t = await app();
    const [wrongPassword, unknownUser] = await Promise.all([
      login(t.app, 'nurse', 'not-the-password'),
      login(t.app, 'nobody-here', 'not-the-password'),
    ]);
    for (const res of [wrongPassword, unknownUser]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ statusCode: 401, field: 'password' });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(unknownUser.json()).toEqual(wrongPassword.json());
    expect(wrongPassword.json().message).not.toMatch(/unknown|not found|no such|exist/i);
    expect(
      auditRows(t.file)
        .filter((e) => e.action === 'auth.login-failed')
        .map((e) => e.username)
        .sort(),
    ).toEqual(['nobody-here', 'nurse']);
  });

  it('five wrong passwords, even sent at once, lock the account for 15 minutes: the right password is then refused too', async () => {
    const t = await app();
    // In parallel, as a script would guess: every guess counts.
    const guesses = await Promise.all([1, 2, 3, 4, 5].map((i) => login(t.app, 'supervisor', `guess-${i}`)));
    expect(guesses.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    const locked = await login(t.app, 'supervisor', TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ field: 'password' });
    expect(locked.json().message).toMatch(/locked for 15 more min/);
    expect(locked.headers['set-cookie']).toBeUndefined();
    expect(auditRows(t.file).filter((e) => e.action === 'auth.login-failed' && e.username === 'supervisor')).toHaveLength(5);
    expect(auditRows(t.file).some((e) => e.action === 'auth.login')).toBe(false);

    // The lock lifts after 15 minutes.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 14 * 60_000);
    expect((await login(t.app, 'supervisor', TEST_PASSWORD)).json().message).toMatch(/locked for 1 more min/);
    vi.setSystemTime(Date.now() + 61_000);
    expect((await login(t.app, 'supervisor', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('four wrong passwords and then the right one: signed in, and the count starts again', async () => {
    const t = await app();
    await Promise.all([1, 2, 3, 4].map((i) => login(t.app, 'nurse', `guess-${i}`)));
    expect((await login(t.app, 'nurse', TEST_PASSWORD)).statusCode).toBe(200);
    const db = new Database(t.file, { readonly: true });
    expect(db.prepare('SELECT failedLogins, lockedUntil FROM User WHERE username = ?').get('nurse')).toEqual({
      failedLogins: 0,
      lockedUntil: null,
    });
    db.close();
  });

  it('more than 10 login attempts a minute from one address are refused (429), even with the right password', async () => {
    const t = await app();
    // An unknown username, so the per-account lock-out plays no part.
    const attempts = await Promise.all(Array.from({ length: 10 }, () => login(t.app, 'no-such-user', 'guess')));
    expect(attempts.map((r) => r.statusCode)).toEqual(Array(10).fill(401));
    const eleventh = await login(t.app, 'nurse', TEST_PASSWORD);
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json()).toMatchObject({ statusCode: 429, message: expect.any(String) });
    expect(eleventh.headers['set-cookie']).toBeUndefined();
    // Another address (the next workstation) can still sign in.
    expect((await login(t.app, 'nurse', TEST_PASSWORD, '10.0.0.7')).statusCode).toBe(200);
  });
});

describe('idle timeout', () => {
  it('a session idle past the timeout ends: the cookie gets 401 and its open socket is refused and closed', async () => {
    const t = await app({ idleTimeoutMin: 1 });
    const url = await listen(t.app);
    const res = await login(t.app, 'nurse', TEST_PASSWORD);
    expect(res.json().idleTimeoutS).toBe(60);
    const cookie = sessionCookieOf(res);
    const tablet = await socketWithCookie(url, cookie);
    expect(await tablet.emitWithAck('chair:subscribe', { chairId: 1 })).toMatchObject({ ok: true });

    // The socket.io client shares this process's clock and drops a link whose pings look overdue,
    // so the clock moves after the event is sent and before the server handles it.
    vi.useFakeTimers({ toFake: ['Date'] });
    const closed = disconnected(tablet);
    const refused = tablet.emitWithAck('chair:subscribe', { chairId: 1 });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await refused).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String) } });
    expect(await closed).toBe('io server disconnect');
    expect((await me(t.app, cookie)).statusCode).toBe(401);
    // Ended for good: going back in time does not revive it.
    vi.useRealTimers();
    expect((await me(t.app, cookie)).statusCode).toBe(401);
  });

  it('every request counts as activity: a nurse who keeps working stays signed in', async () => {
    const t = await app({ idleTimeoutMin: 1 });
    const cookie = sessionCookieOf(await login(t.app, 'nurse', TEST_PASSWORD));
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    for (const seconds of [50, 100, 150]) {
      vi.setSystemTime(start + seconds * 1000);
      expect((await me(t.app, cookie)).statusCode).toBe(200);
    }
    vi.setSystemTime(start + 211_000); // 61 s after the last request
    expect((await me(t.app, cookie)).statusCode).toBe(401);
  });
});

describe('demo mode', () => {
  it('lists the demo accounts with their password, and that password signs in', async () => {
    const t = await app({ demoPassword: 'demo-pass-123' });
    const res = await t.app.inject({ url: '/api/auth/demo-accounts' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      password: 'demo-pass-123',
      accounts: [
        { username: 'nurse', role: 'nurse' },
        { username: 'supervisor', role: 'supervisor' },
        { username: 'admin', role: 'admin' },
      ],
    });
    const signedIn = await login(t.app, 'supervisor', 'demo-pass-123');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.role).toBe('supervisor');
  });

  it('outside demo mode there are no demo accounts to show (404)', async () => {
    const t = await app();
    const res = await t.app.inject({ url: '/api/auth/demo-accounts' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404 });
  });
});

describe('first start', () => {
  /** The real app on a database with no accounts at all (a clinic's first start). */
  async function emptyClinic(overrides: Parameters<typeof testConfig>[1] = {}) {
    const db = freshDatabase();
    const sqlite = new Database(db.file);
    sqlite.exec('DELETE FROM AuthSession; DELETE FROM User;');
    sqlite.close();
    const built = await buildApp(testConfig(db.url, overrides));
    open.push({ close: () => built.close().then(db.remove) });
    return { app: built, file: db.file };
  }
  const admin = { username: 'clinic-admin', displayName: 'Clinic Admin', password: 'first-admin-pass' };
  const setup = (app: TestApp, token: string) => app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token, ...admin } });

  it('with no accounts, the one-time setup link creates the first admin and signs them in', async () => {
    const t = await emptyClinic();
    expect(t.app.setupToken).toEqual(expect.any(String));
    const token = t.app.setupToken!;

    const wrong = await setup(t.app, 'not-the-token');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ field: 'token' });
    expect(countRows(t.file, 'User')).toBe(0);

    const created = await setup(t.app, token);
    expect(created.statusCode).toBe(201);
    expect(created.json().user).toMatchObject({ username: 'clinic-admin', role: 'admin', disabled: false });
    const who = await me(t.app, sessionCookieOf(created));
    expect(who.json().user).toMatchObject({ username: 'clinic-admin', role: 'admin' });
    expect(auditRows(t.file)).toContainEqual(expect.objectContaining({ action: 'user.create', username: 'clinic-admin' }));

    const again = await setup(t.app, token);
    expect(again.statusCode).toBe(409);
    expect(countRows(t.file, 'User')).toBe(1);
  });

  it('two setup requests at once (a double click) create one admin; the other is told it exists (409)', async () => {
    const t = await emptyClinic();
    const token = t.app.setupToken!;
    const replies = await Promise.all([setup(t.app, token), setup(t.app, token)]);
    expect(replies.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(countRows(t.file, 'User')).toBe(1);
  });

  it('with CHAIRSIDE_ADMIN_PASSWORD, an `admin` account is created instead, and no setup link', async () => {
    const t = await emptyClinic({ adminPassword: 'admin-password-1' });
    expect(t.app.setupToken).toBeNull();
    const res = await login(t.app, 'admin', 'admin-password-1');
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'admin', role: 'admin' });
    expect((await setup(t.app, 'anything')).statusCode).toBe(409);
  });

  it('a clinic that already has accounts gets no setup link, and the admin password does not add one', async () => {
    const t = await app({ adminPassword: 'admin-password-1' });
    expect(t.app.setupToken).toBeNull();
    expect(countRows(t.file, 'User')).toBe(3);
    expect((await login(t.app, 'admin', 'admin-password-1')).statusCode).toBe(401);
  });
});
