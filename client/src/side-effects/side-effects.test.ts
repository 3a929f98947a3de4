import { describe, expect, it } from 'vitest';
import { emptyLog, mergeObservations } from '../live/side-effect-log.ts';
import { observation } from '../live/test-fixtures.ts';
import { logEntries, severityFromMoaas, sideEffectText, undoLeftMs, UNDO_WINDOW_MS } from './side-effects.ts';

describe('severityFromMoaas', () => {
  it.each([
    [5, 0],
    [4, 1],
    [3, 2],
    [2, 3],
    [1, 3],
    [0, 3],
  ])('MOAA/S %i is severity %i', (moaas, severity) => expect(severityFromMoaas(moaas)).toBe(severity));
});

describe('the undo window', () => {
  it('is open for 10 s after saving, then closed', () => {
    expect(UNDO_WINDOW_MS).toBe(10_000);
    expect(undoLeftMs(1_000, 1_000)).toBe(10_000);
    expect(undoLeftMs(1_000, 10_999)).toBe(1);
    expect(undoLeftMs(1_000, 11_000)).toBe(0);
    expect(undoLeftMs(1_000, 60_000)).toBe(0);
  });
});

describe('sideEffectText', () => {
  it('names the kind and the severity in words', () => {
    expect(sideEffectText(observation('o1'))).toBe('Nausea — moderate');
    expect(sideEffectText({ id: 'o1', kind: 'sedation', severity: 3, observedAt: '' })).toBe('Sedation — severe');
    expect(sideEffectText(observation('o2', 1, { kind: 'other', detail: 'tingling lips', severity: 1 }))).toBe(
      'Other: tingling lips — mild',
    );
  });
});

describe('logEntries', () => {
  it('lists current entries newest first, each with the versions it replaced', () => {
    const log = mergeObservations(emptyLog('s1'), [
      observation('a', 1),
      observation('b', 5, { kind: 'headache' }),
      observation('a2', 1, { amendsId: 'a', severity: 3, amendReason: 'worse' }),
      observation('a3', 1, { amendsId: 'a2', struck: true, amendReason: 'wrong patient' }),
    ]);
    const entries = logEntries(log);
    expect(entries.map((e) => e.current.id)).toEqual(['b', 'a3']);
    expect(entries[1].earlier.map((v) => v.id)).toEqual(['a2', 'a']);
    expect(entries[1].current.struck).toBe(true);
    expect(logEntries(undefined)).toEqual([]);
  });
});
