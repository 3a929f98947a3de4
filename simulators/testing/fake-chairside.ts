/**
 * A stand-in for the Chairside server's API as a simulator token sees it, for the simulator's tests:
 * the same routes, bearer token, socket event, contract validation (every body against the
 * contract's schema) and session rules (the phase table of `clinical/phases.ts`, Aldrete totals of
 * `clinical/discharge.ts`), with everything in memory, and switches to make it fail the way a real
 * server can (refusing writes, losing answers, dropping connections).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Server } from 'socket.io';
import { assessDischarge, type DischargeScale } from '../../server/src/clinical/discharge.ts';
import { plannedDoseMg, rateMgPerH } from '../../server/src/clinical/dose.ts';
import { transitionRefusal } from '../../server/src/clinical/phases.ts';
import type { BoardSnapshot } from '../../server/src/contract/chairs.ts';
import type { Ack } from '../../server/src/contract/errors.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/src/contract/events.ts';
import { NO_CONSCIOUSNESS_CHARTED, ObservationInput, type Observation } from '../../server/src/contract/observations.ts';
import {
  ACTIVE_PHASES,
  DischargeInput,
  PRESCRIPTION_LIMITS,
  PreScoresInput,
  RateChangeInput,
  SessionStartInput,
  TransitionInput,
  initials,
  type Phase,
  type SessionDetail,
  type SessionSummary,
} from '../../server/src/contract/sessions.ts';
import { MAX_CLOCK_SKEW_MS, VitalBatchInput, checkVitalSample, type VitalSampleInput } from '../../server/src/contract/vitals.ts';

export interface FakeEvent {
  atMs: number;
  kind: 'phase' | 'rate';
  fromPhase: Phase | null;
  toPhase: Phase | null;
  rateMgPerH: number | null;
  reason: string | null;
}

export interface FakeSession {
  id: string;
  chairId: number;
  input: SessionStartInput;
  phase: Phase;
  startedAtMs: number;
  endedAtMs: number | null;
  rateMgPerH: number;
  painBefore: number | null;
  sedationBefore: number | null;
  events: FakeEvent[];
  discharge: (DischargeInput & { total: number }) | null;
  abortReason: string | null;
}

export interface StoredSample extends VitalSampleInput {
  id: string;
  chairId: number;
  sessionId: string | null;
  receivedAtMs: number;
}

export interface StoredObservation extends ObservationInput {
  sessionId: string;
  receivedAtMs: number;
}

/** Every API call, in the order it arrived, and how it was answered. */
export interface FakeCall {
  atMs: number;
  method: string;
  path: string;
  body: unknown;
  /** The status sent back. */
  status: number;
  /** Carried out (even if the answer was then lost). */
  applied: boolean;
}

type Refusal = { status: number; code: string; message: string; field?: string };
type Outcome<T> = { ok: true; data: T } | { ok: false; error: Refusal };

const ajv = new Ajv({ strict: false });
(addFormats as unknown as (a: Ajv) => Ajv)(ajv);
const schemas = {
  start: ajv.compile(SessionStartInput),
  preScores: ajv.compile(PreScoresInput),
  transition: ajv.compile(TransitionInput),
  rate: ajv.compile(RateChangeInput),
  discharge: ajv.compile(DischargeInput),
  observation: ajv.compile(ObservationInput),
  batch: ajv.compile(VitalBatchInput),
};

const isActive = (phase: Phase) => ACTIVE_PHASES.includes(phase);

