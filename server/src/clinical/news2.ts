import type { Consciousness } from '../contract/observations.ts';
import type { LatestVitals } from '../contract/vitals.ts';

/** NEWS2 early-warning score, Royal College of Physicians 2017 (clinical reference §6, docs/clinical.md). */

export type Avpu = 'A' | 'V' | 'P' | 'U';

/** MOAA/S 5 → A (alert), 4 or 3 → V (responds to voice), 2 or 1 → P (to pain/prodding), 0 → U. */
export function avpuFromMoaas(moaas: number): Avpu {
  if (moaas >= 5) return 'A';
  if (moaas >= 3) return 'V';
  if (moaas >= 1) return 'P';
  return 'U';
}

export type News2Parameter = 'rr' | 'spo2' | 'oxygen' | 'sbp' | 'hr' | 'consciousness' | 'tempC';
export type News2Band = 'none' | 'low' | 'low-medium' | 'medium' | 'high';

export interface News2Input {
  rr?: number;
  spo2?: number;
  sbp?: number;
  hr?: number;
  tempC?: number;
  /** Chairside does not chart oxygen therapy yet: undefined scores as air (0) and is NOT reported missing. */
  onOxygen?: boolean;
  consciousness?: { avpu: Avpu; newConfusion: boolean } | null;
}

export interface News2 {
  total: number;
  band: News2Band;
  /** One entry per parameter scored (oxygen always is). */
  points: Partial<Record<News2Parameter, number>>;
  /** Parameters with no value: the total is then a lower bound and the UI says so. */
  missing: News2Parameter[];
}

type Measured = 'rr' | 'spo2' | 'sbp' | 'hr' | 'tempC';

/**
 * Points by inclusive upper bound, ascending; a value above the last bound scores `above`
 * (clinical reference §6). A value is first rounded to `decimals`, the precision the chart uses,
 * so that one like RR 11.6 never falls between two bands.
 */
// prettier-ignore
const SCALES: Record<Measured, { decimals: number; upTo: readonly (readonly [number, number])[]; above: number }> = {
  rr:    { decimals: 0, upTo: [[8, 3], [11, 1], [20, 0], [24, 2]], above: 3 },
  spo2:  { decimals: 0, upTo: [[91, 3], [93, 2], [95, 1]], above: 0 },
  sbp:   { decimals: 0, upTo: [[90, 3], [100, 2], [110, 1], [219, 0]], above: 3 },
  hr:    { decimals: 0, upTo: [[40, 3], [50, 1], [90, 0], [110, 1], [130, 2]], above: 3 },
  tempC: { decimals: 1, upTo: [[35.0, 3], [36.0, 1], [38.0, 0], [39.0, 1]], above: 2 },
};

const OXYGEN_POINTS = 2;
const CONSCIOUSNESS_POINTS = 3;
const HIGH_AT = 7;
const MEDIUM_AT = 5;
/** A single parameter at this score lifts a low total to low-medium. */
const SINGLE_RED = 3;

const PARAMETERS: readonly News2Parameter[] = ['rr', 'spo2', 'oxygen', 'sbp', 'hr', 'consciousness', 'tempC'];

export function news2(input: News2Input): News2 {
  const points: Partial<Record<News2Parameter, number>> = {};
  const missing: News2Parameter[] = [];
  for (const parameter of PARAMETERS) {
    const score = pointsFor(parameter, input);
    if (score === null) missing.push(parameter);
    else points[parameter] = score;
  }
  const scores = Object.values(points);
  const total = scores.reduce((sum, score) => sum + score, 0);
  return { total, band: bandOf(total, scores.includes(SINGLE_RED)), points, missing };
}

function pointsFor(parameter: News2Parameter, input: News2Input): number | null {
  switch (parameter) {
    case 'oxygen':
      return input.onOxygen ? OXYGEN_POINTS : 0;
    case 'consciousness': {
      const c = input.consciousness;
      if (!c) return null;
      return c.newConfusion || c.avpu !== 'A' ? CONSCIOUSNESS_POINTS : 0;
    }
    default:
      return measuredPoints(SCALES[parameter], input[parameter]);
  }
}

function measuredPoints(scale: (typeof SCALES)[Measured], value: number | undefined): number | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** scale.decimals;
  const rounded = Math.round(value * factor) / factor;
  return scale.upTo.find(([bound]) => rounded <= bound)?.[1] ?? scale.above;
}

function bandOf(total: number, anySingleRed: boolean): News2Band {
  if (total >= HIGH_AT) return 'high';
  if (total >= MEDIUM_AT) return 'medium';
  if (anySingleRed) return 'low-medium';
  return total > 0 ? 'low' : 'none';
}

/**
 * NEWS2 for a chair's tile: its latest vitals, the consciousness charted (MOAA/S, new confusion),
 * and the pre-infusion MOAA/S used while nothing has been charted since.
 */
export function news2ForChair(latest: LatestVitals, consciousness: Consciousness, sedationBefore: number | null): News2 {
  const moaas = consciousness.moaas ?? sedationBefore;
  const { newConfusion } = consciousness;
  return news2({
    rr: latest.rr?.value,
    spo2: latest.spo2?.value,
    sbp: latest.sbp?.value,
    hr: latest.hr?.value,
    tempC: latest.tempC?.value,
    // New confusion with no MOAA/S is ACVPU's "C" (alert but newly confused): it scores 3 either way.
    consciousness: moaas === null ? (newConfusion ? { avpu: 'A', newConfusion } : null) : { avpu: avpuFromMoaas(moaas), newConfusion },
  });
}
