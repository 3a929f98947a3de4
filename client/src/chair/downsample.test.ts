import { describe, expect, it } from 'vitest';
import { lttb } from './downsample.ts';

type Point = { t: number; v: number };
const x = (p: Point) => p.t;
const y = (p: Point) => p.v;
const series = (n: number, value: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ t: i * 1000, v: value(i) }));

describe('lttb', () => {
  it('returns a series no longer than the threshold as it is', () => {
    const points = series(1500, () => 70);
    expect(lttb(points, 1500, x, y)).toBe(points);
  });

  it('keeps exactly the threshold, first and last point included, in order', () => {
    const points = series(14_400, (i) => 70 + Math.sin(i / 50) * 10);
    const kept = lttb(points, 1500, x, y);
    expect(kept).toHaveLength(1500);
    expect(kept[0]).toBe(points[0]);
    expect(kept.at(-1)).toBe(points.at(-1));
    expect(kept.every((p, i) => i === 0 || p.t > kept[i - 1].t)).toBe(true);
  });

  it('keeps a brief desaturation that averaging would hide', () => {
    const points = series(10_000, (i) => (i === 6_123 ? 84 : 97));
    const kept = lttb(points, 500, x, y);
    expect(kept).toContain(points[6_123]);
  });
});
