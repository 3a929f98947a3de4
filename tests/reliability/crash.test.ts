import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { BoardSnapshot, ChairSnapshot } from '../../server/src/contract/chairs.ts';
import type { Ack } from '../../server/src/contract/errors.ts';
import {
  ACTIVE_PHASES,
  type DischargeInput,
  type Phase,
  type PreScoresInput,
  type SessionDetail,
  type SessionStartInput,
  type SessionSummary,
  type TransitionInput,
} from '../../server/src/contract/sessions.ts';
import type { VitalKey, VitalSample, VitalSampleInput, VitalsBody } from '../../server/src/contract/vitals.ts';
import { createRandom } from '../../simulators/random.ts';
import { cookieOf, freshDatabase, socket, type ClientSocket } from '../helpers.ts';
import { startServerProcess, type ServerProcess } from '../server-process.ts';

/**
 * Issue #7, "crash": the real server process under 1 Hz vitals from every chair is SIGKILLed again
 * and again on one archive file. Before the first kill every chair gets a session, spread over
 * every phase; during the load a few sessions move (infusing ⇄ paused → recovery). Most chairs
 * stream over a few gateway sockets (each sends its chairs' samples together once a second), every
 * tenth chair posts over HTTP; every sample has its own id. Each kill lands while a gateway's burst
 * is in flight, every other one while the server is inside an fsync (a commit written, its answers
 * not yet sent), so that stored samples lose their answers; a line per kill says how many did.
 *
 * After each kill, straight from the file: `integrity_check` is ok, foreign keys hold, every
 * acknowledged sample is there once with the values, chair and session it was sent with, nothing
 * else is there, and every session is in the phase its last answered change left it (a change lost
 * in the crash may have happened or not, but wholly: phase and history row together). After the
 * restart, through the API: every session is in that phase and the board's latest values are those
 * of the newest stored samples. Then, with the load running again, the samples whose answer was
 * lost are sent again with the same ids (and some acknowledged ones, as a device that missed the
 * ack would): each is answered with the row already stored, if any, never stored twice.
 *
 * Runs: 10 kills with 500 chairs under `npm run test:reliability` (CHAIRSIDE_RELIABILITY=1), 2 kills
 * with 50 chairs in `npm test`. The random choices (time to each kill, which sessions move) follow
 * CHAIRSIDE_CRASH_SEED; the crash timing itself cannot be replayed.
 */

const RELIABILITY = process.env.CHAIRSIDE_RELIABILITY === '1';
const CHAIRS = RELIABILITY ? 500 : 50;
const KILLS = RELIABILITY ? 10 : 2;
const SEED = Number(process.env.CHAIRSIDE_CRASH_SEED) || 20_260_507;
const TIMEOUT_MS = RELIABILITY ? 20 * 60_000 : 120_000;

const GATEWAYS = 4;
const HTTP_EVERY = 10; // chairs 10, 20, … post over HTTP
const RESEND_EVERY = 10; // chairs 3, 13, … also resend their last acknowledged sample after a restart
const MOVE_EVERY_MS = 250;
const ACK_TIMEOUT_MS = 10_000;
const SETUP_CONCURRENCY = 16;
/** A kill waits (a second at most) for this many samples in flight, i.e. a gateway's burst; then it
 * asks for a few moves and lands at a random moment of the burst, or (every other kill) it lands
 * while the server is in an fsync: a commit written, its answers not yet sent. */
const BUSY_AT_KILL = Math.max(5, Math.floor(CHAIRS / GATEWAYS / 4));
const MOVES_AT_KILL = 3;
const KILL_JITTER_MS = 50;
/** fsync and fdatasync in /proc/<pid>/syscall (Linux); elsewhere every kill lands at random. */
const FSYNC_SYSCALLS = ({ x64: ['74', '75'], arm64: ['82', '83'] } as Record<string, string[]>)[process.arch] ?? [];

const TOKEN = 'crash-reliability-token';
const machine = { authorization: `Bearer ${TOKEN}` };
const nurse = () => ({ cookie: cookieOf('nurse') });
const iso = (ms: number) => new Date(ms).toISOString();

