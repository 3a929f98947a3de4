/**
 * One simulated chair: seats a patient and takes the session through the public API the way the
 * nurse and the monitor would: baseline vitals and pre scores, the infusion (side effects charted,
 * the pump paused or slowed when one calls for it), recovery, discharge; in a loop, seats the next
 * patient after the room is turned over.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChairSnapshot } from '../server/src/contract/chairs.ts';
import type { ObservationInput } from '../server/src/contract/observations.ts';
import {
  PRESCRIPTION_LIMITS,
  initials,
  type SessionDetail,
  type SessionStartInput,
  type SessionSummary,
  type TransitionInput,
} from '../server/src/contract/sessions.ts';
import { MAX_SAMPLES_PER_BATCH, type VitalSampleInput } from '../server/src/contract/vitals.ts';
import { retrying, type ChairsideApi, type Outcome, type SimulationLog, type VitalsTransport } from './api.ts';
import { planCourse, type Course, type PlannedObservation, type PumpAction } from './course.ts';
import { DEFAULT_CADENCE, sessionSamples, type Cadence, type InfusionTimeline, type PhysiologyModel, type SimulatedSample } from './physiology.ts';
import { createRandom, hashSeed } from './random.ts';
import { createPhysiology, resolveScenario, type PatientScenario, type ScenarioName } from './scenarios.ts';

/** Clinical reference §1: 0.5 mg/kg over 40 min, then observation until discharge. The infusion
 * takes longer when the pump is paused or slowed (`Course.infusionEndMin`). */
export const SESSION_TIMELINE: InfusionTimeline = { infusionMin: PRESCRIPTION_LIMITS.plannedMinutes.default, recoveryMin: 30 };
const DOSE_MG_PER_KG = PRESCRIPTION_LIMITS.doseMgPerKg.default;

const GIVEN_NAMES = ['Alex', 'Sam', 'Jordan', 'Maria', 'Wei', 'Aisha', 'Tomás', 'Noor', 'Elena', 'Kofi', 'Priya', 'Lars', 'Yuki', 'Grace', 'Omar', 'Inès', 'Daniel', 'Fatima', 'Mateo', 'Hannah'];
const FAMILY_NAMES = ['Garcia', 'Okafor', 'Nguyen', 'Schmidt', 'Haddad', 'Kowalski', 'Silva', 'Tanaka', 'Murphy', 'Rossi', 'Johansson', 'Patel', 'Dubois', 'Cohen', 'Mensah', 'Novak', 'Fischer', 'Moreau', 'Ali', 'Byrne'];

/** The reason given when the simulator aborts a session an earlier run left open on its chair. */
export const LEFTOVER_ABORT_REASON = 'left open by an earlier simulator run';
/** How often a patient waiting for a chair that is out of service looks again (simulated time). */
const OUT_OF_SERVICE_RETRY_MS = 10_000;

/** One patient's time in the chair, fully drawn in advance from the seed. */
export interface Visit {
  chairId: number;
  /** 1 for the chair's first patient of the run, then 2, 3… */
  number: number;
  scenario: PatientScenario;
  session: SessionStartInput;
  /** The patient over the whole visit, from arrival to discharge. */
  model: PhysiologyModel;
  course: Course;
  /** Time to turn the room over before the next patient (simulated minutes). */
  turnoverMin: number;
}

/** Independent PRNG streams, so that e.g. choosing another scenario leaves the patient unchanged. */
const STREAM = { patient: 1, scenario: 2, physiology: 3, timing: 4, sideEffects: 5, scenarioCourse: 6, outcome: 7 } as const;

