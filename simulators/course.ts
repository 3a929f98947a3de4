/**
 * The clinical course of one simulated infusion, drawn in advance from the seed: the pre-infusion
 * scores, the side effects the nurse charts (and what was given for them), the pump's pauses and rate
 * changes, when the planned dose is in, and the discharge scores. Pure: no I/O and no clock.
 *
 * Times are minutes from the infusion start (negative before it), on the time axis of the vitals
 * in `physiology.ts`: what the nurse does follows what the patient goes through.
 */
import { DISCHARGE_READY_AT, DISCHARGE_SCALES } from '../server/src/clinical/discharge.ts';
import type { ObservationInput } from '../server/src/contract/observations.ts';
import type { DischargeInput, PreScoresInput } from '../server/src/contract/sessions.ts';
import { measureAt, trendAt, type Cadence, type PhysiologyModel } from './physiology.ts';
import { createRandom, type Random } from './random.ts';
import type { PatientScenario } from './scenarios.ts';

/** A side effect as the nurse charts it (the client id and the time are added when it is sent). */
export type ChartEntry = Omit<ObservationInput, 'id' | 'observedAt'>;

export interface PlannedObservation {
  atMin: number;
  /** `o1`, `o2`… in time order: the end of the entry's client id. */
  key: string;
  entry: ChartEntry;
}

/** A change to the pump. A new rate is a share of the current one: the server works out the rate. */
export type PumpAction =
  | { kind: 'pause'; atMin: number; reason: string }
  | { kind: 'resume'; atMin: number; reason: string }
  | { kind: 'rate'; atMin: number; factor: number; reason: string };

export interface Course {
  /** Baseline vitals and pre scores before the infusion starts (whole minutes). */
  preInfusionMin: number;
  preScoresAtMin: number;
  preScores: PreScoresInput;
  observations: PlannedObservation[];
  pump: PumpAction[];
  /** When the planned dose is in: the planned duration, longer after a pause or a lower rate. */
  infusionEndMin: number;
  dischargeAtMin: number;
  discharge: DischargeInput & { scale: 'aldrete' };
}

/**
 * Share of infusions in which the nurse charts each side effect, whatever the scenario (clinical
 * reference §1, §6). The nausea-episode scenario brings its own nausea (in `mixed`, nausea then comes
 * to about 17 %); vomiting only comes with nausea; every infusion has a MOAA/S check at 40 min.
 */
export const SIDE_EFFECT_RATES = {
  dissociation: 0.68,
  nausea: 0.13,
  dizziness: 0.08,
  headache: 0.06,
  anxiety: 0.05,
  confusion: 0.03,
} as const;

/** Severity (1 mild, 2 moderate, 3 severe) of each side effect, when it occurs. */
const SEVERITY = {
  dissociation: { 1: 0.5, 2: 0.4, 3: 0.1 },
  nausea: { 1: 0.5, 2: 0.38, 3: 0.12 },
  dizziness: { 1: 0.7, 2: 0.3 },
  headache: { 1: 0.75, 2: 0.25 },
  anxiety: { 1: 0.6, 2: 0.35, 3: 0.05 },
} as const;

/** MOAA/S at the 40 min check of a 0.5 mg/kg infusion: most respond readily or lethargically. */
const MOAAS_AT_CHECK = { 5: 0.5, 4: 0.38, 3: 0.1, 2: 0.02 } as const;
/** How the log grades a MOAA/S score: 5 none, 4 mild, 3 moderate, 2 or less severe. */
const sedationSeverity = (moaas: number) => (moaas >= 5 ? 0 : moaas === 4 ? 1 : moaas === 3 ? 2 : 3);

/** The share of the rate kept when the nurse slows the pump. */
export const RATE_REDUCTION = 0.75;
/** Pre-infusion pain (NRS) of a chronic-pain patient coming for an infusion. */
const PAIN_BEFORE = { min: 3, max: 8 };
export const OVERRIDE_REASON = 'cleared by prescriber';

type Draft = { atMin: number; entry: ChartEntry } | { afterEndMin: number; entry: ChartEntry };

