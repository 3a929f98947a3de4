import type { Alarm } from '../../../server/src/contract/alarms.ts';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import { NO_CONSCIOUSNESS_CHARTED, type Observation } from '../../../server/src/contract/observations.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import type { VitalSample } from '../../../server/src/contract/vitals.ts';

const T0 = Date.parse('2025-01-06T09:00:00Z');

/** A 1 Hz heart-rate sample of chair 1's session `s1`; `seq` seconds after 09:00. */
export function sample(seq: number, change: Partial<VitalSample> = {}): VitalSample {
  const at = new Date(T0 + seq * 1000).toISOString();
  return {
    seq,
    id: `sample-${seq}`,
    chairId: 1,
    sessionId: 's1',
    recordedAt: at,
    receivedAt: at,
    source: 'simulator',
    hr: 70 + (seq % 10),
    sbp: null,
    dbp: null,
    map: null,
    spo2: null,
    rr: null,
    etco2: null,
    tempC: null,
    ...change,
  };
}

/** Session `id` on a chair, infusing since 09:00 at 60 mg/h (40 mg over 40 min). */
export function session(id: string, chairId = 1, change: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id,
    chairId,
    patientInitials: 'JD',
    phase: 'infusing',
    seriesNumber: 1,
    seriesLength: 6,
    weightKg: 80,
    doseMgPerKg: 0.5,
    plannedDoseMg: 40,
    plannedDurationS: 2400,
    rateMgPerH: 60,
    startedAt: new Date(T0).toISOString(),
    endedAt: null,
    pumpEvents: [{ at: new Date(T0).toISOString(), phase: 'infusing' }],
    painBefore: 6,
    sedationBefore: 5,
    baseline: {},
    alarmLimits: {},
    ...change,
  };
}

/** Side-effect entry `id` of session `s1`, observed `minute` minutes after 09:00. */
export function observation(id: string, minute = 1, change: Partial<Observation> = {}): Observation {
  const at = new Date(T0 + minute * 60_000).toISOString();
  return {
    id,
    clientId: `client-${id}`,
    sessionId: 's1',
    kind: 'nausea',
    severity: 2,
    sedationScore: null,
    detail: null,
    note: null,
    intervention: null,
    observedAt: at,
    recordedAt: at,
    byName: 'Test nurse',
    amendsId: null,
    amendReason: null,
    struck: false,
    supersededById: null,
    ...change,
  };
}

/** `minute` minutes after 09:00, as the server writes times. */
export const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

/** Alarm `id` of chair 1's session `s1`: SBP 186 at or above 180, raised `minute` minutes after 09:00. */
export function alarm(id: string, minute = 1, change: Partial<Alarm> = {}): Alarm {
  return {
    id,
    chairId: 1,
    sessionId: 's1',
    condition: 'sbp-above',
    rule: 'sbp-high',
    parameter: 'sbp',
    kind: 'physiological',
    priority: 'high',
    value: 186,
    limit: 180,
    message: 'SBP 186 > 180',
    raisedAt: at(minute),
    escalatedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    silencedUntil: null,
    clearedAt: null,
    ...change,
  };
}

export function chair(id: number, activeSession: SessionSummary | null = null): ChairSnapshot {
  return {
    id,
    name: `Chair ${id}`,
    ward: 'main',
    inService: true,
    activeSession,
    latest: {},
    lastSampleAt: null,
    latestSideEffect: null,
    consciousness: NO_CONSCIOUSNESS_CHARTED,
    alarms: [],
  };
}

export const seqs = (samples: readonly VitalSample[]) => samples.map((s) => s.seq);