export function planVisit({
  seed,
  chairId,
  number,
  scenario,
  cadence = DEFAULT_CADENCE,
}: {
  seed: number;
  chairId: number;
  number: number;
  scenario: ScenarioName;
  /** The cuff readings the nurse reacts to follow it. */
  cadence?: Cadence;
}): Visit {
  const stream = (name: keyof typeof STREAM) => hashSeed(seed, chairId, number, STREAM[name]);
  const random = createRandom(stream('patient'));
  const patientScenario = resolveScenario(scenario, createRandom(stream('scenario')));
  const { course, model } = planCourse({
    scenario: patientScenario,
    model: createPhysiology(patientScenario, stream('physiology'), SESSION_TIMELINE),
    cadence,
    plannedMin: SESSION_TIMELINE.infusionMin,
    recoveryMin: SESSION_TIMELINE.recoveryMin,
    seeds: { timing: stream('timing'), sideEffects: stream('sideEffects'), scenario: stream('scenarioCourse'), outcome: stream('outcome') },
  });
  const twoDigits = (n: number) => String(n).padStart(2, '0');
  const patient = {
    // One id per simulated patient: a rerun with the same seed brings the same patients back.
    clinicId: `SIM-${seed}-${chairId}-${number}`,
    givenName: random.pick(GIVEN_NAMES),
    familyName: random.pick(FAMILY_NAMES),
    birthDate: `${random.integer(1950, 2004)}-${twoDigits(random.integer(1, 12))}-${twoDigits(random.integer(1, 28))}`,
  };
  return {
    chairId,
    number,
    scenario: patientScenario,
    session: {
      chairId,
      patient,
      weightKg: Math.round(random.uniform(50, 110) * 10) / 10,
      doseMgPerKg: DOSE_MG_PER_KG,
      plannedMinutes: SESSION_TIMELINE.infusionMin,
      notes: `Simulated patient (scenario ${patientScenario}, seed ${seed})`,
    },
    model,
    course,
    turnoverMin: random.uniform(3, 10),
  };
}

/** What the nurse does through the API during a visit, at minutes from the infusion start. */
export type VisitAction = { atMin: number } & (
  | { kind: 'pre-scores' }
  | { kind: 'start-infusion' }
  | { kind: 'pump'; pump: PumpAction }
  | { kind: 'observation'; observation: PlannedObservation }
  | { kind: 'recovery' }
  | { kind: 'discharge' }
);

/** Every action of a visit in time order (at the same moment, in the order listed here: a pump
 * change before what is charted about it). */
export function visitActions({ course }: Pick<Visit, 'course'>): VisitAction[] {
  const actions: VisitAction[] = [
    { atMin: course.preScoresAtMin, kind: 'pre-scores' },
    { atMin: 0, kind: 'start-infusion' },
    ...course.pump.map((pump) => ({ atMin: pump.atMin, kind: 'pump' as const, pump })),
    ...course.observations.map((observation) => ({ atMin: observation.atMin, kind: 'observation' as const, observation })),
    { atMin: course.infusionEndMin, kind: 'recovery' },
    { atMin: course.dischargeAtMin, kind: 'discharge' },
  ];
  return actions.sort((a, b) => a.atMin - b.atMin); // stable
}

export type Step = { atS: number } & ({ sample: SimulatedSample } | { action: VisitAction });

/** The monitor's readings and the nurse's actions merged in time order; a reading taken at the
 * moment of an action comes first (the BP before dosing, before discharge). */
export function* visitSteps(visit: Visit, cadence: Cadence): Generator<Step> {
  const actions = visitActions(visit);
  // Compared in whole milliseconds: minutes × 60 and milliseconds ÷ 1000 may differ in the last bit.
  const actionMs = (action: VisitAction) => Math.round(action.atMin * 60_000);
  let next = 0;
  for (const sample of sessionSamples(visit.model, cadence)) {
    for (; next < actions.length && actionMs(actions[next]) < Math.round(sample.elapsedS * 1000); next++) yield { atS: actionMs(actions[next]) / 1000, action: actions[next] };
    yield { atS: sample.elapsedS, sample };
  }
  for (; next < actions.length; next++) yield { atS: actionMs(actions[next]) / 1000, action: actions[next] };
}

export interface ChairSimulatorOptions {
  chairId: number;
  seed: number;
  scenario: ScenarioName;
  /** Simulated seconds per real second. */
  speed: number;
  cadence: Cadence;
  /** Seat a new patient after each discharge; otherwise stop after one session. */
  loop: boolean;
  api: ChairsideApi;
  vitals: VitalsTransport;
  log: SimulationLog;
  signal: AbortSignal;
}

/**
 * Drives one chair until `signal` is aborted (or after one session without `loop`), riding out
 * network failures. Resolves when stopped; rejects only when the server refuses a session for good.
 */