/** A side effect's entries; `pump` is what the nurse would do to the pump about it, if anything.
 * `drafts(pumped)` says what was charted, knowing whether that pump change was made. */
interface Episode {
  drafts(pumped: boolean): Draft[];
  pump: PumpAction[] | null;
}

const drawSeverity = (random: Random, weights: Readonly<Record<number, number>>) => Number(random.weighted(weights as Record<string, number>));

const episode = (drafts: Draft[], pump: PumpAction[] | null = null): Episode => ({ drafts: () => drafts, pump });

function dissociation(random: Random, plannedMin: number): Episode {
  const severity = drawSeverity(random, SEVERITY.dissociation);
  // Perceptual changes build over the first minutes and peak mid-infusion.
  const onsetMin = plannedMin * random.uniform(0.1, 0.25);
  const peakMin = plannedMin * random.uniform(0.35, 0.75);
  const reassured = random.chance(0.4);
  const slowed = random.chance(0.4);
  const resolvedAfterEndMin = random.uniform(8, 25);
  const pump: PumpAction[] | null =
    severity === 3 && slowed ? [{ kind: 'rate', atMin: peakMin + 0.5, factor: RATE_REDUCTION, reason: 'severe dissociation' }] : null;
  return {
    pump,
    drafts: (pumped) => [
      ...(severity >= 2 ? [{ atMin: onsetMin, entry: { kind: 'dissociation', severity: 1 } as ChartEntry }] : []),
      {
        atMin: peakMin,
        entry: {
          kind: 'dissociation',
          severity,
          ...(severity === 3
            ? { intervention: { kind: pumped ? 'rate-reduced' : 'reassurance' }, note: 'Distressed by the perceptual changes' }
            : severity === 2 && reassured
              ? { intervention: { kind: 'reassurance' } }
              : {}),
        },
      },
      { afterEndMin: resolvedAfterEndMin, entry: { kind: 'dissociation', severity: 0, note: 'Resolved' } },
    ],
  };
}

function nausea(random: Random, plannedMin: number): Episode {
  const severity = drawSeverity(random, SEVERITY.nausea);
  const atMin = plannedMin * random.uniform(0.25, 0.85);
  const ondansetron = severity === 3 || (severity === 2 && random.chance(0.5));
  const vomits = random.chance(severity === 3 ? 0.4 : severity === 2 ? 0.08 : 0);
  const paused = severity === 3 && random.chance(0.5);
  const pauseMin = random.uniform(2, 4);
  const settledAfterMin = random.uniform(10, 20);
  const pump: PumpAction[] | null = paused
    ? [
        { kind: 'pause', atMin: atMin + 0.5, reason: 'nausea' },
        { kind: 'resume', atMin: atMin + 0.5 + pauseMin, reason: 'nausea settled' },
      ]
    : null;
  return {
    pump,
    drafts: (pumped) => [
      { atMin, entry: { kind: 'nausea', severity, ...(ondansetron ? { intervention: { kind: 'ondansetron-4mg-iv' } } : {}) } },
      ...(vomits ? [{ atMin: atMin + 1, entry: { kind: 'vomiting', severity: 2, ...(pumped ? { intervention: { kind: 'infusion-paused' } } : {}) } as ChartEntry }] : []),
      { atMin: atMin + settledAfterMin, entry: { kind: 'nausea', severity: 0, note: 'Settled' } },
    ],
  };
}

function dizziness(random: Random, plannedMin: number): Episode {
  const severity = drawSeverity(random, SEVERITY.dizziness);
  // Late in the infusion or on sitting up in recovery.
  return episode([{ atMin: plannedMin * random.uniform(0.75, 1.5), entry: { kind: 'dizziness', severity } }]);
}

function headache(random: Random, plannedMin: number): Episode {
  const severity = drawSeverity(random, SEVERITY.headache);
  const atMin = plannedMin * random.uniform(0.5, 1.25);
  const treated = severity === 2 && random.chance(0.5);
  return episode([{ atMin, entry: { kind: 'headache', severity, ...(treated ? { intervention: { kind: 'other', detail: 'Paracetamol 1 g PO' } } : {}) } }]);
}

