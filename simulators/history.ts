/**
 * Weeks of finished sessions for the demo, so every review page has data on a first start. Patients
 * come for their induction series (six infusions, about three a week) and sit in the clinic's chairs
 * on past weekdays; each visit is replayed in order through the public API, in process (`inject`),
 * with the clinic's clock set back to its time: the live simulator's physiology, side effects and
 * nurse's actions, and the alarms the server itself raises (which a nurse acknowledges).
 */
import type { Alarm } from '../server/src/contract/alarms.ts';
import type { ObservationInput } from '../server/src/contract/observations.ts';
import type { VitalSampleInput } from '../server/src/contract/vitals.ts';
import type { SimulationLog } from './api.ts';
import { planVisit, visitSteps, type Visit, type VisitAction } from './chair-simulator.ts';
import type { Cadence } from './physiology.ts';
import { createRandom, hashSeed } from './random.ts';

/** A reading every 15 s is plenty for review; the live demo streams every 5 s. */
export const HISTORY_CADENCE: Cadence = { sampleIntervalS: 15, bpIntervalS: 5 * 60, recoveryBpIntervalS: 15 * 60 };
/** Readings stored per request while replaying: the server's alarms see the chair once a minute. */
const READINGS_PER_POST = 4;
/** Where the day's patients sit: a visit is about 80 min and the room needs turning over. */
const SLOT_STARTS_MIN = [8 * 60 + 30, 10 * 60 + 15, 12 * 60, 13 * 60 + 45, 15 * 60 + 30];
/** Weekday offsets of a series' six infusions from its first: every other weekday or so, three a
 * week over two weeks (Mon, Wed, Fri, Mon, Wed, Fri for a series that starts on a Monday). */
const SERIES_OFFSETS = [0, 2, 4, 5, 7, 9];
const DAY_MS = 86_400_000;

export interface Appointment {
  /** Index of the patient (their series) in the plan. */
  patient: number;
  seriesNumber: number;
  chairId: number;
  startMs: number;
}

/** The clinic's past weeks: one new patient starts a series each weekday, each infusion in the first
 * free chair and slot of its day (UTC). Days before `endMs`'s date, never on it. */
export function planHistory({ days, chairs, endMs }: { days: number; chairs: number; endMs: number }): Appointment[] {
  const today = Math.floor(endMs / DAY_MS) * DAY_MS;
  const weekdays: number[] = [];
  for (let day = today - days * DAY_MS; day < today; day += DAY_MS) if (![0, 6].includes(new Date(day).getUTCDay())) weekdays.push(day);
  const taken = new Map<number, number>(); // day → appointments so far
  const appointments: Appointment[] = [];
  weekdays.forEach((_, first) => {
    const patient = first;
    SERIES_OFFSETS.forEach((offset, i) => {
      const day = weekdays[first + offset];
      if (day === undefined) return; // the series goes on after today
      const n = taken.get(day) ?? 0;
      if (n >= chairs * SLOT_STARTS_MIN.length) return;
      taken.set(day, n + 1);
      const chairId = (n % chairs) + 1;
      const slot = Math.floor(n / chairs);
      appointments.push({ patient, seriesNumber: i + 1, chairId, startMs: day + SLOT_STARTS_MIN[slot]! * 60_000 });
    });
  });
  return appointments.sort((a, b) => a.startMs - b.startMs || a.chairId - b.chairId);
}

/** A patient's visit: the same person at every infusion of the series, whose pain eases as it goes on. */
export function seriesVisit(seed: number, appointment: Appointment, visitNumber: number): Visit {
  const visit = planVisit({ seed, chairId: appointment.chairId, number: visitNumber, scenario: 'mixed', cadence: HISTORY_CADENCE });
  const first = planVisit({ seed, chairId: 0, number: appointment.patient + 1, scenario: 'routine' });
  const random = createRandom(hashSeed(seed, appointment.patient, appointment.seriesNumber, 99));
  const painAtStart = first.course.preScores.painBefore;
  // Most patients improve over the series (clinical reference §1); some do not.
  const improvesPerInfusion = random.uniform(0, 1) < 0.75 ? random.uniform(0.4, 1) : 0;
  const painBefore = clamp(Math.round(painAtStart - improvesPerInfusion * (appointment.seriesNumber - 1) + random.uniform(-1, 1)), 1, 10);
  const painAfter = clamp(painBefore - random.integer(1, 4), 0, 10);
  return {
    ...visit,
    session: {
      ...visit.session,
      patient: { ...first.session.patient, clinicId: `HIST-${seed}-${appointment.patient + 1}` },
      weightKg: first.session.weightKg,
      seriesNumber: appointment.seriesNumber,
      prescriber: appointment.patient % 3 === 0 ? 'Dr Okafor' : 'Dr Lindqvist',
    },
    course: {
      ...visit.course,
      preScores: { ...visit.course.preScores, painBefore },
      discharge: { ...visit.course.discharge, painAfter },
    },
  };
}

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