export async function runChair(options: ChairSimulatorOptions): Promise<void> {
  const { seed, chairId, scenario, speed, cadence, signal } = options;
  try {
    for (let number = 1; ; number++) {
      const visit = planVisit({ seed, chairId, number, scenario, cadence });
      await simulateVisit(visit, options);
      if (!options.loop) return;
      await sleep((visit.turnoverMin * 60_000) / speed, undefined, { signal });
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}

/** A session in progress, as far as the simulator knows it. */
interface SessionRun {
  id: string;
  /** The server's start time: nothing is back-timed before it. */
  startedAtMs: number;
  rateMgPerH: number;
  /** The session's last phase or rate change, by the server's clock: a back-timed change may not
   * precede it. */
  lastChangeMs: number;
  /** Closed on the server by someone else (a nurse aborted it): the visit ends. */
  closed: boolean;
}

/** An action sent this much (real time) after its moment carries its moment (`at`); one sent on time
 * is timed by the server. */
const BACK_TIME_AFTER_MS = 5_000;

async function simulateVisit(visit: Visit, options: ChairSimulatorOptions): Promise<void> {
  const { chairId, seed, speed, cadence, log, signal } = options;
  const opened = await openSession(visit.session, options);
  const startedAtMs = Date.parse(opened.startedAt) || Date.now();
  const run: SessionRun = { id: opened.id, startedAtMs, rateMgPerH: opened.rateMgPerH, lastChangeMs: startedAtMs, closed: false };
  const { givenName, familyName } = visit.session.patient;
  log.info(`chair ${chairId}: session ${run.id} opened for ${initials(givenName, familyName)}, ${visit.session.weightKg} kg (${visit.scenario})`);
  // Real time of the infusion start (simulated time 0): moved later if starting it took longer.
  let infusionStartMs = Date.now() + (visit.course.preInfusionMin * 60_000) / speed;
  const outbox = createOutbox(options);
  const chart = createQueue(options);
  const nurse = createNurse(run, options);

  for (const step of visitSteps(visit, cadence)) {
    if (run.closed) break;
    signal.throwIfAborted();
    const dueMs = infusionStartMs + (step.atS * 1000) / speed;
    const waitMs = dueMs - Date.now();
    if (waitMs > 0) await sleep(waitMs, undefined, { signal });
    // Real wall-clock time, never ahead of now (timers may fire a millisecond early): only the
    // spacing is compressed.
    const atMs = Math.min(dueMs, Date.now());
    if ('sample' in step) {
      outbox.add({
        // Unique across runs (the session id) and stable across retries, so a resend is stored once.
        id: `sim-${seed}-c${chairId}-${run.id}-${step.sample.n}`,
        recordedAt: new Date(atMs).toISOString(),
        source: 'simulator',
        ...step.sample.vitals,
      });
      continue;
    }
    const { action } = step;
    if (action.kind === 'pre-scores') chart.add(() => nurse.recordPreScores(visit.course.preScores));
    else if (action.kind === 'pump') chart.add(() => nurse.changePump(action.pump, dueMs));
    else if (action.kind === 'observation') chart.add(() => nurse.chart(action.observation, atMs));
    else if (action.kind === 'recovery') chart.add(() => nurse.moveTo('recovery', dueMs, 'planned dose delivered'));
    else if (action.kind === 'start-infusion') {
      // The server starts the infusion only once the pre scores and a baseline BP are stored.
      await outbox.drained();
      await chart.drained();
      if (run.closed) break;
      const sentMs = Date.now();
      if ((await nurse.moveTo('infusing', dueMs)) === 'refused') {
        await nurse.abort('the simulator could not start the infusion');
        return;
      }
      // The server timed the start on receipt: the course follows from then.
      infusionStartMs = Math.max(infusionStartMs, sentMs);
    } else if (action.kind === 'discharge') {
      // Every reading (the BP before discharge included) and every entry belongs to the session.
      await outbox.drained();
      await chart.drained();
      if (run.closed) break;
      const { scores, painAfter, override } = visit.course.discharge;
      const total = Object.values(scores).reduce((sum, score) => sum + score, 0);
      if ((await nurse.discharge(visit.course.discharge)) === 'refused') {
        await nurse.abort('the simulator could not discharge the patient');
        return;
      }
      const pain = `pain ${visit.course.preScores.painBefore} → ${painAfter}`;
      log.info(`chair ${chairId}: session ${run.id} discharged (Aldrete ${total}${override ? `, ${override}` : ''}; ${pain})`);
      return;
    }
  }
  await outbox.drained();
  if (run.closed) log.warn(`chair ${chairId}: session ${run.id} was closed on the server by someone else; seating the next patient`);
}

type StepResult = 'done' | 'closed' | 'refused';

/** The nurse's side of a session: each call retried while a retry can help; a refusal explained by
 * the session's state on the board is not an error. */
function createNurse(run: SessionRun, options: ChairSimulatorOptions) {
  const { api, chairId, seed, log, signal } = options;

  /** What the board shows of this chair's session: null when it has none, undefined when unknown. */
  async function activeSession(): Promise<SessionSummary | null | undefined> {
    const chair = await chairOnBoard(options);
    return chair === undefined ? undefined : chair.activeSession;
  }

  /**
   * Sends one action. A refusal may mean that an earlier attempt landed although its answer was
   * lost (`landed` says so from the board), or that someone else closed the session; otherwise it is
   * the server and the simulator disagreeing, and is logged as an error.
   */
  async function send(what: string, attempt: () => Promise<Outcome<unknown>>, landed: (session: SessionSummary) => boolean = () => false): Promise<StepResult> {
    if (run.closed) return 'closed';
    const outcome = await retrying(attempt, { what: `chair ${chairId}: ${what}`, log, signal });
    if (outcome.ok) {
      noteLastChange(outcome.value);
      return 'done';
    }
    const active = await activeSession();
    if (active === null || (active && active.id !== run.id)) {
      run.closed = true;
      return 'closed';
    }
    if (active && landed(active)) return 'done';
    log.error(`chair ${chairId}: ${what} refused: ${outcome.message}`);
    return 'refused';
  }

  /** A session change answers with the session: its last pump event is the latest change. */
  function noteLastChange(answer: unknown) {
    const events = (answer as Partial<SessionSummary> | undefined)?.pumpEvents;
    const lastMs = Array.isArray(events) && events.length > 0 ? Date.parse(events[events.length - 1].at) : NaN;
    if (Number.isFinite(lastMs)) run.lastChangeMs = Math.max(run.lastChangeMs, lastMs);
  }

  /** Back-timing for an action sent late (after retries), never before the last change; on time,
   * the server's clock times it. */
  const lateAt = (dueMs: number) =>
    Date.now() - dueMs > BACK_TIME_AFTER_MS ? { at: new Date(Math.max(run.startedAtMs, run.lastChangeMs, dueMs)).toISOString() } : {};

  const moveTo = (to: Exclude<TransitionInput['to'], 'aborted'>, dueMs: number, reason?: string) =>
    send(
      `session ${run.id} to ${to}`,
      () => api.transition(run.id, { to, ...(reason ? { reason } : {}), ...lateAt(dueMs) }),
      (session) => session.phase === to,
    );

  return {
    moveTo,

    recordPreScores: (scores: { painBefore: number; sedationBefore: number }) =>
      send(`pre scores of session ${run.id}`, () => api.recordPreScores(run.id, scores), (session) => session.painBefore === scores.painBefore),

    async changePump(pump: PumpAction, dueMs: number): Promise<void> {
      if (pump.kind === 'pause' && (await moveTo('paused', dueMs, pump.reason)) === 'done') {
        log.info(`chair ${chairId}: session ${run.id} paused (${pump.reason})`);
      } else if (pump.kind === 'resume' && (await moveTo('infusing', dueMs, pump.reason)) === 'done') {
        log.info(`chair ${chairId}: session ${run.id} infusing again (${pump.reason})`);
      } else if (pump.kind === 'rate') {
        const rateMgPerH = Math.round(run.rateMgPerH * pump.factor * 10) / 10;
        const changed = await send(
          `rate of session ${run.id} to ${rateMgPerH} mg/h`,
          () => api.changeRate(run.id, { rateMgPerH, reason: pump.reason, ...lateAt(dueMs) }),
          (session) => session.rateMgPerH === rateMgPerH,
        );
        if (changed !== 'done') return;
        log.info(`chair ${chairId}: session ${run.id} rate ${run.rateMgPerH} → ${rateMgPerH} mg/h (${pump.reason})`);
        run.rateMgPerH = rateMgPerH;
      }
    },

    chart: ({ key, entry }: PlannedObservation, observedAtMs: number) => {
      const input: ObservationInput = {
        // Stable across retries (stored once) and unique across runs (the session id).
        id: `sim-${seed}-c${chairId}-${run.id}-${key}`,
        ...entry,
        observedAt: new Date(Math.max(run.startedAtMs, observedAtMs)).toISOString(),
      };
      return send(`charting ${entry.kind} (${key}) in session ${run.id}`, () => api.recordObservation(run.id, input));
    },

    async discharge(input: Visit['course']['discharge']): Promise<StepResult> {
      const result = await send(`discharging session ${run.id}`, () => api.discharge(run.id, input));
      // Gone from the board: discharged (by this call, its answer lost, or by a nurse).
      return result === 'closed' ? 'done' : result;
    },

    /** Frees the chair when the session cannot go on. */
    async abort(reason: string): Promise<void> {
      if (run.closed) return;
      if (await abortSession(run.id, reason, options)) log.warn(`chair ${chairId}: session ${run.id} aborted (${reason})`);
      run.closed = true;
    },
  };
}

/**
 * Seats the next patient. The simulator owns the chairs it drives: a session still active on one
 * (left by an earlier run that was stopped mid-session) is aborted first, rather than picked up with
 * a timeline the simulator no longer knows. At a chair an admin took out of service nobody is
 * seated: the patient waits until it is back. Any other refusal stops the chair.
 */
async function openSession(input: SessionStartInput, options: ChairSimulatorOptions): Promise<SessionDetail> {
  const { api, chairId, log, signal } = options;
  const what = `chair ${chairId}: starting a session`;
  let waiting = false;
  for (;;) {
    const started = await retrying(() => api.startSession(input), { what, log, signal });
    if (started.ok) return started.value;
    const chair = started.status === 409 ? await chairOnBoard(options) : undefined;
    const leftover = chair?.activeSession;
    if (leftover) {
      log.warn(`chair ${chairId}: aborting session ${leftover.id} (${leftover.phase}), ${LEFTOVER_ABORT_REASON}`);
      if (!(await abortSession(leftover.id, LEFTOVER_ABORT_REASON, options))) throw new Error(`${what}: ${started.message}`);
    } else if (chair && !chair.inService) {
      if (!waiting) log.warn(`chair ${chairId}: out of service; the next patient waits until it is back`);
      waiting = true;
      await sleep(OUT_OF_SERVICE_RETRY_MS / options.speed, undefined, { signal });
    } else if (chair && waiting) {
      // Back in service between the refusal and the look at the board: seat the patient now.
      waiting = false;
    } else {
      throw new Error(`${what}: ${started.message}`);
    }
  }
}

/** The chair as the board shows it; undefined when the board could not be read. */
async function chairOnBoard({ api, chairId, log, signal }: ChairSimulatorOptions): Promise<ChairSnapshot | undefined> {
  const board = await retrying(() => api.listChairs(), { what: `chair ${chairId}: listing chairs`, log, signal });
  return board.ok ? board.value.chairs.find((chair) => chair.id === chairId) : undefined;
}

/** True once the session is no longer active on the chair. */
async function abortSession(sessionId: string, reason: string, options: ChairSimulatorOptions): Promise<boolean> {
  const { api, chairId, log, signal } = options;
  const what = `chair ${chairId}: aborting session ${sessionId}`;
  const aborted = await retrying(() => api.transition(sessionId, { to: 'aborted', reason }), { what, log, signal });
  if (aborted.ok) return true;
  const chair = await chairOnBoard(options);
  if (chair && chair.activeSession?.id !== sessionId) return true;
  log.error(`${what} refused: ${aborted.message}`);
  return false;
}

/** The nurse's actions in order, one at a time, each retried until stored or refused for good;
 * the readings keep flowing meanwhile. */
function createQueue({ chairId, log, signal }: ChairSimulatorOptions) {
  let tail: Promise<void> = Promise.resolve();
  return {
    add(task: () => Promise<unknown>) {
      tail = tail
        .then(async () => {
          if (!signal.aborted) await task();
        })
        .catch((error: unknown) => {
          if (!signal.aborted) log.error(`chair ${chairId}: ${error instanceof Error ? error.message : String(error)}`);
        });
    },
    drained: () => tail,
  };
}

/** Readings waiting for the server: sent in order and in batches, each batch retried until stored. */
function createOutbox({ chairId, vitals, log, signal }: ChairSimulatorOptions) {
  const pending: VitalSampleInput[] = [];
  let sending: Promise<void> | null = null;
  async function sendPending() {
    try {
      while (pending.length > 0) {
        const batch = pending.slice(0, MAX_SAMPLES_PER_BATCH);
        const sent = await retrying(() => vitals.record(chairId, batch), { what: `chair ${chairId}: sending vitals`, log, signal });
        if (!sent.ok) log.error(`chair ${chairId}: the server refused ${batch.length} reading(s): ${sent.message}`);
        pending.splice(0, batch.length);
      }
    } catch (error) {
      if (!signal.aborted) log.error(`chair ${chairId}: sending vitals failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      sending = null;
    }
  }
  return {
    add(sample: VitalSampleInput) {
      pending.push(sample);
      sending ??= sendPending();
    },
    async drained() {
      while (sending) await sending;
    },
  };
}
