import type { Phase } from '../../../server/src/contract/sessions.ts';
import type { VitalKey } from '../../../server/src/contract/vitals.ts';

/** A reading older than this shows its age (a BP cuff cycles every few minutes). */
export const SHOW_AGE_AFTER_MS = 60_000;
/** A chair silent this long has no data (the server's `stale` alarm, clinical reference §4): an
 * idle chair's readings then leave its tile. */
export const NO_DATA_AFTER_MS = 30_000;

/** Temperature is read to a tenth of a degree; every other vital is a whole number. */
const DECIMALS: Partial<Record<VitalKey, number>> = { tempC: 1 };

export function formatVital(key: VitalKey, value: number): string {
  return value.toFixed(DECIMALS[key] ?? 0);
}

/** `m:ss` under an hour, `h:mm:ss` from an hour on. */
export function formatDuration(ms: number): string {
  const totalS = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = String(totalS % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** How long ago, in the largest unit that still reads precisely: `45 s`, `3 min`, `2 h`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s} s`;
  const min = Math.floor(s / 60);
  return min < 120 ? `${min} min` : `${Math.floor(min / 60)} h`;
}

export const PHASE_LABELS: Record<Phase, string> = {
  scheduled: 'Scheduled',
  'pre-infusion': 'Pre-infusion',
  infusing: 'Infusing',
  paused: 'Paused',
  recovery: 'Recovery',
  discharged: 'Discharged',
  aborted: 'Aborted',
};

const amount = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** Doses and rates: at most one decimal. */
export function formatAmount(value: number): string {
  return amount.format(value);
}

/** Time of day on the 24-hour clock, as on clinical records: `14:05`. */
export function formatClockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** `14:05:09` */
export function formatClockTimeWithSeconds(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Date and time of day, read the same in any locale: `2025-01-06 14:05` (`14:05:09` with seconds). */
export function formatDateTime(ms: number, { seconds = false } = {}): string {
  const date = new Date(ms);
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `${day} ${seconds ? formatClockTimeWithSeconds(ms) : formatClockTime(ms)}`;
}
