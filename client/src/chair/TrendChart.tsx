import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { VITALS, type VitalKey, type VitalSample } from '../../../server/src/contract/vitals.ts';
import { formatClockTime, formatClockTimeWithSeconds, formatVital } from '../ui/format.ts';
import type { BaselineLine, ChartMarker } from './chart-markers.ts';
import { chartRows } from './chart-rows.ts';
import type { TimeAxis } from './time-axis.ts';

const CHART_HEIGHT_PX = 200;
/** Readings further apart than this on average (a BP cuff every few minutes) are marked each with
 * a dot: a lone reading has no line to show it. */
const MARK_READINGS_APART_MS = 30_000;

/** Line colour and dash per vital, close to the usual bedside-monitor colours. */
const LINE_STYLES: Record<VitalKey, { stroke: string; dash?: string }> = {
  hr: { stroke: '#4ade80' },
  sbp: { stroke: '#f1f5f9' },
  dbp: { stroke: '#94a3b8' },
  map: { stroke: '#f472b6', dash: '6 4' },
  spo2: { stroke: '#38bdf8' },
  rr: { stroke: '#fbbf24' },
  etco2: { stroke: '#facc15' },
  tempC: { stroke: '#fb923c' },
};

const AXIS_COLOUR = '#a3b0bd';
const GRID_COLOUR = '#26303b';
/** Phase changes in the phase colours, side effects in their severity's colour (as in the log). */
const MARKER_COLOURS = { phase: '#8b9bb0', severity: ['#a3b0bd', '#86efac', '#fb923c', '#e879f9'] } as const;

interface TrendChartProps {
  /** For the test id `trend-<id>`. */
  id: string;
  title: string;
  vitals: readonly VitalKey[];
  /** The y axis spans at least this range; `capped` keeps its top at the band's top. */
  band: readonly [number, number];
  capped?: boolean;
  samples: readonly VitalSample[];
  /** Changes exactly when samples carrying one of `vitals` were added or dropped. */
  revision: number;
  /** Shared by all charts of the session, so their points line up in time. */
  timeAxis: TimeAxis;
  /** On whole minutes; derived from `timeAxis`. */
  timeTicks: readonly number[];
  /** Phase changes and side effects, the same for every chart of the session. */
  markers: readonly ChartMarker[];
  /** Dashed at the session's pre-infusion value. */
  baselines: readonly BaselineLine[];
}

/**
 * One trend chart. It redraws only when its own vitals, the time axis or the markers changed:
 * `samples` changes with every sample of any vital, so the memo compares `revision` instead.
 */
export const TrendChart = memo(
  function TrendChart({ id, title, vitals, band, capped, samples, timeAxis, timeTicks, markers, baselines }: TrendChartProps) {
    const rows = useMemo(() => chartRows(samples, vitals), [samples, vitals]);
    const unit = VITALS[vitals[0]].unit;
    const dots = (timeAxis[1] - timeAxis[0]) / rows.length >= MARK_READINGS_APART_MS;
    return (
      <figure className="trend" data-testid={`trend-${id}`}>
        <figcaption className="trend-title">
          {title} <span className="trend-unit">{unit}</span>
        </figcaption>
        {rows.length === 0 ? (
          <p className="trend-empty" style={{ height: CHART_HEIGHT_PX }}>
            No readings yet
          </p>
        ) : (
          <ResponsiveContainer width="100%" height={CHART_HEIGHT_PX} initialDimension={{ width: 600, height: CHART_HEIGHT_PX }}>
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={GRID_COLOUR} vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={timeAxis}
                ticks={timeTicks}
                tickFormatter={formatClockTime}
                stroke={AXIS_COLOUR}
                minTickGap={40}
              />
              <YAxis
                domain={[(min: number) => Math.min(min, band[0]), (max: number) => (capped ? band[1] : Math.max(max, band[1]))]}
                allowDecimals={vitals[0] === 'tempC'}
                stroke={AXIS_COLOUR}
                width={44}
              />
              <Tooltip
                contentStyle={{ background: '#0a0e13', border: `1px solid ${GRID_COLOUR}` }}
                labelFormatter={(t) => formatClockTimeWithSeconds(Number(t))}
                formatter={(value, _name, item) => formatVital(item.dataKey as VitalKey, Number(value))}
              />
              {vitals.length > 1 && <Legend itemSorter={null} />}
              {baselines.map((line) => (
                <ReferenceLine
                  key={line.vital}
                  y={line.value}
                  stroke={LINE_STYLES[line.vital].stroke}
                  strokeDasharray="8 6"
                  strokeOpacity={0.7}
                  className="baseline-line"
                  label={{ value: line.label, position: 'insideBottomRight', fill: AXIS_COLOUR, fontSize: 12 }}
                />
              ))}
              {markers.map((marker, index) => (
                <ReferenceLine
                  key={`${marker.kind}-${marker.t}-${index}`}
                  x={marker.t}
                  stroke={marker.kind === 'phase' ? MARKER_COLOURS.phase : MARKER_COLOURS.severity[marker.severity ?? 0]}
                  strokeDasharray={marker.kind === 'phase' ? '3 4' : undefined}
                  strokeWidth={marker.kind === 'phase' ? 1 : 2}
                  className={`marker marker-${marker.kind}`}
                  // Side effects labelled at the top, phase changes at the bottom: close in time, they stay legible.
                  label={{
                    value: marker.label,
                    position: marker.kind === 'phase' ? 'insideBottomLeft' : 'insideTopLeft',
                    fill: AXIS_COLOUR,
                    fontSize: 12,
                  }}
                />
              ))}
              {vitals.map((vital) => (
                <Line
                  key={vital}
                  dataKey={vital}
                  name={VITALS[vital].label}
                  unit={` ${VITALS[vital].unit}`}
                  stroke={LINE_STYLES[vital].stroke}
                  strokeDasharray={LINE_STYLES[vital].dash}
                  strokeWidth={2}
                  dot={dots ? { r: 3, fill: LINE_STYLES[vital].stroke, strokeWidth: 0 } : false}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </figure>
    );
  },
  (before, after) =>
    before.revision === after.revision &&
    before.id === after.id &&
    before.markers === after.markers &&
    before.baselines === after.baselines &&
    before.timeAxis[0] === after.timeAxis[0] &&
    before.timeAxis[1] === after.timeAxis[1],
);
