/**
 * The simulator's side of Chairside's public API: sessions (and what the nurse charts) over HTTP,
 * vitals over socket.io or HTTP.
 * Failures are returned as values saying whether a retry can help; only stopping throws (AbortError).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import type { BoardSnapshot } from '../server/src/contract/chairs.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/src/contract/events.ts';
import type { Observation, ObservationInput } from '../server/src/contract/observations.ts';
import type { DischargeInput, PreScoresInput, RateChangeInput, SessionDetail, SessionStartInput, TransitionInput } from '../server/src/contract/sessions.ts';
import type { VitalSample, VitalSampleInput } from '../server/src/contract/vitals.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; retryable: boolean; status?: number; message: string };

/** Where messages go; a pino logger (`app.log`) or `console` fits. */
export interface SimulationLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Connection {
  url: string;
  /** Device bearer token. */
  token: string;
  /** Aborting it stops every request in flight. */
  signal: AbortSignal;
}

/** The session routes a simulator token may call. A session opens in pre-infusion and ends by
 * discharge or abort (a transition). */
export interface ChairsideApi {
  listChairs(): Promise<Outcome<BoardSnapshot>>;
  startSession(input: SessionStartInput): Promise<Outcome<SessionDetail>>;
  recordPreScores(sessionId: string, input: PreScoresInput): Promise<Outcome<unknown>>;
  transition(sessionId: string, input: TransitionInput): Promise<Outcome<unknown>>;
  changeRate(sessionId: string, input: RateChangeInput): Promise<Outcome<unknown>>;
  discharge(sessionId: string, input: DischargeInput): Promise<Outcome<unknown>>;
  /** Idempotent: a retry with the same `id` is stored once. */
  recordObservation(sessionId: string, input: ObservationInput): Promise<Outcome<Observation>>;
}

/** Sends a chair's vitals; a retry with the same sample ids is stored once. */
export interface VitalsTransport {
  record(chairId: number, samples: VitalSampleInput[]): Promise<Outcome<VitalSample[]>>;
  close(): void;
}

const REQUEST_TIMEOUT_MS = 10_000;
const ACK_TIMEOUT_MS = 10_000;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 5_000;

/** Socket refusals that say nothing was stored and a retry may succeed (the HTTP 503 of the same failure). */
const RETRYABLE_ACK_CODES = new Set(['archive-unavailable']);
/** Statuses worth retrying: the server is restarting, overloaded or timed out. */
const isTransient = (status: number) => status >= 500 || status === 408 || status === 429;

function networkFailure(error: unknown): Outcome<never> {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  const message = typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause);
  return { ok: false, retryable: true, message };
}

async function request<T>(connection: Connection, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Outcome<T>> {
  const { url, token, signal } = connection;
  // A timer of our own, not AbortSignal.timeout: that one is unref'd, and a request stuck on a
  // half-open connection would otherwise let the process exit mid-wait.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.any([signal, timeout.signal]),
    });
    const text = await response.text();
    if (response.ok) return { ok: true, value: (text ? JSON.parse(text) : undefined) as T };
    return { ok: false, retryable: isTransient(response.status), status: response.status, message: `${method} ${path}: ${describeError(response.status, text)}` };
  } catch (error) {
    if (signal.aborted) throw error;
    return networkFailure(error);
  } finally {
    clearTimeout(timer);
  }
}

function describeError(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; field?: unknown };
    if (typeof body.message === 'string') return `${status} ${body.message}${typeof body.field === 'string' ? ` (${body.field})` : ''}`;
  } catch {
    // not a JSON error body: show the status alone
  }
  return `${status}`;
}

export function createApi(connection: Connection): ChairsideApi {
  const session = (sessionId: string, action: string) => `/api/sessions/${encodeURIComponent(sessionId)}/${action}`;
  return {
    listChairs: () => request(connection, 'GET', '/api/chairs'),
    startSession: (input) => request(connection, 'POST', '/api/sessions', input),
    recordPreScores: (sessionId, input) => request(connection, 'POST', session(sessionId, 'pre-scores'), input),
    transition: (sessionId, input) => request(connection, 'POST', session(sessionId, 'transitions'), input),
    changeRate: (sessionId, input) => request(connection, 'POST', session(sessionId, 'rate'), input),
    discharge: (sessionId, input) => request(connection, 'POST', session(sessionId, 'discharge'), input),
    recordObservation: (sessionId, input) => request(connection, 'POST', session(sessionId, 'observations'), input),
  };
}

