/**
 * A stand-in for the Chairside server's device API, for the simulator's tests: the same routes,
 * bearer token, socket event and contract validation, with the archive in memory, and switches to
 * make it fail the way a real server can (refusing writes, dropping connections).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { Server } from 'socket.io';
import type { Ack } from '../../server/src/contract/errors.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/src/contract/events.ts';
import { SessionStartInput } from '../../server/src/contract/sessions.ts';
import { VitalBatchInput, checkVitalSample, type VitalSampleInput } from '../../server/src/contract/vitals.ts';

export interface FakeSession {
  id: string;
  chairId: number;
  input: SessionStartInput;
  phase: 'infusing' | 'discharged';
  startedAtMs: number;
  endedAtMs: number | null;
}

export interface StoredSample extends VitalSampleInput {
  id: string;
  chairId: number;
  sessionId: string | null;
  receivedAtMs: number;
}

type Refusal = { status: number; code: string; message: string };
type Outcome<T> = { ok: true; data: T } | { ok: false; error: Refusal };

const ajv = new Ajv({ strict: false });
(addFormats as unknown as (a: Ajv) => Ajv)(ajv);
const validSessionStart = ajv.compile(SessionStartInput);
const validBatch = ajv.compile(VitalBatchInput);

export async function startFakeChairside({ chairs = 4, token = 'test-token' } = {}) {
  const sessions: FakeSession[] = [];
  const samples = new Map<string, StoredSample>();
  /** Every vitals request, refused or not, with the ids it carried. */
  const attempts: { chairId: number; ids: string[] }[] = [];
  let refuseVitals = 0;

  const activeSession = (chairId: number) => sessions.find((s) => s.chairId === chairId && s.phase === 'infusing') ?? null;
  const refuse = (status: number, code: string, message: string): Outcome<never> => ({ ok: false, error: { status, code, message } });

  function recordVitals(chairId: number, body: unknown): Outcome<StoredSample[]> {
    const ids = (body as { samples?: { id?: string }[] })?.samples?.map((s) => s.id ?? '') ?? [];
    attempts.push({ chairId, ids });
    if (!Number.isInteger(chairId) || chairId < 1 || chairId > chairs) return refuse(404, 'unknown-chair', `there is no chair ${chairId}`);
    if (refuseVitals > 0) {
      refuseVitals--;
      return refuse(503, 'archive-unavailable', 'nothing was stored, retry');
    }
    if (!validBatch(body)) return refuse(400, 'invalid-sample', ajv.errorsText(validBatch.errors));
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

  function startSession(body: unknown): Outcome<FakeSession> {
    if (!validSessionStart(body)) return refuse(400, 'invalid-session', ajv.errorsText(validSessionStart.errors));
    const input = body as SessionStartInput;
    if (input.chairId > chairs) return refuse(404, 'unknown-chair', `there is no chair ${input.chairId}`);
    if (activeSession(input.chairId)) return refuse(409, 'chair-busy', `chair ${input.chairId} already has an active session`);
    const session: FakeSession = { id: randomUUID(), chairId: input.chairId, input, phase: 'infusing', startedAtMs: Date.now(), endedAtMs: null };
    sessions.push(session);
    return { ok: true, data: session };
  }

  function endSession(id: string): Outcome<FakeSession> {
    const session = sessions.find((s) => s.id === id);
    if (!session) return refuse(404, 'unknown-session', `there is no session ${id}`);
    if (session.phase !== 'infusing') return refuse(409, 'session-closed', 'the session is already discharged');
    session.phase = 'discharged';
    session.endedAtMs = Date.now();
    return { ok: true, data: session };
  }

  const summary = (s: FakeSession) => ({ id: s.id, chairId: s.chairId, phase: s.phase });
  const board = () => ({
    eventId: 0,
    chairs: Array.from({ length: chairs }, (_, i) => {
      const session = activeSession(i + 1);
      return { id: i + 1, name: `Chair ${i + 1}`, ward: 'main', activeSession: session && summary(session), latest: {}, lastSampleAt: null };
    }),
  });

  async function route(request: IncomingMessage, body: unknown): Promise<[number, unknown]> {
    if (request.headers.authorization !== `Bearer ${token}`) return [401, { statusCode: 401, error: 'Unauthorized', message: 'authorization: the token is not valid' }];
    const { pathname } = new URL(request.url ?? '/', 'http://fake');
    const reply = (outcome: Outcome<unknown>, status: number): [number, unknown] =>
      outcome.ok ? [status, outcome.data] : [outcome.error.status, { statusCode: outcome.error.status, error: outcome.error.code, message: outcome.error.message }];
    let match: RegExpExecArray | null;
    if (request.method === 'GET' && pathname === '/api/chairs') return [200, board()];
    if (request.method === 'POST' && pathname === '/api/sessions') return reply(startSession(body), 201);
    if (request.method === 'POST' && (match = /^\/api\/sessions\/([^/]+)\/end$/.exec(pathname))) return reply(endSession(match[1]), 200);
    if (request.method === 'POST' && (match = /^\/api\/chairs\/(\d+)\/vitals$/.exec(pathname))) {
      const outcome = recordVitals(Number(match[1]), body);
      return reply(outcome.ok ? { ok: true, data: { samples: outcome.data } } : outcome, 201);
    }
    return [404, { statusCode: 404, error: 'Not Found', message: `no route ${request.method} ${pathname}` }];
  }

  const http = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    const [status, body] = await route(request, text ? JSON.parse(text) : undefined);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
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
    attempts,
    /** Session left active on a chair, as by an earlier run stopped mid-session. */
    leaveSessionOpen(chairId: number, clinicId = 'EARLIER-RUN') {
      const input = { chairId, patient: { clinicId, givenName: 'Earlier', familyName: 'Run' }, weightKg: 70 };
      const started = startSession(input);
      if (!started.ok) throw new Error(started.error.message);
      return started.data;
    },
    /** Refuse the next `count` vitals writes with "nothing was stored, retry". */
    refuseNextVitals(count: number) {
      refuseVitals = count;
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
