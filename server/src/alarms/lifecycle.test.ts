import { describe, expect, it } from 'vitest';
import type { AlarmPriority } from '../contract/alarms.ts';
import type { Breach } from './evaluate.ts';
import { reconcile } from './lifecycle.ts';

// Alarm lifecycle (clinical reference §4–§5): a high condition alarms at once; a medium or low one
// only once it has lasted the clinic's delay; a worse value escalates, a better one never lowers
// an active alarm; the alarm clears when its condition ends.

const T0 = Date.parse('2026-11-25T10:00:00Z');
const S = 1000;
const DELAY_10 = { medium: 10, low: 10 };
const NO_DELAY = { medium: 0, low: 0 };

const SBP_170: Breach = {
  condition: 'sbp-above',
  rule: 'sbp-raised',
  parameter: 'sbp',
  kind: 'physiological',
  priority: 'medium',
  value: 170,
  limit: 160,
  message: 'SBP 170 > 160',
};
const SBP_186: Breach = { ...SBP_170, rule: 'sbp-high', priority: 'high', value: 186, limit: 180, message: 'SBP 186 > 180' };
const SPO2_89: Breach = {
  condition: 'spo2-below',
  rule: 'spo2-low',
  parameter: 'spo2',
  kind: 'physiological',
  priority: 'high',
  value: 89,
  limit: 91,
  message: 'SpO₂ 89 < 91',
};
const SPO2_92: Breach = { ...SPO2_89, rule: 'spo2-lowered', priority: 'medium', value: 92, limit: 93, message: 'SpO₂ 92 < 93' };
const STALE: Breach = {
  condition: 'stale',
  rule: 'stale',
  parameter: 'device',
  kind: 'technical',
  priority: 'low',
  value: 30,
  limit: 30,
  message: 'No data for 30 s',
};
const DISCONNECTED: Breach = {
  ...STALE,
  condition: 'disconnected',
  rule: 'disconnected',
  value: null,
  limit: null,
  message: 'Monitor 3 disconnected',
};

interface ActiveAlarm {
  id: string;
  condition: string;
  priority: AlarmPriority;
}
const alarm = (id: string, condition: string, priority: AlarmPriority): ActiveAlarm => ({ id, condition, priority });
const activeOf = (...alarms: ActiveAlarm[]) => new Map(alarms.map((a) => [a.condition, a]));
const NONE_ACTIVE = new Map<string, ActiveAlarm>();
const NONE_PENDING = new Map<string, number>();
const NOTHING = { raise: [], escalate: [], clear: [], pending: new Map() };

