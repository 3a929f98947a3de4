/**
 * Periods of whole days, as chosen in a date input (`2025-01-06`, local time). A period includes
 * its last day: the API's `to` is the start of the day after.
 */
export interface Period {
  from: string;
  to: string;
}

/** The quick choices above the date inputs. */
export const QUICK_PERIODS = {
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  'this-quarter': 'This quarter',
  'last-quarter': 'Last quarter',
} as const;
export type QuickPeriod = keyof typeof QUICK_PERIODS;

/** `2025-01-06`: the date input's value for a day. */
export function dateValue(day: Date): string {
  return [day.getFullYear(), day.getMonth() + 1, day.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
}

/** Local midnight of a date input's value; null when empty or not a date. (`Date.parse` would
 * read `2025-01-06` as UTC midnight.) */
export function dayStart(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(year, month - 1, day);
  return date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/** A date input's value, or empty when it is not a date. */
export function validDate(value: string | null): string {
  return value !== null && dayStart(value) ? value.trim() : '';
}

/** The days of a quick choice, on the day `today`. */
export function quickPeriod(choice: QuickPeriod, today: Date): Period {
  const daysBefore = (n: number) => dateValue(new Date(today.getFullYear(), today.getMonth(), today.getDate() - n));
  const quarterStart = today.getMonth() - (today.getMonth() % 3);
  switch (choice) {
    case 'last-7-days':
      return { from: daysBefore(6), to: dateValue(today) };
    case 'last-30-days':
      return { from: daysBefore(29), to: dateValue(today) };
    case 'this-quarter':
      return { from: dateValue(new Date(today.getFullYear(), quarterStart, 1)), to: dateValue(today) };
    case 'last-quarter':
      return {
        from: dateValue(new Date(today.getFullYear(), quarterStart - 3, 1)),
        to: dateValue(new Date(today.getFullYear(), quarterStart, 0)),
      };
  }
}

/** Is this quick choice the period shown? */
export function isQuickPeriod(period: Period, choice: QuickPeriod, today: Date): boolean {
  const quick = quickPeriod(choice, today);
  return period.from === quick.from && period.to === quick.to;
}

/** The period as the API reads it: `from` at the start of its day, `to` at the end of its day. */
export function periodQuery(period: Period): { from?: string; to?: string } {
  const from = dayStart(period.from);
  const to = dayStart(period.to);
  return {
    ...(from && { from: from.toISOString() }),
    ...(to && { to: new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1).toISOString() }),
  };
}

/** `2025-01-06 to 2025-02-04 (30 days)`, `from 2025-01-06 on`, `any date`. */
export function describePeriod(period: Period): string {
  const from = dayStart(period.from);
  const to = dayStart(period.to);
  if (from && to) {
    const days = Math.round((to.getTime() - from.getTime()) / 86_400_000) + 1;
    if (days < 1) return `${period.from} to ${period.to} (no days: the start is after the end)`;
    return days === 1 ? `${period.from} (1 day)` : `${period.from} to ${period.to} (${days} days)`;
  }
  if (from) return `from ${period.from} on`;
  if (to) return `up to ${period.to}`;
  return 'any date';
}
