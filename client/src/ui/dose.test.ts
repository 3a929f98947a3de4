import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { session } from '../live/test-fixtures.ts';
import { sessionDose } from '../../../server/src/clinical/dose.ts';
import { doseText } from './dose.ts';

const T0 = Date.parse('2025-01-06T09:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const MIN = 60_000;

/** 40 mg over 40 min (60 mg/h), the pump started at 09:00. */
const infusing = (pumpEvents: SessionSummary['pumpEvents'], change: Partial<SessionSummary> = {}) =>
  session('s1', 1, { pumpEvents, ...change });

describe('sessionDose', () => {
  it('counts the dose while the pump runs, from the ISO times of the pump events', () => {
    expect(sessionDose(infusing([{ at: at(0), phase: 'infusing' }]), T0 + 10 * MIN)).toEqual({
      deliveredMg: 10,
      percent: 25,
      remainingS: 1800,
    });
  });

  it('leaves paused time out and follows rate changes', () => {
    const events: SessionSummary['pumpEvents'] = [
      { at: at(0), phase: 'infusing' },
      { at: at(10), phase: 'paused' },
      { at: at(20), phase: 'infusing' },
      { at: at(20), rateMgPerH: 30 },
    ];
    // 10 min at 60 mg/h, 10 min paused, 20 min at 30 mg/h.
    expect(sessionDose(infusing(events, { rateMgPerH: 30 }), T0 + 40 * MIN)).toMatchObject({ deliveredMg: 20, percent: 50 });
  });

  it('has delivered nothing before the infusion starts, and has no time left while not running', () => {
    expect(sessionDose(infusing([{ at: at(0), phase: 'pre-infusion' }], { phase: 'pre-infusion' }), T0 + 5 * MIN)).toEqual({
      deliveredMg: 0,
      percent: 0,
      remainingS: null,
    });
  });

  it('stops at the end of a closed session', () => {
    const ended = infusing(
      [
        { at: at(0), phase: 'infusing' },
        { at: at(20), phase: 'aborted' },
      ],
      { phase: 'aborted', endedAt: at(20) },
    );
    expect(sessionDose(ended, T0 + 60 * MIN).deliveredMg).toBe(20);
  });
});

describe('doseText', () => {
  it('reads delivered X of Y mg (Z %)', () => {
    expect(doseText({ deliveredMg: 12.46, percent: 31.2, remainingS: 100 }, 40)).toBe('delivered 12.5 of 40 mg (31.2 %)');
  });
});
