import { SEVERITIES, SIDE_EFFECTS, type LatestSideEffect, type Observation } from '../../../server/src/contract/observations.ts';
import type { SideEffectLog } from '../live/side-effect-log.ts';

/** How long after saving an entry the nurse can take it back with one tap. */
export const UNDO_WINDOW_MS = 10_000;
/** The reason an undone entry carries (it is struck through, never deleted). */
export const UNDO_REASON = 'undone at the chair';

/** Back-timing offered with one tap, in minutes before now. */
export const MINUTES_AGO_CHOICES = [0, 5, 10, 15] as const;

/** Every severity, 0 none to 3 severe (a correction may say there was none). */
export const SEVERITY_LEVELS = SEVERITIES.map((_, severity) => severity);
/** Severities the quick log offers (an entry is charted because there is something to chart). */
export const CHARTED_SEVERITIES = SEVERITY_LEVELS.filter((severity) => severity > 0);

/** Sedation is scored on MOAA/S; its severity follows: 5 none, 4 mild, 3 moderate, 2 or less severe. */
export function severityFromMoaas(moaas: number): number {
  if (moaas >= 5) return 0;
  if (moaas === 4) return 1;
  if (moaas === 3) return 2;
  return 3;
}

/** Time left to undo an entry saved at `savedAt`; 0 once the window has passed. */
export function undoLeftMs(savedAt: number, now: number): number {
  return Math.max(0, savedAt + UNDO_WINDOW_MS - now);
}

export const severityName = (severity: number): string => SEVERITIES[severity] ?? `severity ${severity}`;

/** `Nausea — moderate`, as the board tile and the log show it. */
export function sideEffectText(entry: NonNullable<LatestSideEffect> | Observation): string {
  const detail = 'detail' in entry && entry.kind === 'other' && entry.detail ? `: ${entry.detail}` : '';
  return `${SIDE_EFFECTS[entry.kind]}${detail} — ${severityName(entry.severity)}`;
}

/** One entry of the log: its current version, and the versions it replaced (newest first). */
export interface LogEntry {
  current: Observation;
  earlier: Observation[];
}

/** The log's entries, newest observation first; struck-through entries stay, marked as such. */
export function logEntries(log: SideEffectLog | undefined): LogEntry[] {
  if (!log) return [];
  const entries: LogEntry[] = [];
  for (const current of log.versions.values()) {
    if (current.supersededById !== null) continue;
    const earlier: Observation[] = [];
    for (let id = current.amendsId; id !== null;) {
      const version = log.versions.get(id);
      if (!version) break;
      earlier.push(version);
      id = version.amendsId;
    }
    entries.push({ current, earlier });
  }
  return entries.sort((a, b) => Date.parse(b.current.observedAt) - Date.parse(a.current.observedAt));
}
