import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVitalsBody } from '../vitals/ingest.ts';
import { checkVitalSample, deriveMap, MAX_CLOCK_SKEW_MS, mergeLatest, trendSamples, VITAL_KEYS, VITALS, type VitalKey } from './vitals.ts';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const at = (offsetMs = 0) => new Date(NOW + offsetMs).toISOString();

describe('accept ranges (clinical reference §3)', () => {
  it.each(VITAL_KEYS.map((k) => [k, VITALS[k].min, VITALS[k].max] as const))('%s accepts %d to %d and nothing outside', (key, min, max) => {
    const one = (value: number) => parseVitalsBody({ recordedAt: at(), [key]: value }, NOW).ok;
    expect(one(min)).toBe(true);
    expect(one(max)).toBe(true);
    expect(one(min - 0.1)).toBe(false);
    expect(one(max + 0.1)).toBe(false);
  });

  it('accepts every in-range combination with DBP below SBP, and names the field of the first out-of-range vital', () => {
    const vital = (key: VitalKey) => fc.double({ min: VITALS[key].min, max: VITALS[key].max, noNaN: true });
    fc.assert(
      fc.property(vital('hr'), vital('sbp'), vital('dbp'), vital('spo2'), (hr, sbp, dbp, spo2) => {
        const result = parseVitalsBody({ recordedAt: at(), hr, sbp, dbp, spo2 }, NOW);
        expect(result.ok).toBe(dbp < sbp);
        if (!result.ok) expect(result.error.field).toBe('dbp');
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.double({ max: 19.99, noNaN: true }), fc.double({ min: 300.01, noNaN: true })), (hr) => {
        const result = parseVitalsBody({ recordedAt: at(), hr }, NOW);
        expect(result).toMatchObject({ ok: false, error: { field: 'hr', status: 400 } });
      }),
    );
  });
});

describe('checkVitalSample', () => {
  it('allows a device clock up to the skew allowance ahead, not beyond', () => {
    expect(checkVitalSample({ recordedAt: at(MAX_CLOCK_SKEW_MS), hr: 70 }, NOW)).toBeNull();
    expect(checkVitalSample({ recordedAt: at(MAX_CLOCK_SKEW_MS + 1), hr: 70 }, NOW)?.field).toBe('recordedAt');
  });
  it('accepts an old sample (a monitor replaying its buffer after a network loss)', () => {
    expect(checkVitalSample({ recordedAt: at(-6 * 3600_000), spo2: 97 }, NOW)).toBeNull();
  });
  it('names the batch position of the faulty sample', () => {
    expect(checkVitalSample({ recordedAt: at(), sbp: 80, dbp: 90 }, NOW, 'samples[4].')).toEqual({
      field: 'samples[4].dbp',
      message: 'dbp (90) must be lower than sbp (80)',
    });
  });
});

describe('deriveMap', () => {
  it.each([
    [120, 80, 93.3],
    [180, 110, 133.3],
    [90, 60, 70],
  ])('SBP %d / DBP %d → MAP %d', (sbp, dbp, map) => expect(deriveMap(sbp, dbp)).toBe(map));
});

describe('mergeLatest', () => {
  const base = { recordedAt: at(), hr: null, sbp: null, dbp: null, map: null, spo2: null, rr: null, etco2: null, tempC: null };
  it('keeps each vital with its own time: a later SpO₂ does not erase the last BP', () => {
    let latest = mergeLatest({}, { ...base, recordedAt: at(0), sbp: 130, dbp: 80, spo2: 97 });
    latest = mergeLatest(latest, { ...base, recordedAt: at(5_000), spo2: 95 });
    expect(latest).toEqual({
      sbp: { value: 130, recordedAt: at(0) },
      dbp: { value: 80, recordedAt: at(0) },
      spo2: { value: 95, recordedAt: at(5_000) },
    });
  });
  it('ignores a sample older than the value it holds (late arrival)', () => {
    const latest = mergeLatest({}, { ...base, recordedAt: at(10_000), hr: 80 });
    expect(mergeLatest(latest, { ...base, recordedAt: at(0), hr: 60 })).toBe(latest);
  });
});

describe('trendSamples', () => {
  it('turns columns back into one sample per entry, times as ISO, missing vitals null', () => {
    const none = [null, null];
    const samples = trendSamples({
      seq: [7, 9],
      recordedAt: [NOW, NOW + 1_000],
      hr: [71, null],
      sbp: [null, 142],
      dbp: [null, 88],
      map: none,
      spo2: [97, 96],
      rr: none,
      etco2: none,
      tempC: none,
    });
    expect(samples).toEqual([
      { seq: 7, recordedAt: at(0), hr: 71, sbp: null, dbp: null, map: null, spo2: 97, rr: null, etco2: null, tempC: null },
      { seq: 9, recordedAt: at(1_000), hr: null, sbp: 142, dbp: 88, map: null, spo2: 96, rr: null, etco2: null, tempC: null },
    ]);
  });
});
