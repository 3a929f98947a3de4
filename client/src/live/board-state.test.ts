import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../server/src/contract/alarms.ts';
import { NO_CONSCIOUSNESS_CHARTED } from '../../../server/src/contract/observations.ts';
import {
  applyAcknowledgement,
  applyEvent,
  applySessionReply,
  applySnapshot,
  chairById,
  dropAlarm,
  EMPTY_BOARD,
  type BoardState,
  type LiveEvent,
} from './board-state.ts';
import { alarm, at, chair, observation, sample, session } from './test-fixtures.ts';

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
    board = applyEvent(board, {
      name: 'observation:recorded',
      eventId: 11,
      chairId: 1,
      observation: observation('o1'),
      latest,
      consciousness: NO_CONSCIOUSNESS_CHARTED,
    });
    expect(chairById(board, 1)?.latestSideEffect).toEqual(latest);
    expect(chairById(board, 1)?.consciousness).toEqual(NO_CONSCIOUSNESS_CHARTED);
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

describe('consciousness from the chart', () => {
  it('follows the MOAA/S and confusion the server sends with a side effect of the current session', () => {
    let board = applySnapshot(snapshot(10));
    const drowsy = { moaas: 3, moaasAt: at(5), newConfusion: false };
    const event = (eventId: number, sessionId: string): LiveEvent => ({
      name: 'observation:recorded',
      eventId,
      chairId: 1,
      observation: observation(`o${eventId}`, 5, { kind: 'sedation', sedationScore: 3, sessionId }),
      latest: null,
      consciousness: drowsy,
    });
    board = applyEvent(board, event(11, 's1'));
    expect(chairById(board, 1)?.consciousness).toEqual(drowsy);
    board = applyEvent(board, { name: 'session:ended', eventId: 12, session: session('s1') });
    expect(chairById(board, 1)?.consciousness).toEqual(NO_CONSCIOUSNESS_CHARTED);
    expect(applyEvent(board, event(13, 'old')).chairs).toBe(board.chairs);
  });
});

describe('alarms on the board', () => {
  const alarmEvent = (name: Extract<LiveEvent, { alarm: Alarm }>['name'], eventId: number, a: Alarm): LiveEvent => ({
    name,
    eventId,
    alarm: a,
  });
  const alarmsOf = (board: BoardState, chairId = 1) => chairById(board, chairId)?.alarms.map((a) => `${a.id}:${a.priority}`);
  const silenced = { acknowledgedAt: at(3), acknowledgedBy: 'RN Jane Doe', silencedUntil: at(5) };

  it.each<{ name: string; held: Alarm[]; event: [Extract<LiveEvent, { alarm: Alarm }>['name'], Alarm]; shows: string[] }>([
    { name: 'a raised alarm is added', held: [], event: ['alarm:raised', alarm('a1')], shows: ['a1:high'] },
    {
      name: 'a raised alarm takes its place, most urgent first',
      held: [alarm('a1', 2, { priority: 'medium' }), alarm('a2', 1, { priority: 'low', kind: 'technical' })],
      event: ['alarm:raised', alarm('a3', 3)],
      shows: ['a3:high', 'a1:medium', 'a2:low'],
    },
    {
      name: 'within a priority the longest standing comes first',
      held: [alarm('a1', 4, { priority: 'medium' })],
      event: ['alarm:raised', alarm('a2', 2, { priority: 'medium' })],
      shows: ['a2:medium', 'a1:medium'],
    },
    {
      name: 'an escalation replaces the alarm and moves it up',
      held: [alarm('a1', 1, { priority: 'medium' }), alarm('a2', 2, { priority: 'medium' })],
      event: ['alarm:escalated', alarm('a2', 2, { escalatedAt: at(4) })],
      shows: ['a2:high', 'a1:medium'],
    },
    {
      name: 'an acknowledgement replaces the alarm, which stays on the tile',
      held: [alarm('a1')],
      event: ['alarm:acknowledged', alarm('a1', 1, silenced)],
      shows: ['a1:high'],
    },
    {
      name: 'a cleared alarm leaves',
      held: [alarm('a1'), alarm('a2', 2, { priority: 'medium' })],
      event: ['alarm:cleared', alarm('a1', 1, { clearedAt: at(6) })],
      shows: ['a2:medium'],
    },
    {
      name: 'news of an alarm not held and cleared changes nothing',
      held: [],
      event: ['alarm:cleared', alarm('a9', 1, { clearedAt: at(6) })],
      shows: [],
    },
    {
      name: 'an alarm of the session before is ignored',
      held: [],
      event: ['alarm:raised', alarm('old', 1, { sessionId: 's0' })],
      shows: [],
    },
  ])('$name', ({ held, event: [name, a], shows }) => {
    const board = applySnapshot({ eventId: 10, chairs: [{ ...chair(1, session('s1')), alarms: held }, chair(2)] });
    const next = applyEvent(board, alarmEvent(name, 11, a));
    expect(alarmsOf(next)).toEqual(shows);
    expect(next.eventId).toBe(11);
    expect(chairById(next, 2)).toBe(chairById(board, 2));
  });

  it('keeps the acknowledgement’s details', () => {
    let board = applySnapshot({ eventId: 10, chairs: [{ ...chair(1, session('s1')), alarms: [alarm('a1')] }] });
    board = applyEvent(board, alarmEvent('alarm:acknowledged', 11, alarm('a1', 1, silenced)));
    expect(chairById(board, 1)?.alarms[0]).toMatchObject(silenced);
  });

  it('shows a technical alarm of a chair with no session (sessionId null)', () => {
    const board = applySnapshot(snapshot(10));
    const next = applyEvent(
      board,
      alarmEvent('alarm:raised', 11, alarm('t1', 1, { chairId: 2, sessionId: null, priority: 'low', kind: 'technical' })),
    );
    expect(alarmsOf(next, 2)).toEqual(['t1:low']);
  });

  it('ignores alarm events older than the board, and alarms of unknown chairs', () => {
    const board = applySnapshot(snapshot(10));
    expect(applyEvent(board, alarmEvent('alarm:raised', 9, alarm('a1')))).toBe(board);
    expect(applyEvent(board, alarmEvent('alarm:raised', 11, alarm('a1', 1, { chairId: 99 }))).chairs).toBe(board.chairs);
  });

  it.each([
    ['ended', 'session:ended' as const, session('s1')],
    ['started', 'session:started' as const, session('s2')],
  ])('starts the alarms afresh when a session %s', (_, name, s) => {
    const board = applySnapshot({ eventId: 10, chairs: [{ ...chair(1, session('s1')), alarms: [alarm('a1')] }] });
    expect(alarmsOf(applyEvent(board, { name, eventId: 11, session: s }))).toEqual([]);
  });

  it('keeps the alarms through an update of the current session', () => {
    const board = applySnapshot({ eventId: 10, chairs: [{ ...chair(1, session('s1')), alarms: [alarm('a1')] }] });
    const next = applyEvent(board, { name: 'session:updated', eventId: 11, session: session('s1', 1, { phase: 'paused' }) });
    expect(alarmsOf(next)).toEqual(['a1:high']);
  });
});

