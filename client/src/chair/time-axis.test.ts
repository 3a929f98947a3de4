import { describe, expect, it } from 'vitest';
import { sample } from '../live/test-fixtures.ts';
import { sampleTimeRange, sessionTimeAxis, timeTicks } from './time-axis.ts';

const start = Date.parse('2025-01-06T09:00:00Z');
const min = 60_000;

describe('sessionTimeAxis', () => {
  it('runs from the session start to now, moving on by the whole minute early on', () => {
    expect(sessionTimeAxis(start, start + 10_000, null)).toEqual([start, start + min]);
    expect(sessionTimeAxis(start, start + 4 * min + 10_000, null)).toEqual([start, start + 5 * min]);
    expect(sessionTimeAxis(start, start + 5 * min, null)).toEqual([start, start + 5 * min]);
  });

  it('moves on by five minutes in a longer session', () => {
    expect(sessionTimeAxis(start, start + 41 * min, null)).toEqual([start, start + 45 * min]);
  });

  it('is the same for every chart at the same moment, so a 5-minute BP lines up with the HR', () => {
    const hr = Array.from({ length: 300 }, (_, i) => sample(i + 1));
    const bp = [sample(1, { hr: null, sbp: 120 }), sample(300, { hr: null, sbp: 118 })];
    const now = start + 301_000;
    const axis = sessionTimeAxis(start, now, sampleTimeRange([...hr, ...bp]));
    expect(axis).toEqual([start, start + 6 * min]);
  });

  it('stretches to a sample outside the session time (a monitor clock running off)', () => {
    const early = sample(-30);
    const late = sample(200);
    const range = sampleTimeRange([late, early]);
    expect(range).toEqual([start - 30_000, start + 200_000]);
    expect(sessionTimeAxis(start, start + 60_000, range)).toEqual([start - 30_000, start + 200_000]);
  });

  it('has no sample range without samples', () => {
    expect(sampleTimeRange([])).toBeNull();
  });
});

describe('timeTicks', () => {
  const at = (h: number, m: number, s = 0) => new Date(2025, 0, 6, h, m, s).getTime();

  it('puts ticks on whole minutes of the clock within the axis', () => {
    expect(timeTicks([at(10, 3, 50), at(10, 9)])).toEqual([4, 5, 6, 7, 8, 9].map((m) => at(10, m)));
  });

  it('spaces them wider on a longer axis, on round times', () => {
    expect(timeTicks([at(10, 3, 50), at(10, 45)])).toEqual([10, 20, 30, 40].map((m) => at(10, m)));
    expect(timeTicks([at(9, 40), at(14, 10)])).toEqual([10, 11, 12, 13, 14].map((h) => at(h, 0)));
  });
});
