import { io, type Socket } from 'socket.io-client';
import type { Alarm } from '../../../server/src/contract/alarms.ts';
import type { BoardSnapshot, Chair } from '../../../server/src/contract/chairs.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/src/contract/events.ts';
import type { Observation } from '../../../server/src/contract/observations.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import type { VitalSample } from '../../../server/src/contract/vitals.ts';
import { getJson } from '../app/http.ts';
import {
  applyAcknowledgement,
  applyEvent,
  applySessionReply,
  applySnapshot,
  chairById,
  dropAlarm,
  EMPTY_BOARD,
  withChair,
  type BoardState,
  type LiveEvent,
} from './board-state.ts';
import { logForSession, mergeObservations, type SideEffectLog } from './side-effect-log.ts';
import { lastSeq, mergeSamples, trendForSession, type Trend } from './trend.ts';

/** Full re-read of the board, so a missed message cannot leave a screen wrong for long. */
export const BOARD_RESYNC_INTERVAL_MS = 60_000;
/** Samples per backfill read (the server caps a read at 20,000). */
export const BACKFILL_PAGE_SIZE = 5_000;
/** Wait before retrying a failed re-read while connected. */
export const RESYNC_RETRY_MS = 5_000;

/** `off`: not connected because nobody is signed in; `signed-out`: the server refused the
 * connection because the session is missing or ended (it is not retried until `connect()`). */
export type ConnectionState = 'off' | 'connecting' | 'connected' | 'disconnected' | 'signed-out';

export interface LiveState {
  readonly connection: ConnectionState;
  readonly board: BoardState;
  /** One trend per chair whose page is open, for that chair's current session. */
  readonly trends: ReadonlyMap<number, Trend>;
  /** One side-effect log per chair whose page is open, for that chair's current session. */
  readonly sideEffects: ReadonlyMap<number, SideEffectLog>;
}

const SIGNED_OFF: LiveState = { connection: 'off', board: EMPTY_BOARD, trends: new Map(), sideEffects: new Map() };

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveStoreDeps {
  socket: LiveSocket;
  getJson: <T>(path: string) => Promise<T>;
}

/**
 * The one owner of the live connection: applies the ward's broadcasts to the board snapshot,
 * keeps a trend and a side-effect log per watched chair, and resynchronises after a reconnect the
 * server could not recover (and every BOARD_RESYNC_INTERVAL_MS). It connects only while someone is
 * signed in (`connect()`, `disconnect()`). React reads it through `hooks.tsx`.
 */
