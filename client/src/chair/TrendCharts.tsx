import { useMemo } from 'react';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { VITALS } from '../../../server/src/contract/vitals.ts';
import type { SideEffectLog } from '../live/side-effect-log.ts';
import type { Trend } from '../live/trend.ts';
import { useNow } from '../ui/clock.ts';
import { baselineLines, chartMarkers } from './chart-markers.ts';
import { sampleTimeRange, sessionTimeAxis, timeTicks } from './time-axis.ts';
import { CHARTS } from './charts.ts';
import { TrendChart } from './TrendChart.tsx';

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
