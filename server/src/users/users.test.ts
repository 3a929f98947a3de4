import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Role, User } from '../contract/auth.ts';
import { appPerTest, type ClientSocket, countRows, listen, signedInAs, socket } from '../../../tests/helpers.ts';
import { TEST_PASSWORD } from '../../../tests/global-setup.ts';

// Staff accounts, run by an admin: creating, disabling, changing roles and passwords, and the
// audit trail every change leaves.

const t = appPerTest();
const { sockets } = t;

const asAdmin = signedInAs('admin');
const createUser = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/users', headers: asAdmin, payload });
const updateUser = (id: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: asAdmin, payload });
const listUsers = async () => (await t.app.inject({ url: '/api/users', headers: asAdmin })).json().users as User[];
const idOf = async (username: string) => (await listUsers()).find((u) => u.username === username)!.id;
const me = (role: Role) => t.app.inject({ url: '/api/auth/me', headers: signedInAs(role) });
const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const disconnected = (client: ClientSocket) => new Promise<string>((resolve) => client.once('disconnect', (reason) => resolve(reason)));

function readDb<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(t.file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
type AuditRow = {
  action: string;
  username: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
};
const userAudit = () =>
  readDb<AuditRow>(`SELECT action, username, entityId, before, after, ip FROM AuditEvent WHERE action LIKE 'user.%' ORDER BY id`);

const nora = { username: 'n.jones', displayName: 'Nora Jones', role: 'nurse', password: 'correct-horse-22' } as const;

describe('creating staff accounts', () => {
  it('an admin creates a nurse: listed, password stored only as a salted scrypt hash, and she can sign in', async () => {
    const res = await createUser(nora);
    expect(res.statusCode).toBe(201);
    const created = res.json() as User;
    expect(created).toEqual({
      id: expect.any(String),
      username: 'n.jones',
      displayName: 'Nora Jones',
      role: 'nurse',
      disabled: false,
      createdAt: expect.any(String),
    });
    expect(res.body).not.toContain(nora.password);
    expect(res.body).not.toContain('scrypt');
    expect((await listUsers()).map((u) => u.username)).toEqual(['admin', 'n.jones', 'nurse', 'supervisor']);

    const [row] = readDb<{ passwordHash: string }>('SELECT passwordHash FROM User WHERE username = ?', 'n.jones');
    expect(row.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(row.passwordHash).not.toContain(nora.password);

    const signedIn = await login('n.jones', nora.password);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user).toMatchObject({ username: 'n.jones', role: 'nurse' });

    const [event] = userAudit();
    expect(event).toMatchObject({ action: 'user.create', username: 'admin', entityId: created.id, before: null, ip: '127.0.0.1' });
    expect(JSON.parse(event.after!)).toEqual({ username: 'n.jones', displayName: 'Nora Jones', role: 'nurse', disabled: false });
  });

  it('a username already taken is refused (409 naming the username), and nothing changes', async () => {
    const res = await createUser({ ...nora, username: 'nurse' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ statusCode: 409, field: 'username' });
    expect(res.json().message).toMatch(/nurse is already taken/);
    expect(countRows(t.file, 'User')).toBe(3);
    expect(userAudit()).toEqual([]);
  });

  it.each([
    ['a username with a space', { username: 'nora jones' }, 'username'],
    ['a username in capitals', { username: 'NJones' }, 'username'],
    ['a one-letter username', { username: 'n' }, 'username'],
    ['a password under 10 characters', { password: 'short-pw' }, 'password'],
    ['no display name', { displayName: '' }, 'displayName'],
    ['a role that does not exist', { role: 'doctor' }, 'role'],
    ['an extra field (e.g. a hash sent by a client)', { passwordHash: 'scrypt$1$1$1$a$b' }, 'passwordHash'],
  ])('%s is refused (400 naming %s)', async (_case, change, field) => {
    const res = await createUser({ ...nora, ...change });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, field });
    expect(countRows(t.file, 'User')).toBe(3);
  });
});