describe('applyAcknowledgement', () => {
  const acknowledged = alarm('a1', 1, { acknowledgedAt: at(3), acknowledgedBy: 'RN Jane Doe', silencedUntil: at(5) });
  const holding = (...alarms: Alarm[]) => applySnapshot({ eventId: 10, chairs: [{ ...chair(1, session('s1')), alarms }] });

  it('shows the server’s reply at once, with no event id', () => {
    const next = applyAcknowledgement(holding(alarm('a1')), acknowledged);
    expect(chairById(next, 1)?.alarms).toEqual([acknowledged]);
    expect(next.eventId).toBe(10);
  });

  it.each([
    ['its broadcast came first', holding(acknowledged)],
    ['the alarm cleared meanwhile', holding()],
    ['an escalation after it came first (it sounds again)', holding(alarm('a1', 1, { escalatedAt: at(4), acknowledgedAt: null }))],
  ])('changes nothing when %s', (_, board) => {
    expect(applyAcknowledgement(board, acknowledged)).toBe(board);
  });

  it('shows a second acknowledgement after the silence ended', () => {
    const again = { ...acknowledged, acknowledgedAt: at(6), silencedUntil: at(8) };
    expect(chairById(applyAcknowledgement(holding(acknowledged), again), 1)?.alarms).toEqual([again]);
  });
});

describe('dropAlarm', () => {
  it('takes an alarm the server says has cleared off the tile, and changes nothing when it is gone already', () => {
    const board = applySnapshot({ eventId: 10, chairs: [{ ...chair(1, session('s1')), alarms: [alarm('a1'), alarm('a2', 2)] }] });
    const next = dropAlarm(board, alarm('a1'));
    expect(chairById(next, 1)?.alarms.map((a) => a.id)).toEqual(['a2']);
    expect(dropAlarm(next, alarm('a1'))).toBe(next);
  });
});

describe('chairs an admin sets up', () => {
  const changed = (eventId: number, change: Partial<ReturnType<typeof chair>> & { id: number }): LiveEvent => ({
    name: 'chair:updated',
    eventId,
    chair: { name: `Chair ${change.id}`, ward: 'main', inService: true, ...change },
  });

  it('adds a new chair at the end, free, and finds it by id', () => {
    const next = applyEvent(applySnapshot(snapshot(10)), changed(11, { id: 3, name: 'Window bay' }));
    expect(next.chairs.map((c) => c.name)).toEqual(['Chair 1', 'Chair 2', 'Window bay']);
    expect(chairById(next, 3)).toEqual({ ...chair(3), name: 'Window bay' });
    expect(next.eventId).toBe(11);
  });

  it('renames a chair or takes it out of service and keeps its session, readings and alarms', () => {
    const board = applyEvent(
      applySnapshot({ eventId: 10, chairs: [{ ...chair(1, session('s1')), alarms: [alarm('a1')] }, chair(2)] }),
      vitals(11, sample(1, { hr: 88 })),
    );
    const next = applyEvent(board, changed(12, { id: 1, name: 'Bay 1' }));
    expect(chairById(next, 1)).toEqual({ ...chairById(board, 1), name: 'Bay 1' });
    expect(next.chairs[1]).toBe(board.chairs[1]);
    expect(chairById(applyEvent(next, changed(13, { id: 2, inService: false })), 2)?.inService).toBe(false);
  });

  it('ignores the news when it is older than the board', () => {
    const board = applySnapshot(snapshot(10));
    expect(applyEvent(board, changed(9, { id: 1, name: 'Old news' }))).toBe(board);
  });
});
