import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../server/src/contract/alarms.ts';
import { alarm, at, chair, session } from '../live/test-fixtures.ts';
import { formatClockTime } from '../ui/format.ts';
import { acknowledgementNote, alarmBarRows, isSilenced, worstPriority } from './alarm-view.ts';

const NOW = Date.parse(at(4));
const clock = (minute: number) => formatClockTime(Date.parse(at(minute)));

describe('worstPriority', () => {
  it.each<[Alarm['priority'][], Alarm['priority'] | null]>([
    [[], null],
    [['low'], 'low'],
    [['low', 'high', 'medium'], 'high'],
    [['medium', 'low'], 'medium'],
  ])('%o → %s', (priorities, worst) => expect(worstPriority(priorities.map((priority, i) => alarm(`a${i}`, i, { priority })))).toBe(worst));
});

describe('acknowledgementNote', () => {
  it.each<[string, Partial<Alarm>, string | null, boolean]>([
    ['nothing before an acknowledgement', {}, null, false],
    [
      'until when it is silent, and who silenced it',
      { acknowledgedAt: at(3), acknowledgedBy: 'RN Jane Doe', silencedUntil: at(5) },
      `silenced until ${clock(5)} · RN Jane Doe`,
      true,
    ],
    [
      'when it was acknowledged, once it sounds again',
      { acknowledgedAt: at(1), acknowledgedBy: 'RN Jane Doe', silencedUntil: at(3) },
      `acknowledged ${clock(1)} · RN Jane Doe`,
      false,
    ],
    [
      'the same after an escalation reset the silence',
      { acknowledgedAt: at(1), acknowledgedBy: 'RN Jane Doe', silencedUntil: null, escalatedAt: at(2) },
      `acknowledged ${clock(1)} · RN Jane Doe`,
      false,
    ],
    ['no name when none was recorded', { acknowledgedAt: at(3), silencedUntil: at(5) }, `silenced until ${clock(5)}`, true],
  ])('%s', (_, change, note, silenced) => {
    expect(acknowledgementNote(alarm('a1', 1, change), NOW)).toBe(note);
    expect(isSilenced(alarm('a1', 1, change), NOW)).toBe(silenced);
  });
});

describe('alarmBarRows', () => {
  it('lists each chair in alarm once, by its most urgent alarm: high before medium before low, the oldest first', () => {
    const chairs = [
      { ...chair(1, session('s1')), alarms: [alarm('c1-m', 1, { chairId: 1, priority: 'medium' })] },
      { ...chair(2, session('s2', 2)), alarms: [] },
      { ...chair(3, session('s3', 3)), alarms: [alarm('c3-h', 5, { chairId: 3 }), alarm('c3-l', 0, { chairId: 3, priority: 'low' })] },
      { ...chair(4, session('s4', 4)), alarms: [alarm('c4-h', 2, { chairId: 4 })] },
      { ...chair(5, session('s5', 5)), alarms: [alarm('c5-l', 0, { chairId: 5, priority: 'low' })] },
    ];
    expect(alarmBarRows(chairs).map((row) => `${row.chair.name}:${row.alarm.id}`)).toEqual([
      'Chair 4:c4-h',
      'Chair 3:c3-h',
      'Chair 1:c1-m',
      'Chair 5:c5-l',
    ]);
  });
});
