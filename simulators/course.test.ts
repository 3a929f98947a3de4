import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { assessDischarge, DISCHARGE_READY_AT } from '../server/src/clinical/discharge.ts';
import { doseProgress, plannedDoseMg, rateMgPerH, type PumpEvent } from '../server/src/clinical/dose.ts';
import { ObservationInput, type SideEffect } from '../server/src/contract/observations.ts';
import { DischargeInput, PreScoresInput } from '../server/src/contract/sessions.ts';
import { SESSION_TIMELINE, planVisit, type Visit } from './chair-simulator.ts';
import { OVERRIDE_REASON, RATE_REDUCTION, SIDE_EFFECT_RATES, infusionEndMin, type PlannedObservation } from './course.ts';
import { DEFAULT_CADENCE, sessionSamples } from './physiology.ts';
import type { ScenarioName } from './scenarios.ts';

const ajv = new Ajv({ strict: false });
(addFormats as unknown as (a: Ajv) => Ajv)(ajv);
const validObservation = ajv.compile(ObservationInput);
const validDischarge = ajv.compile(DischargeInput);
const validPreScores = ajv.compile(PreScoresInput);

const PLANNED_MIN = SESSION_TIMELINE.infusionMin;
/** Many patients: a clinic's year, drawn from one seed (chairs × patients). */
const visits = (scenario: ScenarioName, count: number, seed = 7) =>
  Array.from({ length: count }, (_, i) => planVisit({ seed, chairId: (i % 40) + 1, number: Math.floor(i / 40) + 1, scenario }));
const mixed = visits('mixed', 4000);
const share = (of: Visit[], test: (visit: Visit) => boolean) => of.filter(test).length / of.length;
const entries = (visit: Visit, kind: SideEffect) => visit.course.observations.filter((o) => o.entry.kind === kind);
const has = (kind: SideEffect) => (visit: Visit) => entries(visit, kind).some((o) => o.entry.severity > 0);
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('side effects', () => {
  /** The bands the rates are held to (clinical reference §1, §6); the chosen rates are in course.ts. */
  it.each([
    ['dissociation', 0.6, 0.75],
    ['nausea', 0.1, 0.2],
    ['dizziness', 0.04, 0.12],
    ['headache', 0.03, 0.1],
    ['anxiety', 0.02, 0.09],
    ['confusion', 0.01, 0.06],
    ['vomiting', 0.005, 0.04],
  ] as const)('charts %s in %f–%f of infusions', (kind, low, high) => {
    const rate = share(mixed, has(kind));
    expect(rate).toBeGreaterThanOrEqual(low);
    expect(rate).toBeLessThanOrEqual(high);
  });

  it('makes dizziness, headache, anxiety and vomiting rarer than nausea, and nausea rarer than dissociation', () => {
    const nausea = share(mixed, has('nausea'));
    for (const kind of ['dizziness', 'headache', 'anxiety', 'vomiting'] as const) expect(share(mixed, has(kind))).toBeLessThan(nausea);
    expect(nausea).toBeLessThan(share(mixed, has('dissociation')));
    expect(SIDE_EFFECT_RATES.dissociation).toBeGreaterThan(0.6);
  });

  it('keeps dissociation mostly mild to moderate, at its worst mid-infusion, and resolved before discharge', () => {
    const withDissociation = mixed.filter(has('dissociation'));
    const worst = withDissociation.map((visit) => entries(visit, 'dissociation').reduce((a, b) => (b.entry.severity > a.entry.severity ? b : a)));
    expect(worst.filter((o) => o.entry.severity === 3).length / worst.length).toBeLessThan(0.15);
    expect(worst.filter((o) => o.entry.severity <= 2).length / worst.length).toBeGreaterThan(0.8);
    for (const o of worst) {
      expect(o.atMin).toBeGreaterThanOrEqual(0.3 * PLANNED_MIN);
      expect(o.atMin).toBeLessThanOrEqual(0.8 * PLANNED_MIN);
    }
    expect(median(worst.map((o) => o.atMin))).toBeGreaterThan(15);
    expect(median(worst.map((o) => o.atMin))).toBeLessThan(30);
    for (const visit of withDissociation) {
      const last = entries(visit, 'dissociation').at(-1)!;
      expect(last.entry.severity).toBe(0);
      expect(last.atMin).toBeGreaterThan(visit.course.infusionEndMin);
    }
  });

  it('treats moderate and severe nausea with ondansetron 4 mg IV now and then, severe always', () => {
    const nauseaEntries = mixed.flatMap((visit) => entries(visit, 'nausea'));
    const severe = nauseaEntries.filter((o) => o.entry.severity === 3);
    const treated = nauseaEntries.filter((o) => o.entry.intervention?.kind === 'ondansetron-4mg-iv');
    expect(severe.every((o) => o.entry.intervention?.kind === 'ondansetron-4mg-iv')).toBe(true);
    expect(treated.every((o) => o.entry.severity >= 2)).toBe(true);
    expect(treated.length).toBeGreaterThan(severe.length);
  });

  it('checks MOAA/S at 40 min in every infusion, and again in recovery when the patient was not fully alert', () => {
    for (const visit of mixed.slice(0, 1000)) {
      const checks = entries(visit, 'sedation');
      const at40 = checks.find((o) => o.atMin === PLANNED_MIN)!;
      expect(at40.entry.sedationScore).toBeGreaterThanOrEqual(2);
      if (at40.entry.sedationScore! < 5) expect(checks.at(-1)!.entry).toMatchObject({ sedationScore: 5, severity: 0 });
    }
    const scores = mixed.map((visit) => entries(visit, 'sedation').find((o) => o.atMin === PLANNED_MIN)!.entry.sedationScore!);
    expect(scores.filter((s) => s >= 4).length / scores.length).toBeGreaterThan(0.8);
  });

  it('charts entries the server accepts, between the pre-infusion and the discharge, keyed o1, o2… in time order', () => {
    for (const visit of mixed.slice(0, 500)) {
      const { observations, dischargeAtMin } = visit.course;
      expect(observations.map((o) => o.key)).toEqual(observations.map((_, i) => `o${i + 1}`));
      for (let i = 0; i < observations.length; i++) {
        const o = observations[i];
        const input = { id: `sim-7-c1-session-${o.key}`, ...o.entry, observedAt: '2026-01-05T09:00:00.000Z' };
        expect(validObservation(input), JSON.stringify(validObservation.errors)).toBe(true);
        if (o.entry.kind === 'sedation') expect(o.entry.sedationScore).toBeDefined();
        if (o.entry.kind === 'other') expect(o.entry.detail).toBeTruthy();
        expect(o.atMin).toBeGreaterThan(0);
        expect(o.atMin).toBeLessThan(dischargeAtMin);
        if (i > 0) expect(o.atMin).toBeGreaterThanOrEqual(observations[i - 1].atMin);
      }
    }
  });

  it('is the same for the same seed and another for another seed', () => {
    const again = visits('mixed', 200);
    expect(again.map((v) => v.course)).toEqual(mixed.slice(0, 200).map((v) => v.course));
    const other = visits('mixed', 200, 8);
    expect(other.map((v) => v.course.observations)).not.toEqual(again.map((v) => v.course.observations));
  });

  it('leaves the everyday side effects as they are when only the scenario changes', () => {
    for (let chairId = 1; chairId <= 50; chairId++) {
      const kinds = (scenario: ScenarioName) =>
        planVisit({ seed: 3, chairId, number: 1, scenario })
          .course.observations.filter((o) => o.entry.kind === 'dissociation' || o.entry.kind === 'headache')
          .map((o) => [o.entry.kind, o.entry.severity]);
      expect(kinds('hypertensive-surge')).toEqual(kinds('routine'));
    }
  });
});

