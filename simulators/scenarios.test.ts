import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE, sessionSamples, trendAt, type SimulatedSample } from './physiology.ts';
import { createRandom } from './random.ts';
import { SCENARIOS, createPhysiology, resolveScenario, type PatientScenario } from './scenarios.ts';

const TIMELINE = { infusionMin: 40, recoveryMin: 30 };
const END_MIN = TIMELINE.infusionMin + TIMELINE.recoveryMin;
const seeds = fc.nat({ max: 2 ** 32 - 1 });
const run = (scenario: PatientScenario, seed: number) => {
  const model = createPhysiology(scenario, seed, TIMELINE);
  return { model, samples: [...sessionSamples(model, DEFAULT_CADENCE)] };
};
const cuffReadings = (samples: SimulatedSample[]) => samples.filter((s) => s.vitals.sbp !== undefined);
const highest = (samples: SimulatedSample[], key: 'sbp' | 'dbp') => samples.reduce((a, b) => (b.vitals[key]! > a.vitals[key]! ? b : a));
const lowest = (samples: SimulatedSample[], key: 'spo2' | 'rr') => Math.min(...samples.map((s) => s.vitals[key]!));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const longestGapS = (samples: SimulatedSample[]) => Math.max(...samples.slice(1).map((s, i) => s.elapsedS - samples[i].elapsedS));

describe('routine', () => {
  it('raises SBP to a peak 25–45 min after the start and lets it fall back toward baseline in recovery', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const model = createPhysiology('routine', seed, TIMELINE);
        const minutes = Array.from({ length: END_MIN * 4 + 1 }, (_, i) => i / 4);
        const sbp = minutes.map((m) => trendAt(model, m).sbp);
        const peak = Math.max(...sbp);
        const peakMin = minutes[sbp.indexOf(peak)];
        expect(peakMin).toBeGreaterThanOrEqual(25);
        expect(peakMin).toBeLessThanOrEqual(45);
        const riseAtPeak = peak - model.baseline.sbp;
        expect(riseAtPeak).toBeGreaterThanOrEqual(10);
        expect(riseAtPeak).toBeLessThanOrEqual(25);
        expect(sbp.at(-1)! - model.baseline.sbp).toBeLessThan(0.6 * riseAtPeak);
      }),
      { numRuns: 200 },
    );
  });

  it('shows the rise and the recovery in the cuff readings of a clinic day', () => {
    const days = Array.from({ length: 60 }, (_, seed) => cuffReadings(run('routine', seed).samples));
    const meanAt = (minute: number) => days.reduce((sum, day) => sum + day.find((s) => s.elapsedS === minute * 60)!.vitals.sbp!, 0) / days.length;
    const byMinute = [0, 5, 10, 15, 20, 25, 30, 35, 40, 55, 70].map((minute) => ({ minute, sbp: meanAt(minute) }));
    const peak = byMinute.reduce((a, b) => (b.sbp > a.sbp ? b : a));
    expect(peak.minute).toBeGreaterThanOrEqual(25);
    expect(peak.minute).toBeLessThanOrEqual(45);
    expect(peak.sbp - meanAt(0)).toBeGreaterThan(10);
    expect(meanAt(70)).toBeLessThan(peak.sbp - 5);
  });

  it('keeps SpO₂, RR and the stream itself steady', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { model, samples } = run('routine', seed);
        expect(Math.abs(median(samples.map((s) => s.vitals.spo2!)) - model.baseline.spo2)).toBeLessThanOrEqual(1.5);
        expect(lowest(samples, 'rr')).toBeGreaterThan(8);
        expect(longestGapS(samples)).toBe(DEFAULT_CADENCE.sampleIntervalS);
      }),
      { numRuns: 30 },
    );
  });
});