/** The vitals every sample carries (BP every tenth); the board's latest values are checked for each. */
const SENT_VITALS = ['hr', 'spo2', 'rr', 'sbp', 'dbp'] as const satisfies readonly VitalKey[];
type SentVital = (typeof SENT_VITALS)[number];
type SampleInput = VitalSampleInput & { id: string };

interface Sent {
  chairId: number;
  input: SampleInput;
  /** The session the archive must file it under (null: the chair had none). */
  sessionId: string | null;
  acked: boolean;
  /** Its archive seq once seen stored, by an answer or in the file. */
  seq: number | null;
}

interface Chair {
  id: number;
  transport: 'socket' | 'http';
  sessionId: string;
  /** As of the last answered change. */
  phase: Phase;
  /** Phase rows in the session's history (its start is one). */
  phaseEvents: number;
  /** A transition sent whose answer was lost in a crash: either phase is right until the file says. */
  moving: { from: Phase; to: Phase } | null;
  samples: Sent[];
  lastRecordedAt: number;
}

interface Clinic {
  chairs: Chair[];
  byId: Map<string, Sent>;
  random: () => number;
  /** What the deliveries and moves found wrong (each stage fails on any). */
  problems: string[];
  stage: string;
}

interface Link {
  url: string;
  gateways: ClientSocket[];
}

async function openLink(url: string): Promise<Link> {
  const gateways = await Promise.all(Array.from({ length: GATEWAYS }, () => socket(url, { token: TOKEN })));
  return { url, gateways };
}

async function request<T>(url: string, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = machine) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function succeed<T>(url: string, method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>) {
  const res = await request<T>(url, method, path, body, headers);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function inParallel<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
    }),
  );
}

const isActive = (phase: Phase) => ACTIVE_PHASES.includes(phase);
const sessionOfSamples = (chair: Chair) => (isActive(chair.phase) ? chair.sessionId : null);
const stored = (s: Sent) => s.seq !== null;

/** The chair's next sample, 1 Hz-like values that differ from one sample to the next; device times
 * strictly rise per chair, so "latest" is never a tie. */
function nextSample(clinic: Clinic, chair: Chair): Sent {
  const n = chair.samples.length;
  const at = Math.max(Date.now(), chair.lastRecordedAt + 1);
  chair.lastRecordedAt = at;
  const input: SampleInput = {
    id: `c${chair.id}-${n}`,
    recordedAt: iso(at),
    hr: 60 + (n % 40),
    spo2: 95 + (n % 5),
    rr: 12 + (n % 6),
    ...(n % 10 === 0 ? { sbp: 115 + (n % 20), dbp: 75 } : {}),
  };
  const sent: Sent = { chairId: chair.id, input, sessionId: sessionOfSamples(chair), acked: false, seq: null };
  chair.samples.push(sent);
  clinic.byId.set(input.id, sent);
  return sent;
}

/** How a stored sample (an answer, or a row of the file) differs from what was sent. */
function differences(sent: Sent, got: Pick<VitalSample, 'id' | 'chairId' | 'sessionId' | 'recordedAt' | SentVital>): string[] {
  const expected = { id: sent.input.id, chairId: sent.chairId, sessionId: sent.sessionId, recordedAt: sent.input.recordedAt };
  const fields = Object.entries(expected).filter(([k, v]) => got[k as keyof typeof expected] !== v);
  const vitals = SENT_VITALS.filter((k) => got[k] !== (sent.input[k] ?? null));
  return [...fields.map(([k]) => k), ...vitals].map((k) => `${k} ${JSON.stringify(got[k as keyof typeof got])}`);
}

type Answer = Ack<VitalSample[]> | 'lost';

async function postVitals(url: string, chairId: number, body: VitalsBody): Promise<Answer> {
  try {
    const res = await request<{ samples: VitalSample[] } & { message?: string }>(url, 'POST', `/api/chairs/${chairId}/vitals`, body);
    return res.status === 201
      ? { ok: true, data: res.body.samples }
      : { ok: false, error: { code: String(res.status), message: res.body.message ?? '' } };
  } catch {
    return 'lost'; // the connection died with the server
  }
}

