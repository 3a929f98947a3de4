import { describe, expect, it } from 'vitest';
import { doseProgress, plannedDoseMg, rateMgPerH } from './dose.ts';

describe('planned dose and rate', () => {
  it.each([
    // weight kg, mg/kg, minutes, dose mg, rate mg/h
    [70, 0.5, 40, 35, 52.5], // the typical course: 0.5 mg/kg over 40 min
    [80, 0.5, 60, 40, 40],
    [62.4, 0.75, 45, 46.8, 62.4],
    [100, 1, 40, 100, 150],
    [45, 0.05, 5, 2.3, 27.6], // smallest dose, shortest infusion: 2.25 mg rounds to 2.3 mg
  ])('%s kg × %s mg/kg over %s min → %s mg at %s mg/h', (weight, dose, minutes, expectedDose, expectedRate) => {
    const mg = plannedDoseMg(weight, dose);
    expect(mg).toBe(expectedDose);
    expect(rateMgPerH(mg, minutes * 60)).toBe(expectedRate);
  });
});

describe('dose delivered so far', () => {
  const MIN = 60_000;
  const t0 = Date.parse('2026-11-25T10:00:00Z');
  const at = (minutes: number) => t0 + minutes * MIN;
  // 70 kg × 0.5 mg/kg = 35 mg over 40 min → 52.5 mg/h
  const planned = 35;
  const rate = 52.5;

  it('is nothing before the infusion starts', () => {
    expect(doseProgress(planned, rate, [{ at: at(0), phase: 'pre-infusion' }], at(10))).toEqual({
      deliveredMg: 0,
      percent: 0,
      remainingS: null,
    });
  });

  it('grows with the rate while infusing', () => {
    expect(doseProgress(planned, rate, [{ at: at(0), phase: 'infusing' }], at(20))).toEqual({
      deliveredMg: 17.5,
      percent: 50,
      remainingS: 1200,
    });
  });

  it('excludes paused time', () => {
    const events = [
      { at: at(0), phase: 'infusing' as const },
      { at: at(10), phase: 'paused' as const },
      { at: at(25), phase: 'infusing' as const },
    ];
    // 10 min before the pause + 5 min after = 15 min at 52.5 mg/h
    expect(doseProgress(planned, rate, events, at(30))).toEqual({ deliveredMg: 13.1, percent: 37.5, remainingS: 1500 });
    // While paused nothing is added and there is no time left to show.
    expect(doseProgress(planned, rate, events, at(20))).toEqual({ deliveredMg: 8.8, percent: 25, remainingS: null });
  });

  it('honours a rate change from the moment it is made', () => {
    const events = [
      { at: at(0), phase: 'infusing' as const },
      { at: at(20), rateMgPerH: 26.25 }, // halved after nausea
    ];
    // 20 min at 52.5 = 17.5 mg, then 20 min at 26.25 = 8.75 mg
    expect(doseProgress(planned, rate, events, at(40))).toEqual({ deliveredMg: 26.3, percent: 75, remainingS: 1200 });
  });

  it('stops at the planned dose, and at recovery', () => {
    expect(doseProgress(planned, rate, [{ at: at(0), phase: 'infusing' }], at(55))).toEqual({
      deliveredMg: 35,
      percent: 100,
      remainingS: null,
    });
    const stopped = [
      { at: at(0), phase: 'infusing' as const },
      { at: at(30), phase: 'recovery' as const },
    ];
    expect(doseProgress(planned, rate, stopped, at(60))).toEqual({ deliveredMg: 26.3, percent: 75, remainingS: null });
  });

  it('ignores events after now, in whatever order they come', () => {
    const events = [
      { at: at(30), phase: 'paused' as const },
      { at: at(0), phase: 'infusing' as const },
    ];
    expect(doseProgress(planned, rate, events, at(20)).deliveredMg).toBe(17.5);
  });
});
