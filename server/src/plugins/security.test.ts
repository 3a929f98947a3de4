import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { appPerTest, type ClientSocket, cookieOf, listen, signedInAs, TEST_TOKEN } from '../../../tests/helpers.ts';

// What protects the app from other web sites: security headers, no CORS, sockets only from our
// own pages, and errors that show no internals.

const t = appPerTest();
const { sockets } = t;

const EVIL = 'https://evil.example';

/** A socket carrying the nurse's cookie, with these extra headers (an Origin, as a browser sends). */
function nurseSocket(url: string, headers: Record<string, string> = {}): Promise<ClientSocket> {
  const client: ClientSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: cookieOf('nurse'), ...headers },
  });
  sockets.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('connect_error', reject);
  });
}

describe('HTTP security headers', () => {
  it('a content security policy that allows only our own origin, nosniff, and no framing by other sites', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('no CORS: another site’s page gets no access-control header, for a read, a pre-flight or a signed-in call', async () => {
    const read = await t.app.inject({ url: '/api/health', headers: { origin: EVIL } });
    const signedIn = await t.app.inject({ url: '/api/auth/me', headers: { origin: EVIL, ...signedInAs('nurse') } });
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/sessions',
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    for (const res of [read, signedIn, preflight]) {
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
    expect(preflight.statusCode).toBeGreaterThanOrEqual(400);
  });
});

describe('socket connections from other sites', () => {
  it('a page on another site cannot open a socket with the nurse’s cookie; our own page and a machine (no Origin) can', async () => {
    const url = await listen(t.app);
    await expect(nurseSocket(url, { origin: EVIL })).rejects.toThrow();
    await expect(nurseSocket(url, { origin: 'null' })).rejects.toThrow(); // a sandboxed frame or a file
    // Same host, but another port is another origin.
    const otherPort = new URL(url);
    otherPort.port = String(Number(otherPort.port) + 1);
    await expect(nurseSocket(url, { origin: otherPort.origin })).rejects.toThrow();

    const ownPage = await nurseSocket(url, { origin: url });
    expect(ownPage.connected).toBe(true);
    const machine = await nurseSocket(url);
    expect(machine.connected).toBe(true);
    const monitor: ClientSocket = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: TEST_TOKEN },
    });
    sockets.push(monitor);
    await new Promise<void>((resolve, reject) => {
      monitor.once('connect', resolve);
      monitor.once('connect_error', reject);
    });
  });
});

describe('server errors', () => {
  it('a failure inside the server (a broken database) answers 500 without a stack or internals', async () => {
    await t.app.ready();
    // Break the archive under the running app, as a damaged file would.
    const db = new Database(t.file);
    db.exec('DROP TABLE AuditEvent');
    db.close();

    const res = await t.app.inject({ url: '/api/audit', headers: signedInAs('supervisor') });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal error: the request was not completed',
    });
    expect(res.body).not.toMatch(/stack|AuditEvent|prisma|sqlite|\.ts:\d+|at \w+ \(/i);
  });
});
