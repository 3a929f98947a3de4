import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm } from '../contract/alarms.ts';
import { DEFAULT_ALARM_PROFILE } from '../contract/alarms.ts';
import {
  countRows,
  deviceHeaders,
  listen,
  minutesAgo,
  nextEvent,
  signedInAs,
  socket,
  startTestApp,
  TEST_TOKEN,
  type TestApp,
} from '../../../tests/helpers.ts';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

/** The real app with a clock the test can move on (for the time-based alarms). Condition delays
 * are off so each alarm shows as its sample lands; nuisance control has its own tests. */
async function server(delayS = { medium: 0, low: 0 }) {
  const clock = { offsetMs: 0 };
  const t = await startTestApp({ now: () => Date.now() + clock.offsetMs });
  open.push(t);
  const profile = { ...DEFAULT_ALARM_PROFILE, delayS };
  expect(
    (await t.app.inject({ method: 'PUT', url: '/api/alarm-profile', headers: signedInAs('admin'), payload: profile })).statusCode,
  ).toBe(200);
  const url = await listen(t.app);
  const board = await socket(url, { role: 'nurse' });
  open.push(board);
  return { ...t, url, clock, board };
}

type App = TestApp;
const post = (app: App, url: string, payload: unknown, headers: Record<string, string> = deviceHeaders) =>
  app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
const vitals = (app: App, chairId: number, values: Record<string, number>, headers: Record<string, string> = deviceHeaders) =>
  post(app, `/api/chairs/${chairId}/vitals`, { recordedAt: minutesAgo(0), ...values }, headers);

/** A session infusing on the chair, with pre scores (MOAA/S 5) and a baseline of SBP/DBP. */
async function infusing(app: App, chairId: number, baseline = { sbp: 120, dbp: 75 }) {
  const patient = { clinicId: `MRN-${chairId}`, givenName: 'Ada', familyName: 'Lovelace' };
  const session = (await post(app, '/api/sessions', { chairId, patient, weightKg: 70 })).json();
  await post(app, `/api/sessions/${session.id}/pre-scores`, { painBefore: 6, sedationBefore: 5 });
  await vitals(app, chairId, baseline);
  expect((await post(app, `/api/sessions/${session.id}/transitions`, { to: 'infusing' })).statusCode).toBe(200);
  return session.id as string;
}

const activeOn = async (app: App, chairId: number): Promise<Alarm[]> =>
  (await app.inject({ method: 'GET', url: '/api/chairs', headers: signedInAs('nurse') }))
    .json()
    .chairs.find((c: { id: number }) => c.id === chairId).alarms;