export async function startFakeChairside({ chairs = 4, token = 'test-token' } = {}) {
  const sessions: FakeSession[] = [];
  const samples = new Map<string, StoredSample>();
  const observations = new Map<string, StoredObservation>();
  const calls: FakeCall[] = [];
  /** Every vitals request, refused or not, with the ids it carried. */
  const attempts: { chairId: number; ids: string[] }[] = [];
  let refuseVitals = 0;
  /** Requests answered otherwise than by the rules: lost answers, refusals. */
  const interference: { pattern: RegExp; count: number; carryOut: boolean; status: number; message: string }[] = [];

  const activeSession = (chairId: number) => sessions.find((s) => s.chairId === chairId && isActive(s.phase)) ?? null;
  const refuse = (status: number, code: string, message: string, field?: string): Outcome<never> => ({
    ok: false,
    error: { status, code, message, ...(field ? { field } : {}) },
  });
  /** Like the server since issue #4: a 409 says what the conflict is in its message only. */
  const conflict = (message: string, field?: string) => refuse(409, 'Conflict', message, field);
  const invalid = (validate: ValidateFunction) => refuse(400, 'Bad Request', ajv.errorsText(validate.errors));

  function recordVitals(chairId: number, body: unknown): Outcome<StoredSample[]> {
    const ids = (body as { samples?: { id?: string }[] })?.samples?.map((s) => s.id ?? '') ?? [];
    attempts.push({ chairId, ids });
    if (!Number.isInteger(chairId) || chairId < 1 || chairId > chairs) return refuse(404, 'unknown-chair', `there is no chair ${chairId}`);
    if (refuseVitals > 0) {
      refuseVitals--;
      return refuse(503, 'archive-unavailable', 'nothing was stored, retry');
    }
    if (!schemas.batch(body)) return refuse(400, 'invalid-sample', ajv.errorsText(schemas.batch.errors));
    const batch = (body as { samples: VitalSampleInput[] }).samples;
    for (const sample of batch) {
      const issue = checkVitalSample(sample);
      if (issue) return refuse(400, 'invalid-sample', `${issue.field}: ${issue.message}`);
    }
    const sessionId = activeSession(chairId)?.id ?? null;
    const stored = batch.map((sample) => {
      const key = `${chairId}:${sample.id}`;
      const existing = samples.get(key);
      if (existing) return existing;
      const row = { ...sample, id: sample.id ?? randomUUID(), chairId, sessionId, receivedAtMs: Date.now() };
      samples.set(key, row);
      return row;
    });
    return { ok: true, data: stored };
  }

  function startSession(body: unknown): Outcome<SessionDetail> {
    if (!schemas.start(body)) return invalid(schemas.start);
    const input = body as SessionStartInput;
    if (input.chairId > chairs) return refuse(404, 'Not Found', `chairId: there is no chair ${input.chairId}`, 'chairId');
    const busy = activeSession(input.chairId);
    if (busy) return conflict(`chairId: Chair ${input.chairId} already has an active session (${busy.id})`, 'chairId');
    const doseMg = plannedDoseMg(input.weightKg, input.doseMgPerKg ?? PRESCRIPTION_LIMITS.doseMgPerKg.default);
    const durationS = (input.plannedMinutes ?? PRESCRIPTION_LIMITS.plannedMinutes.default) * 60;
    const now = Date.now();
    const session: FakeSession = {
      id: randomUUID(),
      chairId: input.chairId,
      input,
      phase: 'pre-infusion',
      startedAtMs: now,
      endedAtMs: null,
      rateMgPerH: rateMgPerH(doseMg, durationS),
      painBefore: null,
      sedationBefore: null,
      events: [{ atMs: now, kind: 'phase', fromPhase: null, toPhase: 'pre-infusion', rateMgPerH: null, reason: null }],
      discharge: null,
      abortReason: null,
    };
    sessions.push(session);
    return { ok: true, data: detail(session) };
  }

  /** The session, if it exists and is still active. */
  function openSession(id: string): Outcome<FakeSession> {
    const session = sessions.find((s) => s.id === id);
    if (!session) return refuse(404, 'Not Found', `id: there is no session ${id}`, 'id');
    if (!isActive(session.phase)) return conflict(`the session is closed (${session.phase})`, 'id');
    return { ok: true, data: session };
  }

  function recordPreScores(id: string, body: unknown): Outcome<SessionDetail> {
    if (!schemas.preScores(body)) return invalid(schemas.preScores);
    const found = openSession(id);
    if (!found.ok) return found;
    const session = found.data;
    if (session.phase !== 'pre-infusion') return conflict(`pre scores are recorded before the infusion (the session is ${session.phase})`);
    Object.assign(session, body as PreScoresInput);
    return { ok: true, data: detail(session) };
  }

  /** A back-timed change is neither in the future nor before the session's last change. */
  function timeOf(session: FakeSession, at: string | undefined): Outcome<number> {
    const now = Date.now();
    if (at === undefined) return { ok: true, data: now };
    const atMs = Date.parse(at);
    if (atMs > now + MAX_CLOCK_SKEW_MS) return refuse(400, 'Bad Request', 'at: in the future', 'at');
    if (atMs < session.events.at(-1)!.atMs) return refuse(400, 'Bad Request', "at: before the session's last change", 'at');
    return { ok: true, data: atMs };
  }

  function transition(id: string, body: unknown): Outcome<SessionDetail> {
    if (!schemas.transition(body)) return invalid(schemas.transition);
    const { to, reason, at } = body as TransitionInput;
    const found = openSession(id);
    if (!found.ok) return found;
    const session = found.data;
    const refusal = transitionRefusal(session.phase, to);
    if (refusal) return conflict(refusal);
    if (to === 'aborted' && !reason) return refuse(400, 'Bad Request', 'reason: say why the session is aborted', 'reason');
    if (to === 'infusing' && session.phase === 'pre-infusion') {
      if (session.painBefore === null) return conflict('record the pre scores before starting the infusion');
      const hasBp = [...samples.values()].some((s) => s.sessionId === session.id && s.sbp !== undefined && s.dbp !== undefined);
      if (!hasBp) return conflict('record a baseline blood pressure before starting the infusion');
    }
    const time = timeOf(session, at);
    if (!time.ok) return time;
    session.events.push({ atMs: time.data, kind: 'phase', fromPhase: session.phase, toPhase: to, rateMgPerH: null, reason: reason ?? null });
    session.phase = to;
    if (to === 'aborted') {
      session.abortReason = reason!;
      session.endedAtMs = time.data;
    }
    return { ok: true, data: detail(session) };
  }

  function changeRate(id: string, body: unknown): Outcome<SessionDetail> {
    if (!schemas.rate(body)) return invalid(schemas.rate);
    const found = openSession(id);
    if (!found.ok) return found;
    const session = found.data;
    if (session.phase !== 'infusing' && session.phase !== 'paused') return conflict(`the rate changes while infusing or paused (the session is ${session.phase})`);
    const { rateMgPerH: rate, reason, at } = body as RateChangeInput;
    const time = timeOf(session, at);
    if (!time.ok) return time;
    session.events.push({ atMs: time.data, kind: 'rate', fromPhase: null, toPhase: null, rateMgPerH: rate, reason });
    session.rateMgPerH = rate;
    return { ok: true, data: detail(session) };
  }

  function discharge(id: string, body: unknown): Outcome<SessionDetail> {
    if (!schemas.discharge(body)) return invalid(schemas.discharge);
    const input = body as DischargeInput;
    const found = openSession(id);
    if (!found.ok) return found;
    const session = found.data;
    const refusal = transitionRefusal(session.phase, 'discharged');
    if (refusal) return conflict(refusal);
    const assessed = assessDischarge(input.scale as DischargeScale, input.scores);
    if ('invalid' in assessed) return refuse(400, 'Bad Request', `scores.${assessed.invalid}: a whole score from 0 to 2`, `scores.${assessed.invalid}`);
    if (!assessed.ready && !input.override) return refuse(400, 'Bad Request', `override: a total of ${assessed.total} is below 9; say why the patient leaves`, 'override');
    const now = Date.now();
    session.events.push({ atMs: now, kind: 'phase', fromPhase: session.phase, toPhase: 'discharged', rateMgPerH: null, reason: input.override ?? null });
    session.phase = 'discharged';
    session.endedAtMs = now;
    session.discharge = { ...input, total: assessed.total };
    return { ok: true, data: detail(session) };
  }

  function recordObservation(id: string, body: unknown): Outcome<Observation> {
    if (!schemas.observation(body)) return invalid(schemas.observation);
    const input = body as ObservationInput;
    const session = sessions.find((s) => s.id === id);
    if (!session) return refuse(404, 'Not Found', `id: there is no session ${id}`, 'id');
    const repeat = observations.get(input.id);
    if (repeat) return repeat.sessionId === id ? { ok: true, data: toObservation(repeat) } : conflict('id: already used for another entry', 'id');
    if (!isActive(session.phase)) return conflict(`the session is ${session.phase}; a supervisor amends closed records`, 'id');
    if (input.kind === 'sedation' && input.sedationScore === undefined) return refuse(400, 'Bad Request', 'sedationScore: sedation needs a MOAA/S score', 'sedationScore');
    if (input.kind === 'other' && !input.detail) return refuse(400, 'Bad Request', 'detail: say what "other" was', 'detail');
    const now = Date.now();
    const observedAtMs = input.observedAt ? Date.parse(input.observedAt) : now;
    if (observedAtMs > now + MAX_CLOCK_SKEW_MS) return refuse(400, 'Bad Request', 'observedAt is in the future', 'observedAt');
    if (observedAtMs < session.startedAtMs) return refuse(400, 'Bad Request', 'observedAt is before the session started', 'observedAt');
    const stored = { ...input, observedAt: new Date(observedAtMs).toISOString(), sessionId: id, receivedAtMs: now };
    observations.set(input.id, stored);
    return { ok: true, data: toObservation(stored) };
  }

  const toObservation = (o: StoredObservation): Observation => ({
    id: o.id,
    clientId: o.id,
    sessionId: o.sessionId,
    kind: o.kind,
    severity: o.severity,
    sedationScore: o.sedationScore ?? null,
    detail: o.detail ?? null,
    note: o.note ?? null,
    intervention: o.intervention ? { kind: o.intervention.kind, detail: o.intervention.detail ?? null } : null,
    observedAt: o.observedAt!,
    recordedAt: new Date(o.receivedAtMs).toISOString(),
    byName: 'Simulator',
    amendsId: null,
    amendReason: null,
    struck: false,
    supersededById: null,
  });

  const iso = (ms: number) => new Date(ms).toISOString();

  function summary(s: FakeSession): SessionSummary {
    const doseMgPerKg = s.input.doseMgPerKg ?? PRESCRIPTION_LIMITS.doseMgPerKg.default;
    return {
      id: s.id,
      chairId: s.chairId,
      patientInitials: initials(s.input.patient.givenName, s.input.patient.familyName),
      phase: s.phase,
      seriesNumber: 1,
      seriesLength: PRESCRIPTION_LIMITS.seriesLength,
      weightKg: s.input.weightKg,
      doseMgPerKg,
      plannedDoseMg: plannedDoseMg(s.input.weightKg, doseMgPerKg),
      plannedDurationS: (s.input.plannedMinutes ?? PRESCRIPTION_LIMITS.plannedMinutes.default) * 60,
      rateMgPerH: s.rateMgPerH,
      startedAt: iso(s.startedAtMs),
      endedAt: s.endedAtMs === null ? null : iso(s.endedAtMs),
      pumpEvents: s.events.map((e) => (e.kind === 'rate' ? { at: iso(e.atMs), rateMgPerH: e.rateMgPerH! } : { at: iso(e.atMs), phase: e.toPhase! })),
      painBefore: s.painBefore,
      sedationBefore: s.sedationBefore,
      baseline: {},
      alarmLimits: {},
    };
  }

  function detail(s: FakeSession): SessionDetail {
    const { clinicId, givenName, familyName, birthDate } = s.input.patient;
    return {
      ...summary(s),
      patient: { id: `patient-${clinicId}`, clinicId, givenName, familyName, birthDate: birthDate ?? null },
      prescriber: s.input.prescriber ?? null,
      notes: s.input.notes ?? null,
      history: s.events.map((e) => ({ at: iso(e.atMs), kind: e.kind, fromPhase: e.fromPhase, toPhase: e.toPhase, rateMgPerH: e.rateMgPerH, reason: e.reason, byName: 'Simulator' })),
      discharge: s.discharge && { scale: s.discharge.scale, score: s.discharge.total, override: s.discharge.override ?? null, painAfter: s.discharge.painAfter ?? null },
      abortReason: s.abortReason,
    };
  }

  const board = (): BoardSnapshot => ({
    eventId: 0,
    chairs: Array.from({ length: chairs }, (_, i) => {
      const session = activeSession(i + 1);
      return { id: i + 1, name: `Chair ${i + 1}`, ward: 'main', inService: true, activeSession: session && summary(session), latest: {}, lastSampleAt: null, latestSideEffect: null, consciousness: NO_CONSCIOUSNESS_CHARTED, alarms: [] };
    }),
  });

  const SESSION_ROUTES: Record<string, (id: string, body: unknown) => [Outcome<unknown>, number]> = {
    'pre-scores': (id, body) => [recordPreScores(id, body), 200],
    transitions: (id, body) => [transition(id, body), 200],
    rate: (id, body) => [changeRate(id, body), 200],
    discharge: (id, body) => [discharge(id, body), 200],
    observations: (id, body) => [recordObservation(id, body), 201],
  };

  function route(request: IncomingMessage, body: unknown): [number, unknown] {
    if (request.headers.authorization !== `Bearer ${token}`) return [401, { statusCode: 401, error: 'Unauthorized', message: 'authorization: the token is not valid' }];
    const { pathname } = new URL(request.url ?? '/', 'http://fake');
    const reply = (outcome: Outcome<unknown>, status: number): [number, unknown] =>
      outcome.ok ? [status, outcome.data] : [outcome.error.status, { statusCode: outcome.error.status, error: outcome.error.code, message: outcome.error.message, field: outcome.error.field }];
    let match: RegExpExecArray | null;
    if (request.method === 'GET' && pathname === '/api/chairs') return [200, board()];
    if (request.method === 'POST' && pathname === '/api/sessions') return reply(startSession(body), 201);
    if (request.method === 'POST' && (match = /^\/api\/sessions\/([^/]+)\/([a-z-]+)$/.exec(pathname)) && SESSION_ROUTES[match[2]]) {
      return reply(...SESSION_ROUTES[match[2]](decodeURIComponent(match[1]), body));
    }
    if (request.method === 'POST' && (match = /^\/api\/chairs\/(\d+)\/vitals$/.exec(pathname))) {
      const outcome = recordVitals(Number(match[1]), body);
      return reply(outcome.ok ? { ok: true, data: { samples: outcome.data } } : outcome, 201);
    }
    return [404, { statusCode: 404, error: 'Not Found', message: `Route ${request.method}:${pathname} not found` }];
  }

  const http = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    const body = text ? JSON.parse(text) : undefined;
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const meddle = interference.find((m) => m.count > 0 && m.pattern.test(`${request.method} ${path} ${text}`));
    let [status, answer] = !meddle || meddle.carryOut ? route(request, body) : [0, null];
    const applied = status >= 200 && status < 300;
    // A lost answer is one that would have said yes.
    if (meddle && (!meddle.carryOut || applied)) {
      meddle.count--;
      [status, answer] = [meddle.status, { statusCode: meddle.status, error: 'Interference', message: meddle.message }];
    }
    calls.push({ atMs: Date.now(), method: request.method ?? '', path, body, status, applied });
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  io.use((socket, next) => (socket.handshake.auth?.token === token ? next() : next(new Error('unauthorized: the token is not valid'))));
  io.on('connection', (socket) => {
    socket.on('vitals:record', (request, ack) => {
      const { chairId, ...body } = request;
      const outcome = recordVitals(chairId, body);
      const reply = outcome.ok ? outcome : { ok: false as const, error: { code: outcome.error.code, message: outcome.error.message } };
      (ack as (reply: Ack<unknown>) => void)(reply);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    token,
    sessions,
    samples: () => [...samples.values()],
    observations: () => [...observations.values()],
    calls,
    attempts,
    board,
    detail,
    /** Session left active on a chair, as by an earlier run stopped mid-session. */
    leaveSessionOpen(chairId: number, clinicId = 'EARLIER-RUN') {
      const input = { chairId, patient: { clinicId, givenName: 'Earlier', familyName: 'Run' }, weightKg: 70 };
      const started = startSession(input);
      if (!started.ok) throw new Error(started.error.message);
      return sessions.find((s) => s.id === started.data.id)!;
    },
    /** A nurse aborts a session from the board. */
    abort(sessionId: string, reason = 'aborted by a nurse') {
      const aborted = transition(sessionId, { to: 'aborted', reason });
      if (!aborted.ok) throw new Error(aborted.error.message);
    },
    /** Refuse the next `count` vitals writes with "nothing was stored, retry". */
    refuseNextVitals(count: number) {
      refuseVitals = count;
    },
    /** Carry out the next `count` requests matching `pattern` (tested against "METHOD /path body") but
     * answer 503, as when the answer is lost on the way back. */
    loseNextAnswers(pattern: RegExp, count = 1) {
      interference.push({ pattern, count, carryOut: true, status: 503, message: 'the answer was lost' });
    },
    /** Refuse the next `count` requests matching `pattern` without carrying them out. */
    refuseNext(pattern: RegExp, { status, message }: { status: number; message: string }, count = 1) {
      interference.push({ pattern, count, carryOut: false, status, message });
    },
    /** Cut every socket's transport, as a restarting server does. */
    dropConnections() {
      for (const socket of io.sockets.sockets.values()) socket.conn.close();
    },
    async close() {
      await io.close(); // also closes the HTTP server
    },
  };
}

export type FakeChairside = Awaited<ReturnType<typeof startFakeChairside>>;
