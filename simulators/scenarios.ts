/**
 * Named, reproducible courses a simulated session can take. A scenario is a description, its share of
 * patients in the `mixed` demo, and a function that draws this patient's physiology from the PRNG.
 * What the nurse does about it (side effects charted, pump paused or slowed) is in `course.ts`.
 */
import { drawBaseline, type Baseline, type InfusionResponse, type InfusionTimeline, type PhysiologyModel } from './physiology.ts';
import { createRandom, hashSeed, type Random } from './random.ts';

export const SCENARIO_NAMES = ['routine', 'hypertensive-surge', 'desaturation', 'sensor-off', 'nausea-episode', 'mixed'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
/** The course one patient actually takes (`mixed` draws one of these per patient). */
export type PatientScenario = Exclude<ScenarioName, 'mixed'>;

type ScenarioPlan = Pick<PhysiologyModel, 'response' | 'respiratoryDepression' | 'sensorGap'>;

interface Scenario {
  description: string;
  /** Share of patients taking this course in the `mixed` scenario. */
  mixedShare: number;
  plan(random: Random, baseline: Baseline, timeline: InfusionTimeline): ScenarioPlan;
}

/** The expected course (clinical reference §1): BP and HR rise, peak 30–40 min after the start, then
 * fade in recovery. */
function routineResponse(random: Random): InfusionResponse {
  const sbpRise = random.uniform(10, 25);
  return {
    peakMin: random.uniform(30, 40),
    sbpRise,
    dbpRise: sbpRise * random.uniform(0.5, 0.7),
    hrRise: random.uniform(5, 12),
    recoveryHalfLifeMin: random.uniform(20, 35),
  };
}

const uneventful = { respiratoryDepression: null, sensorGap: null };

export const SCENARIOS: Readonly<Record<PatientScenario, Scenario>> = {
  routine: {
    description: 'SBP +10–25 mmHg and HR +5–12 /min peaking 30–40 min after the start, fading in recovery',
    mixedShare: 0.65,
    plan: (random) => ({ response: routineResponse(random), ...uneventful }),
  },
  'hypertensive-surge': {
    // Clinical reference §1: 8–19 % rose ≥ 40 mmHg systolic; transient SBP > 180 / DBP > 110 reported.
    description: 'SBP climbs to 200–220 (≥ baseline + 60) and DBP to 118–128, peaking 25–40 min after the start; at SBP ≥ 180 the rate is reduced or the pump paused',
    mixedShare: 0.12,
    plan: (random, baseline) => ({
      response: {
        peakMin: random.uniform(25, 40),
        sbpRise: random.uniform(200, 220) - baseline.sbp,
        dbpRise: random.uniform(118, 128) - baseline.dbp,
        hrRise: random.uniform(12, 25),
        recoveryHalfLifeMin: random.uniform(25, 40),
      },
      ...uneventful,
    }),
  },
  desaturation: {
    // Rare in clinics (clinical reference §1); its share is generous so a demo shows one.
    description: 'mid-infusion, RR falls to 4–7 and SpO₂ to 85–90 (EtCO₂ up to 50–58) for a few minutes, then recovers; the pump is paused meanwhile',
    mixedShare: 0.06,
    plan: (random, _baseline, timeline) => ({
      response: routineResponse(random),
      respiratoryDepression: {
        startMin: timeline.infusionMin * random.uniform(0.3, 0.6),
        onsetMin: random.uniform(1, 2),
        holdMin: random.uniform(2, 4),
        resolveMin: random.uniform(2, 3),
        rrNadir: random.uniform(4, 7),
        spo2Nadir: random.uniform(85, 90),
        etco2Peak: random.uniform(50, 58),
      },
      sensorGap: null,
    }),
  },
  'sensor-off': {
    // Longer than the 30 s stale-data limit (clinical reference §4) in real time up to speed 12.
    description: 'during the infusion the chair sends nothing at all for 6–10 min (probe and cuff off), then resumes',
    mixedShare: 0.12,
    plan: (random, _baseline, timeline) => ({
      response: routineResponse(random),
      respiratoryDepression: null,
      sensorGap: { startMin: timeline.infusionMin * random.uniform(0.25, 0.6), durationMin: random.uniform(6, 10) },
    }),
  },
  'nausea-episode': {
    // Nausea is common with ketamine (clinical reference §1); this one needs the pump paused.
    description: 'routine vitals; moderate then severe nausea 15–25 min after the start, ondansetron 4 mg IV, pump paused 3–5 min and resumed at a reduced rate, nausea settling',
    mixedShare: 0.05,
    plan: (random) => ({ response: routineResponse(random), ...uneventful }),
  },
};

const MIXED_SHARES = Object.fromEntries(Object.entries(SCENARIOS).map(([name, s]) => [name, s.mixedShare])) as Record<
  PatientScenario,
  number
>;

/** The course a patient takes under `scenario`: itself, or a draw by share for `mixed`. */
export function resolveScenario(scenario: ScenarioName, random: Random): PatientScenario {
  return scenario === 'mixed' ? random.weighted(MIXED_SHARES) : scenario;
}

const NOISE_STREAM = 1;

/** Draws one patient: a baseline, then the scenario's plan. */
export function createPhysiology(scenario: PatientScenario, seed: number, timeline: InfusionTimeline): PhysiologyModel {
  const random = createRandom(seed);
  const baseline = drawBaseline(random);
  return { noiseSeed: hashSeed(seed, NOISE_STREAM), baseline, timeline, ...SCENARIOS[scenario].plan(random, baseline, timeline) };
}
