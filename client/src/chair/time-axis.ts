import type { TrendSample } from '../../../server/src/contract/vitals.ts';

/** Below this much session time the axis end moves by the minute, above it by five minutes. */
const FINE_STEPS_UNTIL_MS = 20 * 60_000;
const FINE_STEP_MS = 60_000;
const COARSE_STEP_MS = 5 * 60_000;

export type TimeAxis = readonly [fromMs: number, toMs: number];

/** Earliest and latest `recordedAt` of the samples, in ms; null when there are none. */
export function sampleTimeRange(samples: readonly TrendSample[]): TimeAxis | null {
  if (samples.length === 0) return null;
  let from = Infinity;
  let to = -Infinity;
  for (const sample of samples) {
    const t = Date.parse(sample.recordedAt);
    if (t < from) from = t;
    if (t > to) to = t;
  }
  return [from, to];
}

/**
 * The time axis every chart of a session shares, so a blood pressure taken every 5 min lines up
 * with the heart rate above it: from the session's start to now (or its end), stretched to any
 * sample outside that (a monitor's clock running a little off). The end moves in whole steps, so
 * the charts redraw once a step rather than every second.
 */
export function sessionTimeAxis(startedAtMs: number, nowMs: number, sampled: TimeAxis | null): TimeAxis {
  const elapsedMs = Math.max(0, nowMs - startedAtMs);
  const step = elapsedMs < FINE_STEPS_UNTIL_MS ? FINE_STEP_MS : COARSE_STEP_MS;
  const end = startedAtMs + Math.max(step, Math.ceil(elapsedMs / step) * step);
  return sampled ? [Math.min(startedAtMs, sampled[0]), Math.max(end, sampled[1])] : [startedAtMs, end];
}

/** Tick spacings, in minutes of the clock. */
const TICK_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120];

/**
 * Ticks on whole minutes of the local clock (10:00, 10:05, …), at most `maxTicks` of them: the
 * same for every chart on the same axis, so the charts read as one timeline.
 */
export function timeTicks([from, to]: TimeAxis, maxTicks = 7): number[] {
  const spanMin = (to - from) / 60_000;
  const stepMin = TICK_STEPS_MIN.find((step) => spanMin / step <= maxTicks) ?? TICK_STEPS_MIN[TICK_STEPS_MIN.length - 1];
  const start = new Date(from);
  const minuteOfDay = start.getHours() * 60 + start.getMinutes() + (start.getSeconds() * 1000 + start.getMilliseconds()) / 60_000;
  start.setHours(0, Math.ceil(minuteOfDay / stepMin) * stepMin, 0, 0);
  const ticks: number[] = [];
  for (let t = start.getTime(); t <= to; t += stepMin * 60_000) ticks.push(t);
  return ticks;
}
