import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardSnapshot } from '../../../server/src/contract/chairs.ts';
import type { Ack } from '../../../server/src/contract/errors.ts';
import { NO_CONSCIOUSNESS_CHARTED, type Observation } from '../../../server/src/contract/observations.ts';
import type { VitalSample } from '../../../server/src/contract/vitals.ts';
import { chairById } from './board-state.ts';
import { BACKFILL_PAGE_SIZE, LiveStore, RESYNC_RETRY_MS, type LiveSocket } from './live-store.ts';
import { alarm, at, chair, observation, sample, seqs, session } from './test-fixtures.ts';

type Handler = (...args: never[]) => void;

/** The part of a socket.io client the store uses, driven by the test as the server. */
class FakeSocket {
  connected = false;
  recovered = false;
  connects = 0;
  readonly emitted: { event: string; request: unknown; ack?: (reply: Ack<VitalSample[]>) => void }[] = [];
  readonly #handlers = new Map<string, Handler[]>();

  on(event: string, handler: Handler) {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), handler]);
    return this;
  }
  emit(event: string, request: unknown, ack?: (reply: Ack<VitalSample[]>) => void) {
    this.emitted.push({ event, request, ack });
    return this;
  }
  connect() {
    this.connects++;
    return this;
  }
  disconnect() {
    this.connected = false;
    return this;
  }
  removeAllListeners() {
    this.#handlers.clear();
    return this;
  }

  serverConnects(recovered: boolean) {
    this.connected = true;
    this.recovered = recovered;
    this.#fire('connect');
  }
  serverDrops() {
    this.connected = false;
    this.#fire('disconnect', 'transport close');
  }
  serverRefuses(message: string) {
    this.#fire('connect_error', new Error(message));
  }
  send(event: string, payload: unknown) {
    this.#fire(event, payload);
  }
  #fire(event: string, ...args: unknown[]) {
    for (const handler of this.#handlers.get(event) ?? []) (handler as (...a: unknown[]) => void)(...args);
  }
}

/** HTTP as the test's server answers it; a path can be held back to play a slow reply. */
class FakeHttp {
  readonly requests: string[] = [];
  readonly #held = new Map<string, () => void>();
  holding: string | undefined;
  /** Every request fails, as fetch does when the network is down. */
  down = false;
  observations: Observation[] = [];
  constructor(
    public board: BoardSnapshot,
    public sessionSamples: VitalSample[] = [],
  ) {}

  getJson = async <T>(path: string): Promise<T> => {
    this.requests.push(path);
    if (this.down) throw new TypeError('fetch failed');
    if (this.holding && path.startsWith(this.holding)) await new Promise<void>((release) => this.#held.set(path, release));
    const url = new URL(path, 'http://chairside.test');
    if (url.pathname === '/api/chairs') return structuredClone(this.board) as T;
    if (url.pathname.endsWith('/observations')) return { observations: structuredClone(this.observations) } as T;
    const since = Number(url.searchParams.get('since') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 20_000);
    return { samples: this.sessionSamples.filter((s) => s.seq > since).slice(0, limit) } as T;
  };

  release() {
    this.holding = undefined;
    for (const release of this.#held.values()) release();
    this.#held.clear();
  }
}

const isVitalsRead = (path: string) => /^\/api\/sessions\/[^/]+\/vitals/.test(path);
const lastVitalsRead = (http: FakeHttp) => http.requests.filter(isVitalsRead).at(-1);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const stops: (() => void)[] = [];
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  vi.useRealTimers();
});

function setUp(http: FakeHttp) {
  const socket = new FakeSocket();
  const store = new LiveStore({ socket: socket as unknown as LiveSocket, getJson: http.getJson });
  stops.push(store.start());
  store.connect();
  return { socket, store };
}

const board = (eventId: number): BoardSnapshot => ({ eventId, chairs: [chair(1, session('s1')), chair(2)] });

