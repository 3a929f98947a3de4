/**
 * The simulator against the real app (not the fake): every scenario's whole course, through the
 * API, read back as a nurse sees it. Checks that the fake server and the real one agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannedDoseMg, rateMgPerH } from '../server/src/clinical/dose.ts';
import type { Observation } from '../server/src/contract/observations.ts';
import type { SessionDetail } from '../server/src/contract/sessions.ts';
import type { VitalSample } from '../server/src/contract/vitals.ts';
import { listen, signedInAs, startTestApp, TEST_TOKEN } from '../tests/helpers.ts';
import { LEFTOVER_ABORT_REASON, planVisit } from './chair-simulator.ts';
import { DEFAULT_CADENCE, sessionSamples } from './physiology.ts';
import { startSimulation } from './simulation.ts';

const CHAIRS = 8;
/** A seed whose first patients take every scenario, with pauses, rate changes and an override. */
const SEED = 18;
const SPEED = 2_000;

let t: Awaited<ReturnType<typeof startTestApp>>;
let url: string;
const messages: string[] = [];
const log = { info: (m: string) => messages.push(m), warn: (m: string) => messages.push(`warn: ${m}`), error: (m: string) => messages.push(`error: ${m}`) };

beforeAll(async () => {
  t = await startTestApp({ chairCount: CHAIRS });
  url = await listen(t.app);
});
afterAll(async () => {
  await t?.close();
});

async function read<T>(url: string): Promise<T> {
  const response = await t.app.inject({ method: 'GET', url, headers: signedInAs('nurse') });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as T;
}

describe('the simulator against the real server', () => {
  it('takes every chair through a whole session: pre scores and baseline, side effects, pump changes, recovery, discharge', async () => {
    // An earlier run's session, left open on chair 1.
    const leftover = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
      payload: { chairId: 1, patient: { clinicId: 'EARLIER-RUN', givenName: 'Earlier', familyName: 'Run' }, weightKg: 70 },
    });
    expect(leftover.statusCode).toBe(201);

    const simulation = startSimulation({ url, token: TEST_TOKEN, chairs: CHAIRS, speed: SPEED, scenario: 'mixed', seed: SEED, loop: false, staggerS: 0, log });
    await simulation.done;
    expect(messages.filter((m) => m.startsWith('error:'))).toEqual([]);

    const aborted = await read<SessionDetail>(`/api/sessions/${leftover.json<SessionDetail>().id}`);
    expect(aborted).toMatchObject({ phase: 'aborted', abortReason: LEFTOVER_ABORT_REASON });

    const opened = messages.map((m) => /^chair (\d+): session (\S+) opened/.exec(m)).filter((m) => m !== null);
    expect(opened).toHaveLength(CHAIRS);
    for (const [, chair, sessionId] of opened) {
      const planned = planVisit({ seed: SEED, chairId: Number(chair), number: 1, scenario: 'mixed' });
      const session = await read<SessionDetail>(`/api/sessions/${sessionId}`);
      expect(session.phase).toBe('discharged');
      expect(session).toMatchObject({ painBefore: planned.course.preScores.painBefore, sedationBefore: 5 });
      expect(session.baseline).toMatchObject({ sbp: expect.any(Number), dbp: expect.any(Number), hr: expect.any(Number) });

      let rate = rateMgPerH(plannedDoseMg(planned.session.weightKg, 0.5), 40 * 60);
      const expected: [string, string | null][] = [['pre-infusion', null], ['infusing', null]];
      for (const pump of planned.course.pump) {
        if (pump.kind === 'pause') expected.push(['paused', pump.reason]);
        else if (pump.kind === 'resume') expected.push(['infusing', pump.reason]);
        else expected.push([`rate ${(rate = Math.round(rate * pump.factor * 10) / 10)}`, pump.reason]);
      }
      expected.push(['recovery', 'planned dose delivered'], ['discharged', planned.course.discharge.override ?? null]);
      expect(session.history.map((h) => [h.kind === 'rate' ? `rate ${h.rateMgPerH}` : h.toPhase!, h.reason])).toEqual(expected);

      const total = Object.values(planned.course.discharge.scores).reduce((a, b) => a + b, 0);
      expect(session.discharge).toEqual({ scale: 'aldrete', score: total, override: planned.course.discharge.override ?? null, painAfter: planned.course.discharge.painAfter });

      const { observations } = await read<{ observations: Observation[] }>(`/api/sessions/${sessionId}/observations`);
      expect(observations.map((o) => o.clientId)).toEqual(planned.course.observations.map((o) => `sim-${SEED}-c${chair}-${sessionId}-${o.key}`));
      expect(observations.map((o) => [o.kind, o.severity, o.sedationScore, o.intervention?.kind ?? null])).toEqual(
        planned.course.observations.map((o) => [o.entry.kind, o.entry.severity, o.entry.sedationScore ?? null, o.entry.intervention?.kind ?? null]),
      );

      const { samples } = await read<{ samples: VitalSample[] }>(`/api/sessions/${sessionId}/vitals`);
      expect(samples).toHaveLength([...sessionSamples(planned.model, DEFAULT_CADENCE)].length);
    }
    // Every scenario was in the run.
    expect(new Set(opened.map(([, chair]) => planVisit({ seed: SEED, chairId: Number(chair), number: 1, scenario: 'mixed' }).scenario)).size).toBe(5);
  }, 60_000);

  it('seats nobody at a chair out of service: the patient waits until an admin puts it back', async () => {
    const setService = (inService: boolean) =>
      t.app.inject({ method: 'PATCH', url: '/api/chairs/1', headers: signedInAs('admin'), payload: { inService } });
    expect((await setService(false)).statusCode).toBe(200);
    messages.length = 0;
    const simulation = startSimulation({ url, token: TEST_TOKEN, chairs: 1, speed: SPEED, scenario: 'routine', seed: SEED, loop: false, staggerS: 0, log });
    await expect.poll(() => messages).toContain('warn: chair 1: out of service; the next patient waits until it is back');
    expect(messages.some((m) => / opened/.test(m))).toBe(false);
    expect((await setService(true)).statusCode).toBe(200);
    await simulation.done;
    expect(messages.filter((m) => m.startsWith('error:'))).toEqual([]);
    expect(messages.filter((m) => /^chair 1: session \S+ (opened|discharged)/.test(m))).toHaveLength(2);
  }, 60_000);
});
