import { describe, expect, it } from 'vitest';
import { emptyTrend, lastSeq, mergeSamples, trendForSession } from './trend.ts';
import { sample, seqs } from './test-fixtures.ts';

describe('mergeSamples', () => {
  it('keeps samples in seq order whatever order they arrive in', () => {
    const trend = mergeSamples(emptyTrend('s1'), [sample(3), sample(1), sample(2)]);
    expect(seqs(trend.samples)).toEqual([1, 2, 3]);
    expect(seqs(mergeSamples(trend, [sample(5), sample(4)]).samples)).toEqual([1, 2, 3, 4, 5]);
  });

  it('changes nothing for a replayed batch, and returns the same trend', () => {
    const trend = mergeSamples(emptyTrend('s1'), [sample(1), sample(2), sample(3)]);
    expect(mergeSamples(trend, [sample(2), sample(3)])).toBe(trend);
    expect(seqs(mergeSamples(trend, [sample(3), sample(4), sample(4)]).samples)).toEqual([1, 2, 3, 4]);
  });

  it('fills a gap with a backfill without duplicating what is held', () => {
    // Live samples 1–2, then the link broke; after the reconnect 6–7 arrived before the backfill.
    const live = mergeSamples(emptyTrend('s1'), [sample(1), sample(2), sample(6), sample(7)]);
    const backfilled = mergeSamples(
      live,
      [2, 3, 4, 5, 6, 7].map((seq) => sample(seq)),
    );
    expect(seqs(backfilled.samples)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('ignores samples of another session and samples outside a session', () => {
    const trend = mergeSamples(emptyTrend('s1'), [sample(1), sample(2, { sessionId: 's0' }), sample(3, { sessionId: null })]);
    expect(seqs(trend.samples)).toEqual([1]);
    expect(mergeSamples(emptyTrend(null), [sample(1, { sessionId: null })]).samples).toEqual([]);
  });

  it('drops the oldest samples beyond its capacity', () => {
    const trend = mergeSamples(
      emptyTrend('s1'),
      [1, 2, 3, 4, 5].map((seq) => sample(seq)),
      3,
    );
    expect(seqs(trend.samples)).toEqual([3, 4, 5]);
    expect(seqs(mergeSamples(trend, [sample(6)], 3).samples)).toEqual([4, 5, 6]);
  });

  it('bumps the revision of the vitals that changed only', () => {
    const trend = mergeSamples(emptyTrend('s1'), [sample(1)]);
    const withBp = mergeSamples(trend, [sample(2, { hr: null, sbp: 120, dbp: 80 })]);
    expect(withBp.revisions.sbp).toBe(trend.revisions.sbp + 1);
    expect(withBp.revisions.dbp).toBe(trend.revisions.dbp + 1);
    expect(withBp.revisions.hr).toBe(trend.revisions.hr);
    expect(withBp.revisions.spo2).toBe(trend.revisions.spo2);
  });
});

describe('trendForSession', () => {
  it('starts an empty trend when the session changes, and keeps it otherwise', () => {
    const trend = mergeSamples(emptyTrend('s1'), [sample(1), sample(2)]);
    expect(trendForSession(trend, 's1')).toBe(trend);
    const next = trendForSession(trend, 's2');
    expect(next.sessionId).toBe('s2');
    expect(next.samples).toEqual([]);
    expect(lastSeq(next)).toBeUndefined();
    expect(trendForSession(trend, null).samples).toEqual([]);
  });
});
