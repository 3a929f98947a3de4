import { describe, expect, it } from 'vitest';
import { VITALS } from '../../../server/src/contract/vitals.ts';
import { checkEntry, confirmationKey, isUnusual, UNUSUAL } from './vitals-entry.ts';

const none = new Set<string>();

describe('checkEntry', () => {
  it('gives the values of a usual set, the empty inputs left out', () => {
    expect(checkEntry({ sbp: '128', dbp: '82', hr: '72', spo2: '98', rr: '', tempC: '36,8' }, none)).toEqual({
      kind: 'ready',
      values: { sbp: 128, dbp: 82, hr: 72, spo2: 98, tempC: 36.8 },
      minutesAgo: 0,
    });
  });

  it('refuses an impossible value, naming the input and the range', () => {
    expect(checkEntry({ sbp: '400' }, none)).toEqual({
      kind: 'refused',
      issue: { field: 'sbp', message: 'SBP 400 is impossible (40–300 mmHg)' },
    });
    expect(checkEntry({ spo2: '101' }, none)).toMatchObject({ kind: 'refused', issue: { field: 'spo2' } });
    expect(checkEntry({ hr: 'abc' }, none)).toMatchObject({
      kind: 'refused',
      issue: { field: 'hr', message: 'HR: “abc” is not a number' },
    });
  });

  it('refuses a diastolic at or above the systolic, an empty set and a wrong back-time', () => {
    expect(checkEntry({ sbp: '120', dbp: '120' }, none)).toMatchObject({ kind: 'refused', issue: { field: 'dbp' } });
    expect(checkEntry({ sbp: '', hr: ' ' }, none)).toMatchObject({ kind: 'refused', issue: { field: 'entry' } });
    expect(checkEntry({ hr: '70', minutesAgo: '2.5' }, none)).toMatchObject({ kind: 'refused', issue: { field: 'minutesAgo' } });
    expect(checkEntry({ hr: '70', minutesAgo: '5' }, none)).toMatchObject({ kind: 'ready', minutesAgo: 5 });
  });

  it('asks to confirm each unusual value, and saves once those very values are confirmed', () => {
    const typed = { sbp: '230', dbp: '100', hr: '35' };
    const first = checkEntry(typed, none);
    expect(first).toEqual({
      kind: 'confirm',
      unusual: [
        { field: 'sbp', key: 'sbp=230', message: 'SBP 230 — confirm?' },
        { field: 'hr', key: 'hr=35', message: 'HR 35 — confirm?' },
      ],
    });
    const confirmed = new Set(first.kind === 'confirm' ? first.unusual.map((u) => u.key) : []);
    expect(checkEntry(typed, confirmed)).toMatchObject({ kind: 'ready', values: { sbp: 230, hr: 35 } });
    // A changed value is asked about again: a confirmation is never carried over to another number.
    expect(checkEntry({ ...typed, sbp: '240' }, confirmed)).toEqual({
      kind: 'confirm',
      unusual: [{ field: 'sbp', key: confirmationKey('sbp', 240), message: 'SBP 240 — confirm?' }],
    });
  });
});

describe('the unusual-value table', () => {
  it.each([
    ['sbp', 221, true],
    ['sbp', 220, false],
    ['sbp', 79, true],
    ['sbp', 80, false],
    ['hr', 151, true],
    ['hr', 39, true],
    ['hr', 40, false],
    ['spo2', 84, true],
    ['spo2', 85, false],
    ['rr', 36, true],
    ['rr', 5, true],
    ['rr', 6, false],
    ['tempC', 40.1, true],
    ['tempC', 34.9, true],
    ['tempC', 37, false],
  ] as const)('%s %d unusual: %s', (vital, value, unusual) => expect(isUnusual(vital, value)).toBe(unusual));

  it('lies inside what the contract accepts: an impossible value is refused, never merely confirmed', () => {
    for (const [vital, limits] of Object.entries(UNUSUAL)) {
      const { min, max } = VITALS[vital as keyof typeof VITALS];
      for (const limit of [limits.below, limits.above]) if (limit !== undefined) expect(limit > min && limit < max).toBe(true);
    }
  });
});
