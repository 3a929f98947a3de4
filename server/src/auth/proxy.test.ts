import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import type { Ack } from '../contract/errors.ts';
import { SESSION_COOKIE } from './access.ts';
import { listen, minutesAgo, startTestApp, type ClientSocket, type TestApp } from '../../../tests/helpers.ts';
import { TEST_PASSWORD } from '../../../tests/global-setup.ts';

// Behind a TLS-terminating reverse proxy (CHAIRSIDE_TRUST_PROXY): the proxy's forwarded client
// address and protocol are believed from the proxies named, and from nobody else.

const PROXY = '127.0.0.1';
const NURSE_TABLET = '203.0.113.9';
const forwarded = (client: string) => ({ 'x-forwarded-for': client, 'x-forwarded-proto': 'https' });

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function app(trustProxy?: string[]) {
  const t = await startTestApp(trustProxy ? { trustProxy } : {});
  open.push(t);
  return t;
}

const login = (app: TestApp, remoteAddress: string, headers: Record<string, string>, username = 'nurse') =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress, headers });

const sessionCookie = (res: { headers: Record<string, unknown> }) =>
  [res.headers['set-cookie']].flat().find((c) => typeof c === 'string' && c.startsWith(`${SESSION_COOKIE}=`)) as string;

function addressesAudited(file: string, action: string): (string | null)[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT ip FROM AuditEvent WHERE action = ? ORDER BY id').pluck().all(action) as (string | null)[];
  } finally {
    db.close();
  }
}

describe('a trusted proxy', () => {
  it('marks the sign-in cookie Secure when the proxy says the browser used HTTPS, and audits the browser’s address', async () => {
    const t = await app([PROXY]);
    const res = await login(t.app, PROXY, forwarded(NURSE_TABLET));
    expect(res.statusCode).toBe(200);
    expect(sessionCookie(res)).toMatch(/; Secure/);
    expect(addressesAudited(t.file, 'auth.login')).toEqual([NURSE_TABLET]);
  });

  it('counts the login rate limit per browser, not for the whole clinic behind the proxy', async () => {
    const t = await app([PROXY]);
    for (let i = 0; i < 10; i++) expect((await login(t.app, PROXY, forwarded('203.0.113.50'), `nobody${i}`)).statusCode).toBe(401);
    expect((await login(t.app, PROXY, forwarded('203.0.113.50'), 'nobody')).statusCode).toBe(429);
    expect((await login(t.app, PROXY, forwarded(NURSE_TABLET))).statusCode).toBe(200);
  });

  it('records the tablet’s address for vitals a nurse keys in over the socket', async () => {
    const t = await app([PROXY]);
    const cookie = sessionCookie(await login(t.app, PROXY, forwarded(NURSE_TABLET))).split(';')[0]!;
    const url = await listen(t.app);
    const tablet: ClientSocket = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie, ...forwarded(NURSE_TABLET) },
    });
    open.push(tablet);
    await new Promise<void>((resolve, reject) => tablet.once('connect', () => resolve()).once('connect_error', reject));
    const ack = (await tablet.emitWithAck('vitals:record', { chairId: 1, recordedAt: minutesAgo(0), hr: 70 })) as Ack<unknown>;
    expect(ack.ok).toBe(true);
    expect(addressesAudited(t.file, 'vitals.record')).toEqual([NURSE_TABLET]);
  });
});

describe('forwarded headers that are not believed', () => {
  it.each([
    ['no proxy is trusted (the default)', undefined],
    ['they come from a peer that is not the trusted proxy', ['10.0.0.5']],
  ])('when %s: no Secure from a claimed HTTPS, the peer’s own address audited', async (_when, trustProxy) => {
    const t = await app(trustProxy);
    const res = await login(t.app, '198.51.100.7', forwarded(NURSE_TABLET));
    expect(res.statusCode).toBe(200);
    expect(sessionCookie(res)).not.toMatch(/Secure/);
    expect(addressesAudited(t.file, 'auth.login')).toEqual(['198.51.100.7']);
  });
});