function anxiety(random: Random, plannedMin: number): Episode {
  const severity = drawSeverity(random, SEVERITY.anxiety);
  // Early, as the first effects are felt.
  const atMin = plannedMin * random.uniform(0.05, 0.3);
  const reassured = severity >= 2 || random.chance(0.7);
  return episode([{ atMin, entry: { kind: 'anxiety', severity, ...(reassured ? { intervention: { kind: 'reassurance' } } : {}) } }]);
}

function confusion(random: Random): Episode {
  // On emergence, after the pump stops.
  return episode([{ afterEndMin: random.uniform(2, 10), entry: { kind: 'confusion', severity: 1, note: 'Briefly disoriented on emergence' } }]);
}

/** The MOAA/S check at 40 min (clinical reference §1: BP and sedation at ~40 min), and a second
 * one in recovery when the patient was not fully alert. */
function sedationCheck(random: Random, plannedMin: number): Episode {
  const score = Number(random.weighted(MOAAS_AT_CHECK));
  const followUpAfterEndMin = random.uniform(12, 25);
  return episode([
    { atMin: plannedMin, entry: { kind: 'sedation', severity: sedationSeverity(score), sedationScore: score } },
    ...(score < 5 ? [{ afterEndMin: followUpAfterEndMin, entry: { kind: 'sedation', severity: 0, sedationScore: 5 } as ChartEntry }] : []),
  ]);
}

const BACKGROUND = {
  dissociation,
  nausea,
  dizziness,
  headache,
  anxiety,
  confusion,
} satisfies Record<keyof typeof SIDE_EFFECT_RATES, (random: Random, plannedMin: number) => Episode>;

interface ScenarioContext {
  random: Random;
  model: PhysiologyModel;
  cadence: Cadence;
  plannedMin: number;
}

/** What the scenario itself makes the nurse chart and do, beyond the everyday side effects. */
const SCENARIO_COURSES: Readonly<Record<PatientScenario, (context: ScenarioContext) => Episode | null>> = {
  routine: () => null,
  'sensor-off': () => null,

  /** At the first cuff reading with SBP ≥ 180 (clinical reference §4: high alarm), the nurse slows
   * the pump or pauses it for a few minutes. */
  'hypertensive-surge': ({ random, model, cadence, plannedMin }) => {
    const reactMin = random.uniform(0.5, 2);
    const paused = random.chance(0.4);
    const pauseMin = random.uniform(3, 5);
    for (let atS = cadence.bpIntervalS; atS < plannedMin * 60; atS += cadence.bpIntervalS) {
      const sbp = measureAt(model, atS)?.sbp;
      if (sbp === undefined || sbp < 180) continue;
      const atMin = atS / 60 + reactMin;
      const entry: ChartEntry = { kind: 'hypertension', severity: 2, intervention: { kind: paused ? 'infusion-paused' : 'rate-reduced' }, note: `SBP ${sbp} mmHg` };
      return episode(
        [{ atMin, entry }],
        paused
          ? [
              { kind: 'pause', atMin, reason: 'BP surge' },
              { kind: 'resume', atMin: atMin + pauseMin, reason: 'BP reviewed by the prescriber' },
            ]
          : [{ kind: 'rate', atMin, factor: RATE_REDUCTION, reason: 'BP surge' }],
      );
    }
    return null;
  },

  /** Breathing slows: the nurse pauses the pump and rouses the patient, then resumes it slower once
   * SpO₂ and RR are back. */
  desaturation: ({ random, model }) => {
    const episodeOf = model.respiratoryDepression;
    if (!episodeOf) return null;
    const pauseAtMin = episodeOf.startMin + episodeOf.onsetMin + random.uniform(0.5, 1);
    const resumeAtMin = episodeOf.startMin + episodeOf.onsetMin + episodeOf.holdMin + episodeOf.resolveMin + random.uniform(2, 3);
    return episode(
      [
        { atMin: pauseAtMin, entry: { kind: 'sedation', severity: 3, sedationScore: 2, intervention: { kind: 'infusion-paused', detail: 'Roused; chin lift' } } },
        { atMin: resumeAtMin, entry: { kind: 'sedation', severity: 1, sedationScore: 4, intervention: { kind: 'rate-reduced' } } },
      ],
      [
        { kind: 'pause', atMin: pauseAtMin, reason: 'respiratory depression' },
        { kind: 'resume', atMin: resumeAtMin, reason: 'breathing recovered' },
        { kind: 'rate', atMin: resumeAtMin, factor: RATE_REDUCTION, reason: 'respiratory depression' },
      ],
    );
  },

  /** Moderate, then severe nausea 15–25 min in: ondansetron 4 mg IV, pump paused 3–5 min and resumed
   * at a reduced rate, nausea settling. */
  'nausea-episode': ({ random }) => {
    const moderateAtMin = random.uniform(15, 20);
    const severeAtMin = moderateAtMin + random.uniform(2, 4);
    const resumeAtMin = severeAtMin + random.uniform(3, 5);
    const vomits = random.chance(0.3);
    const settledAtMin = resumeAtMin + random.uniform(8, 15);
    return episode(
      [
        { atMin: moderateAtMin, entry: { kind: 'nausea', severity: 2 } },
        { atMin: severeAtMin, entry: { kind: 'nausea', severity: 3, intervention: { kind: 'ondansetron-4mg-iv' } } },
        ...(vomits ? [{ atMin: severeAtMin + 1, entry: { kind: 'vomiting', severity: 2, intervention: { kind: 'infusion-paused' } } as ChartEntry }] : []),
        { atMin: resumeAtMin, entry: { kind: 'nausea', severity: 1, intervention: { kind: 'rate-reduced' }, note: 'Settling after ondansetron' } },
        { atMin: settledAtMin, entry: { kind: 'nausea', severity: 0, note: 'Settled' } },
      ],
      [
        { kind: 'pause', atMin: severeAtMin, reason: 'nausea' },
        { kind: 'resume', atMin: resumeAtMin, reason: 'nausea settling' },
        { kind: 'rate', atMin: resumeAtMin, factor: RATE_REDUCTION, reason: 'nausea' },
      ],
    );
  },
};

