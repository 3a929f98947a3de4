import { useMemo, type Ref } from 'react';
import type { Alarm } from '../../../server/src/contract/alarms.ts';
import type { Observation } from '../../../server/src/contract/observations.ts';
import type { SessionDetail } from '../../../server/src/contract/sessions.ts';
import type { TrendSample } from '../../../server/src/contract/vitals.ts';
import { baselineLines, chartMarkers } from '../chair/chart-markers.ts';
import { chartRows } from '../chair/chart-rows.ts';
import { timeTicks, type TimeAxis } from '../chair/time-axis.ts';
import { emptyLog, mergeObservations } from '../live/side-effect-log.ts';
import { formatClockTime, formatClockTimeWithSeconds } from '../ui/format.ts';
import { CHARTS } from '../chair/charts.ts';
import { alarmAreas } from './review-charts.ts';
import { ReviewChart } from './ReviewChart.tsx';
import './review.css';

interface ReviewChartsProps {
  session: SessionDetail;
  samples: readonly TrendSample[];
  observations: readonly Observation[];
  alarms: readonly Alarm[];
  /** The whole session. */
  whole: TimeAxis;
  /** What is drawn: the whole session, or a window around the cursor. */
  window: TimeAxis;
  cursor: { at: number; label: string } | null;
  /** Back to the whole session; absent on paper. */
  onWholeSession?: () => void;
  /** The session's end for an alarm still active: its end, or now. */
  end: number;
  /** On paper: a fixed width and a smaller height. */
  paper?: boolean;
  ref?: Ref<HTMLElement>;
}

/** Every vital over the session (or the window picked in the timeline), sharing one time axis. */
export function ReviewCharts({
  session,
  samples,
  observations,
  alarms,
  whole,
  window,
  cursor,
  onWholeSession,
  end,
  paper,
  ref,
}: ReviewChartsProps) {
  // Every row, not downsampled: each chart draws its window's rows, downsampled for drawing only.
  const rows = useMemo(() => new Map(CHARTS.map(({ id, vitals }) => [id, chartRows(samples, vitals, Infinity)])), [samples]);
  const markers = useMemo(() => chartMarkers(session, mergeObservations(emptyLog(session.id), observations)), [session, observations]);
  const { baseline } = session;
  const baselines = useMemo(() => new Map(CHARTS.map(({ id, vitals }) => [id, baselineLines(vitals, baseline)])), [baseline]);
  const areas = useMemo(() => new Map(CHARTS.map(({ id }) => [id, alarmAreas(alarms, id, window, end)])), [alarms, window, end]);
  const ticks = useMemo(() => timeTicks(window, paper ? 8 : 7), [window, paper]);
  const zoomed = window[0] !== whole[0] || window[1] !== whole[1];
  return (
    <section className="review-charts" aria-labelledby="review-charts-title" data-testid="review-charts" ref={ref}>
      <div className="review-charts-bar">
        <h2 id="review-charts-title">Vitals</h2>
        <p className="review-charts-window" aria-live="polite">
          {zoomed ? 'From' : 'Whole session,'} {formatClockTime(window[0])} to {formatClockTime(window[1])}
          {cursor && (
            <>
              {' '}
              · cursor at {formatClockTimeWithSeconds(cursor.at)}: {cursor.label}
            </>
          )}
        </p>
        {onWholeSession && (
          <button type="button" className="button button-small" onClick={onWholeSession} disabled={!zoomed} data-testid="whole-session">
            Whole session
          </button>
        )}
      </div>
      <div className="review-chart-grid">
        {CHARTS.map((spec) => (
          <ReviewChart
            key={spec.id}
            spec={spec}
            rows={rows.get(spec.id)!}
            window={window}
            ticks={ticks}
            baselines={baselines.get(spec.id)!}
            markers={markers}
            areas={areas.get(spec.id)!}
            cursor={cursor?.at ?? null}
            height={paper ? 120 : 170}
            width={paper ? 680 : undefined}
          />
        ))}
      </div>
      <p className="review-charts-key">
        Shaded: alarm periods, <span className="key-high">*** high</span>, <span className="key-medium">** medium</span>,{' '}
        <span className="key-low">* low</span>. Dashed across: the pre-infusion baseline; dashed down: phase changes; solid down: side
        effects.
      </p>
    </section>
  );
}
