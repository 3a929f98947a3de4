import { describe, expect, it } from 'vitest';
import { sample } from '../live/test-fixtures.ts';
import { chartRows } from './chart-rows.ts';

describe('chartRows', () => {
  it('has a row per sample carrying one of the chart’s vitals, leaving missing values out', () => {
    const samples = [sample(1, { sbp: 120, dbp: 80, map: 93 }), sample(2), sample(3, { sbp: null, dbp: null, map: 95 })];
    expect(chartRows(samples, ['sbp', 'dbp', 'map'])).toEqual([
      { t: Date.parse(samples[0].recordedAt), sbp: 120, dbp: 80, map: 93 },
      { t: Date.parse(samples[2].recordedAt), map: 95 },
    ]);
  });

  it('orders rows by time when the archive order differs', () => {
    const late = sample(3, { recordedAt: sample(1).recordedAt, hr: 60 });
    const rows = chartRows([sample(2, { hr: 70 }), late], ['hr']);
    expect(rows.map((row) => row.hr)).toEqual([60, 70]);
  });

  it('downsamples a long series', () => {
    const samples = Array.from({ length: 3_000 }, (_, i) => sample(i));
    expect(chartRows(samples, ['hr'], 1_500)).toHaveLength(1_500);
  });
});