/** The part of the app the replay drives: its HTTP routes in process, and its alarm monitor's timer. */
export interface HistoryApp {
  inject(request: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; payload?: unknown }): Promise<{
    statusCode: number;
    json(): unknown;
    body: string;
  }>;
  alarms: { evaluateAll(): void; activeAlarms(chairId: number): Alarm[] };
}

export interface HistoryOptions {
  app: HistoryApp;
  /** The clinic's clock the app reads (`AppConfig.now`): the replay sets it. */
  clock: { t: number };
  /** A simulator token (it may open and end sessions). */
  token: string;
  /** A signed-in nurse, who acknowledges the alarms. */
  nurseCookie: string;
  chairs: number;
  days: number;
  seed: number;
  endMs: number;
  log?: SimulationLog;
}

/** Replays every planned visit; returns how many sessions and readings it stored. */
export async function seedHistory(options: HistoryOptions): Promise<{ sessions: number; readings: number }> {
  const appointments = planHistory(options);
  let readings = 0;
  for (const [i, appointment] of appointments.entries()) {
    readings += await replayVisit(seriesVisit(options.seed, appointment, i + 1), appointment.startMs, options);
  }
  options.log?.info(`history: ${appointments.length} sessions over ${options.days} days, ${readings} readings`);
  return { sessions: appointments.length, readings };
}

async function replayVisit(visit: Visit, arrivedMs: number, { app, clock, token, nurseCookie, seed }: HistoryOptions): Promise<number> {
  const device = { authorization: `Bearer ${token}` };
  const nurseAnswers = createRandom(hashSeed(seed, visit.chairId, visit.number, 98));
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = device) => {
    const res = await app.inject({ method, url, headers, payload });
    if (res.statusCode >= 300) throw new Error(`history: ${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json() as { id: string; rateMgPerH: number };
  };
  const { chairId } = visit;
  clock.t = arrivedMs;
  const session = await call('POST', '/api/sessions', visit.session);
  let rate = session.rateMgPerH;
  const infusionStartMs = arrivedMs + visit.course.preInfusionMin * 60_000;
  let batch: VitalSampleInput[] = [];
  let stored = 0;

  /** Stores the readings taken so far. First the monitor's clock ticks through the time before
   * them (a sensor off shows as no data); after, the nurse acknowledges what sounds — most times
   * at once, sometimes only a minute or two later. */
  async function store() {
    if (batch.length === 0) return;
    for (
      let t = clock.t + HISTORY_CADENCE.sampleIntervalS * 1000;
      t <= Date.parse(batch[0]!.recordedAt);
      t += HISTORY_CADENCE.sampleIntervalS * 1000
    ) {
      clock.t = t;
      app.alarms.evaluateAll();
    }
    clock.t = Date.parse(batch.at(-1)!.recordedAt);
    await call('POST', `/api/chairs/${chairId}/vitals`, { samples: batch });
    stored += batch.length;
    batch = [];
    for (const alarm of app.alarms.activeAlarms(chairId)) {
      if (alarm.acknowledgedAt === null && alarm.priority !== 'low' && nurseAnswers.uniform(0, 1) < 0.6)
        await call('POST', `/api/alarms/${alarm.id}/acknowledge`, undefined, { cookie: nurseCookie });
    }
  }

  async function act(action: VisitAction) {
    const url = `/api/sessions/${session.id}`;
    if (action.kind === 'pre-scores') await call('POST', `${url}/pre-scores`, visit.course.preScores);
    else if (action.kind === 'start-infusion') await call('POST', `${url}/transitions`, { to: 'infusing' });
    else if (action.kind === 'recovery') await call('POST', `${url}/transitions`, { to: 'recovery', reason: 'planned dose delivered' });
    else if (action.kind === 'discharge') await call('POST', `${url}/discharge`, visit.course.discharge);
    else if (action.kind === 'observation') {
      const { key, entry } = action.observation;
      const input: ObservationInput = { id: `hist-${session.id}-${key}`, ...entry, observedAt: new Date(clock.t).toISOString() };
      await call('POST', `${url}/observations`, input);
    } else if (action.pump.kind === 'rate') {
      rate = Math.round(rate * action.pump.factor * 10) / 10;
      await call('POST', `${url}/rate`, { rateMgPerH: rate, reason: action.pump.reason });
    } else {
      await call('POST', `${url}/transitions`, { to: action.pump.kind === 'pause' ? 'paused' : 'infusing', reason: action.pump.reason });
    }
  }

  for (const step of visitSteps(visit, HISTORY_CADENCE)) {
    const atMs = Math.max(arrivedMs, infusionStartMs + Math.round(step.atS * 1000));
    if ('sample' in step) {
      batch.push({
        id: `hist-${session.id}-${step.sample.n}`,
        recordedAt: new Date(atMs).toISOString(),
        source: 'simulator',
        ...step.sample.vitals,
      });
      if (batch.length >= READINGS_PER_POST) await store();
      continue;
    }
    await store();
    clock.t = atMs;
    await act(step.action);
  }
  return stored;
}

/** Days of history a fresh demo archive gets: series of six and a month's summary. */
export const DEMO_HISTORY_DAYS = 28;
