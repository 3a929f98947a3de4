import {
  ALARM_RULES,
  PARAMETER_LABEL,
  PRIORITY_RANK,
  RULE_IDS,
  type AlarmLimits,
  type AlarmPriority,
  type MonitoredParameter,
  type RuleId,
  type TechnicalCondition,
} from '../contract/alarms.ts';
import type { SessionSummary } from '../contract/sessions.ts';

/** A condition that is alarming now: what the alarm will say if it is raised or escalated. */
export interface Breach {
  /** One alarm at a time per condition: `sbp-above`, `spo2-below`, `stale`… */
  condition: string;
  rule: RuleId | TechnicalCondition;
  parameter: MonitoredParameter | 'device';
  kind: 'physiological' | 'technical';
  priority: AlarmPriority;
  value: number | null;
  limit: number | null;
  message: string;
}

/** What the physiological rules look at for one chair. */
export interface Readings {
  /** The latest value of each vital this session. */
  vitals: Partial<Record<'sbp' | 'dbp' | 'hr' | 'spo2' | 'rr' | 'etco2', number>>;
  baseline: SessionSummary['baseline'];
  /** Pre-dose MOAA/S (the session's pre scores). */
  sedationBefore: number | null;
  /** Latest MOAA/S charted during the session. */
  moaas: number | null;
  /** Seconds since the last CO₂ breath while the capnograph is reporting; null when EtCO₂ is not
   * monitored or the chair has gone quiet altogether (that is a technical alarm, not apnoea). */
  secondsWithoutBreath: number | null;
}

/** `SBP 186 > 180`, or `≥` when the value sits on an inclusive limit (clinical reference §5). */
function compared(label: string, value: number, sign: '>' | '<', threshold: number, inclusive: boolean, why = '') {
  const onLimit = value === threshold && inclusive;
  const symbol = onLimit ? (sign === '>' ? '≥' : '≤') : sign;
  return `${label} ${value} ${symbol} ${threshold}${why}`;
}

/** The breach of one rule, or null when it holds (or cannot be judged: no value, no baseline). */
export function checkRule(id: RuleId, limit: number, readings: Readings): Breach | null {
  const rule = ALARM_RULES[id];
  const label = PARAMETER_LABEL[rule.parameter];
  const base = {
    condition: `${rule.parameter}-${rule.side}`,
    rule: id,
    parameter: rule.parameter,
    kind: 'physiological' as const,
    priority: rule.priority,
  };
  const raw = rule.parameter === 'sedation' ? readings.moaas : readings.vitals[rule.parameter];
  // Judged in whole numbers, as a monitor displays them: HR 110.6 is 111 (medium), never between bands.
  const value = raw == null ? raw : Math.round(raw);

  switch (rule.comparison) {
    case 'at-or-above':
    case 'above': {
      const inclusive = rule.comparison === 'at-or-above';
      if (value == null || !(inclusive ? value >= limit : value > limit)) return null;
      return { ...base, value, limit, message: compared(label, value, '>', limit, inclusive) };
    }
    case 'at-or-below':
    case 'below': {
      const inclusive = rule.comparison === 'at-or-below';
      if (value == null || !(inclusive ? value <= limit : value < limit)) return null;
      return { ...base, value, limit, message: compared(label, value, '<', limit, inclusive) };
    }
    case 'rise': {
      const baseline = readings.baseline[rule.parameter as 'sbp' | 'dbp'];
      if (value == null || baseline === undefined || value < baseline + limit) return null;
      const threshold = baseline + limit;
      return {
        ...base,
        value,
        limit: threshold,
        message: compared(label, value, '>', threshold, true, ` (baseline ${baseline} + ${limit})`),
      };
    }
    case 'drop': {
      const before = readings.sedationBefore;
      if (value == null || before === null || value > before - limit) return null;
      const threshold = before - limit;
      return {
        ...base,
        value,
        limit: threshold,
        message: compared(label, value, '<', threshold, true, ` (pre-dose ${before} − ${limit})`),
      };
    }
    case 'no-breath-for': {
      const silentS = readings.secondsWithoutBreath;
      if (silentS === null || silentS < limit) return null;
      return { ...base, value: null, limit, message: `Apnoea: no CO₂ breath for ${limit} s` };
    }
  }
}

/**
 * Every physiological condition alarming now, one per parameter and side, at the priority of the
 * worst rule it breaches (clinical reference §4): SBP 170 with a baseline of 120 is one medium
 * `sbp-above` alarm, and at 185 the same alarm is high.
 */
export function physiologicalBreaches(readings: Readings, limits: AlarmLimits): Breach[] {
  const worst = new Map<string, Breach>();
  for (const id of RULE_IDS) {
    const breach = checkRule(id, limits[id], readings);
    if (!breach) continue;
    const current = worst.get(breach.condition);
    if (!current || PRIORITY_RANK[breach.priority] > PRIORITY_RANK[current.priority]) worst.set(breach.condition, breach);
  }
  return [...worst.values()];
}

/** What the technical rules look at for one chair with an active session. */
export interface DeviceState {
  /** Seconds since the server last heard from the chair (or since the session opened). */
  silentS: number;
  /** The streaming device that dropped its connection, until the chair is heard from again. */
  disconnectedDevice: string | null;
  /** The last sample a device sent for the chair was refused as implausible: the message. */
  implausible: { message: string; value: number | null } | null;
}

const technical = (condition: TechnicalCondition, value: number | null, limit: number | null, message: string): Breach => ({
  condition,
  rule: condition,
  parameter: 'device',
  kind: 'technical',
  priority: 'low', // clinical reference §4: technical alarms are low priority
  value,
  limit,
  message,
});

export function technicalBreaches(device: DeviceState, staleS: number): Breach[] {
  const breaches: Breach[] = [];
  if (device.silentS >= staleS) breaches.push(technical('stale', Math.floor(device.silentS), staleS, `No data for ${staleS} s`));
  if (device.disconnectedDevice !== null) breaches.push(technical('disconnected', null, null, `${device.disconnectedDevice} disconnected`));
  if (device.implausible) breaches.push(technical('implausible', device.implausible.value, null, device.implausible.message));
  return breaches;
}
