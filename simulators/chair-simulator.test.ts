import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SessionStartInput } from '../server/src/contract/sessions.ts';
import { SESSION_TIMELINE, planVisit, visitActions, type Visit } from './chair-simulator.ts';
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

  it('draws the same visit for the same seed, chair and patient number: the same readings, entries and scores', () => {
    expect(visit()).toEqual(visit());
    expect(samplesOf(visit())).toEqual(samplesOf(visit()));
  });

  it('draws another patient for another seed, chair or patient number', () => {
    const first = visit();
    for (const other of [visit({ seed: 8 }), visit({ chairId: 4 }), visit({ number: 2 })]) {
      expect(other.session.patient).not.toEqual(first.session.patient);
      expect(samplesOf(other)).not.toEqual(samplesOf(first));
      expect(other.course).not.toEqual(first.course);
    }
  });

  it('keeps the patient when only the scenario changes', () => {
    const routine = visit({ scenario: 'routine' });
    const surge = visit({ scenario: 'hypertensive-surge' });
    expect(surge.session.patient).toEqual(routine.session.patient);
    expect(surge.model.baseline).toEqual(routine.model.baseline);
    expect(samplesOf(surge)).not.toEqual(samplesOf(routine));
  });

  it('covers the pre-infusion, the infusion and the recovery, then turns the room over in minutes', () => {
    const planned = visit();
    const samples = samplesOf(planned);
    expect(samples[0].elapsedS).toBe(-planned.course.preInfusionMin * 60);
    expect(samples.at(-1)!.elapsedS).toBeCloseTo((planned.course.infusionEndMin + SESSION_TIMELINE.recoveryMin) * 60, 3);
    expect(planned.turnoverMin).toBeGreaterThanOrEqual(3);
    expect(planned.turnoverMin).toBeLessThanOrEqual(10);
  });

  it('takes a baseline BP on arrival and the pre scores before the infusion starts, then recovery and discharge last', () => {
    for (let number = 1; number <= 200; number++) {
      const planned = visit({ number });
      const actions = visitActions(planned);
      const kinds = actions.map((a) => a.kind);
      expect(kinds.slice(0, 2)).toEqual(['pre-scores', 'start-infusion']);
      expect(kinds.at(-1)).toBe('discharge');
      const startAt = actions[1].atMin;
      expect(startAt).toBe(0);
      const baseline = samplesOf(planned).filter((s) => s.elapsedS < actions[0].atMin * 60 && s.vitals.sbp !== undefined && s.vitals.dbp !== undefined);
      expect(baseline.length).toBeGreaterThan(0);
      const recovery = actions.find((a) => a.kind === 'recovery')!;
      expect(recovery.atMin).toBe(planned.course.infusionEndMin);
      for (const a of actions.slice(2, -1)) {
        expect(a.atMin).toBeGreaterThan(startAt);
        if (a.kind === 'pump') expect(a.atMin).toBeLessThan(recovery.atMin);
      }
      expect(actions.at(-1)!.atMin).toBe(planned.course.dischargeAtMin);
      for (let i = 1; i < actions.length; i++) expect(actions[i].atMin).toBeGreaterThanOrEqual(actions[i - 1].atMin);
    }
  });

  it('in the mixed scenario, gives most chairs a routine course and some the others', () => {
    const courses = Array.from({ length: 300 }, (_, i) => visit({ chairId: i + 1 }).scenario);
    const share = (name: PatientScenario) => courses.filter((c) => c === name).length / courses.length;
    expect(share('routine')).toBeGreaterThan(0.6);
    expect(share('hypertensive-surge')).toBeGreaterThan(0);
    expect(share('sensor-off')).toBeGreaterThan(0);
    expect(share('nausea-episode')).toBeGreaterThan(0);
  });
});
