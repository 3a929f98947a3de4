import { describe, expect, it } from 'vitest';
import { formatAge, formatDateTime, formatDuration, formatVital } from './format.ts';

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [59_999, '0:59'],
    [754_000, '12:34'],
    [3_600_000, '1:00:00'],
    [3_725_000, '1:02:05'],
    [-5_000, '0:00'],
  ])('%i ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('formatAge', () => {
  it.each([
    [31_000, '31 s'],
    [119_999, '119 s'],
    [120_000, '2 min'],
    [7_199_999, '119 min'],
    [7_200_000, '2 h'],
  ])('%i ms is %s', (ms, text) => expect(formatAge(ms)).toBe(text));
});

describe('formatVital', () => {
  it('rounds to whole numbers, temperature to a tenth', () => {
    expect(formatVital('hr', 72.6)).toBe('73');
    expect(formatVital('map', 93.3)).toBe('93');
    expect(formatVital('tempC', 36.84)).toBe('36.8');
  });
});

describe('formatDateTime', () => {
  it('reads year-month-day and the 24-hour clock, in local time', () => {
    const ms = new Date(2025, 0, 6, 14, 5, 9).getTime();
    expect(formatDateTime(ms)).toBe('2025-01-06 14:05');
    expect(formatDateTime(ms, { seconds: true })).toBe('2025-01-06 14:05:09');
  });
});
