import { describe, expect, it } from 'vitest';
import type { Consciousness } from '../contract/observations.ts';
import type { LatestVitals } from '../contract/vitals.ts';
import { avpuFromMoaas, news2, news2ForChair, type Avpu, type News2Input } from './news2.ts';

// Every expectation below is read off the NEWS2 chart (clinical reference §6, docs/clinical.md).

describe('NEWS2 points per parameter, both sides of every band edge', () => {
  it.each([
    [0, 3], // lowest plausible
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
    [80, 3], // highest plausible
  ])('RR %s /min → %i', (rr, points) => {
    expect(news2({ rr }).points.rr).toBe(points);
  });

  it.each([
    [50, 3],
    [91, 3],
    [92, 2],
    [93, 2],
    [94, 1],
    [95, 1],
    [96, 0],
    [100, 0],
  ])('SpO₂ %s %% → %i', (spo2, points) => {
    expect(news2({ spo2 }).points.spo2).toBe(points);
  });

  it.each([
    [40, 3],
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
    [300, 3],
  ])('SBP %s mmHg → %i', (sbp, points) => {
    expect(news2({ sbp }).points.sbp).toBe(points);
  });

  it.each([
    [20, 3],
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
    [300, 3],
  ])('pulse %s /min → %i', (hr, points) => {
    expect(news2({ hr }).points.hr).toBe(points);
  });

  it.each([
    [30, 3],
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
    [45, 2],
  ])('temperature %s °C → %i', (tempC, points) => {
    expect(news2({ tempC }).points.tempC).toBe(points);
  });

  it.each([
    [undefined, 0], // not charted yet: scored as air
    [false, 0],
    [true, 2],
  ])('supplemental oxygen %s → %i', (onOxygen, points) => {
    expect(news2({ onOxygen }).points.oxygen).toBe(points);
  });

  it.each([
    ['A', false, 0],
    ['V', false, 3],
    ['P', false, 3],
    ['U', false, 3],
    ['A', true, 3], // alert but newly confused
    ['V', true, 3],
  ] as [Avpu, boolean, number][])('consciousness %s, new confusion %s → %i', (avpu, newConfusion, points) => {
    expect(news2({ consciousness: { avpu, newConfusion } }).points.consciousness).toBe(points);
  });
});

describe('NEWS2 rounds to the precision charted before banding', () => {
  it.each([
    ['rr', 11.4, 1],
    ['rr', 11.6, 0],
    ['rr', 8.4, 3],
    ['rr', 8.5, 1], // halves round up: 9
    ['rr', 24.6, 3],
    ['spo2', 91.4, 3],
    ['spo2', 91.6, 2],
    ['spo2', 95.5, 0],
    ['sbp', 90.4, 3],
    ['sbp', 90.6, 2],
    ['sbp', 219.4, 0],
    ['sbp', 219.5, 3],
    ['hr', 50.4, 1],
    ['hr', 50.6, 0],
    ['hr', 130.4, 2],
    ['hr', 130.6, 3],
    ['tempC', 35.04, 3],
    ['tempC', 35.06, 1],
    ['tempC', 38.04, 0],
    ['tempC', 38.06, 1],
    ['tempC', 39.04, 1],
    ['tempC', 39.06, 2],
  ] as ['rr' | 'spo2' | 'sbp' | 'hr' | 'tempC', number, number][])('%s %s → %i', (parameter, value, points) => {
    expect(news2({ [parameter]: value }).points[parameter]).toBe(points);
  });
});

