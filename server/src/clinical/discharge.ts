/**
 * Discharge readiness (clinical reference §6): Modified Aldrete or PADSS, five items scored 0–2
 * each; ready at a total of 9 or more.
 */
export const DISCHARGE_SCALES = {
  aldrete: {
    name: 'Modified Aldrete',
    items: {
      activity: 'Activity',
      respiration: 'Respiration',
      circulation: 'Circulation',
      consciousness: 'Consciousness',
      spo2: 'SpO₂ (≥ 92 % on air = 2)',
    },
  },
  padss: {
    name: 'PADSS',
    items: {
      vitals: 'Vital signs (within 20 % of baseline = 2)',
      ambulation: 'Ambulation',
      nauseaVomiting: 'Nausea / vomiting',
      pain: 'Pain',
      bleeding: 'Surgical bleeding',
    },
  },
} as const;

export type DischargeScale = keyof typeof DISCHARGE_SCALES;
export const DISCHARGE_READY_AT = 9;
export const ITEM_MAX = 2;

export interface DischargeAssessment {
  total: number;
  ready: boolean;
}

/** The total and whether it reaches the threshold, or the first item that is missing or
 * not a whole score from 0 to 2. */
export function assessDischarge(scale: DischargeScale, scores: Record<string, number>): DischargeAssessment | { invalid: string } {
  let total = 0;
  for (const item of Object.keys(DISCHARGE_SCALES[scale].items)) {
    const score = scores[item];
    if (!Number.isInteger(score) || score < 0 || score > ITEM_MAX) return { invalid: item };
    total += score;
  }
  // Own keys only: `toString` or `constructor` is not an item.
  const unknown = Object.keys(scores).find((item) => !Object.hasOwn(DISCHARGE_SCALES[scale].items, item));
  if (unknown !== undefined) return { invalid: unknown };
  return { total, ready: total >= DISCHARGE_READY_AT };
}
