import { describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_PROFILE } from '../../../server/src/contract/alarms.ts';
import { fieldLabel, profileForm, profileRequest, TIMINGS } from './alarm-profile.ts';

const defaults = profileForm(DEFAULT_ALARM_PROFILE);

describe('alarm profile form', () => {
  it('saves what it was filled with', () => {
    expect(profileRequest(defaults)).toEqual({ ok: true, input: DEFAULT_ALARM_PROFILE });
  });

  it('sends a changed limit and changed timings', () => {
    const form = {
      limits: { ...defaults.limits, 'sbp-high': '190' },
      timings: { ...defaults.timings, 'delayS.medium': '20', silenceS: '60' },
    };
    expect(profileRequest(form)).toEqual({
      ok: true,
      input: {
        ...DEFAULT_ALARM_PROFILE,
        limits: { ...DEFAULT_ALARM_PROFILE.limits, 'sbp-high': 190 },
        delayS: { medium: 20, low: 10 },
        silenceS: 60,
      },
    });
  });

  it('takes the timings’ ranges from the contract', () => {
    expect(TIMINGS.map(({ field, range }) => [field, range])).toEqual([
      ['delayS.medium', [0, 60]],
      ['delayS.low', [0, 60]],
      ['silenceS', [30, 300]],
      ['staleS', [10, 600]],
    ]);
  });

  it.each([
    ['a delay in part seconds', 'delayS.low', '1.5'],
    ['a silence too short', 'silenceS', '10'],
    ['a stale time too long', 'staleS', '601'],
    ['an empty delay', 'delayS.medium', ''],
  ] as const)('names %s', (_, field, text) => {
    expect(profileRequest({ ...defaults, timings: { ...defaults.timings, [field]: text } })).toMatchObject({ ok: false, field });
  });

  it('checks the limits first, in order', () => {
    const form = { limits: { ...defaults.limits, 'rr-high': '20' }, timings: { ...defaults.timings, staleS: 'x' } };
    expect(profileRequest(form)).toMatchObject({ ok: false, field: 'limits.rr-high' });
  });

  it.each([
    ['limits.sbp-high', 'SBP at or above (high alarm)'],
    ['limits.etco2-apnoea', 'No CO₂ breath for (high alarm)'],
    ['silenceS', 'Silence time (s)'],
    ['body', 'body'],
  ])('names %s “%s” when it stops the save', (field, label) => expect(fieldLabel(field)).toBe(label));
});