describe('alarms', () => {
  it('a breaching sample raises an alarm on every board, a worse one escalates it, the clearing one clears it — all archived', async () => {
    const s = await server();
    const sessionId = await infusing(s.app, 1);

    const raised = nextEvent(s.board, 'alarm:raised');
    await vitals(s.app, 1, { sbp: 165, dbp: 90 });
    const { alarm } = await raised;
    expect(alarm).toMatchObject({
      chairId: 1,
      sessionId,
      condition: 'sbp-above',
      rule: 'sbp-raised',
      priority: 'medium',
      value: 165,
      limit: 160,
    });
    expect(alarm.message).toBe('SBP 165 > 160');
    expect(await activeOn(s.app, 1)).toEqual([alarm]);

    const escalated = nextEvent(s.board, 'alarm:escalated');
    await vitals(s.app, 1, { sbp: 186, dbp: 95 });
    expect((await escalated).alarm).toMatchObject({
      id: alarm.id,
      priority: 'high',
      rule: 'sbp-high',
      message: 'SBP 186 > 180',
      silencedUntil: null,
    });

    // Better but still breaching: the alarm stays at its worst priority until the condition ends.
    await vitals(s.app, 1, { sbp: 170, dbp: 90 });
    const cleared = nextEvent(s.board, 'alarm:cleared');
    await vitals(s.app, 1, { sbp: 140, dbp: 85 });
    expect((await cleared).alarm).toMatchObject({ id: alarm.id, priority: 'high', clearedAt: expect.any(String) });
    expect(await activeOn(s.app, 1)).toEqual([]);

    await s.app.alarms.settled();
    const history = (
      await s.app.inject({ method: 'GET', url: `/api/alarms?sessionId=${sessionId}`, headers: signedInAs('supervisor') })
    ).json();
    expect(history.alarms).toEqual([
      expect.objectContaining({ id: alarm.id, priority: 'high', escalatedAt: expect.any(String), clearedAt: expect.any(String) }),
    ]);
  });

  it('compares with the session’s baseline: SBP 40 over a low baseline alarms before the absolute limit', async () => {
    const s = await server();
    await infusing(s.app, 2, { sbp: 100, dbp: 60 });
    const raised = nextEvent(s.board, 'alarm:raised');
    await vitals(s.app, 2, { sbp: 141, dbp: 70 });
    expect((await raised).alarm).toMatchObject({
      rule: 'sbp-rise',
      priority: 'medium',
      limit: 140,
      message: 'SBP 141 > 140 (baseline 100 + 40)',
    });
  });

  it('several conditions at once are separate alarms, most urgent first', async () => {
    const s = await server();
    await infusing(s.app, 1);
    await vitals(s.app, 1, { hr: 115, spo2: 90, rr: 22 });
    const alarms = await activeOn(s.app, 1);
    expect(alarms.map((a) => [a.condition, a.priority])).toEqual([
      ['spo2-below', 'high'],
      ['hr-above', 'medium'],
      ['rr-above', 'medium'],
    ]);
  });

  it('charted sedation alarms: a drop from the pre-dose MOAA/S is medium, MOAA/S 2 is high', async () => {
    const s = await server();
    const sessionId = await infusing(s.app, 3);
    const chart = (id: string, sedationScore: number) =>
      post(s.app, `/api/sessions/${sessionId}/observations`, { id, kind: 'sedation', severity: 2, sedationScore });
    const raised = nextEvent(s.board, 'alarm:raised');
    await chart('o1', 4);
    expect((await raised).alarm).toMatchObject({
      condition: 'sedation-below',
      priority: 'medium',
      message: 'MOAA/S 4 ≤ 4 (pre-dose 5 − 1)',
    });
    const escalated = nextEvent(s.board, 'alarm:escalated');
    await chart('o2', 2);
    expect((await escalated).alarm).toMatchObject({ priority: 'high', message: 'MOAA/S 2 ≤ 2' });
    const cleared = nextEvent(s.board, 'alarm:cleared');
    await chart('o3', 5);
    await cleared;
  });

  it('a chair whose device goes quiet for 30 s raises a stale alarm; the next sample clears it', async () => {
    const s = await server();
    await infusing(s.app, 1);
    s.clock.offsetMs = 29_000;
    await new Promise((resolve) => setTimeout(resolve, 1200)); // a tick: not yet
    expect(await activeOn(s.app, 1)).toEqual([]);
    const raised = nextEvent(s.board, 'alarm:raised');
    s.clock.offsetMs = 31_000;
    expect((await raised).alarm).toMatchObject({ condition: 'stale', kind: 'technical', priority: 'low', message: 'No data for 30 s' });
    const cleared = nextEvent(s.board, 'alarm:cleared');
    await vitals(s.app, 1, { hr: 80 });
    expect((await cleared).alarm.condition).toBe('stale');
  });

  it('a streaming device that disconnects alarms on each chair it fed; a sample clears it', async () => {
    const s = await server();
    await infusing(s.app, 1);
    await infusing(s.app, 2);
    const device = await socket(s.url, { token: TEST_TOKEN });
    for (const chairId of [1, 2]) {
      expect(await device.emitWithAck('vitals:record', { chairId, recordedAt: minutesAgo(0), hr: 80 } as never)).toMatchObject({
        ok: true,
      });
    }
    const raised: Alarm[] = [];
    s.board.on('alarm:raised', ({ alarm }) => raised.push(alarm));
    device.close();
    await expect
      .poll(() => raised.map((a) => [a.chairId, a.condition, a.message]))
      .toEqual([
        [1, 'disconnected', 'CHAIRSIDE_INGEST_TOKEN disconnected'],
        [2, 'disconnected', 'CHAIRSIDE_INGEST_TOKEN disconnected'],
      ]);
    await vitals(s.app, 1, { hr: 80 });
    expect((await activeOn(s.app, 1)).map((a) => a.condition)).toEqual([]);
    expect((await activeOn(s.app, 2)).map((a) => a.condition)).toEqual(['disconnected']);
  });

  it('a device’s implausible value is refused and raises a technical alarm; a nurse’s is only refused', async () => {
    const s = await server();
    await infusing(s.app, 1);
    const raised = nextEvent(s.board, 'alarm:raised');
    const refused = await vitals(s.app, 1, { spo2: 30 });
    expect(refused.statusCode).toBe(400);
    expect((await raised).alarm).toMatchObject({
      condition: 'implausible',
      priority: 'low',
      value: 30,
      message: 'SpO₂ 30 implausible (accepts 50–100)',
    });

    await infusing(s.app, 2);
    expect((await vitals(s.app, 2, { spo2: 30 }, signedInAs('nurse'))).statusCode).toBe(400);
    expect(await activeOn(s.app, 2)).toEqual([]);
  });

  it('acknowledging silences the alarm for the silence time, keeps it on screen, and is audited with who and when', async () => {
    const s = await server();
    await infusing(s.app, 1);
    await vitals(s.app, 1, { spo2: 89 });
    const [alarm] = await activeOn(s.app, 1);

    const told = nextEvent(s.board, 'alarm:acknowledged');
    const before = Date.now();
    const res = await post(s.app, `/api/alarms/${alarm!.id}/acknowledge`, undefined, signedInAs('nurse'));
    expect(res.statusCode).toBe(200);
    const acknowledged = res.json();
    expect(acknowledged).toMatchObject({ id: alarm!.id, acknowledgedBy: 'Test nurse', clearedAt: null });
    const silencedFor = Date.parse(acknowledged.silencedUntil) - Date.parse(acknowledged.acknowledgedAt);
    expect(silencedFor).toBe(120_000);
    expect(Date.parse(acknowledged.acknowledgedAt)).toBeGreaterThanOrEqual(before);
    expect((await told).alarm).toEqual(acknowledged);
    expect(await activeOn(s.app, 1)).toEqual([acknowledged]);

    const audit = (
      await s.app.inject({ method: 'GET', url: '/api/audit?action=alarm.acknowledge', headers: signedInAs('supervisor') })
    ).json();
    expect(audit.events).toEqual([expect.objectContaining({ username: 'nurse', entity: 'alarm', entityId: alarm!.id })]);

    // A worse value sounds again at once, acknowledged or not.
    const escalated = nextEvent(s.board, 'alarm:escalated');
    await vitals(s.app, 1, { spo2: 88 });
    await vitals(s.app, 1, { spo2: 93 });
    expect(await activeOn(s.app, 1)).toEqual([acknowledged]); // 93 is medium: no change to a high alarm
    await vitals(s.app, 1, { spo2: 96 });
    await expect.poll(() => activeOn(s.app, 1)).toEqual([]);
    await expect(Promise.race([escalated.then(() => 'escalated'), new Promise((r) => setTimeout(() => r('none'), 200))])).resolves.toBe(
      'none',
    );
  });

  it('refuses to acknowledge what does not exist (404), what already cleared (409), and an admin (403)', async () => {
    const s = await server();
    await infusing(s.app, 1);
    await vitals(s.app, 1, { hr: 135 });
    const [alarm] = await activeOn(s.app, 1);
    expect((await post(s.app, `/api/alarms/${alarm!.id}/acknowledge`, undefined, signedInAs('admin'))).statusCode).toBe(403);
    expect((await post(s.app, '/api/alarms/nope/acknowledge', undefined, signedInAs('nurse'))).json()).toMatchObject({
      statusCode: 404,
      field: 'id',
    });
    await vitals(s.app, 1, { hr: 80 });
    await s.app.alarms.settled();
    expect((await post(s.app, `/api/alarms/${alarm!.id}/acknowledge`, undefined, signedInAs('supervisor'))).statusCode).toBe(409);
  });

  it('ending the session clears its alarms', async () => {
    const s = await server();
    const sessionId = await infusing(s.app, 1);
    await vitals(s.app, 1, { sbp: 185, dbp: 95 });
    const cleared = nextEvent(s.board, 'alarm:cleared');
    await post(s.app, `/api/sessions/${sessionId}/transitions`, { to: 'aborted', reason: 'hypertensive surge' });
    expect((await cleared).alarm).toMatchObject({ condition: 'sbp-above', clearedAt: expect.any(String) });
    await s.app.alarms.settled();
    expect(countRows(s.file, 'Alarm')).toBe(1);
  });

  it('an active alarm survives a restart of the server', async () => {
    const first = await startTestApp();
    await infusing(first.app, 1);
    await vitals(first.app, 1, { sbp: 185, dbp: 95 });
    const [alarm] = await activeOn(first.app, 1);
    await first.app.alarms.settled();
    await first.app.close(); // keeps the database file
    const { buildApp } = await import('../app.ts');
    const { testConfig } = await import('../../../tests/helpers.ts');
    const second = await buildApp(testConfig(`file:${first.file}`));
    open.push({ close: async () => (await second.close(), first.close()) });
    expect(await activeOn(second, 1)).toEqual([alarm]);
  });
});

