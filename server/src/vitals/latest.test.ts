import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { deviceHeaders, freshDatabase, minutesAgo, signedInAs, testConfig } from '../../../tests/helpers.ts';

const db = freshDatabase();
afterEach(() => db.remove());

describe('the board rebuilt at start-up from the archive', () => {
  it('shows each vital’s newest value of the active session, and of an idle chair only what came after its last session', async () => {
    const app = await buildApp(testConfig(db.url));
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: deviceHeaders, payload });
    const start = async (chairId: number) =>
      (
        await post('/api/sessions', { chairId, patient: { clinicId: `L-${chairId}`, givenName: 'Lee', familyName: 'Test' }, weightKg: 70 })
      ).json().id as string;

    // Chair 1: an earlier, aborted session; then the current one, its BP 20 min ago and HR since.
    const earlier = await start(1);
    await post('/api/chairs/1/vitals', { recordedAt: minutesAgo(50), hr: 99, etco2: 38 });
    await post(`/api/sessions/${earlier}/transitions`, { to: 'aborted', reason: 'rescheduled' });
    await start(1);
    await post('/api/chairs/1/vitals', {
      samples: [
        { recordedAt: minutesAgo(20), sbp: 131, dbp: 79, hr: 70 },
        { recordedAt: minutesAgo(1), hr: 74 },
      ],
    });
    // Chair 2: unassigned samples before and after a session that ended.
    await post('/api/chairs/2/vitals', { recordedAt: minutesAgo(40), spo2: 91, rr: 20 });
    const ended = await start(2);
    await post('/api/chairs/2/vitals', { recordedAt: minutesAgo(30), spo2: 97 });
    await post(`/api/sessions/${ended}/transitions`, { to: 'aborted', reason: 'rescheduled' });
    await post('/api/chairs/2/vitals', { recordedAt: minutesAgo(0), spo2: 95 });

    const board = async (of: typeof app) => (await of.inject({ url: '/api/chairs', headers: signedInAs('nurse') })).json().chairs;
    const live = await board(app);
    await app.close();
    const restarted = await buildApp(testConfig(db.url));
    try {
      const rebuilt = await board(restarted);
      expect(rebuilt).toEqual(live);
      const [one, two] = rebuilt;
      // No EtCO₂ in this session: the earlier session's 38 is not this patient's.
      expect(Object.fromEntries(Object.entries(one.latest).map(([k, v]) => [k, (v as { value: number }).value]))).toEqual({
        hr: 74,
        sbp: 131,
        dbp: 79,
        map: expect.closeTo(96.3, 1),
      });
      expect(one.lastSampleAt).toBe(one.latest.hr.recordedAt);
      expect(two.activeSession).toBeNull();
      expect(Object.keys(two.latest)).toEqual(['spo2']);
      expect(two.latest.spo2.value).toBe(95);
    } finally {
      await restarted.close();
    }
  });
});
