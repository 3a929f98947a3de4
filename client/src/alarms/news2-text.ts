import type { News2, News2Parameter } from '../../../server/src/clinical/news2.ts';

/** The NEWS2 chart's rows, in its order. */
export const NEWS2_PARAMETERS: readonly { key: News2Parameter; label: string }[] = [
  { key: 'rr', label: 'RR' },
  { key: 'spo2', label: 'SpO₂' },
  { key: 'oxygen', label: 'Air or oxygen' },
  { key: 'sbp', label: 'SBP' },
  { key: 'hr', label: 'HR' },
  { key: 'consciousness', label: 'Consciousness' },
  { key: 'tempC', label: 'Temp' },
];

const SHORT_NAME: Record<News2Parameter, string> = {
  rr: 'RR',
  spo2: 'SpO₂',
  oxygen: 'O₂',
  sbp: 'SBP',
  hr: 'HR',
  consciousness: 'MOAA/S',
  tempC: 'temp',
};

/** Named one by one up to this many; more read as a count. */
const MISSING_NAMED = 2;

/**
 * One line for a tile: `NEWS2 5 · medium`. With parameters missing the total is only a floor:
 * `NEWS2 ≥3 (no temp)`; its band shows only from low-medium up, where even the floor calls for
 * action (a floor of "low" would reassure wrongly).
 */
export function news2Summary({ total, band, missing }: News2): string {
  if (missing.length === 0) return `NEWS2 ${total} · ${band}`;
  const floorBand = band === 'none' || band === 'low' ? '' : ` · ${band}`;
  const what = missing.length <= MISSING_NAMED ? `no ${missing.map((p) => SHORT_NAME[p]).join(', ')}` : `${missing.length} missing`;
  return `NEWS2 ≥${total}${floorBand} (${what})`;
}
