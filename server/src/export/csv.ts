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
