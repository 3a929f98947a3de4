/**
 * The load generator of the ingest benchmarks (tests/bench/ingest.ts, memory.ts): chairs in an
 * infusion streaming full vitals at a set rate over the simulators' own transports (socket.io
 * `vitals:record` with its ack, or HTTP POST), each sample with an id of its own; and dashboards
 * (signed-in board sockets) in a child process of their own, reporting when the last of them has
 * received each sample. The dashboards run apart so that parsing every broadcast ten times does
 * not hold up the senders, and the senders do not delay the dashboards' receipts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/src/contract/events.ts';
import type { VitalSampleInput } from '../server/src/contract/vitals.ts';
import { BOARD_RESYNC_INTERVAL_MS } from '../client/src/live/live-store.ts';
import {
  createApi,
  createHttpVitals,
  createSocketVitals,
  type Connection,
  type Outcome,
  type SimulationLog,
  type VitalsTransport,
} from './api.ts';

/** Milliseconds on the system's monotonic clock: comparable between the processes of one machine,
 * which `performance.now()` is not (each process counts from its own start). */
export const clock = () => Number(process.hrtime.bigint()) / 1e6;

/** Steady, unremarkable full vitals (they raise no alarm): the load is under test, not the physiology. */
export const FULL_VITALS = { hr: 80, sbp: 120, dbp: 80, spo2: 97, rr: 14, etco2: 38 } as const;

export interface Rate {
  /** Messages a second from each chair. */
  perChairHz: number;
  /** Samples in each message (a monitor that sends its readings in batches). */
  samplesPerMessage: number;
}

export const samplesPerSecond = (rate: Rate, chairs: number) => chairs * rate.perChairHz * rate.samplesPerMessage;

/**
 * When each message is due: the chairs take turns, evenly spaced, so N chairs at r Hz offer N·r
 * messages a second smoothly rather than all at the top of each second. Open loop: messages missed
 * while the sender was held up are all due at once (and sent late, which is reported), so a slow
 * server cannot lower the load it is offered.
 */
export class RateSchedule {
  #next = 0;
  readonly #intervalMs: number;

  constructor(
    readonly chairs: number,
    perChairHz: number,
    readonly start: number,
  ) {
    this.#intervalMs = 1000 / (chairs * perChairHz);
  }

  /** The messages due by `now` and not taken yet, oldest first: the chair's index and when it was due. */
  take(now: number): { chair: number; dueAt: number }[] {
    const due: { chair: number; dueAt: number }[] = [];
    for (let dueAt = this.#dueAt(this.#next); dueAt <= now; dueAt = this.#dueAt(++this.#next)) {
      due.push({ chair: this.#next % this.chairs, dueAt });
    }
    return due;
  }

  #dueAt(k: number) {
    return this.start + k * this.#intervalMs;
  }
}

function unwrap<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`${what}: ${outcome.message}`);
  return outcome.value;
}

/** A chair into an infusing session through the public API, as a nurse (or the simulator) would:
 * a session, the pre-infusion scores, a baseline reading, then the start. */
export async function infuseChair(server: { url: string; token: string }, chairId: number): Promise<void> {
  const connection: Connection = { ...server, signal: new AbortController().signal };
  const api = createApi(connection);
  const session = unwrap(
    await api.startSession({
      chairId,
      patient: { clinicId: `LOAD-${chairId}`, givenName: 'Load', familyName: `Chair${chairId}` },
      weightKg: 70,
    }),
    `chair ${chairId}: opening a session`,
  );
  unwrap(await api.recordPreScores(session.id, { painBefore: 5, sedationBefore: 5 }), `chair ${chairId}: pre-infusion scores`);
  unwrap(
    await createHttpVitals(connection).record(chairId, [{ recordedAt: new Date().toISOString(), ...FULL_VITALS }]),
    `chair ${chairId}: baseline`,
  );
  unwrap(await api.transition(session.id, { to: 'infusing' }), `chair ${chairId}: starting the infusion`);
}

/** One message of the stream, as sent and then as answered. */
export interface SentMessage {
  chairId: number;
  /** Running number of its first sample (the others follow); a sample's id is the load's `idPrefix` and its number. */
  first: number;
  samples: number;
  dueAt: number;
  sentAt: number;
  /** 0 until answered. */
  answeredAt: number;
  /** Why it was not stored; absent when it was. */
  error?: string;
}

