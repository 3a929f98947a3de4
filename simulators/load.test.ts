import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateSchedule } from './load.ts';

describe('RateSchedule', () => {
  it('offers chairs × rate messages a second, each chair once a period, evenly spaced', () => {
    const schedule = new RateSchedule(4, 2, 1000);
    // 4 chairs at 2 Hz: a message every 125 ms, chairs in turn.
    expect(schedule.take(1000)).toEqual([{ chair: 0, dueAt: 1000 }]);
    expect(schedule.take(1374)).toEqual([
      { chair: 1, dueAt: 1125 },
      { chair: 2, dueAt: 1250 },
    ]);
    expect(schedule.take(1375)).toEqual([{ chair: 3, dueAt: 1375 }]);
    expect(schedule.take(1500)).toEqual([{ chair: 0, dueAt: 1500 }]);
    expect(schedule.take(1500)).toEqual([]);
  });

  it('hands over every message missed while the sender was held up, once, oldest first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (chairs, perChairHz, gaps) => {
          const schedule = new RateSchedule(chairs, perChairHz, 0);
          const taken: { chair: number; dueAt: number }[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            const due = schedule.take(now);
            for (const message of due) expect(message.dueAt).toBeLessThanOrEqual(now);
            taken.push(...due);
          }
          const perMessageMs = 1000 / (chairs * perChairHz);
          // However the calls fall, the messages are the same: in turn, none skipped, none twice…
          taken.forEach((message, k) => {
            expect(message.chair).toBe(k % chairs);
            expect(message.dueAt).toBeCloseTo(k * perMessageMs, 6);
          });
          // …and none due by the last call left behind.
          expect(taken.length * perMessageMs).toBeGreaterThan(now - 1e-6);
        },
      ),
    );
  });
});