async function emitVitals(gateway: ClientSocket, chairId: number, body: VitalsBody): Promise<Answer> {
  try {
    return await gateway.timeout(ACK_TIMEOUT_MS).emitWithAck('vitals:record', { chairId, ...body });
  } catch {
    return 'lost'; // disconnected, or no ack in time: the device sends it again later
  }
}

/** Sends samples of one chair over its transport (several: as one batch); an answered sample is
 * acknowledged, one whose answer is lost stays pending. */
async function deliver(clinic: Clinic, link: Link, chair: Chair, batch: Sent[], stage = clinic.stage): Promise<void> {
  const body: VitalsBody = batch.length === 1 ? batch[0].input : { samples: batch.map((s) => s.input) };
  const answer =
    chair.transport === 'http'
      ? await postVitals(link.url, chair.id, body)
      : await emitVitals(link.gateways[chair.id % GATEWAYS], chair.id, body);
  if (answer === 'lost') return;
  if (!answer.ok) {
    const ids = batch.map((s) => s.input.id).join(', ');
    clinic.problems.push(`${stage}: chair ${chair.id}: samples ${ids} refused: ${answer.error.code} ${answer.error.message}`);
    return;
  }
  batch.forEach((sent, i) => {
    const got = answer.data[i];
    const where = `${stage}: chair ${chair.id}: sample ${sent.input.id}`;
    if (!got) return clinic.problems.push(`${where}: not in the answer`);
    const wrong = differences(sent, got);
    if (wrong.length) clinic.problems.push(`${where}: answered with ${wrong.join(', ')}`);
    if (sent.seq !== null && got.seq !== sent.seq) {
      clinic.problems.push(`${where}: stored again (seq ${got.seq}); it was already stored as seq ${sent.seq}`);
    }
    sent.acked = true;
    sent.seq = got.seq;
  });
}

/** Asks for a move; it counts once answered 2xx; an answer lost in a crash leaves it open. */
async function move(clinic: Clinic, url: string, chair: Chair, input: TransitionInput) {
  const from = chair.phase;
  chair.moving = { from, to: input.to };
  let res: { status: number; body: SessionSummary };
  try {
    res = await request<SessionSummary>(url, 'POST', `/api/sessions/${chair.sessionId}/transitions`, input);
  } catch {
    return;
  }
  chair.moving = null;
  if (res.status !== 200 || res.body.phase !== input.to) {
    clinic.problems.push(`${clinic.stage}: chair ${chair.id}: ${from} → ${input.to} answered ${res.status} ${JSON.stringify(res.body)}`);
    return;
  }
  chair.phase = input.to;
  chair.phaseEvents++;
}

/** Where each chair's session is taken before the load: chair i follows PLAN[(i - 1) % 8]. */
const PLAN = ['pre-infusion', 'scored', 'infusing', 'infusing', 'paused', 'recovery', 'discharged', 'aborted'] as const;
type Plan = (typeof PLAN)[number];
const MOVES_TO: Record<Exclude<Plan, 'pre-infusion' | 'scored' | 'aborted'>, TransitionInput['to'][]> = {
  infusing: ['infusing'],
  paused: ['infusing', 'paused'],
  recovery: ['infusing', 'recovery'],
  discharged: ['infusing', 'recovery'],
};
const ALDRETE_READY: DischargeInput = {
  scale: 'aldrete',
  scores: { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 },
  painAfter: 2,
};

