import { ALARM_RULES, PRIORITIES, TECHNICAL_CONDITIONS, type AlarmPriority, type RuleId } from '../../../server/src/contract/alarms.ts';
import type { ClinicSummary } from '../../../server/src/contract/history.ts';
import { SIDE_EFFECT_KINDS, SIDE_EFFECTS, type SideEffect } from '../../../server/src/contract/observations.ts';
import { ruleCondition } from '../alarms/alarm-limits.ts';
import { formatAmount } from '../ui/format.ts';
import { isQuickPeriod, quickPeriod, validDate, type Period } from './period.ts';

/** The summary's period from its URL; the last 30 days when it names none. */
export function summaryPeriod(search: URLSearchParams, today: Date): Period {
  const from = validDate(search.get('from'));
  const to = validDate(search.get('to'));
  return from && to ? { from, to } : quickPeriod('last-30-days', today);
}

/** The period for the URL: left out when it is the default (which then moves with the days). */
export function searchFromPeriod(period: Period, today: Date): URLSearchParams {
  return isQuickPeriod(period, 'last-30-days', today) ? new URLSearchParams() : new URLSearchParams({ ...period });
}

/** `12.5 %` of the sessions; a dash of none. */
export function formatPercent(part: number, total: number): string {
  return total === 0 ? '—' : `${formatAmount(percentOf(part, total))} %`;
}

export function percentOf(part: number, total: number): number {
  return total === 0 ? 0 : (part / total) * 100;
}

/** `45 s`, `1 min 05 s`, `1 h 02 min`; a dash when there is nothing to measure. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const min = Math.round(s / 60);
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

/** Alarms per session-hour: small numbers, two decimals tell rules apart. */
export function formatRate(perHour: number): string {
  return perHour.toFixed(2);
}

/** What a rule alarms on, as the alarm profile says it: `SBP at or above`; a technical alarm's
 * condition in words. */
export function ruleName(rule: string): string {
  if (rule in ALARM_RULES) return ruleCondition(rule as RuleId);
  if (rule in TECHNICAL_CONDITIONS) return TECHNICAL_CONDITIONS[rule as keyof typeof TECHNICAL_CONDITIONS];
  return rule;
}

export function priorityOf(text: string): AlarmPriority | null {
  return PRIORITIES.find((priority) => priority === text) ?? null;
}

export const SEVERITY_KEYS = ['mild', 'moderate', 'severe'] as const;
type SeverityCounts = Record<(typeof SEVERITY_KEYS)[number], number>;

export interface SideEffectRate {
  kind: string;
  label: string;
  sessions: number;
  /** Sessions with it, by the worst severity charted. */
  bySeverity: SeverityCounts;
  /** Percent of all sessions, per worst severity: the stacked bar's parts. */
  mild: number;
  moderate: number;
  severe: number;
}

/** Each side effect as a share of the period's sessions, most frequent first. */
export function sideEffectRates(summary: Pick<ClinicSummary, 'sessions' | 'sideEffects'>): SideEffectRate[] {
  const total = summary.sessions.total;
  const order = (kind: string) => {
    const index = SIDE_EFFECT_KINDS.indexOf(kind as SideEffect);
    return index === -1 ? SIDE_EFFECT_KINDS.length : index;
  };
  return summary.sideEffects
    .filter((entry) => entry.sessions > 0)
    .sort((a, b) => b.sessions - a.sessions || order(a.kind) - order(b.kind))
    .map(({ kind, sessions, bySeverity }) => ({
      kind,
      label: SIDE_EFFECTS[kind as SideEffect] ?? kind,
      sessions,
      bySeverity,
      mild: percentOf(bySeverity.mild, total),
      moderate: percentOf(bySeverity.moderate, total),
      severe: percentOf(bySeverity.severe, total),
    }));
}