describe('the pump', () => {
  it('changes at most once per infusion, during it, each change with a reason', () => {
    for (const visit of mixed) {
      const { pump } = visit.course;
      if (pump.length === 0) continue;
      expect(pump[0].atMin).toBeGreaterThan(0);
      expect(pump[0].atMin).toBeLessThan(PLANNED_MIN);
      for (const action of pump) expect(action.reason.length).toBeGreaterThan(0);
      const pauses = pump.filter((a) => a.kind === 'pause').length;
      expect(pump.filter((a) => a.kind === 'resume')).toHaveLength(pauses);
      expect(pauses).toBeLessThanOrEqual(1);
    }
    // Beyond the scenarios that call for it, a severe side effect now and then.
    expect(share(visits('routine', 2000), (v) => v.course.pump.length > 0)).toBeGreaterThan(0);
    expect(share(visits('routine', 2000), (v) => v.course.pump.length > 0)).toBeLessThan(0.05);
  });

  it('ends the infusion when the planned dose is in, as the server works it out', () => {
    const withPumpChanges = mixed.filter((v) => v.course.pump.length > 0);
    expect(withPumpChanges.length).toBeGreaterThan(100);
    for (const visit of [...withPumpChanges, ...mixed.slice(0, 50)]) {
      const { weightKg, doseMgPerKg } = visit.session;
      const planned = plannedDoseMg(weightKg, doseMgPerKg!);
      let rate = rateMgPerH(planned, PLANNED_MIN * 60);
      const initialRate = rate;
      const ms = (min: number) => min * 60_000;
      const events: PumpEvent[] = [{ at: 0, phase: 'infusing' }];
      for (const action of visit.course.pump) {
        if (action.kind === 'rate') events.push({ at: ms(action.atMin), rateMgPerH: (rate = Math.round(rate * action.factor * 10) / 10) });
        else events.push({ at: ms(action.atMin), phase: action.kind === 'pause' ? 'paused' : 'infusing' });
      }
      const end = visit.course.infusionEndMin;
      events.push({ at: ms(end), phase: 'recovery' });
      expect(doseProgress(planned, initialRate, events, ms(end)).percent).toBeGreaterThanOrEqual(99);
      expect(doseProgress(planned, initialRate, events, ms(end - 1)).percent).toBeLessThan(99);
      expect(end).toBeGreaterThanOrEqual(PLANNED_MIN);
      expect(end).toBeLessThan(PLANNED_MIN + 20);
    }
  });

  it('works out the end of an infusion paused and slowed', () => {
    expect(infusionEndMin(40, [])).toBe(40);
    expect(infusionEndMin(40, [{ kind: 'pause', atMin: 10, reason: 'r' }, { kind: 'resume', atMin: 14, reason: 'r' }])).toBe(44);
    expect(infusionEndMin(40, [{ kind: 'rate', atMin: 20, factor: 0.5, reason: 'r' }])).toBe(60);
  });
});

