import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../server/src/contract/alarms.ts';
import { alarm, at } from '../live/test-fixtures.ts';
import { PATTERNS, soundPlan } from './sound.ts';

const NOW = Date.parse(at(4));
const silencedUntil = (minute: number) => ({ acknowledgedAt: at(3), acknowledgedBy: 'RN Jane Doe', silencedUntil: at(minute) });

describe('soundPlan', () => {
  it.each<[string, Alarm[], ReturnType<typeof soundPlan>]>([
    ['quiet with no alarm', [], null],
    ['a high alarm sounds high', [alarm('a', 1)], 'high'],
    ['the highest priority sounding wins', [alarm('l', 1, { priority: 'low' }), alarm('m', 2, { priority: 'medium' })], 'medium'],
    ['a silenced alarm is quiet', [alarm('a', 1, silencedUntil(5))], null],
    [
      'a silenced high alarm leaves a medium one sounding',
      [alarm('h', 1, silencedUntil(5)), alarm('m', 2, { priority: 'medium' })],
      'medium',
    ],
    ['it sounds again once its silence ended', [alarm('a', 1, silencedUntil(4))], 'high'],
    [
      'an escalation after an acknowledgement sounds (silence reset)',
      [alarm('a', 1, { acknowledgedAt: at(2), silencedUntil: null })],
      'high',
    ],
    ['a cleared alarm is quiet', [alarm('a', 1, { clearedAt: at(3) })], null],
  ])('%s', (_, alarms, plan) => expect(soundPlan(alarms, NOW)).toBe(plan));
});

describe('alarm patterns', () => {
  it('tell the priorities apart by pulse count and repeat, the high one the most insistent (IEC 60601-1-8 style)', () => {
    expect(PATTERNS.high.pulsesAt).toHaveLength(10);
    expect(PATTERNS.medium.pulsesAt).toHaveLength(3);
    expect(PATTERNS.low.pulsesAt.length).toBeLessThanOrEqual(2);
    expect(PATTERNS.high.repeatMs).toBeLessThan(PATTERNS.medium.repeatMs);
    expect(PATTERNS.medium.repeatMs).toBeLessThan(PATTERNS.low.repeatMs);
    for (const { pulsesAt, pulseS, repeatMs } of Object.values(PATTERNS)) {
      // A burst ends before the next starts, and its pulses do not overlap.
      expect((pulsesAt.at(-1)! + pulseS) * 1000).toBeLessThan(repeatMs);
      pulsesAt.slice(1).forEach((t, i) => expect(t - pulsesAt[i]!).toBeGreaterThan(pulseS));
    }
  });
});