/** When the planned dose is in: `plannedMin` of pumping at the prescribed rate, the paused time
 * excluded and a lower rate taking longer (clinical reference §1: delivered = ∫ rate dt). */
export function infusionEndMin(plannedMin: number, pump: readonly PumpAction[]): number {
  let atMin = 0;
  let delivered = 0; // in minutes at the prescribed rate
  let share = 1;
  let running = true;
  for (const action of [...pump].sort((a, b) => a.atMin - b.atMin)) {
    if (running) {
      const upTo = delivered + (action.atMin - atMin) * share;
      if (upTo >= plannedMin) break;
      delivered = upTo;
    }
    atMin = action.atMin;
    if (action.kind === 'pause') running = false;
    else if (action.kind === 'resume') running = true;
    else share *= action.factor;
  }
  return atMin + (plannedMin - delivered) / share;
}

/** Modified Aldrete at discharge (clinical reference §6), from how the patient is doing then:
 * circulation from the BP against baseline, respiration and SpO₂ from the monitor, activity and
 * consciousness drawn. A total below 9 leaves only with the prescriber's override. */
function aldreteScores(random: Random, model: PhysiologyModel, atMin: number): Record<keyof typeof DISCHARGE_SCALES.aldrete.items, number> {
  const now = trendAt(model, atMin);
  const sbpChange = Math.abs(now.sbp - model.baseline.sbp) / model.baseline.sbp;
  const scores = {
    activity: random.chance(0.85) ? 2 : 1,
    respiration: now.rr >= 10 ? 2 : 1,
    circulation: sbpChange <= 0.2 ? 2 : sbpChange < 0.5 ? 1 : 0,
    consciousness: random.chance(0.88) ? 2 : 1,
    spo2: now.spo2 >= 92 ? 2 : now.spo2 >= 90 ? 1 : 0,
  };
  // Below 8 the patient would stay longer: the simulation lets them go at 8 at the lowest.
  const total = () => Object.values(scores).reduce((sum, score) => sum + score, 0);
  for (const item of ['activity', 'consciousness', 'respiration', 'spo2', 'circulation'] as const) {
    while (total() < DISCHARGE_READY_AT - 1 && scores[item] < 2) scores[item]++;
  }
  return scores;
}

