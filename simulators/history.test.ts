import { describe, expect, it } from 'vitest';
import type { AlarmPage } from '../server/src/contract/alarms.ts';
import type { SessionPage } from '../server/src/contract/history.ts';
import { cookieOf, signedInAs, startTestApp, TEST_TOKEN } from '../tests/helpers.ts';
import { planHistory, seedHistory } from './history.ts';

const WEDNESDAY_NOON = Date.parse('2026-11-25T12:00:00Z');
const DAY = 86_400_000;

describe('planHistory', () => {
  const plan = planHistory({ days: 28, chairs: 8, endMs: WEDNESDAY_NOON });

  it('books weekdays before today only, in the clinic’s slots', () => {
    for (const { startMs } of plan) {
      const at = new Date(startMs);
      expect([1, 2, 3, 4, 5]).toContain(at.getUTCDay());
      expect(startMs).toBeLessThan(Date.parse('2026-11-25T00:00:00Z'));
      expect(startMs).toBeGreaterThanOrEqual(Date.parse('2026-10-28T00:00:00Z'));
      expect(['08:30', '10:15', '12:00', '13:45', '15:30']).toContain(at.toISOString().slice(11, 16));
    }
  });

  it('never seats two patients in one chair at once', () => {
    const seats = plan.map((a) => `${a.chairId}@${a.startMs}`);
    expect(new Set(seats).size).toBe(seats.length);
    expect(Math.max(...plan.map((a) => a.chairId))).toBeLessThanOrEqual(8);
  });

  it('gives each patient a series of up to six infusions, three a week over two weeks', () => {
    const first = plan.filter((a) => a.patient === 0);
    expect(first.map((a) => a.seriesNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    // From Wednesday 28 October: Wed, Fri, Tue, Wed, Fri, Tue.
    expect(first.map((a) => new Date(a.startMs).toISOString().slice(0, 10))).toEqual([
      '2026-10-28',
      '2026-10-30',
      '2026-11-03',
      '2026-11-04',
      '2026-11-06',
      '2026-11-10',
    ]);
    // The last patients to start are still in their series today.
    expect(plan.filter((a) => a.patient === 19).map((a) => a.seriesNumber)).toEqual([1]);
  });
});

describe('seedHistory', () => {
  it('replays a week of visits through the API: finished sessions with readings, side effects and acknowledged alarms', async () => {
    const clock = { t: WEDNESDAY_NOON };
    const t = await startTestApp({ now: () => clock.t });
    try {
      const seeded = await seedHistory({
        app: t.app,
        clock,
        token: TEST_TOKEN,
        nurseCookie: cookieOf('nurse'),
        chairs: 3,
        days: 7,
        seed: 5,
        endMs: WEDNESDAY_NOON,
      });
      const expected = planHistory({ days: 7, chairs: 3, endMs: WEDNESDAY_NOON });
      expect(seeded.sessions).toBe(expected.length);
      // A visit lasts some 80 min, a reading every 15 s.
      expect(seeded.readings).toBeGreaterThan(expected.length * 250);

      const get = async <T>(url: string) => (await t.app.inject({ method: 'GET', url, headers: signedInAs('supervisor') })).json() as T;
      const { sessions } = await get<SessionPage>('/api/sessions?limit=200&sort=oldest');
      expect(sessions.map((s) => s.startedAt)).toEqual(expected.map((a) => new Date(a.startMs).toISOString()));
      expect(sessions.every((s) => s.outcome === 'discharged')).toBe(true);
      // The same patient comes back for the next infusion of the series.
      const firstPatient = sessions.filter((s) => s.patient.id === sessions[0]!.patient.id);
      expect(firstPatient.map((s) => s.seriesNumber)).toEqual(expected.filter((a) => a.patient === 0).map((a) => a.seriesNumber));
      expect(sessions.some((s) => s.sideEffects > 0)).toBe(true);

      const { alarms } = await get<AlarmPage>('/api/alarms?limit=500');
      expect(alarms.length).toBeGreaterThan(0);
      expect(alarms.every((a) => a.clearedAt !== null)).toBe(true);
      // The nurse acknowledges what is still sounding when the readings come in.
      const acknowledged = alarms.filter((a) => a.acknowledgedAt !== null);
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(new Set(acknowledged.map((a) => [a.acknowledgedBy, a.priority !== 'low'].join()))).toEqual(new Set(['Test nurse,true']));
      // Every alarm sits within its session's week, not at the time the replay ran.
      expect(alarms.every((a) => Date.parse(a.raisedAt) < WEDNESDAY_NOON - 0.25 * DAY)).toBe(true);

      const board = await get<{ chairs: { activeSession: unknown }[] }>('/api/chairs');
      expect(board.chairs.every((c) => c.activeSession === null)).toBe(true);
    } finally {
      await t.close();
    }
  }, 120_000);
});
