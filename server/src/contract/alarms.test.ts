import { describe, expect, it } from 'vitest';
import { compileStrict } from '../plugins/validation.ts';
import {
  ALARM_RULES,
  AlarmProfileInput,
  byUrgency,
  checkLimitOrder,
  DEFAULT_ALARM_PROFILE,
  effectiveLimits,
  isSounding,
  PRIORITY_MARKER,
  RULE_IDS,
  type Alarm,
  type AlarmLimits,
  type AlarmPriority,
  type RuleId,
} from './alarms.ts';

// Every number below is read off the default ketamine alarm profile (clinical reference §4,
// docs/clinical.md) and the alarm presentation (§5).

describe('default ketamine profile (§4)', () => {
  it.each<[RuleId, string, AlarmPriority, number]>([
    ['sbp-high', 'sbp', 'high', 180],
    ['sbp-raised', 'sbp', 'medium', 160],
    ['sbp-rise', 'sbp', 'medium', 40],
    ['sbp-low', 'sbp', 'high', 90],
    ['dbp-high', 'dbp', 'high', 110],
    ['dbp-raised', 'dbp', 'medium', 100],
    ['dbp-rise', 'dbp', 'medium', 25],
    ['hr-high', 'hr', 'high', 131],
    ['hr-raised', 'hr', 'medium', 111],
    ['hr-lowered', 'hr', 'medium', 50],
    ['hr-low', 'hr', 'high', 40],
    ['spo2-lowered', 'spo2', 'medium', 93],
    ['spo2-low', 'spo2', 'high', 91],
    ['rr-high', 'rr', 'high', 25],
    ['rr-raised', 'rr', 'medium', 21],
    ['rr-lowered', 'rr', 'medium', 11],
    ['rr-low', 'rr', 'high', 8],
    ['etco2-raised', 'etco2', 'medium', 50],
    ['etco2-lowered', 'etco2', 'medium', 15],
    ['etco2-apnoea', 'etco2', 'high', 20],
    ['sedation-drop', 'sedation', 'medium', 1],
    ['sedation-deep', 'sedation', 'high', 2],
  ])('%s: %s, %s, limit %s', (id, parameter, priority, limit) => {
    expect(DEFAULT_ALARM_PROFILE.limits[id]).toBe(limit);
    expect(ALARM_RULES[id]).toMatchObject({ parameter, priority, limit });
  });

  it('has exactly those 22 rules', () => {
    expect(Object.keys(DEFAULT_ALARM_PROFILE.limits)).toHaveLength(22);
    expect(RULE_IDS).toHaveLength(22);
  });

  it('stale after 30 s, a 10 s nuisance delay for medium and low (high never waits), silence 120 s', () => {
    expect(DEFAULT_ALARM_PROFILE.staleS).toBe(30);
    expect(DEFAULT_ALARM_PROFILE.delayS).toEqual({ medium: 10, low: 10 });
    expect(DEFAULT_ALARM_PROFILE.silenceS).toBe(120);
  });

  it('is a valid profile: passes the schema and keeps every limit in order', () => {
    expect(compileStrict(AlarmProfileInput)(DEFAULT_ALARM_PROFILE)).toBe(true);
    expect(checkLimitOrder(DEFAULT_ALARM_PROFILE.limits)).toBeNull();
  });

  it.each(RULE_IDS)('%s: default lies inside what may be set', (id) => {
    const [min, max] = ALARM_RULES[id].range;
    expect(ALARM_RULES[id].limit).toBeGreaterThanOrEqual(min);
    expect(ALARM_RULES[id].limit).toBeLessThanOrEqual(max);
  });

  it('marks high ***, medium **, low * (§5: colour is never the only cue)', () => {
    expect(PRIORITY_MARKER).toEqual({ high: '***', medium: '**', low: '*' });
  });
});