describe('nuisance control', () => {
  it('a medium condition alarms only once it has lasted the delay; a high one never waits', async () => {
    const s = await server({ medium: 10, low: 10 });
    await infusing(s.app, 1);
    await vitals(s.app, 1, { hr: 115 });
    expect(await activeOn(s.app, 1)).toEqual([]);
    const raised = nextEvent(s.board, 'alarm:raised');
    s.clock.offsetMs = 10_000;
    expect((await raised).alarm).toMatchObject({ condition: 'hr-above', priority: 'medium' });

    await vitals(s.app, 1, { spo2: 90 });
    expect((await activeOn(s.app, 1)).map((a) => a.condition)).toContain('spo2-below');
  });

  it('a one-sample blip never alarms', async () => {
    const s = await server({ medium: 10, low: 10 });
    await infusing(s.app, 1);
    await vitals(s.app, 1, { rr: 11 });
    s.clock.offsetMs = 5_000;
    await vitals(s.app, 1, { rr: 12 });
    s.clock.offsetMs = 12_000;
    await new Promise((resolve) => setTimeout(resolve, 1200)); // a tick
    expect(await activeOn(s.app, 1)).toEqual([]);
  });
});

describe('alarm profile', () => {
  const put = (app: App, payload: unknown, role: 'admin' | 'nurse' = 'admin') =>
    app.inject({ method: 'PUT', url: '/api/alarm-profile', headers: signedInAs(role), payload: payload as Record<string, unknown> });
  const appAsInstalled = async () => {
    const t = await startTestApp();
    open.push(t);
    return t;
  };
  const profile = async (app: App) => (await app.inject({ method: 'GET', url: '/api/alarm-profile', headers: signedInAs('nurse') })).json();

  it('is the ketamine default until an admin edits it; the edit applies at once and is audited', async () => {
    const s = await appAsInstalled();
    expect(await profile(s.app)).toEqual({ ...DEFAULT_ALARM_PROFILE, updatedAt: null, updatedBy: null });
    await infusing(s.app, 1, { sbp: 140, dbp: 80 });
    const edited = {
      ...DEFAULT_ALARM_PROFILE,
      delayS: { medium: 0, low: 0 },
      limits: { ...DEFAULT_ALARM_PROFILE.limits, 'sbp-raised': 170 },
    };
    const res = await put(s.app, edited);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ limits: { 'sbp-raised': 170 }, updatedBy: 'Test admin' });
    await vitals(s.app, 1, { sbp: 165, dbp: 85 });
    expect(await activeOn(s.app, 1)).toEqual([]);
    await vitals(s.app, 1, { sbp: 171, dbp: 85 });
    expect(await activeOn(s.app, 1)).toEqual([expect.objectContaining({ message: 'SBP 171 > 170' })]);
    const audit = (
      await s.app.inject({ method: 'GET', url: '/api/audit?action=alarm-profile.update', headers: signedInAs('admin') })
    ).json();
    expect(JSON.parse(audit.events[0].before).limits['sbp-raised']).toBe(160);
    expect(JSON.parse(audit.events[0].after).limits['sbp-raised']).toBe(170);
  });

  it.each([
    ['a high limit inside its medium band', { 'sbp-high': 150 }, 'limits.sbp-high'],
    ['a limit outside what the vital can be', { 'spo2-low': 20 }, 'limits.spo2-low'],
    ['a limit that is not a number', { 'hr-high': 'fast' }, 'limits.hr-high'],
  ])('refuses %s, naming the field, and changes nothing', async (_, limits, field) => {
    const s = await appAsInstalled();
    const res = await put(s.app, { ...DEFAULT_ALARM_PROFILE, limits: { ...DEFAULT_ALARM_PROFILE.limits, ...limits } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe(field);
    expect((await profile(s.app)).updatedAt).toBeNull();
  });

  it.each([
    ['an unknown rule', { limits: { ...DEFAULT_ALARM_PROFILE.limits, 'sbp-very-high': 200 } }],
    ['a missing rule', { limits: { ...DEFAULT_ALARM_PROFILE.limits, 'hr-low': undefined } }],
    ['a delay for high alarms', { delayS: { medium: 0, low: 0, high: 5 } }],
    ['a silence of 10 minutes', { silenceS: 600 }],
  ])('refuses %s (400) and changes nothing', async (_, change) => {
    const s = await appAsInstalled();
    const res = await put(s.app, { ...DEFAULT_ALARM_PROFILE, ...change });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toEqual(expect.any(String));
    expect((await profile(s.app)).updatedAt).toBeNull();
  });

  it('only an admin edits it', async () => {
    const s = await appAsInstalled();
    expect((await put(s.app, DEFAULT_ALARM_PROFILE, 'nurse')).statusCode).toBe(403);
  });
});

