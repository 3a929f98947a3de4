import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { buildApp } from '../app.ts';
import type { ChairSnapshot } from '../contract/chairs.ts';
import {
  appPerTest,
  countRows,
  deviceHeaders,
  listen,
  minutesAgo,
  nextEvent,
  signedInAs,
  socket,
  testConfig,
} from '../../../tests/helpers.ts';

// The clinic's chairs, set up by an admin (issue #3): add, rename, out of service and back. The
// test clinic has chairs 1–4.

const t = appPerTest();

const asAdmin = signedInAs('admin');
const addChair = (payload: unknown, headers: Record<string, string> = asAdmin) =>
  t.app.inject({ method: 'POST', url: '/api/chairs', headers, payload: payload as object });
const updateChair = (chairId: number | string, payload: unknown, headers: Record<string, string> = asAdmin) =>
  t.app.inject({ method: 'PATCH', url: `/api/chairs/${chairId}`, headers, payload: payload as object });
const board = async () => (await t.app.inject({ url: '/api/chairs', headers: signedInAs('nurse') })).json().chairs as ChairSnapshot[];
const startSession = (chairId: number) =>
  t.app.inject({
    method: 'POST',
    url: '/api/sessions',
    headers: signedInAs('nurse'),
    payload: { chairId, patient: { clinicId: `MRN-${chairId}`, givenName: 'Ada', familyName: 'Byron' }, weightKg: 60 },
  });
const vitals = (chairId: number) =>
  t.app.inject({
    method: 'POST',
    url: `/api/chairs/${chairId}/vitals`,
    headers: deviceHeaders,
    payload: { recordedAt: minutesAgo(0), hr: 74 },
  });

function chairAudit() {
  const db = new Database(t.file, { readonly: true });
  try {
    return db.prepare(`SELECT action, username, entityId, before, after FROM AuditEvent WHERE entity = 'chair' ORDER BY id`).all();
  } finally {
    db.close();
  }
}

/** The archive's rows that any refused change must leave alone. */
const archived = () => ['Chair', 'AuditEvent', 'InfusionSession'].map((table) => countRows(t.file, table));

describe('adding a chair', () => {
  it('numbers it after the last, in service, on every board at once, and audited', async () => {
    const url = await listen(t.app);
    const wall = await socket(url, { role: 'nurse' });
    t.sockets.push(wall);
    const shown = nextEvent(wall, 'chair:updated');
    const res = await addChair({ name: '  Window   bay ' });
    expect(res.statusCode).toBe(201);
    const chair = { id: 5, name: 'Window   bay', ward: 'main', inService: true };
    expect(res.json()).toEqual(chair);
    expect((await shown).chair).toEqual(chair);
    expect((await board()).at(-1)).toMatchObject({ ...chair, activeSession: null, latest: {}, alarms: [] });
    expect(chairAudit()).toEqual([
      {
        action: 'chair.add',
        username: 'admin',
        entityId: '5',
        before: null,
        after: JSON.stringify({ name: 'Window   bay', ward: 'main', inService: true }),
      },
    ]);
  });

  it('is ready at once: a nurse starts a session on it and its monitor records', async () => {
    await addChair({ name: 'Chair 5' });
    expect((await startSession(5)).statusCode).toBe(201);
    expect((await vitals(5)).statusCode).toBe(201);
    expect((await board()).find((c) => c.id === 5)).toMatchObject({ activeSession: { chairId: 5 }, latest: { hr: { value: 74 } } });
  });

  it('refuses a name another chair has, whatever its case and spacing (409 naming the field), and adds nothing', async () => {
    const before = archived();
    const res = await addChair({ name: ' chair  2' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ field: 'name', message: 'name: chair 2 is already called Chair 2' });
    expect(archived()).toEqual(before);
  });

  it('gives two chairs added at the same moment their own numbers, and one of two same names', async () => {
    const answers = await Promise.all([addChair({ name: 'Bay A' }), addChair({ name: 'Bay B' }), addChair({ name: 'bay a' })]);
    expect(answers.map((res) => res.statusCode)).toEqual([201, 201, 409]);
    expect(answers.slice(0, 2).map((res) => res.json().id)).toEqual([5, 6]);
    expect((await board()).map((c) => c.name)).toEqual(['Chair 1', 'Chair 2', 'Chair 3', 'Chair 4', 'Bay A', 'Bay B']);
  });
});