export function createHttpVitals(connection: Connection): VitalsTransport {
  return {
    async record(chairId, samples) {
      const outcome = await request<{ samples: VitalSample[] }>(connection, 'POST', `/api/chairs/${chairId}/vitals`, { samples });
      return outcome.ok ? { ok: true, value: outcome.value.samples } : outcome;
    },
    close() {},
  };
}

/** One socket.io connection shared by every simulated chair, kept open and re-opened after failures. */
export function createSocketVitals(connection: Connection & { log: SimulationLog }): VitalsTransport {
  const { url, token, signal, log } = connection;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { token } });
  let retryTimer: NodeJS.Timeout | undefined;
  let wasConnected = false;
  socket.on('connect', () => {
    log.info(`vitals socket ${wasConnected ? 'reconnected' : 'connected'} to ${url}`);
    wasConnected = true;
  });
  // socket.io retries network failures by itself (`socket.active`), not a refusal or a kick by the server.
  const reconnectUnlessActive = () => {
    if (!socket.active) retryTimer = setTimeout(() => socket.connect(), BACKOFF_MAX_MS);
  };
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    log.warn(`vitals socket disconnected (${reason}); reconnecting`);
    reconnectUnlessActive();
  });
  socket.on('connect_error', (error) => {
    if (socket.active) return;
    log.warn(`vitals socket refused by the server (${error.message}); retrying in ${BACKOFF_MAX_MS / 1000} s`);
    reconnectUnlessActive();
  });
  /** Resolves true once connected, false after `timeoutMs` or when stopped. */
  const whenConnected = (timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (socket.connected) return resolve(true);
      const finish = (connected: boolean) => {
        clearTimeout(timer);
        socket.off('connect', onConnect);
        signal.removeEventListener('abort', onStop);
        resolve(connected);
      };
      const onConnect = () => finish(true);
      const onStop = () => finish(false);
      const timer = setTimeout(onStop, timeoutMs);
      socket.on('connect', onConnect);
      signal.addEventListener('abort', onStop);
    });
  return {
    async record(chairId, samples) {
      // Waiting rather than emitting keeps socket.io's send buffer from filling with copies while
      // disconnected, and lets every chair resume the moment the socket is back.
      if (!(await whenConnected(ACK_TIMEOUT_MS))) return { ok: false, retryable: true, message: 'vitals socket not connected' };
      try {
        const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('vitals:record', { chairId, samples });
        if (reply.ok) return { ok: true, value: reply.data };
        const { code, message, field } = reply.error;
        return { ok: false, retryable: RETRYABLE_ACK_CODES.has(code), message: `${code}: ${message}${field ? ` (${field})` : ''}` };
      } catch (error) {
        return { ok: false, retryable: true, message: error instanceof Error ? error.message : String(error) };
      }
    },
    close() {
      clearTimeout(retryTimer);
      socket.disconnect();
    },
  };
}

const backoffMs = (attempt: number) => Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);

/**
 * Repeats `attempt` with exponential back-off while it fails in a way a retry can fix, and returns
 * the first success or lasting failure. Logs the first failure and the recovery, not every retry.
 */
export async function retrying<T>(
  attempt: () => Promise<Outcome<T>>,
  { what, log, signal }: { what: string; log: SimulationLog; signal: AbortSignal },
): Promise<Outcome<T>> {
  for (let failures = 0; ; failures++) {
    const outcome = await attempt();
    if (outcome.ok || !outcome.retryable) {
      if (failures > 0 && outcome.ok) log.info(`${what}: succeeded after ${failures} failed attempt${failures === 1 ? '' : 's'}`);
      return outcome;
    }
    signal.throwIfAborted();
    if (failures === 0) log.warn(`${what}: ${outcome.message}; retrying`);
    await sleep(backoffMs(failures), undefined, { signal });
  }
}
