import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
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

export function session(id: string, chairId = 1): SessionSummary {
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
  };
}

export function chair(id: number, activeSession: SessionSummary | null = null): ChairSnapshot {
  return { id, name: `Chair ${id}`, ward: 'main', activeSession, latest: {}, lastSampleAt: null, latestSideEffect: null };
}

export const seqs = (samples: readonly VitalSample[]) => samples.map((s) => s.seq);
