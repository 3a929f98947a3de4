import { describe, expect, it } from 'vitest';
import {
  alarmDuration,
  alarmsPath,
  DEFAULT_FILTERS,
  describeWindow,
  filtersFromSearch,
  historyQuery,
  isWindowShown,
  laterTime,
  searchFromFilters,
} from './alarm-history.ts';

const at = (hour: number, minute = 0, day = 6) => new Date(2025, 0, day, hour, minute);
const now = at(20).getTime();

describe('alarm history query', () => {
  it('reads the alarms of every chair raised in the last 12 hours by default', () => {
    expect(historyQuery(DEFAULT_FILTERS, now)).toEqual({ from: at(8).toISOString() });
    expect(alarmsPath(historyQuery(DEFAULT_FILTERS, now))).toBe(`/api/alarms?from=${encodeURIComponent(at(8).toISOString())}&limit=50`);
  });

  it.each([
    ['the last 24 hours', { hours: 24 as const }, { from: at(20, 0, 5).toISOString() }],
    ['a shift ending at a time', { to: '2025-01-06T08:00' }, { from: at(20, 0, 5).toISOString(), to: at(8).toISOString() }],
    ['typed dates', { from: '2025-01-06T07:30', to: '2025-01-06T19:30' }, { from: at(7, 30).toISOString(), to: at(19, 30).toISOString() }],
    ['a start the form could not read', { from: 'monday' }, { from: at(8).toISOString() }],
  ])('reads %s', (_, filters, query) => {
    expect(historyQuery({ ...DEFAULT_FILTERS, ...filters }, now)).toEqual(query);
  });

  it('sends the chair, the priority, "still active only" and the cursor for older alarms', () => {
    const query = historyQuery({ ...DEFAULT_FILTERS, chairId: '3', priority: 'high', activeOnly: true }, now);
    expect(query).toMatchObject({ chairId: 3, priority: 'high', active: true });
    const search = new URL(alarmsPath(query, 'cursor-1'), 'http://chairside.test').searchParams;
    expect(search.get('chairId')).toBe('3');
    expect(search.get('active')).toBe('true');
    expect(search.get('before')).toBe('cursor-1');
  });

  it("reads one session's alarms whenever they were raised", () => {
    expect(alarmsPath({ sessionId: 's 1' })).toBe('/api/alarms?sessionId=s+1&limit=50');
  });
});

describe('alarm history URL', () => {
  it('keeps only what differs from this shift on every chair', () => {
    expect(searchFromFilters(DEFAULT_FILTERS).toString()).toBe('');
    expect(searchFromFilters({ ...DEFAULT_FILTERS, hours: 24 }).toString()).toBe('hours=24');
    // Typed dates replace the quick window.
    expect(searchFromFilters({ ...DEFAULT_FILTERS, hours: 24, from: '2025-01-06T08:00' }).toString()).toBe('from=2025-01-06T08%3A00');
  });

  it('reads back what it wrote', () => {
    const filters = {
      ...DEFAULT_FILTERS,
      hours: 24 as const,
      to: '2025-01-06T08:00',
      chairId: '2',
      priority: 'medium' as const,
      activeOnly: true,
    };
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
  });

  it('ignores what it does not know', () => {
    expect(filtersFromSearch(new URLSearchParams('hours=7&chairId=two&priority=urgent&active=yes'))).toEqual(DEFAULT_FILTERS);
  });
});

describe('alarm history in words', () => {
  it.each([
    [{}, 'Raised in the last 12 hours'],
    [{ hours: 24 as const }, 'Raised in the last 24 hours'],
    [{ from: '2025-01-06T08:00' }, 'Raised since 2025-01-06 08:00'],
    [{ to: '2025-01-06T08:00' }, 'Raised in the 12 hours before 2025-01-06 08:00'],
    [{ from: '2025-01-05T20:00', to: '2025-01-06T08:00' }, 'Raised from 2025-01-05 20:00 to 2025-01-06 08:00'],
  ])('%o: %s', (filters, text) => expect(describeWindow({ ...DEFAULT_FILTERS, ...filters })).toBe(text));

  it('shows a quick window as chosen only while no date is typed', () => {
    expect(isWindowShown(DEFAULT_FILTERS, 12)).toBe(true);
    expect(isWindowShown(DEFAULT_FILTERS, 24)).toBe(false);
    expect(isWindowShown({ ...DEFAULT_FILTERS, to: '2025-01-06T08:00' }, 12)).toBe(false);
  });

  it('says how long an alarm lasted, and nothing while it is active', () => {
    const raisedAt = at(10).toISOString();
    expect(alarmDuration({ raisedAt, clearedAt: at(10, 2).toISOString() })).toBe('2:00');
    expect(alarmDuration({ raisedAt, clearedAt: null })).toBeNull();
  });

  it('gives later times of the day of the alarm, and the date past midnight', () => {
    expect(laterTime(new Date(2025, 0, 6, 10, 1, 5).toISOString(), at(10).toISOString())).toBe('10:01:05');
    expect(laterTime(at(0, 5, 7).toISOString(), at(23, 50).toISOString())).toBe('2025-01-07 00:05:00');
  });
});
