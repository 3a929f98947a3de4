import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VITALS, VITAL_KEYS, VitalSampleInput, checkVitalSample } from '../server/src/contract/vitals.ts';
import { DEFAULT_CADENCE, measureAt, sessionSamples, type PhysiologyModel } from './physiology.ts';
import { SCENARIOS, createPhysiology, type PatientScenario } from './scenarios.ts';

const TIMELINE = { infusionMin: 40, recoveryMin: 30 };
const SESSION_S = (TIMELINE.infusionMin + TIMELINE.recoveryMin) * 60;
const scenarios = Object.keys(SCENARIOS) as PatientScenario[];
const anyPatient = fc.record({ seed: fc.nat({ max: 2 ** 32 - 1 }), scenario: fc.constantFrom(...scenarios) });
const patient = ({ seed, scenario }: { seed: number; scenario: PatientScenario }): PhysiologyModel => createPhysiology(scenario, seed, TIMELINE);

const samplesOf = (model: PhysiologyModel, cadence = DEFAULT_CADENCE) => [...sessionSamples(model, cadence)];

const ajv = new Ajv({ strict: false });
(addFormats as unknown as (a: Ajv) => Ajv)(ajv);
const validSampleInput = ajv.compile(VitalSampleInput);

describe('measureAt', () => {
  it('reads every vital inside the contract accept range, with DBP below SBP', () => {
    fc.assert(
      fc.property(anyPatient, fc.double({ min: 0, max: SESSION_S, noNaN: true }), (drawn, elapsedS) => {
        const vitals = measureAt(patient(drawn), elapsedS);
        if (!vitals) return;
        for (const key of VITAL_KEYS) {
          expect(vitals[key]).toBeGreaterThanOrEqual(VITALS[key].min);
          expect(vitals[key]).toBeLessThanOrEqual(VITALS[key].max);
        }
        expect(vitals.dbp).toBeLessThan(vitals.sbp);
      }),
      { numRuns: 2000 },
    );
  });

  it('is a pure function of the patient and the moment', () => {
    fc.assert(
      fc.property(anyPatient, fc.double({ min: 0, max: SESSION_S, noNaN: true }), (drawn, elapsedS) => {
        expect(measureAt(patient(drawn), elapsedS)).toEqual(measureAt(patient(drawn), elapsedS));
      }),
    );
  });
});

describe('sessionSamples', () => {
  it('produces samples the server accepts: valid against the contract schema and its checks', () => {
    fc.assert(
      fc.property(anyPatient, (drawn) => {
        const startMs = Date.parse('2026-01-05T09:00:00Z');
        for (const sample of samplesOf(patient(drawn))) {
          const input = { id: `t-${sample.n}`, recordedAt: new Date(startMs + sample.elapsedS * 1000).toISOString(), source: 'simulator', ...sample.vitals };
          expect(validSampleInput(input), JSON.stringify(validSampleInput.errors)).toBe(true);
          expect(checkVitalSample(input as VitalSampleInput, startMs + SESSION_S * 1000)).toBeNull();
        }
      }),
      { numRuns: 30 },
    );
  });

  it('gives the same stream for the same seed and a different one for another seed', () => {
    fc.assert(
      fc.property(anyPatient, fc.nat({ max: 2 ** 32 - 1 }), (drawn, otherSeed) => {
        fc.pre(otherSeed !== drawn.seed);
        const stream = samplesOf(patient(drawn));
        expect(samplesOf(patient(drawn))).toEqual(stream);
        expect(samplesOf(patient({ ...drawn, seed: otherSeed }))).not.toEqual(stream);
      }),
      { numRuns: 20 },
    );
  });

  it('streams HR, SpO₂, RR and EtCO₂ every 5 s from the start of the infusion to discharge', () => {
    const samples = samplesOf(patient({ seed: 11, scenario: 'routine' }));
    const streamed = samples.filter((s) => s.vitals.hr !== undefined);
    expect(streamed.map((s) => s.elapsedS)).toEqual(Array.from({ length: SESSION_S / 5 + 1 }, (_, i) => i * 5));
    for (const s of streamed) expect(Object.keys(s.vitals)).toEqual(expect.arrayContaining(['hr', 'spo2', 'rr', 'etco2']));
  });

  it('takes BP every 5 min during the infusion and every 15 min in recovery, ending with one before discharge', () => {
    const samples = samplesOf(patient({ seed: 11, scenario: 'routine' }));
    const cuffMin = samples.filter((s) => s.vitals.sbp !== undefined).map((s) => s.elapsedS / 60);
    expect(cuffMin).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 55, 70]);
    for (const s of samples.filter((s) => s.vitals.sbp !== undefined)) {
      expect(s.vitals).toMatchObject({ dbp: expect.any(Number), map: expect.any(Number), tempC: expect.any(Number) });
    }
  });

  it('follows a configured cadence, still measuring BP at the end of the infusion', () => {
    const cadence = { sampleIntervalS: 10, bpIntervalS: 3 * 60, recoveryBpIntervalS: 10 * 60 };
    const samples = samplesOf(patient({ seed: 11, scenario: 'routine' }), cadence);
    expect(samples.filter((s) => s.vitals.hr !== undefined)).toHaveLength(SESSION_S / 10 + 1);
    const cuffMin = samples.filter((s) => s.vitals.sbp !== undefined).map((s) => s.elapsedS / 60);
    expect(cuffMin).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 40, 50, 60, 70]);
  });

  it('starts with a full baseline reading (BP included) on arrival, minutes before the infusion, keeping the 5 s beat', () => {
    const model = { ...patient({ seed: 11, scenario: 'routine' }), timeline: { ...TIMELINE, preInfusionMin: 3 } };
    const samples = samplesOf(model);
    expect(samples[0].elapsedS).toBe(-180);
    expect(Object.keys(samples[0].vitals).sort()).toEqual([...VITAL_KEYS].sort());
    const streamed = samples.filter((s) => s.vitals.hr !== undefined).map((s) => s.elapsedS);
    expect(streamed).toEqual(Array.from({ length: (180 + SESSION_S) / 5 + 1 }, (_, i) => i * 5 - 180));
    const cuffMin = samples.filter((s) => s.vitals.sbp !== undefined).map((s) => s.elapsedS / 60);
    expect(cuffMin).toEqual([-3, 0, 5, 10, 15, 20, 25, 30, 35, 40, 55, 70]);
    // Before the infusion, the patient is at baseline.
    expect(Math.abs(samples[0].vitals.sbp! - model.baseline.sbp)).toBeLessThan(15);
  });

  it('numbers the samples it sends 0, 1, 2… in time order', () => {
    const samples = samplesOf(patient({ seed: 5, scenario: 'sensor-off' }));
    expect(samples.map((s) => s.n)).toEqual(samples.map((_, i) => i));
    for (let i = 1; i < samples.length; i++) expect(samples[i].elapsedS).toBeGreaterThan(samples[i - 1].elapsedS);
  });
});
