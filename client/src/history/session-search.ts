import { PRIORITIES, type AlarmPriority } from '../../../server/src/contract/alarms.ts';
import { OUTCOMES, type Outcome, type SessionListItem, type SessionSearch } from '../../../server/src/contract/history.ts';
import { SIDE_EFFECT_KINDS, type SideEffect } from '../../../server/src/contract/observations.ts';
import { severityName } from '../side-effects/side-effects.ts';
import { formatAmount, PHASE_LABELS } from '../ui/format.ts';
import { periodQuery, validDate } from './period.ts';

export type SessionSort = NonNullable<SessionSearch['sort']>;

/** The session search's filters, as chosen on the page and kept in its URL. */
export interface SessionFilters {
  /** Started on or after this day; local dates (`2025-01-06`). */
  from: string;
  /** Started on or before this day. */
  to: string;
  /** A chair id, or empty for all chairs. */
  chairId: string;
  /** Part of a name, or the clinic id. */
  patient: string;
  /** One patient's sessions (from the series view). */
  patientId: string;
  outcome: Outcome | '';
  sideEffect: SideEffect | '';
  /** `1` mild to `3` severe, or empty for any severity. */
  minSeverity: string;
  /** Sessions with at least one alarm of this priority. */
  alarmPriority: AlarmPriority | '';
  prescriber: string;
  sort: SessionSort;
}

export const NO_FILTERS: SessionFilters = {
  from: '',
  to: '',
  chairId: '',
  patient: '',
  patientId: '',
  outcome: '',
  sideEffect: '',
  minSeverity: '',
  alarmPriority: '',
  prescriber: '',
  sort: 'newest',
};

export const SESSION_PAGE_SIZE = 50;
export const MIN_SEVERITIES = ['1', '2', '3'] as const;
export const OUTCOME_WORD: Record<Outcome, string> = { active: 'Active', discharged: 'Discharged', aborted: 'Aborted' };

const TEXT_KEYS = ['patient', 'patientId', 'prescriber'] as const;
const FILTER_KEYS = Object.keys(NO_FILTERS) as (keyof SessionFilters)[];
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | '' => values.find((v) => v === value) ?? '';

export function filtersFromSearch(search: URLSearchParams): SessionFilters {
  const chairId = search.get('chairId') ?? '';
  return {
    from: validDate(search.get('from')),
    to: validDate(search.get('to')),
    chairId: /^[1-9]\d*$/.test(chairId) ? chairId : '',
    patient: search.get('patient')?.trim() ?? '',
    patientId: search.get('patientId')?.trim() ?? '',
    outcome: oneOf(OUTCOMES, search.get('outcome')),
    sideEffect: oneOf(SIDE_EFFECT_KINDS, search.get('sideEffect')),
    minSeverity: oneOf(MIN_SEVERITIES, search.get('minSeverity')),
    alarmPriority: oneOf(PRIORITIES, search.get('alarmPriority')),
    prescriber: search.get('prescriber')?.trim() ?? '',
    sort: search.get('sort') === 'oldest' ? 'oldest' : 'newest',
  };
}

/** The filters for the URL: only those chosen, and the order when it is oldest first. */
export function searchFromFilters(filters: SessionFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key].trim();
    if (value && !(key === 'sort' && value === 'newest')) search.set(key, value);
  }
  return search;
}

/** The API's query for the filters (without the page). */
export function sessionSearch(filters: SessionFilters): SessionSearch {
  const query: SessionSearch = periodQuery(filters);
  if (/^[1-9]\d*$/.test(filters.chairId)) query.chairId = Number(filters.chairId);
  for (const key of TEXT_KEYS) {
    const text = filters[key].trim();
    if (text) query[key] = text;
  }
  if (filters.outcome) query.outcome = filters.outcome;
  if (filters.sideEffect) query.sideEffect = filters.sideEffect;
  if (filters.minSeverity) query.minSeverity = Number(filters.minSeverity);
  if (filters.alarmPriority) query.alarmPriority = filters.alarmPriority;
  if (filters.sort !== 'newest') query.sort = filters.sort;
  return query;
}

/** One page of the search, after the cursor of the page before when given. */
export function sessionsPath(filters: SessionFilters, cursor?: string): string {
  const search = querySearch(sessionSearch(filters));
  if (cursor !== undefined) search.set('cursor', cursor);
  search.set('limit', String(SESSION_PAGE_SIZE));
  return `/api/sessions?${search}`;
}

/** Every session the filters find, as a CSV download. */
export function sessionsCsvPath(filters: SessionFilters): string {
  const search = querySearch(sessionSearch(filters)).toString();
  return search ? `/api/sessions.csv?${search}` : '/api/sessions.csv';
}

function querySearch(query: SessionSearch): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  return search;
}

/** How the session ended: `Discharged, score 9`, `Aborted: patient asked to stop`, `Active (Infusing)`. */
export function outcomeText(session: Pick<SessionListItem, 'outcome' | 'phase' | 'dischargeScore' | 'abortReason'>): string {
  switch (session.outcome) {
    case 'discharged':
      return session.dischargeScore === null ? 'Discharged' : `Discharged, score ${session.dischargeScore}`;
    case 'aborted':
      return session.abortReason ? `Aborted: ${session.abortReason}` : 'Aborted';
    case 'active':
      return `Active (${PHASE_LABELS[session.phase]})`;
  }
}

/** Pain (NRS) before and after: `7 → 3`; a score not taken is a dash. */
export function painText(before: number | null, after: number | null): string {
  if (before === null && after === null) return '—';
  return `${before ?? '—'} → ${after ?? '—'}`;
}

/** `None`, or the count and the worst: `2, worst moderate`. */
export function sideEffectsText(count: number, worstSeverity: number | null): string {
  if (count === 0) return 'None';
  if (worstSeverity === null) return String(count);
  return count === 1 ? `1, ${severityName(worstSeverity)}` : `${count}, worst ${severityName(worstSeverity)}`;
}

/** The priorities that alarmed, highest first, with their counts. */
export function alarmCounts(alarms: Record<AlarmPriority, number>): { priority: AlarmPriority; count: number }[] {
  return PRIORITIES.filter((priority) => alarms[priority] > 0).map((priority) => ({ priority, count: alarms[priority] }));
}

/** `0.5 mg/kg (35 mg)`: the prescription. */
export function doseText(doseMgPerKg: number, plannedDoseMg: number): string {
  return `${formatAmount(doseMgPerKg)} mg/kg (${formatAmount(plannedDoseMg)} mg)`;
}
