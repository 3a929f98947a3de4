import { SIDE_EFFECTS } from '../../../server/src/contract/observations.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { VITALS, type VitalKey } from '../../../server/src/contract/vitals.ts';
import type { SideEffectLog } from '../live/side-effect-log.ts';
import { logEntries } from '../side-effects/side-effects.ts';
import { PHASE_LABELS } from '../ui/format.ts';

/** A moment drawn across every chart of the session: a phase change or a side effect. */
export interface ChartMarker {
  t: number;
  kind: 'phase' | 'side-effect';
  label: string;
  /** Side effects: 0–3. */
  severity?: number;
}

/** The session's phase changes after it opened, and its side effects still on record (not
 * struck through), oldest first. */
export function chartMarkers(session: SessionSummary, log: SideEffectLog | undefined): ChartMarker[] {
  const opened = Date.parse(session.startedAt);
  const phases: ChartMarker[] = session.pumpEvents.flatMap((event) =>
    'phase' in event && Date.parse(event.at) > opened
      ? [{ t: Date.parse(event.at), kind: 'phase' as const, label: PHASE_LABELS[event.phase] }]
      : [],
  );
  const sideEffects: ChartMarker[] = logEntries(log)
    .filter((entry) => !entry.current.struck)
    .map(({ current }) => ({
      t: Date.parse(current.observedAt),
      kind: 'side-effect',
      label: SIDE_EFFECTS[current.kind],
      severity: current.severity,
    }));
  return [...phases, ...sideEffects].sort((a, b) => a.t - b.t);
}

/** Vitals whose baseline is drawn on their chart: the ones ketamine raises (heart rate, blood pressure). */
const BASELINE_VITALS: readonly VitalKey[] = ['hr', 'sbp', 'dbp'];

export interface BaselineLine {
  vital: VitalKey;
  value: number;
  label: string;
}

/** The baseline lines of a chart of `vitals`. */
export function baselineLines(vitals: readonly VitalKey[], baseline: SessionSummary['baseline']): BaselineLine[] {
  return vitals.flatMap((vital) => {
    const value = BASELINE_VITALS.includes(vital) ? baseline[vital as keyof typeof baseline] : undefined;
    return value === undefined ? [] : [{ vital, value, label: `${VITALS[vital].label} baseline` }];
  });
}
