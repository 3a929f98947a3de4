import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAmount } from '../ui/format.ts';
import type { SideEffectRate } from './summary.ts';
import './history.css';

const AXIS_COLOUR = '#a3b0bd';
const GRID_COLOUR = '#26303b';
const ROW_HEIGHT_PX = 44;
/** The severity colours of the side-effect log; the legend names each. */
const SEVERITY_BARS = [
  { key: 'mild', name: 'Mild', fill: '#86efac' },
  { key: 'moderate', name: 'Moderate', fill: '#fb923c' },
  { key: 'severe', name: 'Severe', fill: '#e879f9' },
] as const;

/** Per side effect, the share of sessions with it, stacked by the worst severity charted. */
export function SideEffectRateChart({ rates }: { rates: readonly SideEffectRate[] }) {
  const height = rates.length * ROW_HEIGHT_PX + 70;
  return (
    <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 600, height }}>
      <BarChart data={rates} layout="vertical" margin={{ top: 8, right: 24, bottom: 0, left: 8 }}>
        <CartesianGrid stroke={GRID_COLOUR} horizontal={false} />
        <XAxis type="number" unit=" %" domain={[0, (max: number) => Math.max(10, Math.ceil(max / 10) * 10)]} stroke={AXIS_COLOUR} />
        <YAxis type="category" dataKey="label" width={210} stroke={AXIS_COLOUR} />
        <Tooltip
          contentStyle={{ background: '#0a0e13', border: `1px solid ${GRID_COLOUR}` }}
          cursor={{ fill: GRID_COLOUR }}
          formatter={(value) => `${formatAmount(Number(value))} % of sessions`}
        />
        <Legend itemSorter={null} />
        {SEVERITY_BARS.map((bar) => (
          <Bar key={bar.key} dataKey={bar.key} name={bar.name} stackId="severity" fill={bar.fill} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
