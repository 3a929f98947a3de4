import { describe, expect, it } from 'vitest';
import { plannedDoseMg, rateMgPerH } from './dose.ts';

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