describe('session alarm limits', () => {
  const setLimits = (app: App, sessionId: string, payload: unknown) =>
    app.inject({
      method: 'PUT',
      url: `/api/sessions/${sessionId}/alarm-limits`,
      headers: signedInAs('nurse'),
      payload: payload as Record<string, unknown>,
    });

  it('a nurse raises a limit for one patient, with a reason; the board shows it and the alarm follows it', async () => {
    const s = await server();
    const sessionId = await infusing(s.app, 1, { sbp: 150, dbp: 85 });
    const shown: unknown[] = [];
    s.board.on('session:updated', ({ session }) => shown.push(session.alarmLimits));
    const res = await setLimits(s.app, sessionId, { limits: { 'sbp-raised': 175 }, reason: 'usual SBP 165 (GP letter)' });
    expect(res.statusCode).toBe(200);
    expect(res.json().alarmLimits).toEqual({ 'sbp-raised': 175 });
    await expect.poll(() => shown.at(-1)).toEqual({ 'sbp-raised': 175 });
    await vitals(s.app, 1, { sbp: 170, dbp: 90 });
    expect(await activeOn(s.app, 1)).toEqual([]);
    await vitals(s.app, 1, { sbp: 176, dbp: 90 });
    expect(await activeOn(s.app, 1)).toEqual([expect.objectContaining({ message: 'SBP 176 > 175' })]);

    expect((await setLimits(s.app, sessionId, { limits: {}, reason: 'back to clinic limits' })).json().alarmLimits).toEqual({});
    const audit = (
      await s.app.inject({ method: 'GET', url: '/api/audit?action=session.alarm-limits', headers: signedInAs('supervisor') })
    ).json();
    expect(audit.events).toHaveLength(2);
  });

  it.each([
    ['no reason', { limits: { 'sbp-raised': 175 } }, 'reason'],
    ['an unknown rule', { limits: { 'sbp-huge': 175 }, reason: 'x' }, 'limits.sbp-huge'],
    ['a medium limit beyond the high one', { limits: { 'sbp-raised': 185 }, reason: 'x' }, 'limits.sbp-high'],
    ['a limit out of range', { limits: { 'hr-high': 400 }, reason: 'x' }, 'limits.hr-high'],
  ])('refuses %s, naming the field', async (_, payload, field) => {
    const s = await server();
    const sessionId = await infusing(s.app, 1);
    const res = await setLimits(s.app, sessionId, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe(field);
  });

  it('refuses a closed session (409) and a simulator (403)', async () => {
    const s = await server();
    const sessionId = await infusing(s.app, 1);
    await post(s.app, `/api/sessions/${sessionId}/transitions`, { to: 'aborted', reason: 'test' });
    expect((await setLimits(s.app, sessionId, { limits: {}, reason: 'x' })).statusCode).toBe(409);
    const asDevice = await s.app.inject({
      method: 'PUT',
      url: `/api/sessions/${sessionId}/alarm-limits`,
      headers: deviceHeaders,
      payload: { limits: {}, reason: 'x' },
    });
    expect(asDevice.statusCode).toBe(403);
  });
});

describe('alarm history', () => {
  it('pages newest first by a cursor and filters by chair, priority and active', async () => {
    const s = await server();
    await infusing(s.app, 1);
    await infusing(s.app, 2);
    for (const sbp of [165, 140, 185, 140, 170]) await vitals(s.app, 1, { sbp, dbp: 80 });
    await vitals(s.app, 2, { hr: 35 });
    await s.app.alarms.settled();
    const get = async (query: string) =>
      (await s.app.inject({ method: 'GET', url: `/api/alarms?${query}`, headers: signedInAs('supervisor') })).json();

    const first = await get('chairId=1&limit=2');
    expect(first.alarms).toHaveLength(2);
    const rest = await get(`chairId=1&limit=2&before=${encodeURIComponent(first.nextBefore)}`);
    expect(rest).toMatchObject({ alarms: [expect.any(Object)], nextBefore: null });
    const all = [...first.alarms, ...rest.alarms];
    expect(all.map((a: Alarm) => a.priority)).toEqual(['medium', 'high', 'medium']);
    expect(new Set(all.map((a: Alarm) => a.id)).size).toBe(3);

    expect((await get('priority=high')).alarms.map((a: Alarm) => a.chairId)).toEqual([2, 1]);
    expect((await get('active=true')).alarms.map((a: Alarm) => [a.chairId, a.message])).toEqual([
      [2, 'HR 35 < 40'],
      [1, 'SBP 170 > 160'],
    ]);
  });

  it.each([
    ['priority=urgent', 'priority'],
    ['chairId=one', 'chairId'],
    ['from=yesterday', 'from'],
    ['before=garbage', 'before'],
    ['limit=5000', 'limit'],
  ])('refuses %s, naming the field', async (query, field) => {
    const s = await server();
    const res = await s.app.inject({ method: 'GET', url: `/api/alarms?${query}`, headers: signedInAs('nurse') });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe(field);
  });
});
