import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { IngestToken } from '../contract/auth.ts';
import { buildApp } from '../app.ts';
import { appPerTest, listen, minutesAgo, signedInAs, socket, testConfig } from '../../../tests/helpers.ts';

// Machine tokens made by an admin: a monitor's credential, shown once, stored as a hash,
// revocable for good.

const t = appPerTest();
const { sockets } = t;

const asAdmin = signedInAs('admin');
async function createToken(payload: { name: string; kind?: 'monitor' | 'simulator' }) {
  const res = await t.app.inject({ method: 'POST', url: '/api/ingest-tokens', headers: asAdmin, payload });
  expect(res.statusCode).toBe(201);
  return res.json() as { token: IngestToken; secret: string };
}
const revoke = (id: string) => t.app.inject({ method: 'POST', url: `/api/ingest-tokens/${id}/revoke`, headers: asAdmin });
const listTokens = async () => (await t.app.inject({ url: '/api/ingest-tokens', headers: asAdmin })).json().tokens as IngestToken[];
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const postVitals = (secret: string, chairId = 1) =>
  t.app.inject({
    method: 'POST',
    url: `/api/chairs/${chairId}/vitals`,
    headers: bearer(secret),
    payload: { recordedAt: minutesAgo(0), hr: 76, spo2: 97 },
  });
const startSession = (headers: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/sessions',
    headers,
    payload: { chairId: 2, patient: { clinicId: 'MRN-77', givenName: 'Grace', familyName: 'Hopper' }, weightKg: 64 },
  });

function readDb<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(t.file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
/** Every byte of the database as stored on disk, the write-ahead log included. */
const databaseBytes = () => Buffer.concat([t.file, `${t.file}-wal`].filter(existsSync).map((f) => readFileSync(f)));

describe('making a machine token', () => {
  it('shows the secret once and stores only its hash: the secret is nowhere in the database file', async () => {
    const { token, secret } = await createToken({ name: 'Chair 1 monitor' });
    expect(token).toEqual({
      id: expect.any(String),
      name: 'Chair 1 monitor',
      kind: 'monitor', // the default
      createdAt: expect.any(String),
      createdBy: 'Test admin',
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(secret.length).toBeGreaterThanOrEqual(43); // 256 random bits

    const [row] = readDb<Record<string, unknown>>('SELECT * FROM IngestToken WHERE id = ?', token.id);
    expect(row.secretHash).toBe(createHash('sha256').update(secret).digest('base64url'));
    expect(Object.values(row)).not.toContain(secret);
    const bytes = databaseBytes();
    expect(bytes.includes(String(row.secretHash))).toBe(true); // the search does find what is there
    expect(bytes.includes(secret)).toBe(false);

    // The list never shows a secret again; the audit trail has the creation, without the secret.
    const listed = await t.app.inject({ url: '/api/ingest-tokens', headers: asAdmin });
    expect(listed.json().tokens).toEqual([token]);
    expect(listed.body).not.toContain(secret);
    const audit = await t.app.inject({ url: '/api/audit?action=ingest-token.create', headers: signedInAs('supervisor') });
    expect(audit.json().events).toEqual([expect.objectContaining({ username: 'admin', entity: 'ingest-token', entityId: token.id })]);
    expect(audit.body).not.toContain(secret);
  });

  it('a monitor token records vitals but cannot start a session; a simulator token can', async () => {
    const monitor = await createToken({ name: 'Bay monitor' });
    const recorded = await postVitals(monitor.secret);
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json().samples[0]).toMatchObject({ chairId: 1, hr: 76, source: 'monitor' });

    const refused = await startSession(bearer(monitor.secret));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ field: 'authorization' });

    const simulator = await createToken({ name: 'Training simulator', kind: 'simulator' });
    expect((await startSession(bearer(simulator.secret))).statusCode).toBe(201);
  });

  it('records when a token was last used', async () => {
    const { token, secret } = await createToken({ name: 'Chair 3 monitor' });
    const before = Date.now();
    expect((await postVitals(secret, 3)).statusCode).toBe(201);
    const [listed] = await listTokens();
    expect(listed.id).toBe(token.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(Date.parse(listed.lastUsedAt!)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(listed.lastUsedAt!)).toBeLessThanOrEqual(Date.now());
  });
});

describe('revoking a machine token', () => {
  it('stops the secret at once, over HTTP and on its open socket; revoking again changes nothing', async () => {
    const url = await listen(t.app);
    const { token, secret } = await createToken({ name: 'Chair 2 monitor' });
    const other = await createToken({ name: 'Chair 4 monitor' });
    expect((await postVitals(secret)).statusCode).toBe(201); // in use (and so cached)
    const monitor = await socket(url, { token: secret });
    const bystander = await socket(url, { token: other.secret });
    sockets.push(monitor, bystander);
    const closed = new Promise<string>((resolve) => monitor.once('disconnect', resolve));

    const res = await revoke(token.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: token.id, name: 'Chair 2 monitor', revokedAt: expect.any(String) });

    expect(await closed).toBe('io server disconnect');
    const refused = await postVitals(secret);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ field: 'authorization' });
    await expect(socket(url, { token: secret })).rejects.toThrow(/unauthorized/);

    // Only that token: another monitor carries on.
    expect(bystander.connected).toBe(true);
    expect((await postVitals(other.secret)).statusCode).toBe(201);

    const again = await revoke(token.id);
    expect(again.statusCode).toBe(200);
    expect(again.json().revokedAt).toBe(res.json().revokedAt);
    expect((await listTokens()).find((x) => x.id === token.id)?.revokedAt).toBe(res.json().revokedAt);
    expect(
      readDb('SELECT id FROM AuditEvent WHERE action = ? AND entityId = ?', 'ingest-token.revoke', token.id).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('a revoked token stays revoked after a restart (the database, not memory, says so)', async () => {
    const { token, secret } = await createToken({ name: 'Chair 1 monitor' });
    expect((await revoke(token.id)).statusCode).toBe(200);
    await t.app.close();
    const restarted = await buildApp(testConfig(`file:${t.file}`));
    try {
      const res = await restarted.inject({
        method: 'POST',
        url: '/api/chairs/1/vitals',
        headers: bearer(secret),
        payload: { recordedAt: minutesAgo(0), hr: 70 },
      });
      expect(res.statusCode).toBe(401);
    } finally {
      await restarted.close();
    }
  });

  it('an unknown token id is a 404 naming the id', async () => {
    const res = await revoke('no-such-token');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, field: 'id' });
  });
});