describe('the nausea-episode scenario', () => {
  const episodes = visits('nausea-episode', 300);

  it('brings moderate then severe nausea 15–25 min in, treated with ondansetron 4 mg IV', () => {
    for (const visit of episodes) {
      const nausea = entries(visit, 'nausea');
      const [moderate, severe] = nausea;
      expect(moderate.entry.severity).toBe(2);
      expect(severe.entry).toMatchObject({ severity: 3, intervention: { kind: 'ondansetron-4mg-iv' } });
      for (const o of [moderate, severe]) {
        expect(o.atMin).toBeGreaterThanOrEqual(15);
        expect(o.atMin).toBeLessThanOrEqual(25);
      }
    }
  });

  it('pauses the pump for 3–5 min, then resumes it at a reduced rate, and the nausea settles', () => {
    for (const visit of episodes) {
      const nausea = entries(visit, 'nausea');
      const severe = nausea.find((o) => o.entry.severity === 3)!;
      const [pause, resume, rate] = visit.course.pump;
      expect(pause).toMatchObject({ kind: 'pause', atMin: severe.atMin, reason: 'nausea' });
      expect(resume.kind).toBe('resume');
      expect(resume.atMin - pause.atMin).toBeGreaterThanOrEqual(3);
      expect(resume.atMin - pause.atMin).toBeLessThanOrEqual(5);
      expect(rate).toMatchObject({ kind: 'rate', atMin: resume.atMin, factor: RATE_REDUCTION, reason: 'nausea' });
      const after = nausea.filter((o) => o.atMin >= resume.atMin).map((o) => o.entry.severity);
      expect(after[0]).toBeLessThan(3);
      expect(after).toEqual([...after].sort((a, b) => b - a));
      expect(after.at(-1)).toBe(0);
    }
  });

  it('is a small share of the mixed demo', () => {
    const rate = share(mixed, (v) => v.scenario === 'nausea-episode');
    expect(rate).toBeGreaterThan(0.02);
    expect(rate).toBeLessThan(0.08);
  });
});

describe('the hypertensive-surge scenario', () => {
  it('reduces the rate or pauses the pump (reason "BP surge") soon after the first cuff reading of SBP ≥ 180', () => {
    let reduced = 0;
    for (const visit of visits('hypertensive-surge', 200)) {
      const cuff = [...sessionSamples(visit.model, DEFAULT_CADENCE)].filter((s) => s.vitals.sbp !== undefined && s.elapsedS > 0);
      const first = cuff.find((s) => s.vitals.sbp! >= 180)!;
      expect(first.elapsedS / 60).toBeLessThan(PLANNED_MIN);
      const [action, resume] = visit.course.pump;
      expect(action.reason).toBe('BP surge');
      expect(action.atMin - first.elapsedS / 60).toBeGreaterThanOrEqual(0.5);
      expect(action.atMin - first.elapsedS / 60).toBeLessThanOrEqual(2);
      if (action.kind === 'rate') {
        reduced++;
        expect(action.factor).toBe(RATE_REDUCTION);
      } else {
        expect(action.kind).toBe('pause');
        expect(resume.atMin - action.atMin).toBeGreaterThanOrEqual(3);
        expect(resume.atMin - action.atMin).toBeLessThanOrEqual(5);
      }
      expect(entries(visit, 'hypertension')[0]).toMatchObject({ atMin: action.atMin, entry: { severity: 2, note: `SBP ${first.vitals.sbp} mmHg` } });
    }
    expect(reduced).toBeGreaterThan(80);
    expect(reduced).toBeLessThan(160);
  });
});