export interface LoadOptions {
  url: string;
  /** A machine token that may record vitals. */
  token: string;
  chairIds: number[];
  transport: 'socket.io' | 'HTTP';
  /** socket.io: the chairs are spread over this many device connections. */
  deviceSockets: number;
  idPrefix: string;
  /** Just before each message is sent. */
  onSent?: (message: SentMessage) => void;
  /** When the server has answered a message (or it failed). */
  onAnswered?: (message: SentMessage) => void;
  /** Transport warnings (a dropped socket…). */
  log: (line: string) => void;
}

export interface Load {
  /** From now on, sends at `rate` (replacing the previous one). */
  start(rate: Rate): void;
  /** Stops sending; resolves once every message sent has been answered or has timed out. */
  pause(): Promise<void>;
  close(): Promise<void>;
  /** Samples so far: sent, stored (acknowledged), and refused or unanswered. */
  readonly counts: { sent: number; acked: number; failed: number };
}

/** How often the sender looks for due messages. */
const TICK_MS = 1;

export function startLoad(options: LoadOptions): Load {
  const { chairIds, idPrefix, onSent, onAnswered } = options;
  const stop = new AbortController();
  // Every request in flight listens to it.
  setMaxListeners(0, stop.signal);
  const connection: Connection = { url: options.url, token: options.token, signal: stop.signal };
  const log: SimulationLog = { info: () => {}, warn: options.log, error: options.log };
  const transports: VitalsTransport[] =
    options.transport === 'HTTP'
      ? [createHttpVitals(connection)]
      : Array.from({ length: options.deviceSockets }, () => createSocketVitals({ ...connection, log }));
  const counts = { sent: 0, acked: 0, failed: 0 };
  let inFlight = 0;
  let answeredAll: (() => void) | undefined;
  let sending: { schedule: RateSchedule; loop: Promise<void> } | undefined;

  const send = (chairId: number, rate: Rate, dueAt: number) => {
    const now = Date.now();
    // A batch holds the readings taken since the chair's last message, evenly spaced.
    const spacingMs = 1000 / (rate.perChairHz * rate.samplesPerMessage);
    const samples: VitalSampleInput[] = Array.from({ length: rate.samplesPerMessage }, (_, i) => ({
      id: `${idPrefix}${counts.sent + i}`,
      recordedAt: new Date(now - (rate.samplesPerMessage - 1 - i) * spacingMs).toISOString(),
      ...FULL_VITALS,
    }));
    const message: SentMessage = { chairId, first: counts.sent, samples: samples.length, dueAt, sentAt: 0, answeredAt: 0 };
    counts.sent += samples.length;
    inFlight++;
    message.sentAt = clock();
    onSent?.(message);
    void transports[chairId % transports.length].record(chairId, samples).then((outcome) => {
      message.answeredAt = clock();
      if (outcome.ok) counts.acked += message.samples;
      else {
        message.error = outcome.message;
        counts.failed += message.samples;
      }
      inFlight--;
      onAnswered?.(message);
      if (inFlight === 0) answeredAll?.();
    });
  };

  const run = async (schedule: RateSchedule, rate: Rate) => {
    while (sending?.schedule === schedule) {
      for (const { chair, dueAt } of schedule.take(clock())) send(chairIds[chair], rate, dueAt);
      await sleep(TICK_MS);
    }
  };

  const pause = async () => {
    const loop = sending?.loop;
    sending = undefined;
    await loop;
    if (inFlight > 0) await new Promise<void>((resolve) => (answeredAll = resolve));
    answeredAll = undefined;
  };

  return {
    start(rate) {
      const schedule = new RateSchedule(chairIds.length, rate.perChairHz, clock());
      const previous = sending?.loop;
      sending = { schedule, loop: (previous ?? Promise.resolve()).then(() => run(schedule, rate)) };
    },
    pause,
    async close() {
      await pause();
      stop.abort();
      for (const transport of transports) transport.close();
    },
    counts,
  };
}

/** What the dashboards saw since they were last reset. */
export interface BoardsReport {
  /** `vitals:recorded` events one board received: one per commit of new samples. */
  events: number;
  /** Samples in those events (the load's and any other). */
  samples: number;
  /** Board sockets that dropped since they connected. */
  disconnects: number;
  /** The dashboards' process's event-loop delay p99 (ms): its own share of each receipt time. */
  loopDelayP99: number;
}

