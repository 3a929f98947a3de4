import { describe, expect, it } from 'vitest';
import { emptyLog, mergeObservations } from '../live/side-effect-log.ts';
import { observation, session } from '../live/test-fixtures.ts';
import { baselineLines, chartMarkers } from './chart-markers.ts';

const T0 = Date.parse('2025-01-06T09:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

describe('chartMarkers', () => {
  it('marks phase changes after the session opened and side effects still on record, in time order', () => {
    const summary = session('s1', 1, {
      pumpEvents: [
        { at: at(0), phase: 'pre-infusion' },
        { at: at(5), phase: 'infusing' },
        { at: at(12), rateMgPerH: 30 },
        { at: at(20), phase: 'paused' },
      ],
    });
    const log = mergeObservations(emptyLog('s1'), [
      observation('o1', 10),
      observation('o2', 15, { kind: 'headache' }),
      observation('o3', 15, { kind: 'headache', amendsId: 'o2', struck: true }),
    ]);
    expect(chartMarkers(summary, log)).toEqual([
      { t: T0 + 5 * 60_000, kind: 'phase', label: 'Infusing' },
      { t: T0 + 10 * 60_000, kind: 'side-effect', label: 'Nausea', severity: 2 },
      { t: T0 + 20 * 60_000, kind: 'phase', label: 'Paused' },
    ]);
  });
});

describe('baselineLines', () => {
  it('draws the baseline of heart rate and blood pressure only', () => {
    const baseline = { hr: 72, sbp: 128, dbp: 82, map: 97, spo2: 98 };
    expect(baselineLines(['sbp', 'dbp', 'map'], baseline)).toEqual([
      { vital: 'sbp', value: 128, label: 'SBP baseline' },
      { vital: 'dbp', value: 82, label: 'DBP baseline' },
    ]);
    expect(baselineLines(['spo2'], baseline)).toEqual([]);
    expect(baselineLines(['hr'], {})).toEqual([]);
  });
});
