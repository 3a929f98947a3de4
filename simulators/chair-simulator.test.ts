import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SessionStartInput } from '../server/src/contract/sessions.ts';
import { SESSION_TIMELINE, planVisit, type Visit } from './chair-simulator.ts';
import { DEFAULT_CADENCE, sessionSamples } from './physiology.ts';
import type { PatientScenario } from './scenarios.ts';

const ajv = new Ajv({ strict: false });
(addFormats as unknown as (a: Ajv) => Ajv)(ajv);
const validSessionStart = ajv.compile(SessionStartInput);

const samplesOf = (planned: Visit) => [...sessionSamples(planned.model, DEFAULT_CADENCE)];
const visit = (overrides: Partial<Parameters<typeof planVisit>[0]> = {}) =>
  planVisit({ seed: 7, chairId: 3, number: 1, scenario: 'mixed', ...overrides });

describe('planVisit', () => {
  it('seats a plausible patient on a 0.5 mg/kg, 40 min prescription the server accepts', () => {
    for (let number = 1; number <= 50; number++) {
      const { session } = visit({ number });
      expect(validSessionStart(session), JSON.stringify(validSessionStart.errors)).toBe(true);
      expect(session).toMatchObject({ chairId: 3, doseMgPerKg: 0.5, plannedMinutes: 40 });
      expect(session.patient.clinicId).toBe(`SIM-7-3-${number}`);
      expect(session.weightKg).toBeGreaterThanOrEqual(50);
      expect(session.weightKg).toBeLessThanOrEqual(110);
    }
  });

  it('draws the same visit for the same seed, chair and patient number', () => {
    expect(visit()).toEqual(visit());
  });

  it('draws another patient for another seed, chair or patient number', () => {
    const first = visit();
    for (const other of [visit({ seed: 8 }), visit({ chairId: 4 }), visit({ number: 2 })]) {
      expect(other.session.patient).not.toEqual(first.session.patient);
      expect(samplesOf(other)).not.toEqual(samplesOf(first));
    }
  });

  it('keeps the patient when only the scenario changes', () => {
    const routine = visit({ scenario: 'routine' });
    const surge = visit({ scenario: 'hypertensive-surge' });
    expect(surge.session.patient).toEqual(routine.session.patient);
    expect(surge.model.baseline).toEqual(routine.model.baseline);
    expect(samplesOf(surge)).not.toEqual(samplesOf(routine));
  });

  it('covers the infusion and the recovery, then turns the room over in minutes', () => {
    const planned = visit();
    const samples = samplesOf(planned);
    expect(samples[0].elapsedS).toBe(0);
    expect(samples.at(-1)!.elapsedS).toBe((SESSION_TIMELINE.infusionMin + SESSION_TIMELINE.recoveryMin) * 60);
    expect(planned.turnoverMin).toBeGreaterThanOrEqual(3);
    expect(planned.turnoverMin).toBeLessThanOrEqual(10);
  });

  it('in the mixed scenario, gives most chairs a routine course and some the others', () => {
    const courses = Array.from({ length: 300 }, (_, i) => visit({ chairId: i + 1 }).scenario);
    const share = (name: PatientScenario) => courses.filter((c) => c === name).length / courses.length;
    expect(share('routine')).toBeGreaterThan(0.6);
    expect(share('hypertensive-surge')).toBeGreaterThan(0);
    expect(share('sensor-off')).toBeGreaterThan(0);
  });
});
