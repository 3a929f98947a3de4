import type { VitalKey } from '../../../server/src/contract/vitals.ts';

export interface ChartSpec {
  /** In test ids: `trend-<id>`, `review-chart-<id>`. */
  id: 'hr' | 'bp' | 'spo2' | 'rr' | 'etco2' | 'tempC';
  vitals: readonly VitalKey[];
  /** The y axis spans at least this range, so normal variation does not look like a swing;
   * `capped` keeps its top at the band's top (SpO₂ never runs above 100). */
  band: readonly [number, number];
  capped?: boolean;
}

/** A session's charts, live on the chair page and in review: blood pressure's three values share one. */
export const CHARTS: readonly ChartSpec[] = [
  { id: 'hr', vitals: ['hr'], band: [40, 120] },
  { id: 'bp', vitals: ['sbp', 'dbp', 'map'], band: [40, 180] },
  { id: 'spo2', vitals: ['spo2'], band: [85, 100], capped: true },
  { id: 'rr', vitals: ['rr'], band: [0, 30] },
  { id: 'etco2', vitals: ['etco2'], band: [0, 60] },
  { id: 'tempC', vitals: ['tempC'], band: [35, 39] },
];
