import { describe, expect, it } from 'vitest';
import {
  formatPercent,
  formatRate,
  formatSeconds,
  priorityOf,
  ruleName,
  searchFromPeriod,
  sideEffectRates,
  summaryPeriod,
} from './summary.ts';

const today = new Date(2025, 4, 15);

describe('summary period', () => {
  it('covers the last 30 days unless the URL names a period', () => {
    expect(summaryPeriod(new URLSearchParams(), today)).toEqual({ from: '2025-04-16', to: '2025-05-15' });
    expect(summaryPeriod(new URLSearchParams('from=2025-01-01&to=2025-03-31'), today)).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(summaryPeriod(new URLSearchParams('from=2025-01-01&to=soon'), today)).toEqual({ from: '2025-04-16', to: '2025-05-15' });
  });

  it('keeps the default out of the URL, so it moves with the days', () => {
    expect(searchFromPeriod({ from: '2025-04-16', to: '2025-05-15' }, today).toString()).toBe('');
    expect(searchFromPeriod({ from: '2025-01-01', to: '2025-03-31' }, today).toString()).toBe('from=2025-01-01&to=2025-03-31');
  });
});

describe('summary figures', () => {
  it.each([
    [3, 24, '12.5 %'],
    [1, 3, '33.3 %'],
    [0, 24, '0 %'],
    [24, 24, '100 %'],
    [0, 0, '—'],
  ])('%i of %i sessions is %s', (part, total, text) => expect(formatPercent(part, total)).toBe(text));

  it.each([
    [null, '—'],
    [0, '0 s'],
    [44.6, '45 s'],
    [59.6, '1 min 00 s'],
    [65, '1 min 05 s'],
    [754, '12 min 34 s'],
    [3725, '1 h 02 min'],
  ])('%j seconds reads %s', (seconds, text) => expect(formatSeconds(seconds)).toBe(text));

  it('gives alarm rates to two decimals', () => {
    expect(formatRate(0.4166)).toBe('0.42');
    expect(formatRate(3)).toBe('3.00');
  });

  it.each([
    ['sbp-rise', 'SBP rise above baseline of at least'],
    ['etco2-apnoea', 'No CO₂ breath for'],
    ['stale', 'No data from a chair with an active session'],
    ['new-rule', 'new-rule'],
  ])('names the rule %s: %s', (rule, name) => expect(ruleName(rule)).toBe(name));

  it('reads a priority it knows', () => {
    expect(priorityOf('medium')).toBe('medium');
    expect(priorityOf('urgent')).toBeNull();
  });

  it('gives side effects as shares of all sessions by worst severity, most frequent first', () => {
    const sideEffects = [
      { kind: 'headache', sessions: 2, bySeverity: { mild: 2, moderate: 0, severe: 0 } },
      { kind: 'dizziness', sessions: 0, bySeverity: { mild: 0, moderate: 0, severe: 0 } },
      { kind: 'nausea', sessions: 5, bySeverity: { mild: 2, moderate: 2, severe: 1 } },
      { kind: 'vomiting', sessions: 2, bySeverity: { mild: 1, moderate: 1, severe: 0 } },
    ];
    expect(sideEffectRates({ sessions: { total: 20, discharged: 18, aborted: 1, active: 1 }, sideEffects })).toEqual([
      { kind: 'nausea', label: 'Nausea', sessions: 5, bySeverity: sideEffects[2].bySeverity, mild: 10, moderate: 10, severe: 5 },
      { kind: 'vomiting', label: 'Vomiting', sessions: 2, bySeverity: sideEffects[3].bySeverity, mild: 5, moderate: 5, severe: 0 },
      { kind: 'headache', label: 'Headache', sessions: 2, bySeverity: sideEffects[0].bySeverity, mild: 10, moderate: 0, severe: 0 },
    ]);
  });
});
