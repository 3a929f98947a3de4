import { describe, expect, it } from 'vitest';
import { sessionDose } from '../clinical/dose.ts';
import { appPerTest, countRows, deviceHeaders, minutesAgo, signedInAs, startTestApp } from '../../../tests/helpers.ts';

const t = appPerTest();

const patient = { clinicId: 'MRN-100', givenName: 'Grace', familyName: 'Hopper', birthDate: '1980-12-09' };
const start = (payload: Record<string, unknown>, headers = deviceHeaders) =>
  t.app.inject({ method: 'POST', url: '/api/sessions', headers, payload });
const act = (id: string, action: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/sessions/${id}/${action}`, headers: deviceHeaders, payload });
const vitals = (chairId: number, values: Record<string, number>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/chairs/${chairId}/vitals`,
    headers: deviceHeaders,
    payload: { recordedAt: minutesAgo(0), ...values },
  });
const ready = { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 };

/** A session on chair 3 that has had its infusion and is now in recovery. */
async function inRecovery(who = { ...patient, clinicId: 'MRN-300' }): Promise<string> {
  const { id } = (await start({ chairId: 3, patient: who, weightKg: 80 })).json();
  await act(id, 'pre-scores', { painBefore: 6, sedationBefore: 5 });
  await vitals(3, { sbp: 120, dbp: 80 });
  await act(id, 'transitions', { to: 'infusing' });
  await act(id, 'transitions', { to: 'recovery' });
  return id;
}

