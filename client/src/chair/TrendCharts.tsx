import { useMemo } from 'react';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { VITALS, type VitalKey } from '../../../server/src/contract/vitals.ts';
import type { SideEffectLog } from '../live/side-effect-log.ts';
import type { Trend } from '../live/trend.ts';
import { useNow } from '../ui/clock.ts';
import { baselineLines, chartMarkers } from './chart-markers.ts';
import { sampleTimeRange, sessionTimeAxis, timeTicks } from './time-axis.ts';
import { TrendChart } from './TrendChart.tsx';

/** The session's charts: blood pressure's three values share one. Each y axis spans at least
 * `band`, so normal variation does not look like a swing; SpO₂ never runs above 100. */
const CHARTS: readonly { id: string; vitals: readonly VitalKey[]; band: readonly [number, number]; capped?: boolean }[] = [
  { id: 'hr', vitals: ['hr'], band: [40, 120] },
  { id: 'bp', vitals: ['sbp', 'dbp', 'map'], band: [40, 180] },
  { id: 'spo2', vitals: ['spo2'], band: [85, 100], capped: true },
  { id: 'rr', vitals: ['rr'], band: [0, 30] },
  { id: 'etco2', vitals: ['etco2'], band: [0, 60] },
  { id: 'tempC', vitals: ['tempC'], band: [35, 39] },
];

/** Mount with `key={trend.sessionId}`: a chart's memo trusts revisions within one session. Phase
 * changes and side effects are marked on every chart, the baseline on heart rate and blood pressure. */
export function TrendCharts({
  trend,
  session,
  sideEffects,
}: {
  trend: Trend;
  session: SessionSummary;
  sideEffects: SideEffectLog | undefined;
}) {
  const now = useNow();
  const markers = useMemo(() => chartMarkers(session, sideEffects), [session, sideEffects]);
  const { baseline } = session;
  const baselines = useMemo(() => new Map(CHARTS.map(({ id, vitals }) => [id, baselineLines(vitals, baseline)])), [baseline]);
  const sampled = useMemo(() => sampleTimeRange(trend.samples), [trend.samples]);
  const [from, to] = sessionTimeAxis(Date.parse(session.startedAt), session.endedAt ? Date.parse(session.endedAt) : now, sampled);
  const timeAxis = useMemo(() => [from, to] as const, [from, to]);
  const ticks = useMemo(() => timeTicks(timeAxis), [timeAxis]);
  return (
    <section className="trends" aria-label="Trends this session">
      {CHARTS.map(({ id, vitals, band, capped }) => (
        <TrendChart
          key={id}
          id={id}
          band={band}
          capped={capped}
          title={vitals.map((vital) => VITALS[vital].label).join(' / ')}
          vitals={vitals}
          samples={trend.samples}
          revision={vitals.reduce((sum, vital) => sum + trend.revisions[vital], 0)}
          timeAxis={timeAxis}
          timeTicks={ticks}
          markers={markers}
          baselines={baselines.get(id)!}
        />
      ))}
    </section>
  );
}
