import type { VitalKey, TrendSample } from '../../../server/src/contract/vitals.ts';
import { lttb, MAX_DRAWN_POINTS } from './downsample.ts';

/** One point in time of a chart: `t` in ms, then the chart's vitals that sample carried. */
export type ChartRow = { t: number } & Partial<Record<VitalKey, number>>;

/**
 * The rows a chart of `vitals` draws: one per sample that carries any of them, in time order
 * (a missing vital is left out, never drawn as 0), downsampled beyond `maxPoints` on the first
 * vital present in each row.
 */
export function chartRows(samples: readonly TrendSample[], vitals: readonly VitalKey[], maxPoints = MAX_DRAWN_POINTS): readonly ChartRow[] {
  const rows: ChartRow[] = [];
  let ordered = true;
  for (const sample of samples) {
    let row: ChartRow | undefined;
    for (const vital of vitals) {
      const value = sample[vital];
      if (value === null) continue;
      row ??= { t: Date.parse(sample.recordedAt) };
      row[vital] = value;
    }
    if (!row) continue;
    if (rows.length > 0 && row.t < rows[rows.length - 1].t) ordered = false;
    rows.push(row);
  }
  // Samples are in archive order; a device that sends late batches can make that differ from time order.
  if (!ordered) rows.sort((a, b) => a.t - b.t);
  return lttb(
    rows,
    maxPoints,
    (row) => row.t,
    (row) => firstValue(row, vitals),
  );
}

function firstValue(row: ChartRow, vitals: readonly VitalKey[]): number {
  for (const vital of vitals) {
    const value = row[vital];
    if (value !== undefined) return value;
  }
  return 0; // unreachable: every row carries one of the vitals
}