describe('changing access signs the user out at once', () => {
  it('disabling a nurse ends her session and closes her open socket; her password no longer works', async () => {
    const url = await listen(t.app);
    const tablet = await socket(url, { role: 'nurse' });
    sockets.push(tablet);
    const closed = disconnected(tablet);
    expect((await me('nurse')).statusCode).toBe(200);

    const nurseId = await idOf('nurse');
    const res = await updateUser(nurseId, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'nurse', disabled: true });

    expect((await me('nurse')).statusCode).toBe(401);
    expect(await closed).toBe('io server disconnect');
    await expect(socket(url, { role: 'nurse' })).rejects.toThrow(/unauthorized/);
    expect((await login('nurse', TEST_PASSWORD)).statusCode).toBe(401);
    // Nobody else was signed out.
    expect((await me('supervisor')).statusCode).toBe(200);

    const [event] = userAudit();
    expect(event).toMatchObject({ action: 'user.update', username: 'admin', entityId: nurseId });
    expect(JSON.parse(event.before!)).toEqual({ username: 'nurse', displayName: 'Test nurse', role: 'nurse', disabled: false });
    expect(JSON.parse(event.after!)).toEqual({ username: 'nurse', displayName: 'Test nurse', role: 'nurse', disabled: true });
  });

  it('a new role signs the user out, so the old role cannot be used any longer', async () => {
    const id = await idOf('supervisor');
    const res = await updateUser(id, { role: 'nurse' });
    expect(res.statusCode).toBe(200);
    expect(res.json().role).toBe('nurse');
    expect((await me('supervisor')).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/audit', headers: signedInAs('supervisor') })).statusCode).toBe(401);
    const [event] = userAudit();
    expect(JSON.parse(event.before!)).toMatchObject({ role: 'supervisor' });
    expect(JSON.parse(event.after!)).toMatchObject({ role: 'nurse' });
  });

  it('a password reset signs the user out; the new password works and the old one does not', async () => {
    const id = await idOf('nurse');
    const res = await updateUser(id, { password: 'brand-new-pass-1' });
    expect(res.statusCode).toBe(200);
    expect((await me('nurse')).statusCode).toBe(401);
    const [oldPassword, newPassword] = await Promise.all([login('nurse', TEST_PASSWORD), login('nurse', 'brand-new-pass-1')]);
    expect(oldPassword.statusCode).toBe(401);
    expect(newPassword.statusCode).toBe(200);
    // The audit trail says the password was reset, and holds neither the password nor its hash.
    const [event] = userAudit();
    expect(JSON.parse(event.after!)).toEqual({
      username: 'nurse',
      displayName: 'Test nurse',
      role: 'nurse',
      disabled: false,
      password: 'reset',
    });
    const [{ passwordHash }] = readDb<{ passwordHash: string }>('SELECT passwordHash FROM User WHERE id = ?', id);
    for (const secret of ['brand-new-pass-1', passwordHash, passwordHash.split('$')[5]])
      expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('a new display name keeps the user signed in', async () => {
    const res = await updateUser(await idOf('nurse'), { displayName: 'Nurse Ratched' });
    expect(res.statusCode).toBe(200);
    expect(res.json().displayName).toBe('Nurse Ratched');
    expect((await me('nurse')).statusCode).toBe(200);
    const [event] = userAudit();
    expect(JSON.parse(event.before!)).toMatchObject({ displayName: 'Test nurse' });
    expect(JSON.parse(event.after!)).toMatchObject({ displayName: 'Nurse Ratched' });
  });

  it('an unknown user id is a 404, an empty change a 400', async () => {
    expect((await updateUser('no-such-id', { disabled: true })).statusCode).toBe(404);
    const empty = await updateUser(await idOf('nurse'), {});
    expect(empty.statusCode).toBe(400);
    expect(userAudit()).toEqual([]);
  });
});

describe('the clinic always keeps an admin', () => {
  it('the last active admin can be neither disabled nor demoted (409); once there is another admin, they can', async () => {
    const adminId = await idOf('admin');
    const disable = await updateUser(adminId, { disabled: true });
    expect(disable.statusCode).toBe(409);
    expect(disable.json()).toMatchObject({ field: 'disabled', message: expect.stringMatching(/one active admin/) });
    const demote = await updateUser(adminId, { role: 'supervisor' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ field: 'role' });
    expect((await me('admin')).statusCode).toBe(200);
    expect(userAudit()).toEqual([]);

    // A disabled admin does not count as the other admin.
    expect(
      (await createUser({ username: 'second-admin', displayName: 'Second Admin', role: 'admin', password: 'second-admin-pw' })).statusCode,
    ).toBe(201);
    expect((await updateUser(await idOf('second-admin'), { disabled: true })).statusCode).toBe(200);
    expect((await updateUser(adminId, { disabled: true })).statusCode).toBe(409);

    expect((await updateUser(await idOf('second-admin'), { disabled: false })).statusCode).toBe(200);
    const handedOver = await updateUser(adminId, { role: 'supervisor' });
    expect(handedOver.statusCode).toBe(200);
    expect((await me('admin')).statusCode).toBe(401); // demoted: signed out
  });
});

describe('the audit trail of account changes', () => {
  it('records who changed what, before and after, and never a password or its hash', async () => {
    const created = (await createUser(nora)).json() as User;
    await updateUser(created.id, { role: 'supervisor', displayName: 'Nora J.' });
    await updateUser(created.id, { disabled: true });

    const events = userAudit();
    expect(events.map((e) => e.action)).toEqual(['user.create', 'user.update', 'user.update']);
    expect(events.every((e) => e.username === 'admin' && e.entityId === created.id)).toBe(true);
    expect(JSON.parse(events[1].before!)).toEqual({ username: 'n.jones', displayName: 'Nora Jones', role: 'nurse', disabled: false });
    expect(JSON.parse(events[1].after!)).toEqual({ username: 'n.jones', displayName: 'Nora J.', role: 'supervisor', disabled: false });
    expect(JSON.parse(events[2].before!)).toMatchObject({ disabled: false });
    expect(JSON.parse(events[2].after!)).toMatchObject({ disabled: true });

    const [{ passwordHash }] = readDb<{ passwordHash: string }>('SELECT passwordHash FROM User WHERE id = ?', created.id);
    const everything = JSON.stringify(events);
    for (const secret of [nora.password, passwordHash, 'scrypt$', 'passwordHash']) expect(everything).not.toContain(secret);
    // The audit trail, read through the API, says the same.
    const api = await t.app.inject({ url: `/api/audit?entity=user&entityId=${created.id}`, headers: signedInAs('supervisor') });
    expect(api.json().events.map((e: { action: string }) => e.action)).toEqual(['user.update', 'user.update', 'user.create']);
    expect(api.body).not.toContain('scrypt$');
  });
});
