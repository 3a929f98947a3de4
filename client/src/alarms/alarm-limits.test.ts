import { describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_PROFILE, RULE_IDS } from '../../../server/src/contract/alarms.ts';
import { customLimits, limitsForm, readLimits, ruleText, RULE_GROUPS, sessionLimitsRequest } from './alarm-limits.ts';

const clinic = DEFAULT_ALARM_PROFILE.limits;
const form = limitsForm(clinic);

describe('alarm rules on screen', () => {
  it('groups every rule under its parameter, in the order of the monitor', () => {
    expect(RULE_GROUPS.map((group) => group.label)).toEqual(['SBP', 'DBP', 'HR', 'SpO₂', 'RR', 'EtCO₂', 'MOAA/S']);
    expect(RULE_GROUPS.find((group) => group.parameter === 'sbp')?.rules).toEqual(['sbp-high', 'sbp-raised', 'sbp-rise', 'sbp-low']);
    expect(RULE_GROUPS.flatMap((group) => group.rules).sort()).toEqual([...RULE_IDS].sort());
  });

  it.each([
    ['sbp-raised', 175, 'SBP at or above 175 mmHg'],
    ['spo2-low', 91, 'SpO₂ at or below 91%'],
    ['hr-high', 131, 'HR at or above 131/min'],
    ['etco2-apnoea', 20, 'No CO₂ breath for 20 s'],
    ['sedation-deep', 2, 'MOAA/S at or below 2'],
  ] as const)('%s at %i reads “%s”', (id, limit, text) => expect(ruleText(id, limit)).toBe(text));
});

describe('reading typed limits', () => {
  it('reads every limit, a decimal comma as a point', () => {
    const read = readLimits({ ...form, 'sbp-raised': ' 165,5 ' });
    expect(read).toEqual({ ok: true, limits: { ...clinic, 'sbp-raised': 165.5 } });
  });

  it.each([
    ['empty', 'sbp-rise', ''],
    ['not a number', 'hr-low', 'forty'],
    ['below its range', 'etco2-apnoea', '5'],
    ['above its range', 'sedation-drop', '6'],
  ] as const)('names a limit %s as the server does', (_, id, text) => {
    const read = readLimits({ ...form, [id]: text });
    expect(read).toMatchObject({ ok: false, field: `limits.${id}`, message: expect.stringMatching(/^Enter a number from \d+ to \d+$/) });
  });

  it('refuses a high alarm inside its medium band, beside the outer limit', () => {
    expect(readLimits({ ...form, 'sbp-raised': '185' })).toEqual({
      ok: false,
      field: 'limits.sbp-high',
      message: 'Must be above 185, the medium alarm’s “SBP at or above”',
    });
    expect(readLimits({ ...form, 'hr-lowered': '40' })).toMatchObject({
      field: 'limits.hr-lowered',
      message: expect.stringContaining('high alarm'),
    });
  });
});

describe('a session’s limits', () => {
  it('lists the limits that differ from the clinic', () => {
    expect(customLimits(clinic, { 'sbp-raised': 175, 'hr-high': clinic['hr-high'] })).toEqual([
      { id: 'sbp-raised', clinic: 160, session: 175 },
    ]);
    expect(customLimits(clinic, {})).toEqual([]);
  });

  it('sends only the limits that differ from the clinic, with the reason', () => {
    const request = sessionLimitsRequest({ ...form, 'sbp-raised': '175' }, ' usual SBP 165 ', clinic, {});
    expect(request).toEqual({ ok: true, input: { limits: { 'sbp-raised': 175 }, reason: 'usual SBP 165' } });
  });

  it('keeps earlier changes still typed, and drops one set back to the clinic', () => {
    const current = { 'sbp-raised': 175, 'hr-raised': 120 };
    const typed = { ...form, ...limitsForm({ ...clinic, ...current }), 'hr-raised': String(clinic['hr-raised']), 'spo2-lowered': '92' };
    expect(sessionLimitsRequest(typed, 'anxious, HR settles', clinic, current)).toEqual({
      ok: true,
      input: { limits: { 'sbp-raised': 175, 'spo2-lowered': 92 }, reason: 'anxious, HR settles' },
    });
  });

  it.each([
    ['nothing changed', limitsForm({ ...clinic, 'sbp-raised': 175 }), 'why', { 'sbp-raised': 175 }, 'limits'],
    ['the clinic limits already in force', form, 'why', {}, 'limits'],
    ['no reason', limitsForm({ ...clinic, 'sbp-raised': 175 }), '  ', {}, 'reason'],
    ['limits out of order', { ...form, 'spo2-low': '95' }, 'why', {}, 'limits.spo2-lowered'],
  ])('refuses %s', (_, typed, reason, current, field) => {
    expect(sessionLimitsRequest(typed, reason, clinic, current)).toMatchObject({ ok: false, field });
  });
});