describe('sessions', () => {
  it('starts a session with the planned dose and pump rate worked out', async () => {
    const res = await start({ chairId: 2, patient, weightKg: 80, doseMgPerKg: 0.5, plannedMinutes: 40, prescriber: 'Dr Who' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      chairId: 2,
      phase: 'pre-infusion',
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

  it('numbers the series from the patient’s earlier infusions (one aborted before dosing does not count)', async () => {
    const declined = (await start({ chairId: 1, patient, weightKg: 60 })).json();
    await act(declined.id, 'transitions', { to: 'aborted', reason: 'patient felt unwell on arrival' });
    const infused = await inRecovery(patient);
    await act(infused, 'discharge', { scale: 'aldrete', scores: ready });
    expect((await start({ chairId: 2, patient, weightKg: 61 })).json().seriesNumber).toBe(2);
    expect(countRows(t.file!, 'Patient')).toBe(1);
    const found = (await t.app.inject({ url: '/api/patients?search=MRN-100', headers: signedInAs('nurse') })).json();
    expect(found.patients[0]).toMatchObject({ sessionCount: 1, lastWeightKg: 80 });
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

  it('runs a whole infusion: pre scores, baseline, infusing, pause, rate change, recovery, discharge', async () => {
    const session = (await start({ chairId: 1, patient, weightKg: 70 })).json(); // 35 mg at 52.5 mg/h
    expect((await act(session.id, 'transitions', { to: 'infusing' })).json().message).toMatch(/pre-infusion scores/);
    expect((await act(session.id, 'pre-scores', { painBefore: 7, sedationBefore: 5 })).statusCode).toBe(200);
    expect((await act(session.id, 'transitions', { to: 'infusing' })).json().message).toMatch(/baseline blood pressure/);
    await vitals(1, { sbp: 128, dbp: 78, hr: 72, spo2: 98 });

    const infusing = await act(session.id, 'transitions', { to: 'infusing' });
    expect(infusing.statusCode).toBe(200);
    expect(infusing.json()).toMatchObject({
      phase: 'infusing',
      painBefore: 7,
      sedationBefore: 5,
      baseline: { sbp: 128, dbp: 78, hr: 72, spo2: 98 },
    });
    expect((await act(session.id, 'transitions', { to: 'paused', reason: 'nausea' })).json().phase).toBe('paused');
    expect((await act(session.id, 'rate', { rateMgPerH: 26.3, reason: 'nausea: half rate' })).json().rateMgPerH).toBe(26.3);
    expect((await act(session.id, 'transitions', { to: 'infusing' })).json().phase).toBe('infusing');
    const refused = await act(session.id, 'discharge', { scale: 'aldrete', scores: ready });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe('a patient cannot be discharged while infusing: stop the infusion first (recovery)');
    expect((await act(session.id, 'transitions', { to: 'recovery' })).json().phase).toBe('recovery');

    const discharged = await act(session.id, 'discharge', { scale: 'aldrete', scores: ready, painAfter: 3 });
    expect(discharged.json()).toMatchObject({ phase: 'discharged', endedAt: expect.any(String) });
    const detail = (await t.app.inject({ url: `/api/sessions/${session.id}`, headers: signedInAs('nurse') })).json();
    expect(detail.history.map((h: { toPhase: string | null; rateMgPerH: number | null }) => h.toPhase ?? h.rateMgPerH)).toEqual([
      'pre-infusion',
      'infusing',
      'paused',
      26.3,
      'infusing',
      'recovery',
      'discharged',
    ]);
    expect(detail.history[2]).toMatchObject({ reason: 'nausea', byName: 'CHAIRSIDE_INGEST_TOKEN' });
    expect(detail.discharge).toEqual({ scale: 'aldrete', score: 10, override: null, painAfter: 3 });
    // The chair is free, its tile starts afresh, and the session is closed for good.
    const tile = (await t.app.inject({ url: '/api/chairs', headers: signedInAs('nurse') })).json().chairs[0];
    expect(tile).toMatchObject({ activeSession: null, latest: {}, lastSampleAt: null, latestSideEffect: null });
    expect((await act(session.id, 'transitions', { to: 'aborted', reason: 'x' })).statusCode).toBe(409);
  });

  it('discharges below the Aldrete threshold only with a reason', async () => {
    const id = await inRecovery();
    const low = { ...ready, activity: 1, consciousness: 1 }; // 8 of 10
    const refused = await act(id, 'discharge', { scale: 'aldrete', scores: low });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ field: 'override', message: expect.stringContaining('the score is 8 (ready at 9)') });
    expect((await act(id, 'discharge', { scale: 'aldrete', scores: { ...ready, spo2: 3 } })).json().field).toBe('scores.spo2');
    const overridden = await act(id, 'discharge', { scale: 'aldrete', scores: low, override: 'cleared by the prescriber, escorted home' });
    expect(overridden.statusCode).toBe(200);
    const detail = (await t.app.inject({ url: `/api/sessions/${id}`, headers: signedInAs('nurse') })).json();
    expect(detail.discharge).toMatchObject({ score: 8, override: 'cleared by the prescriber, escorted home' });
  });

  it('aborts only with a reason, from any active phase', async () => {
    const session = (await start({ chairId: 2, patient, weightKg: 70 })).json();
    expect((await act(session.id, 'transitions', { to: 'aborted' })).json()).toMatchObject({ statusCode: 400, field: 'reason' });
    const aborted = await act(session.id, 'transitions', { to: 'aborted', reason: 'IV access failed' });
    expect(aborted.json()).toMatchObject({ phase: 'aborted', endedAt: expect.any(String) });
    const detail = (await t.app.inject({ url: `/api/sessions/${session.id}`, headers: signedInAs('nurse') })).json();
    expect(detail.abortReason).toBe('IV access failed');
  });

  it('refuses a back-timed change before the last one, or in the future', async () => {
    const id = await inRecovery();
    expect((await act(id, 'transitions', { to: 'aborted', reason: 'x', at: minutesAgo(60) })).json().field).toBe('at');
    expect((await act(id, 'transitions', { to: 'aborted', reason: 'x', at: minutesAgo(-10) })).json().field).toBe('at');
  });

  it('files a rate change charted late at the time the pump was changed, and works the dose out from then', async () => {
    let clock = Date.now() - 30 * 60_000;
    const own = await startTestApp({ now: () => clock });
    try {
      const at = (minutesAgo: number) => new Date(clock - minutesAgo * 60_000).toISOString();
      const send = (url: string, payload: object) => own.app.inject({ method: 'POST', url, headers: deviceHeaders, payload });
      const { id } = (await send('/api/sessions', { chairId: 2, patient, weightKg: 80 })).json(); // 40 mg at 60 mg/h
      await send(`/api/sessions/${id}/pre-scores`, { painBefore: 6, sedationBefore: 5 });
      await send('/api/chairs/2/vitals', { recordedAt: at(0), sbp: 120, dbp: 80 });
      await send(`/api/sessions/${id}/transitions`, { to: 'infusing' });
      const infusingAt = clock;
      clock += 20 * 60_000;
      for (const early of [at(21), at(-10)]) {
        const refused = await send(`/api/sessions/${id}/rate`, { rateMgPerH: 30, reason: 'nausea', at: early });
        expect(refused.statusCode).toBe(400);
        expect(refused.json().field).toBe('at');
      }
      const changed = await send(`/api/sessions/${id}/rate`, { rateMgPerH: 30, reason: 'nausea: half rate', at: at(10) });
      expect(changed.json().pumpEvents.at(-1)).toEqual({ at: new Date(infusingAt + 10 * 60_000).toISOString(), rateMgPerH: 30 });
      // 10 min at 60 mg/h, then 10 min at 30 mg/h: 15 mg, not the 20 mg of 20 min at the old rate.
      const stopped = (await send(`/api/sessions/${id}/transitions`, { to: 'recovery' })).json();
      expect(sessionDose(stopped, clock).deliveredMg).toBe(15);
    } finally {
      await own.close();
    }
  });

  it('finds patients by name or clinic id for the start form', async () => {
    const first = (await start({ chairId: 1, patient, weightKg: 64.5 })).json();
    await act(first.id, 'transitions', { to: 'aborted', reason: 'rescheduled' });
    const found = (await t.app.inject({ url: '/api/patients?search=Hop', headers: signedInAs('nurse') })).json();
    expect(found.patients).toEqual([expect.objectContaining({ clinicId: 'MRN-100', familyName: 'Hopper', sessionCount: 0 })]);
    expect((await t.app.inject({ url: '/api/patients?search=zzz', headers: signedInAs('nurse') })).json().patients).toEqual([]);
  });

  it('answers 404 for an unknown session', async () => {
    for (const url of ['/api/sessions/nope', '/api/sessions/nope/vitals', '/api/sessions/nope/trend']) {
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
    [
      'birth date that is not a date',
      400,
      'patient.birthDate',
      { chairId: 1, patient: { ...patient, birthDate: '09/12/1980' }, weightKg: 70 },
    ],
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