describe('limits out of order are refused, naming the limit', () => {
  const withLimit = (id: RuleId, value: number): AlarmLimits => ({ ...DEFAULT_ALARM_PROFILE.limits, [id]: value });

  it.each<[RuleId, number, string]>([
    ['sbp-high', 150, 'limits.sbp-high (150) must be above limits.sbp-raised (160)'],
    ['sbp-high', 160, 'limits.sbp-high (160) must be above limits.sbp-raised (160)'],
    ['sbp-raised', 90, 'limits.sbp-raised (90) must be above limits.sbp-low (90)'],
    ['dbp-high', 100, 'limits.dbp-high (100) must be above limits.dbp-raised (100)'],
    ['hr-lowered', 40, 'limits.hr-lowered (40) must be above limits.hr-low (40)'],
    ['hr-raised', 50, 'limits.hr-raised (50) must be above limits.hr-lowered (50)'],
    ['hr-high', 111, 'limits.hr-high (111) must be above limits.hr-raised (111)'],
    ['spo2-lowered', 91, 'limits.spo2-lowered (91) must be above limits.spo2-low (91)'],
    ['rr-lowered', 8, 'limits.rr-lowered (8) must be above limits.rr-low (8)'],
    ['rr-raised', 11, 'limits.rr-raised (11) must be above limits.rr-lowered (11)'],
    ['rr-high', 21, 'limits.rr-high (21) must be above limits.rr-raised (21)'],
    ['etco2-raised', 15, 'limits.etco2-raised (15) must be above limits.etco2-lowered (15)'],
  ])('%s %s → refused', (id, value, message) => {
    expect(checkLimitOrder(withLimit(id, value))).toEqual({ field: `limits.${id}`, message });
  });

  it('SpO₂ low limit raised to 94, above the medium 93 → refused (names the pair)', () => {
    expect(checkLimitOrder(withLimit('spo2-low', 94))).toEqual({
      field: 'limits.spo2-lowered',
      message: 'limits.spo2-lowered (93) must be above limits.spo2-low (94)',
    });
  });

  it('a nurse’s SBP medium limit of 185 for one patient lands above the high 180 → refused', () => {
    expect(checkLimitOrder(effectiveLimits(DEFAULT_ALARM_PROFILE.limits, { 'sbp-raised': 185 }))).toMatchObject({
      field: 'limits.sbp-high',
    });
  });

  it('limits still in order are accepted: SBP medium 175, HR low 35, SpO₂ low 88', () => {
    expect(checkLimitOrder(effectiveLimits(DEFAULT_ALARM_PROFILE.limits, { 'sbp-raised': 175, 'hr-low': 35, 'spo2-low': 88 }))).toBeNull();
  });

  it('the baseline, apnoea and sedation limits stand outside any order', () => {
    expect(checkLimitOrder(withLimit('sbp-rise', 100))).toBeNull();
    expect(checkLimitOrder(withLimit('etco2-apnoea', 60))).toBeNull();
    expect(checkLimitOrder(withLimit('sedation-deep', 0))).toBeNull();
  });
});

describe('effective limits', () => {
  it('the session’s overrides replace the clinic limits, the rest stay', () => {
    const limits = effectiveLimits(DEFAULT_ALARM_PROFILE.limits, { 'sbp-raised': 175 });
    expect(limits['sbp-raised']).toBe(175);
    expect(limits['sbp-high']).toBe(180);
    expect(limits['spo2-low']).toBe(91);
  });
});

const T0 = Date.parse('2026-11-25T10:00:00Z');
const iso = (offsetS: number) => new Date(T0 + offsetS * 1000).toISOString();

describe('does the alarm sound?', () => {
  it.each<[string, string | null, string | null, boolean]>([
    ['active, never silenced', null, null, true],
    ['silenced until 60 s from now', iso(60), null, false],
    ['silence ends now', iso(0), null, true],
    ['silence ended 1 s ago', iso(-1), null, true],
    ['cleared', null, iso(-5), false],
    ['cleared while silenced', iso(60), iso(-5), false],
  ])('%s → %s', (_case, silencedUntil, clearedAt, sounding) => {
    expect(isSounding({ silencedUntil, clearedAt }, T0)).toBe(sounding);
  });
});

describe('most urgent first', () => {
  const alarm = (id: string, priority: AlarmPriority, raisedAgoS: number): Alarm => ({
    id,
    chairId: 1,
    sessionId: 's1',
    condition: id,
    rule: id,
    parameter: 'sbp',
    kind: 'physiological',
    priority,
    value: null,
    limit: null,
    message: id,
    raisedAt: iso(-raisedAgoS),
    escalatedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    silencedUntil: null,
    clearedAt: null,
  });

  it('high before medium before low; the longest standing first within a priority', () => {
    const alarms = [
      alarm('low-old', 'low', 600),
      alarm('medium-new', 'medium', 10),
      alarm('high-new', 'high', 5),
      alarm('medium-old', 'medium', 300),
      alarm('high-old', 'high', 120),
      alarm('low-new', 'low', 1),
    ];
    expect(alarms.sort(byUrgency).map((a) => a.id)).toEqual(['high-old', 'high-new', 'medium-old', 'medium-new', 'low-old', 'low-new']);
  });
});
