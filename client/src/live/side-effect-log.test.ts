import { describe, expect, it } from 'vitest';
import { emptyLog, logForSession, mergeObservations } from './side-effect-log.ts';
import { observation } from './test-fixtures.ts';

const ids = (log: ReturnType<typeof emptyLog>) => [...log.versions.keys()].sort();

describe('mergeObservations', () => {
  it('keeps one version per id, whatever the order and however often it arrives', () => {
    let log = mergeObservations(emptyLog('s1'), [observation('o1'), observation('o2')]);
    const same = mergeObservations(log, [observation('o2'), observation('o1')]);
    expect(same).toBe(log);
    log = mergeObservations(log, [observation('o3')]);
    expect(ids(log)).toEqual(['o1', 'o2', 'o3']);
  });

  it('ignores other sessions’ entries', () => {
    const log = emptyLog('s1');
    expect(mergeObservations(log, [observation('o1', 1, { sessionId: 's2' })])).toBe(log);
  });

  it('marks the version a correction replaces, whichever arrives first', () => {
    const correction = observation('o2', 1, { amendsId: 'o1', amendReason: 'was mild' });
    const inOrder = mergeObservations(mergeObservations(emptyLog('s1'), [observation('o1')]), [correction]);
    expect(inOrder.versions.get('o1')?.supersededById).toBe('o2');
    const reversed = mergeObservations(mergeObservations(emptyLog('s1'), [correction]), [observation('o1')]);
    expect(reversed.versions.get('o1')?.supersededById).toBe('o2');
  });

  it('does not forget a replacement when an older copy of the version arrives', () => {
    const log = mergeObservations(emptyLog('s1'), [observation('o1', 1, { supersededById: 'o2' })]);
    expect(mergeObservations(log, [observation('o1')])).toBe(log);
  });
});

describe('logForSession', () => {
  it('starts afresh for another session and keeps the log for the same one', () => {
    const log = mergeObservations(emptyLog('s1'), [observation('o1')]);
    expect(logForSession(log, 's1')).toBe(log);
    expect(logForSession(log, 's2')).toEqual(emptyLog('s2'));
    expect(logForSession(undefined, null)).toEqual(emptyLog(null));
  });
});