export interface CourseInput {
  scenario: PatientScenario;
  /** The patient as drawn, over the planned infusion. */
  model: PhysiologyModel;
  cadence: Cadence;
  plannedMin: number;
  recoveryMin: number;
  /** Independent PRNG streams: the everyday side effects stay the same whatever the scenario. */
  seeds: { timing: number; sideEffects: number; scenario: number; outcome: number };
}

/** Draws the course of one infusion, and the patient's physiology over its actual length. */
export function planCourse({ scenario, model, cadence, plannedMin, recoveryMin, seeds }: CourseInput): { course: Course; model: PhysiologyModel } {
  const timing = createRandom(seeds.timing);
  const preInfusionMin = timing.integer(2, 4);
  const preScoresAtMin = -preInfusionMin * timing.uniform(0.3, 0.6);

  const sideEffects = createRandom(seeds.sideEffects);
  const background: Episode[] = [];
  for (const [kind, rate] of Object.entries(SIDE_EFFECT_RATES) as [keyof typeof SIDE_EFFECT_RATES, number][]) {
    if (!sideEffects.chance(rate)) continue;
    const drawn = BACKGROUND[kind](sideEffects, plannedMin);
    // A patient having the nausea episode has no second, everyday nausea (drawn all the same, so the
    // other side effects stay as they are).
    if (kind === 'nausea' && scenario === 'nausea-episode') continue;
    background.push(drawn);
  }
  background.push(sedationCheck(sideEffects, plannedMin));

  const special = SCENARIO_COURSES[scenario]({ random: createRandom(seeds.scenario), model, cadence, plannedMin });
  // One change to the pump per infusion at most: the scenario's, else the earliest side effect's.
  // (A change that starts before the planned end is over before the dose is in: a pause or a lower
  // rate only makes the infusion longer.)
  const duringInfusion = (pump: PumpAction[] | null): pump is PumpAction[] => pump !== null && pump[0].atMin > 0 && pump[0].atMin < plannedMin;
  const candidates = [special, ...background].filter((e): e is Episode => e !== null && duringInfusion(e.pump));
  const pumped = special && duringInfusion(special.pump) ? special : candidates.sort((a, b) => a.pump![0].atMin - b.pump![0].atMin)[0];
  const pump = pumped?.pump ?? [];

  const endMin = infusionEndMin(plannedMin, pump);
  const dischargeAtMin = endMin + recoveryMin;
  const drafts = [...(special ? [special] : []), ...background].flatMap((e) => e.drafts(e === pumped));
  const observations = drafts
    .map(({ entry, ...at }) => ({ atMin: 'atMin' in at ? at.atMin : endMin + at.afterEndMin, entry }))
    .sort((a, b) => a.atMin - b.atMin)
    .map((o, i) => ({ ...o, key: `o${i + 1}` }));

  const finalModel: PhysiologyModel = { ...model, timeline: { preInfusionMin, infusionMin: endMin, recoveryMin } };
  const outcome = createRandom(seeds.outcome);
  const painBefore = outcome.integer(PAIN_BEFORE.min, PAIN_BEFORE.max);
  // Lower after the infusion on average, now and then no better.
  const painAfter = Math.max(0, Math.min(10, Math.round(painBefore - outcome.normal(2, 1.5))));
  const scores = aldreteScores(outcome, finalModel, dischargeAtMin);
  const total = Object.values(scores).reduce((sum, score) => sum + score, 0);
  return {
    model: finalModel,
    course: {
      preInfusionMin,
      preScoresAtMin,
      preScores: { painBefore, sedationBefore: 5 },
      observations,
      pump,
      infusionEndMin: endMin,
      dischargeAtMin,
      discharge: { scale: 'aldrete', scores, painAfter, ...(total < DISCHARGE_READY_AT ? { override: OVERRIDE_REASON } : {}) },
    },
  };
}