describe('a new condition', () => {
  it('high → raised at once, even with a 10 s delay for medium and low', () => {
    expect(reconcile(NONE_ACTIVE, NONE_PENDING, [SBP_186], T0, DELAY_10)).toEqual({ ...NOTHING, raise: [SBP_186] });
  });

  it('medium with a 10 s delay → waits, from now', () => {
    expect(reconcile(NONE_ACTIVE, NONE_PENDING, [SBP_170], T0, DELAY_10)).toEqual({ ...NOTHING, pending: new Map([['sbp-above', T0]]) });
  });

  it('medium still breaching at 9.999 s → still waiting, from when it began', () => {
    const pending = new Map([['sbp-above', T0]]);
    expect(reconcile(NONE_ACTIVE, pending, [SBP_170], T0 + 9_999, DELAY_10)).toEqual({ ...NOTHING, pending: new Map([['sbp-above', T0]]) });
  });

  it('medium still breaching at 10 s → raised, no longer waiting', () => {
    const pending = new Map([['sbp-above', T0]]);
    expect(reconcile(NONE_ACTIVE, pending, [SBP_170], T0 + 10 * S, DELAY_10)).toEqual({ ...NOTHING, raise: [SBP_170] });
  });

  it('waiting medium that stops breaching → dropped, never raised', () => {
    const pending = new Map([['sbp-above', T0]]);
    expect(reconcile(NONE_ACTIVE, pending, [], T0 + 5 * S, DELAY_10)).toEqual(NOTHING);
  });

  it('waiting medium that turns high → raised at once', () => {
    const pending = new Map([['sbp-above', T0]]);
    expect(reconcile(NONE_ACTIVE, pending, [SBP_186], T0 + 3 * S, DELAY_10)).toEqual({ ...NOTHING, raise: [SBP_186] });
  });

  it('medium with no delay (the default) → raised at once', () => {
    expect(reconcile(NONE_ACTIVE, NONE_PENDING, [SBP_170], T0, NO_DELAY)).toEqual({ ...NOTHING, raise: [SBP_170] });
  });

  it('technical (low) with a 10 s delay → waits, raised at 10 s', () => {
    const first = reconcile(NONE_ACTIVE, NONE_PENDING, [DISCONNECTED], T0, DELAY_10);
    expect(first).toEqual({ ...NOTHING, pending: new Map([['disconnected', T0]]) });
    expect(reconcile(NONE_ACTIVE, first.pending, [DISCONNECTED], T0 + 9_999, DELAY_10)).toEqual({
      ...NOTHING,
      pending: new Map([['disconnected', T0]]),
    });
    expect(reconcile(NONE_ACTIVE, first.pending, [DISCONNECTED], T0 + 10 * S, DELAY_10)).toEqual({ ...NOTHING, raise: [DISCONNECTED] });
  });

  it('stale never waits: its 30 s without data is its delay', () => {
    expect(reconcile(NONE_ACTIVE, NONE_PENDING, [STALE], T0, DELAY_10)).toEqual({ ...NOTHING, raise: [STALE] });
  });

  it('each priority waits its own delay: medium 0 s raises now, low 10 s waits', () => {
    expect(reconcile(NONE_ACTIVE, NONE_PENDING, [SBP_170, DISCONNECTED], T0, { medium: 0, low: 10 })).toEqual({
      ...NOTHING,
      raise: [SBP_170],
      pending: new Map([['disconnected', T0]]),
    });
  });
});

describe('an active alarm', () => {
  it('medium, now breached at high → escalated', () => {
    const sbp = alarm('a1', 'sbp-above', 'medium');
    expect(reconcile(activeOf(sbp), NONE_PENDING, [SBP_186], T0, DELAY_10)).toEqual({
      ...NOTHING,
      escalate: [{ alarm: sbp, breach: SBP_186 }],
    });
  });

  it('high, now breached at medium → unchanged (never lowered while active)', () => {
    const sbp = alarm('a1', 'sbp-above', 'high');
    expect(reconcile(activeOf(sbp), NONE_PENDING, [SBP_170], T0, DELAY_10)).toEqual(NOTHING);
  });

  it('breached at the same priority → unchanged, and never waits again', () => {
    const sbp = alarm('a1', 'sbp-above', 'medium');
    expect(reconcile(activeOf(sbp), NONE_PENDING, [SBP_170], T0, DELAY_10)).toEqual(NOTHING);
  });

  it('no longer breached → cleared', () => {
    const sbp = alarm('a1', 'sbp-above', 'high');
    expect(reconcile(activeOf(sbp), NONE_PENDING, [], T0, DELAY_10)).toEqual({ ...NOTHING, clear: [sbp] });
  });

  it('stale, no longer breached → cleared', () => {
    const stale = alarm('a2', 'stale', 'low');
    expect(reconcile(activeOf(stale), NONE_PENDING, [], T0, DELAY_10)).toEqual({ ...NOTHING, clear: [stale] });
  });
});

describe('several conditions at once, each on its own', () => {
  it('a worse SBP escalates, a new low SpO₂ raises, a normal HR clears', () => {
    const sbp = alarm('a1', 'sbp-above', 'medium');
    const hr = alarm('a2', 'hr-below', 'medium');
    const changes = reconcile(activeOf(sbp, hr), NONE_PENDING, [SBP_186, SPO2_89], T0, DELAY_10);
    expect(changes).toEqual({ raise: [SPO2_89], escalate: [{ alarm: sbp, breach: SBP_186 }], clear: [hr], pending: new Map() });
  });

  it('a new medium SpO₂ waits while a new high SBP raises', () => {
    expect(reconcile(NONE_ACTIVE, NONE_PENDING, [SBP_186, SPO2_92], T0, DELAY_10)).toEqual({
      ...NOTHING,
      raise: [SBP_186],
      pending: new Map([['spo2-below', T0]]),
    });
  });
});
