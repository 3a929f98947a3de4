import { describe, expect, it } from 'vitest';
import type { SeriesEntry } from '../../../server/src/contract/history.ts';
import {
  deliveredText,
  infusionsText,
  reachesSbpRiseReference,
  sbpRiseRows,
  sbpRiseText,
  seriesReading,
  seriesSideEffects,
} from './series.ts';

function infusion(seriesNumber: number, entry: Partial<SeriesEntry> = {}): SeriesEntry {
  return {
    sessionId: `s-${seriesNumber}`,
    seriesNumber,
    startedAt: new Date(2025, 0, seriesNumber * 3, 9).toISOString(),
    outcome: 'discharged',
    doseMgPerKg: 0.5,
    plannedDoseMg: 35,
    deliveredMg: 35,
    painBefore: null,
    painAfter: null,
    baselineSbp: null,
    peakSbp: null,
    peakSbpRise: null,
    sideEffects: {},
    alarms: { high: 0, medium: 0, low: 0 },
    ...entry,
  };
}

describe('series reading', () => {
  it('follows pre-infusion pain, side effects as they come and go, and aborted infusions', () => {
    const entries = [
      infusion(1, { painBefore: 7, sideEffects: { nausea: 2, dizziness: 1 } }),
      infusion(2, { painBefore: 6, sideEffects: { nausea: 1 } }),
      infusion(3, { painBefore: null, outcome: 'aborted', sideEffects: { dizziness: 1 } }),
      infusion(4, { painBefore: 4 }),
      infusion(5, { painBefore: 3, sideEffects: { dizziness: 1 } }),
    ];
    expect(seriesReading(entries)).toBe(
      '5 infusions: pre-infusion pain fell from 7 to 3 over infusions 1–5; ' +
        'side effects: nausea at infusions 1 and 2 (none since), dizziness at infusions 1, 3 and 5; infusion 3 aborted.',
    );
  });

  it('says where the peak SBP rise reached the alarm reference, and when it never did', () => {
    expect(seriesReading([infusion(1, { peakSbpRise: 22 }), infusion(2, { peakSbpRise: 41 }), infusion(3, { peakSbpRise: 39.6 })])).toBe(
      '3 infusions: no pre-infusion pain score on record; peak SBP rise 40 mmHg or more at infusions 2 and 3; no side effects charted.',
    );
    expect(seriesReading([infusion(1, { peakSbpRise: 12 })])).toContain('peak SBP rise under 40 mmHg');
  });

  it.each([
    [[infusion(1, { painBefore: 5 }), infusion(2, { painBefore: 8 })], 'pre-infusion pain rose from 5 to 8 over infusions 1–2'],
    [[infusion(1, { painBefore: 5 }), infusion(4, { painBefore: 5 })], 'pre-infusion pain was 5 at infusion 1 and at infusion 4'],
    [[infusion(1, { painBefore: 6 }), infusion(2)], 'pre-infusion pain was 6 at infusion 1'],
  ])('reads pain in %#: %s', (entries, text) => expect(seriesReading(entries)).toContain(text));

  it('names a side effect charted at every infusion once', () => {
    const entries = [1, 2, 3].map((n) => infusion(n, { sideEffects: { dissociation: 1 } }));
    expect(seriesReading(entries)).toContain('side effects: hallucinations / dissociation at every infusion');
  });

  it('reads a side effect charted as none as not there', () => {
    expect(seriesReading([infusion(1, { sideEffects: { sedation: 0 } }), infusion(2, { sideEffects: { sedation: 1 } })])).toContain(
      'sedation at infusion 2.',
    );
  });

  it('says a side effect of the latest infusion without "none since"', () => {
    expect(seriesReading([infusion(1), infusion(2, { sideEffects: { headache: 1 } })])).toContain('headache at infusion 2.');
  });

  it('has nothing to read without infusions', () => {
    expect(seriesReading([])).toBe('No infusions on record.');
  });
});

describe('series cells', () => {
  it.each([
    [[4], 'infusion 4'],
    [[1, 2], 'infusions 1 and 2'],
    [[5, 1, 2, 3], 'infusions 1–3 and 5'],
    [[1, 3, 4, 5, 6, 8], 'infusions 1, 3–6 and 8'],
  ])('%j reads %s', (numbers, text) => expect(infusionsText(numbers)).toBe(text));

  it('lists side effects in the order of the quick log, then any other kind; none charted is no side effect', () => {
    expect(seriesSideEffects({ tinnitus: 1, nausea: 2, sedation: 0, anxiety: 3 })).toEqual([
      { kind: 'nausea', label: 'Nausea', severity: 2 },
      { kind: 'anxiety', label: 'Anxiety / agitation', severity: 3 },
      { kind: 'tinnitus', label: 'tinnitus', severity: 1 },
    ]);
  });

  it.each([
    [41.6, '+42 mmHg', true],
    [39.4, '+39 mmHg', false],
    [0, '0 mmHg', false],
    [-3, '−3 mmHg', false],
    [null, '—', false],
  ])('a peak SBP rise of %j reads %s', (rise, text, reaches) => {
    expect(sbpRiseText(rise)).toBe(text);
    expect(reachesSbpRiseReference(rise)).toBe(reaches);
  });

  it('charts a peak SBP rise at or over the reference apart from one under it', () => {
    expect(sbpRiseRows([infusion(1, { peakSbpRise: 18.4 }), infusion(2, { peakSbpRise: 39.5 }), infusion(3)])).toEqual([
      { seriesNumber: 1, under: 18, over: null },
      { seriesNumber: 2, under: null, over: 40 },
      { seriesNumber: 3, under: null, over: null },
    ]);
  });

  it('gives the dose delivered of the dose prescribed', () => {
    expect(deliveredText({ deliveredMg: 31.25, plannedDoseMg: 35 })).toBe('31.3 of 35 mg');
  });
});
