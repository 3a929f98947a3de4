import { describe, expect, it } from 'vitest';
import { applyEvent, applySessionReply, applySnapshot, chairById, EMPTY_BOARD, type BoardState, type LiveEvent } from './board-state.ts';
import { NO_CONSCIOUSNESS_CHARTED } from '../../../server/src/contract/observations.ts';
import { chair, observation, sample, session } from './test-fixtures.ts';

const vitals = (eventId: number, ...samples: ReturnType<typeof sample>[]): LiveEvent => ({ name: 'vitals:recorded', eventId, samples });
const latestHr = (board: BoardState) => chairById(board, 1)?.latest.hr?.value;
const snapshot = (eventId: number) => ({ eventId, chairs: [chair(1, session('s1')), chair(2)] });

describe('applySnapshot', () => {
  it('applies the events buffered while it loaded, in event order, skipping those it already reflects', () => {
    const board = applySnapshot(snapshot(10), [
      vitals(12, sample(3, { hr: 90 })),
      vitals(9, sample(1, { hr: 60 })),
      vitals(11, sample(2, { hr: 80 })),
    ]);
    expect(board.eventId).toBe(12);
    expect(latestHr(board)).toBe(90);
  });
});

describe('applyEvent', () => {
  it('ignores events until the first snapshot', () => {
    expect(applyEvent(EMPTY_BOARD, vitals(1, sample(1)))).toBe(EMPTY_BOARD);
  });

  it('ignores events at or below the snapshot event id', () => {
    const board = applySnapshot(snapshot(10));
    expect(applyEvent(board, vitals(10, sample(1)))).toBe(board);
    expect(applyEvent(board, { name: 'session:ended', eventId: 7, session: session('s1') })).toBe(board);
  });

  it('updates the latest values and last sample time, replacing only the changed chair', () => {
    const board = applySnapshot(snapshot(10));
    const next = applyEvent(board, vitals(11, sample(1, { hr: 72, spo2: 97 })));
    expect(chairById(next, 1)?.latest).toEqual({
      hr: { value: 72, recordedAt: sample(1).recordedAt },
      spo2: { value: 97, recordedAt: sample(1).recordedAt },
    });
    expect(chairById(next, 1)?.lastSampleAt).toBe(sample(1).recordedAt);
    expect(chairById(next, 2)).toBe(chairById(board, 2));
  });

  it('keeps the newer reading when an older sample arrives late', () => {
    let board = applySnapshot(snapshot(10));
    board = applyEvent(board, vitals(11, sample(5, { hr: 80 })));
    board = applyEvent(board, vitals(12, sample(4, { hr: 60 })));
    expect(latestHr(board)).toBe(80);
    expect(chairById(board, 1)?.lastSampleAt).toBe(sample(5).recordedAt);
  });

  it('shows only samples of the chair’s current session, and skips unknown chairs', () => {
    const board = applySnapshot(snapshot(10));
    const next = applyEvent(board, vitals(11, sample(1, { sessionId: 'old' }), sample(2, { chairId: 99 })));
    expect(next.chairs).toBe(board.chairs);
    expect(next.eventId).toBe(11);
  });

  it('starts a tile afresh when a session starts or ends', () => {
    let board = applySnapshot(snapshot(10));
    board = applyEvent(board, vitals(11, sample(1)));
    board = applyEvent(board, { name: 'session:ended', eventId: 12, session: session('s1') });
    expect(chairById(board, 1)).toMatchObject({ activeSession: null, latest: {}, lastSampleAt: null });
    board = applyEvent(board, { name: 'session:started', eventId: 13, session: session('s2') });
    expect(chairById(board, 1)?.activeSession?.id).toBe('s2');
  });

  it('ignores the end of a session that is not the chair’s current one', () => {
    const board = applySnapshot(snapshot(10));
    expect(applyEvent(board, { name: 'session:ended', eventId: 11, session: session('other') }).chairs).toBe(board.chairs);
  });

  it('replaces the chair’s session on an update and keeps its readings', () => {
    let board = applySnapshot(snapshot(10));
    board = applyEvent(board, vitals(11, sample(1, { hr: 72 })));
    const paused = session('s1', 1, { phase: 'paused' });
    board = applyEvent(board, { name: 'session:updated', eventId: 12, session: paused });
    expect(chairById(board, 1)?.activeSession).toBe(paused);
    expect(latestHr(board)).toBe(72);
  });

  it('reads an update to a closed phase as the end, and an update of an unknown session as its start', () => {
    let board = applySnapshot(snapshot(10));
    board = applyEvent(board, vitals(11, sample(1)));
    board = applyEvent(board, { name: 'session:updated', eventId: 12, session: session('s1', 1, { phase: 'discharged' }) });
    expect(chairById(board, 1)).toMatchObject({ activeSession: null, latest: {}, latestSideEffect: null });
    board = applyEvent(board, { name: 'session:updated', eventId: 13, session: session('s9', 1, { phase: 'pre-infusion' }) });
    expect(chairById(board, 1)?.activeSession?.id).toBe('s9');
  });

  it('shows the side effect the server names as the chair’s latest, for its current session only', () => {
    let board = applySnapshot(snapshot(10));
    const latest = { id: 'o1', kind: 'nausea' as const, severity: 2, observedAt: observation('o1').observedAt };
    board = applyEvent(board, { name: 'observation:recorded', eventId: 11, chairId: 1, observation: observation('o1'), latest, consciousness: NO_CONSCIOUSNESS_CHARTED });
    expect(chairById(board, 1)?.latestSideEffect).toEqual(latest);
    // Struck through: the server names the one before it, or none.
    board = applyEvent(board, {
      name: 'observation:amended',
      eventId: 12,
      chairId: 1,
      observation: observation('o2', 1, { amendsId: 'o1', struck: true }),
      latest: null,
      consciousness: NO_CONSCIOUSNESS_CHARTED,
    });
    expect(chairById(board, 1)?.latestSideEffect).toBeNull();
    // A supervisor corrects an earlier patient's record: this tile stays as it is.
    const before = board.chairs;
    board = applyEvent(board, {
      name: 'observation:amended',
      eventId: 13,
      chairId: 1,
      observation: observation('o3', 1, { sessionId: 'old' }),
      latest,
      consciousness: NO_CONSCIOUSNESS_CHARTED,
    });
    expect(board.chairs).toBe(before);
  });
});

describe('applySessionReply', () => {
  it('shows the server’s reply as its broadcast will, with no event id', () => {
    const board = applySnapshot(snapshot(10));
    const recovery = session('s1', 1, { phase: 'recovery' });
    const next = applySessionReply(board, recovery);
    expect(chairById(next, 1)?.activeSession).toBe(recovery);
    expect(next.eventId).toBe(10);
    expect(chairById(applySessionReply(next, session('s1', 1, { phase: 'aborted' })), 1)?.activeSession).toBeNull();
    expect(chairById(applySessionReply(board, session('s2', 2, { phase: 'pre-infusion' })), 2)?.activeSession?.id).toBe('s2');
  });

  it('changes nothing for an unknown chair', () => {
    const board = applySnapshot(snapshot(10));
    expect(applySessionReply(board, session('s5', 99))).toBe(board);
  });
});
