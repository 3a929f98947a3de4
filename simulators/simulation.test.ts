import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VITAL_KEYS } from '../server/src/contract/vitals.ts';
import { LEFTOVER_ABORT_REASON, planVisit, type Visit } from './chair-simulator.ts';
import { plannedDoseMg, rateMgPerH } from '../server/src/clinical/dose.ts';
import { RATE_REDUCTION } from './course.ts';
import { DEFAULT_CADENCE, sessionSamples } from './physiology.ts';
import { startSimulation, type Simulation, type SimulationOptions } from './simulation.ts';
import { startFakeChairside, type FakeChairside, type StoredSample } from './testing/fake-chairside.ts';

const messages: string[] = [];
const log = { info: (m: string) => messages.push(m), warn: (m: string) => messages.push(`warn: ${m}`), error: (m: string) => messages.push(`error: ${m}`) };

let server: FakeChairside | undefined;
let simulation: Simulation | undefined;
afterEach(async () => {
  await simulation?.stop();
  await server?.close();
  simulation = server = undefined;
  messages.length = 0;
});

/** Fast enough that a 75 min visit takes well under a second or two. */
const options = (fake: FakeChairside, overrides: Partial<SimulationOptions> = {}): SimulationOptions => ({
  url: fake.url,
  token: fake.token,
  chairs: 2,
  speed: 10_000,
  scenario: 'mixed',
  seed: 7,
  transport: 'socket',
  loop: false,
  staggerS: 0,
  log,
  ...overrides,
});

const vitalsOf = (sample: Partial<StoredSample>) => Object.fromEntries(VITAL_KEYS.filter((k) => sample[k] !== undefined).map((k) => [k, sample[k]]));
const sampleNumber = (id: string) => Number(id.split('-').at(-1));
const errors = () => messages.filter((m) => m.startsWith('error:'));

/** Checks that every session went the whole way through the API, as planned for its patient. */
function expectWholeSessions(fake: FakeChairside, { seed, chairs, scenario }: { seed: number; chairs: number; scenario: SimulationOptions['scenario'] }) {
  expect(fake.sessions).toHaveLength(chairs);
  for (const session of fake.sessions) {
    const planned = planVisit({ seed, chairId: session.chairId, number: 1, scenario });
    expect(session.input).toEqual(planned.session);
    expect(session.phase).toBe('discharged');
    expectLifecycle(fake, session, planned);

    const plannedSamples = [...sessionSamples(planned.model, DEFAULT_CADENCE)];
    const stored = fake.samples().filter((s) => s.sessionId === session.id).sort((a, b) => sampleNumber(a.id) - sampleNumber(b.id));
    expect(stored.map((s) => sampleNumber(s.id))).toEqual(plannedSamples.map((s) => s.n));
    expect(stored.map(vitalsOf)).toEqual(plannedSamples.map((s) => s.vitals));
    for (const sample of stored) {
      expect(sample.source).toBe('simulator');
      const recordedAtMs = Date.parse(sample.recordedAt);
      expect(recordedAtMs).toBeGreaterThanOrEqual(session.startedAtMs);
      expect(recordedAtMs).toBeLessThanOrEqual(sample.receivedAtMs);
    }

    // The side effects as planned, each stored once under its deterministic id, timed along the
    // session and never ahead of the moment it was sent.
    const charted = fake.observations().filter((o) => o.sessionId === session.id);
    expect(charted.map((o) => o.id)).toEqual(planned.course.observations.map((o) => `sim-${seed}-c${session.chairId}-${session.id}-${o.key}`));
    expect(charted.map(({ id: _id, observedAt: _at, sessionId: _s, receivedAtMs: _r, ...entry }) => entry)).toEqual(planned.course.observations.map((o) => o.entry));
    for (let i = 0; i < charted.length; i++) {
      const observedAtMs = Date.parse(charted[i].observedAt!);
      expect(observedAtMs).toBeGreaterThanOrEqual(session.startedAtMs);
      expect(observedAtMs).toBeLessThanOrEqual(charted[i].receivedAtMs);
      if (i > 0) expect(observedAtMs).toBeGreaterThanOrEqual(Date.parse(charted[i - 1].observedAt!));
    }
    expect(session.discharge).toMatchObject(planned.course.discharge);
    expect(session.painBefore).toBe(planned.course.preScores.painBefore);
  }
  expect(fake.samples().every((s) => s.sessionId !== null)).toBe(true);
}

/** Opened in pre-infusion; baseline BP and pre scores stored before the infusion starts; the pump
 * changed as planned; recovery, then discharge. */
