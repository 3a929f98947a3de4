import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Observation } from '../contract/observations.ts';
import {
  countRows,
  deviceHeaders,
  listen,
  minutesAgo,
  nextEvent,
  signedInAs,
  socket,
  startTestApp,
  type ClientSocket,
} from '../../../tests/helpers.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
let sessionId: string;
const sockets: ClientSocket[] = [];
beforeEach(async () => {
  t = await startTestApp();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/sessions',
    headers: deviceHeaders,
    payload: { chairId: 1, patient: { clinicId: 'OBS-1', givenName: 'Olive', familyName: 'Brown' }, weightKg: 70 },
  });
  sessionId = res.json().id;
});
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await t.close();
});

const asNurse = signedInAs('nurse');
const chart = (payload: Record<string, unknown>, headers = asNurse) =>
  t.app.inject({ method: 'POST', url: `/api/sessions/${sessionId}/observations`, headers, payload });
const amend = (id: string, payload: Record<string, unknown>, headers = asNurse) =>
  t.app.inject({ method: 'POST', url: `/api/observations/${id}/amend`, headers, payload });
const list = async () =>
  (await t.app.inject({ url: `/api/sessions/${sessionId}/observations`, headers: asNurse })).json().observations as Observation[];
const tile = async () => (await t.app.inject({ url: '/api/chairs', headers: asNurse })).json().chairs[0];

describe('side-effect observations', () => {
  it('charts nausea with the ondansetron given, shows it on the board and tells every screen', async () => {
    const board = await socket(await listen(t.app), { role: 'nurse' });
    sockets.push(board);
    const heard = nextEvent(board, 'observation:recorded');
    const res = await chart({ id: 'tab-1', kind: 'nausea', severity: 2, intervention: { kind: 'ondansetron-4mg-iv' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'nausea',
      severity: 2,
      intervention: { kind: 'ondansetron-4mg-iv', detail: null },
      byName: 'Test nurse',
      struck: false,
      supersededById: null,
    });
    expect((await heard).latest).toMatchObject({ kind: 'nausea', severity: 2 });
    expect((await tile()).latestSideEffect).toMatchObject({ kind: 'nausea', severity: 2 });
    expect(countRows(t.file!, 'Intervention')).toBe(1);
  });

  it('stores a retried entry once', async () => {
    const first = await chart({ id: 'tab-2', kind: 'dizziness', severity: 1 });
    const again = await chart({ id: 'tab-2', kind: 'dizziness', severity: 1 });
    expect(again.json().id).toBe(first.json().id);
    expect(countRows(t.file!, 'SideEffectObservation')).toBe(1);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['sedation without a MOAA/S score', { id: 'b1', kind: 'sedation', severity: 2 }, 'sedationScore'],
    ['"other" without saying what', { id: 'b2', kind: 'other', severity: 1 }, 'detail'],
    ['severity above severe', { id: 'b3', kind: 'nausea', severity: 4 }, 'severity'],
    ['an unknown side effect', { id: 'b4', kind: 'itching', severity: 1 }, 'kind'],
    ['a time in the future', { id: 'b5', kind: 'nausea', severity: 1, observedAt: minutesAgo(-10) }, 'observedAt'],
    ['a time before the session began', { id: 'b6', kind: 'nausea', severity: 1, observedAt: minutesAgo(60) }, 'observedAt'],
  ];
  it.each(bad)('refuses %s (naming %s) and stores nothing', async (_name, payload, field) => {
    const res = await chart(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe(field);
    expect(countRows(t.file!, 'SideEffectObservation')).toBe(0);
  });

  it('corrects by adding a version: the original stays on record, and only the latest can be corrected', async () => {
    const original = (await chart({ id: 'tab-3', kind: 'dissociation', severity: 3 })).json();
    const corrected = await amend(original.id, { severity: 1, reason: 'tapped severe by mistake' });
    expect(corrected.statusCode).toBe(201);
    expect(corrected.json()).toMatchObject({ severity: 1, amendsId: original.id, amendReason: 'tapped severe by mistake' });
    const versions = await list();
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatchObject({ id: original.id, severity: 3, supersededById: corrected.json().id });
    expect((await amend(original.id, { severity: 2, reason: 'again' })).statusCode).toBe(409);
    expect((await tile()).latestSideEffect).toMatchObject({ severity: 1 });
  });

  it('adds an intervention given after the entry was charted, and keeps it on later corrections', async () => {
    const entry = (await chart({ id: 'tab-8', kind: 'nausea', severity: 2 })).json();
    const given = await amend(entry.id, { reason: 'intervention given', intervention: { kind: 'ondansetron-4mg-iv' } });
    expect(given.json()).toMatchObject({ severity: 2, intervention: { kind: 'ondansetron-4mg-iv' } });
    const settled = await amend(given.json().id, { severity: 1, reason: 'settling' });
    expect(settled.json()).toMatchObject({ severity: 1, intervention: { kind: 'ondansetron-4mg-iv' } });
    expect(countRows(t.file!, 'Intervention')).toBe(1);
  });

  it('strikes an entry through (undo at the chair): it leaves the board but not the record', async () => {
    const entry = (await chart({ id: 'tab-4', kind: 'headache', severity: 1 })).json();
    const struck = await amend(entry.id, { struck: true, reason: 'undone at the chair' });
    expect(struck.json()).toMatchObject({ struck: true, amendsId: entry.id });
    expect((await tile()).latestSideEffect).toBeNull();
    expect(await list()).toHaveLength(2);
  });

  it('after the session closes, only a supervisor corrects, and nothing new is charted', async () => {
    const entry = (await chart({ id: 'tab-5', kind: 'nausea', severity: 1 })).json();
    await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/transitions`,
      headers: deviceHeaders,
      payload: { to: 'aborted', reason: 'vomiting' },
    });
    expect((await chart({ id: 'tab-6', kind: 'nausea', severity: 1 })).statusCode).toBe(409);
    expect((await amend(entry.id, { severity: 2, reason: 'late correction' })).statusCode).toBe(403);
    const bySupervisor = await amend(entry.id, { severity: 2, reason: 'per nurse’s paper note' }, signedInAs('supervisor'));
    expect(bySupervisor.statusCode).toBe(201);
    expect(bySupervisor.json().byName).toBe('Test supervisor');
  });

  it('puts every entry and correction on the audit trail', async () => {
    const entry = (await chart({ id: 'tab-7', kind: 'anxiety', severity: 2 })).json();
    await amend(entry.id, { struck: true, reason: 'wrong patient' });
    const audit = (await t.app.inject({ url: '/api/audit?action=observation.', headers: signedInAs('supervisor') })).json();
    expect(audit.events.map((e: { action: string; username: string }) => [e.action, e.username])).toEqual([
      ['observation.strike', 'nurse'],
      ['observation.record', 'nurse'],
    ]);
  });
});
