import { describe, expect, it } from 'vitest';
import { assessDischarge } from './discharge.ts';

const aldrete = (activity: number, respiration: number, circulation: number, consciousness: number, spo2: number) => ({
  activity,
  respiration,
  circulation,
  consciousness,
  spo2,
});
const padss = (vitals: number, ambulation: number, nauseaVomiting: number, pain: number, bleeding: number) => ({
  vitals,
  ambulation,
  nauseaVomiting,
  pain,
  bleeding,
});

describe('discharge readiness (ready at 9 of 10)', () => {
  it.each([
    [aldrete(2, 2, 2, 2, 2), 10, true],
    [aldrete(2, 2, 2, 1, 2), 9, true],
    [aldrete(2, 2, 1, 1, 2), 8, false],
    [aldrete(0, 0, 0, 0, 0), 0, false],
  ])('Modified Aldrete %o → %i, ready %s', (scores, total, ready) => {
    expect(assessDischarge('aldrete', scores)).toEqual({ total, ready });
  });

  it.each([
    [padss(2, 2, 2, 2, 2), 10, true],
    [padss(2, 1, 2, 2, 2), 9, true],
    [padss(1, 1, 2, 2, 2), 8, false],
  ])('PADSS %o → %i, ready %s', (scores, total, ready) => {
    expect(assessDischarge('padss', scores)).toEqual({ total, ready });
  });

  it.each([
    [{ ...aldrete(2, 2, 2, 2, 2), spo2: 3 }, 'spo2'],
    [{ ...aldrete(2, 2, 2, 2, 2), activity: 1.5 }, 'activity'],
    [{ ...aldrete(2, 2, 2, 2, 2), consciousness: -1 }, 'consciousness'],
    [{ activity: 2, respiration: 2, circulation: 2, consciousness: 2 }, 'spo2'],
    [{ ...aldrete(2, 2, 2, 2, 2), ambulation: 2 }, 'ambulation'],
    [{ ...aldrete(2, 2, 2, 2, 2), toString: 1 }, 'toString'],
    [{ ...aldrete(2, 2, 2, 2, 2), '': 1 }, ''],
  ])('refuses %o naming %s', (scores, item) => {
    expect(assessDischarge('aldrete', scores)).toEqual({ invalid: item });
  });
});