function expectLifecycle(fake: FakeChairside, session: FakeChairside['sessions'][number], planned: Visit) {
  const path = (action: string) => `/api/sessions/${session.id}/${action}`;
  const calls = fake.calls.filter((c) => c.path.startsWith(`/api/sessions/${session.id}/`) && c.applied);
  const startInfusion = calls.find((c) => c.path === path('transitions') && (c.body as { to: string }).to === 'infusing')!;
  const preScores = calls.find((c) => c.path === path('pre-scores'))!;
  expect(calls.indexOf(preScores)).toBeLessThan(calls.indexOf(startInfusion));
  expect(preScores.body).toEqual(planned.course.preScores);
  const baselineBp = fake.samples().filter((s) => s.sessionId === session.id && s.sbp !== undefined && s.receivedAtMs <= startInfusion.atMs);
  expect(baselineBp.length).toBeGreaterThan(0);

  const expected: [string, string | number | null][] = [['pre-infusion', null], ['infusing', null]];
  let rate = rateMgPerH(plannedDoseMg(planned.session.weightKg, planned.session.doseMgPerKg!), planned.session.plannedMinutes! * 60);
  for (const pump of planned.course.pump) {
    if (pump.kind === 'pause') expected.push(['paused', pump.reason]);
    else if (pump.kind === 'resume') expected.push(['infusing', pump.reason]);
    else expected.push([`rate ${(rate = Math.round(rate * pump.factor * 10) / 10)}`, pump.reason]);
  }
  expected.push(['recovery', 'planned dose delivered'], ['discharged', planned.course.discharge.override ?? null]);
  expect(session.events.map((e) => [e.kind === 'rate' ? `rate ${e.rateMgPerH}` : e.toPhase!, e.reason])).toEqual(expected);
}

