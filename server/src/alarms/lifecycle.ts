import { PRIORITY_RANK, type AlarmProfileInput } from '../contract/alarms.ts';
import type { Breach } from './evaluate.ts';

/** What reconciling a chair's conditions with its active alarms asks for. */
export interface Changes<A> {
  raise: Breach[];
  /** An active alarm whose condition got worse: its new priority, value, limit and message. */
  escalate: { alarm: A; breach: Breach }[];
  /** Active alarms whose condition has ended. */
  clear: A[];
  /** Medium and low conditions still waiting out their delay: when each began. */
  pending: Map<string, number>;
}

/**
 * Compares what is alarming now with what is already raised. A new high condition alarms at once;
 * a medium or low one only once it has lasted the profile's delay (nuisance control, never for
 * high, nor for `stale`, a time limit itself). A worse value escalates the active alarm; a better one does not lower it: it stays at
 * the worst priority reached until the condition ends, when it clears.
 */
export function reconcile<A extends { condition: string; priority: Breach['priority'] }>(
  active: ReadonlyMap<string, A>,
  pending: ReadonlyMap<string, number>,
  breaches: readonly Breach[],
  now: number,
  delayS: AlarmProfileInput['delayS'],
): Changes<A> {
  const changes: Changes<A> = { raise: [], escalate: [], clear: [], pending: new Map() };
  const breached = new Set<string>();
  for (const breach of breaches) {
    breached.add(breach.condition);
    const alarm = active.get(breach.condition);
    if (alarm) {
      if (PRIORITY_RANK[breach.priority] > PRIORITY_RANK[alarm.priority]) changes.escalate.push({ alarm, breach });
      continue;
    }
    const since = pending.get(breach.condition) ?? now;
    // Stale has waited its own time already.
    const delayMs = breach.priority === 'high' || breach.condition === 'stale' ? 0 : delayS[breach.priority] * 1000;
    if (now - since >= delayMs) changes.raise.push(breach);
    else changes.pending.set(breach.condition, since);
  }
  for (const [condition, alarm] of active) if (!breached.has(condition)) changes.clear.push(alarm);
  return changes;
}
