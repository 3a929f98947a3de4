import { byUrgency, PRIORITY_RANK, type Alarm, type AlarmPriority } from '../../../server/src/contract/alarms.ts';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import { formatClockTime } from '../ui/format.ts';

/** The priority a chair's tile takes the colour of; null when it has no alarm. */
export function worstPriority(alarms: readonly Alarm[]): AlarmPriority | null {
  let worst: AlarmPriority | null = null;
  for (const { priority } of alarms) if (worst === null || PRIORITY_RANK[priority] > PRIORITY_RANK[worst]) worst = priority;
  return worst;
}

/** Is the alarm's sound off now because someone acknowledged it? */
export function isSilenced(alarm: Alarm, now: number): boolean {
  return alarm.clearedAt === null && alarm.silencedUntil !== null && Date.parse(alarm.silencedUntil) > now;
}

/** Who acknowledged the alarm, in a line under it: until when it is silent, or when it was
 * acknowledged once it sounds again (silence over, or a worse value since). */
export function acknowledgementNote(alarm: Alarm, now: number): string | null {
  if (alarm.acknowledgedAt === null) return null;
  const by = alarm.acknowledgedBy ? ` · ${alarm.acknowledgedBy}` : '';
  if (isSilenced(alarm, now)) return `silenced until ${formatClockTime(Date.parse(alarm.silencedUntil!))}${by}`;
  return `acknowledged ${formatClockTime(Date.parse(alarm.acknowledgedAt))}${by}`;
}

export interface AlarmBarRow {
  chair: ChairSnapshot;
  /** The chair's most urgent alarm: the row's place, colour and age. */
  alarm: Alarm;
}

/** One row per chair in alarm: high before medium before low, the longest standing first. */
export function alarmBarRows(chairs: readonly ChairSnapshot[]): AlarmBarRow[] {
  return chairs
    .filter((chair) => chair.alarms.length > 0)
    .map((chair) => ({ chair, alarm: [...chair.alarms].sort(byUrgency)[0]! }))
    .sort((a, b) => byUrgency(a.alarm, b.alarm));
}