describe('NEWS2 total and risk band', () => {
  // Every parameter scoring 0: RR 16, SpO₂ 98 % on air, SBP 120, pulse 70, alert, 37.0 °C.
  const normal: News2Input = {
    rr: 16,
    spo2: 98,
    onOxygen: false,
    sbp: 120,
    hr: 70,
    consciousness: { avpu: 'A', newConfusion: false },
    tempC: 37,
  };
  const alert = { avpu: 'A' as const, newConfusion: false };

  it.each([
    ['all normal', {}, 0, 'none'],
    ['pulse 95 (1)', { hr: 95 }, 1, 'low'],
    ['RR 10, SpO₂ 94, SBP 105, 35.5 °C (1 each)', { rr: 10, spo2: 94, sbp: 105, tempC: 35.5 }, 4, 'low'],
    ['a single 3 alone: RR 8', { rr: 8 }, 3, 'low-medium'],
    ['a single 3 alone: voice only', { consciousness: { avpu: 'V', newConfusion: false } }, 3, 'low-medium'],
    ['a 3 and a 1: SBP 90, pulse 45', { sbp: 90, hr: 45 }, 4, 'low-medium'],
    ['no 3: oxygen (2), pulse 115 (2), 38.5 °C (1)', { onOxygen: true, hr: 115, tempC: 38.5 }, 5, 'medium'],
    ['with a 3: RR 25 (3), SpO₂ 92 (2)', { rr: 25, spo2: 92 }, 5, 'medium'],
    ['SBP 95, pulse 120, SpO₂ 93 (2 each)', { sbp: 95, hr: 120, spo2: 93 }, 6, 'medium'],
    [
      'voice only (3), oxygen (2), 39.5 °C (2)',
      { consciousness: { avpu: 'V', newConfusion: false }, onOxygen: true, tempC: 39.5 },
      7,
      'high',
    ],
    ['two 3s and a 2: RR 30, SBP 85, pulse 120', { rr: 30, sbp: 85, hr: 120 }, 8, 'high'],
  ] as [string, Partial<News2Input>, number, string][])('%s → %i, %s', (_, changes, total, band) => {
    const score = news2({ ...normal, ...changes });
    expect(score.total).toBe(total);
    expect(score.band).toBe(band);
    expect(score.missing).toEqual([]);
  });

  it('reaches the maximum of 20 with every parameter at its worst', () => {
    const worst = news2({
      rr: 6,
      spo2: 85,
      onOxygen: true,
      sbp: 80,
      hr: 35,
      consciousness: { avpu: 'U', newConfusion: false },
      tempC: 34.5,
    });
    expect(worst).toEqual({
      total: 20,
      band: 'high',
      points: { rr: 3, spo2: 3, oxygen: 2, sbp: 3, hr: 3, consciousness: 3, tempC: 3 },
      missing: [],
    });
  });

  it('lists missing parameters and does not score them', () => {
    expect(news2({})).toEqual({
      total: 0,
      band: 'none',
      points: { oxygen: 0 },
      missing: ['rr', 'spo2', 'sbp', 'hr', 'consciousness', 'tempC'],
    });
    expect(news2({ rr: 25, hr: 120, consciousness: null })).toEqual({
      total: 5,
      band: 'medium',
      points: { rr: 3, oxygen: 0, hr: 2 },
      missing: ['spo2', 'sbp', 'consciousness', 'tempC'],
    });
    expect(news2({ spo2: 93, sbp: 100, consciousness: alert, tempC: Number.NaN })).toEqual({
      total: 4,
      band: 'low',
      points: { spo2: 2, oxygen: 0, sbp: 2, consciousness: 0 },
      missing: ['rr', 'hr', 'tempC'],
    });
  });
});

describe('MOAA/S to AVPU', () => {
  it.each([
    [5, 'A'],
    [4, 'V'],
    [3, 'V'],
    [2, 'P'],
    [1, 'P'],
    [0, 'U'],
  ])('MOAA/S %i → %s', (moaas, avpu) => {
    expect(avpuFromMoaas(moaas)).toBe(avpu);
  });
});

describe("NEWS2 for a chair's tile", () => {
  const at = '2026-11-25T10:20:00Z';
  const latest: LatestVitals = {
    hr: { value: 112, recordedAt: at }, // 2
    sbp: { value: 150, recordedAt: at }, // 0: ketamine's expected rise barely moves NEWS2
    dbp: { value: 95, recordedAt: at },
    spo2: { value: 95, recordedAt: at }, // 1
    rr: { value: 11.6, recordedAt: at }, // rounds to 12: 0
    etco2: { value: 38, recordedAt: at },
    tempC: { value: 36.84, recordedAt: at }, // 0
  };
  const vitalsPoints = 3; // pulse 2 + SpO₂ 1
  const charted = (moaas: number | null, newConfusion = false): Consciousness => ({
    moaas,
    moaasAt: moaas === null ? null : at,
    newConfusion,
  });

  it('scores the latest vitals and the MOAA/S charted', () => {
    expect(news2ForChair(latest, charted(5), null)).toEqual({
      total: 3,
      band: 'low',
      points: { rr: 0, spo2: 1, oxygen: 0, sbp: 0, hr: 2, consciousness: 0, tempC: 0 },
      missing: [],
    });
    expect(news2ForChair(latest, charted(3), 5)).toMatchObject({ total: 6, band: 'medium', points: { consciousness: 3 } });
  });

  it.each([
    // charted MOAA/S, new confusion, pre-infusion MOAA/S, consciousness points (null: missing)
    [5, false, 2, 0], // the charted score wins over the pre-infusion one
    [0, false, 5, 3], // a charted 0 is a score, not "nothing charted"
    [null, false, 5, 0], // nothing charted since: the pre-infusion MOAA/S
    [null, false, 2, 3],
    [5, true, 5, 3], // new confusion overrides an alert MOAA/S
    [null, true, null, 3], // new confusion with no MOAA/S at all
    [null, false, null, null], // nothing to go on
  ])('MOAA/S %s, new confusion %s, before %s → %s', (moaas, newConfusion, before, points) => {
    const score = news2ForChair(latest, charted(moaas, newConfusion), before);
    expect(score.points.consciousness).toBe(points ?? undefined);
    expect(score.missing).toEqual(points === null ? ['consciousness'] : []);
    expect(score.total).toBe(vitalsPoints + (points ?? 0));
  });

  it('reports every vital missing on a chair with no readings', () => {
    expect(news2ForChair({}, charted(5), null)).toEqual({
      total: 0,
      band: 'none',
      points: { oxygen: 0, consciousness: 0 },
      missing: ['rr', 'spo2', 'sbp', 'hr', 'tempC'],
    });
  });
});