describe('the desaturation scenario', () => {
  it('pauses the pump while breathing is depressed, rousing the patient, and resumes it slower once recovered', () => {
    for (const visit of visits('desaturation', 100)) {
      const episode = visit.model.respiratoryDepression!;
      const [pause, resume, rate] = visit.course.pump;
      expect(pause.kind).toBe('pause');
      expect(pause.atMin).toBeGreaterThan(episode.startMin);
      expect(pause.atMin).toBeLessThan(episode.startMin + episode.onsetMin + episode.holdMin);
      expect(resume.atMin).toBeGreaterThan(episode.startMin + episode.onsetMin + episode.holdMin + episode.resolveMin);
      expect(rate).toMatchObject({ kind: 'rate', atMin: resume.atMin });
      expect(entries(visit, 'sedation')[0]).toMatchObject({ atMin: pause.atMin, entry: { sedationScore: 2, intervention: { kind: 'infusion-paused' } } });
    }
  });
});

describe('scores', () => {
  it('records pain 3–8 and MOAA/S 5 before the infusion', () => {
    for (const visit of mixed) {
      expect(validPreScores(visit.course.preScores)).toBe(true);
      expect(visit.course.preScores.sedationBefore).toBe(5);
      expect(visit.course.preScores.painBefore).toBeGreaterThanOrEqual(3);
      expect(visit.course.preScores.painBefore).toBeLessThanOrEqual(8);
    }
    expect(new Set(mixed.map((v) => v.course.preScores.painBefore))).toEqual(new Set([3, 4, 5, 6, 7, 8]));
  });

  it('discharges at an Aldrete total of 9 or more, or at 8 with the prescriber’s override', () => {
    const totals = mixed.map((visit) => {
      const { discharge } = visit.course;
      expect(validDischarge(discharge)).toBe(true);
      const assessed = assessDischarge('aldrete', discharge.scores);
      if ('invalid' in assessed) throw new Error(`invalid item ${assessed.invalid}`);
      expect(assessed.total).toBeGreaterThanOrEqual(DISCHARGE_READY_AT - 1);
      if (assessed.ready) expect(discharge.override).toBeUndefined();
      else expect(discharge.override).toBe(OVERRIDE_REASON);
      return assessed.total;
    });
    const at = (total: number) => totals.filter((t) => t === total).length / totals.length;
    expect(at(10)).toBeGreaterThan(0.6);
    expect(at(9)).toBeGreaterThan(0.15);
    expect(at(8)).toBeGreaterThan(0.005);
    expect(at(8)).toBeLessThan(0.08);
  });

  it('scores circulation from the blood pressure at discharge: lower after a surge', () => {
    const circulation = (scenario: ScenarioName) => mean(visits(scenario, 300).map((v) => v.course.discharge.scores.circulation));
    expect(circulation('routine')).toBe(2);
    expect(circulation('hypertensive-surge')).toBeLessThan(1.9);
  });

  it('records less pain after the infusion than before, on average', () => {
    const before = mean(mixed.map((v) => v.course.preScores.painBefore));
    const after = mean(mixed.map((v) => v.course.discharge.painAfter!));
    expect(after).toBeLessThan(before - 1);
    expect(share(mixed, (v) => v.course.discharge.painAfter! > v.course.preScores.painBefore)).toBeLessThan(0.15);
  });
});

describe('the visit timeline', () => {
  it('has a 2–4 min pre-infusion with the pre scores in it, and 30 min of recovery after the dose is in', () => {
    for (const visit of mixed.slice(0, 500)) {
      const { preInfusionMin, preScoresAtMin, infusionEndMin: end, dischargeAtMin } = visit.course;
      expect([2, 3, 4]).toContain(preInfusionMin);
      expect(preScoresAtMin).toBeGreaterThan(-preInfusionMin);
      expect(preScoresAtMin).toBeLessThan(0);
      expect(visit.model.timeline).toEqual({ preInfusionMin, infusionMin: end, recoveryMin: SESSION_TIMELINE.recoveryMin });
      expect(dischargeAtMin).toBe(end + SESSION_TIMELINE.recoveryMin);
    }
  });

  it('plans nothing the nurse could not do: every entry is of a known kind', () => {
    const kinds = new Set(mixed.flatMap((v) => v.course.observations.map((o: PlannedObservation) => o.entry.kind)));
    expect([...kinds].sort()).toEqual(['anxiety', 'confusion', 'dissociation', 'dizziness', 'headache', 'hypertension', 'nausea', 'sedation', 'vomiting']);
  });
});