export interface BoardsOptions {
  url: string;
  /** A signed-in staff member's Cookie header value (every board shares the sign-in). */
  cookie: string;
  boards: number;
  /** Only samples whose id starts with it are tracked (see `startLoad`). */
  idPrefix: string;
}

export interface Boards {
  pid: number;
  /** Restarts the counts and the event-loop delay of the next report. */
  reset(): void;
  report(): Promise<BoardsReport>;
  close(): Promise<void>;
}

type ToBoards = { type: 'start'; options: BoardsOptions } | { type: 'reset' } | { type: 'report' };
type FromBoards =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  /** Pairs of (sample number, time the last board received it). */
  | { type: 'received'; pairs: Float64Array }
  | { type: 'report'; report: BoardsReport };

/**
 * Starts `boards` dashboards in a child process, each a board socket on the ward (as the
 * dashboard's live store holds one); `onReceived` hears of each of the load's samples once every
 * board has received it, with the time the last one did (on `clock()`).
 */
export async function startBoards(options: BoardsOptions, onReceived: (sample: number, at: number) => void): Promise<Boards> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['boards'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let reported: ((report: BoardsReport) => void) | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: FromBoards) => {
      if (message.type === 'ready') resolve();
      else if (message.type === 'failed') reject(new Error(`dashboards: ${message.message}`));
      else if (message.type === 'received') {
        for (let i = 0; i < message.pairs.length; i += 2) onReceived(message.pairs[i], message.pairs[i + 1]);
      } else reported?.(message.report);
    });
    void exited.then(() => reject(new Error('the dashboards process exited')));
  });
  const send = (message: ToBoards) => child.send(message);
  send({ type: 'start', options });
  await ready;
  return {
    pid: child.pid!,
    reset: () => send({ type: 'reset' }),
    report: () =>
      new Promise((resolve) => {
        reported = resolve;
        send({ type: 'report' });
      }),
    async close() {
      child.kill();
      await exited;
    },
  };
}

/** How often the dashboards' process passes on what it received. */
const BOARDS_FLUSH_MS = 20;

/** The dashboards' process (see `startBoards`). */
async function runBoards(options: BoardsOptions) {
  const { boards, idPrefix } = options;
  const send = (message: FromBoards) => process.send!(message);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const counts = { events: 0, samples: 0, disconnects: 0 };
  /** Boards that have received each sample so far, until all have. */
  const seenBy = new Map<number, number>();
  let received: number[] = [];
  for (let board = 0; board < boards; board++) {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie: options.cookie },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    socket.on('disconnect', () => counts.disconnects++);
    socket.on('vitals:recorded', ({ samples }) => {
      const at = clock();
      if (board === 0) {
        counts.events++;
        counts.samples += samples.length;
      }
      for (const { id } of samples) {
        if (!id.startsWith(idPrefix)) continue;
        const sample = Number(id.slice(idPrefix.length));
        const seen = (seenBy.get(sample) ?? 0) + 1;
        if (seen < boards) seenBy.set(sample, seen);
        else {
          seenBy.delete(sample);
          received.push(sample, at);
        }
      }
    });
  }
  // Each dashboard re-reads the board every minute, as the client's store does; that is also what
  // keeps a nurse's sign-in from ending idle under an open board.
  setInterval(() => {
    for (let board = 0; board < boards; board++) {
      void fetch(`${options.url}/api/chairs`, { headers: { cookie: options.cookie } })
        .then((response) => response.body?.cancel())
        .catch(() => {});
    }
  }, BOARD_RESYNC_INTERVAL_MS);
  setInterval(() => {
    if (received.length === 0) return;
    send({ type: 'received', pairs: Float64Array.from(received) });
    received = [];
  }, BOARDS_FLUSH_MS);
  process.on('message', (message: ToBoards) => {
    if (message.type === 'reset') {
      Object.assign(counts, { events: 0, samples: 0 });
      loop.reset();
    } else if (message.type === 'report') {
      send({ type: 'report', report: { ...counts, loopDelayP99: loop.percentile(99) / 1e6 } });
    }
  });
  send({ type: 'ready' });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === 'boards') {
  process.once('message', (message: ToBoards) => {
    if (message.type !== 'start') return;
    runBoards(message.options).catch((error: unknown) => {
      process.send!({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromBoards);
      process.exit(1);
    });
  });
  // Gone with the benchmark, whatever way it ends.
  process.on('disconnect', () => process.exit(0));
}