/** A session on the chair through the API, taken to its planned phase as a nurse would. */
async function prepare(clinic: Clinic, link: Link, chair: Chair, plan: Plan) {
  const start: SessionStartInput = {
    chairId: chair.id,
    patient: { clinicId: `CRASH-${chair.id}`, givenName: 'Crash', familyName: `Chair${chair.id}` },
    weightKg: 70,
  };
  const session = await succeed<SessionDetail>(link.url, 'POST', '/api/sessions', start);
  chair.sessionId = session.id;
  chair.phaseEvents = 1;
  if (plan === 'aborted') return advance(link.url, chair, { to: 'aborted', reason: 'crash test: the patient declined' });
  if (plan === 'pre-infusion') return;
  const scores: PreScoresInput = { painBefore: 6, sedationBefore: 5 };
  await succeed(link.url, 'POST', `/api/sessions/${session.id}/pre-scores`, scores);
  const baseline = nextSample(clinic, chair);
  await deliver(clinic, link, chair, [baseline]);
  if (!baseline.acked) throw new Error(`chair ${chair.id}: the baseline sample was not acknowledged`);
  if (plan === 'scored') return;
  for (const to of MOVES_TO[plan]) await advance(link.url, chair, { to });
  if (plan === 'discharged') {
    await succeed(link.url, 'POST', `/api/sessions/${session.id}/discharge`, ALDRETE_READY);
    chair.phase = 'discharged';
    chair.phaseEvents++;
  }
}

/** A move during the set-up, which no crash interrupts: it must succeed. */
async function advance(url: string, chair: Chair, input: TransitionInput) {
  await succeed(url, 'POST', `/api/sessions/${chair.sessionId}/transitions`, input);
  chair.phase = input.to;
  chair.phaseEvents++;
}

/**
 * The load: each gateway socket sends all its chairs' samples together once a second (gateway g in
 * its own quarter of the second), each HTTP chair posts on its own, spread over the second; every
 * MOVE_EVERY_MS a random infusing or paused session moves on.
 */
class Load {
  samplesInFlight = 0;
  #running = true;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #loop: Promise<void>;

  constructor(
    private readonly clinic: Clinic,
    private readonly link: Link,
  ) {
    this.#loop = this.#run();
  }

  /** Nothing is sent once this returns. */
  stop() {
    this.#running = false;
  }

  /** After `stop`: every request answered or lost. */
  async settled() {
    await this.#loop;
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #track(work: Promise<void>) {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  async #run() {
    const t0 = performance.now();
    const due = this.clinic.chairs.map((chair, i) =>
      chair.transport === 'http' ? t0 + (i * 1000) / CHAIRS : t0 + ((chair.id % GATEWAYS) * 1000) / GATEWAYS,
    );
    let nextMove = t0 + MOVE_EVERY_MS;
    while (this.#running) {
      const now = performance.now();
      this.clinic.chairs.forEach((chair, i) => {
        if (due[i] > now) return;
        due[i] += 1000;
        const sample = nextSample(this.clinic, chair);
        this.samplesInFlight++;
        this.#track(deliver(this.clinic, this.link, chair, [sample]).finally(() => this.samplesInFlight--));
      });
      if (now >= nextMove) {
        nextMove += MOVE_EVERY_MS;
        this.moveOne();
      }
      await sleep(5);
    }
  }

  moveOne() {
    const movable = this.clinic.chairs.filter((c) => !c.moving && (c.phase === 'infusing' || c.phase === 'paused'));
    if (movable.length === 0) return;
    const chair = movable[Math.floor(this.clinic.random() * movable.length)];
    const onward = this.clinic.random() < 0.4;
    const to = onward ? 'recovery' : chair.phase === 'infusing' ? 'paused' : 'infusing';
    this.#track(move(this.clinic, this.link.url, chair, { to }));
  }
}

