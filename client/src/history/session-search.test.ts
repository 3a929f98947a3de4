import { describe, expect, it } from 'vitest';
import {
  alarmCounts,
  doseText,
  filtersFromSearch,
  NO_FILTERS,
  outcomeText,
  painText,
  searchFromFilters,
  sessionsCsvPath,
  sessionSearch,
  sessionsPath,
  sideEffectsText,
  type SessionFilters,
} from './session-search.ts';

const EVERY_FILTER: SessionFilters = {
  from: '2025-01-06',
  to: '2025-01-31',
  chairId: '3',
  patient: 'Okafor',
  patientId: 'p-1',
  outcome: 'aborted',
  sideEffect: 'nausea',
  minSeverity: '2',
  alarmPriority: 'high',
  prescriber: 'Dr Lee',
  sort: 'oldest',
};

const local = (month: number, date: number) => new Date(2025, month - 1, date).toISOString();

describe('session search query', () => {
  it('reads every session, newest first, a page at a time', () => {
    expect(sessionSearch(NO_FILTERS)).toEqual({});
    expect(sessionsPath(NO_FILTERS)).toBe('/api/sessions?limit=50');
    expect(sessionsPath(NO_FILTERS, 'c 2')).toBe('/api/sessions?cursor=c+2&limit=50');
  });

  it('sends every filter as the API names it, with the days as times', () => {
    expect(sessionSearch(EVERY_FILTER)).toEqual({
      from: local(1, 6),
      to: local(2, 1),
      chairId: 3,
      patient: 'Okafor',
      patientId: 'p-1',
      outcome: 'aborted',
      sideEffect: 'nausea',
      minSeverity: 2,
      alarmPriority: 'high',
      prescriber: 'Dr Lee',
      sort: 'oldest',
    });
  });

  it.each<[string, Partial<SessionFilters>, object]>([
    ['a severity without a kind (any side effect that severe)', { minSeverity: '3' }, { minSeverity: 3 }],
    ['a kind at any severity', { sideEffect: 'vomiting' }, { sideEffect: 'vomiting' }],
    ['only the start day', { from: '2025-01-06' }, { from: local(1, 6) }],
    ['text with spaces around it', { patient: '  C-1042 ', prescriber: ' ' }, { patient: 'C-1042' }],
    ['a chair that is not a number', { chairId: 'two' }, {}],
  ])('reads %s', (_, filters, query) => {
    expect(sessionSearch({ ...NO_FILTERS, ...filters })).toEqual(query);
  });

  it('exports what the filters find, every page of it', () => {
    expect(sessionsCsvPath(NO_FILTERS)).toBe('/api/sessions.csv');
    const search = new URL(sessionsCsvPath(EVERY_FILTER), 'http://chairside.test').searchParams;
    expect(search.get('patient')).toBe('Okafor');
    expect(search.get('minSeverity')).toBe('2');
    expect(search.get('sort')).toBe('oldest');
    expect(search.has('limit')).toBe(false);
    expect(search.has('cursor')).toBe(false);
  });
});

describe('session search URL', () => {
  it('keeps only the filters chosen, and the order when it is oldest first', () => {
    expect(searchFromFilters(NO_FILTERS).toString()).toBe('');
    expect(searchFromFilters({ ...NO_FILTERS, from: '2025-01-06', sort: 'newest' }).toString()).toBe('from=2025-01-06');
  });

  it('reads back what it wrote', () => {
    expect(filtersFromSearch(searchFromFilters(EVERY_FILTER))).toEqual(EVERY_FILTER);
  });

  it('ignores what it does not know', () => {
    const search = new URLSearchParams('from=monday&chairId=0&outcome=cured&sideEffect=itch&minSeverity=4&alarmPriority=urgent&sort=a');
    expect(filtersFromSearch(search)).toEqual(NO_FILTERS);
  });
});

describe('a session in the results', () => {
  const session = { phase: 'discharged' as const, dischargeScore: null, abortReason: null };
  it.each([
    [{ ...session, outcome: 'discharged' as const, dischargeScore: 9 }, 'Discharged, score 9'],
    [{ ...session, outcome: 'discharged' as const }, 'Discharged'],
    [{ ...session, outcome: 'aborted' as const, phase: 'aborted' as const, abortReason: 'SBP 190' }, 'Aborted: SBP 190'],
    [{ ...session, outcome: 'aborted' as const, phase: 'aborted' as const }, 'Aborted'],
    [{ ...session, outcome: 'active' as const, phase: 'recovery' as const }, 'Active (Recovery)'],
  ])('%o ended: %s', (item, text) => expect(outcomeText(item)).toBe(text));

  it.each([
    [7, 3, '7 → 3'],
    [7, null, '7 → —'],
    [null, 2, '— → 2'],
    [null, null, '—'],
  ])('pain %j then %j reads %s', (before, after, text) => expect(painText(before, after)).toBe(text));

  it.each([
    [0, null, 'None'],
    [1, 1, '1, mild'],
    [3, 2, '3, worst moderate'],
    [2, 3, '2, worst severe'],
  ])('%i side effects, worst %j: %s', (count, worst, text) => expect(sideEffectsText(count, worst)).toBe(text));

  it('counts the priorities that alarmed, highest first', () => {
    expect(alarmCounts({ high: 1, medium: 0, low: 4 })).toEqual([
      { priority: 'high', count: 1 },
      { priority: 'low', count: 4 },
    ]);
    expect(alarmCounts({ high: 0, medium: 0, low: 0 })).toEqual([]);
  });

  it('gives the dose per kg and the dose prescribed', () => {
    expect(doseText(0.5, 36.25)).toBe('0.5 mg/kg (36.3 mg)');
  });
});