describe('renaming a chair', () => {
  it('shows the new name on every board and audits before and after; its sessions stay its own', async () => {
    await startSession(2);
    const url = await listen(t.app);
    const wall = await socket(url, { role: 'supervisor' });
    t.sockets.push(wall);
    const shown = nextEvent(wall, 'chair:updated');
    const res = await updateChair(2, { name: 'Recliner by the door' });
    expect(res.json()).toEqual({ id: 2, name: 'Recliner by the door', ward: 'main', inService: true });
    expect((await shown).chair.name).toBe('Recliner by the door');
    expect((await board())[1]).toMatchObject({ name: 'Recliner by the door', activeSession: { chairId: 2 } });
    expect(chairAudit()).toEqual([
      {
        action: 'chair.update',
        username: 'admin',
        entityId: '2',
        before: JSON.stringify({ name: 'Chair 2', ward: 'main', inService: true }),
        after: JSON.stringify({ name: 'Recliner by the door', ward: 'main', inService: true }),
      },
    ]);
  });

  it('may change only the case of its own name, not take another chair’s', async () => {
    expect((await updateChair(3, { name: 'CHAIR 3' })).statusCode).toBe(200);
    const res = await updateChair(3, { name: 'chair 4' });
    expect(res.statusCode).toBe(409);
    expect(res.json().field).toBe('name');
    expect((await board())[2]!.name).toBe('CHAIR 3');
  });
});

describe('out of service', () => {
  it('takes no new session but still records its monitor; back in service it does', async () => {
    expect((await updateChair(4, { inService: false })).json()).toMatchObject({ id: 4, inService: false });
    expect((await board())[3]).toMatchObject({ id: 4, inService: false });
    const refused = await startSession(4);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ field: 'chairId', message: 'chairId: Chair 4 is out of service' });
    expect(countRows(t.file, 'InfusionSession')).toBe(0);
    // Readings a monitor still sends are not lost.
    expect((await vitals(4)).statusCode).toBe(201);
    expect((await updateChair(4, { inService: true })).json().inService).toBe(true);
    expect((await startSession(4)).statusCode).toBe(201);
  });

  it('is refused while a session runs on the chair (409 naming the field), changing nothing', async () => {
    await startSession(1);
    const before = archived();
    const res = await updateChair(1, { name: 'Bay 1', inService: false });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ field: 'inService', message: 'inService: Chair 1 has a session running; end it first' });
    expect(archived()).toEqual(before);
    expect((await board())[0]).toMatchObject({ name: 'Chair 1', inService: true });
  });
});

it('keeps added, renamed and out-of-service chairs across a restart', async () => {
  await addChair({ name: 'Bay 5' });
  await updateChair(2, { name: 'Bay 2', inService: false });
  const restarted = await buildApp(testConfig(`file:${t.file}`));
  try {
    const chairs = (await restarted.inject({ url: '/api/chairs', headers: asAdmin })).json().chairs as ChairSnapshot[];
    expect(chairs.map(({ id, name, inService }) => ({ id, name, inService }))).toEqual([
      { id: 1, name: 'Chair 1', inService: true },
      { id: 2, name: 'Bay 2', inService: false },
      { id: 3, name: 'Chair 3', inService: true },
      { id: 4, name: 'Chair 4', inService: true },
      { id: 5, name: 'Bay 5', inService: true },
    ]);
  } finally {
    await restarted.close();
  }
});

describe('refusals', () => {
  it.each([
    ['no name', 'POST', {}, 'name'],
    ['a blank name', 'POST', { name: '   ' }, 'name'],
    ['a name of 41 characters', 'POST', { name: 'x'.repeat(41) }, 'name'],
    ['a number for a name', 'POST', { name: 5 }, 'name'],
    ['an unknown field', 'POST', { name: 'Bay', ward: 'east' }, 'ward'],
    ['an empty change', 'PATCH', {}, 'body'],
    ['a text for in service', 'PATCH', { inService: 'no' }, 'inService'],
  ] as const)('%s: 400 naming the field, nothing changed', async (_what, method, payload, field) => {
    const before = archived();
    const res = method === 'POST' ? await addChair(payload) : await updateChair(1, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe(field);
    expect(archived()).toEqual(before);
  });

  it('a chair that does not exist is a 404 naming it', async () => {
    const res = await updateChair(99, { name: 'Bay 99' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ field: 'chairId', message: 'chairId: there is no chair 99' });
  });

  it.each(['nurse', 'supervisor'] as const)('a %s may not set up chairs (403), nothing changed', async (role) => {
    const before = archived();
    expect((await addChair({ name: 'Bay' }, signedInAs(role))).statusCode).toBe(403);
    expect((await updateChair(1, { inService: false }, signedInAs(role))).statusCode).toBe(403);
    expect(archived()).toEqual(before);
  });
});
