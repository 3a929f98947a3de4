import { describe, expect, it } from 'vitest';
import { dateValue, dayStart, describePeriod, isQuickPeriod, periodQuery, quickPeriod, validDate, type QuickPeriod } from './period.ts';

const day = (month: number, date: number, year = 2025) => new Date(year, month - 1, date);

describe('date input values', () => {
  it('reads a date as local midnight, not UTC', () => {
    expect(dayStart('2025-01-06')).toEqual(day(1, 6));
    expect(dateValue(day(1, 6))).toBe('2025-01-06');
  });

  it.each(['', 'monday', '2025-1-6', '2025-02-30', '2025-13-01'])('refuses %j', (text) => {
    expect(dayStart(text)).toBeNull();
    expect(validDate(text)).toBe('');
  });
});

describe('quick periods', () => {
  const today = day(5, 15);
  it.each<[QuickPeriod, string, string]>([
    ['last-7-days', '2025-05-09', '2025-05-15'],
    ['last-30-days', '2025-04-16', '2025-05-15'],
    ['this-quarter', '2025-04-01', '2025-05-15'],
    ['last-quarter', '2025-01-01', '2025-03-31'],
  ])('%s is %s to %s, today included', (choice, from, to) => {
    expect(quickPeriod(choice, today)).toEqual({ from, to });
    expect(isQuickPeriod({ from, to }, choice, today)).toBe(true);
  });

  it('goes back over the new year', () => {
    expect(quickPeriod('last-7-days', day(1, 3))).toEqual({ from: '2024-12-28', to: '2025-01-03' });
    expect(quickPeriod('last-quarter', day(2, 10))).toEqual({ from: '2024-10-01', to: '2024-12-31' });
  });

  it('shows a quick period as chosen only while its days are the ones shown', () => {
    expect(isQuickPeriod({ from: '2025-05-09', to: '2025-05-14' }, 'last-7-days', today)).toBe(false);
    expect(isQuickPeriod({ from: '', to: '' }, 'last-7-days', today)).toBe(false);
  });
});

describe('a period for the API', () => {
  it('reads from the start of the first day to the end of the last', () => {
    expect(periodQuery({ from: '2025-01-06', to: '2025-01-31' })).toEqual({
      from: day(1, 6).toISOString(),
      to: day(2, 1).toISOString(),
    });
  });

  it('leaves out a day not chosen', () => {
    expect(periodQuery({ from: '', to: '2025-01-31' })).toEqual({ to: day(2, 1).toISOString() });
    expect(periodQuery({ from: '', to: '' })).toEqual({});
  });

  it.each([
    [{ from: '2025-01-06', to: '2025-02-04' }, '2025-01-06 to 2025-02-04 (30 days)'],
    [{ from: '2025-03-25', to: '2025-04-03' }, '2025-03-25 to 2025-04-03 (10 days)'],
    [{ from: '2025-01-06', to: '2025-01-06' }, '2025-01-06 (1 day)'],
    [{ from: '2025-01-06', to: '2025-01-05' }, '2025-01-06 to 2025-01-05 (no days: the start is after the end)'],
    [{ from: '2025-01-06', to: '' }, 'from 2025-01-06 on'],
    [{ from: '', to: '2025-01-06' }, 'up to 2025-01-06'],
    [{ from: '', to: '' }, 'any date'],
  ])('%o reads %s', (period, text) => expect(describePeriod(period)).toBe(text));
});
