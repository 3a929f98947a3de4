/** Series longer than this are downsampled before drawing: more points than pixels only cost time. */
export const MAX_DRAWN_POINTS = 1_500;

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the first and last point and, from each
 * of `threshold - 2` buckets between them, the point that makes the largest triangle with the point
 * kept before and the average of the next bucket, so peaks and dips survive. Points must be in x
 * order; a series no longer than `threshold` is returned as it is.
 */
export function lttb<P>(points: readonly P[], threshold: number, x: (p: P) => number, y: (p: P) => number): readonly P[] {
  const n = points.length;
  if (threshold >= n || threshold < 3) return points;
  const kept: P[] = [points[0]];
  const bucketSize = (n - 2) / (threshold - 2);
  let previous = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const nextStart = Math.floor((bucket + 1) * bucketSize) + 1;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      avgX += x(points[i]);
      avgY += y(points[i]);
    }
    avgX /= nextEnd - nextStart;
    avgY /= nextEnd - nextStart;

    const ax = x(points[previous]);
    const ay = y(points[previous]);
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.floor((bucket + 1) * bucketSize) + 1;
    let largest = -1;
    let chosen = start;
    for (let i = start; i < end; i++) {
      const area = Math.abs((ax - avgX) * (y(points[i]) - ay) - (ax - x(points[i])) * (avgY - ay));
      if (area > largest) {
        largest = area;
        chosen = i;
      }
    }
    kept.push(points[chosen]);
    previous = chosen;
  }
  kept.push(points[n - 1]);
  return kept;
}
