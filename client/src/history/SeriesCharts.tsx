import { Bar, BarChart, CartesianGrid, LabelList, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesEntry } from '../../../server/src/contract/history.ts';
import { SBP_RISE_REFERENCE, sbpRiseRows } from './series.ts';
import './history.css';

const CHART_HEIGHT_PX = 240;
const AXIS_COLOUR = '#a3b0bd';
const GRID_COLOUR = '#26303b';
const TOOLTIP_STYLE = { background: '#0a0e13', border: `1px solid ${GRID_COLOUR}` };
/** Before in grey, after in blue; the legend and the values on the bars say which is which. */
const PAIN_COLOURS = { before: '#94a3b8', after: '#38bdf8' };
/** A rise at or over the reference in the medium alarm's yellow (the rule is a medium alarm). */
const RISE_COLOURS = { under: '#94a3b8', over: '#ffd60a' };

const infusionTick = (seriesNumber: number) => `#${seriesNumber}`;
const infusionLabel = (seriesNumber: unknown) => `Infusion ${seriesNumber}`;

/** Pain (NRS 0–10) before and after each infusion: is pain improving over the series? */
export function PainChart({ entries }: { entries: readonly SeriesEntry[] }) {
  return (
    <figure className="series-chart" data-testid="series-pain-chart">
      <figcaption className="trend-title">
        Pain before and after <span className="trend-unit">NRS 0–10</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT_PX} initialDimension={{ width: 600, height: CHART_HEIGHT_PX }}>
        <BarChart data={entries} margin={{ top: 20, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={GRID_COLOUR} vertical={false} />
          <XAxis dataKey="seriesNumber" tickFormatter={infusionTick} stroke={AXIS_COLOUR} />
          <YAxis domain={[0, 10]} ticks={[0, 2, 4, 6, 8, 10]} stroke={AXIS_COLOUR} width={36} />
          <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={infusionLabel} cursor={{ fill: GRID_COLOUR }} />
          <Legend itemSorter={null} />
          <Bar dataKey="painBefore" name="Before" fill={PAIN_COLOURS.before} isAnimationActive={false}>
            <LabelList dataKey="painBefore" position="top" fill={AXIS_COLOUR} />
          </Bar>
          <Bar dataKey="painAfter" name="After" fill={PAIN_COLOURS.after} isAnimationActive={false}>
            <LabelList dataKey="painAfter" position="top" fill={AXIS_COLOUR} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** The peak SBP rise over baseline per infusion, against the rise that alarms. */
export function SbpRiseChart({ entries }: { entries: readonly SeriesEntry[] }) {
  const rows = sbpRiseRows(entries);
  return (
    <figure className="series-chart" data-testid="series-sbp-chart">
      <figcaption className="trend-title">
        Peak SBP rise over baseline <span className="trend-unit">mmHg</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT_PX} initialDimension={{ width: 600, height: CHART_HEIGHT_PX }}>
        <BarChart data={rows} margin={{ top: 20, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={GRID_COLOUR} vertical={false} />
          <XAxis dataKey="seriesNumber" tickFormatter={infusionTick} stroke={AXIS_COLOUR} />
          <YAxis
            domain={[(min: number) => Math.min(min, 0), (max: number) => Math.ceil(Math.max(max, SBP_RISE_REFERENCE + 10) / 10) * 10]}
            stroke={AXIS_COLOUR}
            width={36}
          />
          <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={infusionLabel} cursor={{ fill: GRID_COLOUR }} />
          <Legend itemSorter={null} />
          <ReferenceLine
            y={SBP_RISE_REFERENCE}
            stroke={RISE_COLOURS.over}
            strokeDasharray="8 6"
            label={{ value: `+${SBP_RISE_REFERENCE} alarms`, position: 'insideTopRight', fill: AXIS_COLOUR, fontSize: 12 }}
          />
          <Bar
            dataKey="under"
            name={`Under +${SBP_RISE_REFERENCE}`}
            unit=" mmHg"
            stackId="rise"
            fill={RISE_COLOURS.under}
            isAnimationActive={false}
          >
            <LabelList dataKey="under" position="top" fill={AXIS_COLOUR} />
          </Bar>
          <Bar
            dataKey="over"
            name={`+${SBP_RISE_REFERENCE} or more`}
            unit=" mmHg"
            stackId="rise"
            fill={RISE_COLOURS.over}
            isAnimationActive={false}
          >
            <LabelList dataKey="over" position="top" fill={AXIS_COLOUR} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
