import { describe, expect, it } from 'vitest';
import type { AlarmPage } from '../../../server/src/contract/alarms.ts';
import type { TrendSample } from '../../../server/src/contract/vitals.ts';
import { alarmPagePath, readAlarms, readSamples, trendPath } from './review-api.ts';
import { alarm, reading } from './test-fixtures.ts';

/** A server holding `count` samples: each read answers those after `since`, at most `limit`. */
function archive(count: number) {
  const stored = Array.from({ length: count }, (_, i) => ({ ...reading('09:00', { hr: 70 }), seq: i + 1 }));
  const reads: (number | undefined)[] = [];
  const readPage = async (since: number | undefined, limit: number): Promise<TrendSample[]> => {
    reads.push(since);
    return stored.filter((sample) => sample.seq > (since ?? 0)).slice(0, limit);
  };
  return { stored, reads, readPage };
}

describe('readSamples: page with since = the last seq until a page comes back short', () => {
  it.each([
    { count: 0, limit: 100, reads: [undefined] },
    { count: 99, limit: 100, reads: [undefined] },
    // Exactly a full page: one more read to find that there is no more.
    { count: 100, limit: 100, reads: [undefined, 100] },
    { count: 3601, limit: 1000, reads: [undefined, 1000, 2000, 3000] },
  ])('$count samples, $limit a page', async ({ count, limit, reads }) => {
    const server = archive(count);
    const samples = await readSamples(server.readPage, [], limit);
    expect(samples.map((sample) => sample.seq)).toEqual(server.stored.map((sample) => sample.seq));
    expect(server.reads).toEqual(reads);
  });

  it('goes on from the samples already held (an active session’s refresh)', async () => {
    const server = archive(250);
    const held = server.stored.slice(0, 200);
    const samples = await readSamples(server.readPage, held, 100);
    expect(samples).toHaveLength(250);
    expect(server.reads).toEqual([200]);
  });
});

describe('readAlarms: follow the cursor to the oldest page', () => {
  it('reads every page', async () => {
    const pages: Record<string, AlarmPage> = {
      first: { alarms: [alarm('a3', '09:30'), alarm('a2', '09:20')], nextBefore: 'c1' },
      c1: { alarms: [alarm('a1', '09:10')], nextBefore: null },
    };
    const asked: (string | undefined)[] = [];
    const alarms = await readAlarms(async (before) => {
      asked.push(before);
      return pages[before ?? 'first'];
    });
    expect(alarms.map((a) => a.id)).toEqual(['a3', 'a2', 'a1']);
    expect(asked).toEqual([undefined, 'c1']);
  });

  it('stops at an empty page even with a cursor', async () => {
    expect(await readAlarms(async () => ({ alarms: [], nextBefore: 'c9' }))).toEqual([]);
  });
});

describe('paths', () => {
  it('reads the archive and the alarms of the session', () => {
    expect(trendPath('s/1', undefined)).toBe('/api/sessions/s%2F1/trend?limit=10000');
    expect(trendPath('s1', 42, 500)).toBe('/api/sessions/s1/trend?limit=500&since=42');
    expect(alarmPagePath('s1', undefined)).toBe('/api/alarms?sessionId=s1&limit=500');
    expect(alarmPagePath('s1', 'abc')).toBe('/api/alarms?sessionId=s1&limit=500&before=abc');
  });
});
