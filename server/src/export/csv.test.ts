import { describe, expect, it } from 'vitest';
import type { VitalSample } from '../contract/vitals.ts';
import { csvField, samplesCsv } from './csv.ts';

const sample: VitalSample = {
  seq: 1,
  id: 'a',
  chairId: 1,
  sessionId: 's',
  recordedAt: '2026-11-25T10:40:00.000Z',
  receivedAt: '2026-11-25T10:40:00.120Z',
  source: 'monitor',
  hr: 84,
  sbp: 186,
  dbp: 104,
  map: 131.3,
  spo2: 97,
  rr: null,
  etco2: null,
  tempC: 36.8,
};

describe('samples CSV', () => {
  it('names each vital with its unit and leaves a vital not measured empty (never 0)', () => {
    const [header, row] = samplesCsv([sample]).split('\r\n');
    expect(header).toBe(
      'recorded_at_utc,received_at_utc,source,HR (/min),SBP (mmHg),DBP (mmHg),MAP (mmHg),SpO₂ (%),RR (/min),EtCO₂ (mmHg),Temp (°C)',
    );
    expect(row).toBe('2026-11-25T10:40:00.000Z,2026-11-25T10:40:00.120Z,monitor,84,186,104,131.3,97,,,36.8');
  });
  it('quotes fields that hold commas, quotes or line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});
