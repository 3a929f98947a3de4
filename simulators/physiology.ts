/**
 * A pure model of one patient in the chair: what the monitor would read at a given moment of the
 * session. No I/O and no clock: every value is a function of the model and the time elapsed since
 * the infusion started (negative before it), so a session can be replayed, sampled at any moment,
 * and tested.
 */
import { VITALS, deriveMap, type VitalKey } from '../server/src/contract/vitals.ts';
import { hashNormal, hashUniform, type Random } from './random.ts';

export type Vitals = Record<VitalKey, number>;

/** Pre-infusion values of a healthy outpatient adult. */
export type Baseline = Omit<Vitals, 'map'>;

export interface InfusionTimeline {
  /** Time in the chair before the infusion starts (baseline vitals, pre scores); default 0. */
  preInfusionMin?: number;
  infusionMin: number;
  /** Observation after the pump stops, until discharge. */
  recoveryMin: number;
}

/** How this patient's blood pressure and heart rate answer the infusion (clinical reference §1). */
export interface InfusionResponse {
  /** Minutes after the start at which the rise is greatest (capped at the end of the infusion). */
  peakMin: number;
  /** Rise above baseline at the peak: mmHg, mmHg, beats/min. */
  sbpRise: number;
  dbpRise: number;
  hrRise: number;
  /** How fast the rise fades once the pump has stopped. */
  recoveryHalfLifeMin: number;
}

/** An episode of slowed breathing: RR falls, then SpO₂ follows and EtCO₂ climbs, then all recover. */
export interface RespiratoryDepression {
  /** Minutes after the infusion start at which breathing begins to slow. */
  startMin: number;
  onsetMin: number;
  /** Time at the nadir before the patient is roused and breathing picks up. */
  holdMin: number;
  resolveMin: number;
  rrNadir: number;
  spo2Nadir: number;
  etco2Peak: number;
}

/** A stretch during which the monitor reports nothing at all: probe and cuff off. */
export interface SensorGap {
  startMin: number;
  durationMin: number;
}

export interface PhysiologyModel {
  /** Keys the moment-to-moment variability and artefacts. */
  noiseSeed: number;
  baseline: Baseline;
  timeline: InfusionTimeline;
  response: InfusionResponse;
  respiratoryDepression: RespiratoryDepression | null;
  sensorGap: SensorGap | null;
}

export function drawBaseline(random: Random): Baseline {
  return {
    hr: random.uniform(60, 90),
    sbp: random.uniform(110, 140),
    dbp: random.uniform(65, 85),
    spo2: random.uniform(96, 99),
    rr: random.uniform(12, 18),
    etco2: random.uniform(35, 42),
    tempC: random.uniform(36.4, 37.0),
  };
}

/** While the pump still runs after the peak, the rise eases only slowly. */
const INFUSING_HALF_LIFE_MIN = 60;
/** Oxygen stores delay the fall in SpO₂ behind the fall in breathing. */
const SPO2_LAG_MIN = 1;
/** Hypoxaemia speeds the heart. */
const HYPOXIA_HR_RISE = 8;

/** Share (0–1) of the peak rise present at `elapsedMin`: smooth rise to the peak, slow easing while
 * the pump runs, then exponential fading through recovery. */
function infusionEffect(response: InfusionResponse, timeline: InfusionTimeline, elapsedMin: number): number {
  if (elapsedMin <= 0) return 0;
  const peakMin = Math.min(response.peakMin, timeline.infusionMin);
  if (elapsedMin <= peakMin) {
    const x = elapsedMin / peakMin;
    return x * x * (3 - 2 * x);
  }
  const infusingMin = Math.min(elapsedMin, timeline.infusionMin) - peakMin;
  const recoveringMin = Math.max(0, elapsedMin - timeline.infusionMin);
  return 0.5 ** (infusingMin / INFUSING_HALF_LIFE_MIN + recoveringMin / response.recoveryHalfLifeMin);
}

/** Depth (0–1) of a respiratory depression episode at `elapsedMin`. */
function depressionDepth(episode: RespiratoryDepression, elapsedMin: number): number {
  const t = elapsedMin - episode.startMin;
  if (t <= 0) return 0;
  if (t < episode.onsetMin) return t / episode.onsetMin;
  const resolvingMin = t - episode.onsetMin - episode.holdMin;
  if (resolvingMin <= 0) return 1;
  return Math.max(0, 1 - resolvingMin / episode.resolveMin);
}

const lerp = (from: number, to: number, share: number) => from + (to - from) * share;