export class LiveStore {
  #state: LiveState = SIGNED_OFF;
  readonly #listeners = new Set<() => void>();
  readonly #socket: LiveSocket;
  readonly #getJson: LiveStoreDeps['getJson'];
  /** Open chair pages per chair. */
  readonly #watchers = new Map<number, number>();
  /** Chairs whose room this connection has joined. */
  readonly #joined = new Set<number>();
  /** Per watched chair, the seq held when the stream broke: backfill from there, not from the
   * newest sample, which live samples may already have moved past the gap. */
  readonly #gapFrom = new Map<number, number | undefined>();
  /** Events received while a snapshot is loading; non-null only then. */
  #buffer: LiveEvent[] | null = null;
  #resyncRequested = false;
  #resyncRunning = false;
  /** The last re-read of the board failed; set until one succeeds, even across reconnects. */
  #resyncFailed = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: LiveStoreDeps) {
    this.#socket = deps.socket;
    this.#getJson = deps.getJson;
  }

  getState = (): LiveState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Listens to the connection and keeps the board in sync while connected (`connect()`);
   * returns the function that stops it. */
  start(): () => void {
    const socket = this.#socket;
    socket.on('connect', this.#onConnect);
    socket.on('disconnect', this.#onDisconnect);
    socket.on('connect_error', this.#onConnectError);
    socket.on('vitals:recorded', (event) => this.#receive({ name: 'vitals:recorded', ...event }));
    socket.on('session:started', (event) => this.#receive({ name: 'session:started', ...event }));
    socket.on('session:updated', (event) => this.#receive({ name: 'session:updated', ...event }));
    socket.on('session:ended', (event) => this.#receive({ name: 'session:ended', ...event }));
    socket.on('observation:recorded', (event) => this.#receive({ name: 'observation:recorded', ...event }));
    socket.on('observation:amended', (event) => this.#receive({ name: 'observation:amended', ...event }));
    socket.on('alarm:raised', (event) => this.#receive({ name: 'alarm:raised', ...event }));
    socket.on('alarm:escalated', (event) => this.#receive({ name: 'alarm:escalated', ...event }));
    socket.on('alarm:acknowledged', (event) => this.#receive({ name: 'alarm:acknowledged', ...event }));
    socket.on('alarm:cleared', (event) => this.#receive({ name: 'alarm:cleared', ...event }));
    socket.on('chair:updated', (event) => this.#receive({ name: 'chair:updated', ...event }));
    const periodic = setInterval(() => this.#isSignedIn() && this.#requestResync(), BOARD_RESYNC_INTERVAL_MS);
    return () => {
      clearInterval(periodic);
      clearTimeout(this.#retryTimer);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }

  /** Opens the connection once signed in, and again after signing in over an ended session. */
  connect(): void {
    if (this.#isSignedIn()) return;
    this.#setState({ connection: 'connecting' });
    this.#socket.connect();
  }

  /** Closes the connection and forgets the board (signing out): the next user starts afresh. */
  disconnect(): void {
    this.#socket.disconnect();
    clearTimeout(this.#retryTimer);
    this.#resyncFailed = false;
    this.#buffer = null;
    this.#joined.clear();
    this.#gapFrom.clear();
    this.#setState(SIGNED_OFF);
  }

  #isSignedIn(): boolean {
    return this.#state.connection !== 'off' && this.#state.connection !== 'signed-out';
  }

  /** Keeps the chair's trend and side-effect log while its page is open; returns the function
   * that lets them go. */
  watchChair(chairId: number): () => void {
    const count = this.#watchers.get(chairId) ?? 0;
    this.#watchers.set(chairId, count + 1);
    if (count === 0 && this.#state.board.loaded) {
      this.#reconcileTrends();
      for (const watched of this.#reconcileLogs()) void this.#loadLog(watched).catch(() => {});
      if (this.#socket.connected) this.#joinRoom(chairId);
    }
    return () => this.#unwatchChair(chairId);
  }

  /** The server's reply to a change the user made to a session, shown before its broadcast arrives. */
  sessionChanged(session: SessionSummary): void {
    this.#setState({ board: applySessionReply(this.#state.board, session) });
    this.#sessionsMayHaveChanged();
  }

  /** The server's reply to an admin's change to a chair, shown before its broadcast arrives. */
  chairSaved(chair: Chair): void {
    if (this.#state.board.loaded) this.#setState({ board: withChair(this.#state.board, chair) });
  }

  /** The server's reply to an acknowledgement, shown before its broadcast arrives. */
  alarmAcknowledged(alarm: Alarm): void {
    this.#setState({ board: applyAcknowledgement(this.#state.board, alarm) });
  }

  /** The server refused to acknowledge an alarm because it has cleared: it leaves the screen now. */
  alarmGone(alarm: Pick<Alarm, 'id' | 'chairId'>): void {
    this.#setState({ board: dropAlarm(this.#state.board, alarm) });
  }

  /** The server's reply to a side effect the user charted or corrected, shown before its broadcast arrives. */
  sideEffectSaved(observation: Observation): void {
    this.#setState({ sideEffects: mergeIntoLogs(this.#state.sideEffects, [observation]) });
  }

  #unwatchChair(chairId: number): void {
    const count = (this.#watchers.get(chairId) ?? 0) - 1;
    if (count > 0) {
      this.#watchers.set(chairId, count);
      return;
    }
    this.#watchers.delete(chairId);
    this.#gapFrom.delete(chairId);
    if (this.#joined.delete(chairId) && this.#socket.connected) this.#socket.emit('chair:unsubscribe', { chairId });
    const trends = new Map(this.#state.trends);
    trends.delete(chairId);
    const sideEffects = new Map(this.#state.sideEffects);
    sideEffects.delete(chairId);
    this.#setState({ trends, sideEffects });
  }

  #onConnect = (): void => {
    this.#setState({ connection: 'connected' });
    if (this.#socket.recovered) {
      // The server replayed what was missed since the last connect. If the re-read that connect
      // needed failed (and its retry came while the link was down), the board still misses what
      // happened before it: read it now (the resync also joins the rooms).
      if (this.#resyncFailed) this.#requestResync();
      // Otherwise the server kept the rooms; only join what was opened offline.
      else for (const chairId of this.#watchers.keys()) if (!this.#joined.has(chairId)) this.#joinRoom(chairId);
      return;
    }
    this.#joined.clear();
    for (const [chairId, trend] of this.#state.trends) {
      if (!this.#gapFrom.has(chairId)) this.#gapFrom.set(chairId, lastSeq(trend));
    }
    this.#requestResync();
  };

  #onDisconnect = (reason: string): void => {
    this.#setState({ connection: 'disconnected' });
    // After a server-side disconnect socket.io does not reconnect by itself.
    if (reason === 'io server disconnect') this.#socket.connect();
  };

  #onConnectError = (error: Error): void => {
    if (!error.message.startsWith('unauthorized')) {
      this.#setState({ connection: 'disconnected' });
      return;
    }
    // No session: retrying cannot help until the user signs in again.
    this.#socket.disconnect();
    this.#setState({ connection: 'signed-out' });
  };

  #receive(event: LiveEvent): void {
    this.#buffer?.push(event);
    const board = applyEvent(this.#state.board, event);
    if (event.name === 'vitals:recorded') {
      this.#setState({ board, trends: mergeIntoTrends(this.#state.trends, event.samples) });
    } else if ('observation' in event) {
      this.#setState({ board, sideEffects: mergeIntoLogs(this.#state.sideEffects, [event.observation]) });
    } else if ('alarm' in event || 'chair' in event) {
      this.#setState({ board });
    } else {
      this.#setState({ board });
      this.#sessionsMayHaveChanged();
    }
  }

  /** A session started or ended on an open chair page: fetch what the new session already has. */
  #sessionsMayHaveChanged(): void {
    for (const chairId of this.#reconcileTrends()) void this.#backfill(chairId).catch(() => {});
    for (const chairId of this.#reconcileLogs()) void this.#loadLog(chairId).catch(() => {});
  }

  #requestResync(): void {
    this.#resyncRequested = true;
    if (!this.#resyncRunning) void this.#runResyncs();
  }

  async #runResyncs(): Promise<void> {
    this.#resyncRunning = true;
    while (this.#resyncRequested) {
      this.#resyncRequested = false;
      try {
        await this.#resync();
        this.#resyncFailed = false;
      } catch {
        this.#resyncFailed = true;
        this.#buffer = null;
        clearTimeout(this.#retryTimer);
        this.#retryTimer = setTimeout(() => this.#socket.connected && this.#requestResync(), RESYNC_RETRY_MS);
      }
    }
    this.#resyncRunning = false;
  }

  /** Re-reads the board, backfills every open trend, then joins the rooms not joined yet. */
  async #resync(): Promise<void> {
    this.#buffer = [];
    const snapshot = await this.#getJson<BoardSnapshot>('/api/chairs');
    if (this.#state.connection === 'off') return; // signed out while reading
    const board = applySnapshot(snapshot, this.#buffer);
    this.#buffer = null;
    this.#setState({ board });
    this.#reconcileTrends();
    this.#reconcileLogs();
    // A chair whose backfill failed keeps its gap mark: joining its room below backfills it again.
    const watched = [...this.#watchers.keys()];
    await Promise.allSettled([...watched.map((chairId) => this.#backfill(chairId)), ...watched.map((chairId) => this.#loadLog(chairId))]);
    if (!this.#socket.connected) return;
    for (const chairId of this.#watchers.keys()) if (!this.#joined.has(chairId)) this.#joinRoom(chairId);
  }

  /** Gives each watched chair a trend for its current session. Returns the chairs whose held
   * trend was replaced because their session changed. */
  #reconcileTrends(): number[] {
    const { board } = this.#state;
    if (!board.loaded) return [];
    let trends: Map<number, Trend> | undefined;
    const changedSession: number[] = [];
    for (const chairId of this.#watchers.keys()) {
      const trend = this.#state.trends.get(chairId);
      const next = trendForSession(trend, chairById(board, chairId)?.activeSession?.id ?? null);
      if (next === trend) continue;
      trends ??= new Map(this.#state.trends);
      trends.set(chairId, next);
      this.#gapFrom.delete(chairId);
      if (trend) changedSession.push(chairId);
    }
    if (trends) this.#setState({ trends });
    return changedSession;
  }

  /** Gives each watched chair a side-effect log for its current session. Returns the chairs whose
   * log is new (just opened, or a new session), to be read. */
  #reconcileLogs(): number[] {
    const { board } = this.#state;
    if (!board.loaded) return [];
    let sideEffects: Map<number, SideEffectLog> | undefined;
    const fresh: number[] = [];
    for (const chairId of this.#watchers.keys()) {
      const log = this.#state.sideEffects.get(chairId);
      const next = logForSession(log, chairById(board, chairId)?.activeSession?.id ?? null);
      if (next === log) continue;
      sideEffects ??= new Map(this.#state.sideEffects);
      sideEffects.set(chairId, next);
      fresh.push(chairId);
    }
    if (sideEffects) this.#setState({ sideEffects });
    return fresh;
  }

  /** Reads every version of the session's side effects into the chair's log. */
  async #loadLog(chairId: number): Promise<void> {
    const sessionId = this.#state.sideEffects.get(chairId)?.sessionId;
    if (!sessionId) return;
    const { observations } = await this.#getJson<{ observations: Observation[] }>(
      `/api/sessions/${encodeURIComponent(sessionId)}/observations`,
    );
    const log = this.#state.sideEffects.get(chairId);
    if (log?.sessionId !== sessionId) return;
    const merged = mergeObservations(log, observations);
    if (merged !== log) this.#setState({ sideEffects: new Map(this.#state.sideEffects).set(chairId, merged) });
  }

  /** Reads the session's samples from the seq held (or from the break in the stream), page by page. */
  async #backfill(chairId: number): Promise<void> {
    const trend = this.#state.trends.get(chairId);
    if (!trend?.sessionId) return;
    const { sessionId } = trend;
    let since = this.#backfillSince(chairId, trend);
    for (;;) {
      const query = new URLSearchParams({ limit: String(BACKFILL_PAGE_SIZE) });
      if (since !== undefined) query.set('since', String(since));
      const { samples } = await this.#getJson<{ samples: VitalSample[] }>(`/api/sessions/${encodeURIComponent(sessionId)}/vitals?${query}`);
      if (!this.#mergeBackfill(chairId, sessionId, samples) || samples.length < BACKFILL_PAGE_SIZE) return;
      since = samples[samples.length - 1].seq;
    }
  }

  /** Joins the chair's room; the reply backfills its session since the seq held. */
  #joinRoom(chairId: number): void {
    const trend = this.#state.trends.get(chairId);
    const since = trend ? this.#backfillSince(chairId, trend) : undefined;
    this.#socket.emit('chair:subscribe', { chairId, since }, (reply) => {
      if (!this.#watchers.has(chairId)) return;
      if (!reply.ok) return; // the ward room still streams this chair; the next resync backfills it
      this.#joined.add(chairId);
      // The reply is capped by the server; a long session continues over HTTP.
      const more = reply.data.length >= BACKFILL_PAGE_SIZE;
      if (trend?.sessionId && this.#mergeBackfill(chairId, trend.sessionId, reply.data) && more) {
        void this.#backfill(chairId).catch(() => {});
      }
    });
  }

  #backfillSince(chairId: number, trend: Trend): number | undefined {
    return this.#gapFrom.has(chairId) ? this.#gapFrom.get(chairId) : lastSeq(trend);
  }

  /** Merges a page of backfill; false when the chair's trend moved on (closed, or a new session). */
  #mergeBackfill(chairId: number, sessionId: string, samples: readonly VitalSample[]): boolean {
    const trend = this.#state.trends.get(chairId);
    if (trend?.sessionId !== sessionId) return false;
    // Until the last page is in, the next read continues after this one, not after live samples.
    if (samples.length >= BACKFILL_PAGE_SIZE) this.#gapFrom.set(chairId, samples[samples.length - 1].seq);
    else this.#gapFrom.delete(chairId);
    const merged = mergeSamples(trend, samples);
    if (merged !== trend) this.#setState({ trends: new Map(this.#state.trends).set(chairId, merged) });
    return true;
  }

  #setState(change: Partial<LiveState>): void {
    const next = { ...this.#state, ...change };
    const same = (Object.keys(next) as (keyof LiveState)[]).every((key) => next[key] === this.#state[key]);
    if (same) return;
    this.#state = next;
    for (const listener of this.#listeners) listener();
  }
}

function mergeIntoTrends(trends: ReadonlyMap<number, Trend>, samples: readonly VitalSample[]): ReadonlyMap<number, Trend> {
  let next: Map<number, Trend> | undefined;
  for (const [chairId, trend] of trends) {
    const merged = mergeSamples(
      trend,
      samples.filter((sample) => sample.chairId === chairId),
    );
    if (merged === trend) continue;
    next ??= new Map(trends);
    next.set(chairId, merged);
  }
  return next ?? trends;
}

function mergeIntoLogs(logs: ReadonlyMap<number, SideEffectLog>, observations: readonly Observation[]): ReadonlyMap<number, SideEffectLog> {
  let next: Map<number, SideEffectLog> | undefined;
  for (const [chairId, log] of logs) {
    const merged = mergeObservations(log, observations);
    if (merged === log) continue;
    next ??= new Map(logs);
    next.set(chairId, merged);
  }
  return next ?? logs;
}

/** The store for this page, connected to the server it was loaded from. */
export function createLiveStore(): LiveStore {
  const socket: LiveSocket = io({ path: '/socket.io', autoConnect: false });
  return new LiveStore({ socket, getJson });
}