describe('hypertensive-surge', () => {
  it('takes SBP above 180 and at least 40 over baseline, and DBP to 110 or more, around 25–40 min', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { model, samples } = run('hypertensive-surge', seed);
        const cuff = cuffReadings(samples);
        const peak = highest(cuff, 'sbp');
        expect(peak.vitals.sbp).toBeGreaterThan(180);
        expect(peak.vitals.sbp! - model.baseline.sbp).toBeGreaterThanOrEqual(40);
        expect(peak.elapsedS / 60).toBeGreaterThanOrEqual(20);
        expect(peak.elapsedS / 60).toBeLessThanOrEqual(40);
        expect(highest(cuff, 'dbp').vitals.dbp).toBeGreaterThanOrEqual(110);
        expect(cuff[0].vitals.sbp).toBeLessThan(160);
      }),
      { numRuns: 100 },
    );
  });
});

describe('desaturation', () => {
  it('drops SpO₂ to 91 or below and RR to 8 or below mid-infusion, then recovers', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { samples } = run('desaturation', seed);
        const depressed = samples.filter((s) => s.vitals.spo2! <= 91 && s.vitals.rr! <= 8);
        expect(depressed.length).toBeGreaterThan(0);
        for (const s of depressed) {
          expect(s.elapsedS / 60).toBeGreaterThan(10);
          expect(s.elapsedS / 60).toBeLessThan(TIMELINE.infusionMin);
        }
        const lastTenMin = samples.filter((s) => s.elapsedS >= (END_MIN - 10) * 60);
        expect(median(lastTenMin.map((s) => s.vitals.spo2!))).toBeGreaterThanOrEqual(95);
        expect(median(lastTenMin.map((s) => s.vitals.rr!))).toBeGreaterThanOrEqual(10);
      }),
      { numRuns: 50 },
    );
  });
});

describe('sensor-off', () => {
  it('sends nothing at all for 6–10 min during the infusion, then resumes', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { samples } = run('sensor-off', seed);
        const gaps = samples.slice(1).map((s, i) => ({ fromS: samples[i].elapsedS, toS: s.elapsedS })).filter((g) => g.toS - g.fromS > DEFAULT_CADENCE.sampleIntervalS);
        expect(gaps).toHaveLength(1);
        const [gap] = gaps;
        expect(gap.toS - gap.fromS).toBeGreaterThanOrEqual(6 * 60);
        expect(gap.toS - gap.fromS).toBeLessThanOrEqual(10 * 60 + DEFAULT_CADENCE.sampleIntervalS);
        expect(gap.fromS).toBeGreaterThan(0);
        expect(gap.toS).toBeLessThan(TIMELINE.infusionMin * 60);
        expect(samples.at(-1)!.elapsedS).toBe(END_MIN * 60);
      }),
      { numRuns: 50 },
    );
  });
});

describe('nausea-episode', () => {
  it('keeps the routine course of the vitals (the episode itself is charted: course.ts)', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const model = createPhysiology('nausea-episode', seed, TIMELINE);
        expect(model.respiratoryDepression).toBeNull();
        expect(model.sensorGap).toBeNull();
        expect(model.response.sbpRise).toBeGreaterThanOrEqual(10);
        expect(model.response.sbpRise).toBeLessThanOrEqual(25);
      }),
      { numRuns: 50 },
    );
  });
});

describe('mixed', () => {
  it('gives each patient one of the scenarios, mostly routine', () => {
    const random = createRandom(2026);
    const counts = Object.fromEntries(Object.keys(SCENARIOS).map((name) => [name, 0])) as Record<PatientScenario, number>;
    const patients = 5000;
    for (let i = 0; i < patients; i++) counts[resolveScenario('mixed', random)]++;
    expect(counts.routine / patients).toBeGreaterThan(0.6);
    expect(counts.routine / patients).toBeLessThan(0.8);
    for (const name of Object.keys(SCENARIOS) as PatientScenario[]) expect(counts[name]).toBeGreaterThan(0);
  });

  it('leaves a named scenario as it is', () => {
    for (const name of Object.keys(SCENARIOS) as PatientScenario[]) expect(resolveScenario(name, createRandom(1))).toBe(name);
  });
});