describe('startSimulation', () => {
  it.each(['socket', 'http'] as const)('drives each chair through a whole session with vitals over %s', async (transport) => {
    server = await startFakeChairside({ chairs: 2 });
    simulation = startSimulation(options(server, { transport }));
    await simulation.ready;
    await simulation.done;
    expectWholeSessions(server, { seed: 7, chairs: 2, scenario: 'mixed' });
  });

  it('refuses invalid options at once, naming each problem', () => {
    const fake = { url: 'ftp://x', token: '' } as FakeChairside;
    expect(() => startSimulation(options(fake, { chairs: 0, speed: -1, scenario: 'chaos' as never, cadence: { bpIntervalS: 5 } }))).toThrow(
      /url must be an http.*token must not be empty.*chairs must be a whole number from 1.*speed must be from.*scenario must be one of.*BP interval must be from 60/,
    );
  });

  it('fails with a clear message when the server has fewer chairs than asked for', async () => {
    server = await startFakeChairside({ chairs: 8 });
    simulation = startSimulation(options(server, { chairs: 12 }));
    await expect(simulation.ready).rejects.toThrow(/chairs 1–12 but the server .* has 8 chairs \(no chair 9, 10, 11, 12\).*CHAIRSIDE_CHAIRS=12/);
    await expect(simulation.done).rejects.toThrow();
    expect(server.sessions).toHaveLength(0);
  });

  it('fails with a clear message when the server refuses the token', async () => {
    server = await startFakeChairside();
    simulation = startSimulation(options(server, { token: 'wrong' }));
    await expect(simulation.ready).rejects.toThrow(/refused the device token \(401\)/);
  });

  it('waits for a server that is not answering yet, and stops cleanly while waiting', async () => {
    const starting = createServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'starting' }));
    });
    await new Promise<void>((resolve) => starting.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(starting.address() as AddressInfo).port}`;
    try {
      simulation = startSimulation(options({ url, token: 'test-token' } as FakeChairside));
      await vi.waitFor(() => expect(messages.join('\n')).toMatch(/waiting for the server at .*: GET \/api\/chairs: 503 starting; retrying/));
      await simulation.stop();
      await expect(simulation.ready).rejects.toThrow(/abort/i);
    } finally {
      starting.close();
    }
  });

  it('keeps readings refused by a busy server and resends them with the same ids until stored', async () => {
    server = await startFakeChairside({ chairs: 1 });
    server.refuseNextVitals(3);
    simulation = startSimulation(options(server, { chairs: 1 }));
    await simulation.done;
    expectWholeSessions(server, { seed: 7, chairs: 1, scenario: 'mixed' });
    const [refused, ...retries] = server.attempts;
    expect(retries.slice(0, 3).every((attempt) => attempt.ids.slice(0, refused.ids.length).join() === refused.ids.join())).toBe(true);
    expect(messages.join('\n')).toMatch(/chair 1: sending vitals: archive-unavailable.*retrying/);
  });

  it('rides out a dropped connection (a server restart) and carries on', async () => {
    server = await startFakeChairside({ chairs: 1 });
    const fake = server;
    simulation = startSimulation(options(fake, { chairs: 1, speed: 2_000 }));
    await vi.waitFor(() => expect(fake.samples().length).toBeGreaterThan(20), { timeout: 5_000 });
    fake.dropConnections();
    await simulation.done;
    expectWholeSessions(fake, { seed: 7, chairs: 1, scenario: 'mixed' });
    expect(messages.join('\n')).toMatch(/vitals socket disconnected.*\n(.*\n)*.*vitals socket reconnected/);
  }, 30_000);

  it('aborts a session left open on its chair by an earlier run before seating its patient', async () => {
    server = await startFakeChairside({ chairs: 1 });
    const leftover = server.leaveSessionOpen(1);
    simulation = startSimulation(options(server, { chairs: 1 }));
    await simulation.done;
    expect(leftover).toMatchObject({ phase: 'aborted', abortReason: LEFTOVER_ABORT_REASON });
    expect(LEFTOVER_ABORT_REASON).toBe('left open by an earlier simulator run');
    expect(server.sessions.filter((s) => s.input.patient.clinicId === 'SIM-7-1-1')).toHaveLength(1);
    expect(messages.join('\n')).toMatch(/chair 1: aborting session .* \(pre-infusion\), left open by an earlier simulator run/);
    expect(errors()).toEqual([]);
  });

  it('takes patients with every kind of course through the API: side effects charted, pump paused and slowed', async () => {
    const chairs = 8;
    const seed = 18;
    const plans = Array.from({ length: chairs }, (_, i) => planVisit({ seed, chairId: i + 1, number: 1, scenario: 'mixed' }));
    // The seed gives this run every scenario, pauses, rate changes and a discharge override to check.
    expect(new Set(plans.map((p) => p.scenario)).size).toBe(5);
    expect(plans.some((p) => p.course.pump.some((a) => a.kind === 'pause'))).toBe(true);
    expect(plans.some((p) => p.course.pump.some((a) => a.kind === 'rate'))).toBe(true);
    expect(plans.some((p) => p.course.discharge.override)).toBe(true);
    server = await startFakeChairside({ chairs });
    simulation = startSimulation(options(server, { chairs, seed, transport: 'http' }));
    await simulation.done;
    expectWholeSessions(server, { seed, chairs, scenario: 'mixed' });
    expect(errors()).toEqual([]);
  });

  it('runs the nausea-episode course: ondansetron, pump paused 3–5 min, resumed at a reduced rate', async () => {
    server = await startFakeChairside({ chairs: 2 });
    simulation = startSimulation(options(server, { scenario: 'nausea-episode' }));
    await simulation.done;
    expectWholeSessions(server, { seed: 7, chairs: 2, scenario: 'nausea-episode' });
    for (const session of server.sessions) {
      const history = server.detail(session).history;
      const paused = history.find((h) => h.toPhase === 'paused')!;
      const resumed = history.find((h) => h.fromPhase === 'paused' && h.toPhase === 'infusing')!;
      const slowed = history.find((h) => h.kind === 'rate')!;
      expect(paused.reason).toBe('nausea');
      expect(history.indexOf(resumed)).toBeGreaterThan(history.indexOf(paused));
      expect(history.indexOf(slowed)).toBeGreaterThan(history.indexOf(resumed));
      const planned = planVisit({ seed: 7, chairId: session.chairId, number: 1, scenario: 'nausea-episode' });
      const initialRate = rateMgPerH(plannedDoseMg(session.input.weightKg, 0.5), 40 * 60);
      expect(slowed.rateMgPerH).toBe(Math.round(initialRate * RATE_REDUCTION * 10) / 10);
      const pausedSimMin = planned.course.pump[1].atMin - planned.course.pump[0].atMin;
      expect(pausedSimMin).toBeGreaterThanOrEqual(3);
      expect(pausedSimMin).toBeLessThanOrEqual(5);
      const ondansetron = server.observations().filter((o) => o.sessionId === session.id && o.intervention?.kind === 'ondansetron-4mg-iv');
      expect(ondansetron).toHaveLength(1);
      expect(Date.parse(ondansetron[0].observedAt!)).toBeLessThanOrEqual(Date.parse(paused.at) + 50);
    }
    expect(errors()).toEqual([]);
  });

  it('sends each action once in effect when an answer is lost, and each entry once when resent', async () => {
    server = await startFakeChairside({ chairs: 1 });
    server.loseNextAnswers(/\/transitions /, 2); // the start of the infusion and the move to recovery
    server.loseNextAnswers(/\/observations /, 1);
    server.loseNextAnswers(/\/pre-scores /, 1);
    server.loseNextAnswers(/\/discharge /, 1);
    simulation = startSimulation(options(server, { chairs: 1 }));
    await simulation.done;
    expectWholeSessions(server, { seed: 7, chairs: 1, scenario: 'mixed' });
    expect(server.calls.filter((c) => c.status === 503)).toHaveLength(5);
    expect(errors()).toEqual([]);
  });

  it('back-times a change it could only send late, after the server was unavailable for a while', async () => {
    server = await startFakeChairside({ chairs: 1 });
    const fake = server;
    fake.refuseNext(/transitions .*"to":"paused"/, { status: 503, message: 'restarting' }, 5); // about 8 s of retries
    simulation = startSimulation(options(fake, { chairs: 1, scenario: 'nausea-episode' }));
    await simulation.done;
    expectWholeSessions(fake, { seed: 7, chairs: 1, scenario: 'nausea-episode' });
    const pause = fake.calls.find((c) => c.applied && /"to":"paused"/.test(JSON.stringify(c.body)))!;
    const { at } = pause.body as { at: string };
    expect(pause.atMs - Date.parse(at)).toBeGreaterThan(5_000);
    const events = fake.sessions[0].events.map((e) => e.atMs);
    expect(events).toEqual([...events].sort((a, b) => a - b));
    expect(errors()).toEqual([]);
  }, 20_000);

  it('logs a lasting refusal as an error and aborts the session so that the chair is free for the next patient', async () => {
    server = await startFakeChairside({ chairs: 1 });
    const fake = server;
    fake.refuseNext(/\/transitions /, { status: 409, message: 'the infusion cannot start: no baseline' });
    simulation = startSimulation(options(fake, { chairs: 1, loop: true }));
    await vi.waitFor(() => expect(fake.sessions.filter((s) => s.phase === 'discharged').length).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
    await simulation.stop();
    expect(fake.sessions[0]).toMatchObject({ phase: 'aborted', abortReason: 'the simulator could not start the infusion' });
    expect(errors()).toEqual([expect.stringMatching(/chair 1: session .* to infusing refused: POST .*transitions: 409 the infusion cannot start: no baseline/)]);
  }, 15_000);

  it('moves on to the next patient when someone else closes the session mid-infusion', async () => {
    server = await startFakeChairside({ chairs: 1 });
    const fake = server;
    simulation = startSimulation(options(fake, { chairs: 1, loop: true, speed: 1_000 }));
    await vi.waitFor(() => expect(fake.sessions[0]?.phase).toBe('infusing'), { timeout: 5_000 });
    fake.abort(fake.sessions[0].id);
    await vi.waitFor(() => expect(fake.sessions.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await simulation.stop();
    expect(fake.sessions[1].input.patient.clinicId).toBe('SIM-7-1-2');
    expect(messages.join('\n')).toMatch(/chair 1: session .* was closed on the server by someone else; seating the next patient/);
    expect(errors()).toEqual([]);
  }, 20_000);

  it('charts the same entries with the same ids, but for the session id, on every run with the same seed', async () => {
    const runOnce = async () => {
      const fake = await startFakeChairside({ chairs: 2 });
      const run = startSimulation(options(fake));
      await run.done;
      await fake.close();
      return fake.sessions.flatMap((session) =>
        fake
          .observations()
          .filter((o) => o.sessionId === session.id)
          .map(({ id, observedAt: _at, receivedAtMs: _r, sessionId: _s, ...entry }) => ({ id: id.replace(session.id, '<session>'), ...entry })),
      );
    };
    const first = await runOnce();
    expect(first.length).toBeGreaterThan(0);
    expect(await runOnce()).toEqual(first);
  });

  it('in a loop, seats the next patient after a discharge, until stopped', async () => {
    server = await startFakeChairside({ chairs: 1 });
    const fake = server;
    simulation = startSimulation(options(fake, { chairs: 1, loop: true }));
    await vi.waitFor(() => expect(fake.sessions.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await simulation.stop();
    await expect(simulation.done).resolves.toBeUndefined();
    expect(fake.sessions[0].phase).toBe('discharged');
    expect(fake.sessions.map((s) => s.input.patient.clinicId).slice(0, 2)).toEqual(['SIM-7-1-1', 'SIM-7-1-2']);
  }, 15_000);

  it('staggers the chairs so they are at different moments of their sessions', async () => {
    server = await startFakeChairside({ chairs: 3 });
    const fake = server;
    simulation = startSimulation(options(fake, { chairs: 3, staggerS: 0.3 }));
    await simulation.done;
    const starts = [1, 2, 3].map((chairId) => fake.sessions.find((s) => s.chairId === chairId)!.startedAtMs);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(250);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(250);
  });
});
