import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRows, deviceHeaders, minutesAgo, signedInAs, startTestApp } from '../../../tests/helpers.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(() => t.close());

const patient = { clinicId: 'MRN-100', givenName: 'Grace', familyName: 'Hopper', birthDate: '1980-12-09' };
const start = (payload: Record<string, unknown>, headers = deviceHeaders) =>
  t.app.inject({ method: 'POST', url: '/api/sessions', headers, payload });

describe('sessions', () => {
  it('starts a session with the planned dose and pump rate worked out', async () => {
    const res = await start({ chairId: 2, patient, weightKg: 80, doseMgPerKg: 0.5, plannedMinutes: 40, prescriber: 'Dr Who' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      chairId: 2,
      phase: 'infusing',
      patientInitials: 'GH',
      plannedDoseMg: 40, // 0.5 mg/kg × 80 kg
      plannedDurationS: 2400,
      rateMgPerH: 60, // 40 mg over 40 min
      seriesNumber: 1,
      seriesLength: 6,
      patient: { clinicId: 'MRN-100', givenName: 'Grace', familyName: 'Hopper', birthDate: '1980-12-09' },
    });
    const board = (await t.app.inject({ url: '/api/chairs', headers: signedInAs('nurse') })).json();
    const tile = board.chairs.find((c: { id: number }) => c.id === 2);
    expect(tile.activeSession).toMatchObject({ id: res.json().id, patientInitials: 'GH' });
    // The board carries initials only: minimum necessary display.
    expect(JSON.stringify(board)).not.toContain('Hopper');
  });

  it('uses the default prescription (0.5 mg/kg over 40 min) when none is given', async () => {
    const res = await start({ chairId: 1, patient, weightKg: 60 });
    expect(res.json()).toMatchObject({ doseMgPerKg: 0.5, plannedDoseMg: 30, plannedDurationS: 2400, rateMgPerH: 45 });
  });

  it('numbers the series from the patient’s earlier sessions', async () => {
    const first = (await start({ chairId: 1, patient, weightKg: 60 })).json();
    await t.app.inject({ method: 'POST', url: `/api/sessions/${first.id}/end`, headers: deviceHeaders, payload: {} });
    const second = await start({ chairId: 3, patient, weightKg: 61 });
    expect(second.json().seriesNumber).toBe(2);
    expect(countRows(t.file!, 'Patient')).toBe(1);
  });

  it('allows one active session per chair', async () => {
    await start({ chairId: 1, patient, weightKg: 60 });
    const again = await start({ chairId: 1, patient: { ...patient, clinicId: 'MRN-200' }, weightKg: 60 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ field: 'chairId' });
    expect(countRows(t.file!, 'InfusionSession')).toBe(1);
  });

  it('refuses a clinic id that belongs to another patient rather than mixing two records', async () => {
    await start({ chairId: 1, patient, weightKg: 60 });
    const res = await start({ chairId: 2, patient: { ...patient, givenName: 'Alan' }, weightKg: 60 });
    expect(res.statusCode).toBe(409);
    expect(res.json().field).toBe('patient.clinicId');
  });

  it('ends a session: the chair is free, its tile starts afresh, the session is closed for good', async () => {
    const session = (await start({ chairId: 1, patient, weightKg: 60 })).json();
    await t.app.inject({ method: 'POST', url: '/api/chairs/1/vitals', headers: deviceHeaders, payload: { recordedAt: minutesAgo(0), hr: 77 } });
    const end = await t.app.inject({ method: 'POST', url: `/api/sessions/${session.id}/end`, headers: deviceHeaders, payload: {} });
    expect(end.statusCode).toBe(200);
    expect(end.json()).toMatchObject({ phase: 'discharged', endedAt: expect.any(String) });
    const tile = (await t.app.inject({ url: '/api/chairs', headers: signedInAs('nurse') })).json().chairs[0];
    expect(tile).toMatchObject({ activeSession: null, latest: {}, lastSampleAt: null });
    const twice = await t.app.inject({ method: 'POST', url: `/api/sessions/${session.id}/end`, headers: deviceHeaders, payload: {} });
    expect(twice.statusCode).toBe(409);
    expect(countRows(t.file!, 'SessionEvent')).toBe(2); // started infusing, discharged
  });

  it('answers 404 for an unknown session', async () => {
    for (const url of ['/api/sessions/nope', '/api/sessions/nope/vitals']) {
      const res = await t.app.inject({ url, headers: signedInAs('nurse') });
      expect(res.statusCode).toBe(404);
      expect(res.json().field).toBe('id');
    }
  });

  const bad: [string, number, string, Record<string, unknown>][] = [
    ['weight 0 kg', 400, 'weightKg', { chairId: 1, patient, weightKg: 0 }],
    ['weight over 400 kg', 400, 'weightKg', { chairId: 1, patient, weightKg: 401 }],
    ['dose below 0.05 mg/kg', 400, 'doseMgPerKg', { chairId: 1, patient, weightKg: 70, doseMgPerKg: 0.01 }],
    ['dose above 2 mg/kg', 400, 'doseMgPerKg', { chairId: 1, patient, weightKg: 70, doseMgPerKg: 2.5 }],
    ['fractional minutes', 400, 'plannedMinutes', { chairId: 1, patient, weightKg: 70, plannedMinutes: 40.5 }],
    ['no patient', 400, 'patient', { chairId: 1, weightKg: 70 }],
    ['patient without clinic id', 400, 'patient.clinicId', { chairId: 1, patient: { givenName: 'A', familyName: 'B' }, weightKg: 70 }],
    ['birth date that is not a date', 400, 'patient.birthDate', { chairId: 1, patient: { ...patient, birthDate: '09/12/1980' }, weightKg: 70 }],
    ['unknown chair', 404, 'chairId', { chairId: 42, patient, weightKg: 70 }],
    ['unknown field', 400, 'dose', { chairId: 1, patient, weightKg: 70, dose: 1 }],
  ];
  it.each(bad)('refuses %s (%i naming %s) and stores nothing', async (_name, status, field, payload) => {
    const res = await start(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().field).toBe(field);
    expect(countRows(t.file!, 'InfusionSession')).toBe(0);
    expect(countRows(t.file!, 'Patient')).toBe(0);
  });

  it('refuses session changes without the device token', async () => {
    const res = await start({ chairId: 1, patient, weightKg: 70 }, {} as typeof deviceHeaders);
    expect(res.statusCode).toBe(401);
    expect(countRows(t.file!, 'InfusionSession')).toBe(0);
  });
});
