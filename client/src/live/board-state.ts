import { byUrgency, type Alarm } from '../../../server/src/contract/alarms.ts';
import type { BoardSnapshot, Chair, ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import type {
  AlarmChanged,
  ChairChanged,
  ObservationChanged,
  SessionChanged,
  VitalsRecorded,
} from '../../../server/src/contract/events.ts';
import { NO_CONSCIOUSNESS_CHARTED } from '../../../server/src/contract/observations.ts';
import { ACTIVE_PHASES, type SessionSummary } from '../../../server/src/contract/sessions.ts';
import { mergeLatest } from '../../../server/src/contract/vitals.ts';

/** A broadcast as received, tagged with its event name. */
export type LiveEvent =
  | ({ name: 'vitals:recorded' } & VitalsRecorded)
  | ({ name: 'session:started' | 'session:updated' | 'session:ended' } & SessionChanged)
  | ({ name: 'observation:recorded' | 'observation:amended' } & ObservationChanged)
  | ({ name: 'alarm:raised' | 'alarm:escalated' | 'alarm:acknowledged' | 'alarm:cleared' } & AlarmChanged)
  | ({ name: 'chair:updated' } & ChairChanged);

export interface BoardState {
  /** False until the first snapshot arrives. */
  readonly loaded: boolean;
  /** Id of the last event reflected here; events at or below it are ignored. */
  readonly eventId: number;
  /** In the server's order. A chair object is replaced only when that chair changed. */
  readonly chairs: readonly ChairSnapshot[];
  readonly positions: ReadonlyMap<number, number>;
}

export const EMPTY_BOARD: BoardState = { loaded: false, eventId: -1, chairs: [], positions: new Map() };

/**
 * The board from a fresh snapshot, then the events that arrived while it was loading (those the
 * snapshot already reflects are skipped). The snapshot's event id is taken as is, so a server
 * whose counter restarted is followed too.
 */
export function applySnapshot(snapshot: BoardSnapshot, buffered: readonly LiveEvent[] = []): BoardState {
  let board: BoardState = {
    loaded: true,
    eventId: snapshot.eventId,
    chairs: snapshot.chairs,
    positions: new Map(snapshot.chairs.map((chair, index) => [chair.id, index])),
  };
  for (const event of [...buffered].sort((a, b) => a.eventId - b.eventId)) board = applyEvent(board, event);
  return board;
}

export function chairById(board: BoardState, chairId: number): ChairSnapshot | undefined {
  const position = board.positions.get(chairId);
  return position === undefined ? undefined : board.chairs[position];
}

/** Applies one broadcast. Events older than the board, and events before the first snapshot,
 * leave it unchanged; a chair the board does not know is news only when it was just added. */
export function applyEvent(board: BoardState, event: LiveEvent): BoardState {
  if (!board.loaded || event.eventId <= board.eventId) return board;
  if (event.name === 'chair:updated') return { ...withChair(board, event.chair), eventId: event.eventId };
  const changed = new Map<number, ChairSnapshot>();
  const current = (chairId: number) => changed.get(chairId) ?? chairById(board, chairId);

  if (event.name === 'vitals:recorded') {
    for (const sample of event.samples) {
      const chair = current(sample.chairId);
      // As on the server: a sample shows on the tile only while its session is the chair's current one.
      if (!chair || sample.sessionId !== (chair.activeSession?.id ?? null)) continue;
      const latest = mergeLatest(chair.latest, sample);
      const lastSampleAt = newer(chair.lastSampleAt, sample.recordedAt);
      if (latest !== chair.latest || lastSampleAt !== chair.lastSampleAt) {
        changed.set(chair.id, { ...chair, latest, lastSampleAt });
      }
    }
  } else if ('observation' in event) {
    const chair = current(event.chairId);
    // A correction to an earlier patient's record (a supervisor's) leaves this tile alone.
    if (chair && chair.activeSession?.id === event.observation.sessionId)
      changed.set(chair.id, { ...chair, latestSideEffect: event.latest, consciousness: event.consciousness });
  } else if ('alarm' in event) {
    const chair = current(event.alarm.chairId);
    const next = chair && withAlarm(chair, event.alarm);
    if (chair && next !== chair) changed.set(chair.id, next!);
  } else {
    const chair = current(event.session.chairId);
    const next = chair && withSession(chair, event.session, event.name === 'session:ended');
    if (chair && next !== chair) changed.set(chair.id, next!);
  }

  const chairs = changed.size > 0 ? board.chairs.map((chair) => changed.get(chair.id) ?? chair) : board.chairs;
  return { ...board, eventId: event.eventId, chairs };
}

/** The board after the server answered a change to a session (its reply, before the broadcast
 * arrives): the same as the broadcast will do, so the nurse sees what she did at once. */
export function applySessionReply(board: BoardState, session: SessionSummary): BoardState {
  const chair = chairById(board, session.chairId);
  const next = chair && withSession(chair, session, false);
  if (!chair || next === chair) return board;
  return replaceChair(board, chair, next!);
}

/** The board after the server answered an acknowledgement (before its broadcast arrives). Only an
 * alarm still on screen is updated, and not when later news of it came first: its broadcast, or an
 * escalation after it (which sounds again). */
export function applyAcknowledgement(board: BoardState, alarm: Alarm): BoardState {
  const chair = chairById(board, alarm.chairId);
  const held = chair?.alarms.find((a) => a.id === alarm.id);
  if (!chair || !held || held.acknowledgedAt === alarm.acknowledgedAt || isAfter(held.escalatedAt, alarm.acknowledgedAt)) return board;
  return replaceChair(board, chair, withAlarm(chair, alarm));
}

/** The board without an alarm the server says has cleared (refusing to acknowledge it), before its
 * broadcast arrives. */
export function dropAlarm(board: BoardState, alarm: Pick<Alarm, 'id' | 'chairId'>): BoardState {
  const chair = chairById(board, alarm.chairId);
  if (!chair?.alarms.some((a) => a.id === alarm.id)) return board;
  return replaceChair(board, chair, { ...chair, alarms: chair.alarms.filter((a) => a.id !== alarm.id) });
}

/** An added chair joins the end of the board (the server numbers it after the last), free; a known
 * one takes its new name and service state and keeps the rest. Also the server's reply to an
 * admin's change, before its broadcast arrives. */
export function withChair(board: BoardState, news: Chair): BoardState {
  const chair = chairById(board, news.id);
  if (chair) return replaceChair(board, chair, { ...chair, ...news });
  return { ...board, chairs: [...board.chairs, afresh(news, null)], positions: new Map(board.positions).set(news.id, board.chairs.length) };
}

const replaceChair = (board: BoardState, chair: ChairSnapshot, next: ChairSnapshot): BoardState => ({
  ...board,
  chairs: board.chairs.map((c) => (c === chair ? next : c)),
});

/** The chair with this news of one of its alarms, most urgent first: a cleared alarm leaves the
 * list, any other is added or replaces its earlier state. An alarm of another session (the one before,
 * whose end already cleared the list) changes nothing. */
function withAlarm(chair: ChairSnapshot, alarm: Alarm): ChairSnapshot {
  if (alarm.sessionId !== (chair.activeSession?.id ?? null)) return chair;
  const others = chair.alarms.filter((a) => a.id !== alarm.id);
  if (alarm.clearedAt !== null) return others.length === chair.alarms.length ? chair : { ...chair, alarms: others };
  return { ...chair, alarms: [...others, alarm].sort(byUrgency) };
}

/**
 * The chair with this news of a session. A new session starts the tile afresh (the last patient's
 * numbers are not this one's), so does the end of the current one (ended, or a closed phase); a
 * change to the current session replaces it and keeps the readings. The end of a session that is
 * not the chair's current one changes nothing.
 */
function withSession(chair: ChairSnapshot, session: SessionSummary, ended: boolean): ChairSnapshot {
  const isCurrent = chair.activeSession?.id === session.id;
  if (ended || !ACTIVE_PHASES.includes(session.phase)) return isCurrent ? afresh(chair, null) : chair;
  return isCurrent ? { ...chair, activeSession: session } : afresh(chair, session);
}

const afresh = (chair: Chair, activeSession: SessionSummary | null): ChairSnapshot => ({
  ...chair,
  activeSession,
  latest: {},
  lastSampleAt: null,
  latestSideEffect: null,
  consciousness: NO_CONSCIOUSNESS_CHARTED,
  // As on the server: a session's end clears its alarms, and a new session starts with none.
  alarms: [],
});

/** Is time `a` after time `b`? Null is never after anything, and nothing is after null. */
function isAfter(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && Date.parse(a) > Date.parse(b);
}

function newer(a: string | null, b: string): string {
  return a !== null && Date.parse(a) >= Date.parse(b) ? a : b;
}
