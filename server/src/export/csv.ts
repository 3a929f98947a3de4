import type { SessionListItem } from '../contract/history.ts';
import { VITAL_KEYS, VITALS, type VitalSample } from '../contract/vitals.ts';

/** Header of a samples CSV: every vital with its unit, times in UTC. */
export const SAMPLE_CSV_HEADER = [
  'recorded_at_utc',
  'received_at_utc',
  'source',
  ...VITAL_KEYS.map((key) => `${VITALS[key].label} (${VITALS[key].unit})`),
];

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A session's samples, one row each, every value as recorded (never downsampled). */
export function samplesCsv(samples: VitalSample[]): string {
  const rows = samples.map((s) => [s.recordedAt, s.receivedAt, s.source, ...VITAL_KEYS.map((key) => s[key])]);
  return [SAMPLE_CSV_HEADER, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Header of a sessions list CSV: units in the names, times in UTC. */
export const SESSIONS_CSV_HEADER = [
  'session_id',
  'started_at_utc',
  'ended_at_utc',
  'chair',
  'clinic_id',
  'given_name',
  'family_name',
  'series_number',
  'outcome',
  'weight (kg)',
  'dose (mg/kg)',
  'planned_dose (mg)',
  'prescriber',
  'pain_before (NRS 0-10)',
  'pain_after (NRS 0-10)',
  'discharge_score',
  'abort_reason',
  'side_effects',
  'worst_severity (0-3)',
  'alarms_high',
  'alarms_medium',
  'alarms_low',
];

/** One row per session of a search, as listed. */
export function sessionsCsv(sessions: SessionListItem[]): string {
  const rows = sessions.map((s) => [
    s.id,
    s.startedAt,
    s.endedAt,
    s.chairId,
    s.patient.clinicId,
    s.patient.givenName,
    s.patient.familyName,
    s.seriesNumber,
    s.outcome,
    s.weightKg,
    s.doseMgPerKg,
    s.plannedDoseMg,
    s.prescriber,
    s.painBefore,
    s.painAfter,
    s.dischargeScore,
    s.abortReason,
    s.sideEffects,
    s.worstSeverity,
    s.alarms.high,
    s.alarms.medium,
    s.alarms.low,
  ]);
  return [SESSIONS_CSV_HEADER, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
