import type { Alarm } from '../../../server/src/contract/alarms.ts';
import type { Observation } from '../../../server/src/contract/observations.ts';
import type { Phase, SessionDetail } from '../../../server/src/contract/sessions.ts';
import type { VitalSample } from '../../../server/src/contract/vitals.ts';

/** Test data of the review: one day, times written as `HH:MM` or `HH:MM:SS` (UTC). */
const DAY = '2025-01-06';

export const at = (time: string): string => new Date(`${DAY}T${time.length === 5 ? `${time}:00` : time}Z`).toISOString();
export const ms = (time: string): number => Date.parse(at(time));

export type Change =
  { at: string; phase: Phase; by?: string; reason?: string } | { at: string; rate: number; by?: string; reason?: string };

/** A session of patient Jane Doe on chair 3 (0.5 mg/kg × 80 kg = 40 mg over 40 min), its history
 * from `changes`: the first is the opening (pre-infusion). */
export function detail(changes: Change[], change: Partial<SessionDetail> = {}): SessionDetail {
  let phase: Phase | null = null;
  const history: SessionDetail['history'] = [];
  const pumpEvents: SessionDetail['pumpEvents'] = [];
  for (const c of changes) {
    if ('phase' in c) {
      history.push({
        at: at(c.at),
        kind: 'phase',
        fromPhase: phase,
        toPhase: c.phase,
        rateMgPerH: null,
        reason: c.reason ?? null,
        byName: c.by ?? 'Nurse Ann',
      });
      pumpEvents.push({ at: at(c.at), phase: c.phase });
      phase = c.phase;
    } else {
      history.push({
        at: at(c.at),
        kind: 'rate',
        fromPhase: null,
        toPhase: null,
        rateMgPerH: c.rate,
        reason: c.reason ?? null,
        byName: c.by ?? 'Nurse Ann',
      });
      pumpEvents.push({ at: at(c.at), rateMgPerH: c.rate });
    }
  }
  const closed = phase === 'discharged' || phase === 'aborted';
  return {
    id: 's1',
    chairId: 3,
    patientInitials: 'JD',
    phase: phase ?? 'scheduled',
    seriesNumber: 2,
    seriesLength: 6,
    weightKg: 80,
    doseMgPerKg: 0.5,
    plannedDoseMg: 40,
    plannedDurationS: 2400,
    rateMgPerH: 60,
    startedAt: at(changes[0].at),
    endedAt: closed ? at(changes[changes.length - 1].at) : null,
    pumpEvents,
    painBefore: 6,
    sedationBefore: 5,
    baseline: {},
    alarmLimits: {},
    patient: { id: 'p1', clinicId: 'MRN-001', givenName: 'Jane', familyName: 'Doe', birthDate: null },
    prescriber: null,
    notes: null,
    history,
    discharge: null,
    abortReason: null,
    ...change,
  };
}

let seq = 0;

/** A sample of session s1 at `time` carrying `vitals` (the others null). */
export function reading(
  time: string,
  vitals: Partial<Record<'hr' | 'sbp' | 'dbp' | 'map' | 'spo2' | 'rr' | 'etco2' | 'tempC', number>>,
): VitalSample {
  seq += 1;
  return {
    seq,
    id: `v${seq}`,
    chairId: 3,
    sessionId: 's1',
    recordedAt: at(time),
    receivedAt: at(time),
    source: 'monitor',
    hr: null,
    sbp: null,
    dbp: null,
    map: null,
    spo2: null,
    rr: null,
    etco2: null,
    tempC: null,
    ...vitals,
  };
}

export function entry(id: string, time: string, change: Partial<Observation> = {}): Observation {
  return {
    id,
    clientId: `c-${id}`,
    sessionId: 's1',
    kind: 'nausea',
    severity: 1,
    sedationScore: null,
    detail: null,
    note: null,
    intervention: null,
    observedAt: at(time),
    recordedAt: at(time),
    byName: 'Nurse Ann',
    amendsId: null,
    amendReason: null,
    struck: false,
    supersededById: null,
    ...change,
  };
}

export function alarm(id: string, raised: string, change: Partial<Alarm> = {}): Alarm {
  return {
    id,
    chairId: 3,
    sessionId: 's1',
    condition: 'sbp-above',
    rule: 'sbp-high',
    parameter: 'sbp',
    kind: 'physiological',
    priority: 'high',
    value: 186,
    limit: 180,
    message: 'SBP 186 ≥ 180',
    raisedAt: at(raised),
    escalatedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    silencedUntil: null,
    clearedAt: null,
    ...change,
  };
}
