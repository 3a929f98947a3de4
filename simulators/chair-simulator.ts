/**
 * One simulated chair: seats a patient, starts a session through the public API, sends the monitor's
 * readings as simulated time passes, ends the session at discharge and, in a loop, seats the next
 * patient after the room is turned over.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PRESCRIPTION_LIMITS, initials, type SessionDetail, type SessionStartInput } from '../server/src/contract/sessions.ts';
import { MAX_SAMPLES_PER_BATCH, type VitalSampleInput } from '../server/src/contract/vitals.ts';
import { retrying, type ChairsideApi, type SimulationLog, type VitalsTransport } from './api.ts';
import { sessionSamples, type Cadence, type InfusionTimeline, type PhysiologyModel } from './physiology.ts';
import { createRandom, hashSeed } from './random.ts';
import { createPhysiology, resolveScenario, type PatientScenario, type ScenarioName } from './scenarios.ts';

/** Clinical reference §1: 0.5 mg/kg over 40 min, then observation until discharge. */
export const SESSION_TIMELINE: InfusionTimeline = { infusionMin: PRESCRIPTION_LIMITS.plannedMinutes.default, recoveryMin: 30 };
const DOSE_MG_PER_KG = PRESCRIPTION_LIMITS.doseMgPerKg.default;

const GIVEN_NAMES = ['Alex', 'Sam', 'Jordan', 'Maria', 'Wei', 'Aisha', 'Tomás', 'Noor', 'Elena', 'Kofi', 'Priya', 'Lars', 'Yuki', 'Grace', 'Omar', 'Inès', 'Daniel', 'Fatima', 'Mateo', 'Hannah'];
const FAMILY_NAMES = ['Garcia', 'Okafor', 'Nguyen', 'Schmidt', 'Haddad', 'Kowalski', 'Silva', 'Tanaka', 'Murphy', 'Rossi', 'Johansson', 'Patel', 'Dubois', 'Cohen', 'Mensah', 'Novak', 'Fischer', 'Moreau', 'Ali', 'Byrne'];

/** One patient's time in the chair, fully drawn in advance from the seed. */
export interface Visit {
  chairId: number;
  /** 1 for the chair's first patient of the run, then 2, 3… */
  number: number;
  scenario: PatientScenario;
  session: SessionStartInput;
  model: PhysiologyModel;
  /** Time to turn the room over before the next patient (simulated minutes). */
  turnoverMin: number;
}

/** Independent PRNG streams, so that e.g. choosing another scenario leaves the patient unchanged. */
const STREAM = { patient: 1, scenario: 2, physiology: 3 } as const;

export function planVisit({ seed, chairId, number, scenario }: { seed: number; chairId: number; number: number; scenario: ScenarioName }): Visit {
  const stream = (name: keyof typeof STREAM) => hashSeed(seed, chairId, number, STREAM[name]);
  const random = createRandom(stream('patient'));
  const patientScenario = resolveScenario(scenario, createRandom(stream('scenario')));
  const model = createPhysiology(patientScenario, stream('physiology'), SESSION_TIMELINE);
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
    turnoverMin: random.uniform(3, 10),
  };
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
  const { seed, chairId, scenario, speed, signal } = options;
  try {
    for (let number = 1; ; number++) {
      const visit = planVisit({ seed, chairId, number, scenario });
      await simulateVisit(visit, options);
      if (!options.loop) return;
      await sleep((visit.turnoverMin * 60_000) / speed, undefined, { signal });
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}

async function simulateVisit(visit: Visit, options: ChairSimulatorOptions): Promise<void> {
  const { chairId, seed, speed, cadence, log, signal } = options;
  const session = await openSession(visit.session, options);
  const { givenName, familyName } = visit.session.patient;
  log.info(`chair ${chairId}: session ${session.id} started for ${initials(givenName, familyName)}, ${visit.session.weightKg} kg (${visit.scenario})`);
  const startedMs = Date.now();
  const outbox = createOutbox(options);
  for (const sample of sessionSamples(visit.model, cadence)) {
    signal.throwIfAborted();
    const dueMs = startedMs + (sample.elapsedS * 1000) / speed;
    const waitMs = dueMs - Date.now();
    if (waitMs > 0) await sleep(waitMs, undefined, { signal });
    outbox.add({
      // Unique across runs (the session id) and stable across retries, so a resend is stored once.
      id: `sim-${seed}-c${chairId}-${session.id}-${sample.n}`,
      // Real wall-clock time, never ahead of now (timers may fire a millisecond early): only the
      // spacing between readings is compressed.
      recordedAt: new Date(Math.min(dueMs, Date.now())).toISOString(),
      source: 'simulator',
      ...sample.vitals,
    });
  }
  await outbox.drained();
  await endSession(session.id, options);
  log.info(`chair ${chairId}: session ${session.id} ended, patient discharged`);
}

async function openSession(input: SessionStartInput, options: ChairSimulatorOptions): Promise<SessionDetail> {
  const { api, chairId, log, signal } = options;
  const what = `chair ${chairId}: starting a session`;
  let started = await retrying(() => api.startSession(input), { what, log, signal });
  if (!started.ok && started.status === 409) {
    await endLeftoverSession(options);
    started = await retrying(() => api.startSession(input), { what, log, signal });
  }
  if (!started.ok) throw new Error(`${what}: ${started.message}`);
  return started.value;
}

/**
 * The simulator owns the chairs it drives: a session still active on one (left by an earlier run that
 * was stopped mid-session) is ended before the next patient sits down, rather than picked up with a
 * timeline the simulator no longer knows.
 */
async function endLeftoverSession(options: ChairSimulatorOptions): Promise<void> {
  const { api, chairId, log, signal } = options;
  const board = await retrying(() => api.listChairs(), { what: `chair ${chairId}: listing chairs`, log, signal });
  const leftover = board.ok ? board.value.chairs.find((chair) => chair.id === chairId)?.activeSession : null;
  if (!leftover) return;
  log.warn(`chair ${chairId}: ending session ${leftover.id}, left active by an earlier run`);
  await endSession(leftover.id, options);
}

async function endSession(sessionId: string, { api, chairId, log, signal }: ChairSimulatorOptions): Promise<void> {
  const ended = await retrying(() => api.endSession(sessionId), { what: `chair ${chairId}: ending session ${sessionId}`, log, signal });
  if (!ended.ok) log.warn(`chair ${chairId}: could not end session ${sessionId}: ${ended.message}`);
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
