import { memo, useMemo, type SVGProps } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { VITALS, type VitalKey } from '../../../server/src/contract/vitals.ts';
import type { BaselineLine, ChartMarker } from '../chair/chart-markers.ts';
import type { ChartRow } from '../chair/chart-rows.ts';
import type { TimeAxis } from '../chair/time-axis.ts';
import { formatClockTime, formatClockTimeWithSeconds, formatVital } from '../ui/format.ts';
import type { ChartSpec } from '../chair/charts.ts';
import { visibleRows, type AlarmArea } from './review-charts.ts';

const CURSOR_WIDTH_PX = 2;
/** The line height of stacked alarm labels. */
const LABEL_LINE_PX = 13;
/** Readings further apart than this on average (a BP cuff every few minutes) get a dot each. */
const MARK_READINGS_APART_MS = 30_000;

interface ReviewChartProps {
  spec: ChartSpec;
  /** Every row of the chart's vitals, in time order, not downsampled. */
  rows: readonly ChartRow[];
  window: TimeAxis;
  ticks: readonly number[];
  baselines: readonly BaselineLine[];
  markers: readonly ChartMarker[];
  areas: readonly AlarmArea[];
  /** The moment picked in the timeline. */
  cursor: number | null;
  height: number;
  /** On paper: a fixed width (the page does not resize the chart) and no tooltip. */
  width?: number;
}

/**
 * One vital's chart over the window: the lines (their colours in review.css, so that paper gets
 * its own), the baseline, the phase changes and side effects, the alarm periods shaded by priority
 * with their markers, and the cursor. Only what is drawn is downsampled.
 */
export const ReviewChart = memo(function ReviewChart({
  spec,
  rows,
  window,
  ticks,
  baselines,
  markers,
  areas,
  cursor,
  height,
  width,
}: ReviewChartProps) {
  const { id, vitals, band, capped } = spec;
  const shown = useMemo(() => visibleRows(rows, window, vitals), [rows, window, vitals]);
  const unit = VITALS[vitals[0]].unit;
  const inWindow = shown.filter((row) => row.t >= window[0] && row.t <= window[1]).length;
  const dots = inWindow > 0 && (window[1] - window[0]) / inWindow >= MARK_READINGS_APART_MS;
  const chart = (
    <LineChart
      data={shown as ChartRow[]}
      margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      width={width}
      height={width ? height : undefined}
    >
      <CartesianGrid vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={[window[0], window[1]]}
        allowDataOverflow
        ticks={ticks as number[]}
        tickFormatter={formatClockTime}
        minTickGap={32}
      />
      <YAxis
        domain={
          rows.length === 0
            ? [band[0], band[1]]
            : [(min: number) => Math.min(min, band[0]), (max: number) => (capped ? band[1] : Math.max(max, band[1]))]
        }
        allowDecimals={vitals[0] === 'tempC'}
        width={44}
      />
      {!width && (
        <Tooltip
          contentStyle={{ background: 'var(--bg)', border: '1px solid var(--line)' }}
          labelFormatter={(t) => formatClockTimeWithSeconds(Number(t))}
          formatter={(value, _name, item) => formatVital(item.dataKey as VitalKey, Number(value))}
        />
      )}
      {areas.map((area) => (
        <ReferenceArea
          key={area.alarmId}
          x1={area.x1}
          x2={area.x2}
          className={`alarm-area alarm-area-${area.priority}`}
          ifOverflow="hidden"
          label={{
            value: area.label,
            position: 'insideTopLeft',
            offset: 4 + area.lane * LABEL_LINE_PX,
            className: 'alarm-area-label',
            fontSize: 11,
          }}
        />
      ))}
      {baselines.map((line) => (
        <ReferenceLine
          key={line.vital}
          y={line.value}
          className={`baseline-line review-baseline-${line.vital}`}
          strokeDasharray="8 6"
          label={{ value: line.label, position: 'insideBottomRight', className: 'review-reference-label', fontSize: 11 }}
        />
      ))}
      {markers.map((marker, index) => (
        <ReferenceLine
          key={`${marker.kind}-${marker.t}-${index}`}
          x={marker.t}
          className={`review-marker review-marker-${marker.kind} severity-line-${marker.severity ?? 0}`}
          strokeDasharray={marker.kind === 'phase' ? '3 4' : undefined}
          // Phase changes named at the bottom (on the left of the line, near the right edge); side
          // effects only drawn: the timeline and the cursor name them.
          label={
            marker.kind === 'phase'
              ? {
                  value: marker.label,
                  position: (marker.t - window[0]) / (window[1] - window[0]) > 0.9 ? 'insideBottomRight' : 'insideBottomLeft',
                  className: 'review-reference-label',
                  fontSize: 11,
                }
              : undefined
          }
        />
      ))}
      {vitals.map((vital) => (
        <Line
          key={vital}
          dataKey={vital}
          name={VITALS[vital].label}
          unit={` ${VITALS[vital].unit}`}
          className={`review-line review-line-${vital}`}
          stroke="currentColor"
          strokeWidth={2}
          dot={dots ? { r: 3, strokeWidth: 0 } : false}
          isAnimationActive={false}
          connectNulls
        />
      ))}
      {cursor !== null && <ReferenceLine x={cursor} className="chart-cursor" shape={CursorLine} />}
    </LineChart>
  );
  return (
    <figure className="review-chart" data-testid={`review-chart-${id}`}>
      <figcaption className="review-chart-title">
        {vitals.map((vital) => VITALS[vital].label).join(' / ')} <span className="trend-unit">{unit}</span>
        {vitals.length > 1 && <Legend vitals={vitals} />}
        {rows.length === 0 && <span className="review-chart-empty"> — no readings this session</span>}
      </figcaption>
      {width ? (
        chart
      ) : (
        <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 600, height }}>
          {chart}
        </ResponsiveContainer>
      )}
    </figure>
  );
});

/** The cursor, with its test id: a thin rectangle rather than a line, whose box (being vertical)
 * would have no width and so count as hidden. Recharts passes the line's coordinates. */
function CursorLine({ x1, x2, y1, y2 }: SVGProps<SVGLineElement>) {
  const [x, top, bottom] = [Number(x1 ?? x2), Number(y1), Number(y2)];
  if (![x, top, bottom].every(Number.isFinite)) return <g />;
  return (
    <rect
      x={x - CURSOR_WIDTH_PX / 2}
      y={Math.min(top, bottom)}
      width={CURSOR_WIDTH_PX}
      height={Math.abs(bottom - top)}
      className="chart-cursor-line"
      data-testid="chart-cursor"
    />
  );
}

/** Which line is which, in words and in the line's own colour and dash. */
function Legend({ vitals }: { vitals: readonly VitalKey[] }) {
  return (
    <span className="review-legend">
      {vitals.map((vital) => (
        <span key={vital} className="review-legend-item">
          <svg width="22" height="8" aria-hidden="true" className={`review-line review-line-${vital}`}>
            <line x1="0" x2="22" y1="4" y2="4" className="recharts-line-curve" strokeWidth={2} />
          </svg>
          {VITALS[vital].label}
        </span>
      ))}
    </span>
  );
}