/** The expected vitals at `elapsedMin`, before moment-to-moment variability. */
export function trendAt(model: PhysiologyModel, elapsedMin: number): Vitals {
  const { baseline, response, respiratoryDepression: episode } = model;
  const effect = infusionEffect(response, model.timeline, elapsedMin);
  const breathing = episode ? depressionDepth(episode, elapsedMin) : 0;
  const oxygenation = episode ? depressionDepth(episode, elapsedMin - SPO2_LAG_MIN) : 0;
  const sbp = baseline.sbp + response.sbpRise * effect;
  const dbp = baseline.dbp + response.dbpRise * effect;
  return {
    hr: baseline.hr + response.hrRise * effect + HYPOXIA_HR_RISE * oxygenation,
    sbp,
    dbp,
    map: (sbp + 2 * dbp) / 3,
    spo2: episode ? lerp(baseline.spo2, episode.spo2Nadir, oxygenation) : baseline.spo2,
    rr: episode ? lerp(baseline.rr, episode.rrNadir, breathing) : baseline.rr,
    etco2: episode ? lerp(baseline.etco2, episode.etco2Peak, breathing) : baseline.etco2,
    tempC: baseline.tempC,
  };
}

type MeasuredKey = Exclude<VitalKey, 'map'>;

/** Moment-to-moment variability: a slow wander (sd, knot spacing) plus reading-to-reading scatter. */
const VARIABILITY: Record<MeasuredKey, { driftSd: number; driftPeriodS: number; scatterSd: number }> = {
  hr: { driftSd: 2.5, driftPeriodS: 90, scatterSd: 1 },
  sbp: { driftSd: 2, driftPeriodS: 600, scatterSd: 3 },
  dbp: { driftSd: 1.5, driftPeriodS: 600, scatterSd: 2 },
  spo2: { driftSd: 0.5, driftPeriodS: 120, scatterSd: 0.4 },
  rr: { driftSd: 0.7, driftPeriodS: 60, scatterSd: 0.4 },
  etco2: { driftSd: 1, driftPeriodS: 120, scatterSd: 0.7 },
  tempC: { driftSd: 0.05, driftPeriodS: 900, scatterSd: 0.03 },
};
const CHANNEL: Record<MeasuredKey | 'artefact', number> = { hr: 1, sbp: 2, dbp: 3, spo2: 4, rr: 5, etco2: 6, tempC: 7, artefact: 8 };
const DRIFT = 1;
const SCATTER = 2;

/** Variability stays within 3 sd: a monitor's readings scatter, they do not run wild. */
const standardNoise = (...parts: number[]) => Math.max(-3, Math.min(3, hashNormal(...parts)));

/** Smooth noise: normal values at evenly spaced knots, eased between them. */
function drift(seed: number, channel: number, elapsedS: number, periodS: number): number {
  const position = elapsedS / periodS;
  const knot = Math.floor(position);
  const x = position - knot;
  const from = standardNoise(seed, DRIFT, channel, knot);
  const to = standardNoise(seed, DRIFT, channel, knot + 1);
  return lerp(from, to, x * x * (3 - 2 * x));
}

function vary(model: PhysiologyModel, trend: Vitals, key: MeasuredKey, elapsedS: number): number {
  const { driftSd, driftPeriodS, scatterSd } = VARIABILITY[key];
  const channel = CHANNEL[key];
  return (
    trend[key] +
    driftSd * drift(model.noiseSeed, channel, elapsedS, driftPeriodS) +
    scatterSd * standardNoise(model.noiseSeed, SCATTER, channel, Math.round(elapsedS * 1000))
  );
}

/** Motion at the finger: a few seconds of falsely low SpO₂ and an erratic pulse, now and then. */
const ARTEFACTS_PER_HOUR = 0.1;

function motionArtefactAt(seed: number, elapsedS: number): { spo2: number; hrOffset: number } | null {
  const minute = Math.floor(elapsedS / 60);
  const draw = (n: number) => hashUniform(seed, CHANNEL.artefact, minute, n);
  if (draw(0) >= ARTEFACTS_PER_HOUR / 60) return null;
  const startS = minute * 60 + 45 * draw(1);
  const durationS = 5 + 10 * draw(2);
  if (elapsedS < startS || elapsedS >= startS + durationS) return null;
  return { spo2: 75 + 13 * draw(3), hrOffset: 20 + 25 * draw(4) };
}

/** A cuff never reads a pulse pressure narrower than this. */
const MIN_PULSE_PRESSURE = 15;

const bounded = (key: VitalKey, value: number) => Math.min(VITALS[key].max, Math.max(VITALS[key].min, value));
const roundTo = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * What the monitor reads at `elapsedS` (seconds since the infusion started), rounded as a monitor
 * displays it and always inside the contract's accept ranges; `null` while the sensors are off.
 */