describe('LiveStore', () => {
  it('loads the board on connect and applies only the events newer than the snapshot', async () => {
    const http = new FakeHttp(board(100));
    http.holding = '/api/chairs';
    const { socket, store } = setUp(http);
    socket.serverConnects(false);
    socket.send('vitals:recorded', { eventId: 99, samples: [sample(1, { hr: 50 })] });
    socket.send('vitals:recorded', { eventId: 101, samples: [sample(2, { hr: 88 })] });
    expect(store.getState().board.loaded).toBe(false);

    http.release();
    await settle();
    const { board: loaded, connection } = store.getState();
    expect(connection).toBe('connected');
    expect(loaded.eventId).toBe(101);
    expect(chairById(loaded, 1)?.latest.hr?.value).toBe(88);
  });

  it('shows the connection as lost until the socket is back', async () => {
    const { socket, store } = setUp(new FakeHttp(board(1)));
    expect(store.getState().connection).toBe('connecting');
    socket.serverConnects(false);
    socket.serverDrops();
    expect(store.getState().connection).toBe('disconnected');
    socket.serverConnects(true);
    expect(store.getState().connection).toBe('connected');
  });

  it('subscribes an open chair, backfills its whole session from the reply, and unsubscribes on close', async () => {
    const { socket, store } = setUp(new FakeHttp(board(1)));
    socket.serverConnects(false);
    await settle();
    const unwatch = store.watchChair(1);
    const subscribe = socket.emitted.find((e) => e.event === 'chair:subscribe');
    expect(subscribe?.request).toEqual({ chairId: 1, since: undefined });
    subscribe?.ack?.({ ok: true, data: [sample(1), sample(2)] });
    socket.send('vitals:recorded', { eventId: 2, samples: [sample(2), sample(3), sample(1, { chairId: 2, sessionId: null })] });
    expect(seqs(store.getState().trends.get(1)!.samples)).toEqual([1, 2, 3]);

    unwatch();
    expect(socket.emitted.at(-1)).toMatchObject({ event: 'chair:unsubscribe', request: { chairId: 1 } });
    expect(store.getState().trends.has(1)).toBe(false);
  });

  it('after a reconnect the server could not recover, re-reads the board and fills the gap with no duplicates', async () => {
    const http = new FakeHttp(
      board(1),
      [1, 2].map((seq) => sample(seq)),
    );
    const { socket, store } = setUp(http);
    socket.serverConnects(false);
    await settle();
    store.watchChair(1);
    socket.emitted.find((e) => e.event === 'chair:subscribe')?.ack?.({ ok: true, data: [sample(1), sample(2)] });

    // The server restarts: samples 3–5 are stored while this viewer is away.
    socket.serverDrops();
    http.sessionSamples = [1, 2, 3, 4, 5, 6].map((seq) => sample(seq));
    http.board = { eventId: 50, chairs: [{ ...chair(1, session('s1')), lastSampleAt: sample(5).recordedAt }, chair(2)] };
    http.holding = '/api/sessions/';
    socket.serverConnects(false);
    // Live samples arrive before the backfill does.
    socket.send('vitals:recorded', { eventId: 51, samples: [sample(6)] });
    await settle();
    expect(lastVitalsRead(http)).toBe('/api/sessions/s1/vitals?limit=5000&since=2');
    http.release();
    await settle();

    expect(seqs(store.getState().trends.get(1)!.samples)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(chairById(store.getState().board, 1)?.lastSampleAt).toBe(sample(6).recordedAt);
    // The room is joined again, from the seq now held.
    expect(socket.emitted.at(-1)).toMatchObject({ event: 'chair:subscribe', request: { chairId: 1, since: 6 } });
  });

  it('after a recovered reconnect, relies on the replay and re-reads nothing', async () => {
    const http = new FakeHttp(board(1));
    const { socket } = setUp(http);
    socket.serverConnects(false);
    await settle();
    const reads = http.requests.length;
    socket.serverDrops();
    socket.serverConnects(true);
    await settle();
    expect(http.requests.length).toBe(reads);
  });

  it('starts a new trend when the open chair’s session changes, and backfills the new session', async () => {
    const http = new FakeHttp(board(1));
    const { socket, store } = setUp(http);
    socket.serverConnects(false);
    await settle();
    store.watchChair(1);
    socket.emitted.find((e) => e.event === 'chair:subscribe')?.ack?.({ ok: true, data: [sample(1), sample(2)] });

    socket.send('session:ended', { eventId: 2, session: session('s1') });
    expect(store.getState().trends.get(1)).toMatchObject({ sessionId: null, samples: [] });
    http.sessionSamples = [sample(10, { sessionId: 's2' })];
    socket.send('session:started', { eventId: 3, session: session('s2') });
    await settle();
    expect(lastVitalsRead(http)).toBe('/api/sessions/s2/vitals?limit=5000');
    expect(store.getState().trends.get(1)).toMatchObject({ sessionId: 's2' });
    expect(seqs(store.getState().trends.get(1)!.samples)).toEqual([10]);
  });

  it('after a re-read that failed and a retry that came while the link was down, re-reads the board on a recovered reconnect', async () => {
    vi.useFakeTimers();
    const http = new FakeHttp(board(1));
    const { socket, store } = setUp(http);
    socket.serverConnects(false);
    await vi.advanceTimersByTimeAsync(0);

    // The server restarts and raises an alarm before this viewer is back; the viewer's re-read
    // fails because the link drops again, and stays down past the retry.
    socket.serverDrops();
    http.board = { eventId: 50, chairs: [{ ...chair(1, session('s1')), alarms: [alarm('a1')] }, chair(2)] };
    http.down = true;
    socket.serverConnects(false);
    socket.serverDrops();
    await vi.advanceTimersByTimeAsync(RESYNC_RETRY_MS);
    http.down = false;
    // socket.io recovers this connection: it replays only what came after that connect.
    socket.serverConnects(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(chairById(store.getState().board, 1)?.alarms.map((a) => a.id)).toEqual(['a1']);
  });

  it('reads a long backfill page by page', async () => {
    const http = new FakeHttp(board(1));
    const { socket, store } = setUp(http);
    socket.serverConnects(false);
    await settle();
    store.watchChair(1);
    socket.emitted.find((e) => e.event === 'chair:subscribe')?.ack?.({ ok: true, data: [sample(1)] });

    socket.serverDrops();
    const total = 2 * BACKFILL_PAGE_SIZE + 500;
    http.sessionSamples = Array.from({ length: total }, (_, i) => sample(i + 1));
    socket.serverConnects(false);
    await settle();
    await settle();

    const reads = http.requests.filter(isVitalsRead);
    expect(reads).toEqual([
      `/api/sessions/s1/vitals?limit=${BACKFILL_PAGE_SIZE}&since=1`,
      `/api/sessions/s1/vitals?limit=${BACKFILL_PAGE_SIZE}&since=${BACKFILL_PAGE_SIZE + 1}`,
      `/api/sessions/s1/vitals?limit=${BACKFILL_PAGE_SIZE}&since=${2 * BACKFILL_PAGE_SIZE + 1}`,
    ]);
    const held = seqs(store.getState().trends.get(1)!.samples);
    expect(held).toHaveLength(total);
    expect(held.at(-1)).toBe(total);
  });

  it('connects only when told, and a refused connection shows as signed out and is not retried', async () => {
    const socket = new FakeSocket();
    const store = new LiveStore({ socket: socket as unknown as LiveSocket, getJson: new FakeHttp(board(1)).getJson });
    stops.push(store.start());
    expect(store.getState().connection).toBe('off');
    expect(socket.connects).toBe(0);

    store.connect();
    expect(store.getState().connection).toBe('connecting');
    socket.serverRefuses('unauthorized: no session');
    expect(store.getState().connection).toBe('signed-out');
    expect(socket.connects).toBe(1);

    // Signed in again: the connection opens again.
    store.connect();
    expect(store.getState().connection).toBe('connecting');
    expect(socket.connects).toBe(2);
  });

  it('a connection that fails for another reason shows as lost (socket.io keeps retrying)', () => {
    const { socket, store } = setUp(new FakeHttp(board(1)));
    socket.serverRefuses('websocket error');
    expect(store.getState().connection).toBe('disconnected');
  });

  it('keeps the board while signed out by the server, and forgets it when the user signs out', async () => {
    const { socket, store } = setUp(new FakeHttp(board(1)));
    socket.serverConnects(false);
    await settle();
    store.watchChair(1);
    socket.emitted.find((e) => e.event === 'chair:subscribe')?.ack?.({ ok: true, data: [sample(1)] });

    socket.serverDrops();
    socket.serverRefuses('unauthorized: session ended');
    // The page under the sign-in dialog still shows what it had.
    expect(store.getState().board.loaded).toBe(true);
    expect(seqs(store.getState().trends.get(1)!.samples)).toEqual([1]);

    store.disconnect();
    expect(store.getState()).toMatchObject({ connection: 'off', board: { loaded: false } });
    expect(store.getState().trends.size).toBe(0);
  });

  it('reads an open chair’s side effects and adds those charted or corrected since, from broadcasts and replies', async () => {
    const http = new FakeHttp(board(1));
    http.observations = [observation('o1')];
    const { socket, store } = setUp(http);
    socket.serverConnects(false);
    await settle();
    store.watchChair(1);
    await settle();
    expect(http.requests).toContain('/api/sessions/s1/observations');
    const log = () => store.getState().sideEffects.get(1)!;
    expect([...log().versions.keys()]).toEqual(['o1']);

    const latest = { id: 'o2', kind: 'vomiting' as const, severity: 1, observedAt: observation('o2', 2).observedAt };
    socket.send('observation:recorded', {
      eventId: 2,
      chairId: 1,
      observation: observation('o2', 2, { kind: 'vomiting', severity: 1 }),
      latest,
      consciousness: NO_CONSCIOUSNESS_CHARTED,
    });
    expect([...log().versions.keys()]).toEqual(['o1', 'o2']);
    expect(chairById(store.getState().board, 1)?.latestSideEffect).toEqual(latest);

    // The nurse's own correction shows from the reply; its broadcast later changes nothing.
    const correction = observation('o3', 1, { amendsId: 'o1', severity: 3, amendReason: 'worse than charted' });
    store.sideEffectSaved(correction);
    expect(log().versions.get('o1')?.supersededById).toBe('o3');
    const held = log();
    socket.send('observation:amended', {
      eventId: 3,
      chairId: 1,
      observation: correction,
      latest,
      consciousness: NO_CONSCIOUSNESS_CHARTED,
    });
    expect(log()).toBe(held);
  });

  it('starts an empty side-effect log when the open chair’s session changes, and reads the new one', async () => {
    const http = new FakeHttp(board(1));
    const { socket, store } = setUp(http);
    socket.serverConnects(false);
    await settle();
    store.watchChair(1);
    await settle();
    socket.send('session:ended', { eventId: 2, session: session('s1') });
    expect(store.getState().sideEffects.get(1)).toMatchObject({ sessionId: null });
    http.observations = [observation('n1', 1, { sessionId: 's2' })];
    socket.send('session:started', { eventId: 3, session: session('s2', 1, { phase: 'pre-infusion' }) });
    await settle();
    expect(http.requests.at(-1)).toBe('/api/sessions/s2/observations');
    expect([...store.getState().sideEffects.get(1)!.versions.keys()]).toEqual(['n1']);
  });

  it('applies a session update to the tile, and shows the nurse’s change from the server’s reply at once', async () => {
    const { socket, store } = setUp(new FakeHttp(board(1)));
    socket.serverConnects(false);
    await settle();
    socket.send('session:updated', { eventId: 2, session: session('s1', 1, { phase: 'paused' }) });
    expect(chairById(store.getState().board, 1)?.activeSession?.phase).toBe('paused');
    store.sessionChanged(session('s1', 1, { phase: 'infusing', rateMgPerH: 30 }));
    expect(chairById(store.getState().board, 1)?.activeSession).toMatchObject({ phase: 'infusing', rateMgPerH: 30 });
  });

  it('applies the alarm events as they come, those sent while the board loads after it, each once', async () => {
    const http = new FakeHttp({
      eventId: 100,
      chairs: [{ ...chair(1, session('s1')), alarms: [alarm('a1', 1, { priority: 'medium' })] }, chair(2)],
    });
    http.holding = '/api/chairs';
    const { socket, store } = setUp(http);
    socket.serverConnects(false);
    const acknowledged = { acknowledgedAt: at(3), acknowledgedBy: 'RN Jane Doe', silencedUntil: at(5) };
    socket.send('alarm:raised', { eventId: 99, alarm: alarm('old') });
    socket.send('alarm:raised', { eventId: 101, alarm: alarm('a2', 2) });
    socket.send('alarm:escalated', { eventId: 102, alarm: alarm('a1', 1, { escalatedAt: at(2) }) });
    http.release();
    await settle();
    const alarms = () => chairById(store.getState().board, 1)?.alarms.map((a) => `${a.id}:${a.priority}`);
    expect(alarms()).toEqual(['a1:high', 'a2:high']);

    socket.send('alarm:acknowledged', { eventId: 103, alarm: alarm('a2', 2, acknowledged) });
    expect(chairById(store.getState().board, 1)?.alarms[1]).toMatchObject(acknowledged);
    socket.send('alarm:cleared', { eventId: 104, alarm: alarm('a1', 1, { clearedAt: at(4) }) });
    expect(alarms()).toEqual(['a2:high']);
    // Sent again (a replay after a reconnect): applied once.
    socket.send('alarm:raised', { eventId: 101, alarm: alarm('a2', 2) });
    expect(chairById(store.getState().board, 1)?.alarms[0]).toMatchObject(acknowledged);
  });

  it('shows the nurse’s acknowledgement from the server’s reply at once, and drops an alarm that cleared meanwhile', async () => {
    const http = new FakeHttp({ eventId: 1, chairs: [{ ...chair(1, session('s1')), alarms: [alarm('a1'), alarm('a2', 2)] }] });
    const { socket, store } = setUp(http);
    socket.serverConnects(false);
    await settle();
    const acknowledged = alarm('a1', 1, { acknowledgedAt: at(3), acknowledgedBy: 'RN Jane Doe', silencedUntil: at(5) });
    store.alarmAcknowledged(acknowledged);
    expect(chairById(store.getState().board, 1)?.alarms[0]).toEqual(acknowledged);
    store.alarmGone(alarm('a2', 2));
    expect(chairById(store.getState().board, 1)?.alarms.map((a) => a.id)).toEqual(['a1']);
  });
});