/** Polls (a second at most) until `condition` holds; says whether it did. */
async function until(condition: () => boolean, yieldTurn: () => Promise<unknown> = () => sleep(1)): Promise<boolean> {
  const since = performance.now();
  while (!condition()) {
    if (performance.now() - since > 1000) return false;
    await yieldTurn();
  }
  return true;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function inFsync(pid: number): boolean {
  try {
    return FSYNC_SYSCALLS.includes(readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')[0]);
  } catch {
    return false;
  }
}

/** Waits for the moment of the kill (see BUSY_AT_KILL) and says which it is. */
async function killMoment(clinic: Clinic, load: Load, server: ServerProcess, kill: number): Promise<string> {
  await until(() => load.samplesInFlight >= BUSY_AT_KILL);
  const inCommit = () => inFsync(server.child.pid!);
  // No moves asked before an fsync kill: their transactions would hold the samples' commit back.
  if (kill % 2 === 0 && (await until(inCommit, nextTurn))) return 'in an fsync';
  for (let i = 0; i < MOVES_AT_KILL; i++) load.moveOne();
  await sleep(clinic.random() * KILL_JITTER_MS);
  return 'at random';
}

function expectNone(what: string, problems: string[]) {
  expect(problems.slice(0, 25), `${what}: ${problems.length} problem(s) (seed ${SEED})`).toEqual([]);
}

/** Reads the archive file as a second reader would: its integrity, the samples and the sessions.
 * Settles what a crash left open (answers lost in flight). */
function checkArchive(file: string, clinic: Clinic, label: string) {
  const db = new Database(file, { readonly: true });
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`${label}: integrity_check says ${integrity}`);
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    if (foreignKeys.length) problems.push(`${label}: foreign_key_check: ${JSON.stringify(foreignKeys.slice(0, 5))}`);
    const samples = checkSamples(db, clinic, label);
    const sessions = checkSessions(db, clinic, label);
    return { ...samples, ...sessions, problems: [...problems, ...samples.problems, ...sessions.problems] };
  } finally {
    db.close();
  }
}

type SampleRow = { seq: number; clientId: string; chairId: number; sessionId: string | null; recordedAt: number } & Record<
  SentVital,
  number | null
>;

/** Every acknowledged sample there once, as sent; nothing there that was not sent. Counts the
 * unanswered samples that were stored (their resend must get the same row back). */
function checkSamples(db: Database.Database, clinic: Clinic, label: string) {
  const problems: string[] = [];
  const repeated = db
    .prepare('SELECT chairId, clientId, count(*) AS n FROM VitalSample GROUP BY chairId, clientId HAVING count(*) > 1')
    .all() as { chairId: number; clientId: string; n: number }[];
  for (const r of repeated) problems.push(`${label}: chair ${r.chairId}: sample ${r.clientId} stored ${r.n} times`);
  const rows = db
    .prepare(`SELECT seq, clientId, chairId, sessionId, recordedAt, ${SENT_VITALS.join(', ')} FROM VitalSample`)
    .all() as SampleRow[];
  const ids = new Set(rows.map((r) => r.clientId));
  for (const sent of clinic.byId.values()) {
    if (sent.acked && !ids.has(sent.input.id))
      problems.push(`${label}: chair ${sent.chairId}: acknowledged sample ${sent.input.id} is missing`);
  }
  let storedUnacked = 0;
  const seen = new Set<string>();
  for (const row of rows) {
    const sent = clinic.byId.get(row.clientId);
    const where = `${label}: chair ${row.chairId}: sample ${row.clientId}`;
    if (!sent) {
      problems.push(`${where}: in the archive but never sent`);
      continue;
    }
    if (seen.has(row.clientId)) problems.push(`${where}: stored more than once (seq ${row.seq})`);
    seen.add(row.clientId);
    const wrong = differences(sent, { ...row, id: row.clientId, recordedAt: iso(row.recordedAt) });
    if (wrong.length) problems.push(`${where}: stored with ${wrong.join(', ')}`);
    if (sent.seq !== null && sent.seq !== row.seq) problems.push(`${where}: acknowledged as seq ${sent.seq}, stored as seq ${row.seq}`);
    if (sent.seq === null) storedUnacked++;
    sent.seq = row.seq;
  }
  return { problems, storedUnacked };
}

/** Every session in the phase of its last answered change, its history holding one row per phase
 * change; a change whose answer was lost happened wholly or not at all. */