export function measureAt(model: PhysiologyModel, elapsedS: number): Vitals | null {
  const gap = model.sensorGap;
  const elapsedMin = elapsedS / 60;
  if (gap && elapsedMin >= gap.startMin && elapsedMin < gap.startMin + gap.durationMin) return null;

  const trend = trendAt(model, elapsedMin);
  const artefact = motionArtefactAt(model.noiseSeed, elapsedS);
  const hr = vary(model, trend, 'hr', elapsedS) + (artefact?.hrOffset ?? 0);
  const spo2 = artefact ? artefact.spo2 : vary(model, trend, 'spo2', elapsedS);
  const sbp = bounded('sbp', Math.round(vary(model, trend, 'sbp', elapsedS)));
  const dbp = bounded('dbp', Math.min(Math.round(vary(model, trend, 'dbp', elapsedS)), sbp - MIN_PULSE_PRESSURE));
  return {
    hr: bounded('hr', Math.round(hr)),
    sbp,
    dbp,
    map: deriveMap(sbp, dbp),
    spo2: bounded('spo2', Math.round(spo2)),
    rr: bounded('rr', Math.round(vary(model, trend, 'rr', elapsedS))),
    etco2: bounded('etco2', Math.round(vary(model, trend, 'etco2', elapsedS))),
    tempC: bounded('tempC', roundTo(vary(model, trend, 'tempC', elapsedS), 1)),
  };
}

/** How often the monitor reports, in simulated seconds. */
export interface Cadence {
  /** HR, SpO₂, RR and EtCO₂ stream continuously. */
  sampleIntervalS: number;
  /** BP cuff cycle while the pump runs. */
  bpIntervalS: number;
  /** BP cuff cycle during recovery. */
  recoveryBpIntervalS: number;
}

/** Clinical reference §1: vitals at least every 5–10 min during the infusion, every 15 min after. */
export const DEFAULT_CADENCE: Cadence = { sampleIntervalS: 5, bpIntervalS: 5 * 60, recoveryBpIntervalS: 15 * 60 };

export interface SimulatedSample {
  /** Position in the session's stream, from 0. */
  n: number;
  elapsedS: number;
  vitals: Partial<Vitals>;
}

const STREAMED: readonly VitalKey[] = ['hr', 'spo2', 'rr', 'etco2'];
/** Temperature is charted with each cuff reading. */
const CUFF: readonly VitalKey[] = ['sbp', 'dbp', 'map', 'tempC'];

/** Every reading the monitor sends during one session, from the patient's arrival in the chair
 * (`-preInfusionMin`) to discharge, in time order; `elapsedS` counts from the infusion start. Lazy,
 * so a thousand simulated chairs do not each hold a whole session in memory. */
export function* sessionSamples(model: PhysiologyModel, cadence: Cadence): Generator<SimulatedSample> {
  const preMs = Math.round((model.timeline.preInfusionMin ?? 0) * 60_000);
  // Whole milliseconds, so that the same moment is always the same number.
  const infusionMs = Math.round(model.timeline.infusionMin * 60_000);
  const endMs = infusionMs + Math.round(model.timeline.recoveryMin * 60_000);
  const readings = new Map<number, { streamed: boolean; cuff: boolean }>();
  const mark = (atMs: number, kind: 'streamed' | 'cuff') => {
    const reading = readings.get(atMs) ?? { streamed: false, cuff: false };
    reading[kind] = true;
    readings.set(atMs, reading);
  };
  const every = (fromMs: number, toMs: number, intervalS: number, kind: 'streamed' | 'cuff') => {
    const stepMs = Math.round(intervalS * 1000);
    for (let atMs = fromMs; atMs <= toMs; atMs += stepMs) mark(atMs, kind);
  };
  // The stream keeps its beat on the infusion start; `0 -` keeps the start a positive zero.
  const streamStepMs = Math.round(cadence.sampleIntervalS * 1000);
  every(0 - Math.floor(preMs / streamStepMs) * streamStepMs, endMs, cadence.sampleIntervalS, 'streamed');
  every(0, infusionMs, cadence.bpIntervalS, 'cuff');
  every(infusionMs, endMs, cadence.recoveryBpIntervalS, 'cuff');
  // Baseline on arrival, BP before dosing, at the end of the infusion and before discharge
  // (clinical reference §1).
  mark(-preMs, 'streamed');
  for (const atMs of [-preMs, 0, infusionMs, endMs]) mark(atMs, 'cuff');

  let n = 0;
  for (const atMs of [...readings.keys()].sort((a, b) => a - b)) {
    const measured = measureAt(model, atMs / 1000);
    if (!measured) continue;
    const { streamed, cuff } = readings.get(atMs)!;
    const keys = [...(streamed ? STREAMED : []), ...(cuff ? CUFF : [])];
    yield { n: n++, elapsedS: atMs / 1000, vitals: Object.fromEntries(keys.map((k) => [k, measured[k]])) };
  }
}
