import { PRIORITIES, type Alarm, type AlarmPriority, type AlarmQuery } from '../../../server/src/contract/alarms.ts';
import { formatClockTimeWithSeconds, formatDateTime, formatDuration } from '../ui/format.ts';

/**
 * The alarm history's filters, as chosen on the page and kept in its URL. `from` and `to` are
 * local date-times (the value of a datetime-local input); without `from`, the history covers the
 * `hours` before `to`, or before now: the shift by default.
 */
export interface AlarmFilters {
  hours: WindowHours;
  from: string;
  to: string;
  /** A chair id, or empty for all chairs. */
  chairId: string;
  priority: AlarmPriority | '';
  activeOnly: boolean;
}

/** The quick windows: this shift, and the last 24 hours. */
export const WINDOW_HOURS = [12, 24] as const;
export type WindowHours = (typeof WINDOW_HOURS)[number];
export const SHIFT_HOURS: WindowHours = 12;

export const ALARM_PAGE_SIZE = 50;

export const DEFAULT_FILTERS: AlarmFilters = { hours: SHIFT_HOURS, from: '', to: '', chairId: '', priority: '', activeOnly: false };

export const PRIORITY_WORD: Record<AlarmPriority, string> = { high: 'High', medium: 'Medium', low: 'Low' };

const HOUR_MS = 3_600_000;

export function filtersFromSearch(search: URLSearchParams): AlarmFilters {
  const hours = WINDOW_HOURS.find((h) => String(h) === search.get('hours')) ?? SHIFT_HOURS;
  const priority = PRIORITIES.find((p) => p === search.get('priority')) ?? '';
  const chairId = search.get('chairId') ?? '';
  return {
    hours,
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    chairId: /^\d+$/.test(chairId) ? chairId : '',
    priority,
    activeOnly: search.get('active') === 'true',
  };
}

/** The filters for the URL: only those that differ from the shift's history of every chair. */
export function searchFromFilters(filters: AlarmFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.hours !== SHIFT_HOURS && !filters.from) search.set('hours', String(filters.hours));
  if (filters.from) search.set('from', filters.from);
  if (filters.to) search.set('to', filters.to);
  if (filters.chairId) search.set('chairId', filters.chairId);
  if (filters.priority) search.set('priority', filters.priority);
  if (filters.activeOnly) search.set('active', 'true');
  return search;
}

/** The read of the history at `now`: a window without `from` keeps moving with the clock. */
export function historyQuery(filters: AlarmFilters, now: number): AlarmQuery {
  const to = localTime(filters.to);
  const from = localTime(filters.from) ?? (to ?? now) - filters.hours * HOUR_MS;
  const query: AlarmQuery = { from: new Date(from).toISOString() };
  if (to !== null) query.to = new Date(to).toISOString();
  if (filters.chairId) query.chairId = Number(filters.chairId);
  if (filters.priority) query.priority = filters.priority;
  if (filters.activeOnly) query.active = true;
  return query;
}

/** The API read of one page of alarms, older than the cursor `before` when given. */
export function alarmsPath(query: AlarmQuery, before?: string): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  if (before !== undefined) search.set('before', before);
  search.set('limit', String(ALARM_PAGE_SIZE));
  return `/api/alarms?${search}`;
}

/** The window in words, above the table: `Raised in the last 12 hours`. */
export function describeWindow(filters: AlarmFilters): string {
  const from = localTime(filters.from);
  const to = localTime(filters.to);
  if (from !== null && to !== null) return `Raised from ${formatDateTime(from)} to ${formatDateTime(to)}`;
  if (from !== null) return `Raised since ${formatDateTime(from)}`;
  if (to !== null) return `Raised in the ${filters.hours} hours before ${formatDateTime(to)}`;
  return `Raised in the last ${filters.hours} hours`;
}

/** Is this quick window the one shown (no dates typed in)? */
export function isWindowShown(filters: AlarmFilters, hours: WindowHours): boolean {
  return !filters.from && !filters.to && filters.hours === hours;
}

/** How long the alarm lasted, raised to cleared; null while it is active. */
export function alarmDuration(alarm: Pick<Alarm, 'raisedAt' | 'clearedAt'>): string | null {
  return alarm.clearedAt === null ? null : formatDuration(Date.parse(alarm.clearedAt) - Date.parse(alarm.raisedAt));
}

/** A time after the alarm was raised (acknowledged, cleared): the clock time on the same day,
 * with the date when the alarm ran past midnight. */
export function laterTime(at: string, raisedAt: string): string {
  const ms = Date.parse(at);
  return new Date(ms).toDateString() === new Date(Date.parse(raisedAt)).toDateString()
    ? formatClockTimeWithSeconds(ms)
    : formatDateTime(ms, { seconds: true });
}

/** A date-time typed without a zone is local time; null when empty or unreadable. */
function localTime(text: string): number | null {
  if (!text.trim()) return null;
  const ms = Date.parse(text.trim());
  return Number.isFinite(ms) ? ms : null;
}
