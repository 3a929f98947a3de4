import { PRESCRIPTION_LIMITS } from '../../../server/src/contract/sessions.ts';
import { VITAL_KEYS, type VitalKey, type VitalSample } from '../../../server/src/contract/vitals.ts';

/** Samples kept per chair: 1 Hz over the longest planned infusion plus 2 h of observation. */
export const TREND_CAPACITY = (PRESCRIPTION_LIMITS.plannedMinutes.maximum + 120) * 60;

/** The samples of one chair's current session, held while its chair page is open. */
export interface Trend {
  /** The session these samples belong to; null when the chair has no active session. */
  readonly sessionId: string | null;
  /** Oldest first by `seq`, one sample per seq, at most the capacity (the oldest are dropped). */
  readonly samples: readonly VitalSample[];
  /** Bumped whenever a sample carrying that vital is added or dropped, so a chart redraws only
   * when its own vital changed. */
  readonly revisions: Readonly<Record<VitalKey, number>>;
}

const NO_REVISIONS = Object.fromEntries(VITAL_KEYS.map((key) => [key, 0])) as Record<VitalKey, number>;

export function emptyTrend(sessionId: string | null): Trend {
  return { sessionId, samples: [], revisions: NO_REVISIONS };
}

/** A session change starts a new, empty trend; the same session keeps the trend as it is. */
export function trendForSession(trend: Trend | undefined, sessionId: string | null): Trend {
  return trend && trend.sessionId === sessionId ? trend : emptyTrend(sessionId);
}

/** The seq of the newest sample held, the `since` of a backfill. */
export function lastSeq(trend: Trend): number | undefined {
  return trend.samples.at(-1)?.seq;
}

/**
 * Merges samples into the trend in `seq` order: samples of another session or chair-less samples
 * are ignored, a seq already held is kept as it is (a replayed batch changes nothing, and the same
 * trend object is returned), and the oldest samples are dropped beyond the capacity.
 */
export function mergeSamples(trend: Trend, incoming: readonly VitalSample[], capacity = TREND_CAPACITY): Trend {
  if (trend.sessionId === null) return trend;
  const ours = incoming.filter((sample) => sample.sessionId === trend.sessionId).sort((a, b) => a.seq - b.seq);
  if (ours.length === 0) return trend;

  const added: VitalSample[] = [];
  let merged: VitalSample[];
  const held = trend.samples;
  const newest = lastSeq(trend);
  if (newest === undefined || ours[0].seq > newest) {
    // The live stream: everything is newer than what is held.
    for (const sample of ours) if (sample.seq !== added.at(-1)?.seq) added.push(sample);
    merged = held.concat(added);
  } else {
    merged = [];
    let i = 0;
    for (const sample of ours) {
      while (i < held.length && held[i].seq < sample.seq) merged.push(held[i++]);
      if ((i < held.length && held[i].seq === sample.seq) || merged.at(-1)?.seq === sample.seq) continue;
      merged.push(sample);
      added.push(sample);
    }
    while (i < held.length) merged.push(held[i++]);
  }
  if (added.length === 0) return trend;

  const dropped = merged.length > capacity ? merged.slice(0, merged.length - capacity) : [];
  const samples = dropped.length > 0 ? merged.slice(dropped.length) : merged;
  return { sessionId: trend.sessionId, samples, revisions: bumpRevisions(trend.revisions, added.concat(dropped)) };
}

function bumpRevisions(revisions: Readonly<Record<VitalKey, number>>, changed: readonly VitalSample[]): Record<VitalKey, number> {
  const next = { ...revisions };
  for (const key of VITAL_KEYS) if (changed.some((sample) => sample[key] !== null)) next[key] += 1;
  return next;
}
