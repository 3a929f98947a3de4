import { PRIORITY_MARKER, type Alarm, type AlarmPriority } from '../../../server/src/contract/alarms.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import type { VitalKey, TrendSample } from '../../../server/src/contract/vitals.ts';
import type { ChartRow } from '../chair/chart-rows.ts';
import type { ChartSpec } from '../chair/charts.ts';
import { lttb, MAX_DRAWN_POINTS } from '../chair/downsample.ts';
import { sampleTimeRange, type TimeAxis } from '../chair/time-axis.ts';

/** Half the window the charts zoom to around a moment of the timeline. */
export const ZOOM_HALF_MS = 10 * 60_000;

/** The whole session: from its start to its end (or now), stretched to any sample outside that. */
export function wholeSessionAxis(
  session: Pick<SessionSummary, 'startedAt' | 'endedAt'>,
  samples: readonly TrendSample[],
  now: number,
): TimeAxis {
  const from = Date.parse(session.startedAt);
  const to = Math.max(from + 60_000, session.endedAt ? Date.parse(session.endedAt) : now);
  const sampled = sampleTimeRange(samples);
  return sampled ? [Math.min(from, sampled[0]), Math.max(to, sampled[1])] : [from, to];
}

/** `halfMs` either side of `center`, moved to stay inside the whole session (all of it when it is
 * shorter than the window). */
export function zoomWindow(center: number, [from, to]: TimeAxis, halfMs = ZOOM_HALF_MS): TimeAxis {
  if (to - from <= 2 * halfMs) return [from, to];
  const start = Math.min(Math.max(center - halfMs, from), to - 2 * halfMs);
  return [start, start + 2 * halfMs];
}

/**
 * The rows drawn in a window: those inside it and the nearest on either side (so a line runs to
 * the edge), downsampled to `maxPoints` for drawing. `rows` are in time order.
 */
export function visibleRows(
  rows: readonly ChartRow[],
  [from, to]: TimeAxis,
  vitals: readonly VitalKey[],
  maxPoints = MAX_DRAWN_POINTS,
): readonly ChartRow[] {
  const start = Math.max(0, firstIndexAtOrAfter(rows, from) - 1);
  const end = Math.min(rows.length, firstIndexAtOrAfter(rows, to, true) + 1);
  const shown = rows.slice(start, end);
  return lttb(
    shown,
    maxPoints,
    (row) => row.t,
    (row) => vitals.map((vital) => row[vital]).find((value) => value !== undefined) ?? 0,
  );
}

/** The index of the first row at or after `t` (after it, when `strictly`). */
function firstIndexAtOrAfter(rows: readonly ChartRow[], t: number, strictly = false): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].t < t || (strictly && rows[mid].t === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Which chart shows which alarm parameter; the others (MOAA/S, the device) concern every chart. */
const CHART_OF_PARAMETER: Record<string, ChartSpec['id']> = { hr: 'hr', sbp: 'bp', dbp: 'bp', spo2: 'spo2', rr: 'rr', etco2: 'etco2' };

/** An alarm period drawn on a chart, inside the window. */
export interface AlarmArea {
  alarmId: string;
  priority: AlarmPriority;
  x1: number;
  x2: number;
  /** The priority's marker (colour is never the only cue), with the message when the area is wide
   * enough to carry it. */
  label: string;
  /** The label's line from the top: labels that would overlap go one under the other. */
  lane: number;
}

/** An area narrower than this share of the window is widened to it, so a brief alarm still shows… */
const MIN_AREA_SHARE = 0.004;
/** …and one narrower than this carries only its marker. */
const MESSAGE_AREA_SHARE = 0.12;

/**
 * The alarm periods of one chart within the window: each alarm of the chart's parameters (and every
 * alarm of no chart of its own) from its raising to its clearing, or to `end` while it lasts.
 */
export function alarmAreas(alarms: readonly Alarm[], chartId: ChartSpec['id'], [from, to]: TimeAxis, end: number): AlarmArea[] {
  const span = to - from;
  const areas: AlarmArea[] = [];
  for (const alarm of alarms) {
    const chart = CHART_OF_PARAMETER[alarm.parameter];
    if (chart !== undefined && chart !== chartId) continue;
    const raised = Date.parse(alarm.raisedAt);
    const cleared = alarm.clearedAt ? Date.parse(alarm.clearedAt) : Math.max(end, raised);
    if (cleared < from || raised > to) continue;
    let x1 = Math.max(raised, from);
    let x2 = Math.min(cleared, to);
    const minWidth = span * MIN_AREA_SHARE;
    if (x2 - x1 < minWidth) {
      x2 = Math.min(to, x1 + minWidth);
      x1 = Math.max(from, x2 - minWidth);
    }
    const marker = PRIORITY_MARKER[alarm.priority];
    const label = (x2 - x1) / span >= MESSAGE_AREA_SHARE ? `${marker} ${alarm.message}` : marker;
    areas.push({ alarmId: alarm.id, priority: alarm.priority, x1, x2, label, lane: 0 });
  }
  areas.sort((a, b) => a.x1 - b.x1);
  // Where each lane's last label ends (a label's width guessed as a share of the window).
  const laneEnds: number[] = [];
  for (const area of areas) {
    const lane = laneEnds.findIndex((laneEnd) => laneEnd <= area.x1);
    area.lane = lane === -1 ? laneEnds.length : lane;
    laneEnds[area.lane] = area.x1 + span * (area.label.length > 3 ? MESSAGE_LABEL_SHARE : MARKER_LABEL_SHARE);
  }
  return areas;
}

/** About how much of the window a label takes: with its message, and its marker alone. */
const MESSAGE_LABEL_SHARE = 0.3;
const MARKER_LABEL_SHARE = 0.04;