function checkSessions(db: Database.Database, clinic: Clinic, label: string) {
  const problems: string[] = [];
  let movesDone = 0;
  let movesUndone = 0;
  const sessions = db
    .prepare(
      `SELECT s.id, s.phase, (SELECT count(*) FROM SessionEvent e WHERE e.sessionId = s.id AND e.kind = 'phase') AS phaseEvents
       FROM InfusionSession s`,
    )
    .all() as { id: string; phase: Phase; phaseEvents: number }[];
  if (sessions.length !== CHAIRS) problems.push(`${label}: ${sessions.length} sessions in the archive, ${CHAIRS} started`);
  const byId = new Map(sessions.map((s) => [s.id, s]));
  for (const chair of clinic.chairs) {
    const session = byId.get(chair.sessionId);
    const where = `${label}: chair ${chair.id}: session ${chair.sessionId}`;
    if (!session) {
      problems.push(`${where}: missing`);
      continue;
    }
    if (chair.moving) {
      const { from, to } = chair.moving;
      if (session.phase === to) {
        chair.phase = to;
        chair.phaseEvents++;
        movesDone++;
      } else if (session.phase === from) movesUndone++;
      else problems.push(`${where}: ${session.phase} while moving from ${from} to ${to}`);
      chair.moving = null;
    }
    if (session.phase !== chair.phase) problems.push(`${where}: ${session.phase}, expected ${chair.phase}`);
    if (session.phaseEvents !== chair.phaseEvents) {
      problems.push(`${where}: ${session.phaseEvents} phase changes in its history, expected ${chair.phaseEvents}`);
    }
  }
  return { problems, movesDone, movesUndone };
}

/** The newest stored sample of the chair's current session (or unassigned data) carrying `key`. */
function latestStored(chair: Chair, key: SentVital): ChairSnapshot['latest'][VitalKey] {
  let latest: Sent | undefined;
  for (const s of chair.samples) {
    if (!stored(s) || s.sessionId !== sessionOfSamples(chair) || s.input[key] === undefined) continue;
    if (!latest || s.input.recordedAt > latest.input.recordedAt) latest = s;
  }
  return latest && { value: latest.input[key]!, recordedAt: latest.input.recordedAt };
}

/** After a restart: every session in its phase, and each tile's latest values from the newest stored samples. */
async function checkBoard(clinic: Clinic, url: string, label: string): Promise<string[]> {
  const problems: string[] = [];
  const board = await succeed<BoardSnapshot>(url, 'GET', '/api/chairs');
  for (const chair of clinic.chairs) {
    const tile = board.chairs.find((c) => c.id === chair.id);
    const where = `${label}: chair ${chair.id}: session ${chair.sessionId}`;
    if (!tile) {
      problems.push(`${where}: not on the board`);
      continue;
    }
    if (isActive(chair.phase)) {
      const shown = tile.activeSession;
      if (shown?.id !== chair.sessionId || shown.phase !== chair.phase) {
        problems.push(`${where}: the board shows ${shown ? `${shown.id} ${shown.phase}` : 'no session'}, expected ${chair.phase}`);
      }
    } else {
      if (tile.activeSession)
        problems.push(`${where}: ${chair.phase}, but the board shows ${tile.activeSession.id} ${tile.activeSession.phase}`);
      const detail = await request<SessionDetail>(url, 'GET', `/api/sessions/${chair.sessionId}`, undefined, nurse());
      if (detail.body.phase !== chair.phase)
        problems.push(`${where}: GET answers ${detail.status} ${detail.body.phase}, expected ${chair.phase}`);
    }
    for (const key of SENT_VITALS) {
      const expected = latestStored(chair, key);
      if (JSON.stringify(tile.latest[key]) !== JSON.stringify(expected)) {
        problems.push(`${where}: latest ${key} ${JSON.stringify(tile.latest[key])}, expected ${JSON.stringify(expected)}`);
      }
    }
  }
  return problems;
}

/** What the devices send first once the server is back: their unanswered samples again, same ids
 * (and, on some chairs, the last acknowledged one, as if its ack had been missed). */
function toResend(clinic: Clinic): Map<Chair, Sent[]> {
  const again = new Map<Chair, Sent[]>();
  for (const chair of clinic.chairs) {
    const batch = chair.samples.filter((s) => !s.acked);
    const lastAcked = chair.samples.findLast((s) => s.acked);
    if (chair.id % RESEND_EVERY === 3 && lastAcked) batch.unshift(lastAcked);
    if (batch.length) again.set(chair, batch);
  }
  return again;
}

async function resend(clinic: Clinic, link: Link, again: Map<Chair, Sent[]>, stage: string) {
  await Promise.all([...again].map(([chair, batch]) => deliver(clinic, link, chair, batch, stage)));
  for (const [chair, batch] of again) {
    for (const s of batch.filter((s) => !s.acked)) clinic.problems.push(`${stage}: chair ${chair.id}: sample ${s.input.id} not answered`);
  }
}

describe('crash: SIGKILL under load', () => {
  it(
    `${KILLS} kills of the server under ${CHAIRS} chairs at 1 Hz: acknowledged samples stored once, sessions resume in their phase, the file intact`,
    { timeout: TIMEOUT_MS },
    async () => {
      const db = freshDatabase();
      const clinic: Clinic = {
        chairs: Array.from({ length: CHAIRS }, (_, i) => ({
          id: i + 1,
          transport: (i + 1) % HTTP_EVERY === 0 ? 'http' : 'socket',
          sessionId: '',
          phase: 'pre-infusion',
          phaseEvents: 0,
          moving: null,
          samples: [],
          lastRecordedAt: 0,
        })),
        byId: new Map(),
        random: createRandom(SEED).next,
        problems: [],
        stage: 'setup',
      };
      const report: string[] = [];
      let server = await startServerProcess({ databaseUrl: db.url, token: TOKEN, chairs: CHAIRS });
      let link = await openLink(server.url);
      try {
        await inParallel(clinic.chairs, SETUP_CONCURRENCY, (chair) => prepare(clinic, link, chair, PLAN[(chair.id - 1) % PLAN.length]));
        expectNone('setup', clinic.problems);

        let again = new Map<Chair, Sent[]>(); // nothing is owed before the first kill
        for (let kill = 1; kill <= KILLS; kill++) {
          clinic.stage = `before kill ${kill}`;
          const load = new Load(clinic, link);
          await resend(clinic, link, again, `sent again after kill ${kill - 1}`);
          const runMs = 1000 + Math.floor(clinic.random() * 3000);
          await sleep(runMs);
          const moment = await killMoment(clinic, load, server, kill);
          load.stop();
          server.child.kill('SIGKILL');
          await server.exited;
          for (const gateway of link.gateways) gateway.close();
          await load.settled();
          expectNone(`kill ${kill}: while the load ran`, clinic.problems);
          const unanswered = [...clinic.byId.values()].filter((s) => !s.acked).length;

          const archive = checkArchive(db.file, clinic, `kill ${kill}: the file`);
          expectNone(`kill ${kill}: the file after the kill`, archive.problems);

          const restartAt = performance.now();
          server = await startServerProcess({ databaseUrl: db.url, token: TOKEN, chairs: CHAIRS });
          const restartMs = performance.now() - restartAt;
          expectNone(`kill ${kill}: the board after the restart`, await checkBoard(clinic, server.url, `kill ${kill}: the board`));
          link = await openLink(server.url);
          again = toResend(clinic);
          report.push(
            `kill ${kill} after ${(runMs / 1000).toFixed(1)} s, ${moment}: ${unanswered} samples unanswered, ${archive.storedUnacked} of them stored; ` +
              `${archive.movesDone + archive.movesUndone} moves unanswered, ${archive.movesDone} of them done; ` +
              `restart ${(restartMs / 1000).toFixed(1)} s; ${[...again.values()].flat().length} samples to send again`,
          );
        }
        await resend(clinic, link, again, `sent again after kill ${KILLS}`);
        expectNone('after the last restart: samples sent again', clinic.problems);
        const last = checkArchive(db.file, clinic, 'after the last restart: the file');
        expectNone('after the last restart: the file', last.problems);
        console.log([`crash test (seed ${SEED}): ${clinic.byId.size} samples, ${CHAIRS} sessions`, ...report].join('\n'));
      } finally {
        for (const gateway of link.gateways) gateway.close();
        server.child.kill('SIGKILL');
        await server.exited;
        db.remove();
      }
    },
  );
});
